"""The cycle collector is paused while a rebuild takes its stories from Pelican's cache, and only
then: a first build, one that reads many stories from their files, and a build with incremental
builds off keep it running; every build, finished or failed, leaves it running with nothing frozen."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pelican import signals

from newsarchive.bench import generate_corpus
from newsarchive.build import build_site
from newsarchive.ingest import Options, ingest
from newsarchive.site import collector

from .conftest import SHARED

pytestmark = pytest.mark.slow

SEEN: dict[str, tuple[bool, int]] = {}


def context_done(generators: Any) -> None:
    SEEN.setdefault("context", (gc.isenabled(), gc.get_freeze_count()))


def writing(generator: Any, content: Any = None) -> None:
    SEEN.setdefault("output", (gc.isenabled(), gc.get_freeze_count()))


def fail(generators: Any) -> None:
    raise RuntimeError("a plugin failed")


@pytest.fixture
def probe() -> Iterator[dict[str, tuple[bool, int]]]:
    signals.all_generators_finalized.connect(context_done)
    signals.article_generator_write_article.connect(writing)
    try:
        yield SEEN
    finally:
        signals.all_generators_finalized.disconnect(context_done)
        signals.article_generator_write_article.disconnect(writing)


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("collector")
    generate_corpus(12, root / "seeds", SHARED / "corpus" / "bbc")
    ingest(root / "seeds", Options(content=root / "content"))
    return root / "content"


def build(content: Path, output: Path, **settings: object) -> dict[str, tuple[bool, int]]:
    SEEN.clear()
    build_site(content, output, overrides=settings)
    assert gc.isenabled() and gc.get_freeze_count() == 0  # running again, over everything
    return dict(SEEN)


def test_paused_only_while_a_rebuild_works_out_its_context(content: Path, tmp_path: Path, probe: Any) -> None:
    first = build(content, tmp_path / "out")
    assert first["context"][0], "a first build reads every story from its file: the collector runs"
    again = build(content, tmp_path / "out")
    assert again["context"] == (False, 0), "stories from the cache: paused"
    enabled, frozen = again["output"]
    assert enabled and frozen > 0, "the pages are rendered with the collector running, the context set aside"


def test_many_stories_read_from_their_files_end_the_pause(content: Path, tmp_path: Path, probe: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    build(content, tmp_path / "out")
    monkeypatch.setattr(collector, "FRESH_STORIES", 2)
    stories = sorted(content.rglob("*.md"))
    assert len(stories) > 3
    for story in stories[:3]:  # newer files: Pelican reads them again
        stat = story.stat()
        os.utime(story, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert build(content, tmp_path / "out")["context"][0]
    # Pelican's cache is saved only after many stories were read again (see
    # incremental.defer_cache_save): the next build reads the same three once more.
    monkeypatch.setattr(collector, "FRESH_STORIES", 3)
    assert build(content, tmp_path / "out")["context"] == (False, 0)


def test_not_paused_without_incremental_builds(content: Path, tmp_path: Path, probe: Any) -> None:
    build(content, tmp_path / "out", NEWSARCHIVE_INCREMENTAL=False)
    assert build(content, tmp_path / "out", NEWSARCHIVE_INCREMENTAL=False)["context"][0]


def test_a_failed_build_leaves_the_collector_running(content: Path, tmp_path: Path, probe: Any) -> None:
    build(content, tmp_path / "out")
    signals.all_generators_finalized.connect(fail)
    try:
        with pytest.raises(RuntimeError, match="a plugin failed"):
            build_site(content, tmp_path / "out")
    finally:
        signals.all_generators_finalized.disconnect(fail)
    assert gc.isenabled() and gc.get_freeze_count() == 0
