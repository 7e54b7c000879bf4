"""One canonical name per entity: within an article (short forms join the full name, aliases,
the kind most mentions agree on) and across the archive (a lone short form joins the one full
name the archive knows; names that share a slug become one)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..slugs import slugify
from .gazetteer import is_organisation, is_team, nicknames
from .names import MODEL_KINDS, NameRules, strip_article
from .sentences import Mention

ACRONYM_SKIP = frozenset({"of", "and", "for", "the", "&", "de", "on", "in"})
AMBIGUOUS = "\x00ambiguous"  # a short form that fits several full names: left out
SINGLE_MENTION_MIN = 0.6  # an entity named once needs this much model confidence
HEADLINE_MIN = 0.9  # a name only a Title Case headline gives needs this much
NAME_MIN = 0.9  # a name nothing else speaks for (see needed_confidence)
ONE_WORD_ORG_MIN = 0.9
PERSON_SHAPED_MIN = 0.75  # a person named once in full, shaped like a name, no common word in it  # a one-word organisation named once


@dataclass(slots=True)
class Name:
    """One distinct (alias-resolved) name in an article and the evidence about it."""

    text: str
    votes: Counter[str] = field(default_factory=Counter)  # PER/ORG/LOC → summed confidence
    forced: Counter[str] = field(default_factory=Counter)
    count: int = 0
    first: int = 0
    best: float = 0.0  # the highest confidence of any mention
    cased: bool = False  # written somewhere its capitals mean something (not only a Title Case headline)
    literal: bool = False  # a team's city the text names as the place itself ('in Pittsburgh')
    written: Counter[str] = field(default_factory=Counter)  # the forms the text writes ('UK', 'Britain')
    split: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.split = tuple(self.text.split())  # the text never changes; short_form_target reads this often

    @property
    def words(self) -> list[str]:
        return list(self.split)

    def kind(self) -> str:
        votes = self.forced or self.votes
        return max(votes, key=votes.__getitem__)


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    kind: str  # people, organizations or places
    mentions: int
    first: int


@dataclass(frozen=True, slots=True)
class Evidence:
    """What is known of words beyond the article's mentions."""

    is_place: Callable[[str], bool] = lambda _: False  # a one-word place name, not a personal name
    is_first_name: Callable[[str], bool] = lambda _: False  # a first name and never a surname
    lower_seen: frozenset[str] = frozenset()  # words the article writes in lower case
    is_common_word: Callable[[str], bool] = lambda _: False  # news text writes it in lower case
    may_be_first_name: Callable[[str], bool] = lambda _: False
    place_kind: Callable[[str], str | None] = lambda _: None  # country, region or city in the gazetteer
    is_surname: Callable[[str], bool] = lambda _: False  # in the census surname list
    cap_mid: frozenset[str] = frozenset()  # words the article capitalises away from a sentence's start
    is_org_head: Callable[[str], bool] = lambda _: False  # a word that ends organisations' names ('Department')


def shout_to_title(name: str) -> str:
    """'KAZAKHSTAN' → 'Kazakhstan' (headings in capitals); acronyms such as 'NATO' stay."""
    words = name.split()
    if all(w.isupper() for w in words) and any(len(w) > 4 and w.isalpha() for w in words):
        return " ".join(w.capitalize() if len(w) > 3 else w for w in words)
    return name


def collect_names(mentions: Sequence[Mention], rules: NameRules) -> dict[str, Name]:
    names: dict[str, Name] = {}
    for position, mention in enumerate(mentions):
        text = rules.canonical(mention.name)
        if text == mention.name:
            text = rules.canonical(shout_to_title(text))
        name = names.get(text)
        if name is None:
            name = names[text] = Name(text, first=position)
        name.count += 1
        name.written[strip_article(shout_to_title(mention.name))] += 1
        name.votes[mention.kind] += mention.confidence
        name.best = max(name.best, 1.0 if mention.forced else mention.confidence)
        name.cased = name.cased or mention.cased
        name.literal = name.literal or mention.literal
        if mention.forced:
            name.forced[mention.kind] += 1
    return names


