"""A second look at a whole document's spans: a logistic regression decides which candidates the
tagger proposes down to a low floor are kept, from evidence the marginal alone does not see (the
name's other mentions, lower-case uses, headline and table lines, the rule that made the span).
Trained by scripts/train_conll_judge.py on out-of-fold candidates of the CoNLL-2003 training split;
the weights are data beside the model (`conll_judge.json`)."""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..logistic import probability
from .features import DocStats, Resources
from .stacking import STAGE2_FILE

log = logging.getLogger(__name__)

JUDGE_NAME = "conll_judge.json"
MODEL_NAME = "ner.crfsuite"  # the model whose marginals a judge was trained to read
KINDS = ("PER", "ORG", "LOC", "MISC")
ORIGINS = ("viterbi", "part", "surname", "repeat", "retyped")
# Another type of a span's words is proposed too when the model gives it this much (B- and I-
# summed, lowest over the span): the document's other mentions may say which type is right.
RETYPE_FLOOR = 0.05
# Words before a capital that make it a sentence's first word for the reader.
OPENERS = frozenset({'"', "'", "(", ":", "-", "--", "``", "`"})
SHORT_LINE = 4  # a line of this many words or fewer: a dateline, a heading, a results row

FEATURES = (
    "confidence", "confidence_logit", "confident", "own_min", "own_mean", "label_min", "name_min",
    "extends_left", "extends_right", "best_other_kind",
    *(f"kind_{k}" for k in KINDS), *(f"origin_{o}" for o in ORIGINS),
    "words_1", "words_2", "words_3",
    "mentions", "mentions_confident_same", "mentions_confident_other", "mentions_best_same",
    "lower_elsewhere", "sentence_start", "capitals_line", "short_line", "digit_share", "digit_beside",
    "inside_confident", "contains_confident", "first_name", "surname", "gazetteer_place",
    "common_word", "acronym", "own_logit", "elsewhere", "elsewhere_same_mean", "elsewhere_same_max",
    "elsewhere_other_mean",
)

Span = tuple[int, int, str, float]
Table = Mapping[str, Sequence[float]]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span the tagger proposes for the judge: where, what type, how sure, and why."""

    sentence: int
    start: int
    end: int
    kind: str
    confidence: float
    origin: str
    features: tuple[float, ...]

    @property
    def extent(self) -> tuple[int, int, int]:
        return (self.sentence, self.start, self.end)


@dataclass(frozen=True, slots=True)
class SpanJudge:
    """A trained judge: feature means, scales and weights, the floor of the candidates it reads,
    the probability a new span must reach, and the one under which a span at the threshold is
    dropped (None: those are not judged, nor given another type)."""

    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    floor: float
    keep: float
    doubt: float | None

    @classmethod
    def load(cls, path: Path) -> SpanJudge | None:
        """The judge in path; None when absent, trained on other features, or trained for
        another model than the one beside it, first or second stage (a retrained model needs its
        judge retrained)."""
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            log.warning("%s was trained on other features: documents are not judged", path.name)
            return None
        if "model" in data and data["model"] != model_digest(path.parent / MODEL_NAME):
            log.warning("%s was trained for another %s: documents are not judged", path.name, MODEL_NAME)
            return None
        if data.get("stage2") != model_digest(path.parent / STAGE2_FILE):
            log.warning("%s was trained for another second stage (or none): documents are not judged", path.name)
            return None
        return cls(tuple(data["means"]), tuple(data["scales"]), tuple(data["weights"]), data["bias"], data["floor"], data["keep"], data["doubt"])

    def probability(self, features: Sequence[float]) -> float:
        """P(right span | features)."""
        return probability(features, self.means, self.scales, self.weights, self.bias)

    def chosen(self, candidates: Sequence[Candidate], cut: float) -> list[Candidate]:
        """The candidates kept (`choose`) by this judge's probabilities."""
        return choose(candidates, [self.probability(c.features) if c.features else 0.0 for c in candidates], self.keep, self.doubt, self.floor, cut)


