"""Author lines: 'By A and B', 'By A, B and C', 'Author: A', 'A, AP Auto Writer', a lone name line.

A byline is cut where the names end (a separator, a date, a handle), cleared of e-mail addresses,
phone numbers and handles, split on commas, 'and' and '&', and each part cleared of the role or
outlet after the name. A byline naming an agency or a desk ('Associated Press', 'HNN Staff') names
the story's source, never a person. The words for roles, desks and agencies are data
(rules/bylines.toml, with outlets.toml's words that are never part of a name).
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .dates import search_date
from .outlets import not_name_words

log = logging.getLogger(__name__)

BYLINES_FILE = Path(__file__).resolve().parent.parent / "rules" / "bylines.toml"

# "By" at the start of a line or after a separator ("5:45 AM PST 11/19/2019 by Patrick Shanley").
BY = re.compile(
    r"(?:^|[\s|/•·,–—-])(?:by|written by|posted by|words by|reported by|authors?|autor(?:in)?|por|par|von|oleh|"
    r"publicado por|publicada por)"
    r"\s*:?\s+(?=\S)",
    re.I,
)
NOT_AFTER_BY = re.compile(r"^(?:photo|image|picture|illustration|video|graphic)s?\b", re.I)
# Where the names end: a separator, "on <date>", a date, a handle or an e-mail address.
NAMES_END = re.compile(r"\s+[|•·–—]\s*|\s+-\s+|\s*\|\s*|\s+-$|/|\s+on\s+(?=\w+day\b|\w+\.? \d)|@|\s+\(|\s{2,}", re.I)
SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*;\s*|\s+und\s+|\s+e\s+|\s+y\s+|\s+et\s+|\s+dan\s+)\s*", re.I)
NAME_WORD = r"(?:[A-Z]|Mc|Mac|O’|O')[\w'’.\-]*"
PARTICLE = r"de|del|della|van|von|der|den|da|dos|du|bin|al|el|la|le|di|ter|ten"
NAME = re.compile(rf"^{NAME_WORD}(?:\s+(?:{NAME_WORD}|{PARTICLE})){{1,4}}$")
SINGLE_NAME = re.compile(r"^[A-Z][a-z’'\-]{2,20}$")
HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx|sir|dame|rev)\.?\s+(?=[A-Z])", re.I)
LEADING_BY = re.compile(r"^\s*by\s*:?\s+", re.I)
CAMEL = re.compile(r"^([A-Z][a-z’']+)([A-Z][A-Za-z]+)$")
# Contact details that follow a name: e-mail addresses, web addresses, phone numbers, handles.
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
PHONE = re.compile(r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)|\d{2,4})[\s.-]?\d{3,4}[\s.-]?\d{3,4}(?!\d)")
HANDLE = re.compile(r"\(?\s*(?:twitter\s*:?\s*)?@\w{2,30}\s*\)?", re.I)
CONTACT_LABEL = re.compile(r"\b(?:e-?mail|tel|phone|twitter|follow)\s*:?\s*$", re.I)
NAME_LIST_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)\s*")  # 'A, B and C'
# A name and the writer's handle, the whole line: 'Jane Doe @janedoe', 'Jane Doe (@janedoe)'.
HANDLE_LINE = re.compile(r"^\s*(?P<name>[^@()|,]{4,40}?)\s*\(?@\w{2,30}\)?\s*$")
# A name and its agency in brackets, the whole line: 'Jane Doe (Reuters)'.
AGENCY_AFTER = re.compile(r"^\s*(?:by\s+)?(?P<name>[^()]{4,40}?)\s*\((?P<agency>[^()]{2,40})\)\s*$", re.I)
# An author's bio: 'Jane Doe is a senior reporter at ...', 'Dr Jane Doe is the author of ...'.
BIO = re.compile(r"^(?P<name>[^\W\d_][\w.'’\- ]{2,40}?)\s+(?:is|was)\s+(?:a|an|the|our)?\s*(?P<role>(?:[\w\-]+\s+){0,3}[\w\-]+)")
# Wire copy's credits: "Reporting by A and B; Additional reporting by C; Editing by D".
CREDIT_CLAUSE = re.compile(
    r"(?P<kind>(?:additional\s+)?reporting|writing|written|compiled|reported)\s+by\s+(?P<names>[^;()]+)",
    re.I,
)
# A credits line opens with the main reporters; "Additional reporting by X" alone adds to a byline
# given elsewhere on the page and names no author by itself.
CREDITS_LINE = re.compile(r"^\s*[(\[]?\s*(?:reporting|writing|reported|compiled)\s+by\s", re.I)


@dataclass(frozen=True, slots=True)
class Byline:
    """What a byline says: the persons who wrote the story and the agency or desk it names."""

    authors: tuple[str, ...] = ()
    source: str = ""


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return tomllib.loads(BYLINES_FILE.read_text(encoding="utf-8"))


def _words(section: str, key: str) -> frozenset[str]:
    return frozenset(word.lower() for word in _data().get(section, {}).get(key, ()))


@lru_cache(maxsize=1)
def desk_names() -> dict[str, str]:
    """Agency and desk names, case-folded, to their spelling in the data file."""
    return {name.casefold(): name for name in _data().get("desks", {}).get("agencies", ())}


@lru_cache(maxsize=1)
def role_words() -> frozenset[str]:
    """Words a role after a name is made of ('senior', 'political', 'writer')."""
    return _words("roles", "heads") | _words("roles", "modifiers")


@lru_cache(maxsize=1)
def _not_name() -> frozenset[str]:
    """Words never part of a person's name: outlets.toml's list (less common surnames) and roles."""
    return (not_name_words() | _words("roles", "heads") | _words("desks", "heads")) - _words("names", "surnames")


def _is_role_word(word: str) -> bool:
    return word.lower().strip(".,’'()") in _not_name()


def strip_contacts(text: str) -> str:
    """The text without e-mail and web addresses, phone numbers and handles ('(@joshapte)')."""
    text = EMAIL.sub(" ", text)
    text = URL.sub(" ", text)
    text = HANDLE.sub(" ", text)
    text = PHONE.sub(" ", text)
    text = CONTACT_LABEL.sub(" ", text.strip())
    return re.sub(r"\s+", " ", text).strip(" ,.|-–—:")


def desk_of(text: str) -> str:
    """The agency or desk a byline part names ('Associated Press', 'HNN Staff'), or ''.

    A known agency or desk name, or a short run of capitalised words (at most three, a name's
    length) whose last word is a desk or organisation word ('Staff', 'Agency', 'News')."""
    text = re.sub(r"\s+", " ", text).strip(" ,.|-–—:")
    if not text:
        return ""
    known = desk_names().get(text.casefold()) or desk_names().get(re.sub(r"^the\s+", "", text, flags=re.I).casefold())
    if known:
        return known
    words = text.split()
    if "," in text or not 1 <= len(words) <= 4 or words[-1].lower().strip(".") not in _words("desks", "heads"):
        return ""
    capitalised = all(word[:1].isupper() or word[:1].isdigit() or word.lower() in ("and", "of", "the", "for") for word in words)
    if capitalised and len(words) <= 3:
        return text  # "HNN Staff", "European Space Agency"
    if not capitalised and len(words) >= 2 and words[0][:1].isupper():
        return text  # "Detroit News wire services"
    return ""


def _is_generic_desk(name: str) -> bool:
    """A desk that names no outlet ('Staff', 'Admin'): not a source either."""
    words = name.lower().split()
    generic = _words("desks", "heads") | _words("roles", "heads") | {"admin", "administrator", "anonymous",
                                                                     "guest", "sponsored", "content", "partner", "and"}
    return all(word.strip(".") in generic for word in words)


def clean_name(text: str) -> str:
    """A name without trailing titles/outlets ('Michael HiltzikBusiness Columnist' → 'Michael Hiltzik',
    'Jane Doe Staff Writer' → 'Jane Doe', 'Elliot Brownstein Florida Today' → 'Elliot Brownstein')."""
    words: list[str] = []
    tokens = HONORIFIC.sub("", strip_contacts(text)).split()
    for word in tokens:
        camel = CAMEL.match(word)
        if camel and _is_role_word(re.split(r"(?<=[a-z])(?=[A-Z])", camel.group(2))[0].lower()):
            words.append(camel.group(1))
            break
        if _is_role_word(word) and words:
            break
        words.append(word)
    words = _drop_outlet_tail(words, tokens[len(words):])
    name = " ".join(words).strip(" ,.|-–—:")
    if name.isupper() and len(name) > 3:
        name = name.title()
    return name


def _drop_outlet_tail(words: list[str], rest: list[str]) -> list[str]:
    """A name followed by an outlet's place word ('Elliot Brownstein Florida' of '... Florida Today'):
    when the words after the name ended in an outlet word, keep the name's usual shape (a given
    name, initials, a surname)."""
    if len(words) < 3 or not rest or rest[0].lower().strip(".,") not in _words("desks", "heads"):
        return words
    kept = [words[0]]
    for word in words[1:]:
        kept.append(word)
        if not re.fullmatch(r"[A-Z]\.?", word) and word.lower() not in PARTICLE.split("|"):
            break
    return kept


def looks_like_name(text: str) -> bool:
    """A short run of capitalised words, none of them a title or outlet word, as a person's name is."""
    text = text.strip()
    if len(text) > 60 or not NAME.match(text):
        return False
    words = text.split()
    if words[0].lower() in _words("names", "never_first"):
        return False
    return not any(_is_role_word(word) for word in words)


