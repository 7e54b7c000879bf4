"""Postings and weights: each document's terms counted as lunr's builder counts them, and the
BM25 weight lunr.js would store for each term in each field vector.

The arithmetic follows lunr's builder operation for operation, in numpy over columns of
postings (not a Python loop per posting), so the doubles are lunr.js's own; tests check the
weights against lunr.py's and the results against lunr.js.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from .analysis import split_tokens, term_of
from .documents import FIELDS, SearchDoc, field_texts

K1, B = 1.2, 0.75  # lunr's BM25 defaults
SKIP = -1  # token_ids value of stop words and empty pieces

@dataclass
class Postings:
    """Documents' terms as lunr's builder counts them, as columns.

    Document i's rows are starts[i]:starts[i + 1]: one per (field, term) pair of the document,
    fields in FIELDS order, each field's terms in order of first appearance, with the term
    frequency; lengths[i] holds the field lengths after the pipeline (stop words out). A table
    of many documents is what the cache keeps. Once `assemble`d in index order, the term numbers
    are lunr's term indexes (order of first appearance over the documents in order) and `terms`
    lists the terms in that order.
    """

    terms: list[str]
    starts: np.ndarray  # int64, documents + 1
    fields: np.ndarray  # uint8
    ids: np.ndarray  # uint32 term numbers
    tfs: np.ndarray  # uint32
    lengths: np.ndarray  # uint32, (documents, len(FIELDS))

    @property
    def doc_count(self) -> int:
        return len(self.starts) - 1

    @classmethod
    def empty(cls) -> Postings:
        return cls([], np.zeros(1, np.int64), np.zeros(0, np.uint8), np.zeros(0, np.uint32),
                   np.zeros(0, np.uint32), np.zeros((0, len(FIELDS)), np.uint32))

    def idf(self) -> np.ndarray:
        """lunr.idf of every term index (a document counts once per field holding the term)."""
        n = self.doc_count
        with_term = np.bincount(self.ids, minlength=len(self.terms))
        # math.log, not numpy's vectorised log, which may differ from JavaScript's in the last bit.
        return np.array([math.log(1 + abs((n - count + 0.5) / (count + 0.5))) for count in with_term.tolist()])

    def doc_numbers(self) -> np.ndarray:
        """The document number of every row."""
        return np.repeat(np.arange(self.doc_count, dtype=np.int32), np.diff(self.starts))

    def field_columns(self, number: int, idf: np.ndarray, docs: np.ndarray | None = None,
                      chunk: int = 1 << 20) -> FieldColumns:
        """One field's postings grouped by term, with lunr's field-vector weights in thousandths.

        The arithmetic is lunr's builder's, operation for operation, so the doubles are the same
        and Math.round(score * 1000) is floor(score * 1000 + 0.5). Scores are worked out `chunk`
        rows at a time and each temporary array is let go as soon as it is used: a large archive
        has tens of millions of rows."""
        lengths = self.lengths[:, number].astype(np.float64)
        average = lengths.sum() / self.doc_count if self.doc_count else 1.0
        norm = K1 * (1 - B + B * (lengths / average)) if average else np.zeros_like(lengths)
        mask = self.fields == number
        terms = self.ids[mask]
        docs = (self.doc_numbers() if docs is None else docs)[mask]
        tfs = self.tfs[mask]
        del mask
        weights = np.empty(len(terms), dtype=np.int32)  # under 2**31: an idf times a field boost
        for start in range(0, len(terms), chunk):
            rows = slice(start, start + chunk)
            tf = tfs[rows].astype(np.float64)
            score = idf[terms[rows]] * ((K1 + 1) * tf) / (norm[docs[rows]] + tf)
            score *= FIELDS[number][1]
            weights[rows] = np.floor(score * 1000 + 0.5)
        del tfs
        order = stable_order(terms)  # documents stay in increasing order
        terms, docs, weights = terms[order], docs[order], weights[order]
        del order
        counts = np.bincount(terms, minlength=len(self.terms))
        del terms
        starts = np.concatenate(([0], np.cumsum(counts)))
        deltas = np.diff(docs, prepend=0)
        firsts = starts[:-1][counts > 0]
        deltas[firsts] = docs[firsts]  # each term's list starts with a document number
        return FieldColumns(starts.tolist(), deltas, weights)


def stable_order(keys: np.ndarray) -> np.ndarray:
    """np.argsort(keys, kind="stable") for keys below 2**32, as two 16-bit passes: numpy sorts
    16-bit keys by radix, wider ones by timsort."""
    keys = keys.astype(np.uint32, copy=False)
    order = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
    if len(keys) and int(keys.max()) > 0xFFFF:
        order = order[np.argsort((keys[order] >> 16).astype(np.uint16), kind="stable")]
    return order


@dataclass(frozen=True)
class FieldColumns:
    """One field's postings by term: term i's rows are starts[i]:starts[i + 1] of `deltas` (its
    document numbers, delta-coded) and `weights`."""

    starts: list[int]
    deltas: np.ndarray
    weights: np.ndarray


def analyse(docs: Sequence[SearchDoc], terms: list[str] | None = None) -> Postings:
    """The rows of `docs` (document i is docs[i]), as lunr's Builder.add counts them: field
    lengths after the pipeline, terms in order of first appearance. Term numbers index `terms`,
    which new terms are appended to (`assemble` gives lunr's numbering)."""
    terms = [] if terms is None else terms
    numbers = {term: number for number, term in enumerate(terms)}
    token_ids: dict[str, int] = {"": SKIP}  # token -> term number, or SKIP (each token analysed once)
    starts, fields, ids, tfs, lengths = array("q", [0]), array("B"), array("I"), array("I"), array("I")
    for doc in docs:
        for field, text in enumerate(field_texts(doc).values()):
            tokens = split_tokens(text)
            for token in [token for token in dict.fromkeys(tokens) if token not in token_ids]:
                term = term_of(token)
                if term is None:
                    token_ids[token] = SKIP
                    continue
                if term not in numbers:
                    numbers[term] = len(terms)
                    terms.append(term)
                token_ids[token] = numbers[term]
            counts = Counter(map(token_ids.__getitem__, tokens))
            counts.pop(SKIP, None)
            lengths.append(sum(counts.values()))
            ids.extend(counts.keys())
            tfs.extend(counts.values())
            fields.extend(repeat(field, len(counts)))
        starts.append(len(ids))
    return Postings(terms, np.frombuffer(starts, np.int64), np.frombuffer(fields, np.uint8),
                    np.frombuffer(ids, np.uint32), np.frombuffer(tfs, np.uint32),
                    np.frombuffer(lengths, np.uint32).reshape(-1, len(FIELDS)))


def concat(first: Postings, second: Postings) -> Postings:
    """The documents of both tables, numbered first's then second's; second's term numbers must
    index first's terms list extended (as `analyse(docs, analyser, list(first.terms))` gives)."""
    return Postings(
        second.terms,
        np.concatenate((first.starts, second.starts[1:] + first.starts[-1])),
        np.concatenate((first.fields, second.fields)),
        np.concatenate((first.ids, second.ids)),
        np.concatenate((first.tfs, second.tfs)),
        np.concatenate((first.lengths, second.lengths)),
    )


def assemble(table: Postings, order: Sequence[int] | np.ndarray) -> Postings:
    """The documents table.starts[order[n]] as document n, with lunr's term indexes (order of
    first appearance over the documents, fields and rows in order) and only the terms in use."""
    order = np.asarray(order, dtype=np.int64)
    counts = np.diff(table.starts)[order]
    ends = np.cumsum(counts)
    rows = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64)
    rows += np.repeat(table.starts[:-1][order] - (ends - counts), counts)  # row n of the new table
    ids = table.ids[rows]
    by_term = stable_order(ids)
    grouped = ids[by_term]
    heads = np.flatnonzero(np.concatenate(([True], grouped[1:] != grouped[:-1])))  # each term's first row
    used = grouped[heads][np.argsort(by_term[heads])]  # term numbers by first appearance
    del by_term, grouped
    index = np.zeros(len(table.terms), dtype=np.uint32)
    index[used] = np.arange(len(used), dtype=np.uint32)
    return Postings(
        [table.terms[number] for number in used.tolist()],
        np.concatenate(([0], ends)).astype(np.int64),
        table.fields[rows],
        index[ids],
        table.tfs[rows],
        table.lengths[order],
    )


def index_docs(docs: Sequence[SearchDoc]) -> Postings:
    """The postings of `docs` (in order: document n is docs[n]), with lunr's term indexes."""
    return assemble(analyse(docs), range(len(docs)))

