"""The second-stage CRF (stacking): the features it takes from the first stage's reading of the
document, its training, tag-conll's tagging through it, the article tagger that never reads it, and
the judge refused beside a second stage it was not trained for."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsarchive.entities.conll import Sentence, spans, tag_conll
from newsarchive.entities.doc_judge import FEATURES, JUDGE_NAME, SpanJudge, model_digest
from newsarchive.entities.features import MODEL_DIR
from newsarchive.entities.recognise import Tagger, get_tagger, model_attributes
from newsarchive.entities import recognise
from newsarchive.entities.stacking import STAGE2_FILE, SURE_FIRST, StageOne, bucket, guarded_spans, reading_rows, rows_reading, stacked_features
from newsarchive.entities.training import train_documents

PARAMS = {"max_iterations": 40, "c1": 0.0}  # no L1: the few documents keep every feature


def reading(tags: str, marginals: str) -> StageOne:
    """A first-stage reading from space-separated tags and marginals."""
    return StageOne(tuple(tags.split()), tuple(float(m) for m in marginals.split()))


@pytest.mark.parametrize(("value", "edges", "expected"), [
    (0.3, (0.5, 0.8, 0.95), "0"),
    (0.5, (0.5, 0.8, 0.95), "1"),
    (0.9, (0.5, 0.8, 0.95), "2"),
    (0.99, (0.5, 0.8, 0.95), "3"),
    (1, (1, 2, 4), "1"),
    (3, (1, 2, 4), "2"),
    (7, (1, 2, 4), "3"),
])
def test_bucket(value: float, edges: tuple[float, ...], expected: str) -> None:
    assert bucket(value, edges) == expected


# Two sentences: 'Smith' read as a person with confidence in the first, missed in the second.
SMITH = (
    [["John", "Smith", "spoke"], ["Smith", "left"]],
    [reading("B-PER I-PER O", "0.99 0.97 0.99"), reading("O O", "0.6 0.99")],
)


@pytest.mark.parametrize(("sentence", "token", "expected"), [
    (1, 0, ["dw=PER", "dwn=PER|1", "dwc=PER|3", "dwall=PER"]),  # the missed mention hears of the person
    (0, 1, ["dw=O", "dwn=O|1", "dwc=O|1", "dwall=O"]),  # the full name hears of the doubted mention
    (0, 0, []),  # a capitalised word the document gives once: nothing to hear
    (0, 2, []),  # a lower-case word: no word features
    (1, 1, []),
])
def test_a_word_hears_what_the_first_stage_said_of_it_elsewhere(sentence: int, token: int, expected: list[str]) -> None:
    assert stacked_features(*SMITH)[sentence][token] == expected


def test_a_name_hears_its_other_mentions_and_the_longer_names_that_hold_it() -> None:
    sentences = [["Hillary", "Clinton", "won"], ["Clinton", "said"], ["Clinton", "lost"]]
    first = [reading("B-PER I-PER O", "0.99 0.99 0.99"), reading("B-LOC O", "0.55 0.99"), reading("B-PER O", "0.9 0.99")]
    features = stacked_features(sentences, first)
    assert {"dn=PER", "dnall=PER", "dnn=PER|1", "dsup=PER", "dsupall=PER"} <= set(features[1][0])
    assert not any(f.startswith("dsup") for f in features[0][1])  # the longer name holds no longer one
    assert features[0][2] == []
    assert not any(f.startswith(("s1", "one")) for s in features for t in s for f in t)  # the first stage's own tag is left out


def test_the_majority_ties_go_by_name_and_a_name_among_outsides_is_marked() -> None:
    sentences = [["Apple"], ["Apple"], ["Apple"], ["Apple"]]
    first = [reading("O", "0.9"), reading("B-ORG", "0.9"), reading("O", "0.9"), reading("O", "0.9")]
    features = stacked_features(sentences, first)
    assert {"dw=O", "dwn=O|2", "dwe=ORG|1"} <= set(features[3][0])
    assert "dwall=O" not in features[3][0]
    tie = stacked_features([["Apple"], ["Apple"], ["Apple"]], [reading("B-ORG", "0.9"), reading("B-LOC", "0.9"), reading("B-ORG", "0.9")])
    assert "dw=LOC" in tie[0][0] and "dw=LOC" in tie[2][0]  # LOC and ORG once each: LOC by name
    assert "dw=ORG" in tie[1][0]


def test_readings_come_back_from_json_exactly() -> None:
    readings = [[reading("B-PER I-PER O", "0.9876543210123457 0.5 1.0")], [reading("O", "0.1"), StageOne.empty(0)]]
    assert rows_reading(json.loads(json.dumps(reading_rows(readings)))) == readings


def doc(*sentences: tuple[str, str]) -> list[Sentence]:
    """A document from (words, tags) pairs written as space-separated strings."""
    return [Sentence(tuple(w.split()), tuple(t.split())) for w, t in sentences]


DOCS = [
    doc(("Clinton met Yeltsin in Moscow", "B-PER O B-PER O B-LOC"), ("Yeltsin left", "B-PER O")),
    doc(("Yeltsin left Moscow", "B-PER O B-LOC"), ("Moscow is cold", "B-LOC O O")),
    doc(("Moscow Dynamo won", "B-ORG I-ORG O"), ("Dynamo lost", "B-ORG O")),
    doc(("Acme Corp said", "B-ORG I-ORG O"), ("Acme fell", "B-ORG O")),
] * 3


def as_kind(docs: list[list[Sentence]], kind: str) -> list[list[Sentence]]:
    """The documents with every entity's type made `kind`: a second stage that answers other than
    the first, to tell which of the two a tagger read."""
    return [[Sentence(s.words, tuple(t[:2] + kind if t != "O" else t for t in s.gold)) for s in d] for d in docs]


def first_readings(folder: Path, docs: list[list[Sentence]]) -> list[list[StageOne]]:
    tagger = Tagger(folder)
    return [tagger.first_stage(tagger.document_features([s.words for s in d])) for d in docs]


@pytest.fixture(scope="module")
def stacked_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model folder of both stages: the first trained on DOCS, the second on DOCS retyped MISC."""
    folder = tmp_path_factory.mktemp("stacked")
    for resource in MODEL_DIR.glob("*.tsv"):
        shutil.copy(resource, folder / resource.name)
    train_documents(DOCS, folder, PARAMS)
    train_documents(as_kind(DOCS, "MISC"), folder, PARAMS, stacked=first_readings(folder, DOCS))
    return folder


