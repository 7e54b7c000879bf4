"""The corrections to the model's spans (titles, particles, head words, cues, apposition, names run
together or cut short) that a CoNLL-trained model gets wrong in news text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .gazetteer import is_organisation
from .names import NameRules
from .recognise import get_tagger, Tagger
from .sentences import CALENDAR, HEADLINE_LOWER, may_be_first_name, Sentence, Span, TITLED_CONFIDENCE
from .things import MODEL_NUMBER


# Lower-case words that may sit inside a name ("Bank of England", "Ludwig van Beethoven").
CONNECTORS = frozenset(
    "of and for the de del della da di du dos das van von der den la le les al el bin ibn bint y e "
    "on in at & 's -".split()
)


ROADS = frozenset({"Road", "Route", "Highway", "Interstate", "Freeway", "Motorway", "Expressway", "Turnpike", "Rd.", "Hwy", "Hwy."})


def numbered_road(words: Sequence[str], start: int, end: int) -> bool:
    """A road named by its number ('County Road 600S', 'Route 66'): the model stopped short of
    the number, without which the name is a fragment."""
    return words[end - 1] in ROADS and end < len(words) and MODEL_NUMBER.match(words[end]) is not None


def numbered_organisation(words: Sequence[str], end: int, text: str) -> bool:
    """A name and the number after it make an organisation of the tables ('BBC Radio 4'): the
    model stopped short of the number."""
    return end < len(words) and words[end][:1].isdigit() and is_organisation(f"{text} {words[end]}")


def longer_organisation(words: Sequence[str], end: int, text: str) -> int:
    """How many capitalised words (one or two) right after a name make with it an organisation of
    the tables ('Oklahoma City' + 'Thunder'): the model stopped short of them; 0 for none."""
    for more in (2, 1):
        following = words[end : end + more]
        if len(following) == more and all(w[:1].isupper() for w in following) and is_organisation(" ".join((text, *following))):
            return more
    return 0


NAME_PREFIXES = frozenset({"Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Lo", "Van", "Von", "Fitz", "Ja", "Ke", "Ma"})


def junk_mention(sentence: Sentence, start: int, end: int, kind: str, vocabulary: set[str]) -> bool:
    """Not a name: a hashtag or handle, link texts run together ('Kristi NoemKristi Lynn'), a
    plural abbreviation ('LEDs'), or the first part of a longer name the model cut short
    ('Commonwealth' of 'Commonwealth Games')."""
    words = sentence.words
    first = sentence.tokens[start]
    if first.start > 0 and (sentence.text[first.start - 1] in "#@'’&" or sentence.text[first.start - 1].isalnum()):
        return True  # a hashtag, a handle, or the end of a longer word ("De'Broski", "BB&T")
    if any(glued(w, kind, vocabulary) for w in words[start:end]):
        return True
    return bool(PLURAL_ABBREVIATION.match(words[end - 1]))


def cut_short(words: Sequence[str], start: int, end: int, kind: str, taken: set[int], rules: NameRules) -> bool:
    """Part of a longer name the model cut short: a capitalised word no name claims right before
    it ('Coral | Sky Amphitheatre', 'Goddard Space | Flight Center'), or capitalised words after it
    ending in a word for an event or a product ('Eurovision | Song Contest', 'Commonwealth | Games')."""
    if start > 1 and start - 1 not in taken and not (kind == "PER" and may_be_first_name(words[start])):
        before = words[start - 1]  # 'Minister for Children, Young People and Families | Margaret Hodge' is no cut
        if before.isalpha() and before[:1].isupper() and not before.isupper() and before.lower() not in HEADLINE_LOWER and before not in rules.titles and before not in CALENDAR:
            return True
    k = end
    while k < len(words) and k - end < 3 and words[k][:1].isupper() and words[k].isalpha():
        if rules.heads.get(words[k]) == "other":
            return True
        k += 1
    return False


PLURAL_ABBREVIATION = re.compile(r"^[A-Z]{2,}s$")
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def glued(word: str, kind: str, vocabulary: set[str]) -> bool:
    """Words run together where a page's links met: 'NoemKristi' is 'Noem' and 'Kristi'. A person's
    name has no capital inside but after Mc, De, La and the like; an organisation's only when both
    parts are words of the text on their own ('GoogleFirefox', not 'SoftBank')."""
    parts = CAMEL.split(word)
    if len(parts) < 2:
        return False
    if kind == "PER":
        return not all(part.capitalize() in NAME_PREFIXES for part in parts[:-1])
    return all(len(part) > 2 and part in vocabulary for part in parts)


def keep_confident(fixed: list[Span], scored: Sequence[tuple[int, int, str, float, float]], threshold: float) -> list[Span]:
    """Spans sure enough: by the model's type confidence, or, where a rule (a head word, a cue)
    set the type, by its confidence that the words are a name at all ('Victoria Nuland,
    undersecretary of state': a name for sure, of a type the model hesitates over)."""
    name_confidence = {end: name for _, end, _, _, name in scored}
    kept: list[Span] = []
    for start, end, kind, conf, forced in fixed:
        if forced:
            conf = max(conf, name_confidence.get(end, 0.0))
        if conf >= threshold:
            kept.append((start, end, kind, conf, forced))
    return kept


def fix_spans(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]], rules: NameRules) -> list[Span]:
    """Apply the name rules to one sentence's spans."""
    spans = strip_positions(words, strip_parties(words, join_particles(words, spans), rules), rules)
    spans = split_possessive_place(words, split_run_together(words, join_split_names(words, spans, rules), rules))
    spans = split_joined_places(words, spans, rules)
    taken = {i for s, e, kind, _ in spans if kind != "MISC" for i in range(s, e)}
    fixed: list[Span] = []
    for start, end, kind, conf in spans:
        if kind == "PER":
            start = extend_after_title(words, start, taken, rules)
        span = fix_span(words, start, end, kind, conf, rules)
        if span is not None:
            fixed.append(span)
    # A span swallowed by a longer one (a MISC word joined to a name after a title) goes.
    return [a for a in fixed if not any(b is not a and b[0] <= a[0] and a[1] <= b[1] and b[1] - b[0] > a[1] - a[0] for b in fixed)]


NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "di", "du", "bin", "ibn", "al", "el", "la", "le", "ter"})


def join_particles(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    """'Fritz Eckart' + 'von' + 'Weizsäcker': a person's name the model cut at a lower-case
    particle goes on through it to the capitalised words after it."""
    out: list[tuple[int, int, str, float]] = []
    skip_to = -1
    for start, end, kind, conf in spans:
        if start < skip_to:
            continue
        if kind == "PER" and end + 1 < len(words) and words[end] in NAME_PARTICLES and words[end + 1][:1].isupper() and words[end + 1].isalpha():
            stop = end + 1
            while stop < len(words) and (words[stop] in NAME_PARTICLES or (words[stop][:1].isupper() and words[stop].isalpha())) and stop - end < 4:
                stop += 1
            while words[stop - 1] in NAME_PARTICLES:
                stop -= 1
            out.append((start, stop, kind, conf))
            skip_to = stop
            continue
        out.append((start, end, kind, conf))
    return out


def strip_parties(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]], rules: NameRules) -> list[tuple[int, int, str, float]]:
    """'Tory Dominic Grieve', 'Republican Phil Bryant': a party word before a person's first name
    is no part of the name."""
    out: list[tuple[int, int, str, float]] = []
    for start, end, kind, conf in spans:
        if kind == "PER" and end - start >= 3 and words[start] in rules.party_words and may_be_first_name(words[start + 1]):
            start += 1
        out.append((start, end, kind, conf))
    return out


