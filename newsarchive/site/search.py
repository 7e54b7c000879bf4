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
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import math
import os
import re
import subprocess
import time
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from dataclasses import dataclass, field, replace
from datetime import datetime
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


def sort_docs(docs: Iterable[SearchDoc]) -> list[SearchDoc]:
    """Documents in index order: by category, then date, so each filter value is a few ranges."""
    return sorted(docs, key=lambda d: (d.category.casefold(), d.category, d.year or 0, d.date or datetime.min, d.url))


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
# The inverted index with lunr's weights


@dataclass
class Postings:
    """What lunr's builder gathers, as columns: one row per (term, document) pair of each field."""

    doc_count: int = 0
    term_ids: dict[str, int] = field(default_factory=dict)  # term -> lunr term index
    token_ids: dict[str, int] = field(default_factory=dict)  # token -> term index, or SKIP
    terms: list[array] = field(default_factory=lambda: [array("I") for _ in FIELDS])
    docs: list[array] = field(default_factory=lambda: [array("I") for _ in FIELDS])
    tfs: list[array] = field(default_factory=lambda: [array("I") for _ in FIELDS])
    lengths: list[array] = field(default_factory=lambda: [array("I") for _ in FIELDS])

    def add(self, terms: Mapping[str, str | None], fields: Sequence[list[str]]) -> None:
        """Add the next document, given the tokens of its fields in FIELDS order, as lunr's
        Builder.add does: term indexes in order of first appearance, field lengths counted after
        the pipeline (stop words out)."""
        doc = self.doc_count
        self.doc_count += 1
        token_ids = self.token_ids
        for number, tokens in enumerate(fields):
            if not token_ids.keys() >= set(tokens):
                for token in dict.fromkeys(tokens):  # in order of first appearance
                    if token not in token_ids:
                        token_ids[token] = self.term_index(terms[token]) if token else SKIP
            counts = Counter(map(token_ids.__getitem__, tokens))
            counts.pop(SKIP, None)
            self.lengths[number].append(sum(counts.values()))
            self.terms[number].extend(counts.keys())
            self.tfs[number].extend(counts.values())
            self.docs[number].extend(repeat(doc, len(counts)))

    def term_index(self, term: str | None) -> int:
        """lunr's term index of `term`, given in order of first appearance; SKIP for a stop word."""
        if term is None:
            return SKIP
        index = self.term_ids.get(term)
        if index is None:
            index = self.term_ids[term] = len(self.term_ids)
        return index

    def idf(self) -> np.ndarray:
        """lunr.idf of every term index (a document counts once per field holding the term)."""
        n, with_term = self.doc_count, np.zeros(len(self.term_ids), dtype=np.int64)
        for column in self.terms:
            with_term += np.bincount(np.frombuffer(column, dtype=np.uint32), minlength=len(self.term_ids))
        # math.log, not numpy's vectorised log, which may differ from JavaScript's in the last bit.
        return np.array([math.log(1 + abs((n - count + 0.5) / (count + 0.5))) for count in with_term.tolist()])

    def field_columns(self, number: int, idf: np.ndarray) -> FieldColumns:
        """One field's postings grouped by term, with lunr's field-vector weights in thousandths.

        The arithmetic is lunr's builder's, operation for operation, so the doubles are the same
        and Math.round(score * 1000) is floor(score * 1000 + 0.5)."""
        lengths = np.frombuffer(self.lengths[number], dtype=np.uint32).astype(np.float64)
        average = lengths.sum() / self.doc_count if self.doc_count else 1.0
        norm = K1 * (1 - B + B * (lengths / average)) if average else np.zeros_like(lengths)
        terms = np.frombuffer(self.terms[number], dtype=np.uint32)
        docs = np.frombuffer(self.docs[number], dtype=np.uint32)
        tfs = np.frombuffer(self.tfs[number], dtype=np.uint32).astype(np.float64)
        score = idf[terms] * ((K1 + 1) * tfs) / (norm[docs] + tfs)
        score *= FIELDS[number][1]
        weights = np.floor(score * 1000 + 0.5).astype(np.int64)
        order = np.argsort(terms, kind="stable")  # documents stay in increasing order
        terms, docs, weights = terms[order], docs[order].astype(np.int64), weights[order]
        counts = np.bincount(terms, minlength=len(self.term_ids))
        starts = np.concatenate(([0], np.cumsum(counts)))
        deltas = np.diff(docs, prepend=0)
        firsts = starts[:-1][counts > 0]
        deltas[firsts] = docs[firsts]  # each term's list starts with a document number
        return FieldColumns(starts.tolist(), deltas.tolist(), weights.tolist())


