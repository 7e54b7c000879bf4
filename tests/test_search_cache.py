"""The search build's cache: a rebuild that reuses what earlier builds analysed writes the same
search folder, byte for byte, as a build from scratch, and analyses only new or changed stories.

Each scenario builds an archive with the cache, changes it (adds, removes, edits, moves stories),
rebuilds with the cache and compares the folder with a build of the changed archive into an
empty folder without one. The Pelican tests run the plugin in a real Pelican build.
"""

from __future__ import annotations

import bisect
import copy
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from newsarchive.site.search import plugin
from newsarchive.site.search.cache import PLACED, TABLE, cached_docs
from newsarchive.site.search.documents import FIELD_NAMES, SearchDoc, js_order, sort_docs
from newsarchive.site.search.fragments import fragment_path
from newsarchive.site.search.index import BuildStats, write_index

from .conftest import alive, outlives_killed

# Where a rebuild's search folder is written by a background process (see plugin.py).
WORKER = sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1

CATEGORIES = ("Business", "Politics", "Sport", "Tech")
WORDS = ("harbour council budget vote minister election rail strike energy price market shares "
         "court ruling police report weather storm flood school teachers hospital nurses league "
         "match goal coach transfer phone software chip data privacy river bridge museum").split()
START = datetime(2010, 1, 1, tzinfo=timezone.utc)


def make_doc(number: int, rng: random.Random) -> SearchDoc:
    date = START + timedelta(days=rng.randrange(3000), minutes=number)
    words = [rng.choice(WORDS) for _ in range(rng.randint(30, 80))]
    return SearchDoc(
        title=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} story {number}",
        body=" ".join(words) + f". Reported by desk{number % 7}.",
        url=f"{date:%Y}/{date:%m}/story-{number}.html",
        date=date,
        day=f"{date.day} {date:%B %Y}",
        source=("BBC News", "Metro Wire")[number % 2],
        category=CATEGORIES[number % len(CATEGORIES)],
        people=(f"Person {number % 5}",),
        places=(("London", "Lagos", "Lima")[number % 3],),
    )


@pytest.fixture(scope="module")
def archive() -> list[SearchDoc]:
    rng = random.Random(3)
    return [make_doc(number, rng) for number in range(120)]


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(docs: list[SearchDoc], folder: Path, cache: Path | None, chars: int = 300) -> BuildStats:
    # small shards, so that shards are many and most survive a rebuild under their names
    return write_index(docs, folder, shard_bytes=4_000, fragment_chars=chars, cache=cache)


def add_newest(docs: list[SearchDoc]) -> list[SearchDoc]:
    return [*docs, replace(make_doc(500, random.Random(5)), date=START + timedelta(days=4000), category="Politics")]


def add_first(docs: list[SearchDoc]) -> list[SearchDoc]:  # document 0: every number shifts
    return [replace(make_doc(501, random.Random(6)), date=START - timedelta(days=1), category="Business"), *docs]


def remove_one(docs: list[SearchDoc]) -> list[SearchDoc]:
    return docs[:10] + docs[11:]


def edit_body(docs: list[SearchDoc]) -> list[SearchDoc]:
    return [replace(d, body=d.body + " zorkmid") if n == 20 else d for n, d in enumerate(docs)]


def move_category(docs: list[SearchDoc]) -> list[SearchDoc]:  # numbers move both ways
    return [replace(d, category="Sport") if n in (1, 5) else replace(d, category="Business") if n == 30 else d
            for n, d in enumerate(docs)]


def add_and_remove(docs: list[SearchDoc]) -> list[SearchDoc]:
    return add_first(remove_one(add_newest(docs)))


def unchanged(docs: list[SearchDoc]) -> list[SearchDoc]:
    return list(docs)


# (change, documents the rebuild must analyse)
SCENARIOS: list[tuple[Callable[[list[SearchDoc]], list[SearchDoc]], int]] = [
    (unchanged, 0),
    (add_newest, 1),
    (add_first, 1),
    (remove_one, 0),
    (edit_body, 1),
    (move_category, 3),
    (add_and_remove, 2),
]


@pytest.mark.parametrize("change, analysed", SCENARIOS, ids=[c.__name__ for c, _ in SCENARIOS])
def test_cached_rebuild_equals_a_build_from_scratch(archive: list[SearchDoc], tmp_path: Path,
                                                   change: Callable[[list[SearchDoc]], list[SearchDoc]],
                                                   analysed: int) -> None:
    folder, cache = tmp_path / "site" / "search", tmp_path / "cache"
    first = build(archive, folder, cache)
    assert first.analysed == len(archive)
    before = files(folder)
    changed = change(archive)
    stats = build(changed, folder, cache)
    scratch = build(changed, tmp_path / "scratch" / "search", None)
    assert files(folder) == files(tmp_path / "scratch" / "search")
    assert stats.analysed == analysed
    assert scratch.analysed == len(changed)
    # fragments written again: only those of analysed documents (the rest stay or are renamed)
    assert stats.fragments_written <= analysed
    if change is unchanged:
        assert stats.fragments_moved == 0 and files(folder) == before
    if change is add_first:
        assert stats.fragments_moved == len(archive)


