"""People, organisations and places as topics: the central names a story is about, under any
form it writes them in; the person or organisation a headline names by a role; the
organisation given as a person's post; and the national side of a sports story."""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from functools import lru_cache

from ..article import Article
from .words import STOPWORDS, bare_token, common_words, named_resources, tokens_of
from .rules import fold, topic_rules
from .phrases import Zone, make_zone, opening_zone
from .things import continues_name

CENTRAL_USES = 2  # uses of a person or organisation (headline included) that make it what a story is about
PLACE_USES = 3  # a place named twice may be only where the story happens
UNHEADED_USES = 3  # uses of an organisation the headline does not give that make it a topic of a story short of them (a person needs two more)
ROLE_USES = 5  # uses of the person a headline names by a role ('Banker loses...') that make them a filler topic
ROLE_MARGIN = 2  # times as often as any other person of the story that person must be used
SCORE_RE = re.compile(r"\d{1,3}")  # a score beside a side: "Italy 8-38 Wales"


@lru_cache(maxsize=1)
def alias_spellings() -> dict[str, tuple[str, ...]]:
    """Canonical entity name → the spellings the name rules file under it ('UK', 'Britain' →
    'United Kingdom'), so that a story's uses of a name are counted whatever it writes."""
    from ..entities.names import get_rules

    spellings: dict[str, list[str]] = defaultdict(list)
    for spelling, name in get_rules().aliases.items():
        spellings[name].append(spelling)
    return {name: tuple(found) for name, found in spellings.items()}


@lru_cache(maxsize=1 << 14)
def name_forms(name: str, kind: str) -> frozenset[tuple[str, ...]]:
    """The token runs a story may use for one of its entities: the name, its listed spellings, a
    person's surname, an organisation's initials ('BNP' of 'British National Party'; 'M&S' of
    'Marks & Spencer'), its name without the word that says what kind of body it is ('Labour' of
    'Labour Party') and a name without its opening 'The'. A form may open with a capitalised
    function word ('US Airways'), not a lower-case one."""
    words = tokens_of(name)
    forms = {words, *(tokens_of(s) for s in alias_spellings().get(name, ()))}
    if words[0] == "The" and len(words) > 1:
        forms.add(words[1:])  # 'The Doobie Brothers', also written 'the Doobie Brothers'
    if kind == "organizations" and len(words) > 1 and words[-1].lower() in topic_rules().org_suffixes:
        forms.add(words[:-1])  # 'Labour' of 'Labour Party', 'LG' of 'LG Group'
    if kind == "people" and len(words) > 1 and words[-1][:1].isupper():
        forms.add(words[-1:])
    if kind == "organizations" and len(words) > 1:
        initials = "".join(w[0] for w in words if w[:1].isupper())
        if len(initials) > 1:
            forms.add((initials,))
        if "&" in words:
            forms.add(ampersand_initials(words))
    return frozenset(f for f in forms if f and (f[0].lower() not in STOPWORDS or len(f) > 1 and len(f[0]) > 1 and f[0].isupper()))


def ampersand_initials(words: tuple[str, ...]) -> tuple[str, ...]:
    """The short form of a name joined by '&' ('Marks & Spencer' → 'M&S', read as the tokens
    'M', '&', 'S'); empty when either side has no capitalised word."""
    at = words.index("&")
    left = "".join(w[0] for w in words[:at] if w[:1].isupper())
    right = "".join(w[0] for w in words[at + 1:] if w[:1].isupper())
    return (left, "&", right) if left and right else ()


def topic_name(name: str, kind: str) -> bool:
    """An entity's name that can head a topic page: a person's full name (no initial first or
    last, though a middle one is part of it: 'George W Bush'; no lone first name or surname: one
    word cannot tell a stage name from a surname), no single word news writes in lower case
    ('Blue', 'Orange': a reader cannot tell what the page is about), no title or function word
    first, but for a peer's or royal's title, part of the name they are known by ('Lord
    Falconer', 'Prince Andrew'), the 'The' that opens an organisation's name of three words or
    more ('The Doobie Brothers') and a title's word that opens an organisation's or a place's
    name ('General Motors', 'St Helens')."""
    words = name.split()
    rules = topic_rules()
    peer = kind == "people" and len(words) > 1 and words[0].lower() in rules.peer_titles and words[1][:1].isupper()
    institution = kind != "people" and len(words) > 1 and words[0].lower() in rules.institution_first and words[1][:1].isupper()
    article = (  # 'The Doobie Brothers'; not 'The Atlantic', 'The New York Times': mostly a publication cited
        kind == "organizations" and len(words) > 2 and words[0] == "The" and words[1][:1].isupper()
        and words[-1].lower() not in rules.sections
    )
    if words[0].lower() in rules.named_first and not (peer or article or institution):
        return False
    if kind == "people" and (len(words) < 2 or any(len(w.strip(".")) == 1 for w in (words[0], words[-1]))):
        return False  # 'T Shanklin' is a team sheet's; 'George W Bush' is a full name
    return len(words) > 1 or name.lower() not in common_words()


