"""Client-side search: a lunr index, built at build time, cut into shards by term.

Why: one lunr index over title and body is about 1.1 MB gzipped per 1,000 articles and lunr.js
must download and parse all of it before the first result. Here the same index is cut up so a
reader downloads only what a query needs, the way Pagefind does:

- ``search/index.json``, the manifest: the fields, the first term of every shard, the category
  and year of every range of document numbers (documents are numbered by category, then date, so
  each filter value is a few ranges), and the names of the other files.
- ``search/shard-<hash>.json``, one per range of terms in sorted order (a prefix such as ``gov``
  when that is small, a few terms when one is big): for each term its lunr term index and, per
  field, its postings (document numbers, delta-coded) with the weight lunr would store for that
  term in that document's field vector. The weights are lunr's own BM25 scores, computed here
  with the global document frequencies and average field lengths, so no global statistics need
  to reach the browser: a document's score for a query only involves the weights of the query's
  terms, which are exactly what the query's shards hold.
- ``search/terms-<hash>.json``, every term, fetched only for queries lunr must expand against the
  whole dictionary (fuzzy ``word~1``, leading or inner wildcards).
- ``search/doc/<n // 1000>/<n>.json``, one fragment per document (title, URL, date, outlet,
  category and the text snippets are cut from), fetched only for results shown.
- ``search/lunr.min.js``, copied from ``node_modules`` (``npm install``), never from a CDN.

Shards are cut from the terms in JavaScript's sort order by size (``NEWSARCHIVE_SEARCH_SHARD_BYTES``),
so a shard is a prefix range: ``gov*`` needs the shards between the one holding "gov" and the
first shard whose first term no longer starts with it. File names carry a hash of the content;
a rebuild leaves unchanged files alone and deletes stale ones.

In the browser, ``theme/static/js/search-engine.js`` loads the shards a query needs, builds a
small ``lunr.Index`` over just the query's terms (their postings and, per document, a field vector
holding just those terms' weights) and lets lunr.js run the query. Since lunr scores a document
by the dot product of the query vector with its field vectors, divided by the query vector's
length, the scores and the order equal those of one monolithic lunr index (tests compare them).

Text analysis is lunr.js's own: the build splits and lowercases text as ``lunr.tokenizer`` does and
asks lunr.js itself (in Node, from ``node_modules``) for the trimmer, stop-word filter and stemmer
result of every distinct token, so the terms in the index are exactly the ones lunr.js produces
for a query. (lunr.py's Porter stemmer departs from lunr.js's on words such as "buy", "boy",
"away": 1.8% of the words of a news corpus, which lunr.js queries would then never find.) The
BM25 arithmetic follows lunr's builder operation for operation (numpy over columns of
postings, since a Python loop per posting would cost as much as Pelican itself); tests check the
weights against lunr.py's and the results against a lunr.js index.

Rebuilds: each build keeps, in the build cache (``incremental.cache_path``, folder ``search/``),
every story's analysed terms (per field, term counts in order of first appearance, and field
lengths) under a digest of everything of the story that reaches the folder, and the order of
the fragments it wrote. The next build analyses only new or changed stories (Node starts only
for them) and reads the text of no other story, works every weight out again (one more story
changes every term's idf, so every shard changes), leaves a fragment alone when its story kept
its number and renames it when the number moved. The folder equals a build from scratch, byte
for byte (tests compare them); the cache is off with ``NEWSARCHIVE_SEARCH_CACHE = False``.
The build is done in two steps (``IndexBuild.plan``, then ``write``), so that a rebuild can hand
it to a worker process that runs alongside the pages (see ``search_worker``).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import logging
import math
import os
import re
import subprocess
import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import repeat
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np

from ..fsutil import write_atomic

log = logging.getLogger(__name__)

PROJECT = Path(__file__).resolve().parents[2]
FORMAT_VERSION = 1

# Field name and lunr build-time boost. Order matters: it is the order lunr assigns term indexes.
FIELDS: tuple[tuple[str, int], ...] = (
    ("title", 3),
    ("body", 1),
    ("people", 1),
    ("organizations", 1),
    ("places", 1),
    ("category", 1),
)
FIELD_NAMES = tuple(name for name, _ in FIELDS)
ENTITY_FIELDS = {"person": "people", "organization": "organizations", "place": "places"}
K1, B = 1.2, 0.75  # lunr's BM25 defaults
SKIP = -1  # token_ids value of stop words and empty pieces

DEFAULTS: dict[str, Any] = {
    "NEWSARCHIVE_SEARCH": True,
    "NEWSARCHIVE_SEARCH_DIR": "search",  # under OUTPUT_PATH
    "NEWSARCHIVE_SEARCH_PAGE": True,  # render the theme's search.html (off for themes without one)
    # A shard is closed once its JSON passes this many bytes (about a third once gzipped); one
    # very common term can still make a bigger one.
    "NEWSARCHIVE_SEARCH_SHARD_BYTES": 60_000,
    "NEWSARCHIVE_SEARCH_FRAGMENT_CHARS": 20_000,  # body text kept for snippets
    "NEWSARCHIVE_NODE_MODULES": "",  # empty: node_modules next to the project
    "NEWSARCHIVE_NODE": "node",
    # Keep what each build analysed under the build cache (incremental.cache_path) so the next
    # build analyses only new or changed stories; off with this or NEWSARCHIVE_INCREMENTAL.
    "NEWSARCHIVE_SEARCH_CACHE": True,
    # Rebuilds write the search folder in a worker process while the pages render (search_worker).
    "NEWSARCHIVE_SEARCH_WORKER": True,
    "NEWSARCHIVE_SEARCH_WORKER_STORIES": 1_000,  # ... for archives of at least this many stories
}

# lunr.tokenizer.separator is /[\s\-]+/; JavaScript's \s, spelled out.
SEPARATOR = re.compile("[\t\n\x0b\x0c\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff-]+")
# Where Python's str.split() and JavaScript's \s disagree on what is a space.
NOT_PYTHON_SPACE = re.compile("[\x1c-\x1f\x85\ufeff]")
TAG = re.compile(r"<[^>]*>")


class SearchBuildError(RuntimeError):
    """The search index cannot be built (lunr.js or Node missing); the message says what to do."""


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """What the search index knows of one story. Plain text: nothing here is escaped."""

    title: str
    body: str
    url: str
    date: datetime | None = None
    day: str = ""  # the date as the site shows it
    source: str = ""
    category: str = ""
    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


def field_texts(doc: SearchDoc) -> dict[str, str]:
    """The text of each lunr field of a document (also what a reference lunr.js index gets)."""
    return {
        "title": doc.title,
        "body": doc.body,
        "people": "\n".join(doc.people),
        "organizations": "\n".join(doc.organizations),
        "places": "\n".join(doc.places),
        "category": doc.category,
    }


def sort_docs(docs: Iterable[Any], key: Callable[[Any], Any] | None = None) -> list[Any]:
    """Documents in index order: by category, then date, so each filter value is a few ranges
    (with `key`, the items whose key(item) is the document)."""
    def order(item: Any) -> tuple[Any, ...]:
        d = item if key is None else key(item)
        return d.category.casefold(), d.category, d.year or 0, d.date or datetime.min, d.url

    return sorted(docs, key=order)


def js_order(term: str) -> bytes:
    """Sort key giving JavaScript's string order (UTF-16 code units), which the browser uses."""
    return term.encode("utf-16-be", "surrogatepass")


