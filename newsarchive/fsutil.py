"""Atomic file writes: a reader never sees half a file, an interrupted run leaves none."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, fsync: bool = True) -> None:
    """Write data to path via a temporary file in the same folder and an atomic rename.

    `fsync=False` leaves flushing to the caller (a run that syncs once at its end, or a cache).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if fsync:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_if_changed(path: Path, data: bytes, fsync: bool = True) -> bool:
    """Write atomically unless the file already holds exactly these bytes; True when written."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data, fsync)
    return True


class AtomicTextFile:
    """A text file that appears at `path` whole, or not at all: written to a temporary file in
    the same folder and renamed over `path` on a clean close. A writer that hands these out
    (as the incremental build's page writer does) never leaves half a page, whenever the process dies."""

    def __init__(self, path: str | Path, encoding: str = "utf-8") -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self.handle = os.fdopen(fd, "w", encoding=encoding)

    def write(self, text: str) -> int:
        return self.handle.write(text)

    def close(self) -> None:
        if self.handle.closed:
            return
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.chmod(self.tmp, 0o644)
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        try:
            self.handle.close()  # flushes what is buffered, which fails again on a full disk
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass

    def __enter__(self) -> AtomicTextFile:
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if kind is None:
            self.close()
        else:
            self.discard()


def remove_stale_temporaries(folder: Path) -> int:
    """Delete temporary files an interrupted run left (`.<name>.<random>.tmp`); return how many."""
    removed = 0
    for path in folder.rglob(".*.tmp"):
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed += 1
    return removed


def file_names(folder: str | Path) -> set[str]:
    """The names of the files in a folder, listed once (none when it is missing): cheaper than a
    stat per file when many of them are looked for."""
    try:
        with os.scandir(folder) as entries:
            return {entry.name for entry in entries if entry.is_file()}
    except OSError:
        return set()
