"""The state of one build, shared by the project's plugins: one object per build, no module globals.

It rides in Pelican's settings under a lower-case key (Pelican reads upper-case settings only), so
every generator, the writer and every plugin reach it from the settings they are handed, and a new
build (new settings) starts from a new one.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

from .settings import BoundedCache

log = logging.getLogger(__name__)

STATE_KEY = "newsarchive_build"
FEED_CACHE_ENTRIES = 16_384  # feed entries kept as XML: a story's feeds are mostly written close together


class BuildState:
    """What the plugins share during one build: the incremental build's memo of the stories'
    files, its writers, the pages it kept rather than wrote, the build's counts, the sitemap's
    entries, what the feeds work out once per story, and the cards."""

    def __init__(self) -> None:
        self.memo: Any = None  # incremental.signatures.OwnMemo, when incremental builds are on
        self.interrupted = False  # the last build into the same output was killed (incremental builds)
        # A verified build checks the incremental build's shortcuts against the work they save (the
        # related lists and entity companions here, the pages kept as before in the writer) and
        # lists what they got wrong, which it then works out in full.
        self.verify = False
        self.mismatched: list[str] = []
        self.writers: list[Any] = []  # the incremental writers to finish at the end of the build
        # Per kept call: its pages' output names and the values it would have been written with
        # (a story page's `article`), for the sitemap (Pelican announces only the pages it writes).
        self.kept_pages: list[tuple[list[str], Mapping[str, Any]]] = []
        self.stats: dict[str, int] = {}  # pages rendered, kept, removed; stories signed, reused...
        self.sitemap: dict[str, str] = {}  # page URL -> its story's date, for the sitemap
        self.stories_by_url: dict[str, Any] = {}  # for the feeds: an entry's story by its link
        # A story is in many feeds (all, its category, each author, tag and entity): what the feeds
        # plugin sets on its entry, and the entry's XML per feed format, are worked out once.
        self.entry_fixes: dict[tuple[str, Any], dict[str, Any]] = {}
        self.entry_xml: dict[tuple[type, str, str], str] = BoundedCache(FEED_CACHE_ENTRIES)
        self.cards: Any = None  # newsarchive.site.cards.Cards: which card each story gets, its workers
        self.search: Any = None  # newsarchive.site.search.plugin.SearchPlugin: its background job
        # The page jobs a forked worker may render while Pelican renders its own pages, by name:
        # each writes its pages with the writer it is given (see newsarchive.site.workers).
        self.page_jobs: dict[str, Callable[[Any], None]] = {}
        self.worker: Any = None  # newsarchive.site.workers.PageWorker, once started
        # Background work that starts threads (process pools), started once the worker has forked.
        self.starters: list[Callable[[], None]] = []
        # Work the build does itself while the worker renders, before waiting for it (the search
        # folder); each is also done at the end of the build if no worker ran.
        self.meanwhile: list[Callable[[], None]] = []
        self.collector_paused = self.collector_frozen = False  # see pause_collector

    # A build starts (imports, settings, plugins) and a rebuild that reads few story files makes
    # its context (the stories from Pelican's content cache, the records, the plugins' indexes and
    # signatures) out of millions of objects that live to the build's end, and little garbage:
    # the collector would walk each of them once or more. So build_site switches the collector off
    # as it starts; it is on again, with what was made by then frozen (gc.freeze) out of later
    # walks until the build ends, once the build is not such a rebuild, or reads many story files,
    # or starts to render its pages.

    def pause_collector(self) -> None:
        """Switch the garbage collector off (build_site only, which ends the pause however the
        build ends; see resume_collector)."""
        if gc.isenabled():
            gc.disable()
            self.collector_paused = True

    def resume_collector(self) -> None:
        """Switch the collector back on, every object made so far kept out of its walks until
        end_collector_pause: before the build reads many story files or renders its pages."""
        if self.collector_paused:
            self.collector_paused = False
            gc.freeze()
            self.collector_frozen = True
            gc.enable()

    def end_collector_pause(self) -> None:
        """The build is over (or failed): the collector on, and nothing left frozen."""
        self.resume_collector()
        if self.collector_frozen:
            self.collector_frozen = False
            gc.unfreeze()

    def abandon(self) -> None:
        """Stop the workers a failed build left running; wait for its search job."""
        self.starters.clear()
        self.meanwhile.clear()
        if self.worker is not None:
            self.worker.abandon()
        if self.cards is not None:
            self.cards.abandon()
        if self.search is not None:
            self.search.settle()  # its background job may still be writing the search folder

    def __fingerprint__(self, level: int) -> str:
        """Pages never show the build's state: a constant for the incremental build's signatures."""
        return "build-state"

    def __reduce__(self) -> tuple[type, tuple[()]]:
        """Pelican pickles the settings with each story it caches: an empty state goes with them."""
        return (BuildState, ())


def ensure_state(settings: MutableMapping[str, Any]) -> BuildState:
    """The state of the build these settings belong to, made when the first plugin asks."""
    state = find_state(settings)
    if state is None:
        state = settings[STATE_KEY] = BuildState()
    return state


def give_state(pelican: Any) -> None:
    """Pelican's `initialized` signal: the build gets its state before Pelican copies its settings
    into the templates' context, so the plugins find it there too."""
    ensure_state(pelican.settings)


def find_state(settings: Mapping[str, Any] | None) -> BuildState | None:
    """The state of the build these settings belong to, or None outside a build the plugins set up."""
    state = settings.get(STATE_KEY) if isinstance(settings, Mapping) else None
    return state if isinstance(state, BuildState) else None


def note_mismatches(state: BuildState | None, what: str, keys: list[str]) -> None:
    """Record what a verified build found a shortcut got wrong (`what`: the shortcut)."""
    if state is not None and keys:
        state.mismatched += [f"{what}:{key}" for key in keys]
        log.warning("verify: %d %s worked out with a shortcut differ from the full work, e.g. %s",
                    len(keys), what, keys[0])