@dataclass(frozen=True)
class FieldColumns:
    starts: list[int]  # term index -> first row; rows of term i are starts[i]:starts[i + 1]
    deltas: list[int]  # document numbers, each term's list delta-coded
    weights: list[int]


def index_docs(docs: Sequence[SearchDoc], analyser: LunrAnalyser, batch: int = 500) -> Postings:
    """Build the postings of `docs` (in order: document n is docs[n])."""
    postings = Postings()
    for start in range(0, len(docs), batch):
        chunk = [[split_tokens(text) for text in field_texts(doc).values()] for doc in docs[start : start + batch]]
        vocabulary: set[str] = set()
        for fields in chunk:
            for tokens in fields:
                vocabulary.update(tokens)
        vocabulary.difference_update(postings.token_ids)
        vocabulary.discard("")
        analyser.learn(sorted(vocabulary))
        for fields in chunk:
            postings.add(analyser.terms, fields)
    return postings


# ---------------------------------------------------------------------------------------------
# Shards, fragments, manifest


def iter_terms(postings: Postings) -> Iterator[tuple[str, list[Any]]]:
    """Every queryable term in JavaScript order with its entry:
    [lunr term index, field number, [document deltas], [weights], field number, ...]."""
    idf = postings.idf()
    columns = [postings.field_columns(number, idf) for number in range(len(FIELDS))]
    # lunr.js indexes the empty term ("" from a token of punctuation); no query can reach it.
    for term in sorted((t for t in postings.term_ids if t), key=js_order):
        index = postings.term_ids[term]
        entry: list[Any] = [index]
        for number, column in enumerate(columns):
            begin, end = column.starts[index], column.starts[index + 1]
            if end > begin:
                entry += [number, column.deltas[begin:end], column.weights[begin:end]]
        yield term, entry


def cut_shards(entries: Iterable[tuple[str, list[Any]]], limit: int) -> Iterator[tuple[list[str], list[Any]]]:
    """Group consecutive terms into shards of about `limit` bytes of JSON."""
    terms: list[str] = []
    data: list[Any] = []
    size = 0
    for term, entry in entries:
        # About 3.5 bytes a number (delta, comma, weight); measuring each term's JSON costs more.
        encoded = len(term) + 12 + sum(7 * len(item) for item in entry[2::3])
        if terms and size + encoded > limit:
            yield terms, data
            terms, data, size = [], [], 0
        terms.append(term)
        data.append(entry)
        size += encoded
    if terms:
        yield terms, data


def dump_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_public(path: Path, payload: bytes) -> None:
    """A file of the site, written whole or not at all, readable by the web server."""
    write_atomic(path, payload, fsync=False)
    os.chmod(path, 0o644)


def write_hashed(folder: Path, stem: str, payload: bytes, written: set[Path]) -> str:
    """Write `payload` as `<stem>-<hash>.json` (immutable, so it can be cached forever), unless
    an earlier build did."""
    name = f"{stem}-{hashlib.sha256(payload).hexdigest()[:12]}.json"
    path = folder / name
    if not path.exists():  # atomic: a half-written shard would otherwise be kept by every later build
        write_public(path, payload)
    written.add(path)
    return name


def write_changed(path: Path, payload: bytes, written: set[Path]) -> None:
    """Write a file unless it already holds `payload` (rebuilds leave unchanged files alone)."""
    try:
        same = path.stat().st_size == len(payload) and path.read_bytes() == payload
    except OSError:
        same = False
    if not same:
        write_public(path, payload)
    written.add(path)


def remove_stale(folder: Path, written: set[Path]) -> None:
    """Delete what earlier builds left in the search folder and this one did not write."""
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and path not in written:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


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


def filter_groups(docs: Sequence[SearchDoc]) -> tuple[list[str], list[list[Any]]]:
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