def test_the_second_stage_learns_the_stacked_features(stacked_folder: Path) -> None:
    second = set(model_attributes(stacked_folder / STAGE2_FILE))
    assert any(a.startswith("dw") for a in second) and any(a.startswith("dn") for a in second)
    assert not any(a.startswith(("dw", "dn", "dsup")) for a in model_attributes(stacked_folder / "ner.crfsuite"))


LINES = ["-DOCSTART- -X- -X- O", "", "Yeltsin NNP B-NP O", "left VBD B-VP O", "Moscow NNP B-NP O", "", "Yeltsin NNP B-NP O", "met VBD B-VP O", "Clinton NNP B-NP O", ""]


@pytest.mark.parametrize(("with_stage2", "kinds"), [(True, {"MISC"}), (False, {"PER", "LOC"})])
def test_tag_conll_reads_the_second_stage_when_present(stacked_folder: Path, tmp_path: Path, with_stage2: bool, kinds: set[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recognise, "SURE_FIRST", None)  # the guard aside: the second stage alone
    folder = tmp_path / "model"
    shutil.copytree(stacked_folder, folder)
    if not with_stage2:
        (folder / STAGE2_FILE).unlink()
    assert (Tagger(folder).stage2 is not None) == with_stage2
    tags = [line.split()[-1] for line in tag_conll(LINES, model_dir=folder) if line.strip() and not line.startswith("-DOCSTART-")]
    found = {kind for _, _, kind in spans(tags)}
    assert found == kinds


# 'John Smith spoke': the first stage reads the person surely (lowest marginal 0.97).
SURE_PERSON = reading("B-PER I-PER O", "0.99 0.97 0.99")


@pytest.mark.parametrize(("found", "sure", "expected"), [
    ([(0, 2, "ORG", 0.8)], 0.9, [(0, 2, "PER", 0.97)]),  # retyped by the second stage: the first's type stands
    ([(0, 2, "ORG", 0.8)], 0.98, [(0, 2, "ORG", 0.8)]),  # the first stage under the guard: the second's type
    ([], 0.9, [(0, 2, "PER", 0.97)]),  # dropped by the second stage: restored
    ([], 0.98, []),
    ([(0, 3, "ORG", 0.8)], 0.9, [(0, 2, "PER", 0.97)]),  # a longer span over its words gives way
    ([(1, 2, "PER", 0.8), (2, 3, "LOC", 0.9)], 0.9, [(0, 2, "PER", 0.97), (2, 3, "LOC", 0.9)]),  # a span over other words stays
    ([(0, 2, "PER", 0.85)], 0.9, [(0, 2, "PER", 0.85)]),  # the same span and type: the second stage's
    ([(0, 2, "ORG", 0.8)], None, [(0, 2, "ORG", 0.8)]),  # no guard
])
def test_a_sure_first_stage_name_is_kept_from_the_second_stage(found: list, sure: float | None, expected: list) -> None:
    assert guarded_spans(found, SURE_PERSON, sure) == expected


def test_spans_away_from_a_sure_name_stay_the_second_stages() -> None:
    one = reading("B-PER I-PER O B-LOC", "0.99 0.97 0.99 0.5")
    assert guarded_spans([(0, 2, "ORG", 0.8), (3, 4, "ORG", 0.9)], one, 0.9) == [(0, 2, "PER", 0.97), (3, 4, "ORG", 0.9)]


def test_the_shipped_guard_is_set() -> None:
    assert SURE_FIRST is not None and 0.5 < SURE_FIRST <= 1.0


@pytest.mark.parametrize(("at", "kinds"), [("lowest", {"PER", "LOC"}), ("over", {"MISC"})])
def test_tag_conll_keeps_the_first_stages_sure_names(stacked_folder: Path, at: str, kinds: set[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The second stage reads every name MISC; with the guard at the first stage's least sure span
    every name keeps its first type, with the guard over its surest none does."""
    tagger = Tagger(stacked_folder)
    first = tagger.first_stage(tagger.document_features([["Yeltsin", "left", "Moscow"], ["Yeltsin", "met", "Clinton"]]))  # LINES
    sure = [min(one.marginals[start:end]) for one in first for start, end, _ in spans(one.tags)]
    assert len(sure) == 4
    monkeypatch.setattr(recognise, "SURE_FIRST", min(sure) if at == "lowest" else min(1.0, max(sure) + 1e-9))
    tags = [line.split()[-1] for line in tag_conll(LINES, model_dir=stacked_folder) if line.strip() and not line.startswith("-DOCSTART-")]
    assert {kind for _, _, kind in spans(tags)} == kinds


@pytest.mark.parametrize("threshold", [0.0, 0.6])
def test_articles_are_tagged_by_the_first_stage_alone(stacked_folder: Path, tmp_path: Path, threshold: float) -> None:
    """Entity spans of articles (the whole-document path aside) read the first CRF even with a
    second beside it: the same spans as the folder without it."""
    plain = tmp_path / "plain"
    shutil.copytree(stacked_folder, plain)
    (plain / STAGE2_FILE).unlink()
    sentences = [["Yeltsin", "left", "Moscow"], ["the", "market", "fell"], ["Acme", "Corp", "met", "Clinton"]]
    got = Tagger(stacked_folder).entity_spans(sentences, threshold=threshold)
    assert got == Tagger(plain).entity_spans(sentences, threshold=threshold)
    assert {k for s in got for _, _, k, _, _ in s} <= {"PER", "LOC", "ORG"}


def test_the_article_tagger_has_no_second_stage() -> None:
    assert not (MODEL_DIR / STAGE2_FILE).exists()
    assert get_tagger().stage2 is None


def test_a_first_stage_trained_again_removes_the_second(stacked_folder: Path, tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(stacked_folder, folder)
    train_documents(DOCS[:4], folder, {"max_iterations": 5})
    assert not (folder / STAGE2_FILE).exists() and Tagger(folder).stage2 is None


def test_second_stage_training_is_reproducible(stacked_folder: Path, tmp_path: Path) -> None:
    folder = tmp_path / "again"
    folder.mkdir()
    for resource in MODEL_DIR.glob("*.tsv"):
        shutil.copy(resource, folder / resource.name)
    train_documents(DOCS, folder, PARAMS)
    train_documents(as_kind(DOCS, "MISC"), folder, PARAMS, stacked=first_readings(folder, DOCS))
    for name in ("ner.crfsuite", STAGE2_FILE):
        assert (folder / name).read_bytes() == (stacked_folder / name).read_bytes()


def test_a_second_stage_needs_a_reading_of_each_document(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        train_documents(DOCS, tmp_path, PARAMS, stacked=[])


def judge_for(folder: Path, stage2: str) -> dict:
    """A judge of no weights recording the folder's first stage and, as told, its second stage's
    digest ('right'), another's ('wrong') or none ('none')."""
    n = len(FEATURES)
    data = {"features": list(FEATURES), "means": [0.0] * n, "scales": [1.0] * n, "weights": [0.0] * n, "bias": 0.0,
            "floor": 0.1, "keep": 0.5, "doubt": None, "model": model_digest(folder / "ner.crfsuite")}
    if stage2 != "none":
        data["stage2"] = model_digest(folder / STAGE2_FILE) if stage2 == "right" else "0" * 32
    return data


@pytest.mark.parametrize(("has_stage2", "recorded", "loads"), [
    (True, "right", True),  # trained for this pair
    (True, "none", False),  # trained for the first stage alone: stale beside a second
    (True, "wrong", False),  # trained for another second stage
    (False, "none", True),  # a one-stage folder and its judge
    (False, "wrong", False),  # trained for a pair whose second stage is gone
])
def test_a_judge_is_read_only_beside_the_pair_it_was_trained_for(stacked_folder: Path, tmp_path: Path, has_stage2: bool, recorded: str, loads: bool) -> None:
    folder = tmp_path / "model"
    shutil.copytree(stacked_folder, folder)
    data = judge_for(folder, recorded)
    if not has_stage2:
        (folder / STAGE2_FILE).unlink()
    (folder / JUDGE_NAME).write_text(json.dumps(data), encoding="utf-8")
    assert (SpanJudge.load(folder / JUDGE_NAME) is not None) == loads
    assert (Tagger(folder).judge is not None) == loads
