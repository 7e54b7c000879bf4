"""Labelled articles as training data for the entity model (newsarchive/entities/silver.py), and
the article documents the training takes them as."""

from __future__ import annotations

import pytest

from newsarchive.entities.conll import spans
from newsarchive.entities.silver import ArticleLabels, article_document, mark_names, name_forms, name_table, parse_label_file

from .conftest import ROOT, shared_path

LABELS = """
# a comment
= eval/x.txt
P Mark Esper | Esper
O United States Navy | Navy
L United States | U.S.
? places Beijing
? nationality Vietnamese
? product Google Stadia | Stadia
"""


def test_label_file_parses_names_aliases_and_optional_items() -> None:
    (article,) = parse_label_file(LABELS)
    assert article.path == "eval/x.txt"
    assert article.names == [("Mark Esper", "PER"), ("Esper", "PER"), ("United States Navy", "ORG"), ("Navy", "ORG"), ("United States", "LOC"), ("U.S.", "LOC")]
    assert article.optional == [("Beijing", "places"), ("Vietnamese", "nationality"), ("Google Stadia", "product"), ("Stadia", "product")]


@pytest.mark.parametrize("name, forms", [
    ("Mark Esper", ("Mark", "Esper")),
    ("U.S.", ("U.S.",)),
    ("Lowe's", ("Lowe",)),  # a possessive stays outside
    ("O'Brien", ("O'Brien",)),
    ("Boeing Co.", ("Boeing", "Co.")),
])
def test_name_forms_are_the_taggers_tokens(name: str, forms: tuple[str, ...]) -> None:
    assert name_forms(name) == forms


@pytest.mark.parametrize("sentence, expected", [
    ("Mark Esper visited the United States Navy base .", [("PER", "Mark Esper"), ("ORG", "United States Navy")]),
    ("Esper said U.S. ships would stay .", [("PER", "Esper"), ("LOC", "U.S.")]),
    ("The United States and the Navy .", [("LOC", "United States"), ("ORG", "Navy")]),
    ("Vietnamese officials met Esper 's aides .", [("MISC", "Vietnamese"), ("PER", "Esper")]),
    ("ESPER SAYS NAVY STAYS", [("PER", "ESPER"), ("ORG", "NAVY")]),  # a name in capitals
    ("the navy and the united states .", []),  # case kept: lower-case words are no mention
    ("Esperanto is spoken .", []),  # whole tokens only
])
def test_names_are_marked_longest_first(sentence: str, expected: list[tuple[str, str]]) -> None:
    table, dropped = name_table(parse_label_file(LABELS)[0], "drop")
    words = sentence.split()
    tags = mark_names(words, table)
    assert [(kind, " ".join(words[s:e])) for s, e, kind in spans(tags)] == expected
    assert dropped == [("Beijing",)]


@pytest.mark.parametrize("policy, marked_beijing, dropped", [("drop", False, [("Beijing",)]), ("type", True, [])])
def test_optional_places_are_dropped_or_typed(policy: str, marked_beijing: bool, dropped: list) -> None:
    table, left_out = name_table(parse_label_file(LABELS)[0], policy)
    assert ((("Beijing",), "LOC") in table) is marked_beijing
    assert left_out == dropped


def test_a_labelled_dump_gives_marked_sentences_without_its_furniture() -> None:
    shared = shared_path("eval", "extraction", "dumps").parent.parent.parent
    labels = parse_label_file((ROOT / "tests" / "fixtures" / "entities" / "blind_a.txt").read_text(encoding="utf-8"))
    article = next(a for a in labels if "Mark Esper" in dict(a.names))
    doc = article_document(shared, article)
    found = {(kind, " ".join(s.words[b:e])) for s in doc.sentences for b, e, kind in spans(s.gold)}
    assert {("PER", "Mark Esper"), ("PER", "Esper"), ("LOC", "Hanoi"), ("LOC", "HANOI"), ("ORG", "AP")} <= found
    assert all(len(s.words) == len(s.gold) for s in doc.sentences)
    truth = (shared / article.path.replace("/dumps/", "/truth/")).read_text(encoding="utf-8")
    assert len(doc.sentences) <= len(truth.split(".")) + 5  # body sentences and the headline, no menus


def test_an_article_without_labels_is_all_o() -> None:
    shared = shared_path("eval", "extraction", "dumps").parent.parent.parent
    labels = parse_label_file((ROOT / "tests" / "fixtures" / "entities" / "blind_a.txt").read_text(encoding="utf-8"))[0]
    doc = article_document(shared, ArticleLabels(labels.path))
    assert doc.sentences and all(set(s.gold) == {"O"} for s in doc.sentences)


def small_training(tmp_path, repeat: int, name: str) -> bytes:
    """A few CoNLL sentences and one labelled article, trained briefly into a copy of the model folder."""
    import shutil

    from newsarchive.entities.conll import Sentence
    from newsarchive.entities.features import MODEL_DIR, DocStats
    from newsarchive.entities.silver import ArticleDocument
    from newsarchive.entities.training import train_documents

    folder = tmp_path / name
    folder.mkdir()
    for resource in MODEL_DIR.glob("*.tsv"):
        shutil.copy(resource, folder / resource.name)
    conll = [[Sentence(("Peter", "Blackburn", "went", "to", "Paris", "."), ("B-PER", "I-PER", "O", "O", "B-LOC", "O"))]]
    words = ("Satechi", "makes", "chargers", "in", "Hanoi", ".")
    article = ArticleDocument("x", [Sentence(words, mark_names(words, [(("Satechi",), "ORG"), (("Hanoi",), "LOC")]))], DocStats.of([words]))
    train_documents(conll, folder, {"max_iterations": 5}, (), [article], repeat)
    return (folder / "ner.crfsuite").read_bytes()


def test_training_with_articles_is_reproducible_and_weighs_the_repeats(tmp_path) -> None:
    once = small_training(tmp_path, 1, "a")
    assert small_training(tmp_path, 1, "b") == once  # byte for byte
    assert small_training(tmp_path, 3, "c") != once  # the articles' weight changes the model


def test_use_model_switches_the_process_tagger() -> None:
    from newsarchive.entities.features import MODEL_DIR
    from newsarchive.entities.recognise import get_tagger, use_model

    before = get_tagger()
    use_model(MODEL_DIR)  # the shipped model again: other tests in this process see the same tags
    after = get_tagger()
    assert after is not before
    assert after.resources.names == before.resources.names
