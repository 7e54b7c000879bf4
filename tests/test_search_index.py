"""The search index: lunr's analysis and weights, shards that give the same results as one index.

The sharded search is compared with one monolithic lunr.js index over the same BBC texts on the 50
queries of tests/search_queries.json (in Node, with the real lunr.js: tests only); the builder's
BM25 weights are compared with lunr.py's; reader-level behaviour (messages, fuzzy fallback,
filters) runs the real engine in Node too.
"""

from __future__ import annotations

import json
import os
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from newsarchive.site.search import postings, shards
from newsarchive.site.search.analysis import term_of
from newsarchive.site.search.documents import FIELDS, SearchDoc, field_texts, js_order, sort_docs
from newsarchive.site.search.index import write_index

from .conftest import ROOT, shared_path
from .search_node import run_script
QUERIES = ROOT / "tests" / "search_queries.json"
HARNESS = ROOT / "tests" / "search_queries.mjs"
PEOPLE = ("Ann Johnson", "Bob Peterson", "Carla Smith", "Dev Patel")
PLACES = ("London", "Paris", "New York", "Lagos")


def bbc_docs(step: int) -> list[SearchDoc]:
    """Every `step`-th BBC text, with dates, outlets, people and places that vary by position."""
    corpus = shared_path("corpus", "bbc")
    rng = random.Random(7)
    docs = []
    for number, path in enumerate(sorted(corpus.glob("*/*.txt"))[::step]):
        head, _, body = path.read_text(encoding="utf-8").partition("\n")
        date = datetime(2004, 1, 1, tzinfo=timezone.utc) + timedelta(days=rng.randrange(3000))
        docs.append(
            SearchDoc(
                title=head.strip(),
                body=" ".join(body.split()),
                url=f"{date:%Y}/{date:%m}/{path.stem}.html",
                date=date,
                day=f"{date.day} {date:%B %Y}",
                source=("BBC News", "Metro Wire")[number % 2],
                category=path.parent.name.title(),
                people=(PEOPLE[number % 4], PEOPLE[(number * 7) % 4]),
                places=(PLACES[number % 3],),
            )
        )
    return docs


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[SearchDoc]]:
    """~700 BBC texts, indexed with small shards (about 100) so that queries cross shards."""
    folder = tmp_path_factory.mktemp("search") / "search"
    docs = sort_docs(bbc_docs(3))
    write_index(docs, folder, shard_bytes=12_000, ordered=True)
    return folder, docs


def run_node(*args: str) -> Any:
    return run_script(HARNESS, *args)


def test_sharded_results_equal_one_lunr_index(corpus_index: tuple[Path, list[SearchDoc]], tmp_path: Path) -> None:
    folder, docs = corpus_index
    docs_file = tmp_path / "docs.json"
    docs_file.write_text(
        json.dumps({"fields": FIELDS, "docs": [{"id": str(n), **field_texts(d)} for n, d in enumerate(docs)]}),
        encoding="utf-8",
    )
    report = run_node(str(folder), str(docs_file), str(QUERIES))
    results = report["results"]
    assert len(results) == 50
    assert {r["kind"] for r in results} == {"word", "two words", "prefix", "fuzzy", "field"}
    assert report["shards"] >= 50, "the test index should have many shards"
    errors = [r for r in results if isinstance(r["sharded"], str) or isinstance(r["monolithic"], str)]
    assert not errors
    assert all(r["monolithic"] for r in results), "every query should find something in this corpus"
    different = [r for r in results if r["sharded"] != r["monolithic"]]
    for r in different:
        print(r["q"], r["monolithic"], r["sharded"], sep="\n  ")
    assert (len(results) - len(different)) / len(results) >= 0.95
    # and no query needed every shard
    assert report["shardsLoaded"] < report["shards"]


