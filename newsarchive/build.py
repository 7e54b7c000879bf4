"""Running Pelican with the project's settings and theme."""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)

PROJECT = Path(__file__).resolve().parent.parent


def build_site(
    content: Path = Path("content"),
    output: Path = Path("output"),
    settings_file: Path | None = None,
    overrides: dict[str, object] | None = None,
) -> dict[str, int]:
    """Build `output` from `content` with Pelican; raise on Pelican errors. Return the build's
    counts (pages rendered, kept and removed, stories signed...) when incremental builds are on."""
    from pelican import Pelican
    from pelican.settings import read_settings

    from .resources import find_settings
    from .site import pelican_compat
    from .site.state import find_state

    pelican_compat.check_version()
    settings_file = settings_file or find_settings()
    values: dict[str, object] = {"PATH": str(Path(content).resolve()), "OUTPUT_PATH": str(Path(output).resolve())}
    values.update(overrides or {})
    settings = read_settings(str(settings_file), override=values)
    try:
        Pelican(settings).run()
    finally:
        state = find_state(settings)
        if state is not None:
            state.abandon()  # a failed build leaves no card workers running
    return dict(state.stats) if state is not None else {}

