"""The trained CRF: loaded lazily, once per process, and applied to documents of sentences."""

from __future__ import annotations

import struct
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from .conll import spans, to_iob2
from .doc_judge import JUDGE_NAME, Candidate, SpanJudge, document_candidates, marginal_table, span_origins
from .features import MODEL_DIR, DocStats, Resources, sentence_features
from .stacking import STAGE2_FILE, SURE_FIRST, StageOne, guarded_spans, joined, stacked_features

MODEL_FILE = MODEL_DIR / "ner.crfsuite"
# An entity is kept only when every token's predicted label has at least this marginal
# probability: the precision/recall trade-off, tuned on the validation split.
THRESHOLD = 0.6
# Whole documents tagged on their own (CoNLL files) keep a higher floor: their repeated mentions
# are found again from the confident ones, which gives back the recall (tuned on validation).
DOCUMENT_THRESHOLD = 0.7
KINDS = ("PER", "ORG", "LOC", "MISC")
Span = tuple[int, int, str, float]
# Words that join an organisation's name to its complement ('Institute for Astrophysics',
# 'Monthly Notices of the Royal Astronomical Society'), the words that open a complement, and
# the words that list its parts ('Department for Education and Skills').
ORGANISATION_LINKS = ("of", "for", "the")
COMPLEMENT_OPENERS = ("of", "for")
COMPLEMENT_LINKS = ("and", "&", ",")

_lock = threading.Lock()
_tagger: Tagger | None = None