@pytest.mark.parametrize("change", [add_newest, add_first, remove_one, move_category])
def test_fragments_stay_or_are_renamed(archive: list[SearchDoc], tmp_path: Path,
                                       change: Callable[[list[SearchDoc]], list[SearchDoc]]) -> None:
    """A story's fragment file stays where it is, or is renamed to its new number: the same file."""
    folder, cache = tmp_path / "search", tmp_path / "cache"
    build(archive, folder, cache)
    marks = {}
    for number, doc in enumerate(sort_docs(archive)):  # mark each file by its modification time
        os.utime(folder / fragment_path(number), ns=(1, 1_000 + number))
        marks[1_000 + number] = doc.url
    changed = change(archive)
    stats = build(changed, folder, cache)
    same = [doc.url for n, doc in enumerate(sort_docs(changed))
            if marks.get((folder / fragment_path(n)).stat().st_mtime_ns) == doc.url]
    assert set(same) == {doc.url for doc in changed if doc in set(archive)}
    assert stats.fragments_written == stats.analysed


def postings_of(folder: Path, term: str) -> dict[str, list[int]]:
    """The documents holding `term`, per field, read from the search folder as the browser does."""
    manifest = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    firsts = [js_order(first) for first, _ in manifest["shards"]]
    shard = manifest["shards"][bisect.bisect_right(firsts, js_order(term)) - 1][1]
    data = json.loads((folder / shard).read_text(encoding="utf-8"))
    if term not in data["terms"]:
        return {}
    entry = data["postings"][data["terms"].index(term)]
    found: dict[str, list[int]] = {}
    for number, deltas in zip(entry[1::3], entry[2::3]):
        docs, doc = [], 0
        for delta in deltas:
            doc += delta
            docs.append(doc)
        found[FIELD_NAMES[number]] = docs
    return found


def test_changed_body_updates_its_postings(archive: list[SearchDoc], tmp_path: Path) -> None:
    folder, cache = tmp_path / "search", tmp_path / "cache"
    docs = [replace(d, body="quixotry " + d.body) if n == 7 else d for n, d in enumerate(archive)]
    build(docs, folder, cache)
    number = sort_docs(docs).index(docs[7])
    assert postings_of(folder, "quixotri") == {"body": [number]}  # lunr's stem
    assert postings_of(folder, "zorkmid") == {}
    docs[7] = replace(docs[7], body="zorkmid " + archive[7].body)
    stats = build(docs, folder, cache)
    assert stats.analysed == 1
    assert postings_of(folder, "zorkmid") == {"body": [number]}
    assert postings_of(folder, "quixotri") == {}
    fragment = json.loads((folder / fragment_path(number)).read_text(encoding="utf-8"))
    assert fragment["text"].startswith("zorkmid ")


def test_a_missing_or_interrupted_folder_is_written_again(archive: list[SearchDoc], tmp_path: Path) -> None:
    folder, cache = tmp_path / "search", tmp_path / "cache"
    build(archive, folder, cache)
    (folder / fragment_path(5)).unlink()  # a fragment deleted by hand
    build(archive, folder, cache)
    assert (folder / fragment_path(5)).is_file()

    # A build that fails after moving fragments (a folder stands where a fragment goes): the
    # cache no longer claims the fragments are in place, and the next build repairs them.
    changed = add_first(edit_body(archive))
    target = sort_docs(changed).index(changed[21])  # the edited story, analysed again
    (folder / fragment_path(target)).unlink()
    (folder / fragment_path(target)).mkdir()
    with pytest.raises(OSError):
        build(changed, folder, cache)
    assert not (cache / PLACED).exists()
    (folder / fragment_path(target)).rmdir()
    stats = build(changed, folder, cache)
    assert stats.analysed == 2  # the failed build's table was not saved
    assert files(folder) == files(build_scratch(changed, tmp_path / "scratch"))


def build_scratch(docs: list[SearchDoc], folder: Path, chars: int = 300) -> Path:
    build(docs, folder / "search", None, chars)
    return folder / "search"