def strip_positions(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]], rules: NameRules) -> list[tuple[int, int, str, float]]:
    """'DL Chad Thomas', 'LB Sione Takitaki of the Browns': a playing position (a title in
    capitals) before a name is no part of it, and the name is a person's (the team after 'of
    the' an organisation's)."""
    out: list[tuple[int, int, str, float]] = []
    for start, end, kind, conf in spans:
        if end - start >= 3 and words[start].isupper() and words[start] in rules.titles and kind != "MISC" and words[start + 1][:1].isupper():
            inner = list(words[start + 1 : end])
            if "of" in inner[1:-1]:
                cut = start + 1 + inner.index("of", 1)
                after = cut + 1 + (words[cut + 1] in ("the", "The"))
                out.append((start + 1, cut, "PER", conf))
                if after < end:
                    out.append((after, end, "ORG", conf))
                continue
            out.append((start + 1, end, "PER", conf))
        else:
            out.append((start, end, kind, conf))
    return out


def split_joined_places(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]], rules: NameRules) -> list[tuple[int, int, str, float]]:
    """'Seventh Street and Central Avenue': two places read as one name, each ending in a
    place's head word, are two places."""
    out: list[tuple[int, int, str, float]] = []
    for start, end, kind, conf in spans:
        cut = next((i for i in range(start + 2, end - 1) if words[i] == "and"), None)
        if kind in ("LOC", "ORG") and cut is not None and rules.heads.get(words[cut - 1]) == "places" and rules.heads.get(words[end - 1]) == "places":
            out.extend([(start, cut, kind, conf), (cut + 1, end, kind, conf)])
        else:
            out.append((start, end, kind, conf))
    return out


def split_possessive_place(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    """"Cleveland's Public Auditorium": a place of the gazetteer and, after its possessive, a
    name of its own (an organisation or a place), read by the model as one name."""
    gazetteer = get_tagger().resources.gazetteer
    out: list[tuple[int, int, str, float]] = []
    for start, end, kind, conf in spans:
        cut = next((i for i in range(start + 1, end - 1) if words[i] in ("'s", "’s")), None)
        if kind in ("LOC", "ORG") and cut is not None and words[cut + 1][:1].isupper() and gazetteer.get(tuple(w.lower() for w in words[start:cut])) is not None:
            out.extend([(start, cut, "LOC", conf), (cut + 1, end, kind, conf)])
        else:
            out.append((start, end, kind, conf))
    return out


def split_run_together(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]], rules: NameRules) -> list[tuple[int, int, str, float]]:
    """Names a caption or a run of links puts side by side, read as one: 'Labour Party Jeremy
    Corbyn' (an organisation, then a person), 'Sui-Lee Wee of the New York Times' (a person of
    an organisation), 'Timothy Weeks AP' (a name and an agency), 'Max Planck Institute for
    Astrophysics in Munich' (a name and where it is)."""
    names = get_tagger().resources.names
    out: list[tuple[int, int, str, float]] = []
    for start, end, kind, conf in spans:
        if kind == "MISC" or end - start < 3:
            out.append((start, end, kind, conf))
            continue
        inner = words[start:end]
        if kind == "ORG" and "in" in inner[1:-1]:
            end = start + inner.index("in", 1)
        elif kind == "PER" and inner[-1].isupper() and inner[-1].isalpha() and len(inner[-1]) <= 3 and not ROMAN.match(inner[-1]):
            end -= 1
        elif "of" in inner[1:-1] and names.get(inner[0].lower(), "").startswith("first"):
            k = start + inner.index("of", 1)
            after = k + 1 + (words[k + 1] in ("the", "The"))
            if rules.heads.get(words[end - 1]) == "organizations" and after < end:
                out.extend([(start, k, "PER", conf), (after, end, "ORG", conf)])
                continue
        cut = person_after_name(words, start, end, rules, names)
        if cut:
            head = rules.heads.get(words[cut - 1])
            first = "ORG" if head == "organizations" else "LOC" if head == "places" else kind
            out.extend([(start, cut, first, conf), (cut, end, "PER", conf)])
        else:
            out.append((start, end, kind, conf))
    return out


