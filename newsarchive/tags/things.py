"""Named things that are not people, organisations or places (products, events, laws: "MacBook
Pro", "Black Friday"), which a story names mid-sentence or in its opening."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache

from ..article import Article
from .words import POSSESSIVE_RE, named_resources
from .rules import fold, rarity, topic_rules
from .phrases import CLAUSE_ENDS, Zone, entity_words, opening_zone


def token_runs(tokens: Sequence[str]) -> Iterable[tuple[str, bool]]:
    """Runs of capitalised words (or words with a capital or digit inside: 'iPhone', 'PS4') of one
    paragraph's tokens, with whether the run tells nothing: it opens a sentence, follows a hashtag,
    or is a piece of a longer name ('Moving Castle' of "Howl's Moving Castle", 'Spotless Mind' of
    'Eternal Sunshine of the Spotless Mind'). A day's or month's possessive starts a fresh run."""
    run: list[str] = []
    opens = True  # a run starting here tells nothing
    run_opens = True
    for index, token in enumerate(tokens):
        named, possessive, short_number = token_kind(token)
        if named or (run and short_number):
            if not run:
                run_opens = opens or continues_name(("", "", "", *tokens[max(index - 3, 0):index])[-3:])
            run.append(token)
            opens = False
            if possessive:  # "Sunday's Carling Cup", "Howl's Moving Castle"
                yield " ".join(run), run_opens
                opens = POSSESSIVE_RE.sub("", token).lower() not in topic_rules().named_first
                run = []
            continue
        if run:
            yield " ".join(run), run_opens
            run = []
        opens = token in CLAUSE_ENDS or token[-1:] in ".!?#@"  # a hashtag or handle is no name either
    if run:
        yield " ".join(run), run_opens


@lru_cache(maxsize=1 << 17)
def token_kind(token: str) -> tuple[bool, bool, bool]:
    """(a name's word: a capital first or inside, not after a hyphen as in 'anti-Nazi'; ends in a
    possessive; a short number such as '20' of 'Band Aid 20'). Cached: news repeats its words."""
    inner = token[1:].split("-")[0]
    named = token[:1].isupper() or (token[:1].isalpha() and inner != inner.lower())
    return named, bool(POSSESSIVE_RE.search(token)), token[:1].isdigit() and len(token) <= 4


def continues_name(previous: Sequence[str]) -> bool:
    """Whether the three tokens before a run end a longer name with 'of', 'of the' or 'and'
    ('Eternal Sunshine of the | Spotless Mind', not 'the end of the | Six Nations')."""
    first, before, last = previous
    if last in ("of", "and", "&"):
        return before[:1].isupper()
    return last == "the" and before in ("of", "and") and first[:1].isupper()


def named_things(article: Article, zones: Sequence[Zone]) -> list[tuple[float, str]]:
    """Products, events and laws the story is about: capitalised runs used mid-sentence in the
    body twice or more and named in the headline (or four times, in the lead too), that are no
    person, organisation or place of the story and do not end as an organisation's or place's
    name does."""
    counts: Counter[str] = Counter()
    forms: dict[str, str] = {}
    for z in zones:
        if z.zone == 0:
            continue
        for run, opens in token_runs(z.tokens):
            run = POSSESSIVE_RE.sub("", run)
            if opens or len(run.split()) > 4 or run.isupper():
                continue
            key = run.lower()
            counts[key] += 1
            forms.setdefault(key, run)
    if not counts:
        return []
    entities = entity_words(article)
    headline = " " + " ".join(zones[0].lower) + " "
    lead = " " + " ".join(t for z in zones if z.zone == 1 for t in z.lower) + " "
    found: list[tuple[float, str]] = []
    for key, count in counts.items():
        in_headline = f" {key} " in headline
        if count < 2 or not (in_headline or count >= 4 and f" {key} " in lead):
            continue
        if usable_name(key, forms[key], entities):
            found.append(((count + 2 * in_headline) * rarity(fold(key)) * 1.5, forms[key]))
    found.sort(key=lambda item: (-item[0], item[1]))
    return found


def named_events(zones: Sequence[Zone], entities: Sequence[tuple[str, ...]]) -> list[str]:
    """The event a story short of topics is about: a capitalised name ending in a word for an
    event ([named] event_last: 'Berlin Film Festival', 'Hopman Cup', 'Six Nations') that the
    opening paragraph gives mid-sentence, or the headline and the body both. One at most."""
    rules = topic_rules()
    headline = " " + " ".join(zones[0].lower) + " " if zones else ""
    opening = opening_zone(zones)
    candidates: list[tuple[str, bool]] = []
    in_headline = not rules.event_last.isdisjoint(zones[0].lower) if zones else False
    for z in zones[1:] if in_headline else [opening] if opening else []:
        for run, opens in token_runs(z.tokens):
            run = POSSESSIVE_RE.sub("", run)
            words = run.split()
            if words[0] == "The":
                words, opens = words[1:], False
            words = event_prefix(words, rules.event_last)
            if opens or not 1 < len(words) <= 4 or words[-1].lower() not in rules.event_last or run.isupper():
                continue
            form = " ".join(words)
            candidates.append((form, z is opening or f" {form.lower()} " in headline))
    for form, early in candidates:
        if early and usable_name(form.lower(), form, entities):
            return [form]
    return []


def event_prefix(words: Sequence[str], last_words: Collection[str]) -> list[str]:
    """A run cut after its last word for an event, when a longer name goes on from it ('Six
    Nations' of 'Six Nations Grand Slam', 'World Cup' of 'World Cup qualifier')."""
    for end in range(len(words) - 1, 1, -1):
        if words[end - 1].lower() in last_words:
            return list(words[:end]) if words[-1].lower() not in last_words else list(words)
    return list(words)


def usable_name(key: str, form: str, entities: Sequence[tuple[str, ...]]) -> bool:
    """A capitalised run that names a thing, not a person, organisation, place or title."""
    rules = topic_rules()
    words = tuple(key.split())
    if words[0] in rules.named_first or words[-1] in rules.named_last:
        return False
    pieces = tuple(key.replace("-", " ").split())
    if any(is_part(words, name) or is_part(pieces, name) for name in entities):
        return False
    if any(any(is_part((piece,), name) for name in entities) for piece in pieces if piece not in words):
        return False  # 'US-China': places joined by a hyphen
    resources = named_resources()
    if words in resources.gazetteer or (*words[:-1], words[-1][:-1]) in resources.gazetteer:
        return False  # a place, or its people ('South African')
    if any(len(w) == 1 and w.isalpha() for w in words):
        return False  # 'John M', 'England A'
    first, last = resources.names.get(words[0], ""), resources.names.get(words[-1], "")
    if len(words) == 2 and first.startswith("first") and last in ("last", "first+last"):
        return False  # a first name and a surname
    if len(words) == 1:  # one capitalised word is most often a name: only 'iPhone', 'PS4' pass
        return any(c.isupper() for c in form[1:]) or any(c.isdigit() for c in form)
    return True


def is_part(words: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """Whether `words` run inside `name` (the whole name, or a piece of it)."""
    size = len(words)
    return any(name[i:i + size] == words for i in range(len(name) - size + 1))