def test_settings_that_change_fragments_rewrite_them(archive: list[SearchDoc], tmp_path: Path) -> None:
    folder, cache = tmp_path / "search", tmp_path / "cache"
    build(archive, folder, cache, chars=300)
    stats = build(archive, folder, cache, chars=50)
    assert stats.fragments_written == len(archive)
    assert files(folder) == files(build_scratch(archive, tmp_path / "scratch", chars=50))


# --- Pelican stories: keys that never need the text of a story seen before ----------------------


def pelican_article(html: str, title: str = "Harbour vote") -> Any:
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG
    from pelican.urlwrappers import Category
    from pelican.utils import SafeDatetime

    settings = copy.deepcopy(DEFAULT_CONFIG)
    context = {"localsiteurl": "", "generated_content": {}, "static_content": {}, "static_links": set(),
               "filenames": {}}
    metadata = {"title": title, "date": SafeDatetime(2020, 1, 2), "category": Category("News", settings),
                "people": "Ann Johnson, Bob Peterson"}
    return Article(html, metadata=metadata, settings=settings, source_path="/content/a.md", context=context)


STORIES = [
    # (Pelican's HTML, whether it holds an intra-site link, the text)
    ("<p>The council voted &amp; won.</p>", False, "The council voted & won."),
    ('<p>See <a href="https://example.com/{x}">this</a>.</p>', False, "See this ."),
    ('<p>See <a href="{filename}/other.md">the earlier story</a>.</p>', True, "See the earlier story ."),
    ("<p>Pipes | braces {filename} in text</p>", False, "Pipes | braces {filename} in text"),
    ("", False, ""),
]


@pytest.mark.parametrize("html, linked, text", STORIES)
def test_story_key_and_text(html: str, linked: bool, text: str) -> None:
    article = pelican_article(html)
    story = plugin.Story(article)
    assert (plugin.unlinked_html(article) is None) == linked
    assert story.body == text == plugin.html_text(article.content)
    assert story.doc() == plugin.doc_from_content(article)
    assert story.doc().people == ("Ann Johnson", "Bob Peterson")
    # the key follows what reaches the index
    assert plugin.Story(pelican_article(html)).key == story.key
    assert plugin.Story(pelican_article(html + "<p>More.</p>")).key != story.key
    assert plugin.Story(pelican_article(html, title="Harbour votes")).key != story.key


def write_story(content: Path, number: int, body: str, category: str = "News") -> None:
    content.mkdir(parents=True, exist_ok=True)
    (content / f"story-{number}.md").write_text(
        f"Title: Story {number} about the {WORDS[number % len(WORDS)]}\n"
        f"Date: 2020-01-{1 + number % 28:02d} {number % 24:02d}:00\n"
        f"Category: {category}\nSlug: story-{number}\nPeople: Person {number % 3}\n\n{body}\n",
        encoding="utf-8",
    )


def pelican_build(content: Path, output: Path, cache: Path | None, **settings: Any) -> dict[str, int]:
    """The build's counts (search_analysed, search_background...)."""
    from newsarchive.build import build_site

    return build_site(content, output, overrides={
        "PLUGINS": ["newsarchive.site.search"], "THEME": "notmyidea", "NEWSARCHIVE_SEARCH_PAGE": False,
        "DIRECT_TEMPLATES": [], "NEWSARCHIVE_SEARCH_SHARD_BYTES": 3_000,
        "NEWSARCHIVE_SEARCH_CACHE": cache is not None, "NEWSARCHIVE_CACHE_PATH": str(cache or ""),
        "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, "NEWSARCHIVE_SEARCH_WORKER_STORIES": 0, **settings,
    })


def test_pelican_rebuild_with_one_more_story_equals_a_full_build(tmp_path: Path) -> None:
    content, output, cache = tmp_path / "content", tmp_path / "output", tmp_path / "cache"
    rng = random.Random(9)
    for number in range(30):
        body = " ".join(rng.choice(WORDS) for _ in range(60))
        if number == 4:
            body += " See [the first story]({filename}story-0.md) too."
        write_story(content, number, body, category=("News", "Sport")[number % 2])
    assert pelican_build(content, output, cache)["search_analysed"] == 30
    assert (cache / "search" / TABLE).is_file()
    write_story(content, 30, "A late story about the harbour zorkmid.", category="News")
    write_story(content, 3, "An edited story about the quixotry of the bridge.", category="Sport")
    stats = pelican_build(content, output, cache)
    # the new story, the edited one and the one with a link (keyed by its text, not analysed again)
    assert stats["search_analysed"] == 2
    assert bool(stats["search_background"]) is WORKER  # a rebuild: written in the background while the pages render
    pelican_build(content, tmp_path / "full", None)
    assert files(output / "search") == files(tmp_path / "full" / "search")
    assert postings_of(output / "search", "zorkmid")["body"]


