"""The Pelican plugin: reads the stories, writes OUTPUT_PATH/search/ and adds the search page.

A rebuild of a large archive (one the search cache already knows) writes the search folder in
a background process (``concurrent.futures``, as the social cards are drawn) while Pelican
renders the pages: the build reads the text of just the stories the index needs (new or
changed ones), prepares the job at ``all_generators_finalized``, starts the process when the
pages start to render (after the page worker has forked, see newsarchive.site.workers) and
waits for it at ``finalized``, where an error of the job fails the build as it would have in
the build. The process dies with the build (Linux's parent-death signal), so a killed build
leaves nothing writing into the folder of the next one. A build from scratch, or one that must
read most stories again, writes the folder itself (a second copy of the whole analysis in
another process would only add memory): once its own pages are rendered, while the page worker
renders the entity pages, or at ``finalized`` without a worker.
"""

from __future__ import annotations

import html
import locale
import logging
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from pelican import signals

from .cache import TABLE, cached_docs
from .documents import Carried, SearchDoc, describe_doc, digest_parts, with_body
from .index import FRAGMENT_CHARS, SHARD_BYTES, BuildStats, IndexBuild

# --- What search takes from the rest of the site's plugins (re-point these, and only these) -----
from ..incremental import cache_path, file_memo  # the build cache's folder; the per-file memo
from ..incremental.signatures import pack_rows, unpack_rows  # the memo's one-string rows
from ..stories import collect_stories, metadata_list, metadata_text  # the stories and their metadata
from ..pelican_compat import unlinked_html  # the HTML Pelican read, when no link needs replacing
from ..state import ensure_state, find_state  # the build's state, which holds the plugin's
from ..workers import die_with_parent, register as register_workers  # background work's start and end


# -------------------------------------------------------------------------------------------------

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "NEWSARCHIVE_SEARCH": True,
    "NEWSARCHIVE_SEARCH_DIR": "search",  # under OUTPUT_PATH
    "NEWSARCHIVE_SEARCH_PAGE": True,  # render the theme's search.html (off for themes without one)
    # A shard is closed once its JSON passes this many bytes; one very common term can still make
    # a bigger one.
    "NEWSARCHIVE_SEARCH_SHARD_BYTES": SHARD_BYTES,
    "NEWSARCHIVE_SEARCH_FRAGMENT_CHARS": FRAGMENT_CHARS,  # body text kept for snippets
    # Keep what each build analysed under the build cache (incremental.cache_path) so the next
    # build analyses only new or changed stories; off with this or NEWSARCHIVE_INCREMENTAL.
    "NEWSARCHIVE_SEARCH_CACHE": True,
    # Rebuilds write the search folder in a background process while the pages render ...
    "NEWSARCHIVE_SEARCH_WORKER": True,
    "NEWSARCHIVE_SEARCH_WORKER_STORIES": 1_000,  # ... for archives of at least this many stories
}
TAG = re.compile(r"<[^>]*>")
MEMO_NAME = "search"  # what the plugin remembers of each story's file (OwnMemo.known)


def setting(settings: Mapping[str, Any], key: str) -> Any:
    value = settings.get(key)
    return DEFAULTS[key] if value is None else value


