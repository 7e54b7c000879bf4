"""Shards: every queryable term's postings as JSON, cut into files of consecutive terms in
JavaScript's sort order, so a prefix query needs a run of shards and a word needs one."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import orjson

from .documents import FIELDS, js_order
from .postings import FieldColumns, Postings

@dataclass(frozen=True)
class TermEntries:
    """Every queryable term in JavaScript order, with about how many bytes its entry takes; the
    entries themselves are made a shard at a time (`entries`), not all held at once."""

    terms: list[str]
    sizes: list[int]
    indexes: list[int]  # each term's lunr term index
    columns: list[FieldColumns]

    def entries(self, begin: int, end: int) -> list[bytes]:
        """The entries of terms begin:end as JSON: [lunr term index, field number, [document
        deltas], [weights], field number, ...]."""
        entries = []
        for index in self.indexes[begin:end]:
            entry: list[Any] = [index]
            for number, column in enumerate(self.columns):
                start, stop = column.starts[index], column.starts[index + 1]
                if stop > start:
                    entry += [number, column.deltas[start:stop], column.weights[start:stop]]
            entries.append(orjson.dumps(entry, option=orjson.OPT_SERIALIZE_NUMPY))
        return entries


def term_entries(postings: Postings) -> TermEntries:
    """Every queryable term of `postings` in JavaScript order (see TermEntries)."""
    idf = postings.idf()
    docs = postings.doc_numbers()
    columns = [postings.field_columns(number, idf, docs) for number in range(len(FIELDS))]
    del docs
    rows = np.bincount(postings.ids, minlength=len(postings.terms)).tolist()
    # lunr.js indexes the empty term ("" from a token of punctuation); no query can reach it.
    terms = postings.terms
    order = sorted((index for index, term in enumerate(terms) if term), key=lambda index: js_order(terms[index]))
    # About 3.5 bytes a number (delta, comma, weight); measuring each term's JSON costs more.
    sizes = [len(terms[index]) + 12 + 7 * rows[index] for index in order]
    return TermEntries([terms[index] for index in order], sizes, order, columns)


def iter_terms(postings: Postings) -> Iterator[tuple[str, list[Any]]]:
    """Every queryable term in JavaScript order with its entry, decoded."""
    table = term_entries(postings)
    for term, entry in zip(table.terms, table.entries(0, len(table.terms))):
        yield term, json.loads(entry)


def cut_shards(sizes: Sequence[int], limit: int) -> Iterator[tuple[int, int]]:
    """Ranges of consecutive terms making shards of about `limit` bytes of JSON."""
    begin, size = 0, 0
    for number, encoded in enumerate(sizes):
        if number > begin and size + encoded > limit:
            yield begin, number
            begin, size = number, 0
        size += encoded
    if len(sizes) > begin:
        yield begin, len(sizes)
