"""Who wrote the story as the page shows it: byline elements, 'By' lines and the lines under the
headline, which confirm the markup's author names or win over them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html

from ..bylines import Byline, desk_names, looks_like_name, names_of_list, parse_byline_parts, split_authors
from ..dates import find_date
from .markup import element_text, normalize
from .layout import header_lines, short_lines
from .metadata import PageMeta, is_person_name

BYLINE_CLASS = re.compile(r"byline|author|contributor|writer|reporter", re.I)
BYLINE_LINE_CHARS = 150  # a visible line read as a byline is at most this long
CAPTION_RUN = 3  # undated short lines in a row under the headline, not all names, are captions
CAPTION_WORDS = 6  # ... each of at most this many words
BY_HINT = re.compile(r"\b(?:by|por|par|von|oleh|author|autor)\b", re.I)
SINGLE_PERSON = re.compile(r"^[A-Z][a-z’'\-]{2,20}$")  # one given name alone ("By Regan")


def shown_names(names: list[str], tree: lxml.html.HtmlElement) -> list[str]:
    """The markup's author names whose surname the page shows somewhere in its text: a name only in
    the metadata (a press release's uploader, an editor) is not the byline readers see."""
    if not names:
        return names
    body = tree.find("body")
    shown = f" {normalize(element_text(body if body is not None else tree))} "
    return [name for name in names if normalize(name) and f" {normalize(name).split()[-1]} " in shown]


def read_visible_byline(tree: lxml.html.HtmlElement, meta: PageMeta) -> None:
    """Authors from the byline the page shows: it wins over the markup's when it names them all and
    more ('By A, B, C' beside one JSON-LD author). A byline naming an agency or desk ('By HNN Staff')
    names no person; a known agency is the story's source."""
    byline = first_visible_byline(tree)
    if byline is None:
        return
    names = [name for name in byline.authors if is_person_name(name, meta) or SINGLE_PERSON.match(name)]
    meta.persons.extend(name for name in names if SINGLE_PERSON.match(name))
    if names and (not meta.authors or (set(meta.authors) < set(names))):
        meta.authors = names
    if byline.source and not meta.authors:
        if byline.source.casefold() in desk_names():
            meta.sources.insert(0, byline.source)


def first_visible_byline(tree: lxml.html.HtmlElement) -> Byline | None:
    """The first byline element's authors or desk, else the first short line that reads as a byline
    ('By A , B on Monday, ...', 'Publicado por: A'), in the article first, else a byline under the
    headline in another form (`header_byline`)."""
    for text in byline_texts(tree):
        found = parse_byline_parts(text)
        if not found.authors and not found.source:
            found = Byline(split_authors(text), "")
        if found.authors or found.source:
            return found
    for _, text in short_lines(tree, BYLINE_LINE_CHARS, BY_HINT):
        found = parse_byline_parts(text)
        if found.authors or found.source:
            return found
    return header_byline(tree)


def byline_texts(tree: lxml.html.HtmlElement) -> Iterator[str]:
    """Texts of elements marked as a byline or author (rel=author, itemprop=author, class names)."""
    for element in tree.xpath("//*[@rel='author'] | //*[@itemprop='author']"):
        name = element.xpath(".//*[@itemprop='name']")
        yield element_text(name[0] if name else element)
    for element in tree.xpath("//*[@class]"):
        if BYLINE_CLASS.search(element.get("class", "")) and element.tag not in ("body", "html", "article", "main"):
            text = element_text(element)
            if 0 < len(text) <= 100:
                yield text


def header_byline(tree: lxml.html.HtmlElement) -> Byline | None:
    """A byline among the short lines under the headline that the byline elements and 'By' lines
    did not give: 'Text: A', 'A @handle', 'A and B', or a lone name beside a dated line."""
    lines = [text for _, text in header_lines(tree)]
    for at, text in enumerate(lines):
        found = parse_byline_parts(text)
        if found.authors:
            return found
        names = names_of_list(text)
        if names:
            return Byline(names, "")
        beside = lines[max(at - 1, 0): at] + lines[at + 1: at + 2]
        if looks_like_name(text) and any(find_date(line) for line in beside) and not in_caption_run(lines, at):
            return Byline((text,), "")
    return None


def in_caption_run(lines: list[str], at: int) -> bool:
    """The line is one of CAPTION_RUN or more undated short lines in a row that are not all names
    (a slideshow's captions): a name among them names no author."""
    def undated(index: int) -> bool:
        return len(lines[index].split()) <= CAPTION_WORDS and not find_date(lines[index])

    start, end = at, at + 1
    while start > 0 and undated(start - 1):
        start -= 1
    while end < len(lines) and undated(end):
        end += 1
    return end - start >= CAPTION_RUN and not all(looks_like_name(line) for line in lines[start:end])