def short_form(name: str, kind: str) -> bool:
    """An organisation named by one common word ('Labour'): what topic_name refuses, that the
    archive-wide entity step may join to the full name the archive uses ('Labour Party')."""
    return kind == "organizations" and " " not in name and name.lower() in common_words() and name.lower() not in topic_rules().named_first


def central_names(article: Article, zones: Sequence[Zone], place_uses: int = PLACE_USES,
                  short_forms: bool = False) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """The people, organisations and places a story is about: named in the headline and in the
    lead, CENTRAL_USES times or more in all (PLACE_USES for a place; a passing mention is no topic); and apart, the one
    the headline does not name but the story uses UNHEADED_USES times, twice in the lead (see
    unheaded_topic; a story short of topics takes it; a person's score is less 1000, so that
    organisations come first). All the headed ones, best first: the caller keeps MAX_CENTRAL. A spelling two of
    the story's names share ('Robinson' of two players) counts for neither, nor does a use inside
    a longer name ('UK' of 'UK Athletics'). Never the outlet or a section; best first, by uses.
    With `short_forms`, also an organisation's one common word ('Labour'): no topic under that
    name, but the archive-wide step may know its full name (see finalize)."""
    named, uses, opening = name_counts(article, zones)
    if not named:
        return [], []
    rules = topic_rules()
    outlets = {fold(article.source), fold(article.category)} - {""}
    found: list[tuple[float, str]] = []
    unheaded: list[tuple[float, str]] = []
    for index, ((name, kind), (headline, lead, rest)) in enumerate(zip(named, uses)):
        total = headline + lead + rest
        if not lead or total < (place_uses if kind == "places" else CENTRAL_USES):
            continue
        key = fold(name)
        if key in outlets or key in rules.sections or not (topic_name(name, kind) or short_forms and short_form(name, kind)):
            continue
        if headline:
            found.append((float(total), name))
        elif unheaded_topic(kind, total, lead, index in opening):
            unheaded.append((float(total) - 1000 * (kind == "people"), name))  # organisations first
    found.sort(key=lambda item: (-item[0], item[1]))
    unheaded.sort(key=lambda item: (-item[0], item[1]))
    return found, unheaded[:2]


def name_counts(article: Article, zones: Sequence[Zone]) -> tuple[list[tuple[str, str]], list[list[int]], set[int]]:
    """The story's names as (name, kind), each one's uses in the headline, the lead and the rest
    (under any form the story gives it; a headline's setting counts nothing), and the indices of
    those its opening paragraph names (see central_names)."""
    named = [(n, kind) for kind in ("organizations", "places", "people") for n in getattr(article, kind)]
    if not named or not zones[0].tokens:
        return [], [], set()
    owners: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for index, (name, kind) in enumerate(named):
        for form in name_forms(name, kind):
            owners[form].add(index)
    for initials, index in defined_initials(zones, named).items():
        owners[initials].add(index)
    for form, indices in owners.items():
        acronyms = {i for i in indices if named[i] == (form[0], "organizations")} if len(indices) > 1 and len(form) == 1 else set()
        if acronyms and len(indices - acronyms) == 1 and named[min(indices - acronyms)][1] == "organizations":
            owners[form] = indices - acronyms  # 'ESA' found as a name of its own is still the European Space Agency's initials
    for index, (name, kind) in enumerate(named):
        if kind == "organizations" and " " not in name and len(name) > 2 and (name.upper(),) not in owners:
            owners[(name.upper(),)].add(index)  # 'KLOOK' of Klook: a page may write a brand in capitals, not another's initials
    first: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
    for form, indices in owners.items():
        if len(indices) == 1:
            first[form[0]].append((form, next(iter(indices))))
    given = {token: list(forms) for token, forms in first.items()}
    for token, index in headline_words(named).items():
        given.setdefault(token, []).append(((token,), index))  # 'Britney attacks', 'Chilean copper': the headline alone
    for token, prefixes in headline_prefixes(named).items():
        given.setdefault(token, []).extend(prefixes)  # 'US insurer Marsh', the lead's 'Marsh & McLennan'
    body = {token: list(forms) for token, forms in first.items()}
    for token, index in place_words(named).items():
        body.setdefault(token, []).append(((token,), index))  # 'Saudi women': a use of Saudi Arabia
    uses = [[0, 0, 0] for _ in named]  # headline, lead, body
    opening: set[int] = set()
    first_paragraph = opening_zone(zones)  # not a stray count or byline before it
    for number, z in enumerate([headline_recased(zones), *zones[1:]]):
        found_here = name_uses(z, given if number == 0 else body)
        for index in found_here:
            uses[index][z.zone] += 1
        if z is first_paragraph:
            opening.update(found_here)
    for index in settings(zones[0], given, named):
        uses[index][0] = 0  # 'Cat found in Oregon', "China's Lenovo": where, not what
    return named, uses, opening


