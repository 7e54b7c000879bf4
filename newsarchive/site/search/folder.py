"""The search folder on disk: what it held before a build, what the build wrote or kept, and
the removal of the rest."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any


def dump_json(value: Any) -> bytes:
    """Compact JSON, as the browser reads it (UTF-8, no spaces)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_public(path: Path, payload: bytes) -> None:
    """A file of the site, written whole or not at all (a temporary file, then os.replace),
    readable by the web server. The temporary name is fixed per file and process (a killed
    build's leftover is removed by the next build, as a stale file)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        try:
            os.fchmod(fd, 0o644)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class Folder:
    """The search folder: what it held before this build, and what this build wrote or kept."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.existing: set[str] = set()  # files, relative, with "/"
        self.dirs: list[str] = []
        for top, dirs, files in os.walk(path):
            relative = os.path.relpath(top, path).replace(os.sep, "/")
            prefix = "" if relative == "." else relative + "/"
            self.dirs.append(prefix)
            self.existing.update(prefix + name for name in files)
        self.written: set[str] = set()

    def write_hashed(self, stem: str, payload: bytes) -> str:
        """Write `payload` as `<stem>-<hash>.json` (immutable, so it can be cached forever), unless
        an earlier build did."""
        name = f"{stem}-{hashlib.sha256(payload).hexdigest()[:12]}.json"
        if name not in self.existing:  # atomic: a half-written shard would be kept by every later build
            write_public(self.path / name, payload)
        self.written.add(name)
        return name

    def write_changed(self, name: str, payload: bytes) -> bool:
        """Write a file unless it already holds `payload`; True when written."""
        path = self.path / name
        same = False
        if name in self.existing:
            try:
                same = path.stat().st_size == len(payload) and path.read_bytes() == payload
            except OSError:
                pass
        if not same:
            write_public(path, payload)
        self.written.add(name)
        return not same

    def keep(self, name: str) -> None:
        self.written.add(name)

    def remove_stale(self) -> None:
        """Delete what earlier builds left and this one did not write, and folders left empty."""
        for name in sorted(self.existing - self.written):
            try:
                (self.path / name).unlink()
            except FileNotFoundError:
                pass
        for prefix in sorted(self.dirs, reverse=True):
            if prefix:
                folder = self.path / prefix
                if folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()

