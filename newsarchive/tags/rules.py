"""The topic rules (`rules/topics.toml`), a topic's one folded key and spelling, and the
background table (`data/background_df.tsv`) that says how rare a phrase is in news."""

from __future__ import annotations

import logging
import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .words import normalise_tag, singular, tokens_of

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).parent.parent  # the newsarchive package
RULES_FILE = PACKAGE / "rules" / "topics.toml"
BACKGROUND_FILE = PACKAGE / "data" / "background_df.tsv"


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
