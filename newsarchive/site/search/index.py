"""The search folder of one build: manifest, shards, dictionary and fragments.

``write_index`` writes it in one go. ``IndexBuild`` does it in two steps (``plan``, then
``write``), so that a build can read the text of just the documents the index needs and hand
the rest of the work to a background process (see plugin.py).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .analysis import ANALYSIS_VERSION, LUNR_JS_VERSION
from .cache import CACHE_VERSION, SearchCache
from .documents import ENTITY_FIELDS, FIELD_NAMES, FIELDS, LazyDocs, key_of, sort_docs
from .folder import Folder, dump_json
from .fragments import filter_groups, place_fragments, plan_fragments
from .postings import Postings, analyse, assemble, concat
from .shards import cut_shards, term_entries

FORMAT_VERSION = 1
SHARD_BYTES = 60_000  # a shard is closed once its JSON passes this (about a third once gzipped)
FRAGMENT_CHARS = 20_000  # body text kept for snippets


@dataclass(frozen=True)
class BuildStats:
    """What one build of the search folder did."""

    docs: int
    terms: int
    shards: int
    seconds: float
    index_bytes: int
    analysed: int = 0  # documents analysed (not found in the cache)
    fragments_written: int = 0
    fragments_moved: int = 0
    background: bool = False  # written by a background process (see plugin.py)


def write_index(docs: Sequence[Any], folder: Path, *, shard_bytes: int = SHARD_BYTES,
                fragment_chars: int = FRAGMENT_CHARS, ordered: bool = False, cache: Path | None = None) -> BuildStats:
    """Write the whole search folder for `docs` (sorted with sort_docs unless `ordered`).

    With `cache` (a folder of its own, kept between builds into the same search folder), only
    documents no earlier build analysed are analysed, and fragments are written only for them
    (the others stay, or are renamed when their number moved); the folder is the same, byte for
    byte, as without. Every weight is worked out again: one more document changes every idf."""
    job = IndexBuild(folder, shard_bytes=shard_bytes, fragment_chars=fragment_chars, cache=cache)
    job.plan(docs, ordered)
    return job.write()


class IndexBuild:
    """One build of the search folder: `plan` says which documents' text the build reads (those
    it analyses, and those whose fragment it writes), `write` writes the folder."""

    def __init__(self, folder: Path, *, shard_bytes: int = SHARD_BYTES, fragment_chars: int = FRAGMENT_CHARS,
                 cache: Path | None = None) -> None:
        self.started = time.perf_counter()
        self.folder = folder
        self.shard_bytes, self.fragment_chars = shard_bytes, fragment_chars
        self.out = Folder(folder)
        self.store: SearchCache | None = None
        if cache is not None:
            analysis = {"version": CACHE_VERSION, "fields": FIELDS, "analysis": ANALYSIS_VERSION}
            placement = {"folder": os.path.realpath(folder), "chars": fragment_chars, "format": FORMAT_VERSION}
            self.store = SearchCache(cache, json.loads(json.dumps(analysis)), placement)
        self.docs: list[Any] = []
        self.keys: list[bytes] = []
        self.missing: list[int] = []  # documents (index order) no earlier build analysed
        self.fragments: tuple[list[int], list[tuple[int, int]], list[int]] = ([], [], [])

    def plan(self, docs: Sequence[Any], ordered: bool = False) -> list[int]:
        """Put `docs` in index order and work out what the build does with each; return the
        positions in `docs` of those whose text it reads."""
        positions = range(len(docs)) if ordered else sort_docs(range(len(docs)), key=docs.__getitem__)
        self.docs = [docs[position] for position in positions]
        self.keys = keys = [key_of(doc) for doc in self.docs]
        store = self.store
        known = set(store.keys) if store else set()
        self.missing = [number for number, key in enumerate(keys) if key not in known]
        if store is not None and store.placed:
            self.fragments = plan_fragments(keys, store.keys, self.out.existing)
        else:
            self.fragments = [], [], list(range(len(keys)))
        return sorted({positions[number] for number in (*self.missing, *self.fragments[2])})

    def analysed(self) -> Postings:
        """The postings of every document in index order: the cache's rows, and new ones for the
        documents it lacks."""
        store, keys = self.store, self.keys
        table = store.load_table() if store else Postings.empty()
        known = {key: number for number, key in enumerate(store.keys)} if store else {}
        source = [known.get(key, -1) for key in keys]
        if self.missing:
            new = analyse(LazyDocs(self.docs, self.missing), list(table.terms))
            for offset, number in enumerate(self.missing):
                source[number] = table.doc_count + offset
            table = concat(table, new)
        return assemble(table, source)

    def write(self) -> BuildStats:
        """Write the folder as planned, and record it in the cache."""
        docs, out = self.docs, self.out
        (self.folder / "doc").mkdir(parents=True, exist_ok=True)
        postings = self.analysed()
        shards, index_bytes, dictionary, terms = self.write_shards(postings)
        written, moved = place_fragments(docs, out, self.store, self.fragment_chars, self.fragments)
        categories, groups = filter_groups(docs)
        manifest = {
            "version": FORMAT_VERSION,
            "lunr": LUNR_JS_VERSION,
            "fields": list(FIELD_NAMES),
            "entityFields": ENTITY_FIELDS,
            "docs": len(docs),
            "shards": shards,
            "terms": dictionary,
            "categories": categories,
            "groups": groups,
        }
        out.write_changed("index.json", dump_json(manifest))
        out.remove_stale()
        if self.store is not None:
            self.store.save(self.keys, postings)
        return BuildStats(len(docs), terms, len(shards), time.perf_counter() - self.started, index_bytes,
                          analysed=len(self.missing), fragments_written=written, fragments_moved=moved)

    def write_shards(self, postings: Postings) -> tuple[list[list[str]], int, str, int]:
        """Write the shards and the dictionary: ([first term, file] per shard, shard bytes,
        the dictionary's file, terms)."""
        out = self.out
        table = term_entries(postings)
        all_terms = table.terms
        shards: list[list[str]] = []
        index_bytes = 0
        for begin, end in cut_shards(table.sizes, self.shard_bytes):
            payload = b"".join([b'{"terms":', dump_json(all_terms[begin:end]), b',"postings":[',
                                b",".join(table.entries(begin, end)), b"]}"])
            shards.append([all_terms[begin], out.write_hashed("shard", payload)])
            index_bytes += len(payload)
        return shards, index_bytes, out.write_hashed("terms", dump_json(all_terms)), len(all_terms)