def resolve_article(
    mentions: Sequence[Mention], pairs: Sequence[tuple[str, str]], rules: NameRules, evidence: Evidence = Evidence()
) -> list[Entity]:
    """The article's entities, most mentioned first."""
    names = collect_names(mentions, rules)
    for text in [t for t in names if is_compound(t, names)]:
        count_in_parts(names.pop(text), names)
    fold_products(names, rules, evidence)
    parent: dict[str, str] = {}
    for alias, full in (*pairs, *nicknames()):  # 'Tories' joins 'Conservative Party' where both are named
        a, f = rules.canonical(alias), rules.canonical(full)
        if a in names and f in names and a != f:
            parent[a] = f
    for text in names:
        listed = next((text + mark for mark in ("'s", "’s") if text + mark in names and names[text + mark].kind() == "ORG"), None)
        if listed:
            parent[text] = listed  # "Lowe" of "Lowe's (LOW)": the company, under its name
        if "The " + text in names:
            parent[text] = "The " + text  # 'Doobie Brothers' at a sentence's start, 'The Doobie Brothers' within
    for text, target in {**shouted_forms(names), **person_variants(names), **initial_variants(names)}.items():
        parent.setdefault(text, target)
    for text in sorted(names, key=lambda t: len(t.split())):
        if text in parent:
            continue
        target = qualified_base(names[text], names) or short_form_target(names[text], names, evidence)
        if target:
            parent[text] = target
    groups: dict[str, list[Name]] = defaultdict(list)
    for text, name in names.items():
        groups[root_of(text, parent)].append(name)
    groups.pop(AMBIGUOUS, None)
    entities = [group_entity(root, members, names, rules, evidence) for root, members in groups.items()]
    kept = [e for e in entities if e is not None]
    return sorted(kept, key=lambda e: (-e.mentions, e.first))


def shouted_forms(names: dict[str, Name]) -> dict[str, str]:
    """'SANTA FE' or 'Santa FE' (a dateline) → 'Santa Fe' where the article also writes it so:
    forms that differ only in case join the one with the most lower-case letters."""
    by_fold: dict[str, list[str]] = defaultdict(list)
    for text in names:
        by_fold[text.casefold()].append(text)
    joined: dict[str, str] = {}
    for forms in by_fold.values():
        if len(forms) > 1:
            target = max(forms, key=lambda t: (sum(c.islower() for c in t), names[t].count, t))
            joined.update({t: target for t in forms if t != target})
    return joined


NAME_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})


def person_key(words: Sequence[str]) -> tuple[str, str] | None:
    """(first name, surname) of a person's name, with initials and suffixes ('Jr.') left out."""
    core = [w for w in words if w not in NAME_SUFFIXES and not (len(w.rstrip(".")) == 1 and w[:1].isupper())]
    return (core[0], core[-1]) if len(core) >= 2 else None


def person_variants(names: dict[str, Name]) -> dict[str, str]:
    """One person under several full forms ('Patrick W. Carlineo', 'Pat Carlineo', 'Patrick
    Carlineo Jr.'): each joins the longest form whose surname is the same and whose first name
    is the same or begins with the other's ('Pat' of 'Patrick')."""
    people = [(text, person_key(name.split)) for text, name in names.items() if name.kind() == "PER" and len(name.split) >= 2]
    people = [(text, key) for text, key in people if key is not None]
    joined: dict[str, str] = {}
    for text, (first, last) in people:
        matches = [
            other for other, (f2, l2) in people
            if other != text and l2 == last and (f2 == first or (len(first) >= 3 and f2.startswith(first)))
            and (len(other), other) > (len(text), text)
        ]
        if matches:
            joined[text] = max(matches, key=lambda t: (len(t), t))
    return joined


def initial_variants(names: dict[str, Name]) -> dict[str, str]:
    """An initial and a surname ('T Shanklin', 'M. Davies' of a team sheet) join the one full
    name of the article with that surname and a first name of that initial ('Tom Shanklin')."""
    full: dict[str, list[str]] = defaultdict(list)
    for text, name in names.items():
        words = name.split
        if len(words) == 2 and len(words[0]) > 2 and words[0][1:].islower():
            full[words[1]].append(text)
    joined: dict[str, str] = {}
    for text, name in names.items():
        words = name.split
        if len(words) != 2 or len(words[0].rstrip(".")) != 1 or not words[0][:1].isupper():
            continue
        matches = [other for other in full.get(words[1], []) if other[0] == words[0][0]]
        if len(matches) == 1:
            joined[text] = matches[0]
    return joined