ROMAN = re.compile(r"^[IVX]+$")


def person_after_name(words: Sequence[str], start: int, end: int, rules: NameRules, names: dict[str, str]) -> int | None:
    """Where a person's first name starts inside a longer span, right after a word that ends a
    name (an organisation's or a place's head word): 'European Union | Gordon Sondland'."""
    for k in range(start + 1, end - 1):
        if names.get(words[k].lower(), "").startswith("first") and rules.heads.get(words[k - 1]) in ("organizations", "places"):
            if all(w[:1].isupper() for w in words[k:end]):
                return k
    return None


def join_split_names(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]], rules: NameRules) -> list[tuple[int, int, str, float]]:
    """'Tianyi Space Science' + 'and' + 'Technology Research Institute Co. Ltd.': one name,
    when only the second part ends in an organisation's head word; 'Gulf' + 'of' + 'Mexico': one
    name, when the first part ends in a head word; 'U.S.' + 'Virgin Islands', a name of the
    gazetteer or the tables."""
    joined: list[tuple[int, int, str, float]] = []
    for span in spans:
        if joined:
            s1, e1, k1, c1 = joined[-1]
            s2, e2, k2, c2 = span
            heads = rules.heads
            if (
                k1 == k2 == "ORG" and s2 == e1 + 1 and words[e1] in ("and", "&")
                and heads.get(words[e2 - 1]) == "organizations" and heads.get(words[e1 - 1]) != "organizations"
                and not is_organisation(" ".join(words[s1:e1]))  # 'United Nations and European Union': two
            ):
                joined[-1] = (s1, e2, "ORG", max(c1, c2))
                continue
            # 'American' + 'Council on Energy', 'Indiana State' + 'Teachers Association': a name
            # the model cut in two, the second part ending in an organisation's head word
            if s2 == e1 and k1 in ("MISC", "LOC") and k2 == "ORG" and heads.get(words[e2 - 1]) == "organizations" and words[s1][:1].isupper():
                joined[-1] = (s1, e2, "ORG", max(c1, c2))
                continue
            # 'Gulf' + 'of' + 'Mexico', 'University' + 'of' + 'Florida'
            head = heads.get(words[e1 - 1])
            # 'American Council' + 'on' + 'Renewable Energy'
            if s2 == e1 + 1 and (words[e1] == "of" and head in ("places", "organizations") or words[e1] == "on" and head == "organizations") and k1 in ("LOC", "ORG") and k2 in ("LOC", "ORG"):
                joined[-1] = (s1, e2, "LOC" if head == "places" and k1 == "LOC" else "ORG", max(c1, c2))
                continue
            # 'U.S.' + 'Virgin Islands': two names side by side that are one place of the
            # gazetteer or one organisation of the tables
            if s2 == e1 and k1 != "PER" and k2 != "PER":
                whole = " ".join(words[s1:e2])
                if get_tagger().resources.gazetteer.get(tuple(whole.lower().split())) is not None:
                    joined[-1] = (s1, e2, "LOC", max(c1, c2))
                    continue
                if is_organisation(whole):
                    joined[-1] = (s1, e2, "ORG", max(c1, c2))
                    continue
            # "U.S. Attorney's Office" + 'for the' + 'Western District': one organisation
            gap = words[e1:s2]
            if k1 == "ORG" and head == "organizations" and k2 != "PER" and gap in (["for"], ["for", "the"]):
                joined[-1] = (s1, e2, "ORG", max(c1, c2))
                continue
        joined.append(span)
    return joined


SURE_NAME = 0.85  # the model is this sure the words are a name, whatever their type


