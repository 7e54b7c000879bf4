"""Topic tags for an article: what it is about, as a reader would browse it.

Up to six topics a story; two when the story gives them, fewer when nothing more passes the rules
(precision first: a weak topic is worse than none). A topic comes from five places, each held to
the rules in `rules/topics.toml`:

- the seed's own tags, when they are topics (no section or outlet label, no name of a person,
  organisation or place: those come from the story's entities, below; no bare common noun);
- key phrases: lower-case noun phrases in the headline and used again, or used three or four times
  from the lead on, ranked by how rare they are in a background corpus of news
  (`data/background_df.tsv`, built by `scripts/build_background.py`). A phrase of two or three
  words must end in a noun that means something on its own and start with a word that classifies
  rather than judges; a single word must be a listed subject ("inflation", "tariffs", "plague");
- named things that are not people, organisations or places (products, events, laws: "MacBook
  Pro", "Black Friday"), used mid-sentence in the body and named in the headline;
- currencies the headline names and the body keeps using ("US dollar", "euro");
- broad subjects ("infectious diseases") whose telling words the story uses repeatedly;
- the one or two people, organisations or places the story is about, under their entity name:
  named in the headline and the lead and used again ("Apple", "Inner Mongolia"), under any name
  the story gives them (a short form it defines in brackets, 'Labour' of 'Labour Party', a
  place's adjective, 'M&S', a headline's 'Marsh' of 'Marsh & McLennan').

A story still short of topics then takes, in turn: the event its opening paragraph names ("Berlin
Film Festival", "Six Nations"); in a sports story, the national side it is about ("Wales
national rugby union team"); an organisation it dwells on that the headline leaves out; a place
its headline names and its lead once more; a person it dwells on; the person its headline names
by a role ('Banker loses sexism claim'), or the organisation by its kind ('drug firm'); the
organisation its opening gives as the post of a
person it is about ('Arsenal boss Arsene Wenger'); a name its headline gives in
one word that the body uses on its own ("Nortel" → "Nortel Networks", "Eminem", "U2"); a listed
subject its opening paragraph names and the story uses again; a broad subject one telling word
keeps coming back to ("virus", five times); the person a headline names by a surname two of the
story's people share, the one the lead names in full ("Jackson" → "Michael Jackson"); in a
performer's story, the act its headline names in capitals ("Prince", "50 Cent"); a broad subject
two telling words tell, one in the headline or opening paragraph ("striker", "Aston Villa"), or
the headline's one used three times ("gamer"). Archive-wide, a story still short, or left short
by the archive's home place, takes a name it held back under the archive's full name of it
("Labour" → "Labour Party"). An event's name may hold a
subject ("film", "Berlin Film Festival"): they are two topics. A word used only inside a capitalised name ("National Insurance") is no
subject, and a broad subject the rules say another tells in another sense ("football" beside
"college football") is dropped.

Every rule's topics pass a learned judge (`TopicGate`: a logistic regression of P(good | story,
topic) on cheap features of the pair, weights in `data/topic_judge.json`, trained by
`scripts/train_topics.py` on blind verdicts) before they are merged, so that a story whose strong
topics fail falls through to the next rules. The seed's own tags and a lower-case subject the story writes
SUBJECT_USES times are not judged.

Every topic is filed under one name: case, plural and the listed aliases fold together; archive-wide
(`finalize`), each topic takes the archive's most used spelling.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .article import Article

if TYPE_CHECKING:
    from .entities.features import Resources

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).parent
RULES_FILE = PACKAGE / "rules" / "topics.toml"
BACKGROUND_FILE = PACKAGE / "data" / "background_df.tsv"

MAX_TAGS = 6
MIN_TAGS = 2
MAX_WORDS = 3
MAX_CANDIDATES = 12  # topics an article keeps in reserve: they vote for a topic's spelling
MAX_LISTED_WORDS = 4  # a longer "tag" is a run of navigation text
MAX_BROAD = 2  # broad subjects one story may take
MAX_CENTRAL = 2  # people, organisations and places one story may take as topics
CENTRAL_USES = 2  # uses of a person or organisation (headline included) that make it what a story is about
PLACE_USES = 3  # a place named twice may be only where the story happens
CURRENCY_USES = 3  # uses in the body of a currency the headline names that make it a topic
SHORT_PLACE_USES = 2  # uses of a place the headline names that make it a topic of a story short of them
HOME_SHARE = 0.15  # a place more of the archive's stories name is its home: too broad a topic
HOME_MIN = 40  # stories an archive needs before it can tell its home places
HEADLINE_NAME_USES = 2  # uses in the body of a headline's unlisted name that make it a filler topic
UNHEADED_USES = 3  # uses of an organisation the headline does not give that make it a topic of a story short of them (a person needs two more)
SINGLE_CUE_USES = 5  # uses of one telling word, written in lower case, that file a story short of topics under its broad subject
LOOSE_CUE_USES = 2  # uses of two telling words of a broad subject that file a story short of topics under it
ARTIST_USES = 2  # uses in the body of an act a performer's story names in its headline that make it a filler topic
HEADLINE_THING_USES = 2  # mid-sentence uses in the body of a name the headline gives that make it a filler topic
ROLE_USES = 5  # uses of the person a headline names by a role ('Banker loses...') that make them a filler topic
ROLE_MARGIN = 2  # times as often as any other person of the story that person must be used
SURNAME_USES = 3  # uses in the body of a headline's surname two people share that make the lead's one a filler topic
OPENING_WORDS = 8  # tokens of the first paragraph that opens a story
MAX_CUE_WORDS = 4  # the longest cue of a broad subject, in tokens
LEAD_PARAGRAPHS = 3  # the paragraphs after the headline that say what a story is about
SUBJECT_USES = 5  # uses of a lower-case topic that keep it whatever the judge scores

STOPWORDS = frozenset(
    """a about above after again against all almost along already also although always am among an
    and another any anyone anything are around as at away back be became because become been before
    being below between both but by can cannot could did do does doing done down during each either
    else enough even ever every few for from further get gets getting given go goes going gone got
    had has have having he her here hers herself him himself his how however i if in including
    instead into is it its itself just last least less let like likely made make makes making many
    may me might more most much must my myself near need needs neither never new next no nor not
    now of off often on once one only onto or other others otherwise our ours ourselves out over
    own per perhaps put quite rather really same see seen several shall she should since so some
    something still such than that the their theirs them themselves then there these they thing
    things this those though through thus to together too toward towards under until up upon us
    use used using very via want wanted was way ways we well were what whatever when where whether
    which while who whom whose why will with within without would yet you your yours yourself
    first second third two three four five six seven eight nine ten hundred thousand million
    billion trillion dozen half van von der den de del della la le al bin ibn""".split()
)
# Words of the news trade and of page furniture: true of every article, a topic of none.
BOILERPLATE = frozenset(
    """said says say saying told tell tells added adds according reported reports report reporting
    reporter reporters news newsletter story stories article articles read reading click subscribe
    subscription sign email share shared comment comments photo photos image images picture video
    videos caption credit copyright rights reserved advertisement sponsored content page website
    site online link links follow update updated breaking exclusive statement statements interview
    spokesman spokeswoman spokesperson official officials source sources people person year years
    month months week weeks day days today yesterday tomorrow time times moment morning evening
    night percent cent per lot lots number numbers part parts kind sort case cases matter matters
    point points fact facts thing end top recent latest former told asked called known expected
    continue continued include includes included think believe know want come came take took
    taken give gave put set show shows showed look looks seem seems seemed mr mrs ms dr monday
    tuesday wednesday thursday friday saturday sunday january february march april june july
    august september october november december https http www""".split()
)
TOKEN_RE = re.compile(r"[^\W\d_](?:[\w'’.-]*[\w])?|[^\s\w]+|\d[\w.,]*")  # 'Weizsäcker', 'e-tron', 'U.S.'
URL_RE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")
POSSESSIVE_RE = re.compile(r"(?<=\w)['’]s?$")
SCORE_RE = re.compile(r"\d{1,3}")  # a score beside a side: "Italy 8-38 Wales"
PERIOD_RE = re.compile(r"[QH]\d|FY\d+")  # 'Q3', 'H1', 'FY2020'
CLAUSE_ENDS = frozenset(".!?:;\"“”()[]—–|")


@dataclass(frozen=True, slots=True)
class TopicRules:
    """The word lists of rules/topics.toml."""

    subjects: frozenset[str]
    refused: frozenset[str]
    sections: frozenset[str]
    weak_modifiers: frozenset[str]
    weak_heads: frozenset[str]
    aliases: dict[str, str]
    broad: dict[str, tuple[str, ...]]
    named_last: frozenset[str]
    named_first: frozenset[str]
    demonyms: dict[str, str]
    peer_titles: frozenset[str]
    institution_first: frozenset[str]
    role_words: frozenset[str]
    body_words: frozenset[str]
    sports: frozenset[str]
    nations: frozenset[str]
    overrides: dict[str, frozenset[str]]
    org_suffixes: frozenset[str]
    event_last: frozenset[str]
    acronyms: frozenset[str]
    currencies: dict[str, str]
    filler_broad: dict[str, tuple[str, ...]]
    artist_subjects: frozenset[str]
    not_acts: frozenset[str]
    sides: dict[str, str]
    side_after: frozenset[str]
    side_before: frozenset[str]


def word_set(text: str) -> frozenset[str]:
    """The words of a TOML word list, lower case, folded to the singular as topics are."""
    words = text.lower().split()
    return frozenset(words) | frozenset(singular(w) for w in words)


def with_singulars(aliases: dict[str, str]) -> dict[str, str]:
    """The aliases, each also under its singular ('mobile phone' as 'mobile phones'), so that a
    topic written either way is filed under the alias's target, as fold() files plurals."""
    twins = {}
    for alias, target in aliases.items():
        words = alias.split()
        twins.setdefault(" ".join([*words[:-1], singular(words[-1])]), target)
    return twins | aliases


