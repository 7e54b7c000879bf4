"""The state of one build, shared by the project's plugins: one object per build, no module globals.

It rides in Pelican's settings under a lower-case key (Pelican reads upper-case settings only), so
every generator, the writer and every plugin reach it from the settings they are handed, and a new
build (new settings) starts from a new one.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

STATE_KEY = "newsarchive_build"


class BuildState:
    """What the plugins share during one build: the incremental build's memo of the stories'
    files, its writers, the pages it kept rather than wrote, and the build's counts."""

    def __init__(self) -> None:
        self.memo: Any = None  # incremental.signatures.OwnMemo, when incremental builds are on
        self.writers: list[Any] = []  # the incremental writers to finish at the end of the build
        # Per kept call: its pages' output names and the values it would have been written with
        # (a story page's `article`), for the sitemap (Pelican announces only the pages it writes).
        self.kept_pages: list[tuple[list[str], Mapping[str, Any]]] = []
        self.stats: dict[str, int] = {}  # pages rendered, kept, removed; stories signed, reused...

    def __fingerprint__(self, level: int) -> str:
        """Pages never show the build's state: a constant for the incremental build's signatures."""
        return "build-state"

    def __reduce__(self) -> tuple[type, tuple[()]]:
        """Pelican pickles the settings with each story it caches: an empty state goes with them."""
        return (BuildState, ())


def new_state(settings: MutableMapping[str, Any]) -> BuildState:
    """Give a build (its settings) a new state."""
    state = settings[STATE_KEY] = BuildState()
    return state


def find_state(settings: Mapping[str, Any] | None) -> BuildState | None:
    """The state of the build these settings belong to, or None outside a build the plugins set up."""
    state = settings.get(STATE_KEY) if isinstance(settings, Mapping) else None
    return state if isinstance(state, BuildState) else None