# ---------------------------------------------------------------------------------------------
# Text analysis: lunr.js's pipeline, asked of lunr.js itself


ANALYSER_JS = r"""
const lunr = require(process.env.NEWSARCHIVE_LUNR_JS);
const pipeline = new lunr.Pipeline();
pipeline.add(lunr.trimmer, lunr.stopWordFilter, lunr.stemmer);
let buffer = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  buffer += chunk;
  let end;
  while ((end = buffer.indexOf("\n")) >= 0) {
    const tokens = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    const terms = tokens.map((t) => {
      const out = pipeline.run([new lunr.Token(t, {})]);
      return out.length ? out[0].toString() : null;
    });
    process.stdout.write(JSON.stringify(terms) + "\n");
  }
});
"""


class LunrAnalyser:
    """Maps lowercased tokens to lunr.js index terms (None: a stop word), via one Node process.

    Tokens repeat: each distinct token is sent once, in batches, and remembered.
    """

    def __init__(self, lunr_js: Path, node: str = "node") -> None:
        env = dict(os.environ, NEWSARCHIVE_LUNR_JS=str(lunr_js))
        try:
            self.process = subprocess.Popen(
                [node, "-e", ANALYSER_JS],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
                text=True,
                encoding="utf-8",
            )
        except OSError as exc:
            raise SearchBuildError(f"search: cannot run Node ({node!r}): {exc}; install Node.js") from exc
        self.terms: dict[str, str | None] = {}

    def learn(self, tokens: Iterable[str]) -> None:
        """Ask lunr.js for the terms of every token not seen before."""
        new = [t for t in tokens if t not in self.terms]
        if not new:
            return
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(new) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SearchBuildError("search: the lunr.js analyser (Node) stopped; see its error above")
        self.terms.update(zip(new, json.loads(line)))

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)

    def __enter__(self) -> LunrAnalyser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def split_tokens(text: str) -> list[str]:
    """lunr.tokenizer's tokens: lowercase, split on whitespace and hyphens ("" pieces may appear:
    Postings.add skips them)."""
    text = text.lower()
    if NOT_PYTHON_SPACE.search(text):
        return SEPARATOR.split(text)
    return text.replace("-", " ").split()  # the same split, faster