def shaped_person(words: Sequence[str], start: int, end: int, kind: str, conf: float, name: float, tagger: Tagger) -> tuple[int, int, str, float]:
    """'Brandon Montour' (a name for sure, of a type the model doubts: person, work or
    organisation): two or three words shaped like a name, not after an article, the first a first
    name of the census lists, none a word news text writes in lower case, are a person's name."""
    if kind not in ("PER", "MISC", "ORG") or conf >= tagger.threshold or name < SURE_NAME or not 2 <= end - start <= 3:
        return (start, end, kind, conf)
    if start > 0 and words[start - 1] in ("The", "the", "A", "a", "An", "an"):
        return (start, end, kind, conf)  # 'The Amber Spyglass', 'Girl With A Pearl Earring': a title
    inner = words[start:end]
    common = tagger.resources.common
    if nationality(inner[0], tagger.resources.gazetteer):
        return (start, end, kind, conf)  # 'German Boerse': a nationality before a name
    if may_be_first_name(inner[0]) and all(name_shaped_word(w) and w.lower() not in common for w in inner[1:]):
        return (start, end, "PER", name)
    return (start, end, kind, conf)


def nationality(word: str, gazetteer: dict[tuple[str, ...], str]) -> bool:
    """A country's name or its people's word ('German' of Germany, 'Jordan'), by the gazetteer."""
    lower = word.lower()
    stems = [lower + end for end in ("", "y", "ia", "a")] + [lower[: -len(end)] for end in ("n", "an", "ian", "ese", "ish", "i") if lower.endswith(end)]
    return any(gazetteer.get((stem,)) == "country" for stem in stems)


def name_shaped_word(word: str) -> bool:
    """A capital, then lower-case letters (a hyphen or an inner capital after Mc and the like allowed)."""
    core = word.replace("-", "").replace("'", "")
    return core.isalpha() and core[:1].isupper() and (core[1:].islower() or core[:2] in ("Mc", "Di", "De", "La", "Le"))


def after_person_title(words: Sequence[str], start: int, end: int, kind: str, conf: float, rules: NameRules) -> tuple[int, int, str, float]:
    """'Rep. Alexandria Ocasio-Cortez': a person's name right after a person's title is as sure
    as the model's sure names ('President Ascom North America' names an employer)."""
    if kind == "MISC" or start == 0 or words[start - 1] not in rules.person_titles or not all(w[:1].isupper() for w in words[start:end]):
        return (start, end, kind, conf)
    if kind == "PER" or (may_be_first_name(words[start]) and rules.heads.get(words[end - 1]) is None):
        return (start, end, "PER", max(conf, TITLED_CONFIDENCE))
    return (start, end, kind, conf)


def personal_name(word: str) -> bool:
    """A first name of the census lists, or a word shaped like a name that news text never
    writes in lower case ('Oona')."""
    resources = get_tagger().resources
    core = word.replace("-", "")
    return may_be_first_name(word) or (core.isalpha() and core[:1].isupper() and core[1:].islower() and word.lower() not in resources.common)


def titled_names(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]], rules: NameRules, names: dict[str, str]) -> list[tuple[int, int, str, float]]:
    """Names the model missed after a person's title: 'Reps. French Hill (R-Ark.)'."""
    added: list[tuple[int, int, str, float]] = []
    titled = [i for i, word in enumerate(words[:-1]) if word in rules.person_titles]
    if not titled:
        return added
    taken = {i for s, e, kind, _ in spans for i in range(s, e)}
    for i in titled:
        if i + 1 in taken:
            continue
        end = i + 1
        while end < len(words) and end - i <= 3 and words[end][:1].isupper() and words[end].isalpha() and words[end] not in rules.titles:
            end += 1
        if end == i + 1 or end - i > 3 or any(k in taken for k in range(i + 1, end)):
            continue
        if words[end - 1].lower() in names and (end == len(words) or not words[end][:1].isupper()):
            added.append((i + 1, end, "PER", TITLED_CONFIDENCE))
    return added


