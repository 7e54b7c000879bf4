"""The section the page files the story under: its breadcrumb trail, a declared section it shows,
a kicker over the headline, a 'Filed under' label or a meta line under the headline."""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html

from ..bylines import looks_like_name
from ..dates import find_date
from ..text.sections import meta_line_section
from ..rules import has_control_word, is_weak_section, not_section_labels
from .markup import INVISIBLE_TAGS, clean_text, element_text, normalize, same_title
from .layout import PROSE_WORDS, StoryPlace, header_lines, in_menu, is_menu_box, is_short_raw, short_lines, story_place
from .metadata import PageMeta, URLISH, ld_objects, ld_text, ld_types, load_json
from .authors import BYLINE_LINE_CHARS

SECTION_HINT = re.compile(r"filed under|posted in|topic|categor|section|rubrik|kategori|seção|sección", re.I)
SECTION_WORDS = 5  # a breadcrumb label longer than this is a headline, not a section
KICKER_WORDS = 4
KICKER_LEVELS = 3  # containers around the headline searched for a kicker before it
KICKER_CHARS = 80  # a kicker element holds a label or two, not a block of the page
KICKER_CLASS = re.compile(
    r"kicker|eyebrow|rubric|overline|article-?label|articlelabel|top-label|section-?(?:name|label|title)|"
    r"(?:post|entry|article|meta)[-_]?categor|\bcategory\b|categories",
    re.I,
)
SECTION_LABEL = re.compile(
    r"(?:^|[|•·]\s*|\s[-–—]\s+)(?:filed under|posted in|topics?|categor(?:y|ies)|section|rubrik|kategori|categoria|catégorie|"
    r"sección|seção)\s*:?\s+(?P<label>[^|•·,;:]{2,40}?)\s*(?:[|•·,;]|\s[-–—]\s|$)",
    re.I,
)
KICKER_SEPARATOR = re.compile(r"\s+[/>»›|]\s+")
BREADCRUMB_MARK = re.compile(r"[\s»›>/|•·\-–—]*")


def page_section(tree: lxml.html.HtmlElement, meta: PageMeta) -> str:
    """The section the page files the story under, '' when it shows none. The filing sources come
    first (the breadcrumb trail's last label, then a section the markup declares and the story shows
    as a label), then a section link over the story (kicker, eyebrow) or a 'Filed under' label. A
    broad label ('News') is taken only when no source names a specific one."""
    title = meta.headline or (meta.titles[0] if meta.titles else "")
    place = story_place(tree)
    weak = ""
    for label in filed_sections(tree, meta, title, place):
        if names_no_section(label, meta):
            continue
        if not is_weak_section(label):
            return label
        weak = weak or label
    label = kicker_label(tree, meta, place) or headline_kicker(tree, meta) or labelled_section(tree, meta) or header_section(tree, meta)
    return label if label and not is_weak_section(label) else weak or label


def header_section(tree: lxml.html.HtmlElement, meta: PageMeta) -> str:
    """A section a meta line under the headline shows as the text reader reads it ('Posted on May 3,
    2021 by admin in Politics', 'May 3, 2021 · Politics · 4 min read', a blog's category list)."""
    for _, text in header_lines(tree):
        label = meta_line_section(text)
        if label and is_kicker_text(label, meta):
            return label
    return ""


def filed_sections(tree: lxml.html.HtmlElement, meta: PageMeta, title: str, place: StoryPlace) -> Iterator[str]:
    """The sections the page files the story under, strongest first: the breadcrumb trail's last
    label (a JSON-LD trail only when the story shows it), then each declared section it shows."""
    labels = section_labels(ld_breadcrumb(tree), title)
    shown = shown_label(tree, labels[-1], place) if labels else ""
    if shown:
        yield labels[-1]
    else:
        labels = section_labels(markup_breadcrumb(tree), title)
        if labels:
            yield labels[-1]
    for name in dict.fromkeys(meta.sections):
        if name.casefold() not in not_section_labels():
            shown = shown_label(tree, name, place)
            if shown:
                yield shown


def names_no_section(label: str, meta: PageMeta) -> bool:
    """A label that is the outlet's name, an author's or a page control's ('Share'): never a section,
    whichever source gives it."""
    folded = normalize(label)
    return (
        not folded
        or (bool(meta.source) and folded == normalize(meta.source))
        or any(folded == normalize(author) for author in meta.authors)
        or has_control_word(label)
    )


def kicker_label(tree: lxml.html.HtmlElement, meta: PageMeta, place: StoryPlace) -> str:
    """The section label the page prints over its story (a kicker, an eyebrow, a category link in
    the article's header), before the story's first paragraph and outside its menus. A section is a
    place to go: the label must be a link (or the section the markup declares); an unlinked kicker
    is a strapline ('BLACK DEATH FEARS')."""
    order = place.order
    first_prose = next((order[p] for p in tree.xpath("//body//p")
                        if order[p] > place.start and len(element_text(p).split()) >= PROSE_WORDS), len(order))
    declared = {name.casefold() for name in meta.sections}
    for element in tree.xpath("//body//*[@class]"):
        if order.get(element, len(order)) >= first_prose:
            break
        if not KICKER_CLASS.search(element.get("class", "")) or not is_short_raw(element.text_content(), KICKER_CHARS):
            continue
        if len(element_text(element)) > KICKER_CHARS or in_menu(element):
            continue
        links = {element_text(link).casefold() for link in element.xpath("self::a | ancestor::a | .//a")}
        path = KICKER_SEPARATOR.split(element_text(element))
        labels = [path[-1]] if len(path) > 1 else [element_text(link) for link in element.xpath(".//a")] or path
        for text in (label.strip() for label in labels):
            if text and is_kicker_text(text, meta) and text.casefold() in links | declared:
                return text  # the last of a path ('News / Afghanistan'), else the first fit link
    return ""