def test_weights_equal_lunr_py(corpus_index: tuple[Path, list[SearchDoc]]) -> None:
    """lunr.py, given the same terms per token, computes the same field vectors (lunr.py rounds
    with Python's round, lunr.js with Math.round: a thousandth apart at most)."""
    from lunr import lunr as build_lunr_py
    from lunr.builder import Builder
    from lunr.pipeline import Pipeline

    folder, docs = corpus_index
    docs = docs[::6]
    table = postings.index_docs(docs)

    def js_terms(token: Any, i: int, tokens: list[Any]) -> Any:
        term = term_of(str(token))
        return None if term is None else token.update(lambda s, m: term)

    Pipeline.register_function(js_terms, "newsarchive_js_terms")
    builder = Builder()
    builder.pipeline.add(js_terms)
    reference = build_lunr_py(
        "id",
        [{"field_name": name, "boost": boost} for name, boost in FIELDS],
        [{"id": str(n), **field_texts(d)} for n, d in enumerate(docs)],
        builder=builder,
    )
    mine = {term: entry for term, entry in shards.iter_terms(table)}
    assert set(mine) == {t for t in reference.inverted_index if t}
    expected: dict[tuple[str, int], float] = {}
    for ref, vector in reference.field_vectors.items():
        name, doc = ref.split("/", 1)
        for index, value in zip(vector.elements[::2], vector.elements[1::2]):
            expected[(name + "/" + doc, index)] = value
    checked = 0
    for term, entry in mine.items():
        index = entry[0]
        assert reference.inverted_index[term]["_index"] == index
        for number, deltas, weights in zip(entry[1::3], entry[2::3], entry[3::3]):
            doc = 0
            for delta, weight in zip(deltas, weights):
                doc += delta
                assert abs(expected[(f"{FIELDS[number][0]}/{doc}", index)] - weight / 1000) <= 0.0011
                checked += 1
    assert checked > 10_000


def test_shards_partition_the_terms(corpus_index: tuple[Path, list[SearchDoc]]) -> None:
    folder, docs = corpus_index
    manifest = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert manifest["docs"] == len(docs)
    seen: list[str] = []
    for first, name in manifest["shards"]:
        shard = json.loads((folder / name).read_text(encoding="utf-8"))
        assert shard["terms"][0] == first
        assert len(shard["terms"]) == len(shard["postings"])
        # a shard is small, or holds one big term
        assert len((folder / name).read_bytes()) < 30_000 or len(shard["terms"]) == 1
        seen += shard["terms"]
    assert seen == sorted(seen, key=js_order)
    assert len(seen) == len(set(seen))
    assert json.loads((folder / manifest["terms"]).read_text(encoding="utf-8")) == seen
    fragments = sorted((folder / "doc").rglob("*.json"))
    assert len(fragments) == len(docs)
    first = json.loads((folder / "doc" / "0" / "0.json").read_text(encoding="utf-8"))
    assert first["title"] == docs[0].title and first["url"] == docs[0].url
    # filter ranges: categories in order, each range's documents of that category and year
    for (category, year, start), following in zip(manifest["groups"], manifest["groups"][1:] + [[0, 0, len(docs)]]):
        for doc in docs[start : following[2]]:
            assert (doc.category, doc.year) == (manifest["categories"][category], year)


def test_rebuild_rewrites_only_what_changed(tmp_path: Path) -> None:
    docs = sort_docs(bbc_docs(40))
    folder = tmp_path / "search"
    write_index(docs, folder, shard_bytes=8_000, ordered=True)
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    os.utime(folder / "doc" / "0" / "1.json", ns=(1, 1))
    changed = [*docs[:-1], SearchDoc(title="Zebra crossings zoom", body="zzzyzzx zebra", url="z.html")]
    write_index(changed, folder, shard_bytes=8_000, ordered=True)
    after = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    assert (folder / "doc" / "0" / "1.json").stat().st_mtime_ns == 1, "an unchanged fragment was rewritten"
    assert set(before) != set(after), "the shards holding changed terms should have new names"
    manifest = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    named = {folder / name for _, name in manifest["shards"]} | {folder / manifest["terms"]}
    assert {p for p in after if p.name.startswith(("shard-", "terms-"))} == named, "stale shards were left"