def role_person(article: Article, zones: Sequence[Zone]) -> list[str]:
    """The person a headline names by a role word and not by name ([named] role_words: 'Banker
    loses sexism claim', 'Amnesty chief laments war failure'): the story's one person it dwells
    on, used ROLE_USES times or more, twice in the lead, and ROLE_MARGIN times as often as any
    other person (a story about one of several is no story about this one)."""
    return role_name(article, zones, "people", topic_rules().role_words, ROLE_USES, 2)


def role_organisation(article: Article, zones: Sequence[Zone]) -> list[str]:
    """The organisation a headline names by the kind of body it is and not by name ([named]
    body_words: 'Cannabis hopes for drug firm', 'S Korean lender faces liquidation'): as
    role_person, on UNHEADED_USES uses, one in the lead (the headline's word tells it)."""
    return role_name(article, zones, "organizations", topic_rules().body_words, UNHEADED_USES, 1)


def role_name(article: Article, zones: Sequence[Zone], kind: str, words: Collection[str], least: int, in_lead: int) -> list[str]:
    """The one name of `kind` the story dwells on when its headline names one of that kind by a
    word of `words` (as written: a plural names several) and none by name: `least` uses or more,
    `in_lead` of them in the lead, ROLE_MARGIN times as often as any other name of the kind;
    never the outlet."""
    if not any(bare_token(word) in words for word in zones[0].lower):
        return []
    named, uses, _ = name_counts(article, zones)
    found = sorted(((sum(u), u, name) for (name, k), u in zip(named, uses) if k == kind), key=lambda p: (-p[0], p[2]))
    if not found or any(u[0] for _, u, _ in found):
        return []  # the headline names one: the central rule's
    total, (_, lead, _), name = found[0]
    runner_up = found[1][0] if len(found) > 1 else 0
    outlets = {fold(article.source), fold(article.category)} | topic_rules().sections
    if total < least or lead < in_lead or total < ROLE_MARGIN * runner_up or not topic_name(name, kind) or fold(name) in outlets:
        return []
    return [name]


def affiliations(article: Article, zones: Sequence[Zone], people: Collection[str]) -> list[str]:
    """The organisations the opening paragraph gives as the post of one of `people` ('Arsenal boss
    Arsene Wenger', 'Fiat chief executive Sergio Marchionne': the organisation, one or two
    lower-case words, one of them a role word, then the person): where the person the story is
    about works, though the story may not name it again."""
    opening = opening_zone(zones)
    if opening is None or not people:
        return []
    rules = topic_rules()
    tokens = [bare_token(t) for t in opening.tokens]
    starts = {tokens_of(p)[0] for p in people}
    found: list[str] = []
    for name in article.organizations:
        kind = "organizations"
        if not topic_name(name, kind) or fold(name) in {fold(article.source), fold(article.category)}:
            continue
        for form in name_forms(name, kind):
            for i in range(len(tokens) - len(form)):
                if tuple(tokens[i:i + len(form)]) != form:
                    continue
                after = tokens[i + len(form):i + len(form) + 3]
                roles = list(itertools.takewhile(str.islower, after))[:2]
                rest = after[len(roles):]
                if roles and any(r in rules.role_words for r in roles) and rest and rest[0] in starts and name not in found:
                    found.append(name)
    return found


def headline_recased(zones: Sequence[Zone]) -> Zone:
    """The headline with a name it writes in capitals for emphasis written as the body writes it
    ('FLOS' of 'Flos', 'KLOOK' of 'Klook'): the body has the one spelling and never the other."""
    headline = zones[0]
    if not any(t.isupper() and len(t) > 2 for t in headline.tokens):
        return headline
    body = {bare_token(t) for z in zones[1:] for t in z.tokens}
    recased = {t: t.capitalize() for t in map(bare_token, headline.tokens)
               if t.isalpha() and t.isupper() and len(t) > 2 and t not in body and t.capitalize() in body}
    if not recased:
        return headline
    return make_zone(" ".join(recased.get(bare_token(t), t) for t in headline.tokens), 0)