def headline_kicker(tree: lxml.html.HtmlElement, meta: PageMeta) -> str:
    """A section link printed just over the headline: the nearest block before the story's <h1>
    (in the headline's own container or the one around it) when it is one short link."""
    headlines = tree.xpath("//article//h1 | //main//h1") or tree.xpath("//h1")
    if not headlines:
        return ""
    level = headlines[0]
    for _ in range(KICKER_LEVELS):
        for before in level.itersiblings(preceding=True):
            if not isinstance(before.tag, str) or before.tag in INVISIBLE_TAGS:
                continue
            text = element_text(before)
            if not text:
                continue
            links = before.xpath("self::a | .//a")
            if len(links) == 1 and element_text(links[0]) == text and is_kicker_text(text, meta) and not in_menu(before):
                return text
            return ""  # the nearest block before the headline is something else
        level = level.getparent()
        if level is None or level.tag in ("article", "main", "body"):
            break
    return ""


def labelled_section(tree: lxml.html.HtmlElement, meta: PageMeta) -> str:
    """A section the article names in words ('Filed under: Khawarij |', 'Topic: Hardware'), in the
    article first and outside the page's menus. A label opening a list ('Filed under a, b, c',
    'Topics Health China' as two links) lists the story's tags, not its section."""
    for element, text in short_lines(tree, BYLINE_LINE_CHARS, SECTION_HINT):
        match = SECTION_LABEL.search(text)
        if match and not in_menu(element):
            label = match.group("label").strip(" .")
            links = {element_text(link).casefold() for link in element.xpath(".//a")}
            listed = text[match.end("label"):].lstrip().startswith(",") or (links and label.casefold() not in links)
            return label if is_kicker_text(label, meta) and not listed else ""
    return ""


def is_kicker_text(text: str, meta: PageMeta) -> bool:
    """A label that can name a section: short, no date or handle, not generic, not the outlet's or
    a person's name, not a phrase (a label capitalises its words: 'Top Local Stories')."""
    return (
        len(text) <= 40
        and len(text.split()) <= KICKER_WORDS
        and is_section_label(text)
        and text.casefold() not in not_section_labels()
        and not has_control_word(text)
        and normalize(text) not in normalize(meta.source)
        and not (looks_like_name(text) and text != text.upper())
        and not (len(text.split()) > 1 and any(word[:1].islower() and len(word) >= 4 for word in text.split()))
    )


def ld_breadcrumb(tree: lxml.html.HtmlElement) -> list[str]:
    """The names of a JSON-LD BreadcrumbList's items, in order."""
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        for obj in ld_objects(load_json(script.text or "")):
            if "BreadcrumbList" not in ld_types(obj) or not isinstance(obj.get("itemListElement"), list):
                continue
            items = [i for i in obj["itemListElement"] if isinstance(i, dict)]
            items.sort(key=lambda i: int(i.get("position", 0)) if str(i.get("position", "")).isdigit() else 0)
            names = []
            for item in items:
                inner = item.get("item")
                names.append(ld_text(item.get("name") or (inner.get("name") if isinstance(inner, dict) else "")))
            return names
    return []


def markup_breadcrumb(tree: lxml.html.HtmlElement) -> list[str]:
    """The labels of the page's breadcrumb element (class, id or aria-label 'breadcrumb')."""
    path = ('//*[contains(translate(@class, "BREADCRUMB", "breadcrumb"), "breadcrumb") or '
            'contains(translate(@id, "BREADCRUMB", "breadcrumb"), "breadcrumb") or '
            'contains(translate(@aria-label, "BREADCRUMB", "breadcrumb"), "breadcrumb")]')
    for element in tree.xpath(path):
        leaves = [e for e in element.xpath(".//a | .//li[not(.//a)] | .//span[not(.//a) and not(.//span)]")]
        labels = [element_text(e) for e in leaves]
        labels = [label for label in labels if label and not BREADCRUMB_MARK.fullmatch(label)]
        labels = [label for index, label in enumerate(labels) if index == 0 or labels[index - 1] != label]
        if labels:
            return labels
    return []


def section_labels(trail: list[str], title: str) -> list[str]:
    """A breadcrumb trail's section labels: without the home link, up to the story's own headline,
    a second trail or anything that is no section's name (a handle, a date, a sentence)."""
    labels: list[str] = []
    for label in trail:
        label = clean_text(label).strip(" »›>/|")
        if not label or label.casefold() in not_section_labels():
            continue
        if (title and same_title(label, title)) or label in labels or not is_section_label(label):
            break
        if labels and label[:1].islower() and labels[-1][:1].isupper():
            break
        labels.append(label)
    return labels


def is_section_label(label: str) -> bool:
    """Short, no handle, address, number or date: a section's name."""
    return (
        len(label.split()) <= SECTION_WORDS
        and not URLISH.search(label)
        and not re.search(r"@|\d{2,}|\d[:/]|^\d", label)
        and not find_date(label)
    )


def shown_label(tree: lxml.html.HtmlElement, name: str, place: StoryPlace) -> str:
    """The name as the page shows it as a label of its own (a kicker, a section link), outside its
    menus, header and footer and not after the story's <article> (a list of other stories); ''
    when the story shows no such label."""
    wanted = name.casefold()
    for element in tree.xpath("//body//a | //body//span | //body//li | //body//p | //body//div"):
        text = element.text_content().strip()
        if len(text) > 60 or text.casefold() != wanted:
            continue
        if not in_menu(element) and not is_menu_box(element) and place.order.get(element, 0) <= place.end:
            return clean_text(text)
    return ""