# ---------------------------------------------------------------------------------------------
# Documents as the index reads them, and their keys


def _digest(*parts: str | Sequence[str]) -> bytes:
    """A digest of strings and lists of strings; the lengths of the parts go in first, so no two
    different lists of parts give the same bytes."""
    texts: list[str] = []
    for part in parts:
        if isinstance(part, str):
            texts.append(part)
        else:
            texts += ["\x00list", str(len(part)), *part]
    h = hashlib.blake2b(",".join([str(len(text)) for text in texts]).encode("ascii"), digest_size=16)
    h.update("\x00".join(texts).encode("utf-8", "surrogatepass"))
    return h.digest()


def _described(doc: SearchDoc | Story) -> tuple[str | tuple[str, ...], ...]:
    """Every field of a document but its body."""
    date = doc.date.isoformat() if doc.date else ""
    return (doc.title, doc.url, date, doc.day, doc.source, doc.category, doc.people, doc.organizations, doc.places)


def doc_key(doc: SearchDoc) -> bytes:
    """The key of everything of a document that reaches the search folder."""
    return _digest("doc", doc.body, *_described(doc))


class Story:
    """A Pelican story as the index reads it: its SearchDoc's fields, the body worked out only when
    needed, and a key covering everything that reaches the index.

    The body is the text of Pelican's HTML after its link replacement (``content.content``, then
    html_text), the dearest part of reading a story. When the HTML Pelican read holds no
    intra-site link (Pelican's own pattern finds none), the replacement returns it unchanged, so
    the key digests that HTML instead and the body of a story the cache knows is never worked
    out. A story with links is keyed by its body: the addresses it links to may have moved.
    """

    __slots__ = ("content", "key", "title", "url", "date", "day", "source", "category", "people",
                 "organizations", "places")

    def __init__(self, content: Any, memo: Any = None) -> None:
        """`memo`: the build's memo of what files decide (incremental.file_memo), which keeps the
        key of a story without links: it is then a function of the story's file and the settings."""
        from .stories import metadata_list, metadata_text

        self.content = content
        date = getattr(content, "date", None)
        category = getattr(content, "category", None)
        self.title = html.unescape(str(getattr(content, "title", "")))
        self.url = str(content.url)
        self.date = date
        self.day = str(getattr(content, "locale_date", "") or "") if date else ""
        self.source = metadata_text(content, "source")
        self.category = str(category.name) if category is not None else ""
        self.people = tuple(metadata_list(content, "people"))
        self.organizations = tuple(metadata_list(content, "organizations"))
        self.places = tuple(metadata_list(content, "places"))
        known = memo.known(content, "search") if memo is not None else None
        if isinstance(known, str) and len(known) == 32:
            try:
                self.key = bytes.fromhex(known)
                return
            except ValueError:
                pass  # not ours: worked out again
        raw = unlinked_html(content)
        if raw is None:
            self.key = _digest("doc", self.body, *_described(self))
        else:
            self.key = _digest("html", raw, *_described(self))
            if memo is not None:
                memo.remember(content, "search", self.key.hex())

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def body(self) -> str:
        """Worked out on each use, not kept: held for every story, the bodies of a 100,000-story
        archive took a gigabyte. A build needs a story's body once or twice."""
        return html_text(str(getattr(self.content, "content", "") or ""))

    def doc(self) -> SearchDoc:
        return with_body(self, self.body)


class Carried:
    """A document as a search worker receives it (see search_worker): a Story's key and fields,
    and its text only when the build reads it (IndexBuild.plan says which)."""

    __slots__ = ("key", "title", "url", "date", "day", "source", "category", "people", "organizations",
                 "places", "text")

    def __init__(self, fields: tuple[Any, ...], text: str | None = None) -> None:
        (self.key, self.title, self.url, self.date, self.day, self.source, self.category, self.people,
         self.organizations, self.places) = fields
        self.text = text

    @staticmethod
    def fields_of(story: Story, offsets: dict[timedelta, timezone]) -> tuple[Any, ...]:
        """What a worker receives of a story: plain values (a date as a plain datetime with its
        offset from UTC, which gives the same order, ISO text and year; `offsets`: one time zone
        object per offset, pickled once)."""
        date = story.date
        if date is not None:  # Pelican's SafeDatetime, its zone as a fixed offset (tzlocal pickles big)
            offset = date.utcoffset()
            date = datetime(date.year, date.month, date.day, date.hour, date.minute, date.second,
                            date.microsecond, None if offset is None else offsets.setdefault(offset, timezone(offset)))
        return (story.key, story.title, story.url, date, story.day, story.source, story.category, story.people,
                story.organizations, story.places)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def body(self) -> str:
        if self.text is None:
            raise RuntimeError(f"search: the text of {self.url} was not sent to the worker")
        return self.text

    def doc(self) -> SearchDoc:
        return with_body(self, self.body)


