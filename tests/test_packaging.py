"""Release hygiene: every package the code imports is declared, Pelican is pinned to the range the
tests run on, the licence is declared the way packaging tools expect, and a build finds a folder's
own settings and theme before the package's."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions, version
from pathlib import Path

import pytest

from newsarchive.resources import find_settings, find_theme

from .conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]
# Modules of the checkout itself, importable from its root or from tests/.
LOCAL = {"newsarchive", "pelicanconf", "publishconf", "tests", "conftest", "site_helpers"}


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    return normalise(re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0])


def declared() -> set[str]:
    """Every distribution pyproject.toml names, in the dependencies or any extra."""
    extras = PROJECT.get("optional-dependencies", {}).values()
    return {requirement_name(r) for r in [*PROJECT["dependencies"], *(r for extra in extras for r in extra)]}


def imported_modules(folder: Path) -> dict[str, str]:
    """Top-level modules imported by the Python files under folder (absolute imports), each with
    one file that imports it."""
    found: dict[str, str] = {}
    local = LOCAL | {p.stem for p in folder.rglob("*.py")}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in local:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("folder", ["newsarchive", "scripts", "tests"])
def test_every_imported_package_is_declared(folder: str) -> None:
    distributions = packages_distributions()
    names = declared()
    undeclared = {module: where for module, where in imported_modules(ROOT / folder).items()
                  if not {normalise(d) for d in distributions.get(module, [module])} & names}
    assert undeclared == {}


def test_saved_pages_cleaner_is_a_direct_dependency() -> None:
    """lxml.html.clean is a separate package: reading saved pages fails without it."""
    assert "lxml-html-clean" in {requirement_name(r) for r in PROJECT["dependencies"]}


def test_pelican_is_pinned_to_the_release_installed() -> None:
    (pin,) = [r for r in PROJECT["dependencies"] if requirement_name(r) == "pelican"]
    lower = re.search(r">=\s*(\d+)\.(\d+)", pin)
    upper = re.search(r"<\s*(\d+)\.(\d+)", pin)
    assert lower and upper, f"{pin}: Pelican needs a lower and an upper bound"
    installed = tuple(int(part) for part in version("pelican").split(".")[:2])
    assert (int(lower[1]), int(lower[2])) <= installed < (int(upper[1]), int(upper[2]))


def test_licence_is_an_spdx_expression_with_its_file() -> None:
    assert PROJECT["license"] == "MIT"
    assert all((ROOT / name).is_file() for name in PROJECT["license-files"])
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")


def make_folder(root: Path, entries: tuple[str, ...]) -> Path:
    """A user's folder holding the given files (a name ending in / is a folder)."""
    for entry in entries:
        path = root / entry
        if entry.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("SITENAME = 'Mine'\n", encoding="utf-8")
    return root


@pytest.mark.parametrize(("entries", "expected"), [
    ((), ROOT / "pelicanconf.py"),
    (("pelicanconf.py",), "folder/pelicanconf.py"),
    (("publishconf.py", "pelicanconf.py/"), ROOT / "pelicanconf.py"),  # a folder is no settings file
])
def test_a_folders_own_settings_win(tmp_path: Path, entries: tuple[str, ...], expected: Path | str) -> None:
    folder = make_folder(tmp_path / "folder", entries)
    wanted = tmp_path / expected if isinstance(expected, str) else expected
    assert find_settings(folder) == wanted


@pytest.mark.parametrize(("entries", "expected"), [
    ((), ROOT / "theme"),
    (("theme/templates/",), "folder/theme"),
    (("theme/static/css/site.css",), ROOT / "theme"),  # no templates: not a theme
    (("themes/templates/",), ROOT / "theme"),
])
def test_a_folders_own_theme_wins(tmp_path: Path, entries: tuple[str, ...], expected: Path | str) -> None:
    folder = make_folder(tmp_path / "folder", entries)
    wanted = tmp_path / expected if isinstance(expected, str) else expected
    assert find_theme(folder) == wanted.resolve()


def comparable(settings: dict[str, object]) -> dict[str, object]:
    """Settings with functions named rather than compared by identity (each file loads its own)."""
    return {k: getattr(v, "__qualname__", v) if callable(v) else v for k, v in settings.items()}


def test_the_checkouts_settings_are_the_packages_defaults(tmp_path: Path) -> None:
    """`make site` builds with what a wheel user gets: the top-level pelicanconf.py adds nothing, so
    a setting changed in the package is the one a checkout's build uses (no second copy to drift)."""
    from pelican.settings import read_settings

    override = {"PATH": str(tmp_path), "OUTPUT_PATH": str(tmp_path / "output")}
    checkout = read_settings(str(ROOT / "pelicanconf.py"), override=dict(override))
    package = read_settings(str(ROOT / "newsarchive" / "pelicanconf.py"), override=dict(override))
    assert comparable(checkout) == comparable(package)
    assert Path(str(package["THEME"])) == (ROOT / "theme").resolve()


@pytest.mark.parametrize("name", ["MARKDOWN", "PLUGINS", "DIRECT_TEMPLATES", "JINJA_ENVIRONMENT"])
def test_each_load_of_the_checkouts_settings_is_fresh(tmp_path: Path, name: str) -> None:
    """Pelican changes some settings in place (it adds to MARKDOWN): one build's changes must not
    reach the next build in the same process, as they would through a shared module's objects."""
    from pelican.settings import read_settings

    override = {"PATH": str(tmp_path), "OUTPUT_PATH": str(tmp_path / "output")}
    first, second = (read_settings(str(ROOT / "pelicanconf.py"), override=dict(override)) for _ in range(2))
    assert first[name] == second[name]
    assert first[name] is not second[name]
