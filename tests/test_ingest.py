"""The ingest run: parallel or serial alike, cached, streaming, deduplicated, stable."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsarchive import ingest as ingest_module
from newsarchive.article import Article
from newsarchive.synthetic import diff_trees, generate_corpus
from newsarchive.ingest import PACKAGE, SERIAL_BELOW, Options, RunStopped, code_fingerprint, ingest

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
    ("parse/text/reader.py", True),
    ("tags/rules.py", True),
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


# ---------------------------------------------------------------- a full disk or a refused write stops the run


@pytest.mark.parametrize(("code", "stops"), [
    (errno.ENOSPC, True),
    (errno.EDQUOT, True),
    (errno.EFBIG, True),
    (errno.EROFS, True),
    (errno.EACCES, True),
    (errno.EISDIR, False),  # something else in the way of one article: that article fails, the rest publish
])
def test_an_own_write_refused_stops_the_run_and_names_the_folder(seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, stops: bool) -> None:
    """The errors a non-root test cannot provoke on a real disk (as root, EACCES and EROFS never come),
    injected into the article writes; tests/test_drills.py fills a real disk (RLIMIT_FSIZE) in a subprocess."""
    content = tmp_path / "content"
    ingest(seeds, Options(content=content, workers=1))
    manifest = (content / ".newsarchive" / "manifest.json").read_bytes()
    real = ingest_module.write_if_changed
    calls: list[Path] = []

    def refusing(path: Path, data: bytes, fsync: bool = True) -> bool:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(code, os.strerror(code), str(path))
        return real(path, data, fsync)

    monkeypatch.setattr(ingest_module, "write_if_changed", refusing)
    monkeypatch.setattr(ingest_module, "to_markdown", lambda article, slug: f"Title: {article.title}\n\nrewritten\n")
    if stops:
        with pytest.raises(RunStopped) as stopped:
            ingest(seeds, Options(content=content, workers=1))
        assert stopped.value.errno == code and stopped.value.filename == str(calls[2].parent)
        assert "cannot write the article" in stopped.value.strerror and os.strerror(code) in stopped.value.strerror
        assert len(calls) == 3  # nothing written after the refusal
        assert (content / ".newsarchive" / "manifest.json").read_bytes() == manifest  # recorded only after every write
        assert not list(content.rglob(".*.tmp"))
    else:
        report = ingest(seeds, Options(content=content, workers=1))
        failed = [o for o in report.seeds if o.status == "failed"]
        assert len(failed) == 1 and "cannot write" in failed[0].reason
        assert report.summary()["published"] == COUNT


def test_a_parse_crash_with_an_os_error_stays_a_per_seed_failure(seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = ingest_module.extract_raw

    def crashing(raw: Any, *args: Any) -> Article:
        if raw.path.endswith("0000003.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", "/somewhere/the/parser/reads")
        return real(raw, *args)

    monkeypatch.setattr(ingest_module, "extract_raw", crashing)
    report = ingest(seeds, Options(content=tmp_path / "content", workers=1, use_cache=False))
    failed = [o for o in report.seeds if o.status == "failed"]
    assert [o.path for o in failed] == ["seeds/0000/0000003.txt"] and "Permission denied" in failed[0].reason
    assert report.summary()["published"] == COUNT


def test_a_full_disk_in_a_real_subprocess_stops_before_any_article_changes(seeds: Path, tmp_path: Path) -> None:
    """RLIMIT_FSIZE makes every write past 1000 bytes fail with EFBIG: the cache entries do not fit."""
    root = tmp_path / "archive"
    shutil.copytree(seeds, root / "seeds")
    code = ("import resource, sys\n"
            "from newsarchive.entities.recognise import get_tagger\n"
            "get_tagger()  # loaded before the disk fills (it writes a temporary file of its own)\n"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
            "from newsarchive.cli import main\n"
            "sys.exit(main(['ingest', 'seeds', '--content', 'content', '--workers', '1']))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: content/.newsarchive/cache/"), result.stderr
    assert "File too large" in result.stderr and "stopped" in result.stderr
    assert not list((root / "content").rglob("*.md")) and not list((root / "content").rglob(".*.tmp"))


# ---------------------------------------------------------------- published slugs stay


def earlier_story(text: str) -> str:
    """The same headline a day earlier, with another body."""
    lines = text.split("\n")
    lines[4] = lines[4].replace("May 23, 2008", "May 22, 2008")
    body = lines.index("", 7)
    lines[body + 1:] = ["An earlier and different story that happens to carry exactly the same headline as the later one.",
                        "", "It has a second paragraph of its own, so that nothing about it repeats the other story at all."]
    return "\n".join(lines)


def slugs_of(report: Any) -> dict[str, str]:
    return {o.path: o.article for o in report.seeds if o.article}


def test_an_earlier_story_with_the_same_title_leaves_the_published_url_alone(seeds: Path, tmp_path: Path) -> None:
    if not (SHARED / "corpus" / "bbc").is_dir():
        pytest.skip("shared data not available: the headline and date below are a BBC text's")
    folder = tmp_path / "seeds"
    folder.mkdir()
    first = (seeds / "0000" / "0000002.txt").read_text(encoding="utf-8")
    assert "May 23, 2008" in first.split("\n")[4]
    (folder / "later.txt").write_text(first, encoding="utf-8")
    content = tmp_path / "content"
    published = slugs_of(ingest(folder, Options(content=content, workers=1)))
    assert published == {"seeds/later.txt": "2008/ad-firm-wpp-s-profits-surge-15.md"}

    (folder / "earlier.txt").write_text(earlier_story(first), encoding="utf-8")
    report = ingest(folder, Options(content=content, workers=1))
    now = slugs_of(report)
    assert now["seeds/later.txt"] == published["seeds/later.txt"]  # kept its URL
    assert re.fullmatch(r"2008/ad-firm-wpp-s-profits-surge-15-[0-9a-f]{8}\.md", now["seeds/earlier.txt"])  # the newcomer: a suffix
    assert {o.path: o.status for o in report.seeds} == {"seeds/later.txt": "unchanged", "seeds/earlier.txt": "published"}

    again = slugs_of(ingest(folder, Options(content=content, workers=1)))
    assert again == now

    (folder / "later.txt").rename(folder / "renamed.txt")  # a seed moved: found by its body, same URL
    moved = slugs_of(ingest(folder, Options(content=content, workers=1)))
    assert moved == {"seeds/renamed.txt": now["seeds/later.txt"], "seeds/earlier.txt": now["seeds/earlier.txt"]}

    # From scratch the earliest story takes the bare slug, the same way every time.
    scratch = [tmp_path / "scratch-1", tmp_path / "scratch-2"]
    runs = [slugs_of(ingest(folder, Options(content=c, workers=1))) for c in scratch]
    assert runs[0] == runs[1] and runs[0]["seeds/earlier.txt"] == "2008/ad-firm-wpp-s-profits-surge-15.md"
    assert re.fullmatch(r"2008/ad-firm-wpp-s-profits-surge-15-[0-9a-f]{8}\.md", runs[0]["seeds/renamed.txt"])
    assert diff_trees(scratch[0], scratch[1], ignore=".newsarchive") == []


def test_a_new_title_gets_a_new_slug_and_a_deleted_story_frees_its_slug(seeds: Path, tmp_path: Path) -> None:
    if not (SHARED / "corpus" / "bbc").is_dir():
        pytest.skip("shared data not available: the headline and date below are a BBC text's")
    folder = tmp_path / "seeds"
    folder.mkdir()
    first = (seeds / "0000" / "0000002.txt").read_text(encoding="utf-8")
    (folder / "a.txt").write_text(first, encoding="utf-8")
    (folder / "b.txt").write_text(earlier_story(first), encoding="utf-8")
    content = tmp_path / "content"
    before = slugs_of(ingest(folder, Options(content=content, workers=1)))
    assert before["seeds/b.txt"] == "2008/ad-firm-wpp-s-profits-surge-15.md"
    (folder / "a.txt").write_text(first.replace("Ad firm WPP's profits surge 15%", "WPP profits up"), encoding="utf-8")
    after = slugs_of(ingest(folder, Options(content=content, workers=1)))
    assert after == {"seeds/a.txt": "2008/wpp-profits-up.md", "seeds/b.txt": before["seeds/b.txt"]}
    assert sorted(p.name for p in content.rglob("*.md")) == ["ad-firm-wpp-s-profits-surge-15.md", "wpp-profits-up.md"]


def test_a_seed_that_now_fails_keeps_its_last_good_article_until_it_is_removed(seeds: Path, tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(seeds / "0000" / "0000002.txt", folder / "a.txt")
    content = tmp_path / "content"
    published = slugs_of(ingest(folder, Options(content=content, workers=1)))["seeds/a.txt"]
    good = (content / published).read_bytes()
    (folder / "a.txt").write_bytes(b"\x00\x01\x02" * 200)  # the seed is damaged
    report = ingest(folder, Options(content=content, workers=1))
    assert [(o.path, o.status) for o in report.seeds] == [("seeds/a.txt", "failed")]
    assert (content / published).read_bytes() == good
    (folder / "a.txt").unlink()  # the seed is gone: so is its article
    ingest(folder, Options(content=content, workers=1))
    assert not (content / published).exists()


def undated_dump() -> str:
    """A dump whose header shows no date at all, only a relative one."""
    body = "\n\n".join(
        f"Paragraph {n} of a story that the page shows without any calendar date, told in enough words to be a body line."
        for n in range(1, 5)
    )
    return f"Council approves the new harbour budget after long debate\nBy Jane Doe\n2 hours ago\n\n{body}\n"


@pytest.mark.parametrize("flags, status", [
    ((), "published"),
    (("--allow-undated",), "published"),  # the old flag is still accepted and changes nothing
    (("--require-date",), "failed"),
])
def test_cli_publishes_undated_seeds_unless_a_date_is_required(tmp_path: Path, flags: tuple[str, ...], status: str) -> None:
    from newsarchive.cli import main

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "undated.txt").write_text(undated_dump(), encoding="utf-8")
    report = tmp_path / "report.json"
    assert main(["ingest", str(seeds), "--content", str(tmp_path / "content"), "--report", str(report), "--workers", "1", *flags]) == 0
    [entry] = json.loads(report.read_text(encoding="utf-8"))["seeds"]
    assert entry["status"] == status, entry
    if status == "published":
        assert entry["article"].startswith("undated/")
        assert any("no date" in note for note in entry["notes"])
    else:
        assert "no date" in entry["reason"]
        assert not list((tmp_path / "content").rglob("*.md"))


def test_no_shared_seed_fails_for_want_of_a_date_by_default() -> None:
    from newsarchive.errors import SeedError
    from newsarchive.ingest import extract_path

    from .conftest import shared_path

    paths = sorted(shared_path("seeds").glob("*.txt")) + sorted(shared_path("eval", "extraction", "dumps").glob("*.txt"))
    allow_undated = not Options().refuses_undated
    failed = []
    for path in paths:
        try:
            extract_path(path, path.name, allow_undated=allow_undated)
        except SeedError as exc:
            failed.append((path.name, exc.reason))
    assert not [f for f in failed if "date" in f[1]], failed


@pytest.mark.parametrize("options, refuses", [
    (Options(), False),
    (Options(require_date=True), True),
    (Options(allow_undated=True), False),  # an older caller's explicit wish, now the default
    (Options(allow_undated=False), True),  # an older caller that asked to refuse still refuses
])
def test_options_say_whether_undated_seeds_are_refused(options: Options, refuses: bool) -> None:
    assert options.refuses_undated is refuses
