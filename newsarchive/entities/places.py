"""Places by the way news copy writes them: a state's postal code after a town, a venue in tour
dates, a place as a modifier ('London-based'), a country's short form, a dateline over the story."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..article import Article
from .agencies import HEADER_RULES
from .fixes import DETERMINERS
from .names import NameRules
from .sentences import may_be_first_name, Mention, Sentence, Span, span_text, TABLE_CONFIDENCE


def state_code_at(words: Sequence[str], k: int, rules: NameRules) -> bool:
    """Is the word a state's or province's postal code right after a place and a comma, ending
    the line or followed by punctuation or a number ('Allentown, PA', 'Denver, CO 80204')?"""
    if not rules.state_codes or words[k] not in rules.state_codes or k < 2 or words[k - 1] != ",":
        return False
    before = words[k - 2]
    if not before[:1].isupper() or before in rules.state_codes:
        return False
    after = words[k + 1] if k + 1 < len(words) else ""
    return not after[:1].isalpha()


def coded_places(words: Sequence[str], rules: NameRules) -> list[tuple[int, int | None]]:
    """Each state's postal code after a place in a sentence (see state_code_at), with where the
    place before it begins (see place_before_code)."""
    codes = rules.state_codes or {}
    return [(k, place_before_code(words, k - 1)) for k, word in enumerate(words) if word in codes and state_code_at(words, k, rules)]


def state_mentions(sentence: Sentence, codes: Sequence[tuple[int, int | None]], rules: NameRules, sure: set[int]) -> list[Mention]:
    """The states a sentence names by postal code after a place ('Mansfield, MA': Massachusetts),
    as in tour dates, addresses and datelines, and the place before the code ('Mansfield'),
    unless the model is sure of another kind of name there; `codes` from coded_places."""
    found: list[Mention] = []
    for k, start in codes:
        found.append(Mention((rules.state_codes or {})[sentence.words[k]], "LOC", TABLE_CONFIDENCE, sentence.region, True, True, True))
        if start is not None and not any(i in sure for i in range(start, k - 1)):
            found.append(Mention(span_text(sentence, start, k - 1), "LOC", TABLE_CONFIDENCE, sentence.region, True, True, True))
    return found


VENUE_JOINERS = frozenset({"at", "of", "the", "&", "-", "–", "on"})


def listed_venues(words: Sequence[str], codes: Sequence[tuple[int, int | None]], people: set[int]) -> list[tuple[int, int]]:
    """The name before a town and a state's code, as tour dates and addresses list them ('PPL
    Center, Allentown, PA', 'Music Park at Walnut Creek, Raleigh, NC'): a venue or a street, a
    place. Not a person the model is sure of, nor two words opening with a first name
    ('Jane Doe, Holmdel, NJ', a reader's letter); `codes` from coded_places."""
    venues: list[tuple[int, int]] = []
    for _, town in codes:
        if town is None or town < 2 or words[town - 1] != ",":
            continue
        end = start = town - 1
        while start > 0 and end - start < 8 and (words[start - 1][:1].isupper() or words[start - 1] in VENUE_JOINERS):
            start -= 1
        while start < end and not words[start][:1].isupper():
            start += 1  # a name opens with a capital
        if start == end or words[end - 1] in VENUE_JOINERS or any(i in people for i in range(start, end)):
            continue
        if end - start == 2 and may_be_first_name(words[start]):
            continue
        venues.append((start, end))
    return venues


def place_before_code(words: Sequence[str], comma: int) -> int | None:
    """Where the place before a state's code begins: up to three capitalised words ('St. Louis',
    'Virginia Beach') right before the comma; None when a lower-case word or a mark is next to it."""
    start = comma
    while start > 0 and comma - start < 3 and words[start - 1][:1].isupper() and words[start - 1][:1].isalpha():
        start -= 1
    return start if start < comma else None


PLACE_MODIFIER = re.compile(r"^(?P<place>[A-Z][\w.]*(?:[- ][A-Z][\w.]*)*)-(?:based|born|headquartered)$")
PLACE_MODIFIER_ENDINGS = ("-based", "-born", "-headquartered")  # what every such word ends in: most words are tried no further


def place_modifiers(sentence: Sentence, named: set[int], gazetteer: dict[tuple[str, ...], str]) -> list[Mention]:
    """A place of the gazetteer used as a modifier ('the London-based website', 'a New York-born
    writer'): a mention of the place, which the model does not see inside the word."""
    words = sentence.words
    found: list[Mention] = []
    for i, word in enumerate(words):
        match = PLACE_MODIFIER.match(word) if word.endswith(PLACE_MODIFIER_ENDINGS) else None
        if not match or i in named:
            continue
        place = match.group("place").replace("-", " ").split()
        for before in (2, 1, 0):  # 'New York-based' comes as 'New' 'York-based'
            prefix = words[max(0, i - before) : i] if before else []
            if len(prefix) == before and all(w[:1].isupper() and w.isalpha() and w.lower() not in DETERMINERS for w in prefix):
                name = [*prefix, *place]
                if gazetteer.get(tuple(w.lower() for w in name)) in ("country", "region", "city"):
                    found.append(Mention(" ".join(name), "LOC", TABLE_CONFIDENCE, sentence.region, True, True))
                    break
                if before == 1 and i > 1 and prefix:
                    break  # a capitalised word before it: part of a longer name the gazetteer lacks
    return found


def dateline_place(article: Article, gazetteer: dict[tuple[str, ...], str]) -> str:
    """The place of a dateline set on its own line just over the story ('Pittsburgh'): the last
    header line, when it is a place of the gazetteer and nothing more."""
    header = [r for r in article.removed if r.rule in HEADER_RULES]
    if not header:
        return ""
    text = header[-1].text.strip().rstrip(" —–-:,")
    words = text.split()
    if not 0 < len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return ""
    place = " ".join(w.capitalize() if w.isupper() and len(w) > 3 else w for w in words)  # 'PITTSBURGH'
    return place if gazetteer.get(tuple(place.lower().split())) else ""


def country_alias(text: str, rules: NameRules, gazetteer: dict[tuple[str, ...], str]) -> bool:
    """A short form the alias table gives for a country ('US', 'U.K.'), whatever type the model
    doubts it is: the guidelines count an abbreviation used as a modifier ('US officials')."""
    if text not in rules.aliases or " " in text or not text.replace(".", "").isupper():
        return False
    canonical = rules.aliases[text]
    return rules.types.get(canonical) == "places" and gazetteer.get(tuple(canonical.lower().split())) == "country"


def country_spans(words: Sequence[str], spans: Sequence[Span], rules: NameRules, gazetteer: dict[tuple[str, ...], str]) -> list[Span]:
    """A country's short form whose type the model doubts ('a US court', typed a work or a firm)
    is the country, kept by the model's confidence that it is a name."""
    return [(s, e, "LOC", conf, True) if e - s == 1 and country_alias(words[s], rules, gazetteer) else (s, e, kind, conf, forced) for s, e, kind, conf, forced in spans]