class Tagger:
    """A CRF tagger with its feature resources; with a second-stage model beside it (tag-conll's
    folder only), whole documents are tagged by the second CRF over the first one's reading."""

    def __init__(self, model_dir: Path = MODEL_DIR, threshold: float = THRESHOLD, resource_dir: Path | None = None) -> None:
        """The model (a second stage and a judge, when they lie beside it) of model_dir; the feature
        resources of resource_dir when given (a model folder sharing another's clusters and gazetteer)."""
        import pycrfsuite

        self.resources = Resources.load(resource_dir or model_dir)
        self.crf = pycrfsuite.Tagger()
        self.crf.open(str(model_dir / MODEL_FILE.name))
        # The attributes the models have features for, read from the model files themselves
        # (Tagger.info() would dump the whole model into a temporary file to learn them).
        known = model_attributes(model_dir / MODEL_FILE.name)
        self.stage2: pycrfsuite.Tagger | None = None
        if (model_dir / STAGE2_FILE).is_file():
            self.stage2 = pycrfsuite.Tagger()
            self.stage2.open(str(model_dir / STAGE2_FILE))
            known = known + model_attributes(model_dir / STAGE2_FILE)
        self.resources.restrict(known)
        self.threshold = threshold
        self.labels = tuple(self.crf.labels())
        self.stage2_labels = tuple(self.stage2.labels()) if self.stage2 is not None else self.labels
        self.model_dir = model_dir
        self.sure_first = SURE_FIRST  # the guard of the first stage's sure names (two stages only)

    @cached_property
    def judge(self) -> SpanJudge | None:
        """The judge of whole documents' doubted spans, when one was trained for this model: read
        on first use, so taggers of articles (which never use it) do not read and digest the model."""
        return SpanJudge.load(self.model_dir / JUDGE_NAME)

    def tag_document(self, sentences: Sequence[Sequence[str]], threshold: float | None = None, consistent: bool = True, repeats: bool = True) -> list[list[str]]:
        """IOB2 tags per sentence: a person's lone surname typed as that person, a confident
        name's missed mentions found again, then entities below the threshold dropped to O (at
        the document threshold, with a judge beside the model, the entities the judge keeps)."""
        cut = DOCUMENT_THRESHOLD if threshold is None else threshold
        judge = self.judge if threshold is None and consistent and repeats else None
        tagged: list[list[str]] = [["O"] * len(words) for words in sentences]
        if judge is not None:
            candidates = self.document_candidates(sentences, judge.floor, judge.doubt is not None)
            kept = [(c.sentence, c.start, c.end, c.kind) for c in judge.chosen(candidates, cut)]
        else:
            found = self.document_spans(sentences, cut, consistent, repeats)[0]
            kept = [(i, start, end, kind) for i, spans_ in enumerate(found) for start, end, kind, confidence in spans_ if confidence >= cut]
        for i, start, end, kind in kept:
            tagged[i][start:end] = ["B-" + kind] + ["I-" + kind] * (end - start - 1)
        return tagged

    def document_spans(self, sentences: Sequence[Sequence[str]], cut: float, consistent: bool = True, repeats: bool = True, tables: list[dict[str, list[float]]] | None = None, stats: DocStats | None = None) -> tuple[list[list[Span]], list[list[Span]], list[dict[tuple[int, int], str]]]:
        """The document's spans after its evidence (surnames typed, mentions found again), the
        decoder's spans before it, and which of those are confident parts of a doubted span; with
        tables, every label's marginals per sentence are appended to it (for the judge; empty for
        a sentence with no span and no capital or digit, where no name can be found again)."""
        stats = stats or DocStats.of(sentences)
        scored: list[list[Span]] = []
        parts: list[dict[tuple[int, int], str]] = []
        crf, labels = (self.crf, self.labels) if self.stage2 is None else (self.stage2, self.stage2_labels)
        first, stage2_features = self.second_stage_features(sentences, stats)
        for number, (words, feats) in enumerate(zip(sentences, stage2_features, strict=True)):
            found, cut_up = self.sentence_spans(words, stats, cut, crf, feats)
            if first is not None:
                found = guarded_spans(found, first[number], self.sure_first)
                cut_up = [span for span in cut_up if span in found]
            scored.append(found)
            parts.append({span[:2]: "part" for span in cut_up})
            if tables is not None:
                tables.append(marginal_table(crf, labels, len(words)) if found or any(map(name_word, words)) else {})
        found = scored
        if consistent:
            found = type_surnames(sentences, found)
            if repeats:
                found = find_repeats(sentences, found, cut)
        return found, scored, parts

    def second_stage_features(self, sentences: Sequence[Sequence[str]], stats: DocStats) -> tuple[list[StageOne] | None, list[list[list[str]] | None]]:
        """The first stage's reading of the document and each sentence's features for the second
        stage (its own and that reading); None and None each without a second stage."""
        if self.stage2 is None:
            return None, [None] * len(sentences)
        features = self.document_features(sentences, stats)
        first = self.first_stage(features)
        return first, [joined(f, e) for f, e in zip(features, stacked_features(sentences, first), strict=True)]

    def document_features(self, sentences: Sequence[Sequence[str]], stats: DocStats | None = None) -> list[list[list[str]]]:
        """Every sentence's first-stage features (none for an empty sentence)."""
        stats = stats or DocStats.of(sentences)
        return [sentence_features(words, self.resources, stats) if words else [] for words in sentences]

    def first_stage(self, features: Sequence[Sequence[Sequence[str]]]) -> list[StageOne]:
        """The first CRF's IOB2 tags and their marginals, sentence by sentence (from their features):
        what the second stage reads, in training (out of fold) and in tagging alike."""
        out: list[StageOne] = []
        for feats in features:
            if not feats:
                out.append(StageOne.empty(0))
                continue
            raw = self.crf.tag(feats)
            out.append(StageOne(tuple(to_iob2(raw)), tuple(self.crf.marginal(tag, i) for i, tag in enumerate(raw))))
        return out

    def document_candidates(self, sentences: Sequence[Sequence[str]], floor: float, judge_all: bool = True) -> list[Candidate]:
        """Every span of the document at or above the floor, with the judge's features (and with
        judge_all, its words with their other likely types; without, spans at the threshold come
        without features: they are kept unjudged)."""
        tables: list[dict[str, list[float]]] = []
        stats = DocStats.of(sentences)
        final, scored, parts = self.document_spans(sentences, DOCUMENT_THRESHOLD, tables=tables, stats=stats)
        origins = span_origins(scored, parts, final)
        return document_candidates(sentences, final, origins, tables, self.resources, stats, DOCUMENT_THRESHOLD, floor, judge_all)

    def scored_spans(self, words: Sequence[str], stats: DocStats | None, cut: float | None = None) -> list[Span]:
        """Each entity's (start, end, type, lowest marginal of its tokens' labels); with a cut, an
        entity under it gives way to the confident names inside it (`confident_parts`)."""
        return self.sentence_spans(words, stats, cut)[0]

    def sentence_spans(self, words: Sequence[str], stats: DocStats | None, cut: float | None = None, crf: Any = None, feats: Sequence[Sequence[str]] | None = None) -> tuple[list[Span], list[Span]]:
        """`scored_spans`, and which of them are confident parts of a doubted entity (by `crf`
        over `feats` when given: the second stage; else the first over the sentence's features)."""
        if not words:
            return [], []
        crf = crf or self.crf
        raw = crf.tag(feats if feats is not None else sentence_features(words, self.resources, stats))
        tags = to_iob2(raw)  # Viterbi may still string B-PER I-ORG together
        found: list[Span] = []
        cut_up: list[Span] = []
        for start, end, kind in spans(tags):
            confidence = min(crf.marginal(raw[i], i) for i in range(start, end))
            if cut is None or confidence >= cut:
                found.append((start, end, kind, confidence))
            else:
                parts = [part[:4] for part in self.confident_parts(words, raw, start, end, cut, crf.marginal)]
                found.extend(parts or [(start, end, kind, confidence)])
                cut_up.extend(parts)
        return found, cut_up

    def entity_spans(self, sentences: Sequence[Sequence[str]], stats: DocStats | None = None, threshold: float | None = None) -> list[list[tuple[int, int, str, float, float]]]:
        """Per sentence, each entity's (start, end, type, confidence, name confidence): the lowest
        marginal of its tokens' labels, and the lowest probability of its tokens not being O (that
        it is a name at all, whatever its type). An entity with neither reaching the threshold gives
        way to the confident names inside it (`confident_parts`)."""
        stats = stats or DocStats.of(sentences)
        cut = self.threshold if threshold is None else threshold
        found: list[list[tuple[int, int, str, float, float]]] = []
        common = self.resources.common
        marginal = self.crf.marginal
        for words in sentences:
            kept: list[tuple[int, int, str, float, float]] = []
            # A sentence with no capital past a common first word has no name to find: skip it.
            if words and (any(w[:1].isupper() for w in words[1:]) or words[0].lower() not in common):
                tags = self.crf.tag(sentence_features(words, self.resources, stats))
                for start, end, kind in spans(tags):
                    confidence = min(marginal(tags[i], i) for i in range(start, end))
                    name = min(1.0 - marginal("O", i) for i in range(start, end))
                    if max(confidence, name) >= cut:
                        kept.append((start, end, kind, confidence, name))
                    else:
                        kept.extend(self.confident_parts(words, tags, start, end, cut))
            found.append(kept)
        return found

    def confident_parts(self, words: Sequence[str], tags: Sequence[str], start: int, end: int, cut: float, marginal: Callable[[str, int], float] | None = None) -> list[tuple[int, int, str, float, float]]:
        """The names inside a doubted entity when the model is sure of each on its own: the entity
        is cut at its doubted links ('Russia' + 'of' + 'Crimea') and each piece judged by its best
        type, B- and I- of that type summed per word (whether a word begins a name or goes on with
        one is no doubt about its type), lowest over the piece. One doubted piece leaves all out:
        the entity is then more likely one long name, its sure piece a fragment ('Muslim
        Association' of 'Muslim Association of Britain'). The marginals are the first CRF's unless given."""
        marginal = marginal or self.crf.marginal
        parts: list[tuple[int, int, str, float, float]] = []
        for first, last in name_pieces(words, tags, start, end, cut, marginal):
            confidence, kind = max((min(marginal("B-" + kind, i) + marginal("I-" + kind, i) for i in range(first, last)), kind) for kind in KINDS)
            if confidence < cut:
                return []
            parts.append((first, last, kind, confidence, min(1.0 - marginal("O", i) for i in range(first, last))))
        return parts

    def marginals(self, words: Sequence[str], stats: DocStats | None) -> tuple[list[str], list[float]]:
        """Predicted tags and each one's marginal probability (for tuning the threshold)."""
        tags = self.crf.tag(sentence_features(words, self.resources, stats))
        return list(tags), [self.crf.marginal(t, i) for i, t in enumerate(tags)]