def model_digest(path: Path) -> str | None:
    """A digest of the model file a judge reads the marginals of; None when there is none."""
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest() if path.is_file() else None


def choose(candidates: Sequence[Candidate], probabilities: Sequence[float], keep: float, doubt: float | None, floor: float, cut: float) -> list[Candidate]:
    """The candidates kept, one type at most per extent, the likeliest: a span at the threshold
    when the judge does not doubt it (always, with no doubt given), another span when likely
    enough, another type of a span's words only when spans at the threshold are judged."""
    best: dict[tuple[int, int, int], tuple[float, Candidate]] = {}
    for candidate, p in zip(candidates, probabilities, strict=True):
        proposed = candidate.origin != "retyped"
        confident = proposed and candidate.confidence >= cut
        if (proposed and candidate.confidence < floor) or (not proposed and doubt is None):
            continue
        if confident and doubt is None:
            p = 2.0
        elif p < (doubt if confident and doubt is not None else keep):
            continue
        if p > best.get(candidate.extent, (-1.0, candidate))[0]:
            best[candidate.extent] = (p, candidate)
    return [candidate for _, candidate in best.values()]


def marginal_table(crf: object, labels: Sequence[str], length: int) -> dict[str, list[float]]:
    """Every label's marginal at every word of the sentence the CRF tagged last (0 for a label the
    model lacks), and each type's (B- and I- summed, under the type's own name)."""
    marginal = crf.marginal  # type: ignore[attr-defined]
    zeros = [0.0] * length
    table = {label: [marginal(label, i) for i in range(length)] if label in labels else zeros for label in ("O", *(p + k for k in KINDS for p in ("B-", "I-")))}
    for kind in KINDS:
        table[kind] = [b + i for b, i in zip(table["B-" + kind], table["I-" + kind], strict=True)]
    return table


def span_origins(scored: list[list[Span]], scored_origins: list[dict[tuple[int, int], str]], final: list[list[Span]]) -> list[list[str]]:
    """The rule behind each final span: the decoder's ('viterbi', or a confident 'part' of a doubted
    span), a lone word re-typed as a person's 'surname', or a name's mention found again ('repeat')."""
    origins: list[list[str]] = []
    for before, named, after in zip(scored, scored_origins, final, strict=True):
        exact = set(before)
        extents = {(s, e): k for s, e, k, _ in before}
        row = []
        for span in after:
            if span in exact:
                row.append(named.get(span[:2], "viterbi"))
            elif extents.get(span[:2]) not in (None, span[2]) and span[3] in {c for s, e, _, c in before if (s, e) == span[:2]}:
                row.append("surname")
            else:
                row.append("repeat")
        origins.append(row)
    return origins


def document_candidates(sentences: Sequence[Sequence[str]], final: list[list[Span]], origins: list[list[str]], tables: Sequence[Table], resources: Resources, stats: DocStats, cut: float, floor: float, judge_all: bool) -> list[Candidate]:
    """Every span at or above the floor with its features, and with judge_all each span's words
    with their other likely types as well; without, spans at the threshold (kept unjudged then)
    come without features."""
    evidence = DocumentEvidence.of(sentences, final, tables, cut)
    out: list[Candidate] = []
    for index, (words, spans, named, table) in enumerate(zip(sentences, final, origins, tables, strict=True)):
        line = LineFacts.of(words)
        for span, origin in zip(spans, named, strict=True):
            if span[3] < floor:
                continue
            judged = judge_all or span[3] < cut
            features = span_features(words, span, origin, table, evidence, index, line, resources, stats, cut) if judged else ()
            out.append(Candidate(index, span[0], span[1], span[2], span[3], origin, features))
            if judge_all:
                for kind in retypes(span, table):
                    other = (span[0], span[1], kind, type_confidence(table, span[0], span[1], kind))
                    features = span_features(words, other, "retyped", table, evidence, index, line, resources, stats, cut)
                    out.append(Candidate(index, span[0], span[1], kind, other[3], "retyped", features))
    return out