def extend_after_title(words: Sequence[str], start: int, taken: set[int], rules: NameRules) -> int:
    """'Reps. French Hill': capitalised words between a title and a person's name are the name."""
    k = start
    while k > 0 and start - k < 2 and words[k - 1][:1].isupper() and words[k - 1] not in rules.titles and k - 1 not in taken:
        k -= 1
    if k < start and k > 0 and words[k - 1] in rules.titles:
        return k
    return start


def places_joined(word: str, rules: NameRules) -> bool:
    """'US-China', 'Israel-Gaza': two places or more joined by hyphens, written before a noun
    they qualify, are no place's name ('Guinea-Bissau', a place of the gazetteer, is)."""
    parts = word.split("-")
    gazetteer = get_tagger().resources.gazetteer
    if len(parts) < 2 or gazetteer.get((word.lower(),)) is not None:
        return False
    return all(gazetteer.get((part.lower(),)) is not None or gazetteer.get(tuple(rules.aliases.get(part, "").lower().split())) is not None for part in parts)


def fix_span(words: Sequence[str], start: int, end: int, kind: str, conf: float, rules: NameRules) -> Span | None:
    """Titles off, lower-case words out, head words and cues decide the kind; None drops it."""
    if start == 0 and words[start] in rules.menu_verbs:
        return None  # 'Follow The New York Times Opinion': a menu line
    if end - start == 1 and places_joined(words[start], rules):
        return None  # 'US-China (trade talks)': places that qualify a noun
    cued = cued_kind(words, start, end, kind, rules)
    if kind == "MISC":
        head = rules.heads.get(words[end - 1]) if end - start > 1 else None
        if head in ("organizations", "places"):
            return (start, end, "ORG" if head == "organizations" else "LOC", conf, True)
        if cued and not any(w[:1].islower() and w not in CONNECTORS for w in words[start:end]):
            return (start, end, cued, conf, True)
        return (start, end, kind, conf, False)
    start, kind = after_descriptor(words, start, end, kind, rules)
    if kind == "PER" and end - start == 1 and start > 0 and words[start - 1] in rules.kept_titles:
        start -= 1  # "Prince Andrew": with one name, the title stays
    while kind != "PER" and end - start > 1 and words[start] in LEADING_ADJECTIVES:
        start += 1  # 'Former Downing Street (director)'
    if kind in ("ORG", "LOC") and end - start > 1 and words[start] in HONORIFICS:
        kind = "PER"  # 'Mr Justice Eady': an honorific opens a person's name only
    if words[start] in rules.titles:
        if kind != "PER" and (end - start == 1 or words[start + 1] == "of"):
            return None
        while kind == "PER" and end - start > 1 and words[start] in rules.titles:
            if end - start == 2 and words[start] in rules.kept_titles:
                break  # "Prince Andrew", "Pope Francis": the title is part of the name
            start += 1
    inner = words[start:end]
    if kind == "PER" and inner[-1] in rules.titles and not (len(inner) > 1 and personal_name(inner[-2])):
        return None  # 'Strategy Officer', but 'Oona King'
    if any(w[:1].islower() and w not in CONNECTORS for w in inner) or inner[-1] in CONNECTORS:
        return None
    forced = False
    head = head_kind(inner, rules) if end - start > 1 else None
    if head == "other":
        return None
    if head:
        kind, forced = {"people": "PER", "organizations": "ORG", "places": "LOC"}[head], True
    if has_org_cue(words, end, rules):
        kind, forced = "ORG", True
    elif cued and not forced:
        kind, forced = cued, True
    elif not forced and end + 1 < len(words) and words[end] == "," and words[end + 1].lower() in rules.person_cues and words[end + 1].islower() and not country_or_region(inner):
        kind, forced = "PER", True  # 'Smith, who ...', but not 'Russia and Pakistan, who cannot ...'
    elif not forced and kind != "LOC" and employer_before_staff(words, start, end, kind, conf, rules):
        kind, forced = "ORG", True  # 'Jefferies analyst Jonathan Matuszewski': the employer
    if kind == "ORG" and start > 1 and words[start - 1] == "The" and words[start - 2] not in ('"', "'", "(", ":"):
        start -= 1
    return (start, end, kind, conf, forced)


