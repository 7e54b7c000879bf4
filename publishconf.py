"""Pelican settings for the public site: `make publish`. Set SITEURL to where it is served."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F403

# The public address, with any sub-path and no trailing slash: https://example.org/archive
SITEURL = os.environ.get("SITEURL", "https://archive.example.org").rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
# Feeds are already on in pelicanconf.py (development builds test what is published).
