"""The ingest run: parallel or serial alike, cached, streaming, deduplicated, stable."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from newsarchive import ingest as ingest_module
from newsarchive.article import Article
from newsarchive.bench import diff_trees, generate_corpus
from newsarchive.ingest import PACKAGE, SERIAL_BELOW, Options, code_fingerprint, ingest

from .conftest import SHARED

COUNT = SERIAL_BELOW + 8  # large enough for the process pool


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ingest") / "seeds"
    generate_corpus(COUNT, folder, SHARED / "corpus" / "bbc")
    first = (folder / "0000" / "0000002.txt").read_bytes()
    (folder / "0000" / "same-bytes.txt").write_bytes(first)  # identical file, another path
    lines = first.decode("utf-8").split("\n")
    lines[lines.index("", 1) + 7] = "A different story under the same headline, told in twenty words or so to make it a body line."
    (folder / "0000" / "same-title.txt").write_text("\n".join(lines), encoding="utf-8")
    return folder


def test_pool_and_serial_runs_write_the_same_bytes(seeds: Path, tmp_path: Path) -> None:
    serial = ingest(seeds, Options(content=tmp_path / "serial", workers=1, report=tmp_path / "serial.json"))
    pooled = ingest(seeds, Options(content=tmp_path / "pool", workers=2, report=tmp_path / "pool.json"))
    assert serial.summary() == pooled.summary() == {"total": COUNT + 2, "duplicate": 1, "published": COUNT + 1}
    assert diff_trees(tmp_path / "serial", tmp_path / "pool", ignore=".newsarchive") == []
    assert (tmp_path / "serial.json").read_bytes() == (tmp_path / "pool.json").read_bytes()


def test_same_title_stories_both_publish_under_stable_slugs(seeds: Path, tmp_path: Path) -> None:
    report = ingest(seeds, Options(content=tmp_path / "content"))
    by_path = {o.path: o for o in report.seeds}
    original, other = by_path["seeds/0000/0000002.txt"], by_path["seeds/0000/same-title.txt"]
    assert original.status == other.status == "published"
    base, suffixed = sorted((original.article, other.article), key=len)
    assert suffixed.startswith(base[:-3] + "-") and len(suffixed) == len(base) + 9  # an 8-digit body hash
    assert by_path["seeds/0000/same-bytes.txt"].status == "duplicate"


def test_rerun_reads_the_cache_and_changes_nothing(seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    options = Options(content=tmp_path / "content", workers=1)
    ingest(seeds, options)
    before = {p: p.read_bytes() for p in (tmp_path / "content").rglob("*.md")}

    def no_parsing(*args: Any) -> Article:
        raise AssertionError("a cached seed was parsed again")

    monkeypatch.setattr(ingest_module, "extract_raw", no_parsing)
    again = ingest(seeds, options)
    assert again.summary() == {"total": COUNT + 2, "duplicate": 1, "unchanged": COUNT + 1}
    assert {p: p.read_bytes() for p in (tmp_path / "content").rglob("*.md")} == before


def test_archive_wide_steps_see_summaries_without_body(seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Article] = []
    real = ingest_module.finalize_archive

    def spy(articles: list[Article]) -> list[Article]:
        seen.extend(articles)
        return real(articles)

    monkeypatch.setattr(ingest_module, "finalize_archive", spy)
    ingest(seeds, Options(content=tmp_path / "content", workers=1))
    assert len(seen) == COUNT + 1
    assert all(a.body == () and a.removed == () and a.title for a in seen)
    written = next((tmp_path / "content").rglob("*.md")).read_text(encoding="utf-8")
    assert "\n\n" in written and len(written.split("\n\n", 1)[1]) > 200  # the body is back


def test_without_cache_nothing_is_kept(seeds: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    report = ingest(seeds, Options(content=content, use_cache=False, workers=1))
    assert report.summary()["published"] == COUNT + 1
    assert not (content / ".newsarchive" / "cache").exists()
    assert [p.name for p in (content / ".newsarchive").iterdir()] == ["manifest.json"]


@pytest.mark.parametrize(("edited", "invalidates"), [
    ("rules/boilerplate.toml", True),
    ("rules/aliases.toml", True),
    ("entities/model/pos.tsv", True),
    ("parse/text.py", True),
    ("tags.py", True),
    ("site/settings.py", False),  # shapes pages, not articles
    ("cli.py", False),
])
def test_code_fingerprint_follows_what_makes_an_article(tmp_path: Path, edited: str, invalidates: bool) -> None:
    package = tmp_path / "newsarchive"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_fingerprint(package)
    target = package / edited
    target.write_bytes(target.read_bytes())  # rewritten, same bytes: same fingerprint
    assert code_fingerprint(package) == before
    target.write_bytes(target.read_bytes() + b"\n# edited\n")
    assert (code_fingerprint(package) != before) is invalidates


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = ingest_module.extract_raw

    def counting(raw: Any, *args: Any) -> Article:
        parsed.append(raw.path)
        return real(raw, *args)

    monkeypatch.setattr(ingest_module, "extract_raw", counting)
    return parsed


@pytest.mark.parametrize("edit", ["user alias file", "shipped rule file"])
def test_editing_a_rule_file_invalidates_the_cache(seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str) -> None:
    aliases = tmp_path / "my-aliases.toml"
    aliases.write_text("", encoding="utf-8")
    monkeypatch.setenv("NEWSARCHIVE_ALIASES", str(aliases))
    package = tmp_path / "newsarchive"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__", "site"))
    monkeypatch.setattr(ingest_module, "PACKAGE", package)  # the fingerprint reads this copy; the code runs as installed
    options = Options(content=tmp_path / "content", workers=1)
    parsed = count_parses(monkeypatch)
    ingest(seeds, options)
    assert len(parsed) == COUNT + 2
    parsed.clear()
    ingest(seeds, options)
    assert parsed == []  # unchanged: every article from the cache
    if edit == "user alias file":
        aliases.write_text('# my outlet\n', encoding="utf-8")
    else:
        rules = package / "rules" / "boilerplate.toml"
        rules.write_text(rules.read_text(encoding="utf-8") + "\n# a user's edit\n", encoding="utf-8")
    report = ingest(seeds, options)
    assert len(parsed) == COUNT + 2  # every seed parsed again
    assert report.summary() == {"total": COUNT + 2, "duplicate": 1, "unchanged": COUNT + 1}
    cache = tmp_path / "content" / ".newsarchive" / "cache"
    assert len(list(cache.iterdir())) == 1  # the stale entries went