def fold_products(names: dict[str, Name], rules: NameRules, evidence: Evidence) -> None:
    """'Ascom Myco' where the article names 'Ascom' alone is the company's product: its mentions
    count for the company; a product of a maker the article does not name alone goes."""
    makers = {t for t, n in names.items() if " " not in t and n.kind() == "ORG" and t.isalpha() and not t.isupper()}
    for text in [t for t in names if t not in rules.types and is_product(t, rules, evidence, makers)]:
        product = names.pop(text)
        maker = names.get(text.split()[0])
        if maker is not None:
            maker.count += product.count
            maker.first = min(maker.first, product.first)
            maker.cased = maker.cased or product.cased


DEMONYM_ENDINGS = ("s", "n", "ns", "an", "ans", "ian", "ians", "ese", "i", "is", "er", "ers")


def is_compound(text: str, names: dict[str, Name]) -> bool:
    """Not one entity: two names joined by 'and' ('Steelers and Browns') when the article also
    names either alone, the people of a place named too ('South Dakotans'), or a plural of a
    name ('Alfa Romeos')."""
    if " and " in text:
        left, _, right = text.partition(" and ")
        if left in names or right in names:
            return True
    return any(text.endswith(ending) and text[: -len(ending)] in names for ending in DEMONYM_ENDINGS)


def count_in_parts(compound: Name, names: dict[str, Name]) -> None:
    """'Steelers and Browns' left out as one name is a mention of each part the article names
    alone too: 'Browns' is named twice."""
    left, joined, right = compound.text.partition(" and ")
    for part in (left, right) if joined else ():
        if part in names:
            names[part].count += compound.count


def root_of(text: str, parent: dict[str, str]) -> str:
    seen = {text}
    while text in parent and parent[text] not in seen:
        text = parent[text]
        seen.add(text)
    return text


def qualified_base(name: Name, names: dict[str, Name]) -> str | None:
    """'U.S. Treasury Department' → 'Treasury Department' when the article also says the latter."""
    words = name.words
    if name.kind() != "ORG" or len(words) < 3:
        return None
    for cut in (1, 2):
        head, rest = " ".join(words[:cut]), " ".join(words[cut:])
        if rest in names and head in names and names[head].kind() == "LOC":
            return rest
        if rest in names and head in ("U.S.", "US", "UK", "U.K.", "EU", "UN", "U.N."):
            return rest
    return None


def short_form_target(name: Name, names: dict[str, Name], evidence: Evidence = Evidence()) -> str | None:
    """The one longer name a short form stands for ('Blinken' → 'Antony Blinken'), if unambiguous."""
    kind = name.kind()
    words = name.split
    if not words:
        return None
    if kind == "LOC":
        # 'Staunton' (a town, says the model) where the article names 'Imelda Staunton'
        people = [o for o in names.values() if len(words) == 1 and len(o.split) > 1 and o.split[-1] == words[0] and o.kind() == "PER"]
        if len(people) == 1:
            return people[0].text
        # 'Kansas City' in a story about the 'Kansas City Chiefs': the city stands for its team,
        # unless the text names it as the place ('in Kansas City', a dateline)
        teams = [o for o in names.values() if o.split[: len(words)] == words and len(o.split) > len(words) and is_team(o.text)]
        return teams[0].text if len(teams) == 1 and not name.literal else None
    candidates = [
        other for other in names.values()
        if (len(other.split) > len(words) or (words[0] == "The" and other.split[0] != "The" and len(other.split) == len(words)))
        and joins(name, kind, other, evidence)
    ]
    if len(candidates) > 1:
        # 'Ascom' beside 'Ascom Unite' and 'Ascom North America': the company itself
        return None if kind == "ORG" else AMBIGUOUS
    return candidates[0].text if candidates else None


ORG_PREFIXES = frozenset({"Daily", "Sunday", "The", "Weekly"})
LEGAL_FORMS = frozenset({"Inc.", "Inc", "Corp.", "Corp", "Co.", "Co", "Ltd", "Ltd.", "plc", "PLC", "LLC", "L.L.C.", "AG", "SA", "S.A.", "NV", "N.V.", "GmbH", "SE"})