def defined_initials(zones: Sequence[Zone], named: Sequence[tuple[str, str]]) -> dict[tuple[str, ...], int]:
    """Short forms the story defines for one of its organisations, in brackets after the name
    ('UK Independence Party (UKIP)'): later uses of the short form are uses of the name."""
    full = {tokens_of(name): index for index, (name, kind) in enumerate(named) if kind == "organizations"}
    found: dict[tuple[str, ...], int] = {}
    for z in zones:
        if "(" not in z.text:
            continue
        tokens = z.tokens
        for i in range(1, len(tokens) - 2):
            short = tokens[i + 1]
            if tokens[i] != "(" or tokens[i + 2] != ")" or not (short.isupper() and short.isalpha() and 1 < len(short) < 8):
                continue
            for words, index in full.items():
                start = i - len(words)
                previous = ("", "", "", *tokens[max(start - 3, 0):max(start, 0)])[-3:]
                longer = continues_name(previous) or previous[-1][:1].isupper() or previous[-1] == "&"
                if len(words) > 1 and start >= 0 and tuple(tokens[start:i]) == words and not longer:
                    found[(short,)] = index  # not the end of a longer name ('Networked & | Electronic Media (NEM)')
    return found


def headline_words(named: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Words a headline may use for one of the story's names: a person's first name (see
    first_names) and a place's adjective (see place_words)."""
    return {**place_words(named), **first_names(named)}


def headline_prefixes(named: Sequence[tuple[str, str]]) -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """The leading words a headline may call one of the story's organisations by, the body giving
    the full name ('Marsh' of 'Marsh & McLennan', 'SBC' of 'SBC Communications'), by first token:
    capitalised words, no title, function word or nationality first, no single word news writes
    in lower case ('Real' of 'Real Madrid'), and no word or form of another of the story's names."""
    rules = topic_rules()
    taken: Counter[str] = Counter()
    forms: set[tuple[str, ...]] = set()
    for name, kind in named:
        taken.update(set(tokens_of(name)))
        forms |= name_forms(name, kind)
    found: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
    for index, (name, kind) in enumerate(named):
        words = tokens_of(name)
        first = words[0] if words else ""
        if kind != "organizations" or len(words) < 2 or not first[:1].isupper() or taken[first] > 1:
            continue
        if first.lower() in rules.named_first or first.lower() in STOPWORDS or first in rules.demonyms:
            continue
        for size in range(1, len(words)):
            prefix = words[:size]
            if not all(w[:1].isupper() for w in prefix) or prefix in forms:
                break
            if size == 1 and (len(first) < 2 or first.lower() in common_words()):
                continue
            found[first].append((prefix, index))
    return found


def place_words(named: Sequence[tuple[str, str]]) -> dict[str, int]:
    """The adjective of each of the story's places ('Chilean' of Chile, from the rules' demonyms)."""
    places = {name: index for index, (name, kind) in enumerate(named) if kind == "places"}
    return {word: places[place] for word, place in topic_rules().demonyms.items() if place in places}


def first_names(named: Sequence[tuple[str, str]]) -> dict[str, int]:
    """A person's first name → the person, when one person of the story has it, it is no word of
    another of the story's names and news does not write it in lower case: a headline may call a
    star by it ('Britney', 'Serena')."""
    found: dict[str, list[int]] = defaultdict(list)
    elsewhere: Counter[str] = Counter()
    for index, (name, kind) in enumerate(named):
        words = tokens_of(name)
        elsewhere.update(set(words))
        if kind == "people" and len(words) > 1 and words[0][:1].isupper() and len(words[0]) > 2:
            found[words[0]].append(index)
    return {
        token: indices[0] for token, indices in found.items()
        if len(indices) == 1 and elsewhere[token] == 1 and token.lower() not in common_words()
    }


def settings(headline: Zone, forms: dict[str, list[tuple[tuple[str, ...], int]]], named: Sequence[tuple[str, str]]) -> set[int]:
    """The places the headline names only as the owner of another of the story's names ("China's
    Lenovo") or as a side of a fixture ('Scotland v Italy'), never as what the story is about. A
    place after 'in' stays: 'Plague diagnosed in China' is about China too."""
    tokens = headline.tokens
    subject: set[int] = set()
    setting: set[int] = set()
    places = 0
    for i, token in enumerate(tokens):
        bare = bare_token(token)
        for form, index in forms.get(bare, ()):
            if named[index][1] != "places" or tuple(map(bare_token, tokens[i:i + len(form)])) != form:
                continue
            places += 1
            end = i + len(form)
            owner = tokens[end - 1] != bare_token(tokens[end - 1]) and end < len(tokens) and bare_token(tokens[end]) in forms
            if owner:
                setting.add(index)
            else:
                subject.add(index)
    if places > 1 and any(t.lower() in ("v", "vs", "v.", "vs.") for t in tokens):
        return setting | subject  # a fixture: neither side is the topic
    return setting - subject


def headline_sides(article: Article, zones: Sequence[Zone]) -> list[str]:
    """The countries a sports story's headline names (or their people: 'Scots', 'Irish') that the
    story writes as sides (see plays_as_side), the first named first ('Wales make two changes for
    France': the subject)."""
    placed = [(headline_place(article.title, name), name) for name in article.places if nation(name)]
    return [name for at, name in sorted(placed) if at <= len(article.title) and plays_as_side(name, zones)]


def headline_place(headline: str, name: str) -> int:
    """Where the headline first writes a name, or an adjective of it ('Irish' of Ireland), as whole
    words (after its end when it does not)."""
    spellings = [name, *(word for word, place in topic_rules().demonyms.items() if place == name)]
    found = [m.start() for s in spellings for m in [re.search(rf"(?<!\w){re.escape(s)}(?!\w)", headline)] if m]
    return min(found, default=len(headline) + 1)


def plays_as_side(name: str, zones: Sequence[Zone]) -> bool:
    """Whether the story (headline included) writes a country's name as a side's: beside a word of
    play ([sports] side_after, side_before: 'Wales coach', 'beat Italy') or a score ('Italy 8-38
    Wales'), not as the country ('Iran refuses')."""
    words = tokens_of(name)
    size = len(words)
    rules = topic_rules()
    for z in zones:
        tokens = [bare_token(t) for t in z.tokens]
        for i in range(len(tokens) - size + 1):
            if tuple(tokens[i:i + size]) != words:
                continue
            after = z.lower[i + size] if i + size < len(tokens) else ""
            before = z.lower[i - 1] if i else ""
            if after in rules.side_after or before in rules.side_before or SCORE_RE.fullmatch(after) or SCORE_RE.fullmatch(before):
                return True
    return False


def national_sides(topics: Sequence[str], nations: Sequence[str]) -> list[str]:
    """The national sides of a sports story's central countries, under a name that tells the sport
    ([sports] sides: 'Wales' of a rugby story → 'Wales national rugby union team')."""
    sport = next((topic_rules().sides[t] for t in topics if t in topic_rules().sides), "")
    return [f"{name} national {sport} team" for name in nations] if sport else []


def nation(name: str) -> bool:
    """A country's name: in a sports story it names the national side, not the country."""
    if name in topic_rules().nations:
        return True
    return named_resources().gazetteer.get(tuple(name.lower().split())) == "country"


def unheaded_topic(kind: str, total: int, lead: int, in_opening: bool) -> bool:
    """Whether a name the headline does not give is still what the story is about: an
    organisation used UNHEADED_USES times, twice in the lead; a person two more times, when the
    opening paragraph names them (a source quoted at length is named later: judged on unseen
    stories, a person the lead only dwells on was most often a source, a rival or a coach). A
    place is the setting."""
    if kind == "organizations":
        return total >= UNHEADED_USES and lead >= 2
    if kind != "people":
        return False
    return total >= UNHEADED_USES + 2 and lead >= 2 and in_opening


def name_uses(zone: Zone, first: dict[str, list[tuple[tuple[str, ...], int]]]) -> list[int]:
    """The entity index of each use of a name in one paragraph (forms keyed by first token). A
    hyphenated word's parts count ('Fiat-GM', 'ex-Boeing'); a use followed by a capitalised word
    in the body is a piece of a longer name and does not."""
    tokens = zone.tokens
    if "'" in zone.text or "’" in zone.text:
        tokens = tuple(map(bare_token, tokens))
    hyphens = "-" in zone.text
    if not hyphens and first.keys().isdisjoint(tokens):
        return []
    found: list[int] = []
    size = len(tokens)
    for i in [i for i, token in enumerate(tokens) if token in first]:
        here: set[int] = set()  # a name once at one place, though two of its forms start there
        for form, index in first[tokens[i]]:
            end = i + len(form)
            if len(form) > 1 and tokens[i:end] != form or index in here:
                continue
            if zone.zone and end < size and tokens[end][:1].isupper():
                continue
            here.add(index)
            found.append(index)
    for token in [t for t in tokens if "-" in t and t not in first] if hyphens else ():
        found += [index for part in token.split("-") for form, index in first.get(part, ()) if len(form) == 1]
    return found
