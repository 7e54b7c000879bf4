"""Author lines: 'By A and B', 'By A, B and C', 'Author: A', 'A, AP Auto Writer', a lone name line."""

from __future__ import annotations

import re

from .dates import search_date
from .outlets import not_name_words

# "By" at the start of a line or after a separator ("5:45 AM PST 11/19/2019 by Patrick Shanley").
BY = re.compile(
    r"(?:^|[\s|/•·,–—-])(?:by|written by|posted by|words by|reported by|authors?|autor(?:in)?|por|par|von|oleh)"
    r"\s*:?\s+(?=\S)",
    re.I,
)
NOT_AFTER_BY = re.compile(r"^(?:photo|image|picture|illustration|video|graphic)s?\b", re.I)
# Where the names end: a separator, "on <date>", a date, a handle or an e-mail address.
NAMES_END = re.compile(r"\s+[|•·–—]\s*|\s+-\s+|\s*\|\s*|\s+-$|/|\s+on\s+(?=\w+day\b|\w+\.? \d)|@|\s+\(|\s{2,}", re.I)
SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*;\s*|\s+und\s+|\s+e\s+|\s+y\s+|\s+et\s+)\s*", re.I)
NAME_WORD = r"(?:[A-Z]|Mc|Mac|O’|O')[\w'’.\-]*"
PARTICLE = r"de|del|della|van|von|der|den|da|dos|du|bin|al|el|la|le|di|ter|ten"
NAME = re.compile(rf"^{NAME_WORD}(?:\s+(?:{NAME_WORD}|{PARTICLE})){{1,4}}$")
LEADING_BY = re.compile(r"^\s*by\s*:?\s+", re.I)
CAMEL = re.compile(r"^([A-Z][a-z’']+)([A-Z][A-Za-z]+)$")
ROLE_LINE = re.compile(
    r"^(?P<name>[^,|]{4,40}?)\s*[,|]\s*(?P<role>(?:[\w.&]+\s+){0,4}"
    r"(?:writer|editor|correspondent|reporter|columnist|contributor|producer|staff|critic)s?)$",
    re.I,
)


def _is_role_word(word: str) -> bool:
    return word.lower().strip(".,’'") in not_name_words()


def clean_name(text: str) -> str:
    """A name without trailing titles/outlets ('Michael HiltzikBusiness Columnist' → 'Michael Hiltzik')."""
    words: list[str] = []
    for word in text.split():
        camel = CAMEL.match(word)
        if camel and _is_role_word(re.split(r"(?<=[a-z])(?=[A-Z])", camel.group(2))[0].lower()):
            words.append(camel.group(1))
            break
        if _is_role_word(word) and words:
            break
        words.append(word)
    name = " ".join(words).strip(" ,.|-–—:")
    if name.isupper() and len(name) > 3:
        name = name.title()
    return name


def looks_like_name(text: str) -> bool:
    """A short run of capitalised words, none of them a title or outlet word, as a person's name is."""
    text = text.strip()
    if len(text) > 60 or not NAME.match(text):
        return False
    return not any(_is_role_word(word) for word in text.split())


def split_authors(text: str) -> tuple[str, ...]:
    """Split an author list into names, dropping roles and outlet names after them."""
    text = re.sub(r"\s+", " ", text).strip(" ,.|")
    names: list[str] = []
    for part in SPLIT.split(text):
        name = clean_name(part)
        if name and looks_like_name(name) and name not in names:
            names.append(name)
    return tuple(names)


def parse_byline(line: str) -> tuple[str, ...]:
    """Authors named by a 'By ...' / 'Author: ...' / 'Name, AP Writer' line, or ()."""
    if len(line) > 200:
        return ()
    role = ROLE_LINE.match(line)
    if role:
        return split_authors(LEADING_BY.sub("", role.group("name")))
    for match in BY.finditer(line):
        rest = line[match.end():]
        if NOT_AFTER_BY.match(rest) or (match.start() > 0 and not _before_by_is_meta(line[: match.start()])):
            continue
        date = search_date(rest)
        if date:
            rest = rest[: date.start()]
        end = NAMES_END.search(rest)
        if end:
            rest = rest[: end.start()]
        names = split_authors(rest)
        if names:
            return names
    return ()


def _before_by_is_meta(text: str) -> bool:
    """Text before a mid-line 'by' is a date, a separator or a counter, not a sentence."""
    text = text.strip()
    return not text or text[-1] in "|/•·,–—-" or bool(search_date(text))
