"""The judge of topics: P(good | story, topic) from cheap features of the pair, a logistic
regression trained on blind verdicts by scripts/train_topics.py (weights in `data/topic_judge.json`);
`TopicGate` applies it to one story's proposed topics."""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from ..article import Article
from ..logistic import probability
from .words import bare_token, normalise_tag, singular
from .rules import PACKAGE, fold, rarity, topic_rules
from .phrases import Zone
from .listed import word_uses
from .names import name_forms

log = logging.getLogger(__name__)

SUBJECT_USES = 5  # uses of a lower-case topic that keep it whatever the judge scores
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
    return probability(features, judge.means, judge.scales, judge.weights, judge.bias)


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