def joins(short: Name, kind: str, long: Name, evidence: Evidence = Evidence()) -> bool:
    """Can `short` be a short form of `long`?"""
    sw, lw = short.split, long.split
    if kind == "ORG" and len(sw) > 1 and sw[0] == "The" and lw[0] != "The":
        sw = sw[1:]  # 'The Telegraph' of 'Daily Telegraph'
    long_kind = long.kind()
    prefix, suffix = lw[: len(sw)] == sw, lw[-len(sw):] == sw
    if kind == "ORG" and len(sw) == 1 and is_acronym(sw[0], lw) and long_kind != "PER":
        return True
    if long_kind == "PER":
        return prefix or suffix
    if long_kind == "ORG":
        # 'Telegraph' of 'Daily Telegraph', 'Capitol Police' of 'U.S. Capitol Police'
        if prefix and evidence.place_kind(" ".join(lw[len(sw):])) is not None:
            return False  # 'Ascom' is not 'Ascom North America', its branch there
        if prefix and not suffix and (is_organisation(short.text) or (len(sw) > 1 and evidence.is_org_head(sw[-1]))) and not set(lw[len(sw):]) <= LEGAL_FORMS:
            return False  # 'United Nations', 'Columbus Police Department' on their own beside a body of theirs (but 'Home Depot Inc.')
        return prefix or (kind == "ORG" and suffix and (len(sw) > 1 or lw[0] in ORG_PREFIXES))
    # A person's full name the model misread once: 'Blinken' (PER, often) and 'Antony Blinken'
    # (LOC, once); 'Musk' and 'Elon Musk' (ORG).
    if kind != "PER" or not suffix or long.forced:
        return False
    return short.votes["PER"] >= long.votes[long_kind] or evidence.may_be_first_name(lw[0])


def is_acronym(short: str, words: Sequence[str]) -> bool:
    """'CCP' for 'Chinese Communist Party', 'BoE' for 'Bank of England'."""
    letters = acronym_letters(short)
    return letters is not None and initials_of(words) == letters


def acronym_letters(short: str) -> str | None:
    """The capitals a word would stand for as an acronym ('BoE' → 'BE'); None for no acronym."""
    letters = short.replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isalpha() and letters[0].isupper()):
        return None
    capitals = "".join(c for c in letters if c.isupper())
    if len(capitals) < 2 or (capitals != letters and len(letters) > 4):
        return None
    return capitals


def initials_of(words: Sequence[str]) -> str:
    """The upper-case initials of a name's words, skipping 'of', 'and', 'the' and the like."""
    return "".join(w[0] for w in words if w.lower() not in ACRONYM_SKIP and w[:1].isalpha()).upper()


def group_entity(root: str, members: list[Name], names: dict[str, Name], rules: NameRules, evidence: Evidence) -> Entity | None:
    """The group's canonical name and kind; None for names that are not published: one-word
    'people' that are place names ('Barcelona', a team) or bare first names ('Andrew'), and
    one-word names the article also writes in lower case ('Hybrid' and 'hybrid')."""
    votes: Counter[str] = Counter()
    for member in members:
        votes.update(member.votes)
    forced = names[root].forced
    kind = forced.most_common(1)[0][0] if forced else votes.most_common(1)[0][0]
    if not forced and votes["PER"] and " " in root and evidence.may_be_first_name(root.split()[0]):
        kind = "PER"  # 'Gordon Sondland', though the model took 'Sondland' alone for a place
    elif not forced and kind == "ORG" and shaped_as_person(root, rules, evidence):
        kind = "PER"  # 'directed by Sofia Coppola', typed an organisation by the model
    canonical = rules.canonical(root)
    entity_kind = rules.types.get(canonical) or ("organizations" if canonical in rules.makers or is_organisation(canonical) else MODEL_KINDS.get(kind))
    count = sum(m.count for m in members)
    if entity_kind is None or canonical in rules.ignore or not canonical[:1].isalnum():
        return None
    if entity_kind == "people" and " & " in canonical:
        entity_kind = "organizations"  # 'Marsh & McLennan', 'Johnson & Johnson': no one person's name
    if entity_kind == "organizations" and not forced and canonical not in rules.types and is_place_name(canonical, evidence):
        entity_kind = "places"  # 'Inner Mongolia', 'Leicestershire': a region, whatever the model says
    best = max(m.best for m in members)
    if best < needed_confidence(canonical, entity_kind, count, rules, evidence):
        return None
    if not any(m.cased for m in members) and best < HEADLINE_MIN:
        return None  # only in a Title Case headline, where every word has a capital
    if canonical not in rules.types and (is_product(canonical, rules, evidence) or all_common_words(canonical, entity_kind, rules, evidence)):
        return None
    if canonical.startswith("The ") and not forced and rules.heads.get(canonical.split()[-1]) != "organizations":
        return None  # 'The Crown': titles of works, unless a head word or cue says otherwise
    if canonical.startswith("The ") and len(canonical.split()) == 2 and rules.heads.get(canonical.split()[1]) in ("places", "other"):
        return None  # 'The Road', 'The Bridge': a head word alone names no place (a title's first words)
    if " " not in canonical:
        if entity_kind == "people" and (evidence.is_place(canonical) or evidence.is_first_name(canonical)):
            return None
        if not canonical.isupper() and canonical.lower() in evidence.lower_seen and not forced:
            return None
        if canonical not in rules.types and not forced and not is_organisation(canonical) and evidence.is_common_word(canonical) and canonical.lower() not in evidence.cap_mid:
            return None  # 'Technology', 'Rock', 'Blue' capitalised only where a sentence starts (not 'in the Treasury and')
    return Entity(written_form(canonical, entity_kind, members, evidence), entity_kind, count, min(m.first for m in members))


