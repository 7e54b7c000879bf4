"""The benchmark's parts: the corpus generator, the stage timers and the comparison helpers."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

from newsarchive import synthetic
from newsarchive.ingest import extract_path

from .conftest import SHARED

TEXTS = SHARED / "corpus" / "bbc"
SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench.py"


def load_script(path: Path = SCRIPT, name: str = "bench_script") -> object:
    """A script of scripts/ as a module (scripts/bench.py by default): the benchmark lives outside
    the installed package."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


bench = load_script()


@pytest.mark.parametrize("texts", [TEXTS, None], ids=["news-texts", "generated-text"])
def test_corpus_seeds_parse_into_distinct_stories(tmp_path: Path, texts: Path | None) -> None:
    if texts is not None and not texts.is_dir():
        pytest.skip("shared news texts not available")
    count = 30
    synthetic.generate_corpus(count, tmp_path, texts)
    synthetic.generate_corpus(5, tmp_path, texts, first=2095 * 2)  # a text used a third time
    paths = sorted(tmp_path.rglob("*.txt"))
    assert len(paths) == count + 5
    articles = [extract_path(p) for p in paths]
    assert all(a.authors and a.published and a.category and a.source and a.caption and a.credit for a in articles)
    assert len({a.body for a in articles}) == len(articles)
    assert len({a.title for a in articles}) == len(articles)
    assert len({a.published.year for a in articles}) > 5
    assert len({a.source for a in articles}) > 3
    assert all("Sign up for" not in a.text and "newsletter" not in a.text for a in articles)


def test_corpus_generation_is_repeatable(tmp_path: Path) -> None:
    synthetic.generate_corpus(10, tmp_path / "a", None)
    synthetic.generate_corpus(10, tmp_path / "b", None)
    assert synthetic.diff_trees(tmp_path / "a", tmp_path / "b") == []


STACKS = [
    ([("pelican.writers", "write_feed", "w.py"), ("pelican.generators", "generate_output", "g.py")], "feeds"),
    ([("jinja2.environment", "render", "e.py"), ("newsarchive.site.incremental", "render", "i.py")], "render pages"),
    ([("", "root", "/theme/templates/article.html"), ("newsarchive.site.entities", "generate_output", "e.py")], "render pages"),
    ([("PIL.Image", "new", "i.py"), ("newsarchive.site.cards", "draw_card", "c.py")], "plugin cards"),
    ([("newsarchive.site.incremental", "fingerprint", "i.py"), ("pelican.writers", "write_file", "w.py")], "incremental (fingerprints)"),
    ([("posixpath", "makedirs", "p.py"), ("pelican.writers", "_write_file", "w.py"),
      ("newsarchive.site.incremental", "write_file", "i.py")], "render pages"),
    ([("markdown.core", "convert", "c.py"), ("pelican.generators", "generate_context", "g.py")], "read content"),
    ([("pelican.writers", "write_file", "w.py")], "render pages"),
    ([("markdown.core", "convert", "c.py"), ("pelican.readers", "read_file", "r.py"),
      ("newsarchive.site.pelican_compat", "read_story", "c.py"), ("newsarchive.site.reading", "read_stories", "r.py"),
      ("newsarchive.site.reading", "read_ahead", "r.py")], "read content"),  # the build's half, read ahead
    ([("posix", "waitpid", "p.py"), ("newsarchive.site.reading", "collect", "r.py")], "read content"),
    ([("newsarchive.site.incremental", "__init__", "i.py"), ("newsarchive.site.incremental", "_open_w", "i.py")],
     "render pages"),  # opening a page's file
    ([("newsarchive.site.incremental.writer", "__init__", "w.py"), ("newsarchive.site.incremental.writer", "open_output", "w.py"),
      ("newsarchive.site.pelican_compat", "_open_w", "c.py")], "render pages"),
    ([("newsarchive.site.incremental.signatures", "own", "s.py"), ("newsarchive.site.pelican_compat", "_open_w", "c.py")],
     "incremental (fingerprints)"),
    ([("newsarchive.site.taxonomies", "write_groups", "t.py")], "plugin taxonomies"),
    ([("importlib", "import_module", "i.py")], "other (startup, settings, static)"),
    ([("threading", "wait", "t.py"), ("concurrent.futures._base", "result", "b.py"),
      ("newsarchive.site.workers", "_merge", "w.py"), ("newsarchive.site.entities", "generate_output", "e.py")],
     "waiting for the page worker"),
]


@pytest.mark.parametrize("frames, stage", STACKS)
def test_stack_samples_are_attributed_to_stages(frames: list[tuple[str, str, str]], stage: str) -> None:
    assert bench.classify_stack(frames) == stage