def with_body(doc: Story | Carried, body: str) -> SearchDoc:
    """The SearchDoc of a story's fields and its text."""
    return SearchDoc(doc.title, body, doc.url, doc.date, doc.day, doc.source, doc.category, doc.people,
                     doc.organizations, doc.places)


def unlinked_html(content: Any) -> str | None:
    """The HTML Pelican read for `content` when its link replacement would return it unchanged
    (no intra-site link in it); None otherwise, or when `content` is not Pelican's."""
    pattern = getattr(content, "_get_intrasite_link_regex", None)
    if pattern is None or not hasattr(content, "_content"):
        return None
    raw = content._get_content() if hasattr(content, "_get_content") else content._content
    raw = raw or ""
    if not isinstance(raw, str) or pattern().search(raw):
        return None
    return raw


def full_doc(doc: SearchDoc | Story | Carried) -> SearchDoc:
    return doc.doc() if isinstance(doc, (Story, Carried)) else doc


class LazyDocs(Sequence[SearchDoc]):
    """docs[numbers[i]] as full documents, each worked out when read (`analyse` reads them a
    batch at a time), so the bodies of all stories are never held at once."""

    def __init__(self, docs: Sequence[SearchDoc | Story], numbers: Sequence[int]) -> None:
        self.docs, self.numbers = docs, numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [full_doc(self.docs[number]) for number in self.numbers[index]]
        return full_doc(self.docs[self.numbers[index]])


def key_of(doc: SearchDoc | Story | Carried) -> bytes:
    return doc.key if isinstance(doc, (Story, Carried)) else doc_key(doc)


