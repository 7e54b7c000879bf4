"""Second-stage features (Krishnan and Manning 2006): what the first CRF said of the same word, the
same name and the longer names that hold it elsewhere in the document, for a second CRF trained on
the first's out-of-fold reading. Training and tagging share this.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .conll import spans

STAGE2_FILE = "stage2.crfsuite"  # the second CRF, beside the first in a model folder (tag-conll's only)
# Bucket edges: how many other mentions agree (1, 2-3, 4+) and how sure the first stage was.
COUNT_EDGES = (1, 2, 4)
CONFIDENCE_EDGES = (0.5, 0.8, 0.95)
OUTSIDE = "O"
# A name the first stage reads this surely (lowest token marginal) keeps its span and type: the second stage retypes a name across all its mentions at once.
SURE_FIRST: float | None = 0.9


@dataclass(frozen=True, slots=True)
class StageOne:
    """The first CRF's reading of one sentence: IOB2 tags and each tag's marginal probability."""

    tags: tuple[str, ...]
    marginals: tuple[float, ...]

    @classmethod
    def empty(cls, size: int) -> StageOne:
        """A sentence the first stage did not tag (an empty one): all outside, surely."""
        return cls((OUTSIDE,) * size, (1.0,) * size)


@dataclass(frozen=True, slots=True)
class Reading:
    """One mention of a word or name as the first stage read it."""

    sentence: int
    start: int
    kind: str
    confidence: float


def bucket(value: float, edges: Sequence[float]) -> str:
    """The number of edges the value reaches ('0' below the first)."""
    return str(sum(value >= edge for edge in edges))


def majority(readings: Sequence[Reading]) -> tuple[str, list[Reading]]:
    """The kind most readings give (ties by name, for stable features) and those readings."""
    counts = Counter(r.kind for r in readings)
    kind = min(counts, key=lambda k: (-counts[k], k))
    return kind, [r for r in readings if r.kind == kind]


def agreement_features(prefix: str, readings: Sequence[Reading]) -> list[str]:
    """The majority kind of other mentions, with how many give it and how sure they were; a mark
    when they are unanimous; and the majority among those that are names at all."""
    if not readings:
        return []
    kind, agreeing = majority(readings)
    mean = sum(r.confidence for r in agreeing) / len(agreeing)
    out = [f"{prefix}={kind}", f"{prefix}n={kind}|{bucket(len(agreeing), COUNT_EDGES)}", f"{prefix}c={kind}|{bucket(mean, CONFIDENCE_EDGES)}"]
    if len(agreeing) == len(readings):
        out.append(f"{prefix}all={kind}")
    named = [r for r in readings if r.kind != OUTSIDE]
    if named and kind == OUTSIDE:
        other, some = majority(named)
        out.append(f"{prefix}e={other}|{bucket(len(some), COUNT_EDGES)}")
    return out


def word_readings(sentences: Sequence[Sequence[str]], first: Sequence[StageOne]) -> dict[str, list[Reading]]:
    """Each capitalised word (lower case) → the first stage's kind at each of its occurrences."""
    readings: dict[str, list[Reading]] = {}
    for number, (words, one) in enumerate(zip(sentences, first, strict=True)):
        for i, (word, tag, marginal) in enumerate(zip(words, one.tags, one.marginals, strict=True)):
            if word[:1].isupper():
                readings.setdefault(word.lower(), []).append(Reading(number, i, tag[2:] or OUTSIDE, marginal))
    return readings


def name_readings(sentences: Sequence[Sequence[str]], first: Sequence[StageOne]) -> dict[tuple[str, ...], list[Reading]]:
    """Each entity the first stage found (lower-case words) → its kind at each mention, with the
    lowest marginal of its tokens."""
    readings: dict[tuple[str, ...], list[Reading]] = {}
    for number, (words, one) in enumerate(zip(sentences, first, strict=True)):
        for start, end, kind in spans(one.tags):
            key = tuple(w.lower() for w in words[start:end])
            readings.setdefault(key, []).append(Reading(number, start, kind, min(one.marginals[start:end])))
    return readings


def containing(names: dict[tuple[str, ...], list[Reading]]) -> dict[tuple[str, ...], list[Reading]]:
    """Each run of words inside a longer name → the mentions of the longer names that hold it
    ('Clinton' in 'Hillary Clinton'), longer names in the order the document first gives them."""
    held: dict[tuple[str, ...], list[Reading]] = {}
    for longer, readings in names.items():
        inner = {longer[i : i + size] for size in range(1, len(longer)) for i in range(len(longer) - size + 1)}
        for key in inner:
            held.setdefault(key, []).extend(readings)
    return held


def stacked_features(sentences: Sequence[Sequence[str]], first: Sequence[StageOne]) -> list[list[list[str]]]:
    """Per sentence, per token, the features the second CRF adds to the first's: the agreement of
    the capitalised word's other occurrences (dw), of the entity's other mentions (dn) and of the
    longer entities that hold it (dsup). The first stage's own tag is left out: with it the second
    stage learns to trust the first."""
    words_read = word_readings(sentences, first)
    names_read = name_readings(sentences, first)
    longer = containing(names_read)
    out: list[list[list[str]]] = []
    for number, (words, one) in enumerate(zip(sentences, first, strict=True)):
        feats: list[list[str]] = [[] for _ in words]
        for i, word in enumerate(words):
            if word[:1].isupper():
                feats[i].extend(agreement_features("dw", [r for r in words_read[word.lower()] if (r.sentence, r.start) != (number, i)]))
        for start, end, _ in spans(one.tags):
            key = tuple(w.lower() for w in words[start:end])
            others = [r for r in names_read[key] if (r.sentence, r.start) != (number, start)]
            added = agreement_features("dn", others) + agreement_features("dsup", longer.get(key, []))
            for i in range(start, end):
                feats[i].extend(added)
        out.append(feats)
    return out


def joined(base: Sequence[Sequence[str]], extra: Sequence[Sequence[str]]) -> list[list[str]]:
    """One sentence's first-stage features with the second stage's added, token by token."""
    return [[*b, *e] for b, e in zip(base, extra, strict=True)]


def reading_rows(readings: Sequence[Sequence[StageOne]]) -> list[list[list]]:
    """Documents' readings as JSON-ready lists (floats kept whole: read back, they are the same)."""
    return [[[list(one.tags), list(one.marginals)] for one in doc] for doc in readings]


def rows_reading(rows: Sequence[Sequence[Sequence]]) -> list[list[StageOne]]:
    """The readings `reading_rows` wrote."""
    return [[StageOne(tuple(tags), tuple(marginals)) for tags, marginals in doc] for doc in rows]


def guarded_spans(found: Sequence[tuple[int, int, str, float]], one: StageOne, sure: float | None) -> list[tuple[int, int, str, float]]:
    """The second stage's spans of a sentence, with every first-stage span at `sure` or over that
    the second stage dropped or retyped restored (the second stage's spans over its words removed)."""
    if sure is None:
        return list(found)
    given = {span[:3] for span in found}
    restored = []
    for start, end, kind in spans(one.tags):
        confidence = min(one.marginals[start:end])
        if confidence >= sure and (start, end, kind) not in given:
            restored.append((start, end, kind, confidence))
    if not restored:
        return list(found)
    kept = [span for span in found if not any(span[0] < r[1] and r[0] < span[1] for r in restored)]
    return sorted(kept + restored)