def write_index(
    docs: Sequence[SearchDoc],
    folder: Path,
    lunr_js: Path,
    *,
    shard_bytes: int = DEFAULTS["NEWSARCHIVE_SEARCH_SHARD_BYTES"],
    fragment_chars: int = DEFAULTS["NEWSARCHIVE_SEARCH_FRAGMENT_CHARS"],
    node: str = "node",
    ordered: bool = False,
) -> BuildStats:
    """Write the whole search folder for `docs` (sorted with sort_docs unless `ordered`)."""
    started = time.perf_counter()
    docs = list(docs) if ordered else sort_docs(docs)
    (folder / "doc").mkdir(parents=True, exist_ok=True)
    written: set[Path] = set()
    with LunrAnalyser(lunr_js, node) as analyser:
        postings = index_docs(docs, analyser)

    shards: list[list[Any]] = []
    all_terms: list[str] = []
    index_bytes = 0
    for terms, data in cut_shards(iter_terms(postings), shard_bytes):
        payload = dump_json({"terms": terms, "postings": data})
        shards.append([terms[0], write_hashed(folder, "shard", payload, written)])
        all_terms += terms
        index_bytes += len(payload)
    dictionary = write_hashed(folder, "terms", dump_json(all_terms), written)

    for number, doc in enumerate(docs):
        path = folder / fragment_path(number)
        if number % 1000 == 0:
            path.parent.mkdir(exist_ok=True)
        write_changed(path, dump_json(fragment(doc, fragment_chars)), written)

    categories, groups = filter_groups(docs)
    manifest = {
        "version": FORMAT_VERSION,
        "lunr": lunr_version(lunr_js),
        "fields": list(FIELD_NAMES),
        "entityFields": ENTITY_FIELDS,
        "docs": len(docs),
        "shards": shards,
        "terms": dictionary,
        "categories": categories,
        "groups": groups,
    }
    write_changed(folder / "index.json", dump_json(manifest), written)
    write_changed(folder / "lunr.min.js", lunr_js.with_name("lunr.min.js").read_bytes(), written)
    remove_stale(folder, written)
    return BuildStats(len(docs), len(all_terms), len(shards), time.perf_counter() - started, index_bytes)


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
    from .stories import metadata_list, metadata_text

    date = getattr(content, "date", None)
    category = getattr(content, "category", None)
    return SearchDoc(
        title=html.unescape(str(getattr(content, "title", ""))),
        body=html_text(str(getattr(content, "content", "") or "")),
        url=str(content.url),
        date=date,
        day=str(getattr(content, "locale_date", "") or "") if date else "",
        source=metadata_text(content, "source"),
        category=str(category.name) if category is not None else "",
        people=tuple(metadata_list(content, "people")),
        organizations=tuple(metadata_list(content, "organizations")),
        places=tuple(metadata_list(content, "places")),
    )


last_build: BuildStats | None = None  # for scripts/bench_search.py, which times a whole build


def build_search(generators: Sequence[Any]) -> None:
    """all_generators_finalized: write OUTPUT_PATH/search/ for every story."""
    global last_build
    from .stories import collect_stories

    started = time.perf_counter()
    settings = generators[0].settings
    if not setting(settings, "NEWSARCHIVE_SEARCH"):
        return
    lunr_js = find_lunr(setting(settings, "NEWSARCHIVE_NODE_MODULES"))
    docs = [doc_from_content(story) for story in collect_stories(generators)]
    folder = Path(settings["OUTPUT_PATH"]) / setting(settings, "NEWSARCHIVE_SEARCH_DIR")
    last_build = write_index(
        docs,
        folder,
        lunr_js,
        shard_bytes=int(setting(settings, "NEWSARCHIVE_SEARCH_SHARD_BYTES")),
        fragment_chars=int(setting(settings, "NEWSARCHIVE_SEARCH_FRAGMENT_CHARS")),
        node=str(setting(settings, "NEWSARCHIVE_NODE")),
    )
    last_build = replace(last_build, seconds=time.perf_counter() - started)  # with reading the articles
    log.info(
        "search: %d documents, %d terms in %d shards, %.2f s",
        last_build.docs,
        last_build.terms,
        last_build.shards,
        last_build.seconds,
    )


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

    signals.initialized.connect(add_search_page)
    signals.all_generators_finalized.connect(build_search)
