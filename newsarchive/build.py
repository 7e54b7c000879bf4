"""Running Pelican with the project's settings and theme."""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

log = logging.getLogger(__name__)

PROJECT = Path(__file__).resolve().parent.parent


def build_site(
    content: Path = Path("content"),
    output: Path = Path("output"),
    settings_file: Path | None = None,
    overrides: dict[str, object] | None = None,
    verify: bool = False,
) -> dict[str, int]:
    """Build `output` from `content` with Pelican; raise on Pelican errors. Return the build's
    counts (pages rendered, kept and removed, stories signed...) when incremental builds are on.
    `verify` checks the incremental build's shortcuts as it goes (see BuildState.verify)."""
    from .site.state import STATE_KEY, BuildState

    state = BuildState()
    state.verify = verify
    state.pause_collector()  # starting: the imports, settings and plugins make objects that last
    # A build holds every story at once and allocates millions of small objects that live to its
    # end: with Python's default thresholds the collector walks them again and again. Young
    # objects are still collected as often; walks of the older generations become rare.
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 100, 100)
    try:
        from pelican import Pelican
        from pelican.settings import read_settings

        from .resources import find_settings
        from .site import pelican_compat

        pelican_compat.check_version()
        settings_file = settings_file or find_settings()
        values: dict[str, object] = {"PATH": str(Path(content).resolve()), "OUTPUT_PATH": str(Path(output).resolve())}
        values.update(overrides or {})
        settings = read_settings(str(settings_file), override=values)
        settings[STATE_KEY] = state
        pelican = Pelican(settings)
        if state.memo is None or not state.memo.before:  # not a rebuild: the stories are read from their files
            state.resume_collector()
        pelican.run()
    finally:
        gc.set_threshold(*thresholds)
        state.end_collector_pause()
        state.abandon()  # a failed build leaves no card workers running
    return dict(state.stats)


def exit_now(code: int) -> NoReturn:
    """End a build's process without the interpreter freeing the build's objects one by one.

    A build ends holding every story, its pages' contexts and the caches' signatures: millions of
    small objects, which the interpreter's shutdown frees one at a time. Nothing is lost by skipping that: every
    file a build writes is closed and renamed into place before build_site returns, and the card
    workers are stopped. Logging and the standard streams are flushed here. Only for a process
    that ran the command line: a caller inside Python (a test) gets the code back instead.
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
