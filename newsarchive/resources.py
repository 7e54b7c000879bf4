"""Where a build finds its Pelican settings and its theme: the folder it runs in first (Pelican's
own convention), then the package, whose wheel carries the theme, then the source checkout."""

from __future__ import annotations

import copy
import errno
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent
# The source checkout the package runs from (an editable install), if it is one.
CHECKOUT = PACKAGE.parent
SETTINGS_NAME = "pelicanconf.py"
THEME_NAME = "theme"


def in_checkout() -> bool:
    """Whether the package runs from a source checkout (not an installed copy in site-packages)."""
    return (CHECKOUT / "pyproject.toml").is_file()


def is_theme(folder: Path) -> bool:
    """Whether folder is a Pelican theme: a folder holding a templates/ folder."""
    return (folder / "templates").is_dir()


def find_settings(folder: Path | None = None) -> Path:
    """The settings file of a build given none: folder's (default: the current one) pelicanconf.py,
    else the checkout's, else the package's defaults (newsarchive/pelicanconf.py)."""
    folder = Path.cwd() if folder is None else folder
    candidates = [folder / SETTINGS_NAME]
    if in_checkout():
        candidates.append(CHECKOUT / SETTINGS_NAME)
    found = next((path for path in candidates if path.is_file()), PACKAGE / SETTINGS_NAME)
    log.debug("settings: %s", found)
    return found


def find_theme(folder: Path | None = None) -> Path:
    """The theme of the default settings: folder's (default: the current one) theme/, else the one
    the installed package carries, else the checkout's theme/."""
    folder = Path.cwd() if folder is None else folder
    candidates = [folder / THEME_NAME, PACKAGE / THEME_NAME]
    if in_checkout():
        candidates.append(CHECKOUT / THEME_NAME)
    for path in candidates:
        if is_theme(path):
            log.debug("theme: %s", path)
            return path.resolve()
    raise FileNotFoundError(errno.ENOENT, "no theme: the package was installed without its theme/ (reinstall it)",
                            os.fspath(PACKAGE / THEME_NAME))


def default_settings() -> dict[str, Any]:
    """A fresh copy of the package's settings (newsarchive/pelicanconf.py) for a settings file to
    start from: Pelican changes some values in place (it adds to MARKDOWN), and one build's changes
    must not reach the next build in the same process."""
    from . import pelicanconf

    return copy.deepcopy({name: value for name, value in vars(pelicanconf).items() if name.isupper()})