@lru_cache(maxsize=1)
def topic_rules() -> TopicRules:
    """The topic rules, read once per process."""
    data = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    return TopicRules(
        subjects=word_set(data["subjects"]["words"]),
        refused=word_set(data["refused"]["words"]),
        sections=word_set(data["sections"]["words"]),
        weak_modifiers=frozenset(data["weak_modifiers"]["words"].split()),
        weak_heads=word_set(data["weak_heads"]["words"]),
        aliases=with_singulars({k.lower(): v for k, v in data["aliases"].items()}),
        broad={topic: tuple(" ".join(tokens_of(c.lower())) for c in cues) for topic, cues in data["broad"].items()},
        named_last=frozenset(data["named"]["refused_last"].split()),
        named_first=frozenset(data["named"]["refused_first"].split()),
        demonyms=dict(data.get("demonyms", {})),
        peer_titles=frozenset(data["named"].get("peer_titles", "").split()),
        institution_first=frozenset(data["named"].get("institution_first", "").split()),
        role_words=frozenset(data["named"].get("role_words", "").split()),
        body_words=frozenset(data["named"].get("body_words", "").split()),
        sports=frozenset(data["sports"]["topics"]),
        nations=frozenset(data["sports"]["nations"]) | frozenset(data.get("demonyms", {}).values()),
        overrides={k: frozenset(v) for k, v in data.get("broad_overrides", {}).items()},
        org_suffixes=frozenset(data["named"].get("org_suffixes", "").split()),
        event_last=frozenset(data["named"].get("event_last", "").split()),
        acronyms=frozenset(data["acronyms"]["words"].split()),
        currencies=dict(data.get("currencies", {})),
        filler_broad={topic: tuple(" ".join(tokens_of(c.lower())) for c in cues) for topic, cues in data.get("filler_broad", {}).items()},
        artist_subjects=frozenset(data["named"].get("artist_subjects", ())),
        not_acts=frozenset(data["named"].get("not_acts", "").split()),
        sides=dict(data["sports"].get("sides", {})),
        side_after=frozenset(data["sports"].get("side_after", "").split()),
        side_before=frozenset(data["sports"].get("side_before", "").split()),
    )


@lru_cache(maxsize=1)
def background() -> tuple[int, dict[str, int]]:
    """(texts in the background corpus, folded phrase → in how many of them it occurs)."""
    counts: dict[str, int] = {}
    documents = 0
    if not BACKGROUND_FILE.is_file():
        log.warning("no background table at %s: topic phrases are weighed without it", BACKGROUND_FILE.name)
        return 1, counts
    for line in BACKGROUND_FILE.read_text(encoding="utf-8").splitlines():
        key, _, value = line.rpartition("\t")
        if key == "#documents":
            documents = int(value)
        elif key:
            counts[key] = int(value)
    return max(documents, 1), counts


def rarity(key: str) -> float:
    """Inverse document frequency of a folded phrase in the background corpus."""
    documents, counts = background()
    return math.log((documents + 1) / (counts.get(key, 0) + 1))


@lru_cache(maxsize=1)
def parts_of_speech() -> dict[str, str]:
    """Lower-case word → N, J, V or O (its usual part of speech in news text)."""
    from .entities.features import POS_FILE

    if not POS_FILE.is_file():
        return {}
    return dict(line.split("\t", 1) for line in POS_FILE.read_text(encoding="utf-8").splitlines() if "\t" in line)


def normalise_tag(text: str) -> str:
    """Lower case, single spaces, no punctuation at the ends."""
    return re.sub(r"\s+", " ", text).strip(" .,;:!?-–—'\"“”‘’«»()[]").lower()


@lru_cache(maxsize=1 << 16)
def singular(word: str) -> str:
    """'sanctions' → 'sanction', 'policies' → 'policy'; 'crisis', 'virus', 'bus' stay."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")) and len(word) > 4:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")) and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 16)
def fold(phrase: str) -> str:
    """The key one topic is filed under: case, the listed aliases and the plural folded."""
    lower = normalise_tag(phrase)
    lower = topic_rules().aliases.get(lower, lower)
    words = lower.split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]  # 'The Doobie Brothers' and 'Doobie Brothers' are one topic
    if not words:
        return ""
    return " ".join([*words[:-1], singular(words[-1])])


def canonical(phrase: str) -> str:
    """The name a topic is shown under: the alias's target when the rules give one, a listed
    subject as the list spells it ('drugs', not 'drug')."""
    rules = topic_rules()
    lower = normalise_tag(phrase)
    if lower in rules.aliases:
        return rules.aliases[lower]
    return subject_names().get(singular(lower), phrase) if " " not in lower else phrase


@lru_cache(maxsize=1)
def subject_names() -> dict[str, str]:
    """A listed subject's singular → its spelling in the list."""
    from_list: dict[str, str] = {}
    data = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    for word in data["subjects"]["words"].lower().split():
        from_list.setdefault(singular(word), word)
    return from_list


@lru_cache(maxsize=256)
def tokens_of(text: str) -> tuple[str, ...]:
    """TOKEN_RE's tokens of a text, URLs and addresses replaced by a full stop."""
    if "://" in text or "www." in text or "@" in text:
        text = URL_RE.sub(" . ", text)
    return tuple(TOKEN_RE.findall(text))


def content_word(word: str) -> bool:
    """A lower-case word that can be part of a topic phrase."""
    return (
        len(word) > 2
        and word.islower()  # no 'iPhone', no 'xCloud': a capital inside marks a name
        and word not in STOPWORDS
        and word not in BOILERPLATE
        and not (word.endswith("ed") and parts_of_speech().get(word, "V") != "N")  # 'diagnosed'
        and not (word.endswith("ly") and parts_of_speech().get(word) != "N")
        and not word.startswith(("year-", "in-"))
        and not any(c.isdigit() for c in word)
        and "'" not in word and "’" not in word and "." not in word
    )


@lru_cache(maxsize=1 << 17)
def phrase_word(token: str) -> tuple[str, bool, bool] | None:
    """A token as a key-phrase word: (word, is a noun, is a noun or adjective), or None when it
    ends a run. A verb form the lexicon knows ('deploys', 'warns') ends a run too, unless the
    subjects list spells it so ('manufacturing')."""
    word = token.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if not content_word(word):
        return None
    pos = parts_of_speech()
    kind = pos.get(word)
    if kind is None and word.endswith("s") and pos.get(word[:-1]) == "V":
        kind = "V"  # 'deploys' of 'deploy'
    if word.endswith("ing") and subject_names().get(word) == word:
        kind = "N"  # a listed subject is a noun ('manufacturing', 'hunting')
    kind = kind or "N"
    return word, kind == "N", kind in ("N", "J")


