"""The trained CRF: loaded lazily, once per process, and applied to documents of sentences."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from .conll import spans, to_iob2
from .features import MODEL_DIR, DocStats, Resources, sentence_features

MODEL_FILE = MODEL_DIR / "ner.crfsuite"
# An entity is kept only when every token's predicted label has at least this marginal
# probability: the precision/recall trade-off, tuned on the validation split.
THRESHOLD = 0.5

_lock = threading.Lock()
_tagger: Tagger | None = None


class Tagger:
    """A CRF tagger with its feature resources."""

    def __init__(self, model_dir: Path = MODEL_DIR, threshold: float = THRESHOLD) -> None:
        import pycrfsuite

        self.resources = Resources.load(model_dir)
        self.crf = pycrfsuite.Tagger()
        self.crf.open(str(model_dir / MODEL_FILE.name))
        self.resources.restrict(attr for attr, _ in self.crf.info().state_features)
        self.threshold = threshold

    def tag_document(self, sentences: Sequence[Sequence[str]], threshold: float | None = None) -> list[list[str]]:
        """IOB2 tags per sentence, low-confidence entities dropped to O."""
        stats = DocStats.of(sentences)
        cut = self.threshold if threshold is None else threshold
        return [self.tag_sentence(words, stats, cut) for words in sentences]

    def tag_sentence(self, words: Sequence[str], stats: DocStats | None, threshold: float) -> list[str]:
        if not words:
            return []
        raw = self.crf.tag(sentence_features(words, self.resources, stats))
        tags = to_iob2(raw)  # Viterbi may still string B-PER I-ORG together
        if threshold <= 0:
            return tags
        for start, end, _ in spans(tags):
            if min(self.crf.marginal(raw[i], i) for i in range(start, end)) < threshold:
                tags[start:end] = ["O"] * (end - start)
        return tags

    def entity_spans(self, sentences: Sequence[Sequence[str]], stats: DocStats | None = None, threshold: float | None = None) -> list[list[tuple[int, int, str, float]]]:
        """Per sentence, each entity's (start, end, type, confidence): the lowest marginal of its
        tokens' labels. Entities below the threshold are left out."""
        stats = stats or DocStats.of(sentences)
        cut = self.threshold if threshold is None else threshold
        found: list[list[tuple[int, int, str, float]]] = []
        common = self.resources.common
        for words in sentences:
            kept: list[tuple[int, int, str, float]] = []
            # A sentence with no capital past a common first word has no name to find: skip it.
            if words and (any(w[:1].isupper() for w in words[1:]) or words[0].lower() not in common):
                tags = self.crf.tag(sentence_features(words, self.resources, stats))
                for start, end, kind in spans(tags):
                    confidence = min(self.crf.marginal(tags[i], i) for i in range(start, end))
                    if confidence >= cut:
                        kept.append((start, end, kind, confidence))
            found.append(kept)
        return found

    def marginals(self, words: Sequence[str], stats: DocStats | None) -> tuple[list[str], list[float]]:
        """Predicted tags and each one's marginal probability (for tuning the threshold)."""
        tags = self.crf.tag(sentence_features(words, self.resources, stats))
        return list(tags), [self.crf.marginal(t, i) for i, t in enumerate(tags)]


def get_tagger() -> Tagger:
    """The process-wide tagger, loaded on first use."""
    global _tagger
    if _tagger is None:
        with _lock:
            if _tagger is None:
                _tagger = Tagger()
    return _tagger
