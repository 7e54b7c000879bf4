"""CoNLL-2003 files: read documents, tag them in the conlleval layout, score entity-level P/R/F1."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .features import CLUSTERS_FILE, MODEL_DIR

if TYPE_CHECKING:
    from .recognise import Tagger

SCORED_TYPES = ("PER", "ORG", "LOC")
# tag-conll's own model: the shipped recipe trained on the CoNLL-2003 training and validation
# splits, a second stage over its reading of the document, and their judge; the feature
# resources are the article model's, beside it.
CONLL_MODEL_DIR = MODEL_DIR / "conll"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: the tokens, and the gold IOB tags (the last column of each line)."""

    words: tuple[str, ...]
    gold: tuple[str, ...]


def read_conll(path: Path) -> list[list[Sentence]]:
    """Documents (split at -DOCSTART-) of sentences; a file without DOCSTART is one document."""
    return list(parse_conll(path.read_text(encoding="utf-8").splitlines()))


def parse_conll(lines: Iterable[str]) -> Iterator[list[Sentence]]:
    """The non-empty documents of CoNLL lines."""
    return (doc for doc, _ in split_documents(lines) if doc)


def to_iob2(tags: Sequence[str]) -> list[str]:
    """Repair IOB1 or stray I- tags into IOB2 (every entity starts with B-)."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and (prev == "O" or prev[2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of each entity in an IOB2 sequence; end is exclusive."""
    found: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" and start < 0:
            continue  # most words: no entity to close or open
        if start >= 0 and not (tag.startswith("I-") and tag[2:] == kind):
            found.append((start, i, kind))
            start = -1
        if tag.startswith("B-") or (tag.startswith("I-") and start < 0):
            start, kind = i, tag[2:]
    return found


@dataclass(frozen=True, slots=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return f"P {self.precision:.4f} R {self.recall:.4f} F1 {self.f1:.4f} (tp {self.tp} fp {self.fp} fn {self.fn})"


def score(gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]], types: Sequence[str] = SCORED_TYPES) -> Score:
    """Entity-level exact-match micro scores over the given types."""
    tp = fp = fn = 0
    for g, p in zip(gold, predicted, strict=True):
        gs = {s for s in spans(to_iob2(g)) if s[2] in types}
        ps = {s for s in spans(to_iob2(p)) if s[2] in types}
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    return Score(tp, fp, fn)


def tag_conll(lines: Iterable[str], threshold: float | None = None, model_dir: Path | None = None) -> Iterator[str]:
    """The conlleval layout for CoNLL input: 'token gold predicted' per token line, a blank line
    after each sentence; -DOCSTART- lines are kept (tagged O) and start a new document, whose
    sentences are tagged together. `model_dir` tags with another trained model (a candidate, or
    the article model's folder); one without feature resources reads the article model's."""
    from .recognise import Tagger

    if model_dir is None:
        tagger = conll_tagger()
    else:
        tagger = Tagger(model_dir, resource_dir=None if (model_dir / CLUSTERS_FILE.name).is_file() else MODEL_DIR)
    for doc, starts in split_documents(lines):
        if starts:
            yield "-DOCSTART- O O"
            yield ""
        predicted = tagger.tag_document([s.words for s in doc], threshold) if doc else []
        yield from conlleval_lines([doc], [predicted])


@cache
def conll_tagger() -> Tagger:
    """tag-conll's own model (both stages) with its judge, read once per process; the feature
    resources are the article model's (the folder holds only the weights and the judge)."""
    from .recognise import Tagger

    return Tagger(CONLL_MODEL_DIR, resource_dir=MODEL_DIR)


def split_documents(lines: Iterable[str]) -> Iterator[tuple[list[Sentence], bool]]:
    """(sentences, whether a -DOCSTART- line opened the document) in input order."""
    doc: list[Sentence] = []
    starts = False
    words: list[str] = []
    gold: list[str] = []
    for line in [*lines, ""]:
        parts = line.split()
        if parts and parts[0] == "-DOCSTART-":
            if words:
                doc.append(Sentence(tuple(words), tuple(gold)))
                words, gold = [], []
            if doc or starts:
                yield doc, starts
            doc, starts = [], True
        elif parts:
            words.append(parts[0])
            gold.append(parts[-1] if len(parts) > 1 else "O")
        elif words:
            doc.append(Sentence(tuple(words), tuple(gold)))
            words, gold = [], []
    if doc or starts:
        yield doc, starts


def conlleval_lines(docs: Sequence[Sequence[Sentence]], predicted: Sequence[Sequence[Sequence[str]]]) -> Iterator[str]:
    """token gold predicted, one token a line, a blank line after each sentence."""
    for doc, tags in zip(docs, predicted, strict=True):
        for sentence, pred in zip(doc, tags, strict=True):
            for word, gold, tag in zip(sentence.words, sentence.gold, pred, strict=True):
                yield f"{word} {gold} {tag}"
            yield ""
