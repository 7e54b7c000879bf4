"""The names a short story's headline gives that the central names miss: a name in one word the
body uses on its own, a surname two people share, a performer's act in capitals, a named
thing the body keeps naming. Fillers for a story short of topics."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from ..article import Article
from .words import BOILERPLATE, POSSESSIVE_RE, STOPWORDS, bare_token, common_words, named_resources, tokens_of
from .rules import fold, topic_rules
from .phrases import MAX_WORDS, Zone
from .things import is_part, token_runs
from .names import topic_name

HEADLINE_NAME_USES = 2  # uses in the body of a headline's unlisted name that make it a filler topic
ARTIST_USES = 2  # uses in the body of an act a performer's story names in its headline that make it a filler topic
HEADLINE_THING_USES = 2  # mid-sentence uses in the body of a name the headline gives that make it a filler topic
SURNAME_USES = 3  # uses in the body of a headline's surname two people share that make the lead's one a filler topic
PERIOD_RE = re.compile(r"[QH]\d|FY\d+")  # 'Q3', 'H1', 'FY2020'


def headline_names(article: Article, zones: Sequence[Zone]) -> list[tuple[float, str]]:
    """Names the headline gives in one word that the entity step left out or cut down ('Eminem
    beats Elvis to number one', 'Nortel in $300m profit revision', 'U2'): a capitalised word the body uses
    HEADLINE_NAME_USES times on its own, once in the lead, never in lower case. A word that opens exactly one
    organisation's name stands for it ('Nortel' → 'Nortel Networks'); a word of any other name of
    the story, a place, a people, a first name or surname, or a word news writes in lower case is
    no such name. For a story short of topics only; best first, by uses."""
    if not zones or not zones[0].tokens:
        return []
    rules = topic_rules()
    resources = named_resources()
    entity_tokens = [tokens_of(n) for n in (*article.people, *article.organizations, *article.places)]
    openers: dict[str, list[str]] = defaultdict(list)
    for name in article.organizations:
        words = tokens_of(name)
        if len(words) > 1:
            openers[words[0]].append(name)
    inner = Counter(w for words in entity_tokens for w in set(words))
    candidates: dict[str, str] = {}
    body = " " + " ".join(" ".join(z.tokens) for z in zones[1:]) + " "
    previous = ""
    headline = zones[0].tokens
    for index, raw in enumerate(headline):
        token, before, previous = bare_token(raw), previous, raw
        after = headline[index + 1] if index + 1 < len(headline) else ""
        if before[:1].isupper() and f" {before} {token}" in body or after[:1].isupper() and f" {raw} {after} " in body:
            continue  # a piece of a longer name the story uses ('Trek' of 'Star Trek', 'Google' of 'Google Stadia')
        lower = token.lower()
        if not (len(token) > 2 and token == token.capitalize() and token.isalpha() or code_name(token)):
            continue
        if lower in STOPWORDS or lower in BOILERPLATE or lower in common_words() or lower in rules.sections:
            continue
        if lower in rules.named_first or lower in rules.named_last or token in rules.demonyms:
            continue
        if resources.names.get(lower) or (lower,) in resources.gazetteer:
            continue
        owners = openers.get(token, [])
        if inner[token] == 0:
            candidates[token] = token
        elif len(owners) == 1 and inner[token] == 1:
            candidates[token] = owners[0]
    if not candidates:
        return []
    uses: Counter[str] = Counter()
    lead: set[str] = set()
    written_lower: set[str] = set()
    for z in zones[1:]:
        size = len(z.tokens)
        for i, raw in enumerate(z.tokens):
            token = bare_token(raw)
            if token in candidates:
                if token == raw and i + 1 < size and z.tokens[i + 1][:1].isupper() and candidates[token] == token:
                    continue  # a piece of a longer name ('Lib' of 'Lib Dems')
                uses[token] += 1
                if z.zone == 1:
                    lead.add(token)
            elif token.islower() and token.capitalize() in candidates:
                written_lower.add(token.capitalize())
    found = [
        (float(uses[token]), topic) for token, topic in candidates.items()
        if uses[token] >= HEADLINE_NAME_USES and token in lead and token not in written_lower
        and fold(topic) not in {fold(article.source), fold(article.category)}
    ]
    found.sort(key=lambda item: (-item[0], item[1]))
    return found[:1]


def headline_acts(article: Article, zones: Sequence[Zone]) -> list[str]:
    """The act a performer's story names in its headline ('Prince crowned top earner', 'Rapper 50
    Cent scores chart first'): a run of one to three capitalised words (a number may open it) that
    is no name the entity step found, that the lead names and the body ARTIST_USES times in all,
    each as a whole run, and never writes in lower case. The entity step misses such names:
    common words, first names, figures ('Elvis', 'The Streets')."""
    if not zones or not zones[0].tokens:
        return []
    entity_tokens = {w for n in (*article.people, *article.organizations, *article.places) for w in tokens_of(n)}
    rules = topic_rules()
    found: list[str] = []
    for run in headline_runs(zones[0].tokens):
        lower = " ".join(run).lower()
        if entity_tokens.intersection(run) or all(w.lower() in STOPWORDS or w.lower() in BOILERPLATE for w in run):
            continue
        if lower in rules.sections or lower in rules.not_acts or run[-1] in rules.demonyms or fold(lower) in rules.subjects:
            continue
        uses, lead, named = 0, False, Counter[str]()
        for z in zones[1:]:
            if f" {lower} " in f" {' '.join(z.tokens)} ":  # written in lower case: a word, not a name
                uses = -1
                break
            for other in capital_runs(z.tokens):
                if other == run or other[1:] == run and (other[0] == "The" or other[0].lower() in common_words()):
                    uses += 1  # 'The Streets'; 'Rapper 50 Cent' at a sentence's start
                    lead = lead or z.zone == 1
                    named[" ".join(other) if other[0] == "The" else " ".join(run)] += 1
        if uses >= ARTIST_USES and lead:
            found.append(sorted(named.items(), key=lambda item: (-item[1], item[0]))[0][0])  # 'The Streets' as the story writes it
    return found[:1]


def headline_runs(tokens: Sequence[str]) -> list[tuple[str, ...]]:
    """A headline's capitalised runs, each also without the common words that open it ('50 Cent'
    of 'Rapper 50 Cent'); no run with initials in it ('BBC 6 Music')."""
    found: list[tuple[str, ...]] = []
    for run in capital_runs(tokens):
        if any(w.isupper() and len(w) > 1 for w in run):
            continue
        start = 0
        while start < len(run):
            found.append(run[start:])
            if run[start].lower() not in common_words():
                break
            start += 1
    return found


def capital_runs(tokens: Sequence[str]) -> list[tuple[str, ...]]:
    """Runs of one to three capitalised words (a number may open or be inside one: '50 Cent'),
    without their possessive ending and the numbers that close them ('Band Aid' of 'Band Aid 20')."""
    found: list[tuple[str, ...]] = []
    # 'BBC' too: '6 Music' is a piece of 'BBC 6 Music'
    for run in word_runs(tokens, lambda token, _: token[:1].isupper() and token.isalpha() or token.isdigit()):
        while run and run[-1].isdigit():
            run = run[:-1]
        if run and len(run) <= MAX_WORDS:
            found.append(tuple(run))
    return found


def headline_surnames(article: Article, zones: Sequence[Zone]) -> list[str]:
    """The person a headline names by a surname two of the story's people share ('Jackson' of
    Michael and Katherine Jackson), which central_names counts for neither: the one the lead
    names in full first, when the surname is used SURNAME_USES times in the body. One at most."""
    if not zones or not zones[0].tokens:
        return []
    headline = {bare_token(t) for t in zones[0].tokens}
    by_surname: dict[str, list[str]] = defaultdict(list)
    for name in article.people:
        words = tokens_of(name)
        if len(words) > 1 and words[-1] in headline and topic_name(name, "people"):
            by_surname[words[-1]].append(name)
    shared = {surname: names for surname, names in by_surname.items() if len(names) > 1}
    if not shared:
        return []
    lead = " " + " ".join(" ".join(map(bare_token, z.tokens)) for z in zones if z.zone == 1) + " "
    body = [bare_token(t) for z in zones[1:] for t in z.tokens]
    for surname, names in shared.items():
        if sum(1 for t in body if t == surname) < SURNAME_USES:
            continue
        places = [(lead.find(f" {' '.join(tokens_of(n))} "), n) for n in names]
        places = [(at, n) for at, n in places if at >= 0]
        if places:
            return [min(places)[1]]
    return []


def headline_things(article: Article, zones: Sequence[Zone]) -> list[str]:
    """What a story short of topics is about by the headline's own name for it: a capitalised run
    of the headline ('Home Depot', 'Feather Duvet Lung') that the body writes capitalised
    mid-sentence HEADLINE_THING_USES times or more; no person or place (other rules weigh them), no
    run of words news writes in lower case but an organisation's name that can head a topic page
    (see topic_name), no section or outlet label."""
    if not zones or not zones[0].tokens:
        return []
    rules = topic_rules()
    people_places = [tokens_of(name) for name in (*article.people, *article.places)]
    uses: Counter[tuple[str, ...]] = Counter()
    whole: Counter[tuple[str, ...]] = Counter()  # runs the body writes whole, nothing capitalised beside them
    for zone in zones[1:]:
        for run, opens in token_runs(zone.tokens):
            words = tuple(POSSESSIVE_RE.sub("", run).split())
            if not opens and words:
                uses.update({words[i:i + size] for size in range(1, min(MAX_WORDS, len(words)) + 1) for i in range(len(words) - size + 1)})
                whole[sentence_run(words)] += 1
    found: list[str] = []
    parts = title_parts(zones[0].tokens, whole)
    for run in headline_runs(zones[0].tokens) + parts:
        key = " ".join(run).lower()
        if fold(key) in rules.sections or fold(key) in rules.refused or " ".join(run) in found:
            continue
        if uses[run] < HEADLINE_THING_USES and run not in parts:
            continue
        if run[0].lower() in rules.named_first or any(is_part(run, name) or is_part(name, run) for name in people_places):
            continue
        name = " ".join(run)
        if name in article.organizations:
            if not topic_name(name, "organizations"):
                continue  # 'Labour': the archive-wide step may know its full name (see backup_names)
        elif all(w.lower() in common_words() for w in run) and not run[-1].isdigit():
            continue  # ordinary words in title case ('Anniversary Tour'); a number makes a title ('Red Dead Redemption 2')
        elif len(run) == 1 and not any(c.isupper() or c.isdigit() for c in name[1:]):
            continue  # one capitalised word is most often a person or a word: only 'AMAs', 'PS4' pass
        found.append(name)
    return found


def title_parts(tokens: Sequence[str], whole: Counter[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The names inside a headline's capitalised run of more than MAX_WORDS words (a title-case
    headline is one run: 'Google Stadia Red Dead Redemption 2 Doesn't Run...'): its pieces of two
    to MAX_WORDS words, a short number may close one, that the body writes as a run of their own
    and, with the runs it takes from the headline's ('Google Stadia Red Dead Redemption 2'),
    HEADLINE_THING_USES times or more; the longest first, none inside another."""
    found: list[tuple[str, ...]] = []
    for run in (r for r in title_runs(tokens) if len(r) > MAX_WORDS):
        drawn = [(words, count) for words, count in whole.items() if is_part(words, run)]
        pieces = {tuple(run[i:j]) for i in range(len(run)) for j in range(i + 2, len(run) + 1)}
        pieces = {p for p in pieces if len(p) - p[-1].isdigit() <= MAX_WORDS and not p[0].isdigit() and whole[p]}
        for piece in sorted(pieces, key=lambda p: (-len(p), p)):
            total = sum(count for words, count in drawn if is_part(piece, words))
            if total >= HEADLINE_THING_USES and not any(is_part(piece, longer) for longer in found):
                found.append(piece)
    return found