def candidate_phrases(text: str, lower: frozenset[str] | set[str] = frozenset(), headline: bool = False) -> Iterable[str]:
    """Runs of 1..MAX_WORDS lower-case content words inside one clause that are noun phrases
    (adjectives and nouns ending in a noun), shortest first, in text order. A single word counts
    only as the head of its run ('rates' of 'interest rates', not 'interest'), unless it is a
    listed subject. A capital that only opens a sentence, or every word of a headline, is read
    in lower case when the word is one of `lower` (words the story writes in lower case)."""
    return token_phrases(tokens_of(text), lower, headline)


def token_phrases(tokens: Sequence[str], lower: frozenset[str] | set[str], headline: bool) -> list[str]:
    """candidate_phrases of a text's tokens, as a list."""
    phrases: list[str] = []
    run: list[tuple[str, bool, bool]] = []
    opens = True  # the token opens a sentence or clause
    for token in tokens:
        word = token
        if (opens or headline) and token[:1].isupper() and token.lower() in lower:
            word = token.lower()
        opens = token in CLAUSE_ENDS or token[-1:] in ".!?"
        found = (word, False, True) if word in topic_rules().acronyms else phrase_word(word)  # 'ID' of 'ID cards'
        if found is not None:
            run.append(found)
        elif run:
            phrases += run_phrases(run)
            run = []
    if run:
        phrases += run_phrases(run)
    return phrases


def run_phrases(run: list[tuple[str, bool, bool]]) -> list[str]:
    """The noun phrases of one run of (word, is a noun, is a noun or adjective): shortest first."""
    count = len(run)
    if count == 1:
        return [run[0][0]] if run[0][1] else []
    subjects = topic_rules().subjects
    phrases: list[str] = []
    for size in range(1, min(MAX_WORDS, count) + 1):
        for i in range(count - size + 1):
            end = i + size
            if size == 1 and end < count and run[end][1] and run[i][0] not in subjects:
                continue  # a modifier of the next noun, not a head
            if run[end - 1][1] and all(w[2] for w in run[i:end]):
                phrases.append(run[i][0] if size == 1 else " ".join(w[0] for w in run[i:end]))
    return phrases


def background_keys(text: str) -> set[str]:
    """Folded words and two- or three-word runs of a text, as the background table counts them
    (case ignored, so a name's words count too)."""
    keys: set[str] = set()
    run: list[str] = []

    def flush() -> None:
        for size in range(1, min(MAX_WORDS, len(run)) + 1):
            for i in range(len(run) - size + 1):
                keys.add(" ".join([*run[i:i + size - 1], singular(run[i + size - 1])]))

    for token in tokens_of(text):
        word = token.lower().replace("’", "'")
        if word[:1].isalpha() and word not in STOPWORDS and "'" not in word:
            run.append(word)
        else:
            flush()
            run = []
    flush()
    return keys


def weak_modifier(word: str) -> bool:
    """An adjective that judges or ranks ('dramatic', 'biggest') rather than classifies."""
    if word in topic_rules().weak_modifiers:
        return True
    kind = parts_of_speech().get(word)
    if kind == "J":  # 'biggest', 'easier', 'shameful', 'devastating'
        return word.endswith(("est", "ier", "ful", "ing", "less"))
    return kind != "N" and word.endswith("ing")  # 'participating', 'humiliating'


def weak_head(word: str) -> bool:
    """A head noun too bare for any phrase ('signal', 'figures'), or a verb's -ing form."""
    if singular(word) in topic_rules().weak_heads:
        return True
    return word.endswith("ing") and parts_of_speech().get(word) not in ("N", None)


def good_phrase(phrase: str) -> bool:
    """A multi-word key phrase that can be a topic: a head noun that means something alone, no
    judging adjective, no section words only."""
    rules = topic_rules()
    words = phrase.split()
    if weak_head(words[-1]):
        return False
    if any(weak_modifier(w) for w in words[:-1]):
        return False
    if all(w in rules.sections or singular(w) in rules.sections for w in words):
        return False
    return not any(len(w) < 3 and w.upper() not in rules.acronyms for w in words)


def good_single(word: str) -> bool:
    """A single word is a topic only when the rules list it as a subject."""
    key = fold(word)
    rules = topic_rules()
    return (key in rules.subjects or word in rules.subjects) and key not in rules.refused and key not in rules.sections


class LowerWords(set):  # type: ignore[type-arg]
    """The words a story writes in lower case, and those news text does (looked up, not copied)."""

    def __contains__(self, word: object) -> bool:
        return set.__contains__(self, word) or word in common_words()


@dataclass(slots=True)
class Seen:
    """How a story uses one folded phrase: mentions, whether the headline or lead has it, spellings."""

    count: int = 0
    headline: bool = False
    lead: bool = False
    forms: dict[str, int] = field(default_factory=dict)


class Zone(NamedTuple):
    """One paragraph of a story (or its headline), tokenised once for every step that reads it."""

    text: str
    zone: int  # 0 headline, 1 lead paragraphs, 2 the rest
    tokens: tuple[str, ...]
    lower: tuple[str, ...]  # the tokens in lower case


def story_zones(article: Article) -> list[Zone]:
    """The story's headline and paragraphs, each with its zone and tokens."""
    texts = [(article.title, 0)]
    texts += [(p, 1 if i < LEAD_PARAGRAPHS else 2) for i, p in enumerate(article.body)]
    return [make_zone(text, zone) for text, zone in texts]


def make_zone(text: str, zone: int) -> Zone:
    """A paragraph with its tokens and their lower-case forms."""
    tokens = tokens_of(text)
    return Zone(text, zone, tokens, tuple(map(str.lower, tokens)))


def count_phrases(zones: Sequence[Zone]) -> dict[str, Seen]:
    """Every lower-case noun phrase of the story, by folded key."""
    seen: dict[str, Seen] = {}
    lower = LowerWords({t for z in zones for t in z.tokens if t.islower()})
    counts: Counter[str] = Counter()
    early: dict[int, set[str]] = {0: set(), 1: set()}
    for z in zones:
        tokens = z.tokens if z.zone else headline_without_names(z.tokens, zones)
        phrases = token_phrases(tokens, lower, z.zone == 0)
        counts.update(phrases)
        if z.zone in early:
            early[z.zone].update(phrases)
    for phrase, count in counts.items():
        key = fold(phrase)
        entry = seen.get(key)
        if entry is None:
            entry = seen[key] = Seen()
        entry.count += count
        entry.headline |= phrase in early[0]
        entry.lead |= phrase in early[1]
        entry.forms[phrase] = count
    return seen


def headline_without_names(tokens: tuple[str, ...], zones: Sequence[Zone]) -> tuple[str, ...]:
    """A headline with the capitalised runs of two words or more that the body writes capitalised
    too and never in lower case replaced by a clause end: a name ('National Insurance'), whose
    words ('insurance') are no subject of the story."""
    body = [" ".join(z.tokens) for z in zones if z.zone]
    written_lower = " " + " ".join(body) + " "
    out = list(tokens)
    run: list[int] = []
    for i in [*range(len(tokens)), len(tokens)]:
        if i < len(tokens) and tokens[i][:1].isupper():
            run.append(i)
            continue
        for start in range(len(run) - 1):
            for end in range(len(run), start + 1, -1):
                piece = " ".join(tokens[j] for j in run[start:end])
                if any(f" {piece} " in f" {text} " for text in body) and f" {piece.lower()} " not in written_lower:
                    out[run[start]:run[end - 1] + 1] = ["."] * (end - start)
                    break
        run = []
    return tuple(out)


