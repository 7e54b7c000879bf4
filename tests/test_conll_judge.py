"""The judge of whole documents' spans (doc_judge.py): which candidates it keeps, how a model
folder with a judge tags documents, and that training (numpy) and tagging (pure Python) agree."""

from __future__ import annotations

import importlib.util
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from newsarchive.entities.conll import CONLL_MODEL_DIR, conll_tagger, read_conll, spans
from newsarchive.entities.doc_judge import FEATURES, JUDGE_NAME, Candidate, SpanJudge, choose, model_digest
from newsarchive.entities.features import MODEL_DIR
from newsarchive.entities.recognise import DOCUMENT_THRESHOLD, Tagger, get_tagger
from newsarchive.entities.stacking import STAGE2_FILE

from .conftest import ROOT, shared_path

# Written for these tests: a name the tagger doubts ('Nomura'), one it types wrongly
# ('Salomon'), a name it finds again ('Bundesbank'), a line in capitals.
DOCUMENT = [
    "The Bundesbank left rates unchanged on Thursday , Bundesbank officials said in Frankfurt .".split(),
    "Analysts at Nomura and Salomon said the Bundesbank move was expected .".split(),
    "NOMURA SEES NO CHANGE".split(),
]
CRICKET = [
    "Mullally takes four wickets as Leicestershire beat Surrey .".split(),
    "Alan Mullally took four wickets for 37 runs at Grace Road on Friday .".split(),
    "Bowling : Lewis 23-3-112-0 , Mullally 37.1-7-97-3 , Croft 10-2-30-0 .".split(),
]


