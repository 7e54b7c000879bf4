"""Lists paginated from their oldest end: a page keeps its address and stories as stories arrive."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarchive.synthetic import generate_corpus
from newsarchive.build import build_site
from newsarchive.ingest import Options, ingest
from newsarchive.site.pagination import Book

from .conftest import SHARED

RULES = {"PAGINATION_PATTERNS": [(1, "{url}", "{save_as}"), (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html")]}


def settings() -> dict[str, object]:
    from pelican.paginator import PaginationRule

    return {"PAGINATION_PATTERNS": [PaginationRule(*rule) for rule in RULES["PAGINATION_PATTERNS"]]}


def pages(items: list[int], per_page: int) -> list[tuple[int, bool, list[int], str]]:
    book = Book("tag/x.html", "tag/x.html", items, settings(), per_page)
    found = []
    for index in range(book.num_pages):
        page = book.page(index)
        found.append((page.number, page.front, list(page.object_list), page.save_as))
    return found


@pytest.mark.parametrize("count", [0, 1, 4, 5, 9, 10, 11, 23, 25])
def test_pages_are_cut_from_the_oldest_end(count: int) -> None:
    items = list(range(count, 0, -1))  # newest first: story n is the n-th oldest
    found = pages(items, 5)
    assert [item for *_, page_items, _ in found for item in page_items] == items  # each once, in order
    front = found[0]
    assert front[1] and front[3] == "tag/x.html"
    assert len(front[2]) == count if count < 10 else 5 <= len(front[2]) <= 9
    for number, is_front, page_items, save_as in found[1:]:
        assert not is_front and save_as == f"tag/x/page/{number}/index.html"
        assert page_items == list(range(number * 5, number * 5 - 5, -1))  # page n: oldest 5n-4..5n
    assert [number for number, *_ in found[1:]] == list(range(len(found) - 1, 0, -1))


def test_a_new_story_changes_the_front_page_only() -> None:
    for count in range(60):
        before = {(n, tuple(i)) for n, front, i, _ in pages(list(range(count, 0, -1)), 5) if not front}
        after = {(n, tuple(i)) for n, front, i, _ in pages(list(range(count + 1, 0, -1)), 5) if not front}
        assert before <= after and len(after - before) <= 1  # at most one page is added


def build(content: Path, output: Path) -> dict[str, int]:
    return build_site(content, output, overrides={"DEFAULT_PAGINATION": 3, **RULES})


@pytest.mark.slow
def test_later_pages_of_the_site_stay_as_they_are_when_a_story_arrives(tmp_path: Path) -> None:
    seeds, content, output = tmp_path / "seeds", tmp_path / "content", tmp_path / "output"
    generate_corpus(16, seeds, SHARED / "corpus" / "bbc")
    ingest(seeds, Options(content=content))
    build(content, output)
    later = sorted((output / "page").glob("*/index.html"), key=lambda p: int(p.parent.name))
    assert len(later) == 16 // 3 - 1  # front page: the newest 3 to 5; then pages of 3
    oldest = later[0].read_text(encoding="utf-8")
    assert "(page 1)" in oldest and 'rel="prev"' in oldest and 'rel="next"' not in oldest
    assert 'rel="next"' in (output / "index.html").read_text(encoding="utf-8")
    before = {p: (p.stat().st_ino, p.read_bytes()) for p in later}

    # Written as Markdown, not ingested: ingest may retag other stories (tags are chosen archive-wide).
    (content / "2031").mkdir()
    (content / "2031" / "arrives-later.md").write_text(
        "Title: A story that arrives later\nDate: 2031-05-06T07:00:00+00:00\nAuthors: Ada Writer\n"
        "Category: Politics\nSlug: a-story-that-arrives-later\nLanguage: en\n\nIt arrives after the rest.\n",
        encoding="utf-8")
    build(content, output)
    assert {p: (p.stat().st_ino, p.read_bytes()) for p in later} == before  # not even written again
    front = (output / "index.html").read_text(encoding="utf-8")
    assert "A story that arrives later" in front
    assert sorted((output / "page").glob("*/index.html"), key=lambda p: int(p.parent.name)) == later