@dataclass(frozen=True, slots=True)
class LineFacts:
    """What a sentence is: all in capitals, short, how much of it is numbers."""

    capitals: bool
    short: bool
    digits: float

    @classmethod
    def of(cls, words: Sequence[str]) -> LineFacts:
        capitals = all(w.isupper() or not w[:1].isalpha() for w in words)
        digits = sum(1 for w in words if any(c.isdigit() for c in w)) / max(1, len(words))
        return cls(capitals, len(words) <= SHORT_LINE, digits)


@dataclass(frozen=True, slots=True)
class DocumentEvidence:
    """The document's spans and words as the judge reads them: where each word sequence is
    written, and the names the decoding keeps with confidence."""

    positions: Mapping[str, tuple[tuple[int, int], ...]]  # word → (sentence, index) of each use
    sentences: Sequence[Sequence[str]]
    spans: Mapping[tuple[str, ...], tuple[tuple[int, int, str, float], ...]]  # words → (sentence, start, type, confidence)
    confident: frozenset[tuple[str, ...]]
    pieces: frozenset[tuple[str, ...]]  # the runs of words inside a confident name, shorter than it
    tables: Sequence[Table]
    readings: dict[tuple[str, ...], list[tuple[tuple[int, int], dict[str, float]]]] = field(default_factory=dict)

    @classmethod
    def of(cls, sentences: Sequence[Sequence[str]], final: list[list[Span]], tables: Sequence[Table], cut: float) -> DocumentEvidence:
        positions: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for s, words in enumerate(sentences):
            for i, word in enumerate(words):
                positions[word].append((s, i))
        spans: dict[tuple[str, ...], list[tuple[int, int, str, float]]] = defaultdict(list)
        for s, (words, kept) in enumerate(zip(sentences, final, strict=True)):
            for start, end, kind, confidence in kept:
                spans[tuple(words[start:end])].append((s, start, kind, confidence))
        confident = frozenset(name for name, uses in spans.items() if any(c >= cut for *_, c in uses))
        pieces = frozenset(piece for name in confident for piece in runs_of(name))
        return cls({k: tuple(v) for k, v in positions.items()}, sentences, {k: tuple(v) for k, v in spans.items()}, confident, pieces, tables)

    def uses(self, name: tuple[str, ...]) -> list[tuple[int, int]]:
        """(sentence, index) of every place the document writes these words."""
        return [(s, i) for s, i in self.positions.get(name[0], ()) if tuple(self.sentences[s][i : i + len(name)]) == name]

    def read(self, name: tuple[str, ...]) -> list[tuple[tuple[int, int], dict[str, float]]]:
        """Every place the document writes these words, with each type's probability there
        (lowest over the words); read once per name."""
        if name not in self.readings:
            self.readings[name] = [((s, i), {k: type_confidence(self.tables[s], i, i + len(name), k) for k in KINDS}) for s, i in self.uses(name) if self.tables[s]]
        return self.readings[name]

    def elsewhere(self, name: tuple[str, ...], here: tuple[int, int], kind: str) -> tuple[dict[str, float], float]:
        """How the model reads the same words in the document's other sentences: each type's mean
        probability there (lowest over the words), and this type's highest."""
        others = [kinds for place, kinds in self.read(name) if place != here]
        if not others:
            return {}, 0.0
        return {k: sum(o[k] for o in others) / len(others) for k in KINDS}, max(o[kind] for o in others)


