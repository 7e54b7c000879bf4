"""Pelican takes a story's metadata from the seed alone: not from the folder ingest files it in,
nor from a date-like slug."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarchive.build import build_site

pytestmark = pytest.mark.slow

NO_SECTION = """Title: Harbour reopens
Date: 2019-03-05T08:00:00+00:00
Slug: harbour-reopens
Summary: The harbour reopened.

The harbour reopened on Tuesday after repairs.
"""
DATE_LIKE_SLUG = """Title: 2024-01-05 council minutes
Slug: 2024-01-05-council-minutes
Category: Local News
Summary: Minutes.

The council met and agreed the budget.
"""


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("metadata")
    content, output = root / "content", root / "output"
    (content / "2019").mkdir(parents=True)
    (content / "2019" / "harbour-reopens.md").write_text(NO_SECTION, encoding="utf-8")
    (content / "undated").mkdir()
    (content / "undated" / "2024-01-05-council-minutes.md").write_text(DATE_LIKE_SLUG, encoding="utf-8")
    build_site(content, output, overrides={"NEWSARCHIVE_ALLOW_UNDATED": True})
    return output


def test_a_story_without_a_section_is_not_filed_under_its_folder(output: Path) -> None:
    assert not (output / "category" / "2019.html").exists()
    assert (output / "category" / "uncategorised.html").is_file()
    assert "harbour-reopens.html" in (output / "category" / "uncategorised.html").read_text(encoding="utf-8")


def test_a_date_like_slug_gives_an_undated_story_no_date(output: Path) -> None:
    assert (output / "undated" / "2024-01-05-council-minutes.html").is_file()
    assert not list(output.glob("2024/01/*.html"))