def written_form(canonical: str, kind: str, members: Sequence[Name], evidence: Evidence) -> str:
    """A country under the form the article writes most (the longer on a tie) when it never writes
    the standard name ('Britain', 'UK' for 'United Kingdom'): the form a reader of the story
    knows; the archive-wide step (`finalize`) still files every form under the standard name."""
    if kind != "places" or evidence.place_kind(canonical) != "country":
        return canonical
    written: Counter[str] = Counter()
    for member in members:
        written.update(member.written)
    if not written or canonical in written:
        return canonical
    return max(written, key=lambda form: (written[form], len(form.replace(".", "")), form))


def needed_confidence(name: str, kind: str, count: int, rules: NameRules, evidence: Evidence) -> float:
    """How sure the model must be of a name, by what else speaks for it. Measured on
    hand-labelled web dumps and BBC texts: gazetteer places and 'First Last' people are right
    at any confidence; places the gazetteer does not know, other people and organisations of
    several words are wrong half the time below 0.9; a one-word organisation named twice is
    nearly always right, named once (a product, a word of another language) often wrong below 0.9."""
    if name in rules.types or (kind == "places" and (evidence.place_kind(name) is not None or is_place_name(name, evidence))):
        return SINGLE_MENTION_MIN
    words = name.split()
    if kind == "people" and len(words) > 1 and (evidence.may_be_first_name(words[0]) or (evidence.is_surname(words[-1]) and not evidence.is_common_word(words[0]))):
        return SINGLE_MENTION_MIN  # 'Antony Blinken', 'Geordan Murphy'
    if kind == "people" and len(words) > 1 and all(name_shaped(w) for w in words) and not any(evidence.is_common_word(w) for w in words):
        # 'Koen Kleijn' and later 'Kleijn': the text comes back to the person; 'Pavle Petrović':
        # shaped like a name, no word of it a common word
        return SINGLE_MENTION_MIN if count > 1 else PERSON_SHAPED_MIN
    if kind == "people" and len(words) == 1 and name_shaped(name) and evidence.is_surname(name) and not evidence.is_common_word(name):
        return PERSON_SHAPED_MIN  # 'Trump': a surname of the census lists, no common word
    if kind == "organizations" and len(words) == 1:
        return SINGLE_MENTION_MIN if count > 1 else ONE_WORD_ORG_MIN
    if has_head_before_connector(words, rules):
        return SINGLE_MENTION_MIN  # 'University of Miami', 'Gulf of Mexico'
    return NAME_MIN


def shaped_as_person(name: str, rules: NameRules, evidence: Evidence) -> bool:
    """'Sofia Coppola': two words, a first name that is never a surname, then a surname of the
    census lists, no head word and no organisation of the tables."""
    words = name.split()
    return (
        len(words) == 2 and evidence.is_first_name(words[0]) and evidence.is_surname(words[1])
        and rules.heads.get(words[1]) is None and not is_organisation(name) and all(name_shaped(w) for w in words)
    )


def name_shaped(word: str) -> bool:
    """A capital, then lower-case letters (an initial or a hyphen allowed): 'Kleijn', 'B.', 'Ngo-Anh'."""
    core = word.replace("-", "").replace("'", "").rstrip(".")
    return bool(core) and core[0].isupper() and (len(core) == 1 or core[1:].islower()) and core.isalpha()


