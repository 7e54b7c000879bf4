"""Names of things that are no person, organisation or place: titles of works, characters of
fiction, products, stock tickers and counted items, which the model takes for names."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..parse.outlets import agencies
from .names import NameRules
from .sentences import Mention


def listed_company(words: Sequence[str], start: int, end: int, rules: NameRules) -> int | None:
    """Where the name of a listed company ends: a name right before its ticker in parentheses
    ("Lowe's (LOW) stock", 'Tesla (NASDAQ: TSLA)') in a sentence about the markets, a possessive
    before the ticker kept as part of the name; None for no ticker, or for an acronym of the
    name itself ('Democratic Republic of Congo (DRC)', 'Ultra Wideband (UWB)' in a story on
    radio)."""
    k = end + (end < len(words) and words[end] in ("'s", "’s"))
    inner = list(words[k + 1 : k + 5])
    if k >= len(words) or words[k] != "(" or ")" not in inner:
        return None
    if not any(w.lower() in rules.market_words for w in words):
        return None
    inner = inner[: inner.index(")")]
    if len(inner) == 3 and inner[1] == ":" and inner[0].upper() in EXCHANGES:
        inner = inner[2:]
    if len(inner) != 1 or not TICKER.match(inner[0]) or inner[0].startswith(".") or inner[0] in agencies():
        return None  # 'LONDON (AP)': a dateline's agency
    first = start
    while first > 0 and (words[first - 1][:1].isupper() or words[first - 1] in ("of", "and", "for", "&")):
        first -= 1  # 'Private Finance | Initiative (PFI)': the capitalised words the model left out too
    initials = "".join(w[0] for w in words[first:end] if w[:1].isupper())
    return None if initials.endswith(inner[0]) else k


COUNT = re.compile(r"^\d{1,3}$")
RANK_MARKS = frozenset({"No.", "No", "#", "Number", "number", "no."})
CURRENCY = frozenset("$£€¥")


def counted_item(words: Sequence[str], start: int, end: int) -> bool:
    """A capitalised word counted like a thing ('1 Fresno chile', 'Containers: 1 Purple'): a
    quantity of an item, not a name. A ranking ('No. 3 Ohio State') is no count."""
    if end - start != 1 or start == 0 or not COUNT.match(words[start - 1]):
        return False
    if start >= 2 and (words[start - 2] in RANK_MARKS or words[start - 2] in CURRENCY):
        return False  # 'No. 3 Ohio State', "$99 Logitech's keyboard"
    return end == len(words) or not words[end][:1].isupper()


def ticker_code(words: Sequence[str], start: int, end: int, named: Sequence[tuple[int, int, str, float, bool, str]]) -> bool:
    """A stock or index ticker, not a name: a lone code in parentheses after a name that it does
    not abbreviate ('Nikkei 225 (N225)'), or after an exchange ('NYSE: HD'), or with a dot in
    front ('.DJI')."""
    if end - start != 1 or not TICKER.match(words[start]):
        return False
    if start >= 2 and words[start - 1] == ":" and words[start - 2].upper() in EXCHANGES:
        return True
    if start >= 2 and words[start - 1] == "(" and end < len(words) and words[end] == ")":
        before = [n for n in named if n[1] == start - 1]
        if before and before[0][2] == "MISC":
            return True
        if not before and words[start - 2][:1].isdigit():
            return True  # 'Nikkei 225 (N225)': the index the model did not take for a name
    return False


TICKER = re.compile(r"^\.?[A-Z][A-Z0-9]{1,5}$")
EXCHANGES = frozenset({"NYSE", "NASDAQ", "AMEX", "LSE", "TSX", "ASX", "OTC", "NYSEARCA", "HKEX", "TSE", "SGX", "XETRA"})


def fiction_cue(words: Sequence[str], start: int, rules: NameRules) -> bool:
    """A person's name right after words that make it a character ('the role of Arthur Dent')."""
    before = tuple(w.lower() for w in words[max(0, start - 3) : start])
    return any(before[len(before) - len(cue):] == cue for cue in rules.fiction_before if len(cue) <= len(before))


def of_fiction(mention: Mention, fictional: set[str]) -> bool:
    """The mention names a character the text introduced as one (in full, or by one of its words)."""
    if not fictional or mention.kind != "PER":
        return False
    return mention.name in fictional or any(mention.name in name.split() for name in fictional)


def names_a_work(words: Sequence[str], start: int, end: int, rules: NameRules) -> bool:
    """The title of a film, song or show: words next to it say so ('the film Vera Drake',
    'Brookside actress'), or it stands inside a short quotation in Title Case ('"Black Water,"')."""
    before = tuple(w.lower() for w in words[max(0, start - 2) : start])
    if before[-1:] in rules.work_before or before in rules.work_before:
        return True
    if end < len(words) and words[end].lower() in rules.work_after:
        return True
    return in_quoted_title(words, start, end)


MODEL_NUMBER = re.compile(r"^\d{1,3}([A-Za-z]{0,3})$")  # '3', '2S', '72W'; not a year
UNITS = frozenset("cm mm m km kg g lb lbs ft in mph kph ml oz s h pm am st nd rd th".split())  # '51cm', '2nd' 
AFTER_SCORE = frozenset(",:;)-–—/")


def names_a_product(words: Sequence[str], start: int, end: int, kind: str, rules: NameRules, sports: bool) -> bool:
    """A product's name of two words or more: a model number right after a name the model took
    for an organisation or a thing ('MX Master 3', 'Velop Wi-Fi 6 Mesh Router'; not a score in
    sports copy, not a measure: 'Nick Buckfield 51cm'), or a word for a device after it, one
    lower-case word between at most ('the MX Keys wireless keyboard')."""
    if end - start < 2 or end >= len(words):
        return False
    following = words[end : end + 3]
    number = MODEL_NUMBER.match(following[0])
    if number and kind in ("ORG", "MISC") and not (sports and following[0].isdigit()) and not number.group(1).lower() in UNITS:
        return len(following) == 1 or following[1] not in AFTER_SCORE and not following[1][:1].isdigit()
    if following[0] in rules.product_nouns:
        return True
    return len(following) > 1 and following[0].islower() and following[0].isalpha() and following[1] in rules.product_nouns


QUOTE = '"'
MAX_TITLE_TOKENS = 10


def in_quoted_title(words: Sequence[str], start: int, end: int) -> bool:
    """Is words[start:end] inside a short double-quoted run whose longer words are all capitalised
    (a title: "What A Fool Believes"), rather than inside quoted speech?"""
    opening = next((i for i in range(start - 1, max(-1, start - MAX_TITLE_TOKENS), -1) if words[i] == QUOTE), None)
    if opening is None or any(words[i] == QUOTE for i in range(opening + 1, start)):
        return False
    closing = next((i for i in range(end, min(len(words), opening + MAX_TITLE_TOKENS + 2)) if words[i] == QUOTE), None)
    if closing is None or words[:opening].count(QUOTE) % 2:  # an opening quote, not a closing one
        return False
    inside = [w for w in words[opening + 1 : closing] if w[:1].isalpha()]
    return bool(inside) and all(w[:1].isupper() for w in inside if len(w) > 3)