def names_of_list(text: str) -> tuple[str, ...]:
    """The names of a line that lists only persons' names ('Jane Doe and John Roe', 'A B, C D & E F'),
    or () (a name beside an agency, 'Al Goldis, Associated Press', is a photo credit)."""
    parts = [part for part in NAME_LIST_SPLIT.split(text.strip()) if part]
    if len(parts) < 2 or not all(looks_like_name(part) for part in parts):
        return ()
    return tuple(dict.fromkeys(parts))


def _is_credential(part: str) -> bool:
    return all(word.lower().strip(".") in _words("roles", "credentials") for word in part.split())


def split_byline(text: str) -> Byline:
    """Split an author list into names and the desk it names, dropping roles, outlets and contacts."""
    text = re.sub(r"\s+", " ", strip_contacts(text)).strip(" ,.|")
    names: list[str] = []
    source = ""
    whole = desk_names().get(text.casefold())
    if whole:
        return Byline((), "" if _is_generic_desk(whole) else whole)
    for part in SPLIT.split(text):
        if not part or _is_credential(part):
            continue
        desk = desk_of(part)
        if desk:
            source = source or ("" if _is_generic_desk(desk) else desk)
            continue
        name = clean_name(part)
        if name and looks_like_name(name) and name not in names:
            names.append(name)
    return Byline(tuple(names), source)