# Reader-level searches on the engine in Node: (query, options, expectation).
READER = [
    ("foo:", {}, {"message": "foo"}),
    ("~", {}, {"message": "special"}),
    ("^", {}, {"message": "special"}),
    ("oil~", {}, {"message": "special"}),
    ('"oil prices', {}, {"message": "quotation"}),
    ("+ - ~ ^ *", {}, {"message": ""}),
    ("*", {}, {"message": "letters"}),
    ("-oil", {}, {"message": "not only"}),
    ("the and of", {}, {"message": "common"}),
    ("<img src=x onerror=alert(1)>", {}, {"ok": True}),
    (".*+?[](){}|\\ $ ^ oil", {}, {"message": ""}),
    ("(oil) [prices] {opec}", {}, {"found": True}),
    ("oil " * 150, {}, {"found": True, "notice": "200 characters"}),
    ("a" * 5000, {}, {"ok": True, "notice": "200 characters"}),
    ("parliment", {}, {"found": True, "notice": "similar spellings"}),
    ("elec", {"typing": True}, {"found": True, "notices": 0}),  # a prefix while typing, not a typo
    ("elec", {}, {"found": True, "notice": "similar spellings"}),
    ('"oil prices"', {}, {"found": True}),
    ("oil", {"category": "Business"}, {"found": True, "category": "Business"}),
    ("oil", {"year": 2005}, {"found": True, "year": 2005}),
    ("johnson", {"type": "person"}, {"found": True}),
    ("london", {"type": "organization"}, {"found": False}),
]


def test_reader_queries_answer_or_explain(corpus_index: tuple[Path, list[SearchDoc]], tmp_path: Path) -> None:
    folder, docs = corpus_index
    queries = tmp_path / "reader.json"
    queries.write_text(json.dumps({"queries": [{"q": q, "options": o} for q, o, _ in READER]}), encoding="utf-8")
    results = run_node("--reader", str(folder), str(queries))["results"]
    for (query, options, want), got in zip(READER, results):
        label = f"{query[:40]!r} {options}"
        assert not got.get("error"), f"{label}: {got.get('error')}"
        assert got["ms"] < 2000, label
        if "message" in want:
            assert got["message"] is not None and want["message"] in got["message"].lower(), f"{label}: {got}"
            continue
        assert got["message"] is None, f"{label}: {got['message']}"
        if "found" in want:
            assert bool(got["refs"]) == want["found"], label
        if "notice" in want:
            assert any(want["notice"] in n for n in got["notices"]), f"{label}: {got['notices']}"
        if "notices" in want:
            assert len(got["notices"]) == want["notices"], f"{label}: {got['notices']}"
        for ref in got.get("refs", []):
            doc = docs[int(ref)]
            if "category" in want:
                assert doc.category == want["category"], label
            if "year" in want:
                assert doc.year == want["year"], label


def test_exact_headline_and_adjacent_phrase_come_first(corpus_index: tuple[Path, list[SearchDoc]], tmp_path: Path) -> None:
    folder, docs = corpus_index
    headline = docs[123].title
    queries = tmp_path / "rank.json"
    queries.write_text(json.dumps({"queries": [{"q": headline}, {"q": '"interest rates"'}]}), encoding="utf-8")
    exact, phrase = run_node("--reader", str(folder), str(queries))["results"]
    assert exact["titles"][0] == headline
    adjacent = [t for t in phrase["titles"] if t is not None]
    texts = {d.title: (d.title + " " + d.body).lower() for d in docs}
    # the adjacent-phrase stories lead, and at least one is found
    flags = ["interest rates" in texts[t] or "interest rate" in texts[t] for t in adjacent]
    assert flags[0] and flags == sorted(flags, reverse=True)


@pytest.mark.parametrize("high", [10, 70_000, 2**32 - 1])
def test_stable_order_is_numpys_stable_argsort(high: int) -> None:
    import numpy as np

    keys = np.random.default_rng(high).integers(0, high, 50_000, dtype=np.int64).astype(np.uint32)
    assert (postings.stable_order(keys) == np.argsort(keys, kind="stable")).all()