def key_phrases(zones: Sequence[Zone]) -> tuple[list[tuple[float, str]], list[tuple[float, str, int]]]:
    """(strong, weak) key phrases as (score, phrase) and (score, phrase, uses), best first, none
    sharing a word with a better one. Strong: in the headline and used again, or in the lead and used three times (four
    for a phrase of several words: a phrase the headline does not use must carry the story).
    Weak: in the lead and used again, or used three times further down (kept in reserve: a story
    short of topics falls back on the single words among these used three times)."""
    seen = count_phrases(zones)
    scored: list[tuple[float, bool, str, str, int]] = []
    for key, entry in seen.items():
        words = key.split()
        if len(words) == 1 and not good_single(key):
            continue
        if len(words) > 1 and not good_phrase(key):
            continue
        strong = entry.count >= 2 and entry.headline or entry.count >= 3 + (len(words) > 1) and entry.lead
        if not (strong or entry.count >= 3 or entry.count >= 2 and entry.lead):
            continue
        if len(words) == 1 and name_word(key, zones):
            continue
        weight = entry.count + 2 * entry.headline + entry.lead
        score = weight * rarity(key) * (1 + 0.5 * (len(words) - 1))
        form = sorted(entry.forms.items(), key=lambda item: (-item[1], item[0]))[0][0]
        scored.append((score, strong, key, form, entry.count))
    strong_list: list[tuple[float, str]] = []
    weak_list: list[tuple[float, str, int]] = []
    taken: set[str] = set()
    for score, strong, key, form, count in sorted(scored, key=lambda s: (-s[1], -s[0], s[2])):
        words = set(key.split()) | {singular(w) for w in key.split()}
        if words & taken:
            continue
        taken |= words
        if strong:
            strong_list.append((score, canonical(form)))
        else:
            weak_list.append((score, canonical(form), count))
    return strong_list, weak_list


def story_zones_opening(zones: Sequence[Zone]) -> Iterable[str]:
    """The folded words of a story's opening paragraph: a subject it names there and once more
    is what the story is about (held to two uses, not three)."""
    for z in zones:
        if z.zone:
            return (fold(w) for w in z.lower if w.isalpha())
    return ()


def name_word(key: str, zones: Sequence[Zone]) -> bool:
    """Whether a subject word is only ever the last word of a name the story writes capitalised
    ('insurance' of 'National Insurance', also written 'national insurance'): no subject then."""
    capital = key[:1].upper() + key[1:]
    if not any(capital in z.text for z in zones[1:]):
        return False  # never capitalised: the common case, told without tokens
    firsts: set[str] = set()
    lower_before: list[str] = []
    for z in zones[1:]:
        if key[:-1] not in z.text.lower():
            continue
        for i, token in enumerate(z.tokens):
            if singular(token.lower()) != key or i == 0:
                continue
            before = z.tokens[i - 1]
            if token[:1].isupper() and before[:1].isupper():
                firsts.add(before.lower())
            elif token.islower():
                lower_before.append(before.lower())
    return bool(firsts) and all(b in firsts for b in lower_before)


def entity_words(article: Article) -> list[tuple[str, ...]]:
    """The article's people, organisations and places, each as its lower-case words."""
    return [tuple(n.lower().split()) for n in (*article.people, *article.organizations, *article.places)]


@lru_cache(maxsize=1)
def alias_spellings() -> dict[str, tuple[str, ...]]:
    """Canonical entity name → the spellings the name rules file under it ('UK', 'Britain' →
    'United Kingdom'), so that a story's uses of a name are counted whatever it writes."""
    from .entities.names import get_rules

    spellings: dict[str, list[str]] = defaultdict(list)
    for spelling, name in get_rules().aliases.items():
        spellings[name].append(spelling)
    return {name: tuple(found) for name, found in spellings.items()}


@lru_cache(maxsize=1 << 16)
def bare_token(token: str) -> str:
    """A token without its possessive ending ('Blinken’s' → 'Blinken')."""
    return POSSESSIVE_RE.sub("", token) if "'" in token or "’" in token else token


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


@lru_cache(maxsize=1)
def named_resources() -> Resources:
    """The entity model's word lists: first names and surnames, the gazetteer of places."""
    from .entities.recognise import get_tagger

    return get_tagger().resources


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
    from .entities.recognise import get_tagger

    if name in topic_rules().nations:
        return True
    return get_tagger().resources.gazetteer.get(tuple(name.lower().split())) == "country"


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


def named_runs(text: str) -> Iterable[tuple[str, bool]]:
    """Runs of capitalised words (or words with a capital or digit inside: 'iPhone', 'PS4') of one
    paragraph, with whether the run tells nothing: it opens a sentence, follows a hashtag, or is a
    piece of a longer name ('Moving Castle' of "Howl's Moving Castle", 'Spotless Mind' of
    'Eternal Sunshine of the Spotless Mind'). A day's or month's possessive starts a fresh run."""
    return token_runs(tokens_of(text))


def token_runs(tokens: Sequence[str]) -> Iterable[tuple[str, bool]]:
    """named_runs of a paragraph's tokens."""
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


def opening_zone(zones: Sequence[Zone]) -> Zone | None:
    """A story's opening paragraph: the first of OPENING_WORDS tokens or more (a kick-off time or
    a channel listing before it says nothing of what the story is about)."""
    return next((z for z in zones if z.zone and len(z.tokens) >= OPENING_WORDS), next((z for z in zones if z.zone), None))


def event_prefix(words: Sequence[str], last_words: Collection[str]) -> list[str]:
    """A run cut after its last word for an event, when a longer name goes on from it ('Six
    Nations' of 'Six Nations Grand Slam', 'World Cup' of 'World Cup qualifier')."""
    for end in range(len(words) - 1, 1, -1):
        if words[end - 1].lower() in last_words:
            return list(words[:end]) if words[-1].lower() not in last_words else list(words)
    return list(words)


def usable_name(key: str, form: str, entities: Sequence[tuple[str, ...]]) -> bool:
    """A capitalised run that names a thing, not a person, organisation, place or title."""
    from .entities.recognise import get_tagger

    rules = topic_rules()
    words = tuple(key.split())
    if words[0] in rules.named_first or words[-1] in rules.named_last:
        return False
    pieces = tuple(key.replace("-", " ").split())
    if any(is_part(words, name) or is_part(pieces, name) for name in entities):
        return False
    if any(any(is_part((piece,), name) for name in entities) for piece in pieces if piece not in words):
        return False  # 'US-China': places joined by a hyphen
    resources = get_tagger().resources
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


def broad_subjects(zones: Sequence[Zone]) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """(strong, weak) broad subjects whose telling words the story uses three times or more, two
    of them at least. Strong: one of them in the headline, or five uses of three of them, one in
    the lead. Weak: one in the lead. A subject the rules say another tells in another sense
    ('football' beside 'college football') is dropped, unless the headline tells it."""
    whole: Counter[str] = Counter()
    early: dict[int, set[str]] = {0: set(), 1: set()}
    for z in zones:
        grams = cue_grams(cue_words(z))
        whole.update(grams)
        if z.zone in early:
            early[z.zone].update(grams)
    found: list[tuple[float, str]] = []
    weak: list[tuple[float, str]] = []
    headlined: set[str] = set()
    topics = {topic for cue in whole for topic in cue_topics()[cue]}
    for topic, cues in topic_rules().broad.items():
        if topic not in topics:
            continue
        used = [cue for cue in cues if cue in whole]
        distinct = len({singular(c) for c in used})
        total = sum(whole[cue] for cue in used)
        if total < 3 or distinct < 2:
            continue
        in_headline = any(cue in early[0] for cue in used)
        in_lead = any(cue in early[1] for cue in used)
        if in_headline:
            headlined.add(topic)
        if in_headline or total >= 5 and distinct >= 3 and in_lead:
            found.append((float(total), topic))
        elif in_lead:
            weak.append((float(total), topic))
    overridden = {other for _, topic in (*found, *weak) for other in topic_rules().overrides.get(topic, ())} - headlined
    found = [item for item in found if item[1] not in overridden]
    weak = [item for item in weak if item[1] not in overridden]
    found.sort(key=lambda item: (-item[0], item[1]))
    weak.sort(key=lambda item: (-item[0], item[1]))
    return found[:MAX_BROAD], weak