def html_text(content: str) -> str:
    """Plain text of HTML that Pelican rendered (tags out, character references decoded)."""
    return " ".join(html.unescape(TAG.sub(" ", content)).split())


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

    def __init__(self, content: Any, memo: Any = None, time_locale: str = "") -> None:
        """`memo`: the build's memo of what files decide (file_memo), which keeps the fields
        (decided by the story's file, the settings and the month names of `time_locale`) and the
        key of a story without links: it is then a function of the same."""
        self.content = content
        self.url = str(content.url)
        self.date = getattr(content, "date", None)
        known = memo.known(content, MEMO_NAME) if memo is not None else None
        key = self.take_fields(known, time_locale)
        if key is None:
            self.read_fields()
        elif len(key) == 32:
            try:
                self.key = bytes.fromhex(key)
                return
            except ValueError:
                pass  # not ours: worked out again
        raw = unlinked_html(content)
        if raw is None:
            self.key = digest_parts("doc", self.body, *describe_doc(self))
        else:
            self.key = digest_parts("html", raw, *describe_doc(self))
        if memo is not None:
            self.remember(memo, time_locale, "" if raw is None else self.key.hex())

    def read_fields(self) -> None:
        """The fields but the URL, date and key, from the story."""
        content = self.content
        category = getattr(content, "category", None)
        self.title = html.unescape(str(getattr(content, "title", "")))
        self.day = str(getattr(content, "locale_date", "") or "") if self.date else ""
        self.source = metadata_text(content, "source")
        self.category = str(category.name) if category is not None else ""
        self.people = tuple(metadata_list(content, "people"))
        self.organizations = tuple(metadata_list(content, "organizations"))
        self.places = tuple(metadata_list(content, "places"))

    def remember(self, memo: Any, time_locale: str, key: str) -> None:
        """Keep the fields and `key` (the hex key of a story without links, else '') in the memo
        (pack_rows), unless a field holds one of its separators."""
        packed = pack_rows([[time_locale, self.title, self.day, self.source, self.category, key],
                            self.people, self.organizations, self.places])
        if packed is not None:
            memo.remember(self.content, MEMO_NAME, packed)

    def take_fields(self, known: Any, time_locale: str) -> str | None:
        """Take the fields read_fields gives from what remember kept under the same locale, and
        return the key kept with them ('' for none); None when there is nothing to take."""
        rows = unpack_rows(known)
        if rows is None or len(rows) != 4 or len(rows[0]) != 6 or rows[0][0] != time_locale:
            return None
        self.title, self.day, self.source, self.category, key = rows[0][1:]
        self.people, self.organizations, self.places = (tuple(row) for row in rows[1:])
        return key

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def body(self) -> str:
        """Worked out on each use, not kept: the bodies of every story of a large archive would
        fill memory, and a build needs a story's body once or twice."""
        return html_text(str(getattr(self.content, "content", "") or ""))

    def doc(self) -> SearchDoc:
        return with_body(self, self.body)



def doc_from_content(content: Any) -> SearchDoc:
    """A SearchDoc for a Pelican article (or undated page)."""
    return Story(content).doc()


def cache_folder(settings: Mapping[str, Any]) -> Path | None:
    """The search's part of the build cache, or None: no cache."""
    if not setting(settings, "NEWSARCHIVE_SEARCH_CACHE") or not settings.get("NEWSARCHIVE_INCREMENTAL", True):
        return None
    return cache_path(settings) / "search"


def background_wanted(settings: Mapping[str, Any], cache: Path | None) -> bool:
    """Whether this build may write its search folder in a background process: a rebuild of an
    archive the cache knows, of at least NEWSARCHIVE_SEARCH_WORKER_STORIES stories, on Linux
    (which ends the process with the build) with more than one core."""
    if not setting(settings, "NEWSARCHIVE_SEARCH_WORKER") or cache is None:
        return False
    if not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2 or not (cache / TABLE).is_file():
        return False
    return cached_docs(cache) >= int(setting(settings, "NEWSARCHIVE_SEARCH_WORKER_STORIES"))


def start_pool() -> ProcessPoolExecutor:
    """One background process, a child of the build itself (spawn: it starts small, not as a copy
    of a build holding every story; a forkserver's child would outlive a killed build)."""
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=die_with_parent, initargs=(os.getpid(),))