def country_or_region(inner: Sequence[str]) -> bool:
    """A country or region of the gazetteer ('Pakistan', 'Cyprus'): no person, whatever words follow."""
    return get_tagger().resources.gazetteer.get(tuple(w.lower() for w in inner)) in ("country", "region")


def employer_before_staff(words: Sequence[str], start: int, end: int, kind: str, conf: float, rules: NameRules) -> bool:
    """'Jefferies analyst', 'Wedbush analysts': a name right before a word for staff is their
    employer. A person the model is sure of or named by a first name ('Trump adviser'), a common
    word, and one word opening a sentence ('Robotics researchers'), are not."""
    if end >= len(words) or words[end] not in rules.staff_words:
        return False
    if kind == "PER" and (conf >= TITLED_CONFIDENCE or may_be_first_name(words[start])):
        return False
    if start >= 2 and words[start - 1] in ("of", "for", "and", "&", "on") and words[start - 2][:1].isupper():
        return False  # 'Department for | Constitutional Affairs spokeswoman': the end of a longer name
    return not (end - start == 1 and (start == 0 or words[start].lower() in get_tagger().resources.common))


def cued_kind(words: Sequence[str], start: int, end: int, kind: str, rules: NameRules) -> str | None:
    """The kind a word right before the name gives it: 'think-tank Demos', 'the firm, Paion'
    (an organisation), 'the city of Leeds' (a place). A person's full name ('developer John
    Smith') keeps its kind."""
    before = [w.lower() for w in words[max(0, start - 3) : start]]
    if before[-1:] == [","]:
        before = before[:-1]
    if not before:
        return None
    if kind == "PER" and end - start > 1 and may_be_first_name(words[start]):
        return None  # 'developer John Smith': a person's full name stays a person
    if before[-1] in rules.org_before and words[start - 1 - (words[start - 1] == ",")].islower():
        return "ORG"
    if words[start - 1] == "The" and before[-2:-1] and before[-2] in rules.org_before and words[start - 2].islower():
        return "ORG"  # 'the think-tank The Brookings Institution
    if org_described_after(words, end, rules) and not (len(before) >= 2 and before[-1] in ("of", "for") and words[start - 2][:1].isupper()):
        return "ORG"  # not 'Diplomatic Academy of | Vietnam, a government university': the longer name's
    if len(before) >= 2 and before[-1] == "of" and before[-2] in rules.place_before and kind != "PER":
        return "LOC"
    return None


DETERMINERS = frozenset({"a", "an", "the"})


def org_described_after(words: Sequence[str], end: int, rules: NameRules) -> bool:
    """'Dräger, a global producer of ...', 'Ascom, a global solutions provider': a comma, an
    article and a few lower-case words, one of them a word for an organisation and none a
    person's role ('a company spokesman')."""
    if end + 2 >= len(words) or words[end] != "," or words[end + 1].lower() not in DETERMINERS:
        return False
    described = []
    for word in words[end + 2 : end + 6]:
        if not word.islower():
            break
        described.append(word)
    return any(w in rules.org_before for w in described) and not any(w in rules.person_cues for w in described)


VENUE_CENTRES = frozenset({"Center", "Centre"})


def head_kind(inner: Sequence[str], rules: NameRules) -> str | None:
    """The kind a name's last word gives it; a centre for events ('Blossom Music Center', 'the
    Javits Convention Center') is a venue, a place."""
    if inner[-1] in VENUE_CENTRES and len(inner) > 1 and inner[-2] in rules.venue_words:
        return "places"
    return rules.heads.get(inner[-1])