def name_pieces(words: Sequence[str], tags: Sequence[str], start: int, end: int, cut: float, marginal: Callable[[str, int], float]) -> list[tuple[int, int]]:
    """The runs of an entity's words between its doubted links, the words with no capital or
    digit that the model doubts are of the entity's type (a connector, 'of' in 'Russia of
    Crimea'; not 'van' of 'van der Walt'). An organisation's name runs over its own links
    ('Institute for Astrophysics'), and past them over the words that list its complements
    ('Department for Education and Skills'): a doubt there is about its extent. A run is trimmed
    to its capitalised words (sure lower-case words before them kept); runs with none are left out."""
    kind = tags[start][2:]
    links = ORGANISATION_LINKS if kind == "ORG" else ()
    sure = [name_word(words[i]) or marginal("B-" + kind, i) + marginal("I-" + kind, i) >= cut for i in range(start, end)]
    pieces: list[tuple[int, int]] = []
    first = start
    for i in range(start, end + 1):
        if i < end and (sure[i - start] or words[i].lower() in links):
            if links and words[i].lower() in COMPLEMENT_OPENERS:
                links = ORGANISATION_LINKS + COMPLEMENT_LINKS
            continue
        named = [j for j in range(first, i) if name_word(words[j])]
        if any(words[j][:1].isupper() for j in named):
            lead = named[0]
            while lead > first and sure[lead - 1 - start]:
                lead -= 1
            pieces.append((lead, named[-1] + 1))
        first = i + 1
    return pieces