def split_authors(text: str) -> tuple[str, ...]:
    """Split an author list into names, dropping roles and outlet names after them."""
    return split_byline(text).authors


def parse_byline_parts(line: str) -> Byline:
    """The authors and the agency or desk a 'By ...' / 'Author: ...' / 'Name, AP Writer' line names."""
    if len(line) > 200:
        return Byline()
    line = unlabel_byline(line)
    role = ROLE_LINE.match(line)
    if role and not BY.search(role.group("name")[3:]):
        found = split_byline(LEADING_BY.sub("", role.group("name")))
        if found.authors:
            return found
    handled = None if LEADING_BY.match(line) else HANDLE_LINE.match(line)
    if handled and looks_like_name(handled.group("name")):
        return Byline((handled.group("name"),), "")  # 'Nishant Kumar @Nishantopines'
    sourced = AGENCY_AFTER.match(line)
    if sourced and looks_like_name(sourced.group("name")) and sourced.group("agency").casefold() in desk_names():
        return Byline((sourced.group("name"),), desk_names()[sourced.group("agency").casefold()])  # 'Jane Doe (Reuters)'
    source = ""
    for match in BY.finditer(line):
        rest = line[match.end():]
        if NOT_AFTER_BY.match(rest) or (match.start() > 0 and not _before_by_is_meta(line[: match.start()])):
            continue
        date = search_date(rest)
        if date:
            rest = rest[: date.start()]
        rest = strip_contacts(rest) if EMAIL.search(rest) or PHONE.search(rest) else rest
        end = NAMES_END.search(rest)
        if end:
            rest = rest[: end.start()]
        found = split_byline(rest)
        if found.authors:
            return found
        source = source or found.source
        single = rest.strip(" ,.:")
        if not source and _is_single_name(single):
            return Byline((single,), "")  # "by Regan September 15, 2014"
    if not source:
        date = search_date(line)
        bare = (line[: date.start()] if date else line).strip(" ,.|-–—:")
        source = desk_names().get(bare.casefold(), "")  # "Associated Press November 19, 2019"
    return Byline((), source)