def currencies(zones: Sequence[Zone]) -> list[str]:
    """Currencies a story is about: named in the headline ([currencies]: 'Dollar slides', 'euro
    help') and CURRENCY_USES times in the body. A dollar another country's name qualifies
    anywhere in the story ('Australian dollar') is not the US dollar."""
    table = topic_rules().currencies
    if not zones or not table:
        return []
    named = [w for w in map(bare_token, zones[0].lower) if w in table]
    found: list[str] = []
    for word in dict.fromkeys(named):
        uses = 0
        for z in zones[1:]:
            for i, w in enumerate(map(bare_token, z.lower)):
                if w == word or w == word + "s":
                    if word == "dollar" and i and foreign_dollar(z.tokens[i - 1]):
                        return found
                    uses += 1
        if uses >= CURRENCY_USES:
            found.append(table[word])
    return found


def foreign_dollar(before: str) -> bool:
    """Whether the word before 'dollar' makes it another country's ('Australian', 'Hong Kong')."""
    return before in topic_rules().demonyms or before in ("Kong", "Zealand", "Singapore", "Taiwan", "Canada", "Australia")


def single_cue_subjects(zones: Sequence[Zone]) -> list[tuple[float, str]]:
    """Broad subjects a story short of topics may take on one telling word alone: a one-word cue
    written in lower case SINGLE_CUE_USES times or more, once in the headline or lead ('virus'
    nine times in a story about an e-mail virus). A capitalised use is part of a name ('Lord
    Chancellor') and does not count. Best first, by uses."""
    cues = cue_topics()
    uses: Counter[str] = Counter()
    early: set[str] = set()
    for z in zones:
        words = [t for i, t in enumerate(z.tokens) if t in cues and t.islower() and not in_longer_cue(z.lower, i)]
        uses.update(words)
        if z.zone < 2:
            early.update(words)
    found: dict[str, float] = {}
    for cue, count in uses.items():
        if count >= SINGLE_CUE_USES and cue in early:
            for topic in cues[cue]:
                found[topic] = max(found.get(topic, 0.0), float(count))
    overridden = {other for topic in found for other in topic_rules().overrides.get(topic, ())}
    return sorted(((c, t) for t, c in found.items() if t not in overridden), key=lambda item: (-item[0], item[1]))


def loose_subjects(zones: Sequence[Zone]) -> list[tuple[float, str]]:
    """Broad subjects a story short of topics may take on looser evidence than broad_subjects
    asks (see loose_found), and the subjects of [filler_broad], kept for such a story alone and
    told by their words in lower case only. Best first, by uses."""
    best: dict[str, float] = {}
    for count, topic in loose_found(zones, "broad", True) + loose_found(zones, "filler_broad", False):
        best[topic] = max(best.get(topic, 0.0), count)
    overridden = {other for topic in best for other in topic_rules().overrides.get(topic, ())}
    return sorted(((c, t) for t, c in best.items() if t not in overridden), key=lambda item: (-item[0], item[1]))


def loose_found(zones: Sequence[Zone], name: str, capitals: bool) -> list[tuple[float, str]]:
    """The subjects of the table `name` two telling words tell, one of them in the headline or opening
    paragraph; or one the headline gives and the story uses LOOSE_CUE_USES + 1 times in all, in
    lower case past the headline ('record books' is no use of the 'Guinness Book of Records').
    With `capitals` false, a capitalised word past the headline tells nothing ('BBC Radio 4'),
    and the early one may stand anywhere in the lead (such words are rarer)."""
    table: dict[str, tuple[str, ...]] = getattr(topic_rules(), name)
    cues, starts = cue_index(name)
    whole: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    early: set[str] = set()
    headline: set[str] = set()
    opening = opening_zone(zones)
    for z in zones:
        words = cue_words(z)
        lowered = words if z.zone == 0 else lower_uses(words, z.tokens)
        grams = cue_grams(words if capitals else lowered, cues, starts)
        whole.update(grams)
        lower.update(grams if z.zone == 0 or not capitals else cue_grams(lowered, cues, starts))
        if z.zone == 0 or z is opening or not capitals and z.zone == 1:
            early.update(grams)
        if z.zone == 0:
            headline.update(grams)
    found: list[tuple[float, str]] = []
    for topic in sorted({topic for cue in whole for topic in cues[cue]}):
        used = [cue for cue in table[topic] if cue in whole]
        distinct = len({singular(c) for c in used})
        total = sum(whole[cue] for cue in used)
        two = distinct >= 2 and total >= LOOSE_CUE_USES and not early.isdisjoint(used)
        headed = not headline.isdisjoint(used) and sum(lower[cue] for cue in used) > LOOSE_CUE_USES
        if two or headed:
            found.append((float(total), topic))
    return found


def in_longer_cue(words: Sequence[str], index: int) -> bool:
    """Whether the word at `index` is part of a two-word cue with a neighbour ('festival' of
    'film festival'): it then tells that cue's subject, not its own."""
    cues = cue_topics()
    before = f"{words[index - 1]} {words[index]}" if index else ""
    after = f"{words[index]} {words[index + 1]}" if index + 1 < len(words) else ""
    return before in cues or after in cues


def cue_words(zone: Zone) -> Sequence[str]:
    """A paragraph's lower-case tokens as the cues are matched against them: a possessive ending
    dropped ("Arsenal's" is a use of 'arsenal')."""
    if "'s" not in zone.text and "’s" not in zone.text:
        return zone.lower if "’" not in zone.text else [w.replace("’", "'") for w in zone.lower]
    return [bare_token(w.replace("’", "'")) if "s" in w[-1:] else w for w in zone.lower]


def cue_grams(words: Sequence[str], cues: Collection[str] | None = None, starts: Collection[str] | None = None) -> list[str]:
    """The broad subjects' cues (or the given `cues`, whose several-word ones begin with
    `starts`) among the runs of one to MAX_CUE_WORDS words of a text. A word inside a longer cue
    tells that cue's subject alone ('deficit' of 'trade deficit' is no budget deficit)."""
    cues = cue_topics() if cues is None else cues
    starts = cue_starts() if starts is None else starts
    grams: list[str] = []
    covered: set[int] = set()
    for i, word in enumerate(words):
        if word in starts:
            for size in range(2, min(MAX_CUE_WORDS, len(words) - i) + 1):
                gram = " ".join(words[i:i + size])
                if gram in cues:
                    grams.append(gram)
                    covered.update(range(i, i + size))
    grams += [w for i, w in enumerate(words) if w in cues and i not in covered]
    return grams


def cue_topics() -> dict[str, tuple[str, ...]]:
    """Each cue of the broad subjects → the subjects it tells."""
    return cue_index("broad")[0]


def lower_uses(words: Sequence[str], tokens: Sequence[str]) -> list[str]:
    """A paragraph's cue words, blank where the token is capitalised inside a sentence (a piece
    of a name: 'BBC Radio 4'); a sentence's first word and a word in capitals ('DJ') are kept."""
    kept: list[str] = []
    for i, (word, token) in enumerate(zip(words, tokens)):
        first = i == 0 or tokens[i - 1][-1:] in ".!?\"“:"
        kept.append(word if token[:1].islower() or first or token.isupper() else "")
    return kept


@lru_cache(maxsize=2)
def cue_index(table: str) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """For a table of subjects of topics.toml ('broad', 'filler_broad'), read once: each cue →
    the subjects it tells, and the first words of its cues of several words."""
    topics: dict[str, list[str]] = defaultdict(list)
    for topic, cues in getattr(topic_rules(), table).items():
        for cue in cues:
            topics[cue].append(topic)
    starts = frozenset(c.split()[0] for c in topics if " " in c)
    return {cue: tuple(found) for cue, found in topics.items()}, starts


def cue_starts() -> frozenset[str]:
    """The first words of the broad subjects' cues of several words."""
    return cue_index("broad")[1]


def listed_tags(article: Article) -> list[str]:
    """The seed's own tags that are topics: no navigation text, section label or outlet, no name
    of a person, organisation or place ('Hong Kong', 'Xi Jinping'), no bare common noun, no
    single word the story uses only once past its lead (a passing mention: see used_enough)."""
    found: list[str] = []
    if not article.seed_tags:
        return found
    lower_words = {w for text in (article.title, *article.body) for w in tokens_of(text) if w.islower()}
    uses, early = word_uses(article)
    outlets = {normalise_tag(article.category), normalise_tag(article.source)} - {""}
    entities = {" ".join(n) for n in entity_words(article)}
    for raw in article.seed_tags:
        tag = normalise_tag(raw)
        if tag and tag not in outlets and tag not in entities and usable_listed_tag(tag, lower_words):
            if " " not in tag and not used_enough(tag, uses, early):
                continue
            tag = canonical(tag)
            if fold(tag) not in {fold(t) for t in found}:
                found.append(tag)
    return found


