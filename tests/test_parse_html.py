"""The saved-page reader's meta lines: bylines, dates and sections in small elements and under the headline."""

from __future__ import annotations

import hashlib

import pytest

from newsarchive.article import Article
from newsarchive.parse.html import parse_html
from newsarchive.seeds import RawSeed

from .test_html_reader import PARAGRAPHS


def read(html: str) -> Article:
    """The article a saved page reads as (undated allowed)."""
    raw = RawSeed(path="seeds/page.html", kind="html", text=html, sha256=hashlib.sha256(html.encode()).hexdigest())
    return parse_html(raw, allow_undated=True)

def page(meta: str) -> str:
    """A page with no <article>: the headline, a meta line and the body in one column of the layout."""
    body = "<br>".join(PARAGRAPHS[:3])
    return (
        "<!DOCTYPE html><html lang='pt'><head><meta charset='utf-8'><title>Plano do porto aprovado</title></head>"
        "<body><ul><li><a href='/'>Início</a></li><li><a href='/saude'>Saúde</a></li></ul>"
        f"<div class='col-md-9'><p class='titulo'>Plano do porto aprovado</p>{meta}<br><br>{body}</div></body></html>"
    )


META_LINES = [
    ("<small><b>05/10/2018</b> - Publicado por: Clarissa Borba - Categoria: <a href='/c/19'>Saúde</a> - Tags: "
     "<a href='/t/1'>porto</a> <a href='/t/2'>obras</a></small>", ("Clarissa Borba",), "Saúde"),
    ("<address>By Jane Roe</address><small>Section: <a href='/c/2'>Local Politics</a></small>", ("Jane Roe",), "Local Politics"),
    ("<small>Posted in <a href='/c/1'>Business</a>, <a href='/c/2'>Markets</a></small>", (), ""),
    ("<small>05/10/2018 - Categoria: porto e obras - Tags: x</small>", (), ""),
]


@pytest.mark.parametrize("meta, authors, section", META_LINES)
def test_meta_lines_in_small_elements_are_read(meta: str, authors: tuple[str, ...], section: str) -> None:
    html = page(meta)
    article = read(html)
    assert (article.authors, article.category) == (authors, section)


def english_page(top: str, after: str = "") -> str:
    """A page with an <article>: the headline, `top` lines under it, the story and `after` it."""
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS[:3])
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Harbour plan approved</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>Harbour plan approved</h1>{top}{body}{after}</article></body></html>"
    )


# (lines under the headline, lines after the story, the day the page shows): no markup dates the page.
HEADER_DATES = [
    ("<p>By Jane Doe | March 3, 2021</p>", "", "2021-03-03"),
    ("<p>Jane Doe</p><p>March 3, 2021</p>", "", "2021-03-03"),
    ("<div><span>Von Jane Doe</span> <span>publiziert am 3. März 2021</span></div>", "", "2021-03-03"),
    ("<p>By Jane Doe</p>", "<aside><p>Related: Harbour dues rise</p><p>March 9, 2021</p></aside>", None),
]


@pytest.mark.parametrize("top, after, day", HEADER_DATES)
def test_a_date_shown_under_the_headline_dates_the_page(top: str, after: str, day: str | None) -> None:
    html = english_page(top, after)
    article = read(html)
    assert (article.published.date().isoformat() if article.published else None) == day


# (lines under the headline, the authors): bylines in forms no byline element or 'By' line gives.
HEADER_BYLINES = [
    ("<p>Text: Jane Doe</p><p>March 3, 2021</p>", ("Jane Doe",)),
    ("<p>Jane Doe @janedoe</p><p>March 3, 2021</p>", ("Jane Doe",)),
    ("<p>Jane Doe and John Roe</p><p>March 3, 2021</p>", ("Jane Doe", "John Roe")),
    ("<div><span>March 3, 2021</span> <span>Jane Doe</span></div>", ("Jane Doe",)),
    ("<p>Jane Doe</p>", ()),
    ("<p>Ann Lee 100 metres</p><p>Bob Smith North Diving</p><p>Jane Doe Trinity</p><p>Posted March 3, 2021</p>", ()),
]


@pytest.mark.parametrize("top, authors", HEADER_BYLINES)
def test_a_byline_under_the_headline_names_the_authors(top: str, authors: tuple[str, ...]) -> None:
    html = english_page(top)
    assert read(html).authors == authors


# (lines under the headline, the section): a meta line read as the text reader reads a dump's header.
HEADER_SECTIONS = [
    ("<p>Posted on March 3, 2021 by Jane Doe in <a href='/c/local'>Local Politics</a></p>", "Local Politics"),
    ("<p>March 3, 2021 · <a href='/c/local'>Local Politics</a> · 4 min read</p>", "Local Politics"),
    ("<p>By Jane Doe | March 3, 2021 | Local Politics</p>", "Local Politics"),
    ("<p>By Jane Doe in Washington</p><p>March 3, 2021</p>", ""),
    ("<p>March 3, 2021 · 4 min read</p>", ""),
]


@pytest.mark.parametrize("top, section", HEADER_SECTIONS)
def test_a_section_on_a_meta_line_under_the_headline_is_read(top: str, section: str) -> None:
    html = english_page(top)
    assert read(html).category == section


@pytest.mark.parametrize("after, authors", [
    ("<p><em>Jane Doe is a columnist for the Daily Example.</em></p>", ("Jane Doe",)),
    ("<p>John Roe is the new chief executive of the harbour board.</p>", ()),
])
def test_a_closing_bio_names_the_author_of_a_page_without_a_byline(after: str, authors: tuple[str, ...]) -> None:
    html = english_page("<p>March 3, 2021</p>", after)
    assert read(html).authors == authors