def name_word(word: str) -> bool:
    """A word with a capital or a digit in it: part of a name, never a link between two."""
    return any(c.isupper() or c.isdigit() for c in word)


def model_attributes(path: Path) -> list[str]:
    """The attribute names of a CRFsuite model file ('w=eu', 'sh=X'): the strings of its
    attribute dictionary, in id order. CRFsuite saves only attributes that some kept feature
    uses, so these are exactly the attributes of the model's state features.

    The file (crf1d model, little-endian): a 48-byte header whose tenth word is the offset of
    the attribute dictionary, a CQDB ('CQDB', size, flag, byte order, record count, offset of
    the id → record table); each record is its id, key size and the NUL-terminated key."""
    data = path.read_bytes()
    magic, _, kind, _, _, _, count, _, _, offset, _, _ = struct.unpack_from("<4s4s4s9I", data, 0)
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError(f"{path.name}: not a CRFsuite CRF1d model")
    chunk, _, _, _, records, table = struct.unpack_from("<4s5I", data, offset)
    if chunk != b"CQDB" or records != count:
        raise ValueError(f"{path.name}: attribute dictionary not found")
    attributes: list[str] = []
    for position in struct.unpack_from(f"<{records}I", data, offset + table):
        _, size = struct.unpack_from("<2I", data, offset + position)
        start = offset + position + 8
        attributes.append(data[start : start + size - 1].decode("utf-8"))
    return attributes