def _is_single_name(word: str) -> bool:
    """One capitalised word after an explicit 'By' that is no title, desk or common word."""
    return (
        bool(SINGLE_NAME.match(word))
        and not _is_role_word(word)
        and word.lower() not in _words("names", "never_first")
        and word.casefold() not in desk_names()
    )


def parse_byline(line: str) -> tuple[str, ...]:
    """Authors named by a 'By ...' / 'Author: ...' / 'Name, AP Writer' line, or ()."""
    return parse_byline_parts(line).authors


def byline_source(line: str) -> str:
    """The agency or desk a byline names instead of a person ('By HNN Staff | ...' → 'HNN Staff'), or ''."""
    return parse_byline_parts(line).source


BIO_WORDS = 40  # the story's last paragraph read as its author's bio is at most this long


def author_of_bio(line: str) -> str:
    """The writer an author's bio names ('Jane Doe is a freelance writer based in Leeds', 'Jane Doe
    covers ...' is not one), or '': a name, 'is' or 'was', and a journalist's role within four words."""
    found = BIO.match(line)
    if not found or len(line) > 400:
        return ""
    name = HONORIFIC.sub("", found.group("name"))
    roles = _words("labels", "bio_roles")
    role = [word.casefold().strip(",.") for word in found.group("role").split()]
    return name if looks_like_name(name) and any(word in roles or word.rstrip("s") in roles for word in role) else ""


def parse_wire_credits(line: str) -> tuple[str, ...]:
    """The reporters and writers a wire story's credits name ('Reporting by A and B; Editing by C'
    → A, B); editors are not authors. () for any other line."""
    if len(line) > 300 or not CREDITS_LINE.match(line):
        return ()
    names: list[str] = []
    for clause in CREDIT_CLAUSE.finditer(line):
        text = re.split(r"\s+in\s+(?=[A-Z])|\s*[;)\]]", clause.group("names"))[0]
        for name in split_authors(text):
            if name not in names:
                names.append(name)
    return tuple(names)


def _role_line() -> re.Pattern[str]:
    """'Name, AP National Political Writer': a name, a comma or bar, and a role ending in a role word."""
    heads = "|".join(sorted(_words("roles", "heads"), key=len, reverse=True))
    return re.compile(
        rf"^(?P<name>[^,|]{{4,40}}?)\s*[,|]\s*(?P<role>(?:[\w.&'’-]+\s+){{0,5}}(?:{heads}))\.?$",
        re.I,
    )


ROLE_LINE = _role_line()


def _before_by_is_meta(text: str) -> bool:
    """Text before a mid-line 'by' is a date, a separator, a counter or the story's kind ('Analysis
    by'), not a sentence."""
    text = text.strip()
    return not text or text[-1] in "|/•·,–—-" or bool(search_date(text)) or text.casefold() in _words("labels", "before_by")


@lru_cache(maxsize=1)
def _colon_label() -> re.Pattern[str]:
    """'Text: ', 'Byline: ' at the start of a line: a label introducing the author (bylines.toml)."""
    labels = "|".join(re.escape(label) for label in sorted(_words("labels", "before_colon"), key=len, reverse=True))
    return re.compile(rf"^\s*(?:{labels})\s*:\s*(?=\S)", re.I)


def unlabel_byline(line: str) -> str:
    """A byline opened by a label and a colon written as a 'By' line ('Text: Jane Doe' → 'By Jane Doe')."""
    labelled = _colon_label().match(line)
    return f"By {line[labelled.end():]}" if labelled else line