# ---------------------------------------------------------------------------------------------
# The inverted index with lunr's weights


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
        rows at a time and each temporary array is let go as soon as it is used: a 100,000-story
        archive has tens of millions of rows, and a double per row is hundreds of megabytes."""
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
        del docs
        delta_text, delta_offsets = int_text(deltas, starts, chunk)
        del deltas
        weight_text, weight_offsets = int_text(weights, starts, chunk)
        return FieldColumns(delta_text, delta_offsets[:-1], delta_offsets[1:] - 1,
                            weight_text, weight_offsets[:-1], weight_offsets[1:] - 1)


def stable_order(keys: np.ndarray) -> np.ndarray:
    """np.argsort(keys, kind="stable") for keys below 2**32, as two 16-bit passes: numpy sorts
    16-bit keys by radix, wider ones by timsort (ten times slower on millions of postings)."""
    keys = keys.astype(np.uint32, copy=False)
    order = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
    if len(keys) and int(keys.max()) > 0xFFFF:
        order = order[np.argsort((keys[order] >> 16).astype(np.uint16), kind="stable")]
    return order


POWERS = 10 ** np.arange(1, 19, dtype=np.int64)


def int_text(values: np.ndarray, bounds: np.ndarray | None = None, chunk: int = 1 << 20) -> tuple[bytes, np.ndarray]:
    """Integers (0 or more) as JSON writes them, each followed by a comma, and where the rows
    `bounds` (increasing; all rows and the end by default) start in that text: the numbers of
    rows bounds[i]:bounds[j] are text[offsets[i]:offsets[j] - 1]. Vectorised, `chunk` rows at a
    time: millions of postings would cost a second through json.dumps."""
    values = np.asarray(values)
    count = len(values)
    if count and int(values.min()) < 0:
        raise ValueError("int_text: negative number")
    bounds = np.arange(count + 1, dtype=np.int64) if bounds is None else np.asarray(bounds, dtype=np.int64)
    offsets = np.empty(len(bounds), dtype=np.int64)
    pieces: list[bytes] = []
    base = 0
    for start in range(0, count, chunk):
        part = values[start : start + chunk].astype(np.int64)
        widths = 1 + np.searchsorted(POWERS, part, side="right")
        ends = np.cumsum(widths + 1)  # where each number's comma ends, in this chunk's text
        low, high = np.searchsorted(bounds, [start, start + len(part)], side="left")
        local = bounds[low:high] - start
        offsets[low:high] = base + np.where(local > 0, ends[np.maximum(local - 1, 0)], 0)
        text = np.full(int(ends[-1]), ord(","), dtype=np.uint8)
        last = ends - 2  # each number's last digit
        for place in range(int(widths.max())):
            live = widths > place
            text[last[live] - place] = 48 + part[live] % 10
            part //= 10
        pieces.append(text.tobytes())
        base += len(text)
    offsets[bounds >= count] = base
    return b"".join(pieces), offsets


@dataclass(frozen=True)
class FieldColumns:
    """One field's postings by term: each term's document numbers (delta-coded) and weights as
    JSON text (see int_text), and per term where they start and end in those texts."""

    deltas: bytes
    delta_starts: np.ndarray
    delta_ends: np.ndarray
    weights: bytes
    weight_starts: np.ndarray
    weight_ends: np.ndarray


def analyse(docs: Sequence[SearchDoc], analyser: LunrAnalyser, terms: list[str] | None = None,
            batch: int = 500) -> Postings:
    """The rows of `docs` (document i is docs[i]), as lunr's Builder.add counts them: field
    lengths after the pipeline, terms in order of first appearance. Term numbers index `terms`,
    which new terms are appended to (any order: `assemble` gives lunr's)."""
    terms = [] if terms is None else terms
    numbers = {term: number for number, term in enumerate(terms)}
    token_ids: dict[str, int] = {"": SKIP}  # token -> term number, or SKIP
    starts, fields, ids, tfs, lengths = array("q", [0]), array("B"), array("I"), array("I"), array("I")
    for start in range(0, len(docs), batch):
        chunk = [[split_tokens(text) for text in field_texts(doc).values()] for doc in docs[start : start + batch]]
        vocabulary: set[str] = set()
        for tokens in chunk:
            for field_tokens in tokens:
                vocabulary.update(field_tokens)
        vocabulary.difference_update(token_ids)
        new = sorted(vocabulary)
        analyser.learn(new)
        for token in new:
            term = analyser.terms[token]
            if term is None:
                token_ids[token] = SKIP
                continue
            number = numbers.get(term)
            if number is None:
                number = numbers[term] = len(terms)
                terms.append(term)
            token_ids[token] = number
        for doc_fields in chunk:
            for number, tokens in enumerate(doc_fields):
                counts = Counter(map(token_ids.__getitem__, tokens))
                counts.pop(SKIP, None)
                lengths.append(sum(counts.values()))
                ids.extend(counts.keys())
                tfs.extend(counts.values())
                fields.extend(repeat(number, len(counts)))
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


def index_docs(docs: Sequence[SearchDoc], analyser: LunrAnalyser, batch: int = 500) -> Postings:
    """The postings of `docs` (in order: document n is docs[n]), with lunr's term indexes."""
    return assemble(analyse(docs, analyser, batch=batch), range(len(docs)))


# ---------------------------------------------------------------------------------------------
# The cache: what earlier builds analysed, and where they put each fragment


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
        self.table = Postings.empty()
        self.placed = False  # the search folder holds the fragments of `keys`, in order
        self.build = ""
        self._load()

    def _load(self) -> None:
        try:
            with np.load(self.folder / TABLE) as data:
                header = json.loads(data["header"].tobytes())
                if header.get("analysis") != self.analysis:
                    return
                keys = data["keys"]
                table = Postings(json.loads(data["terms"].tobytes()), data["starts"], data["fields"], data["ids"],
                                 data["tfs"], data["lengths"])
        except (OSError, ValueError, KeyError, TypeError):
            return
        if len(keys) != table.doc_count or table.lengths.shape != (table.doc_count, len(FIELDS)):
            return
        self.keys = [bytes(key) for key in keys]
        self.table = table
        self.build = str(header.get("build", ""))
        try:
            placed = json.loads((self.folder / PLACED).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        self.placed = placed == {"build": self.build, **self.placement}

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


# ---------------------------------------------------------------------------------------------
# Shards, fragments, manifest


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
        chosen = self.indexes[begin:end]
        spans = [(number, column, column.delta_starts[chosen].tolist(), column.delta_ends[chosen].tolist(),
                  column.weight_starts[chosen].tolist(), column.weight_ends[chosen].tolist())
                 for number, column in enumerate(self.columns)]
        entries = []
        for row, index in enumerate(chosen):
            parts = [b"[%d" % index]
            for number, column, d0, d1, w0, w1 in spans:
                if d1[row] > d0[row]:
                    parts += [b",%d,[" % number, column.deltas[d0[row] : d1[row]], b"],[",
                              column.weights[w0[row] : w1[row]], b"]"]
            parts.append(b"]")
            entries.append(b"".join(parts))
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


def dump_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_public(path: Path, payload: bytes) -> None:
    """A file of the site, written whole or not at all (a temporary file, then os.replace),
    readable by the web server. The temporary name is fixed per file and process: it opens about
    twice as fast as mkstemp's random one, the main cost of writing thousands of fragments (a
    killed build's leftover is removed by the next build, as a stale file)."""
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


def fragment(doc: SearchDoc, chars: int) -> dict[str, Any]:
    """What a result shows: headline, link, date, outlet, category and the text snippets come from."""
    return {
        "title": doc.title,
        "url": doc.url,
        "date": doc.date.isoformat() if doc.date else "",
        "day": doc.day,
        "source": doc.source,
        "category": doc.category,
        "text": doc.body[:chars],
    }


def fragment_path(number: int) -> str:
    return f"doc/{number // 1000}/{number}.json"


def place_fragments(docs: Sequence[SearchDoc | Story], out: Folder, cache: SearchCache | None, chars: int,
                    plan: tuple[list[int], list[tuple[int, int]], list[int]]) -> tuple[int, int]:
    """Write each document's fragment at its number as `plan` (plan_fragments) says; (fragments
    written, fragments moved).

    With a cache whose fragments are in place, a fragment already at its number is left alone and
    one whose document moved (a story added before it shifts the numbers) is renamed, not
    written again; the rest are written when their bytes differ from the file's."""
    kept, moves, todo = plan
    for number in range(0, len(docs), 1000):
        (out.path / fragment_path(number)).parent.mkdir(parents=True, exist_ok=True)
    if cache is not None and (moves or todo):
        cache.unplace()
    for number in kept:
        out.keep(fragment_path(number))
    move_fragments(out, moves)
    written = 0
    for number in todo:
        written += out.write_changed(fragment_path(number), dump_json(fragment(full_doc(docs[number]), chars)))
    return written, len(moves)


def plan_fragments(keys: Sequence[bytes], before: Sequence[bytes], existing: set[str],
                   ) -> tuple[list[int], list[tuple[int, int]], list[int]]:
    """Given the keys of the documents now and at the last build: the numbers whose fragment
    stays, the fragments to rename (old number, new number) and the numbers to write."""
    kept: list[int] = []
    todo: list[int] = []
    for number, key in enumerate(keys):
        if number < len(before) and before[number] == key and fragment_path(number) in existing:
            kept.append(number)
        else:
            todo.append(number)
    staying = set(kept)
    was: dict[bytes, list[int]] = {}
    for number, key in enumerate(before):
        if number not in staying and fragment_path(number) in existing:
            was.setdefault(key, []).append(number)
    moves: list[tuple[int, int]] = []
    write: list[int] = []
    for number in todo:
        sources = was.get(keys[number])
        if sources:
            moves.append((sources.pop(), number))
        else:
            write.append(number)
    return kept, moves, write


def move_fragments(out: Folder, moves: list[tuple[int, int]]) -> None:
    """Rename fragments (source number, new number) without one landing on another not yet moved:
    when all move the same way (stories added or removed before them), in the order that frees
    each target first; otherwise in two steps, through temporary names."""
    if all(new > old for old, new in moves) or all(new < old for old, new in moves):
        for old, new in sorted(moves, reverse=bool(moves) and moves[0][1] > moves[0][0]):
            os.replace(out.path / fragment_path(old), out.path / fragment_path(new))
            out.keep(fragment_path(new))
        return
    staged = []
    for old, new in moves:
        temporary = out.path / "doc" / f".moving-{old}.json"
        os.replace(out.path / fragment_path(old), temporary)
        staged.append((temporary, new))
    for temporary, new in staged:
        os.replace(temporary, out.path / fragment_path(new))
        out.keep(fragment_path(new))


def filter_groups(docs: Sequence[SearchDoc | Story]) -> tuple[list[str], list[list[Any]]]:
    """Categories, and [category number, year or null, first document] for each run of documents."""
    categories: list[str] = []
    groups: list[list[Any]] = []
    for number, doc in enumerate(docs):
        if not categories or categories[-1] != doc.category:
            categories.append(doc.category)
        key = [len(categories) - 1, doc.year]
        if not groups or groups[-1][:2] != key:
            groups.append([*key, number])
    return categories, groups


@dataclass(frozen=True)
class BuildStats:
    docs: int
    terms: int
    shards: int
    seconds: float
    index_bytes: int
    analysed: int = 0  # documents analysed (not found in the cache)
    fragments_written: int = 0
    fragments_moved: int = 0
    worker: bool = False  # written by a search worker (see search_worker)


def write_index(
    docs: Sequence[SearchDoc | Story],
    folder: Path,
    lunr_js: Path,
    *,
    shard_bytes: int = DEFAULTS["NEWSARCHIVE_SEARCH_SHARD_BYTES"],
    fragment_chars: int = DEFAULTS["NEWSARCHIVE_SEARCH_FRAGMENT_CHARS"],
    node: str = "node",
    ordered: bool = False,
    cache: Path | None = None,
) -> BuildStats:
    """Write the whole search folder for `docs` (sorted with sort_docs unless `ordered`).

    With `cache` (a folder of its own, kept between builds into the same search folder), only
    documents no earlier build analysed are analysed, and fragments are written only for them
    (the others stay, or are renamed when their number moved); the folder is the same, byte for
    byte, as without. Every weight is worked out again: one more document changes every idf."""
    job = IndexBuild(folder, lunr_js, shard_bytes=shard_bytes, fragment_chars=fragment_chars, node=node,
                     cache=cache)
    job.plan(docs, ordered)
    return job.write()


class IndexBuild:
    """One build of the search folder, in two steps: `plan` says which documents' text the build
    must read (those it analyses, and those whose fragment it writes), `write` writes the folder.
    Between the two, a caller that holds only the documents' keys and fields (a search worker,
    see search_worker) fetches the text of just those documents."""

    def __init__(self, folder: Path, lunr_js: Path, *, shard_bytes: int = DEFAULTS["NEWSARCHIVE_SEARCH_SHARD_BYTES"],
                 fragment_chars: int = DEFAULTS["NEWSARCHIVE_SEARCH_FRAGMENT_CHARS"], node: str = "node",
                 cache: Path | None = None) -> None:
        self.started = time.perf_counter()
        self.folder, self.lunr_js, self.node = folder, lunr_js, node
        self.shard_bytes, self.fragment_chars = shard_bytes, fragment_chars
        self.out = Folder(folder)
        self.store: SearchCache | None = None
        if cache is not None:
            lunr_digest = hashlib.sha256(lunr_js.read_bytes()).hexdigest()
            analysis = {"version": CACHE_VERSION, "fields": FIELDS, "lunr": lunr_digest}
            placement = {"folder": os.path.realpath(folder), "chars": fragment_chars, "format": FORMAT_VERSION}
            self.store = SearchCache(cache, json.loads(json.dumps(analysis)), placement)
        self.docs: list[SearchDoc | Story] = []
        self.keys: list[bytes] = []
        self.missing: list[int] = []  # documents (index order) no earlier build analysed
        self.fragments: tuple[list[int], list[tuple[int, int]], list[int]] = ([], [], [])

    def plan(self, docs: Sequence[SearchDoc | Story], ordered: bool = False) -> list[int]:
        """Put `docs` in index order and work out what the build does with each; return the
        positions in `docs` of those whose text it reads."""
        positions = range(len(docs)) if ordered else sort_docs(range(len(docs)), key=docs.__getitem__)
        self.docs = [docs[position] for position in positions]
        self.keys = keys = [key_of(doc) for doc in self.docs]
        store = self.store
        known = {key: number for number, key in enumerate(store.keys)} if store else {}
        self.missing = [number for number, key in enumerate(keys) if key not in known]
        if store is not None and store.placed:
            self.fragments = plan_fragments(keys, store.keys, self.out.existing)
        else:
            self.fragments = [], [], list(range(len(keys)))
        return sorted({positions[number] for number in (*self.missing, *self.fragments[2])})

    def write(self) -> BuildStats:
        docs, keys, store, out = self.docs, self.keys, self.store, self.out
        (self.folder / "doc").mkdir(parents=True, exist_ok=True)
        known = {key: number for number, key in enumerate(store.keys)} if store else {}
        table = store.table if store else Postings.empty()
        missing = self.missing
        source = [known.get(key, -1) for key in keys]
        if missing:
            with LunrAnalyser(self.lunr_js, self.node) as analyser:
                new = analyse(LazyDocs(docs, missing), analyser, list(table.terms))
            for offset, number in enumerate(missing):
                source[number] = table.doc_count + offset
            table = concat(table, new)
            del new
        postings = assemble(table, source)
        del table  # the cache's table too: only this build's (postings) is saved
        if store is not None:
            store.table = Postings.empty()

        shards: list[list[Any]] = []
        index_bytes = 0
        table = term_entries(postings)
        all_terms = table.terms
        for begin, end in cut_shards(table.sizes, self.shard_bytes):
            payload = b"".join([b'{"terms":', dump_json(all_terms[begin:end]), b',"postings":[',
                                b",".join(table.entries(begin, end)), b"]}"])
            shards.append([all_terms[begin], out.write_hashed("shard", payload)])
            index_bytes += len(payload)
        del table
        dictionary = out.write_hashed("terms", dump_json(all_terms))

        written, moved = place_fragments(docs, out, store, self.fragment_chars, self.fragments)
        categories, groups = filter_groups(docs)
        manifest = {
            "version": FORMAT_VERSION,
            "lunr": lunr_version(self.lunr_js),
            "fields": list(FIELD_NAMES),
            "entityFields": ENTITY_FIELDS,
            "docs": len(docs),
            "shards": shards,
            "terms": dictionary,
            "categories": categories,
            "groups": groups,
        }
        out.write_changed("index.json", dump_json(manifest))
        out.write_changed("lunr.min.js", self.lunr_js.with_name("lunr.min.js").read_bytes())
        out.remove_stale()
        if store is not None:
            store.save(keys, postings)
        return BuildStats(len(docs), len(all_terms), len(shards), time.perf_counter() - self.started, index_bytes,
                          analysed=len(missing), fragments_written=written, fragments_moved=moved)


def lunr_version(lunr_js: Path) -> str:
    package = lunr_js.parent / "package.json"
    try:
        return str(json.loads(package.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return ""


def find_lunr(node_modules: str | Path = "") -> Path:
    """node_modules/lunr/lunr.js, or a SearchBuildError saying how to get it."""
    folder = Path(node_modules) if node_modules else PROJECT / "node_modules"
    lunr_js = folder / "lunr" / "lunr.js"
    if not lunr_js.is_file() or not lunr_js.with_name("lunr.min.js").is_file():
        raise SearchBuildError(
            f"search: {lunr_js.with_name('lunr.min.js')} not found; run `npm install` in the project "
            "folder (package.json declares lunr), or set NEWSARCHIVE_NODE_MODULES"
        )
    return lunr_js


# ---------------------------------------------------------------------------------------------
# The Pelican plugin


def setting(settings: Mapping[str, Any], key: str) -> Any:
    value = settings.get(key)
    return DEFAULTS[key] if value is None else value


def html_text(content: str) -> str:
    """Plain text of HTML that Pelican rendered (tags out, character references decoded)."""
    return " ".join(html.unescape(TAG.sub(" ", content)).split())


def doc_from_content(content: Any) -> SearchDoc:
    """A SearchDoc for a Pelican article (or undated page)."""
    return Story(content).doc()


def cache_folder(settings: Mapping[str, Any]) -> Path | None:
    """The search's part of the build cache (see incremental.cache_path), or None: no cache."""
    if not setting(settings, "NEWSARCHIVE_SEARCH_CACHE") or not settings.get("NEWSARCHIVE_INCREMENTAL", True):
        return None
    from .incremental import cache_path

    return cache_path(settings) / "search"


last_build: BuildStats | None = None  # for scripts/bench_search.py, which times a whole build


def build_search(generators: Sequence[Any]) -> None:
    """all_generators_finalized: write OUTPUT_PATH/search/ for every story (or have the search
    worker started for this build write it while the pages render: see search_worker)."""
    global last_build
    from . import search_worker
    from .stories import collect_stories

    started = time.perf_counter()
    settings = generators[0].settings
    worker = search_worker.take(settings)
    if not setting(settings, "NEWSARCHIVE_SEARCH"):
        return
    lunr_js = find_lunr(setting(settings, "NEWSARCHIVE_NODE_MODULES"))
    from .incremental import file_memo

    memo = file_memo(settings)
    docs = [Story(story, memo) for story in collect_stories(generators)]
    folder = Path(settings["OUTPUT_PATH"]) / setting(settings, "NEWSARCHIVE_SEARCH_DIR")
    cache = cache_folder(settings)
    options = {
        "folder": str(folder), "lunr_js": str(lunr_js), "cache": str(cache) if cache is not None else "",
        "shard_bytes": int(setting(settings, "NEWSARCHIVE_SEARCH_SHARD_BYTES")),
        "fragment_chars": int(setting(settings, "NEWSARCHIVE_SEARCH_FRAGMENT_CHARS")),
        "node": str(setting(settings, "NEWSARCHIVE_NODE")),
    }
    last_build = None
    if worker is not None and worker.submit(docs, options):
        search_worker.pending(worker)
        return
    stats = write_index(docs, folder, lunr_js, shard_bytes=options["shard_bytes"],
                        fragment_chars=options["fragment_chars"], node=options["node"], cache=cache)
    report(replace(stats, seconds=time.perf_counter() - started))  # with reading the articles


def report(stats: BuildStats) -> None:
    global last_build
    last_build = stats
    log.info("search: %d documents (%d analysed), %d terms in %d shards, %.2f s%s", stats.docs, stats.analysed,
             stats.terms, stats.shards, stats.seconds, " (by a worker)" if stats.worker else "")


def finish_search(pelican: Any) -> None:
    """finalized: wait for the search worker, if the build gave it the folder to write."""
    from . import search_worker

    stats = search_worker.wait()
    if stats is not None:
        report(replace(stats, worker=True))


def add_search_page(pelican: Any) -> None:
    """initialized: render the theme's search.html as a direct template, and fail early without lunr."""
    settings = pelican.settings
    if not setting(settings, "NEWSARCHIVE_SEARCH"):
        return
    find_lunr(setting(settings, "NEWSARCHIVE_NODE_MODULES"))
    templates = list(settings.get("DIRECT_TEMPLATES") or [])
    if setting(settings, "NEWSARCHIVE_SEARCH_PAGE") and "search" not in templates:
        settings["DIRECT_TEMPLATES"] = [*templates, "search"]


def register() -> None:
    from pelican import signals

    from . import search_worker

    signals.initialized.connect(add_search_page)
    signals.article_generator_init.connect(search_worker.start)
    signals.all_generators_finalized.connect(build_search)
    signals.finalized.connect(finish_search)