def type_surnames(sentences: Sequence[Sequence[str]], found: list[list[tuple[int, int, str, float]]]) -> list[list[tuple[int, int, str, float]]]:
    """A lone word the model typed an organisation or place that ends a person's full name
    elsewhere in the document is that person. (Relabelling names by the majority of their
    mentions' types, which this step once did, cost precision once mentions were found again.)"""
    surnames = {words[end - 1] for words, kept in zip(sentences, found, strict=True) for start, end, kind, _ in kept if kind == "PER" and end - start > 1}
    return [
        [(start, end, "PER" if end - start == 1 and kind in ("ORG", "LOC") and words[start] in surnames else kind, confidence) for start, end, kind, confidence in kept]
        for words, kept in zip(sentences, found, strict=True)
    ]


def find_repeats(sentences: Sequence[Sequence[str]], found: list[list[tuple[int, int, str, float]]], cut: float) -> list[list[tuple[int, int, str, float]]]:
    """Mentions the model missed or doubted of a name the document gives with confidence: the
    same capitalised words (or the last word of a person's full name; in a line all in capitals,
    the same words in capitals), where the model saw no entity or the same one with less
    confidence, take that name's type and confidence. A doubted entity of another type or extent
    is left to the threshold (it costs precision)."""
    known = confident_names(sentences, found, cut)
    if not known:
        return found
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    in_capitals: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for name in sorted(known, key=len, reverse=True):
        if name[0][:1].isupper():
            by_first[name[0]].append(name)
            in_capitals[name[0].upper()].append(name)
    repeated: list[list[tuple[int, int, str, float]]] = []
    for words, kept in zip(sentences, found, strict=True):
        added: list[tuple[int, int, str, float]] = []
        capitals = all(w.isupper() or not w[:1].isalpha() for w in words)
        i = 0
        while i < len(words):
            if capitals:
                match = next((n for n in in_capitals.get(words[i], ()) if tuple(w.upper() for w in n) == tuple(words[i : i + len(n)])), None)
            else:
                match = next((n for n in by_first.get(words[i], ()) if tuple(words[i : i + len(n)]) == n), None)
            if match is None:
                i += 1
                continue
            end = i + len(match)
            kind, confidence = known[match]
            overlap = {(s, e, k) for s, e, k, _ in kept if s < end and i < e}
            if overlap <= {(i, end, kind)}:
                added.append((i, end, kind, confidence))
            i = end
        if added:
            kept = sorted([k for k in kept if (k[0], k[1]) not in {(s, e) for s, e, _, _ in added}] + added)
        repeated.append(kept)
    return repeated


def confident_names(sentences: Sequence[Sequence[str]], found: list[list[tuple[int, int, str, float]]], cut: float) -> dict[tuple[str, ...], tuple[str, float]]:
    """Each name the document tags at or above the threshold, with its most confident type; then
    the last word of each person's full name, as that person, unless it is a name itself."""
    known: dict[tuple[str, ...], tuple[str, float]] = {}
    surnames: dict[tuple[str, ...], tuple[str, float]] = {}
    for words, kept in zip(sentences, found, strict=True):
        for start, end, kind, confidence in kept:
            if confidence < cut:
                continue
            name = tuple(words[start:end])
            if confidence > known.get(name, ("", 0.0))[1]:
                known[name] = (kind, confidence)
            if kind == "PER" and end - start > 1:
                surnames.setdefault((words[end - 1],), (kind, confidence))
    return {**surnames, **known}


def use_model(model_dir: Path) -> None:
    """Tag with the model in model_dir from now on in this process (a candidate being scored)."""
    global _tagger
    with _lock:
        _tagger = Tagger(model_dir)


def get_tagger() -> Tagger:
    """The process-wide tagger, loaded on first use."""
    global _tagger
    if _tagger is None:
        with _lock:
            if _tagger is None:
                _tagger = Tagger()
    return _tagger
