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
) -> None:
    """Build `output` from `content` with Pelican; raise on Pelican errors."""
    from pelican import Pelican
    from pelican.settings import read_settings

    settings_file = settings_file or PROJECT / "pelicanconf.py"
    values: dict[str, object] = {"PATH": str(Path(content).resolve()), "OUTPUT_PATH": str(Path(output).resolve())}
    values.update(overrides or {})
    settings = read_settings(str(settings_file), override=values)
    try:
        Pelican(settings).run()
    finally:
        from .site import cards

        cards.STATE.abandon()  # a failed build leaves no card workers running