def load_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("train_conll_judge", ROOT / "scripts" / "train_conll_judge.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def candidate(kind: str, confidence: float, origin: str = "viterbi", start: int = 0) -> Candidate:
    return Candidate(0, start, start + 1, kind, confidence, origin, ())


# (candidates with their probabilities, keep, doubt, the (start, kind) kept)
CHOICES = [
    ([(candidate("ORG", 0.9), 0.1)], 0.6, None, {(0, "ORG")}),  # a span at the threshold stays unjudged
    ([(candidate("ORG", 0.9), 0.4)], 0.6, 0.5, set()),  # ... unless doubted
    ([(candidate("ORG", 0.9), 0.55)], 0.6, 0.5, {(0, "ORG")}),  # the doubt, not the keep, applies to it
    ([(candidate("ORG", 0.5), 0.7)], 0.6, None, {(0, "ORG")}),  # a doubted span the judge keeps
    ([(candidate("ORG", 0.5), 0.5)], 0.6, None, set()),  # ... or drops
    ([(candidate("ORG", 0.05), 0.99)], 0.6, None, set()),  # under the floor: never read
    ([(candidate("ORG", 0.5), 0.3), (candidate("PER", 0.4, "retyped"), 0.9)], 0.6, None, set()),  # no retyping without doubt
    ([(candidate("PER", 0.9), 0.6), (candidate("ORG", 0.3, "retyped"), 0.8)], 0.6, 0.5, {(0, "ORG")}),  # the likelier type wins
    ([(candidate("PER", 0.9), 0.8), (candidate("ORG", 0.3, "retyped"), 0.7)], 0.6, 0.5, {(0, "PER")}),
    ([(candidate("LOC", 0.5, start=0), 0.7), (candidate("LOC", 0.6, start=3), 0.2)], 0.6, None, {(0, "LOC")}),
]


@pytest.mark.parametrize(("scored", "keep", "doubt", "expected"), CHOICES)
def test_choose(scored: list[tuple[Candidate, float]], keep: float, doubt: float | None, expected: set[tuple[int, str]]) -> None:
    kept = choose([c for c, _ in scored], [p for _, p in scored], keep, doubt, 0.1, DOCUMENT_THRESHOLD)
    assert {(c.start, c.kind) for c in kept} == expected


def judge_data(bias: float, keep: float, doubt: float | None, floor: float = 0.1, features: tuple[str, ...] = FEATURES) -> dict:
    """A judge of no weights: every candidate gets the probability of its bias."""
    n = len(features)
    return {"features": list(features), "means": [0.0] * n, "scales": [1.0] * n, "weights": [0.0] * n, "bias": bias, "floor": floor, "keep": keep, "doubt": doubt}


@pytest.mark.parametrize(("data", "loads"), [
    (judge_data(0.0, 0.5, None), True),
    (judge_data(0.0, 0.5, 0.4), True),
    (judge_data(0.0, 0.5, None, features=FEATURES[:-1]), False),  # trained on other features
    (None, False),  # no file
])
def test_load(tmp_path: Path, data: dict | None, loads: bool) -> None:
    path = tmp_path / JUDGE_NAME
    if data is not None:
        path.write_text(json.dumps(data), encoding="utf-8")
    assert (SpanJudge.load(path) is not None) == loads


def copy_model(folder: Path) -> Path:
    """The shipped model's weights and resources, without its judge, copied into `folder`."""
    folder.mkdir(exist_ok=True)
    for path in MODEL_DIR.iterdir():
        if path.suffix in (".tsv", ".crfsuite"):
            shutil.copy(path, folder / path.name)
    return folder


def model_with_judge(folder: Path, data: dict) -> Tagger:
    """A tagger of the shipped model with this judge beside it."""
    (copy_model(folder) / JUDGE_NAME).write_text(json.dumps(data), encoding="utf-8")
    return Tagger(folder)


def spans_of(tags: list[list[str]], document: list[list[str]]) -> set[tuple[int, str, str]]:
    """(sentence, words, type) of each entity the tags give."""
    return {(i, " ".join(words[s:e]), k) for i, (row, words) in enumerate(zip(tags, document, strict=True)) for s, e, k in spans(row)}


@pytest.mark.parametrize("document", [DOCUMENT, CRICKET])
@pytest.mark.parametrize(("bias", "keep", "doubt", "floor", "expect"), [
    (-5.0, 0.5, None, 0.1, "threshold"),  # keeps nothing new: the threshold's own tags
    (5.0, 0.5, None, 0.5, "floor"),  # keeps everything: every span at the floor
    (-5.0, 0.5, 0.5, 0.1, "nothing"),  # doubts everything: no entity
])
def test_tagging_with_judge(tmp_path: Path, document: list[list[str]], bias: float, keep: float, doubt: float | None, floor: float, expect: str) -> None:
    tagger = model_with_judge(tmp_path, judge_data(bias, keep, doubt, floor))
    shipped = Tagger(copy_model(tmp_path / "plain"))  # the shipped model, decoding by its threshold alone
    assert shipped.judge is None
    got = spans_of(tagger.tag_document(document), document)
    if expect == "threshold":
        assert got == spans_of(shipped.tag_document(document), document)
    elif expect == "floor":
        wanted = {(c.sentence, " ".join(document[c.sentence][c.start : c.end]), c.kind) for c in shipped.document_candidates(document, floor, judge_all=False)}
        assert got == wanted
        assert got >= spans_of(shipped.tag_document(document), document)
        assert document is not DOCUMENT or (1, "Nomura", "ORG") in got  # the doubted name comes in
    else:
        assert got == set()


@pytest.mark.parametrize("document", [DOCUMENT, CRICKET])
def test_candidates_hold_the_threshold_decoding(document: list[list[str]]) -> None:
    """The candidates at the document threshold are exactly the spans the tagger keeps without a
    judge, and the features say what the candidates are."""
    tagger = get_tagger()
    candidates = tagger.document_candidates(document, 0.1)
    sure = {(c.sentence, " ".join(document[c.sentence][c.start : c.end]), c.kind) for c in candidates if c.origin != "retyped" and c.confidence >= DOCUMENT_THRESHOLD}
    assert sure == spans_of(tagger.tag_document(document), document)
    index = {name: i for i, name in enumerate(FEATURES)}
    for c in candidates:
        assert c.features[index["confident"]] == float(c.confidence >= DOCUMENT_THRESHOLD)
        assert c.features[index[f"kind_{c.kind}"]] == 1.0
        assert c.features[index[f"origin_{c.origin}"]] == 1.0
        assert c.features[index["capitals_line"]] == float(c.sentence == 2 and document is DOCUMENT)
        name = tuple(document[c.sentence][c.start : c.end])
        uses = sum(1 for words in document for i in range(len(words)) if tuple(words[i : i + len(name)]) == name)
        assert math.isclose(c.features[index["mentions"]], math.log(uses))


@pytest.mark.parametrize(("document", "name", "origin"), [
    (DOCUMENT, "Bundesbank", "repeat"),  # its second mention, found again from the first
    (CRICKET, "Mullally", "repeat"),  # a lone surname of a person named in full
    (DOCUMENT, "Salomon", "retyped"),  # typed a person; its words proposed as an organisation too
])
def test_origins(document: list[list[str]], name: str, origin: str) -> None:
    candidates = get_tagger().document_candidates(document, 0.1)
    assert origin in {c.origin for c in candidates if " ".join(document[c.sentence][c.start : c.end]) == name}


def test_training_and_tagging_agree(tmp_path: Path) -> None:
    """The script's numpy judge and the tagger's pure-Python one give the same probabilities, and
    the fit is the same on every run."""
    script = load_script()
    rng = np.random.default_rng(7)
    x = rng.normal(size=(400, len(FEATURES)))
    y = (x[:, 0] + 0.5 * x[:, 3] + rng.normal(scale=0.5, size=400) > 0).astype(float)
    model = script.fit(x, y, 1.0)
    assert all(np.array_equal(a, b) for a, b in zip(model[:3], script.fit(x, y, 1.0)[:3], strict=True))
    means, scales, weights, bias = model
    judge = SpanJudge(tuple(means), tuple(scales), tuple(weights), bias, 0.1, 0.5, None)
    expected = script.predict(model, x[:20])
    assert [round(judge.probability(row), 9) for row in x[:20]] == [round(float(p), 9) for p in expected]
    assert ((script.predict(model, x) > 0.5) == (y == 1)).mean() > 0.8  # it learned the rule


# tag-conll's own model (trained on both CoNLL splits) and the article model (training split),
# each beside the judge trained for it.
TAGGERS = [(conll_tagger, CONLL_MODEL_DIR), (get_tagger, MODEL_DIR)]


@pytest.mark.parametrize(("tagger", "folder"), TAGGERS)
def test_each_shipped_model_judges_its_doubted_spans(tagger, folder: Path) -> None:  # type: ignore[no-untyped-def]
    judge = tagger().judge  # the shipped configuration: spans under the threshold judged, the others kept
    assert judge is not None
    assert judge.doubt is None and judge.floor < judge.keep < DOCUMENT_THRESHOLD
    assert tagger().model_dir == folder
    recorded = json.loads((folder / JUDGE_NAME).read_text(encoding="utf-8"))
    assert recorded["model"] == model_digest(folder / "ner.crfsuite")
    assert recorded.get("stage2") == model_digest(folder / STAGE2_FILE)  # tag-conll's pair; none for articles


def test_tag_conll_reads_its_own_model_and_the_article_tagger_does_not() -> None:
    assert model_digest(CONLL_MODEL_DIR / "ner.crfsuite") != model_digest(MODEL_DIR / "ner.crfsuite")
    assert conll_tagger().judge != get_tagger().judge
    assert not (CONLL_MODEL_DIR / "clusters.tsv").exists()  # the resources are the article model's, not copied
    assert conll_tagger().resources.gazetteer == get_tagger().resources.gazetteer
    assert conll_tagger().stage2 is not None and get_tagger().stage2 is None  # the second stage is tag-conll's alone


@pytest.mark.parametrize(("model_bytes", "loads"), [
    (None, True),  # the shipped model beside its judge
    (b"another model", False),  # a model retrained since: its judge is stale
])
def test_a_judge_is_read_only_beside_its_model(tmp_path: Path, model_bytes: bytes | None, loads: bool) -> None:
    folder = copy_model(tmp_path / "model")
    shutil.copy(MODEL_DIR / JUDGE_NAME, folder / JUDGE_NAME)
    if model_bytes is not None:
        (folder / "ner.crfsuite").write_bytes(model_bytes)
    assert (SpanJudge.load(folder / JUDGE_NAME) is not None) == loads


def test_the_folds_over_both_splits_keep_the_training_folds() -> None:
    """With the validation split, the documents come in the order the shipped recipe trains them
    (training split, then validation), and a training document keeps its fold."""
    script = load_script()
    data = shared_path("eval", "ner")
    both = script.split_documents(data, True)
    alone = script.split_documents(data, False)
    assert [d for _, _, d in both] == read_conll(data / "conll2003_train.txt") + read_conll(data / "conll2003_valid.txt")
    assert both[: len(alone)] == alone
    assert {split for split, _, _ in both} == {"train", "valid"}
    assert [script.fold_of(i) for split, i, _ in both if split == "valid"][:6] == [0, 1, 2, 3, 4, 0]


def dumped(fold: int, doc: int, confidence: float, right: bool, split: str) -> dict:
    """A dumped candidate row: a one-word organisation with features that say only its confidence."""
    features = [confidence] + [0.0] * (len(FEATURES) - 1)
    return {"fold": fold, "doc": doc, "sentence": 0, "start": 0, "end": 1, "kind": "ORG", "confidence": confidence,
            "origin": "viterbi", "features": features, "right": right, "split": split}


# (split scored, the threshold's (tp, fp, fn) summed over the folds)
SPLIT_SCORES = [("train", (5, 5, 5)), ("valid", (5, 0, 5))]


@pytest.mark.parametrize(("split", "expected"), SPLIT_SCORES)
def test_compare_scores_one_split(tmp_path: Path, split: str, expected: tuple[int, int, int]) -> None:
    """Each fold's training document holds a right and a wrong confident span and a doubted right
    one; its validation document a right confident one and a doubted right one (two gold names
    each): the threshold counts one split's alone, and the judge keeps at least what it keeps."""
    script = load_script()
    rows = []
    for fold in range(script.FOLDS):
        rows += [dumped(fold, 2 * fold, 0.9, True, "train"), {**dumped(fold, 2 * fold, 0.8, False, "train"), "start": 1, "end": 2},
                 {**dumped(fold, 2 * fold, 0.3, True, "train"), "start": 2, "end": 3},
                 dumped(fold, 2 * fold + 1, 0.95, True, "valid"), {**dumped(fold, 2 * fold + 1, 0.4, True, "valid"), "start": 1, "end": 2}]
    (tmp_path / "candidates.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    splits = {s: {str(f): {"ORG": 2} for f in range(script.FOLDS)} for s in ("train", "valid")}
    gold = {**{str(f): {"ORG": 4} for f in range(script.FOLDS)}, "splits": splits}
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    scores = script.split_scores(tmp_path, 1.0, 0.5, split)
    threshold = scores["threshold"]
    assert (sum(s.tp for s in threshold), sum(s.fp for s in threshold), sum(s.fn for s in threshold)) == expected
    assert all(j.tp >= t.tp and j.tp + j.fn == t.tp + t.fn for j, t in zip(scores["judge"], threshold, strict=True))
