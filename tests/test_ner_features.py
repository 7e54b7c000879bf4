"""The optional feature groups of the entity model: the table of names the training labels give
(each training document sees it without its own names), the mark of a capitalised common word and
the mark of a word the document writes after a first name."""

from __future__ import annotations

import pytest

from newsarchive.entities.conll import Sentence
from newsarchive.entities.features import DocStats, NameTable, Resources, read_labels, sentence_features, table_tags
from newsarchive.entities.training import label_tables, org_heads, usual_kind, write_labels


def doc(*sentences: tuple[str, str]) -> list[Sentence]:
    """A document from (words, tags) pairs written as space-separated strings."""
    return [Sentence(tuple(w.split()), tuple(t.split())) for w, t in sentences]


DOCS = [
    doc(("Clinton met Yeltsin in Moscow", "B-PER O B-PER O B-LOC")),
    doc(("Yeltsin left Moscow", "B-PER O B-LOC")),
    doc(("Moscow Dynamo won", "B-ORG I-ORG O"), ("Moscow is cold", "B-LOC O O")),
]


@pytest.mark.parametrize("index, name, expected", [
    (0, ("clinton",), None),  # named by this document alone: masked
    (0, ("yeltsin",), "PER"),  # also named by another document
    (0, ("moscow",), "LOC"),
    (2, ("moscow", "dynamo"), None),
    (2, ("moscow",), "LOC"),  # the other documents' count, not this one's
])
def test_each_training_document_sees_the_table_without_its_own_names(index: int, name: tuple[str, ...], expected: str | None) -> None:
    _, masked = label_tables(DOCS)
    assert masked[index].kinds.get(name) == expected


def test_the_full_table_holds_every_labelled_name_with_its_usual_type(tmp_path) -> None:  # type: ignore[no-untyped-def]
    table, _ = label_tables(DOCS)
    write_labels(table, tmp_path / "labels.tsv")
    read = read_labels(tmp_path / "labels.tsv")
    assert read is not None
    assert dict(read.kinds) == {("clinton",): "PER", ("yeltsin",): "PER", ("moscow",): "LOC", ("moscow", "dynamo"): "ORG"}
    assert read_labels(tmp_path / "absent.tsv") is None


@pytest.mark.parametrize("counts, expected", [
    ({"LOC": 3, "ORG": 1}, "LOC"),
    ({"ORG": 2, "LOC": 2}, "LOC"),  # a tie goes by name, so the table is stable
    ({"PER": 0}, None),
])
def test_usual_kind(counts: dict[str, int], expected: str | None) -> None:
    from collections import Counter

    assert usual_kind(Counter(counts)) == expected


@pytest.mark.parametrize("words, expected", [
    ("Moscow Dynamo beat Rome", ["B-ORG", "I-ORG", None, None]),  # longest match first
    ("Moscow said", ["B-LOC", None]),
    ("moscow said", [None, None]),  # capitalised words only
])
def test_table_tags(words: str, expected: list[str | None]) -> None:
    table = NameTable.of({("moscow",): "LOC", ("moscow", "dynamo"): "ORG"})
    split = words.split()
    assert table_tags([w.lower() for w in split], split, table.kinds, table.starts) == expected


@pytest.mark.parametrize("mark, word, marked", [
    (True, "Market", True),
    (True, "Yeltsin", False),
    (True, "market", False),  # lower case already says it
    (False, "Market", False),
])
def test_a_capitalised_common_word_is_marked(mark: bool, word: str, marked: bool) -> None:
    res = Resources(clusters={"market": ("1",), "Yeltsin": ("2",)})
    res.mark_common = mark
    assert ("common" in sentence_features(["The", word], res)[1]) == marked


@pytest.mark.parametrize("sentences, word, marked", [
    (["Brandon Montour scored", "Montour left"], "Montour", True),  # the lone surname too
    (["Then Montour left"], "Montour", False),  # 'Then' is no first name
    (["Brandon montour left", "Montour left"], "Montour", False),  # capitalised words only
    (["BRANDON MONTOUR SCORED", "Montour left"], "Montour", False),  # an all-caps line says nothing
    (["Brandon Montour scored", "Montour left"], "Brandon", False),
])
def test_a_word_written_after_a_first_name_is_marked(sentences: list[str], word: str, marked: bool) -> None:
    res = Resources(names={"brandon": "first", "montour": "last"})
    split = [s.split() for s in sentences]
    features = sentence_features(["Then", word], res, DocStats.of(split))
    assert ("doc:after_first" in features[1]) == marked
    res.mark_after_first = False
    assert "doc:after_first" not in sentence_features(["Then", word], res, DocStats.of(split))[1]