def test_the_sampler_counts_samples_without_a_thread_of_its_own() -> None:
    """A sampling thread would keep a build from forking its page worker (site/workers.py)."""
    import threading
    import time

    with bench.StackSampler(interval=0.005) as sampler:
        threads = threading.active_count()
        end = time.perf_counter() + 0.2
        while time.perf_counter() < end:
            pass
    assert threads == threading.active_count()
    assert sum(sampler.counts.values()) >= 10


def test_plain_markdown_keeps_pelicans_own_keys() -> None:
    text = "Title: A\nDate: 2020-01-01\nPeople: X\nSeed: s.txt sha256:1\nTags: t\n\nBody &#58; text\n"
    assert bench.plain_markdown(text) == "Title: A\nDate: 2020-01-01\nTags: t\n\nBody &#58; text\n"


def test_diff_trees_names_missing_and_different_files(tmp_path: Path) -> None:
    for side, files in (("a", {"same": "1", "changed": "2", "only-a": "3"}), ("b", {"same": "1", "changed": "x", "only-b": "4"})):
        for name, text in files.items():
            (tmp_path / side / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / side / name).write_text(text)
    assert synthetic.diff_trees(tmp_path / "a", tmp_path / "b") == ["only-a", "only-b", "changed"]


def test_run_measured_sees_a_childs_peak_memory() -> None:
    code = "import time; x = bytearray(200 * 2**20); x[::4096] = b'1' * len(x[::4096]); time.sleep(0.3)"
    measure = bench.run_measured([sys.executable, "-c", code])
    assert measure.peak_rss_mb >= 200 and measure.tree_rss_mb >= 200
    assert measure.seconds >= 0.3


def test_a_small_run_writes_results_and_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "work"
    assert bench.main(["--articles", "12", "--work", str(work), "--stages", "ingest,stock"]) == 0
    results = json.loads((work / "results-12.json").read_text())
    assert set(results["stages"]) == {"ingest", "ingest, unchanged seeds (cache)", "stock Pelican, default theme (baseline)"}
    assert results["stages"]["stock Pelican, default theme (baseline)"]["breakdown"]
    assert bench.count_files(work / "output-stock") > 12
    table = capsys.readouterr().out
    assert "stock Pelican, default theme (baseline)" in table and "ingest: articles/s" in table


@pytest.mark.slow
def test_a_run_on_reused_content_still_adds_a_new_story(tmp_path: Path) -> None:
    """A run without the ingest stage builds what an earlier run ingested, first brought back to
    the seeds: the story the earlier run's incremental stage added is new again, so the one-story
    rebuild renders pages (a rebuild of unchanged content would render none)."""
    work = tmp_path / "work"
    for stages in ("ingest,build,incremental", "build,incremental"):
        assert bench.main(["--articles", "12", "--work", str(work), "--stages", stages]) == 0
        results = json.loads((work / "results-12.json").read_text())
        added = results["stages"]["add one article: build"]
        assert added["pages"]["rendered"] > 0, stages
        # Every run of the rebuild starts from the same built archive, before the full build and
        # after it, so each renders the same pages.
        trials = sum(bench.ADD_ONE_RUNS)
        assert trials == 5 and len(added["runs"]) == trials
        assert added["runs_rendered"] == [added["pages"]["rendered"]] * trials
        assert added["seconds"] == sorted(added["runs"])[trials // 2]
        assert 0 < added["cpu_seconds"] and len(added["runs_cpu"]) == trials
        assert 0 < results["add one article / full build, CPU seconds"] < 1
        assert results["incremental_identical"] is True
        assert results["bars"]["add one article / full build"]["pages rendered"] == added["pages"]["rendered"]


def test_the_ab_harness_times_versions_on_the_same_rebuild(tmp_path: Path) -> None:
    """Two versions (the same code twice) on a small archive: each keeps its own archive, every
    round rebuilds both after the same story comes back, and the story is back in place after."""
    harness = load_script(SCRIPT.parent / "ab_rebuild.py", "ab_rebuild_script")
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parent / "fixtures" / "site", content)
    story = harness.newest_story(content)
    before = story.read_bytes()
    results = tmp_path / "results.json"
    code = str(SCRIPT.parent.parent)
    assert harness.main(["--content", str(content), "--work", str(tmp_path / "ab"), "--rounds", "2",
                         "--json", str(results), f"a={code}", f"b={code}"]) == 0
    found = json.loads(results.read_text())
    assert story.read_bytes() == before and not (tmp_path / "ab" / "story.md").exists()
    assert found["story"] == str(story) and found["same_output"] == {"b": True}
    for name in ("a", "b"):
        trials = found["trials"][name]
        assert len(trials) == 2
        # a rebuild after one story: its own page and the lists showing it, not the whole site
        full = found["full_builds"][name]["rendered"]
        assert all(0 < t["rendered"] < full and t["wall"] > 0 and t["cpu_tree"] >= t["cpu_own"] > 0 for t in trials)
    assert set(found["differences"]["wall"]) == {"b"} and found["differences"]["cpu_own"]["b"]["faster_in"] in (0, 1, 2)
