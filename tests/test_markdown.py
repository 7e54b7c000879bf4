"""The Markdown writer: whatever a seed says, Pelican renders exactly those words and no markup.

Each check writes the Markdown to a file and reads it back with Pelican's own MarkdownReader and
the project's settings: the real path a content file takes into the site.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive.article import Article
from newsarchive.markdown import escape_inline, list_value, metadata_value, to_markdown

from .conftest import ROOT
from .fixtures.hostile.corpus import INJECTIONS, visible

WHEN = datetime(2021, 3, 3, 9, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def reader():
    from pelican.readers import MarkdownReader
    from pelican.settings import read_settings

    # PATH: any existing folder (a fresh checkout has no content/ yet)
    return MarkdownReader(read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(ROOT / "tests")}))


def render(reader, tmp: Path, article: Article, slug: str = "story") -> tuple[str, dict]:
    """Write the article's Markdown and read it back with Pelican: (HTML content, metadata)."""
    path = tmp / f"{slug}.md"
    path.write_text(to_markdown(article, slug), encoding="utf-8")
    return reader.read(str(path))


def paragraphs(html: str) -> list[str]:
    """Text of each paragraph; fails the test when the HTML holds any element but <p>."""
    soup = BeautifulSoup(html, "html.parser")
    tags = {el.name for el in soup.find_all(True)}
    assert tags <= {"p"}, f"markup from seed text: {sorted(tags - {'p'})} in {html[:300]!r}"
    return [p.get_text() for p in soup.find_all("p")]


def article(title: str = "A headline", body: tuple[str, ...] = ("Body text.",), **fields) -> Article:
    return Article(title=title, published=WHEN, body=body, seed_path="seeds/x.txt", seed_hash="0" * 64, **fields)


@pytest.mark.parametrize("key", INJECTIONS)
def test_injection_renders_as_its_own_text(reader, tmp_path: Path, key: str) -> None:
    payload = INJECTIONS[key]
    body = (payload, f"Inline {payload} inline.", f"{payload}{payload}")
    content, meta = render(reader, tmp_path, article(title=payload, body=body))
    assert paragraphs(content) == [visible(p) for p in body]
    assert meta["title"] == visible(payload)
    summary = BeautifulSoup(str(meta["summary"]), "html.parser")
    assert {el.name for el in summary.find_all(True)} <= {"p"}
    assert summary.get_text() == visible(payload)


@pytest.mark.parametrize("key", INJECTIONS)
def test_injection_in_metadata_stays_in_its_field(reader, tmp_path: Path, key: str) -> None:
    """A payload in any metadata value neither adds keys nor changes other values."""
    payload = INJECTIONS[key]
    fields = dict(
        category=payload, source=payload, caption=payload, credit=payload,
        authors=(payload, "Jane Doe"), tags=(payload, "politics"),
        people=(payload,), organizations=(payload,), places=(payload,),
    )
    _, meta = render(reader, tmp_path, article(title=payload, **fields))
    assert str(meta["category"]) == visible(payload)
    for key_ in ("source", "caption", "credit"):
        assert meta[key_] == visible(payload), key_
    assert meta["slug"] == "story"
    assert meta["date"].year == 2021 and "status" not in meta and "template" not in meta
    expected_list = visible(visible(payload).replace(",", " ").replace(";", " "))
    names = [str(a) for a in meta["authors"]]
    assert names[-1] == "Jane Doe" and (names[:-1] == [expected_list] if expected_list else names == ["Jane Doe"])
    assert [str(t) for t in meta["tags"]][-1] == "politics"


@pytest.mark.parametrize(
    "text, shown",
    [
        ("Tabs\tand   spaces", "Tabs and spaces"),
        ("Line\nbreak inside", "Line break inside"),
        ("Unicode\u2028line\u2029separators\x85here", "Unicode line separators here"),
        ("Bell\x07 and escape\x1b[31m", "Bell and escape[31m"),
        ("Bidi \u202eoverride\u202c and \u2067isolate\u2069", "Bidi override and isolate"),
        ("Zero\u200bwidth and joiner 👩\u200d💻", "Zero\u200bwidth and joiner 👩\u200d💻"),
        ("Non-breaking\u00a0space", "Non-breaking space"),
    ],
)
def test_whitespace_and_controls(reader, tmp_path: Path, text: str, shown: str) -> None:
    content, meta = render(reader, tmp_path, article(title=text, body=(text,)))
    assert paragraphs(content) == [shown]
    assert meta["title"] == shown


def test_list_items_keep_their_boundaries(reader, tmp_path: Path) -> None:
    """Commas and semicolons inside an item would split it (Pelican splits on ';' first)."""
    authors = ("Doe, Jane", "Roe; Sam", "Lee")
    _, meta = render(reader, tmp_path, article(authors=authors, tags=("a;b", "c,d")))
    assert [str(a) for a in meta["authors"]] == ["Doe Jane", "Roe Sam", "Lee"]
    assert [str(t) for t in meta["tags"]] == ["a b", "c d"]
    assert list_value(("  ", "", "x")) == "x"


def test_metadata_value_is_one_line() -> None:
    assert metadata_value("a\nb\r\nc\u2028d") == "a b c d"
    assert "\n" not in escape_inline("x\ny")


# Text built from the characters Markdown, HTML, Pelican and Jinja treat specially, words, and
# any unicode at all, so Hypothesis finds what a hand-written list misses.
SPECIAL = list("#*_`>[](){}<>!|~$^:&\\-+=.%;,'\"@/0123456789 \t\n") + [
    "<script>", "</p>", "&amp;", "&#60;", "{filename}", "{{", "}}", "{%", "%}", "---", "```",
    "1.", "* ", "> ", "[x]: ", "http://", "javascript:", "Title: ", "    ", "\u202e", "\u200b",
]
texts = st.lists(
    st.one_of(st.sampled_from(SPECIAL), st.text(min_size=1, max_size=8), st.sampled_from(["news", "Mayor", "vote"])),
    min_size=1,
    max_size=30,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=texts, body=st.lists(texts, min_size=1, max_size=4))
def test_any_text_renders_verbatim(reader, tmp_path: Path, title: str, body: list[str]) -> None:
    body = [b for b in body if visible(b)] or ["x"]
    if not visible(title):
        title = "t"
    content, meta = render(reader, tmp_path, article(title=title, body=tuple(body)))
    assert paragraphs(content) == [visible(b) for b in body]
    assert meta["title"] == visible(title)


@settings(max_examples=80, deadline=None)
@given(texts)
def test_escaped_text_has_no_markdown_left(text: str) -> None:
    """Nothing a Markdown or HTML parser acts on survives escaping as a raw character."""
    escaped = escape_inline(text)
    assert not re.search(r"[<>*_`\[\]{}|~\\#:]", escaped.replace("&#", "").replace("&amp;", "").replace("&lt;", "").replace("&gt;", ""))
    assert "\n" not in escaped