def has_head_before_connector(words: Sequence[str], rules: NameRules) -> bool:
    """'Peterson Institute for International Economics': a head word, then of/for/on."""
    return any(rules.heads.get(w) in ("organizations", "places") and nxt in ("of", "for", "on") for w, nxt in zip(words, words[1:]))


def is_place_name(name: str, evidence: Evidence) -> bool:
    """A country, a US state, a continent, or a county ('Leicestershire')."""
    return evidence.place_kind(name) in ("country", "region") or (" " not in name and name.endswith("shire"))


def is_product(name: str, rules: NameRules, evidence: Evidence, makers: frozenset[str] | set[str] = frozenset()) -> bool:
    """'Apple Watch Series', 'Ford Mustang Mach E': a maker's name (from the rules, or `makers`
    the article names) before words that are no organisation's head word ('Sony Pictures') and
    no place ('Ascom North America')."""
    words = name.split()
    if len(words) < 2 or (words[0] not in rules.makers and words[0] not in makers) or words[1].islower() or words[1] == "&":
        return False  # 'Bank of England', 'Marsh & McLennan'
    rest = " ".join(words[1:])
    return rules.heads.get(words[-1]) not in ("organizations", "places") and evidence.place_kind(rest) is None


def all_common_words(name: str, kind: str, rules: NameRules, evidence: Evidence) -> bool:
    """A 'person' or 'place' of words news text writes in lower case ('Night Mode', 'Police
    Officers', 'Touch of Frost'), none of them a head word ('High Street') and the first no first
    name ('Frank Field'). Organisations are often named so ('Best Buy', 'National Theatre')."""
    words = [w for w in name.split() if w.lower() not in ACRONYM_SKIP]
    if kind == "organizations" or len(words) < 2 or evidence.may_be_first_name(words[0]):
        return False
    return all(evidence.is_common_word(w) and (kind == "people" or w not in rules.heads) for w in words)


def archive_short_forms(entries: Sequence[dict[str, tuple[str, ...]]]) -> dict[tuple[str, str], str]:
    """(kind, short name) → full name, for one-word people and organisations that match exactly
    one longer name of the same kind elsewhere in the archive (see `name_matches`).

    Near-linear: the full names are indexed by the words a short form may equal (a person's
    first and last word, an organisation's first word) and by an organisation's initials, so a
    short form meets only the full names it could match, never the whole archive."""
    by_word: dict[str, dict[str, set[str]]] = {"people": defaultdict(set), "organizations": defaultdict(set)}
    by_initials: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for kind in ("people", "organizations"):
            for full in entry[kind]:
                words = full.split()
                if len(words) < 2:
                    continue
                by_word[kind][words[0]].add(full)
                if kind == "people":
                    by_word[kind][words[-1]].add(full)
                else:
                    by_initials[initials_of(words)].add(full)
    mapping: dict[tuple[str, str], str] = {}
    for entry in entries:
        for kind in ("people", "organizations"):
            for name in entry[kind]:
                if len(name.split()) != 1 or (kind, name) in mapping:
                    continue
                matches = by_word[kind].get(name, set())
                if kind == "organizations":
                    letters = acronym_letters(name)
                    if letters is not None and letters in by_initials:
                        matches = matches | by_initials[letters]
                if len(matches) == 1:
                    mapping[(kind, name)] = next(iter(matches))
    return mapping


def name_matches(short: str, full: str, kind: str) -> bool:
    """Can the one-word `short` stand for `full` across the archive? (What `archive_short_forms`
    indexes for.)"""
    words = full.split()
    if kind == "people":
        return words[0] == short or words[-1] == short
    return words[0] == short or is_acronym(short, words)


def slug_names(entries: Sequence[dict[str, tuple[str, ...]]]) -> dict[str, str]:
    """name → the one spelling used for its slug (the most frequent; ties: alphabetical)."""
    uses: Counter[str] = Counter()
    for entry in entries:
        for kind in ("people", "organizations", "places"):
            uses.update(entry[kind])
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for name, count in uses.items():  # each distinct name slugified once
        spellings[slugify(name)][name] += count
    chosen: dict[str, str] = {}
    for counter in spellings.values():
        best = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[0][0]
        chosen.update({name: best for name in counter})
    return chosen
