"""Pelican settings for building the archive from this checkout (`make site`, `newsarchive build`):
the package's defaults, newsarchive/pelicanconf.py, where the settings themselves live."""

from __future__ import annotations

import sys
from pathlib import Path

checkout = Path(__file__).resolve().parent
if str(checkout) not in sys.path:  # the project's plugins are importable from a checkout too
    sys.path.insert(0, str(checkout))

from newsarchive.resources import default_settings  # noqa: E402

globals().update(default_settings())