def word_uses(article: Article) -> tuple[Counter[str], set[str]]:
    """(each lower-case word of the story, singular, → its uses; the words of the headline and lead)."""
    uses: Counter[str] = Counter()
    early: set[str] = set()
    for index, text in enumerate((article.title, *article.body)):
        words = [singular(w) for w in tokens_of(text.lower())]
        uses.update(words)
        if index <= LEAD_PARAGRAPHS:
            early.update(words)
    return uses, early


def used_enough(tag: str, uses: Counter[str], early: set[str]) -> bool:
    """Whether a one-word listed tag is what the story is about: written twice, or in the headline
    or lead (any alias of it counts: 'covid' for 'coronavirus'). A word the story never writes is
    the outlet's label and is kept."""
    rules = topic_rules()
    key = singular(tag)
    forms = {key, singular(fold(tag))} | {singular(a) for a, target in rules.aliases.items() if " " not in a and fold(target) == fold(tag)}
    count = sum(uses[f] for f in forms)
    return count == 0 or count >= 2 or any(f in early for f in forms)


def usable_listed_tag(tag: str, lower_words: set[str]) -> bool:
    """A seed's tag that is a topic (see listed_tags)."""
    rules = topic_rules()
    words = tag.split()
    if len(words) > MAX_LISTED_WORDS or any(w in BOILERPLATE for w in words):
        return False
    if all(w in rules.sections or w in STOPWORDS for w in words):
        return False
    if len(words) == 1:
        return good_single(tag)
    if not good_phrase(tag):
        return False
    # A name: no word of it is one the article or news text writes in lower case.
    return any(w in lower_words or w in common_words() for w in words)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words news text writes in lower case (from the entity model's word list)."""
    from .entities.recognise import get_tagger

    return get_tagger().resources.common


def merge_topics(groups: Iterable[Iterable[str]], limit: int, entities: Collection[str] = ()) -> list[str]:
    """Topics from several lists, in turn, each folded key once, no topic inside another ('plague',
    'bubonic plague'; 'Six Nations', 'RBS Six Nations'), except a subject inside the name of one
    of the story's `entities` ('retail', 'British Retail Consortium'): they are two topics."""
    chosen: list[str] = []
    keys: list[tuple[str, bool, bool]] = []  # folded key, an entity's name, a subject in lower case
    for group in groups:
        for topic in group:
            key, entity, subject = fold(topic), topic in entities, topic == topic.lower()
            if not key or len(chosen) >= limit:
                continue
            if any(key == k or not (entity and s or e and subject) and (contains(k, key) or contains(key, k)) for k, e, s in keys):
                continue
            chosen.append(topic)
            keys.append((key, entity, subject))
    return chosen


def contains(longer: str, shorter: str) -> bool:
    """Whether the words of `shorter` run inside `longer` (folded keys)."""
    return f" {shorter} " in f" {longer} " and longer != shorter


def annotate(article: Article) -> Article:
    """Up to MAX_TAGS topics the story carries on its own, and up to MAX_CANDIDATES in reserve
    (its topics first), whose spellings the archive-wide step counts. Non-English stories keep
    their listed tags."""
    listed = listed_tags(article)
    if article.language not in ("en", ""):
        return article.with_(tags=tuple(listed[:MAX_TAGS]), tag_candidates=tuple(listed[:MAX_CANDIDATES]))
    zones = story_zones(article)
    tags, reserve, _ = propose_topics(article, zones, listed, topic_judge())
    return article.with_(tags=tuple(tags), tag_candidates=tuple(reserve))


def propose_topics(article: Article, zones: Sequence[Zone], listed: Sequence[str],
                   judge: Judge | None = None) -> tuple[list[str], list[str], dict[str, str]]:
    """The rules' topics of an English story, its reserve, and the source each topic came from
    (one of SOURCES). With a `judge`, each source's topics are those it scores at its threshold
    or more, so that a story whose strong topics fail falls through to the next rules."""
    origin: dict[str, str] = {}  # topic → the source that proposed it; the rest are fillers
    strong, weak = key_phrases(zones)
    named = named_things(article, zones)
    broad, weak_broad = broad_subjects(zones)
    headed, unheaded = central_names(article, zones)
    central = [name for _, name in headed]  # capped at MAX_CENTRAL once a sports story's sides are out
    unheaded_orgs = [name for score, name in unheaded if score > 0]
    unheaded_people = [name for score, name in unheaded if score <= 0]
    named_keys = [name for _, name in named]
    found = sorted([*strong, *named], key=lambda item: -item[0])
    section = fold(article.category)
    opening = set(story_zones_opening(zones))
    fill = [p for _, p, count in weak if " " not in p and count >= 3]
    opening_fill = [p for _, p, _ in weak if " " not in p and fold(p) in opening and fold(p) != section]
    found, broad, weak, weak_broad, fill = (
        [p for p in group if fold(p) != section]
        for group in ([p for _, p in found], [b for _, b in broad], [p for _, p, _ in weak], [b for _, b in weak_broad], fill)
    )
    senses = {other for topic in broad for other in topic_rules().overrides.get(topic, ())}
    found = [p for p in found if fold(p) not in senses]  # 'football' of 'college football': the broad subject tells its sense
    money = currencies(zones)
    for label, group in (("listed", listed), ("named", named_keys), ("phrase", found), ("named", money), ("broad", broad), ("central", central)):
        for topic in group:
            origin.setdefault(topic, label)
    gate = TopicGate(article, zones, origin, judge)
    tags = merge_topics([listed, gate(found), gate(money), gate(broad)], MAX_TAGS)  # the outlet's own tags: its editors chose them
    if len(tags) < MIN_TAGS:  # short of topics: the single subjects and broad subjects held back
        tags = merge_topics([tags, gate(fill, "fill"), gate(weak_broad, "weak_broad")], MIN_TAGS)
    sports = any(topic in topic_rules().sports for topic in (*found, *broad, *weak_broad))
    sides: list[str] = []
    if sports:
        sides = national_sides(tags, headline_sides(article, zones))
        central = [name for name in central if not (name in article.places and nation(name))]  # a national side
    central = central[:MAX_CENTRAL]
    entities = {*central, *unheaded_orgs, *unheaded_people}
    tags = merge_topics([tags, gate(central)], MAX_TAGS, entities)
    if len(tags) < MIN_TAGS:  # short: an event the headline or opening paragraph names
        events = [e for e in named_events(zones, entity_words(article)) if not any(" " in t and contains(fold(e), fold(t)) for t in tags)]
        tags = merge_topics([tags, gate(events, "event")], MIN_TAGS, {*entities, *events})  # 'film', 'Berlin Film Festival': two topics
    if len(tags) < MIN_TAGS:  # still short: the national side a sports story is about
        tags = merge_topics([tags, gate(sides, "side")], MIN_TAGS, {*entities, *sides})
    if len(tags) < MIN_TAGS:  # still short: an organisation the story dwells on
        tags = merge_topics([tags, gate(unheaded_orgs, "unheaded_org")], MIN_TAGS, entities)
    if len(tags) < MIN_TAGS:  # still short: a place the headline names and the lead once more; a person the story dwells on
        places = [name for _, name in central_names(article, zones, SHORT_PLACE_USES)[0] if name in article.places and name not in central]
        places = [name for name in places if not (sports and nation(name))]
        tags = merge_topics([tags, gate(places, "place"), gate(unheaded_people, "unheaded_person")], MIN_TAGS, {*entities, *places})
    if len(tags) < MIN_TAGS:  # still short: the person a headline names by a role ('Banker loses...')
        roles = role_person(article, zones)
        tags = merge_topics([tags, gate(roles, "role_person")], MIN_TAGS, {*entities, *roles})
    if len(tags) < MIN_TAGS:  # still short: the organisation a headline names by its kind ('drug firm')
        bodies = role_organisation(article, zones)
        tags = merge_topics([tags, gate(bodies, "role_organisation")], MIN_TAGS, {*entities, *bodies})
    if len(tags) < MIN_TAGS:  # still short: the organisation the opening gives as a topic person's post
        posts = affiliations(article, zones, [t for t in tags if t in article.people])
        tags = merge_topics([tags, gate(posts, "post")], MIN_TAGS, {*entities, *posts})
    if len(tags) < MIN_TAGS:  # still short: a name the headline gives in one word
        headline_named = [name for _, name in headline_names(article, zones)]
        tags = merge_topics([tags, gate(headline_named, "headline_name")], MIN_TAGS, {*entities, *headline_named})
    if len(tags) < MIN_TAGS:  # still short: a subject the opening paragraph names and the story again
        tags = merge_topics([tags, gate(opening_fill, "opening_fill")], MIN_TAGS, entities)
    if len(tags) < MIN_TAGS:  # still short: a broad subject one telling word keeps coming back to
        overridden = {other for topic in tags for other in topic_rules().overrides.get(topic, ())}
        single = [t for _, t in single_cue_subjects(zones) if fold(t) != section and t not in overridden]
        tags = merge_topics([tags, gate(single, "single_cue")], MIN_TAGS, entities)
    if len(tags) < MIN_TAGS:  # still short: the person a headline names by a surname the story's names share
        people = headline_surnames(article, zones)
        tags = merge_topics([tags, gate(people, "surname")], MIN_TAGS, {*entities, *people})
    if len(tags) < MIN_TAGS:  # still short: the thing the headline names and the body keeps naming
        things = headline_things(article, zones)
        tags = merge_topics([tags, gate(things, "headline_thing")], MIN_TAGS, {*entities, *things})
    if len(tags) < MIN_TAGS and any(t in topic_rules().artist_subjects for t in tags):  # a performer's story: the act its headline names
        acts = headline_acts(article, zones)
        tags = merge_topics([tags, gate(acts, "act")], MIN_TAGS, {*entities, *acts})
    if len(tags) < MIN_TAGS:  # still short: a broad subject two telling words or the headline's one tell
        overridden = {other for topic in tags for other in topic_rules().overrides.get(topic, ())}
        loose = [t for _, t in loose_subjects(zones) if fold(t) != section and t not in overridden]
        tags = merge_topics([tags, gate(loose, "loose")], MIN_TAGS, entities)
    at_risk = len(tags) < MIN_TAGS or len(tags) == MIN_TAGS and any(t in article.places for t in tags)  # a home place leaves it short
    backup = backup_names(article, zones, tags, sports, unheaded_orgs) if at_risk else []
    reserve = merge_topics([tags, backup, found, central, broad, weak, weak_broad], MAX_CANDIDATES)
    return tags, reserve, {topic: origin.get(topic, "filler") for topic in reserve}


class TopicGate:
    """The judge at work on one story: a group of proposed topics → those it scores at its
    threshold or more (each topic scored once); every topic passes when there is no judge."""

    def __init__(self, article: Article, zones: Sequence[Zone], origin: dict[str, str], judge: Judge | None) -> None:
        self.article = article
        self.zones = zones
        self.origin = origin
        self.judge = judge
        self.folded: list[FoldedZone] | None = None
        self.scores: dict[str, float] = {}
        self.cached: dict[str, list[float]] = {}

    def __call__(self, group: Iterable[str], source: str = "") -> list[str]:
        """The topics of `group` the judge keeps, in order; `source` names the rule of a filler."""
        group = list(group)
        for topic in group:
            self.origin.setdefault(topic, source or "filler")
        if self.judge is None:
            return group
        return [topic for topic in group if self.score(topic) >= self.judge.threshold or written_often(self.features(topic))]

    def features(self, topic: str) -> list[float]:
        """The judge's features of a topic for this story (computed once)."""
        if topic not in self.cached:
            if self.folded is None:
                self.folded = folded_zones(self.zones)
            self.cached[topic] = topic_features(self.article, self.folded, topic, self.origin.get(topic, "filler"))
        return self.cached[topic]

    def score(self, topic: str) -> float:
        """The judge's P(good) of a topic for this story."""
        if topic not in self.scores:
            self.scores[topic] = judge_score(self.features(topic), self.judge)  # type: ignore[arg-type]
        return self.scores[topic]


def backup_names(article: Article, zones: Sequence[Zone], chosen: Sequence[str], sports: bool, unheaded: Sequence[str]) -> list[str]:
    """For a story short of topics, or one the archive's home place may leave short, the names it
    is about that it did not take: beyond MAX_CENTRAL, an organisation's one common word
    ('Labour'), then an organisation it dwells on that the headline leaves out. The archive-wide
    step takes them when it knows them under a name that can be a topic (see finalize); no
    national side of a sports story."""
    headed = [name for _, name in central_names(article, zones, short_forms=True)[0]]
    return [name for name in (*headed, *unheaded) if name not in chosen and not (sports and name in article.places and nation(name))]


def finalize(articles: list[Article]) -> list[Article]:
    """Archive-wide: each topic under the archive's one spelling of it (its most used, case,
    plural and aliases folded), so that a topic recurs across the archive under one name. A story
    is not handed topics other stories carry: judged blind, such topics were mostly wrong (a
    reserve candidate is a word the story uses, not what it is about). The archive's home places
    (see home_places) are no topic: their page would hold a large share of the archive. A story
    short of topics takes the names it is about that it held back, under the name the archive's
    entity step gives them (see backup_names, archive_names)."""
    spelling = tag_spellings([*(a.tags for a in articles), *(a.tag_candidates for a in articles)])
    home = home_places(articles)
    result: list[Article] = []
    for article in articles:
        kept = [t for t in article.tags if not (t in home and t in article.places)]
        if len(kept) < MIN_TAGS:
            names = archive_names(article, kept, home)
            kept = merge_topics([kept, names], MIN_TAGS, names)
        own = tuple(dedupe_folded(spelling.get(fold(t), t) for t in kept))
        if own != article.tags:
            article = article.with_(tags=own)
        result.append(article)
    return result


def archive_names(article: Article, chosen: Sequence[str], home: Collection[str]) -> list[str]:
    """The story's reserve names it does not carry, under the archive's name of the entity they
    are a form of ('Labour' → 'Labour Party'), when that name can head a topic page and is no
    home place."""
    named = [(n, kind) for kind in ("organizations", "places", "people") for n in getattr(article, kind)]
    outlets = {fold(article.source), fold(article.category)} - {""}
    found: list[str] = []
    for candidate in article.tag_candidates:
        if candidate in chosen:
            continue
        words = tokens_of(candidate)
        owners = [(n, kind) for n, kind in named if n == candidate or words in name_forms(n, kind)]
        if len(owners) != 1:
            continue
        name, kind = owners[0]
        if topic_name(name, kind) and name not in home and fold(name) not in outlets and fold(name) not in topic_rules().sections:
            found.append(name)
    return found


def home_places(articles: Sequence[Article]) -> frozenset[str]:
    """Places named by more than HOME_SHARE of the archive's stories (an archive of HOME_MIN
    stories or more): the outlets' home country, as broad as a section ('United Kingdom' in a
    British archive)."""
    if len(articles) < HOME_MIN:
        return frozenset()
    counts = Counter(place for a in articles for place in set(a.places))
    return frozenset(place for place, count in counts.items() if count > HOME_SHARE * len(articles))


def dedupe_folded(tags: Iterable[str]) -> list[str]:
    """Each topic once (by folded key), in order of first appearance."""
    seen: dict[str, str] = {}
    for tag in tags:
        seen.setdefault(fold(tag), tag)
    return list(seen.values())


def tag_spellings(tag_lists: Iterable[Sequence[str]]) -> dict[str, str]:
    """folded key → the archive's most used spelling of it (ties: lower case first, then
    alphabetical), so that a topic is shown under one name everywhere."""
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    for tags in tag_lists:
        for tag in tags:
            by_key[fold(tag)][tag] += 1
    return {key: sorted(c.items(), key=lambda i: (-i[1], i[0] != i[0].lower(), i[0]))[0][0] for key, c in by_key.items()}


# The judge of topics: P(good | story, topic) from cheap features of the pair, a logistic
# regression trained on blind verdicts by scripts/train_topics.py (weights in data/topic_judge.json).

JUDGE_FILE = PACKAGE / "data" / "topic_judge.json"
SOURCES = ("listed", "phrase", "named", "broad", "central", "filler", "other")
KINDS = ("people", "organizations", "places")
FEATURES = (
    "words", "single", "capitalised", "in_headline", "lead_uses", "body_uses", "uses", "first_position",
    "paragraph_share", "word_share", "least_word_uses", "cut_down", "rarity", "least_word_rarity",
    *(f"source_{s}" for s in SOURCES), *(f"entity_{k}" for k in KINDS), "entity_uses",
    "broad", "cue_words", "cue_share", "cue_headline", "cue_uses", "unused",
    "headline_words", "lead_words", "paragraphs", "subject",
)


class Judge(NamedTuple):
    """A trained judge: feature means and scales, weights, bias and the score a topic must reach."""

    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float


@lru_cache(maxsize=1)
def topic_judge() -> Judge | None:
    """The shipped judge, read once; None when the data file is absent or was trained on other features."""
    import json

    if not JUDGE_FILE.is_file():
        log.warning("no topic judge at %s: topics are not judged", JUDGE_FILE.name)
        return None
    data = json.loads(JUDGE_FILE.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        log.warning("the topic judge was trained on other features: topics are not judged")
        return None
    return Judge(tuple(data["means"]), tuple(data["scales"]), tuple(data["weights"]), float(data["bias"]), float(data["threshold"]))


def written_often(features: Sequence[float]) -> bool:
    """A subject the story writes in lower case SUBJECT_USES times or more (from a pair's features):
    judged blind, such pairs were mostly good, those the judge scores low too, so it is kept unjudged."""
    return not features[FEATURES.index("capitalised")] and features[FEATURES.index("uses")] >= math.log1p(SUBJECT_USES)


def judge_score(features: Sequence[float], judge: Judge) -> float:
    """The judge's probability that a topic with these features is good."""
    total = judge.bias + sum(w * (f - m) / s for f, m, s, w in zip(features, judge.means, judge.scales, judge.weights))
    return 1.0 / (1.0 + math.exp(-max(min(total, 30.0), -30.0)))


class FoldedZone(NamedTuple):
    """A paragraph's tokens folded as topics are (lower case, no possessive, singular), with its zone."""

    zone: int
    folded: tuple[str, ...]
    tokens: tuple[str, ...]


def folded_zones(zones: Sequence[Zone]) -> list[FoldedZone]:
    """The story's paragraphs folded once for every topic the judge reads."""
    return [FoldedZone(z.zone, tuple(map(folded_token, z.lower)), z.tokens) for z in zones]


@lru_cache(maxsize=1 << 17)
def folded_token(word: str) -> str:
    """A lower-case token as the judge matches topics against it: no possessive, singular."""
    return singular(bare_token(word.replace("’", "'")))


def run_uses(words: tuple[str, ...], zone: FoldedZone) -> list[int]:
    """Where a run of folded words starts in a paragraph."""
    size = len(words)
    folded = zone.folded
    if not size or words[0] not in folded:
        return []
    first = words[0]
    return [i for i, word in enumerate(folded) if word == first and folded[i:i + size] == words]


def inside_longer_name(zone: FoldedZone, start: int, size: int) -> bool:
    """Whether a capitalised use runs on into a longer capitalised name ('Sportback' of 'A5
    Sportback'): a capitalised word right before it (not opening a sentence) or after it."""
    tokens = zone.tokens
    before = start > 0 and tokens[start - 1][:1].isupper() and not (start == 1 or tokens[start - 2][-1:] in ".!?\"“:")
    after = start + size < len(tokens) and tokens[start + size][:1].isupper()
    return before or after


def entity_kind(article: Article, topic: str) -> str:
    """Which of the story's kinds of entity a topic is the name of, or ''."""
    for kind in KINDS:
        if topic in getattr(article, kind):
            return kind
    return ""


def topic_features(article: Article, zones: Sequence[FoldedZone], topic: str, source: str) -> list[float]:
    """The judge's features of one (story, topic) pair, in the order of FEATURES (the rules that
    fill a story short of topics are one source, 'filler')."""
    source = source if source in SOURCES else "filler"
    words = tuple(fold(topic).split()) or ("",)
    raw = tuple(normalise_tag(topic).split()) or ("",)
    kind = entity_kind(article, topic)
    forms = {words, tuple(singular(w) for w in raw), *alias_forms(" ".join(words))}
    if kind:
        forms |= {tuple(singular(bare_token(w.lower())) for w in f) for f in name_forms(topic, kind)}
    counts = [0, 0, 0]
    first = len(zones)
    paragraphs = uses_inside = capital_uses = 0
    ordered = sorted(forms, key=lambda f: (-len(f), f))  # a longer form first: 'Holt' inside 'Jane Holt' is one use
    for index, zone in enumerate(zones):
        found = 0
        covered: set[int] = set()
        for form in ordered:
            for start in run_uses(form, zone):
                if start in covered:
                    continue
                covered.update(range(start, start + len(form)))
                found += 1
                if zone.tokens[start][:1].isupper() and start > 0:
                    capital_uses += 1
                    uses_inside += inside_longer_name(zone, start, len(form))
        if found:
            counts[zone.zone] += found
            first = min(first, index)
            paragraphs += 1
    body = [z for z in zones if z.zone]
    word_paragraphs = [sum(1 for z in body if w in z.folded) for w in words]
    word_uses = [sum(z.folded.count(w) for z in zones) for w in words]
    total = sum(counts)
    cues = broad_cues(zones, topic)
    entity_uses = total if kind else 0
    return [
        float(len(words)), float(len(words) == 1), float(topic != topic.lower()),
        float(counts[0] > 0), math.log1p(counts[1]), math.log1p(counts[2]), math.log1p(total),
        first / max(len(zones), 1), paragraphs / max(len(body), 1),
        sum(word_paragraphs) / max(len(words), 1) / max(len(body), 1), math.log1p(min(word_uses)),
        float(capital_uses > 0 and uses_inside == capital_uses), rarity(" ".join(words)),
        min(rarity(w) for w in words),
        *(float(source == s) for s in SOURCES), *(float(kind == k) for k in KINDS), math.log1p(entity_uses),
        float(cues is not None), *(cues or (0.0, 0.0, 0.0, 0.0)), float(total == 0 and cues is None),
        sum(1 for w in words if w in zones[0].folded) / len(words),
        sum(1 for w in words if any(w in z.folded for z in zones if z.zone == 1)) / len(words),
        math.log1p(len(body)), float(" ".join(words) in topic_rules().subjects),
    ]


@lru_cache(maxsize=1)
def topic_aliases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """A folded topic → the folded words of the aliases the rules file under it ('marijuana' of
    'cannabis'), so that the judge counts a story's uses of a topic whatever it writes."""
    found: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for alias, target in topic_rules().aliases.items():
        words = alias.split()
        found[fold(target)].add(tuple([*words[:-1], singular(words[-1])]))
    return {key: tuple(sorted(forms)) for key, forms in found.items()}


def alias_forms(key: str) -> tuple[tuple[str, ...], ...]:
    """The folded aliases of a folded topic (see topic_aliases)."""
    return topic_aliases().get(key, ())


def broad_cues(zones: Sequence[FoldedZone], topic: str) -> tuple[float, float, float, float] | None:
    """For a broad subject, (distinct telling words used, share of paragraphs that use one, one in
    the headline, log of their uses); None for any other topic."""
    rules = topic_rules()
    cues = rules.broad.get(topic) or rules.filler_broad.get(topic)
    if cues is None:
        return None
    keys = {tuple(singular(w) for w in c.split()) for c in cues}
    used: set[tuple[str, ...]] = set()
    paragraphs = uses = 0
    headline = False
    for zone in zones:
        here = {k for k in keys if run_uses(k, zone)}
        uses += sum(len(run_uses(k, zone)) for k in here)
        used |= here
        paragraphs += bool(here) and zone.zone > 0
        headline |= bool(here) and zone.zone == 0
    body = sum(1 for z in zones if z.zone)
    return float(len(used)), paragraphs / max(body, 1), float(headline), math.log1p(uses)
