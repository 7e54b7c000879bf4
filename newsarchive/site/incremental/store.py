"""The build cache: one folder per output folder, holding versioned JSON records written atomically.

A record is `{"version": STORE_VERSION, "base": <what it was made under>, "data": {...}}`; one that
is missing, unreadable, of another version or made under another base reads as empty, so a change
of format, settings or code starts afresh instead of misreading. Each record is written whole or
not at all (temporary file and rename), so a killed build leaves the last good one.

The folder also holds Pelican's own content cache (pickles Pelican writes in place). A `building`
mark is set while a build runs: a build that finds it knows the last one was killed, and drops what
that one may have left half-written.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ... import jsonio
from ...fsutil import remove_stale_temporaries, write_atomic

log = logging.getLogger(__name__)

STORE_VERSION = 5


def cache_path(settings: Mapping[str, Any]) -> Path:
    """The build cache's folder for these settings: under the content folder, one per output folder."""
    if settings.get("NEWSARCHIVE_CACHE_PATH"):
        return Path(settings["NEWSARCHIVE_CACHE_PATH"])
    output = os.path.realpath(settings["OUTPUT_PATH"])
    return Path(settings["PATH"]) / ".newsarchive" / "build" / hashlib.sha256(output.encode()).hexdigest()[:16]


def cache_file(settings: Mapping[str, Any], name: str) -> Path | None:
    """A plugin's file among the build cache; None when incremental builds are off."""
    if not settings.get("NEWSARCHIVE_INCREMENTAL", True):
        return None
    return cache_path(settings) / name


def build_store(settings: Mapping[str, Any]) -> BuildStore | None:
    """The build store for these settings; None when incremental builds are off."""
    folder = cache_file(settings, "")
    return None if folder is None else BuildStore(cache_path(settings))


class BuildStore:
    """The build cache's records, read and written by name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def load(self, name: str, base: str = "") -> dict[str, Any]:
        """The record's data, or {} when it is missing, unreadable, or of another version or base."""
        try:
            record = jsonio.loads(self.path(name).read_bytes())
        except (OSError, ValueError):
            return {}
        if not (isinstance(record, dict) and record.get("version") == STORE_VERSION and record.get("base") == base):
            return {}
        data = record.get("data")
        return data if isinstance(data, dict) else {}

    def save(self, name: str, data: Mapping[str, Any], base: str = "") -> None:
        """Write the record whole (keys sorted, so the same data gives the same bytes)."""
        record = {"version": STORE_VERSION, "base": base, "data": data}
        write_atomic(self.path(name), jsonio.dumps(record, sort_keys=True), fsync=False)

    def begin_build(self, output: Path) -> bool:
        """Mark a build into `output` as running; True when the mark of an earlier build is still
        there: that build was killed. Then delete the temporary files it was writing
        (`.<page>.<random>.tmp`) and Pelican's content cache, which Pelican writes in place (a kill
        while it is saved leaves half a pickle, on which Pelican's next build fails)."""
        marker = self.folder / "building"
        interrupted = marker.exists()
        if interrupted:
            self.drop_pelican_caches()
            removed = remove_stale_temporaries(output) if output.is_dir() else 0
            removed += remove_stale_temporaries(self.folder)
            log.info("an interrupted build into %s: Pelican's content cache dropped, %d temporary files removed",
                     output.name, removed)
        self.folder.mkdir(parents=True, exist_ok=True)
        marker.write_bytes(b"")
        return interrupted

    def end_build(self) -> None:
        (self.folder / "building").unlink(missing_ok=True)

    def keep_content_cache(self, base: str) -> None:
        """Pelican keeps what it made of each file by the file's modification time alone: drop its
        cache when the settings or the code it was made under (`base`) have changed, so a new
        Markdown setting, say, reaches every story as in a build from scratch."""
        if self.load("content-cache", base).get("kept"):
            return
        self.drop_pelican_caches()
        self.save("content-cache", {"kept": True}, base)

    def drop_pelican_caches(self) -> None:
        for cache in self.folder.glob("*Generator*"):  # Pelican's caches: ArticlesGenerator, PagesGenerator
            if cache.is_file():
                cache.unlink()