def span_features(words: Sequence[str], span: Span, origin: str, table: Table, evidence: DocumentEvidence, index: int, line: LineFacts, resources: Resources, stats: DocStats, cut: float) -> tuple[float, ...]:
    """The judge's features of one span, in the order of FEATURES."""
    start, end, kind, confidence = span
    n = len(words)
    name = tuple(words[start:end])
    own = [type_share(table, i, kind) for i in range(start, end)]
    label = [table[("B-" if i == start else "I-") + kind][i] for i in range(start, end)]
    names = [1.0 - table["O"][i] for i in range(start, end)]
    others = [type_confidence(table, start, end, k) for k in KINDS if k != kind]
    inside = [table["I-" + k] for k in KINDS]
    extends_left = sum(row[start] for row in inside)
    extends_right = sum(row[end] for row in inside) if end < n else 0.0
    uses = [(s, st, k, c) for s, st, k, c in evidence.spans.get(name, ()) if (s, st) != (index, start)]
    same = [c for _, _, k, c in uses if k == kind]
    length = end - start
    capitalised = [w for w in name if w[:1].isupper()]
    lowered = sum(1 for w in capitalised if w.lower() in stats.lower_seen) / max(1, len(capitalised))
    opener = start == 0 or words[start - 1] in OPENERS
    beside = any(0 <= j < n and any(c.isdigit() for c in words[j]) for j in (start - 1, end))
    inside_confident = name in evidence.pieces
    contains_confident = any(piece in evidence.confident for piece in runs_of(name))
    names_kind = resources.names
    elsewhere, best_elsewhere = evidence.elsewhere(name, (index, start), kind)
    values = {
        "confidence": confidence,
        "confidence_logit": logit(confidence),
        "confident": float(confidence >= cut),
        "own_min": min(own),
        "own_mean": sum(own) / len(own),
        "label_min": min(label),
        "name_min": min(names),
        "extends_left": extends_left,
        "extends_right": extends_right,
        "best_other_kind": max(others, default=0.0),
        **{f"kind_{k}": float(k == kind) for k in KINDS},
        **{f"origin_{o}": float(o == origin) for o in ORIGINS},
        "words_1": float(length == 1),
        "words_2": float(length == 2),
        "words_3": float(length >= 3),
        "mentions": math.log(max(1, len(evidence.read(name)))),
        "mentions_confident_same": float(any(c >= cut for c in same)),
        "mentions_confident_other": float(any(c >= cut and k != kind for _, _, k, c in uses)),
        "mentions_best_same": max(same, default=0.0),
        "lower_elsewhere": lowered,
        "sentence_start": float(opener),
        "capitals_line": float(line.capitals),
        "short_line": float(line.short),
        "digit_share": line.digits,
        "digit_beside": float(beside),
        "inside_confident": float(inside_confident),
        "contains_confident": float(contains_confident),
        "first_name": float(names_kind.get(name[0].lower(), "").startswith("first")),
        "surname": float("last" in names_kind.get(name[-1].lower(), "")),
        "gazetteer_place": float(tuple(w.lower() for w in name) in resources.gazetteer),
        "common_word": float(name[0].lower() in resources.common),
        "acronym": float(all(w.isupper() and len(w) > 1 for w in capitalised) and bool(capitalised) and not line.capitals),
        "own_logit": logit(min(own)),
        "elsewhere": float(bool(elsewhere)),
        "elsewhere_same_mean": elsewhere.get(kind, 0.0),
        "elsewhere_same_max": best_elsewhere,
        "elsewhere_other_mean": max((v for k, v in elsewhere.items() if k != kind), default=0.0),
    }
    return tuple(values[f] for f in FEATURES)


def logit(p: float) -> float:
    """log(p / (1 - p)), clipped away from 0 and 1."""
    clipped = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(clipped / (1 - clipped))


def type_confidence(table: Table, start: int, end: int, kind: str) -> float:
    """The model's lowest probability over the words that they are of this type (B- and I- summed)."""
    return min(type_share(table, i, kind) for i in range(start, end))


def type_share(table: Table, i: int, kind: str) -> float:
    """The probability that word i is of this type, beginning a name or going on with one."""
    return table[kind][i]


def retypes(span: Span, table: Table) -> list[str]:
    """The other types the model gives the span's words some probability of."""
    return [k for k in KINDS if k != span[2] and type_confidence(table, span[0], span[1], k) >= RETYPE_FLOOR]


def runs_of(name: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The runs of consecutive words of a name, shorter than the name."""
    return {name[i:j] for i in range(len(name)) for j in range(i + 1, len(name) + 1) if j - i < len(name)}