HONORIFICS = frozenset({"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr."})
LEADING_ADJECTIVES = frozenset({"Former", "Formerly", "Acting", "Senior", "Ex", "Then"})


def after_descriptor(words: Sequence[str], start: int, end: int, kind: str, rules: NameRules) -> tuple[int, str]:
    """'Browns DL Sheldon Richardson', 'CBS Sports NFL Insider Jason La Canfora': a person's name
    after a short all-caps word or a title inside a longer span is the name."""
    if end - start < 4 or kind not in ("PER", "ORG"):
        return start, kind
    names = get_tagger().resources.names
    for k in range(end - 3, start, -1):
        word = words[k]
        if word in rules.titles and all(w[:1].isupper() for w in words[k + 1 : end]) and rules.heads.get(words[end - 1]) is None:
            return k + 1, "PER"  # not 'Indiana State | Teachers Association': a head word ends a name
        if word.isupper() and word.isalpha() and len(word) <= 4 and names.get(words[k + 1].lower(), "").startswith("first"):
            return k + 1, "PER"
    return start, kind


def has_org_cue(words: Sequence[str], end: int, rules: NameRules) -> bool:
    """Is the name followed by a word that marks an organisation ('The Atlantic magazine')?"""
    if end >= len(words) or words[end].lower() not in cue_openers(rules.org_cues):
        return () in rules.org_cues
    following = [w.lower() for w in words[end : end + 3]]
    return any(tuple(following[: len(cue)]) == cue for cue in rules.org_cues)


@lru_cache(maxsize=4)
def cue_openers(cues: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    """The first words of the cues: a name followed by none of them has no cue (most names)."""
    return frozenset(cue[0] for cue in cues if cue)


def named_before_apposition(words: Sequence[str], spans: Sequence[Span], rules: NameRules) -> list[Span]:
    """'Spacety, also known as Tianyi Co. Ltd.': the capitalised words before the phrase name the
    same entity as the name after it, even where the model missed them."""
    added: list[Span] = []
    firsts = cue_openers(rules.apposition)
    openers = [i for i in range(1, len(words) - 1) if words[i].lower() in firsts]
    if not openers:
        return added
    starts = {s[0]: s for s in spans}
    taken = {i for s in spans for i in range(s[0], s[1])}
    for i in openers:
        for phrase in rules.apposition:
            if i + len(phrase) >= len(words) or tuple(w.lower() for w in words[i : i + len(phrase)]) != phrase:
                continue
            after = i + len(phrase) + (words[i + len(phrase)] in ("(", ","))
            second = starts.get(after)
            end = i - 1 if words[i - 1] in (",", "(") else i
            start = end
            while start > 0 and words[start - 1][:1].isupper() and start - 1 not in taken:
                start -= 1
            if second is None or second[2] == "MISC" or start == end or end - 1 in taken:
                continue
            added.append((start, end, second[2], second[3], False))
    return added


def apposition_pairs(words: Sequence[str], named: Sequence[tuple[int, int, str, float, bool, str]], rules: NameRules) -> list[tuple[str, str, str]]:
    """(alias, name, kind) for 'Name, also known as Alias' and 'Name (ACRONYM)' within a sentence."""
    pairs: list[tuple[str, str, str]] = []
    for first, second in zip(named, named[1:]):
        between = tuple(w.lower() for w in words[first[1] : second[0]] if w not in (",", "(", "-", "--"))
        if between in rules.apposition and first[2] in ("ORG", "PER") and second[2] != "MISC":
            pairs.append((second[5], first[5], first[2]))
    for start, end, kind, _, _, text in named:
        if kind == "ORG" and end - start > 1 and end + 2 < len(words) and words[end] == "(" and words[end + 2] == ")":
            alias = words[end + 1]
            if DEFINED_ACRONYM.match(alias) and alias.isupper():
                pairs.append((alias, text, kind))
    return pairs


DEFINED_ACRONYM = re.compile(r"^[A-Z][A-Za-z&]{1,7}$")