class SearchPlugin:
    """The plugin's part of one build's state: the background job, and what it did."""

    def __init__(self, counts: dict[str, int] | None = None) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.job: Future[BuildStats] | None = None
        self.waiting: IndexBuild | None = None  # a job handed over, its process not yet started
        self.pending: tuple[IndexBuild, list[Story]] | None = None  # a job the build writes itself, later
        self.reading = 0.0  # seconds build() spent reading the stories of the pending job
        self.started = 0.0
        self.last_build: BuildStats | None = None
        self.counts = counts if counts is not None else {}  # the build's counts (BuildState.stats)

    def settle(self) -> None:
        """Wait for the job of an earlier build that failed before waiting for it: it may still
        be writing into the same folder."""
        self.waiting = self.pending = None  # that build failed before its pages: its job was never started
        if self.job is None:
            return
        try:
            self.finish()
        except Exception as error:  # noqa: BLE001 - that build failed already; its job's end is not this one's
            log.warning("search: the background job of an earlier, failed build ended with: %s", error)

    def build(self, generators: Sequence[Any]) -> None:
        """Write the search folder for every story, or hand the job to a background process."""
        self.settle()
        self.started = time.perf_counter()
        self.last_build = None
        settings = generators[0].settings
        if not setting(settings, "NEWSARCHIVE_SEARCH"):
            return
        memo = file_memo(settings)
        time_locale = locale.setlocale(locale.LC_TIME)  # the month names of the dates shown
        stories = [Story(story, memo, time_locale) for story in collect_stories(generators)]
        cache = cache_folder(settings)
        job = IndexBuild(Path(settings["OUTPUT_PATH"]) / setting(settings, "NEWSARCHIVE_SEARCH_DIR"),
                         shard_bytes=int(setting(settings, "NEWSARCHIVE_SEARCH_SHARD_BYTES")),
                         fragment_chars=int(setting(settings, "NEWSARCHIVE_SEARCH_FRAGMENT_CHARS")), cache=cache)
        if background_wanted(settings, cache) and self.hand_over(job, stories, settings):
            return
        # Written while the page worker renders its pages (its process holds the stories too), or
        # at the end of the build without one.
        self.pending = (job, stories)
        self.reading = time.perf_counter() - self.started
        ensure_state(settings).meanwhile.append(self.write_pending)

    def write_pending(self) -> None:
        """Write the search folder in the build's process, if build() left it to be written."""
        pending, self.pending = self.pending, None
        if pending is not None:
            job, stories = pending
            start = time.perf_counter()
            job.plan(stories)
            stats = job.write()
            self.report(stats, self.reading + time.perf_counter() - start)

    def hand_over(self, job: IndexBuild, stories: list[Story], settings: dict[str, Any]) -> bool:
        """Give the job to a background process with the text of just the stories it reads;
        False when it reads most of them (the build then writes the folder itself)."""
        carried = [Carried.of(story) for story in stories]
        needed = job.plan(carried)
        if len(needed) > len(stories) // 2:
            return False
        for position in needed:
            carried[position].text = stories[position].body
        # Started when the pages start to render, once the page worker has forked (a fork copies
        # one thread only: the pool's own must not be running then).
        self.waiting = job
        ensure_state(settings).starters.append(self.start_job)
        return True

    def start_job(self) -> None:
        """Start the background process on the job hand_over prepared."""
        job, self.waiting = self.waiting, None
        if job is not None:
            self.pool = start_pool()
            self.job = self.pool.submit(job.write)

    def finish(self, pelican: Any = None) -> None:
        """finalized: wait for the background job, if the build gave it the folder to write."""
        self.write_pending()  # no page worker ran to write it beside
        waiting, self.waiting = self.waiting, None
        if waiting is not None:  # the pages never started to render: no process was started
            self.report(waiting.write())
            return
        pool, job, self.pool, self.job = self.pool, self.job, None, None
        if job is None:
            return
        try:
            stats = job.result()
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        self.report(replace(stats, background=True))

    def report(self, stats: BuildStats, seconds: float | None = None) -> None:
        """Count and log what the job did; `seconds` it took with reading the stories (by default
        all the time since build())."""
        stats = replace(stats, seconds=time.perf_counter() - self.started if seconds is None else seconds)
        self.last_build = stats
        self.counts.update(search_documents=stats.docs, search_analysed=stats.analysed,
                           search_background=int(stats.background), search_ms=round(stats.seconds * 1000))
        log.info("search: %d documents (%d analysed), %d terms in %d shards, %.2f s%s", stats.docs, stats.analysed,
                 stats.terms, stats.shards, stats.seconds, " (in the background)" if stats.background else "")


def add_search_page(pelican: Any) -> None:
    """initialized: render the theme's search.html as a direct template."""
    settings = pelican.settings
    if setting(settings, "NEWSARCHIVE_SEARCH") and setting(settings, "NEWSARCHIVE_SEARCH_PAGE"):
        templates = list(settings.get("DIRECT_TEMPLATES") or [])
        if "search" not in templates:
            settings["DIRECT_TEMPLATES"] = [*templates, "search"]


def plugin_of(settings: dict[str, Any]) -> SearchPlugin:
    """The search plugin's part of the state of the build these settings belong to."""
    state = ensure_state(settings)
    if state.search is None:
        state.search = SearchPlugin(state.stats)
    return state.search


def build_index(generators: Sequence[Any]) -> None:
    """all_generators_finalized: write the search folder, or hand it to the background."""
    plugin_of(generators[0].settings).build(generators)


def finish_index(pelican: Any) -> None:
    """finalized: wait for the background job of this build, if it has one."""
    state = find_state(pelican.settings)
    if state is not None and state.search is not None:
        state.search.finish()


def register() -> None:
    signals.initialized.connect(add_search_page)
    signals.all_generators_finalized.connect(build_index)
    signals.finalized.connect(finish_index)
    register_workers()
