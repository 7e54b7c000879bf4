"""The search's build cache: what the last build analysed, so the next analyses only new or
changed stories, and where it put each story's fragment."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .documents import FIELDS
from .folder import dump_json
from .postings import Postings
from ...fsutil import write_atomic

CACHE_VERSION = 1
TABLE, PLACED = "analysed.npz", "fragments.json"


class SearchCache:
    """What the last build into the same search folder knew, kept in a folder of the build cache.

    ``analysed.npz``: the last build's documents in index order, by key, with their rows
    (Postings, in that build's term order), so a document seen before is not analysed again.
    ``fragments.json``: that the fragments in the search folder are the ones of the documents
    in that order (the build that wrote them finished); it is deleted before any fragment is
    moved or written, so an interrupted build leaves no claim the folder does not meet.
    """

    def __init__(self, folder: Path, analysis: Mapping[str, Any], placement: Mapping[str, Any]) -> None:
        self.folder = folder
        self.analysis = dict(analysis)  # what the rows depend on besides the documents
        self.placement = dict(placement)  # what the fragments depend on besides the documents
        self.keys: list[bytes] = []
        self.placed = False  # the search folder holds the fragments of `keys`, in order
        self.build = ""
        self.read_keys()

    def read_keys(self) -> None:
        """Read the last build's keys and claims, not its rows (load_table does, when needed)."""
        try:
            with np.load(self.folder / TABLE) as data:
                header = json.loads(data["header"].tobytes())
                if header.get("analysis") != self.analysis:
                    return
                keys = data["keys"]
        except (OSError, ValueError, KeyError, TypeError):
            return
        self.keys = [bytes(key) for key in keys]
        self.build = str(header.get("build", ""))
        try:
            placed = json.loads((self.folder / PLACED).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        self.placed = placed == {"build": self.build, **self.placement}

    def load_table(self) -> Postings:
        """The rows of the documents in `keys` (an empty table when there are none)."""
        if not self.keys:
            return Postings.empty()
        with np.load(self.folder / TABLE) as data:
            table = Postings(json.loads(data["terms"].tobytes()), data["starts"], data["fields"], data["ids"],
                             data["tfs"], data["lengths"])
        if table.doc_count != len(self.keys) or table.lengths.shape != (table.doc_count, len(FIELDS)):
            raise ValueError(f"search: the cache {self.folder / TABLE} does not match its keys; delete it")
        return table

    def unplace(self) -> None:
        """Before the search folder's fragments change."""
        self.placed = False
        try:
            (self.folder / PLACED).unlink()
        except FileNotFoundError:
            pass

    def save(self, keys: list[bytes], table: Postings) -> None:
        """Record this build's documents (in index order) and, the fragments being in place, that."""
        if keys == self.keys and self.placed:
            return  # the same documents in the same order: the same table
        if keys != self.keys or not self.build:
            self.unplace()
            self.build = os.urandom(8).hex()
            header = {"analysis": self.analysis, "build": self.build}
            buffer = io.BytesIO()
            np.savez(
                buffer,
                header=np.frombuffer(json.dumps(header).encode("utf-8"), np.uint8),
                keys=np.frombuffer(b"".join(keys), np.uint8).reshape(-1, 16),
                terms=np.frombuffer(dump_json(table.terms), np.uint8),
                starts=table.starts, fields=table.fields, ids=table.ids, tfs=table.tfs, lengths=table.lengths,
            )
            write_atomic(self.folder / TABLE, buffer.getvalue(), fsync=False)
            self.keys = keys
            for left in self.folder.glob(".*.tmp"):  # what a killed build was writing here
                left.unlink(missing_ok=True)
        write_atomic(self.folder / PLACED, json.dumps({"build": self.build, **self.placement}).encode("utf-8"),
                     fsync=False)
        self.placed = True


def cached_docs(folder: Path) -> int:
    """How many documents the search cache in `folder` holds (0 when unreadable), read from its
    keys alone."""
    try:
        with np.load(folder / TABLE) as data:
            return int(data["keys"].shape[0])
    except (OSError, ValueError, KeyError):
        return 0