def title_runs(tokens: Sequence[str]) -> list[tuple[str, ...]]:
    """A headline's runs of capitalised words, whatever their length, without possessive endings;
    a short number may go on one ('Red Dead Redemption 2')."""
    return [tuple(run) for run in word_runs(tokens, lambda token, run: token[:1].isupper() and token.replace("-", "").isalnum()
                                            or bool(run) and token.isdigit() and len(token) <= 4)]


def word_runs(tokens: Sequence[str], member: Callable[[str, list[str]], bool]) -> list[list[str]]:
    """The runs of tokens, without possessive endings, that `member(token, run so far)` takes;
    a possessive ends a run ("Prince's")."""
    runs: list[list[str]] = []
    current: list[str] = []
    for raw in (*tokens, ""):
        token = bare_token(raw)
        if token and member(token, current):
            current.append(token)
            if token != raw:
                runs.append(current)
                current = []
        elif current:
            runs.append(current)
            current = []
    return runs


def sentence_run(words: tuple[str, ...]) -> tuple[str, ...]:
    """A body's capitalised run cut where a sentence ends inside it ('Red Dead Redemption 2. While')."""
    for index, word in enumerate(words[:-1]):
        if word[-1:] == "." and word[:-1].isdigit():
            return (*words[:index], word[:-1])
    return words


def code_name(token: str) -> bool:
    """A name of capitals and digits ('U2', 'PS4', 'A380'), no quarter or half of a year ('Q3', 'H1')."""
    return (
        token[:1].isupper() and token.isalnum() and any(c.isdigit() for c in token)
        and token.upper() == token and not PERIOD_RE.fullmatch(token)
    )

