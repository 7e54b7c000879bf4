"""The build step pyproject.toml cannot say: the wheel carries the top-level theme/ as newsarchive/theme/,
so an installed package builds a site with its templates, styles and lunr.min.js. The checkout keeps
one copy, theme/; an editable install reads it in place."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

THEME = Path("theme")


def theme_files() -> list[Path]:
    """The theme's files, hidden files and caches left out."""
    return sorted(path for path in THEME.rglob("*")
                  if path.is_file() and not any(part.startswith((".", "__")) for part in path.parts))


class BuildWithTheme(build_py):
    """build_py, then the theme copied afresh into the built package (a file deleted from theme/
    does not linger in build/ from an earlier build)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        files = theme_files()
        if not files:
            raise FileNotFoundError(f"{THEME}/: no theme to put in the wheel (is it in the source distribution?)")
        shutil.rmtree(Path(self.build_lib, "newsarchive", THEME), ignore_errors=True)
        for path in files:
            target = Path(self.build_lib, "newsarchive", path)
            self.mkpath(str(target.parent))
            self.copy_file(str(path), str(target))


setup(cmdclass={"build_py": BuildWithTheme})