@pytest.mark.parametrize("words, runs", [
    ("shares of Lowe 's Companies Inc. rose", [["Lowe", "'s", "Companies", "Inc."]]),
    ("Marks & Spencer and Tesco", [["Marks", "&", "Spencer"]]),  # one capitalised word is no run
    ("The Bank said", [["The", "Bank"]]),
    ("rates rose", []),
])
def test_capitalised_runs(words: str, runs: list[list[str]]) -> None:
    from newsarchive.entities.features import capitalised_runs

    assert [list(r) for r in capitalised_runs(words.split())] == runs


@pytest.mark.parametrize("sentences, word, marked", [
    (["shares of Lowe 's Companies Inc. rose", "Lowe sold"], "Lowe", True),  # the lone name too
    (["Lowe 's Companies Inc. rose"], "Inc.", False),  # the last word itself says it
    (["Lowe said"], "Lowe", False),
])
def test_a_word_of_a_name_ending_in_an_organisations_word_is_marked(sentences: list[str], word: str, marked: bool) -> None:
    res = Resources()
    res.org_heads = frozenset({"inc."})
    features = sentence_features(["Then", word], res, DocStats.of([s.split() for s in sentences]))
    assert ("doc:org_run" in features[1]) == marked


def test_organisations_last_words_come_from_the_labels() -> None:
    docs = [doc(("Acme Corp said", "B-ORG I-ORG O"))] * 5 + [doc(("Moscow Dynamo won", "B-ORG I-ORG O"))]
    assert org_heads(docs) == ["corp"]  # 'dynamo' ends too few names


def test_labelled_names_reach_the_features() -> None:
    res = Resources()
    res.labels = NameTable.of({("yeltsin",): "PER"})
    features = sentence_features(["Yeltsin", "left"], res)
    assert "tg=B-PER" in features[0] and "-1tg=B-PER" in features[1]


@pytest.mark.parametrize("extras, table_written, attribute", [
    ((), False, None),
    (("label-names",), True, "tg=B-PER"),
    (("common-words",), False, "common"),
    (("doc-first-names",), False, "doc:after_first"),
    (("org-heads",), False, "doc:org_run"),
])
def test_training_builds_only_the_groups_asked_for(tmp_path, extras: tuple[str, ...], table_written: bool, attribute: str | None) -> None:  # type: ignore[no-untyped-def]
    from newsarchive.entities.recognise import model_attributes
    from newsarchive.entities.training import train_documents

    (tmp_path / "clusters.tsv").write_text("the\t1\nmarket\t2\n", encoding="utf-8")
    (tmp_path / "labels.tsv").write_text("PER\tstale\n", encoding="utf-8")  # from an earlier run
    (tmp_path / "gazetteer.tsv").write_text("first\tboris\n", encoding="utf-8")
    docs = [*DOCS, doc(("Market fell", "O O")), doc(("Yeltsin said", "B-PER O")), doc(("Boris Yeltsin said", "B-PER I-PER O"))]
    docs += [doc(("Acme Corp said", "B-ORG I-ORG O"), ("Acme fell", "B-ORG O"))] * 5
    train_documents(docs, tmp_path, {"max_iterations": 20}, extras)
    assert (tmp_path / "labels.tsv").is_file() == table_written
    attributes = set(model_attributes(tmp_path / "ner.crfsuite"))
    assert (tmp_path / "heads.tsv").is_file() == (attribute == "doc:org_run")
    for group in ("tg=B-PER", "common", "doc:after_first", "doc:org_run"):
        assert (group in attributes) == (group == attribute), group


@pytest.mark.parametrize("words, dropped", [
    ("Yeltsin met Clinton in Moscow .", {"w=met", "bi-1=yeltsin|met", "-1w=in"}),
    ('" Moscow Dynamo won the cup', {"shsh+1=Xx|Xx", "1w=the", "c0=1"}),
    ("MOSCOW IS COLD", {"w=is", "bi+1=moscow|is"}),
    ("Then Montour left", set()),
])
def test_restricted_features_are_the_known_ones_encoded(words: str, dropped: set[str]) -> None:
    """With a known-feature table, a word gets the features it would get without one, in the same
    order, as bytes (what the CRF reads), less those the table does not know."""
    split = words.split()
    stats = DocStats.of([split, ["Brandon", "Montour", "scored"]])

    def resources() -> Resources:
        res = Resources(clusters={"moscow": ("1", "10"), "the": ("0", "01")}, gazetteer={("moscow",): "city"}, names={"brandon": "first"})
        res.labels = NameTable.of({("yeltsin",): "PER", ("moscow", "dynamo"): "ORG"})
        return res

    full = sentence_features(split, resources(), stats)
    assert dropped <= {f for feats in full for f in feats}  # the dropped features were there
    restricted = resources()
    restricted.restrict({f for f in (x for feats in full for x in feats) if f not in dropped})
    expected = [[f.encode() for f in feats if f not in dropped] for feats in full]
    assert sentence_features(split, restricted, stats) == expected
