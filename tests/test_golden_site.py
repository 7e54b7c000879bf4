"""The fixture archive (tests/fixtures/site) built with the project's settings equals the committed
site in tests/fixtures/site-output, file by file, as Pelican's own tests compare tests/output/basic.

After a deliberate change to the theme, the settings or the plugins, write the site again and
review the difference by eye before committing it:

    make golden        # pytest tests/test_golden.py tests/test_golden_site.py --update-golden
    git diff --stat tests/fixtures/site-output
"""

from __future__ import annotations

import difflib
import logging
import shutil
from pathlib import Path

import pytest
from PIL import Image

from newsarchive.build import build_site

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "site"
GOLDEN = ROOT / "tests" / "fixtures" / "site-output"
# Social cards are drawn with the machine's fonts and Pillow's FreeType, so their bytes differ from
# one machine to another. Their names are a hash of every text drawn on them: compared by name and size.
CARDS = "cards/"


def relative_files(folder: Path) -> list[str]:
    """Every file under folder, as sorted POSIX paths relative to it."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def replace_tree(source: Path, target: Path) -> None:
    """Make target a copy of source, files no longer written included (deleted)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)


def text_difference(expected: bytes, actual: bytes, name: str) -> str:
    """The first lines of a unified diff of two text files, for the failure message."""
    lines = difflib.unified_diff(expected.decode("utf-8").splitlines(), actual.decode("utf-8").splitlines(),
                                 f"golden/{name}", f"built/{name}", lineterm="", n=1)
    return "\n".join(list(lines)[:40])


class WarningCollector(logging.Handler):
    """Every warning or error logged while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname} {record.name}: {record.getMessage()}")


BUILD_WARNINGS = WarningCollector()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """The fixture archive built from a copy of it (the build keeps its caches in the content)."""
    root = tmp_path_factory.mktemp("golden-site")
    shutil.copytree(FIXTURE, root / "content")
    logging.getLogger().addHandler(BUILD_WARNINGS)
    try:
        build_site(root / "content", root / "output")
    finally:
        logging.getLogger().removeHandler(BUILD_WARNINGS)
    if request.config.getoption("--update-golden"):
        replace_tree(root / "output", GOLDEN)
    return root / "output"


def test_a_build_with_the_projects_settings_logs_no_warning(built: Path) -> None:
    assert BUILD_WARNINGS.messages == []


def test_the_same_files_are_written(built: Path) -> None:
    assert relative_files(built) == relative_files(GOLDEN)


@pytest.mark.parametrize("name", relative_files(GOLDEN) if GOLDEN.is_dir() else [])
def test_each_file_is_the_same(built: Path, name: str) -> None:
    actual, expected = built / name, GOLDEN / name
    if not expected.exists():
        pytest.skip(f"{name} was dropped from the golden site by --update-golden")
    assert actual.is_file(), f"{name} is no longer written"
    if name.startswith(CARDS):
        with Image.open(actual) as image, Image.open(expected) as golden:
            assert (image.format, image.size) == (golden.format, golden.size)
        return
    got, want = actual.read_bytes(), expected.read_bytes()
    if got != want:
        if name.endswith((".png", ".jpg", ".gif", ".ico", ".woff2")):
            pytest.fail(f"{name} differs")
        pytest.fail(text_difference(want, got, name))


def test_the_fixture_archive_stays_small() -> None:
    """A handful of stories, so the golden site builds in a second and a person can read it."""
    assert 3 <= len(list(FIXTURE.rglob("*.md"))) <= 8
    assert len(relative_files(GOLDEN)) < 200