def small_archive(content: Path, stories: int = 30, seed: int = 9) -> None:
    rng = random.Random(seed)
    for number in range(stories):
        write_story(content, number, " ".join(rng.choice(WORDS) for _ in range(60)), category=("News", "Sport")[number % 2])


@pytest.mark.skipif(not WORKER, reason="no background search on this machine (one core, or not Linux)")
def test_an_error_in_the_background_fails_the_build(tmp_path: Path) -> None:
    """The background job meets an error (a folder stands where the new story's fragment goes);
    the build raises it once the pages are written, as a build writing the folder itself would
    have, and the next build is whole again."""
    content, output, cache = tmp_path / "content", tmp_path / "output", tmp_path / "cache"
    small_archive(content)
    pelican_build(content, output, cache)
    write_story(content, 30, "A late story about the harbour zorkmid.", category="Sport")  # the last one
    blocker = output / "search" / fragment_path(30)
    blocker.mkdir()
    with pytest.raises(OSError):
        pelican_build(content, output, cache)
    assert list(output.rglob("story-30.html")), "the error should come from the background, after the pages"
    blocker.rmdir()
    pelican_build(content, output, cache)
    pelican_build(content, tmp_path / "full", None)
    assert files(output / "search") == files(tmp_path / "full" / "search")


def test_a_mostly_new_archive_is_written_by_the_build(tmp_path: Path) -> None:
    """When most stories must be analysed again, the build writes the folder itself, as a build
    from scratch does (with no second copy of the analysis in another process)."""
    content, output, cache = tmp_path / "content", tmp_path / "output", tmp_path / "cache"
    small_archive(content)
    pelican_build(content, output, cache)
    small_archive(content, seed=10)  # every story's text changes
    stats = pelican_build(content, output, cache)
    assert stats["search_analysed"] == 30 and not stats["search_background"]
    pelican_build(content, tmp_path / "full", None)
    assert files(output / "search") == files(tmp_path / "full" / "search")


# A build that starts the background process, gives it a long job and dies.
POOL_OWNER = """
import os, time
from newsarchive.site.search.plugin import start_pool
pool = start_pool()
print(pool.submit(os.getpid).result(), flush=True)
pool.submit(time.sleep, 60)
time.sleep(60)
"""


@pytest.mark.skipif(not WORKER, reason="no background search on this machine (one core, or not Linux)")
def test_the_background_process_dies_with_the_build() -> None:
    """A killed build leaves no process behind to write into the folder of the next build."""
    owner = subprocess.Popen([sys.executable, "-c", POOL_OWNER], stdout=subprocess.PIPE, text=True)
    assert owner.stdout is not None
    pid = int(owner.stdout.readline())
    try:
        time.sleep(0.5)
        assert alive(pid)
        assert not outlives_killed(owner, pid)
    finally:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not WORKER, reason="no background search on this machine (one core, or not Linux)")
def test_a_build_waits_for_the_job_of_an_earlier_failed_build(archive: list[SearchDoc], tmp_path: Path) -> None:
    """A build that failed after handing its search folder to the background never waited for
    it; the next build waits before it writes, so two never write the same folder."""
    folder, cache = tmp_path / "site" / "search", tmp_path / "cache"
    build(archive, folder, cache)
    from newsarchive.site.search.index import IndexBuild

    earlier = plugin.SearchPlugin()
    job = IndexBuild(folder, shard_bytes=4_000, fragment_chars=300, cache=cache)
    job.plan(add_newest(archive))
    earlier.pool = plugin.start_pool()
    earlier.job = earlier.pool.submit(job.write)  # ... and the build fails before finalized
    earlier.settle()
    assert earlier.job is None and earlier.pool is None
    assert earlier.last_build is not None and earlier.last_build.analysed == 1
    build(add_newest(archive), tmp_path / "scratch" / "search", None)
    assert files(folder) == files(tmp_path / "scratch" / "search")


def test_a_small_archive_is_written_without_a_background_process(tmp_path: Path) -> None:
    """Below NEWSARCHIVE_SEARCH_WORKER_STORIES stories, starting a process costs more than the index."""
    content, output, cache = tmp_path / "content", tmp_path / "output", tmp_path / "cache"
    small_archive(content)
    pelican_build(content, output, cache)
    assert cached_docs(cache / "search") == 30
    write_story(content, 30, "A late story about the harbour zorkmid.")
    stats = pelican_build(content, output, cache, NEWSARCHIVE_SEARCH_WORKER_STORIES=31)
    assert stats["search_analysed"] == 1 and not stats["search_background"]
    assert cached_docs(tmp_path / "nowhere") == 0
