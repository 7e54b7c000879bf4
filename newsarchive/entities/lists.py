"""Names the model missed or doubted that their context gives: after a word for an organisation, in
a list after a plural ('cities including ...'), joined to a person's name, or in the curated tables."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .fixes import SURE_NAME
from .gazetteer import organisation_index
from .names import NameRules
from .sentences import CALENDAR, HEADLINE_LOWER, Mention, Sentence, Span, span_text, TABLE_CONFIDENCE, TITLED_CONFIDENCE


CUED_MAX_WORDS = 4
CUED_INNER = frozenset({"of", "and", "&", "for"})


def cued_organisations(sentence: Sentence, taken: set[int], rules: NameRules, common: frozenset[str]) -> list[Mention]:
    """A capitalised name the model left untagged right after a lower-case word for an
    organisation ('the fact-checking website Full Fact', 'the carrier SunExpress'): an
    organisation. A lone word must be no common word; dates and sentence words are no names."""
    words = sentence.words
    found: list[Mention] = []
    for i in [i for i in range(1, len(words)) if words[i - 1] in rules.org_before]:  # the words after a word for an organisation
        if i in taken:
            continue
        if words[i] == "The" and i + 1 < len(words) and i + 1 not in taken and cued_word(words[i + 1]):
            i += 1  # 'the think-tank The Brookings Institution': the name without its article
        elif not cued_word(words[i]):
            continue
        end = i + 1
        while end < len(words) and end - i < CUED_MAX_WORDS and end not in taken and (cued_word(words[end]) or (words[end] in CUED_INNER and end + 1 < len(words) and cued_word(words[end + 1]))):
            end += 1
        if words[end - 1] in CUED_INNER or (end - i == 1 and words[i].lower() in common):
            continue
        found.append(Mention(span_text(sentence, i, end), "ORG", TITLED_CONFIDENCE, sentence.region, True, True))
        taken.update(range(i, end))
    return found


LIST_CUES = (("including",), ("such", "as"), ("like",))
LIST_INNER = frozenset({"of", "&", "for"})


def listed_organisations(sentence: Sentence, rules: NameRules, common: frozenset[str]) -> list[Mention]:
    """Names listed after a plural word for organisations or places ('newspapers including the
    Sacramento Bee, Miami Herald and Kansas City Star', '30 cities including Nashville, Toronto and
    Denver'): each one of that kind, whether or not the model saw it. Two names at least."""
    words = sentence.words
    found: list[Mention] = []
    listing = plural_words(rules.org_before, rules.place_before)
    for i in [i for i in range(1, len(words)) if words[i - 1] in listing]:
        kind = plural_kind(words[i - 1], rules)
        cue = next((c for c in LIST_CUES if tuple(w.lower() for w in words[i : i + len(c)]) == c), None)
        if cue is None:
            continue
        runs = listed_runs(words, i + len(cue))
        if len(runs) >= 2:
            found.extend(listed_mentions(sentence, runs, kind, common))
    return found + colon_listed(sentence, rules, common)


COLON_REACH = 8  # words between the plural and the colon: 'nine companies selected by NASA a year ago:'


def colon_listed(sentence: Sentence, rules: NameRules, common: frozenset[str]) -> list[Mention]:
    """Names listed after a colon that closes a clause with a plural word for organisations or
    places ('the nine companies selected by NASA: Astrobotic, Deep Space Systems, Draper ...'):
    each one of that kind. Three names at least, and the list runs to the sentence's end."""
    words = sentence.words
    found: list[Mention] = []
    for colon, word in enumerate(words):
        if word != ":":
            continue
        kind = next((k for w in reversed(words[max(0, colon - COLON_REACH) : colon]) if (k := plural_kind(w, rules))), None)
        runs = listed_runs(words, colon + 1)
        if kind is None or len(runs) < 3 or runs[-1][1] < len(words) - 1:
            continue
        found.extend(listed_mentions(sentence, runs, kind, common))
    return found


def plural_kind(word: str, rules: NameRules) -> str | None:
    """'ORG' for the plural of a word for organisations ('newspapers', 'companies'), 'LOC' for one
    for places ('cities'), else None."""
    return "ORG" if word in plurals(rules.org_before) else "LOC" if word in plurals(rules.place_before) else None


@lru_cache(maxsize=8)
def plurals(singulars: frozenset[str]) -> frozenset[str]:
    """The plurals of the words ('newspapers', 'companies', 'cities'), built once: plural_kind
    looks at every word of every sentence."""
    return frozenset({word + "s" for word in singulars} | {word[:-1] + "ies" for word in singulars if word.endswith("y")})


@lru_cache(maxsize=8)
def plural_words(*singulars: frozenset[str]) -> frozenset[str]:
    """The plurals of the words of all the tables: the words that may open a list."""
    return frozenset().union(*map(plurals, singulars))


def listed_mentions(sentence: Sentence, runs: Sequence[tuple[int, int]], kind: str, common: frozenset[str]) -> list[Mention]:
    """The names of a list, each one of `kind`; a lone common word ('Technology') is no name."""
    words = sentence.words
    return [
        Mention(span_text(sentence, start, end), kind, TITLED_CONFIDENCE, sentence.region, True, True)
        for start, end in runs
        if end - start > 1 or words[start].lower() not in common
    ]


def listed_runs(words: Sequence[str], k: int) -> list[tuple[int, int]]:
    """The runs of capitalised words of a list from position k, joined by commas, 'and' or 'or'
    (an article before each allowed)."""
    runs: list[tuple[int, int]] = []
    while k < len(words):
        if words[k].lower() == "the":
            k += 1
        end = k
        while end < len(words) and end - k < CUED_MAX_WORDS and (cued_word(words[end]) or (words[end] in LIST_INNER and end + 1 < len(words) and cued_word(words[end + 1]))):
            end += 1
        if end == k:
            break
        runs.append((k, end))
        k = end
        if k < len(words) and words[k] == ",":
            k += 1
        if k < len(words) and words[k] in ("and", "or"):
            k += 1
        if k == end:
            break
    return runs


def cued_word(word: str) -> bool:
    """A word that may be part of a name after a cue: capitalised, no date, no headline word."""
    return word[:1].isupper() and word not in CALENDAR and word.lower() not in HEADLINE_LOWER and any(c.isalpha() for c in word)


COORDINATORS = frozenset({"and", "or", "&"})


def coordinated_people(
    sentence: Sentence, fixed: Sequence[Span], scored: Sequence[tuple[int, int, str, float, float]], common: frozenset[str], gazetteer: dict[tuple[str, ...], str], titles: frozenset[str]
) -> list[Mention]:
    """Two capitalised words joined by 'and' to a person's full name ('Eric Robinson and Boone
    Jenner', 'Oskar Sundqvist and David Perron'), that the model takes for a name but doubts the
    type of, or leaves untagged: a person too, when neither word is a common word, a title
    ('Mr') or a country, and the pair is no place."""
    words = sentence.words
    doubted = {(s, e) for s, e, kind, conf, name in scored if name >= SURE_NAME and (kind != "PER" or conf < TITLED_CONFIDENCE)}
    claimed = {i for s, e, *_ in scored if (s, e) not in doubted for i in range(s, e)}
    found: list[Mention] = []
    for start, end, kind, conf, *_ in fixed:
        if kind != "PER" or end - start < 2 or conf < TITLED_CONFIDENCE:
            continue
        for first, joint in ((end + 1, end), (start - 3, start - 1)):
            if first < 0 or first + 2 > len(words) or words[joint] not in COORDINATORS:
                continue
            pair = words[first : first + 2]
            outside = [words[k] for k in (first - 1, first + 2) if 0 <= k < len(words) and k != joint]
            if (
                any(k in claimed for k in (first, first + 1))
                or not all(w[:1].isupper() and w.isalpha() and w.lower() not in common and w not in CALENDAR for w in pair)
                or any(w[:1].isupper() for w in outside)
                or pair[0] in titles
                or any(gazetteer.get(key) in ("country", "region") for key in (tuple(w.lower() for w in pair), (pair[0].lower(),), (pair[1].lower(),)))
                or tuple(w.lower() for w in pair) in gazetteer
            ):
                continue
            found.append(Mention(" ".join(pair), "PER", TITLED_CONFIDENCE, sentence.region, True, True))
    return found


def table_mentions(
    sentence: Sentence, taken: set[int], common: frozenset[str] | set[str], model_names: set[tuple[int, int]], sports: bool = False, football: bool = False
) -> list[Mention]:
    """Organisations of the curated tables the model left untagged or was unsure of. A one-word
    name that is also a common word ('Heat', 'Chiefs') counts only where the model took it for
    a person, organisation or place, at any confidence ('loss to the Chiefs'; not the song
    'Born to Be Wild')."""
    index = organisation_index(sports, football)
    words = sentence.words
    found: list[Mention] = []
    free = 0  # the first word past the last name found
    for i in [i for i, word in enumerate(words) if word in index]:  # the words that open a name of the tables
        if i < free:
            continue
        match = None
        for tokens in index[words[i]]:
            end = i + len(tokens)
            if tuple(words[i:end]) == tokens and not any(k in taken for k in range(i, end)):
                match = end
                break
        if match is None or (match - i == 1 and (i == 0 or words[i].lower() in common) and (i, match) not in model_names):
            continue
        found.append(Mention(span_text(sentence, i, match), "ORG", TABLE_CONFIDENCE, sentence.region, True, True))
        taken.update(range(i, match))
        free = match
    return found
