"""The judge of topics: features of a (story, topic) pair read from the story, the shipped weights,
the gate that drops what it scores low, and the blind verdicts it was trained on."""

from __future__ import annotations

import importlib.util
import math
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newsarchive import tags
from newsarchive.tags.judge import FEATURES, Judge, folded_zones, judge_score, topic_features, topic_judge
from newsarchive.tags.listed import listed_tags
from newsarchive.tags.phrases import story_zones
from newsarchive.tags.propose import propose_topics
from newsarchive.article import Article

from .conftest import ROOT, shared_path

VERDICTS = ROOT / "tests" / "fixtures" / "topics" / "verdicts.tsv"

AUDI = (
    "Audi reveals the Audi A5 Sportback electric coupe",
    (
        "Audi has revealed the Audi A5 Sportback, an electric coupe built in Brussels, at the Los Angeles motor show.",
        "The Audi A5 Sportback goes on sale next year. Audi says the coupe has a range of 280 miles.",
        "Audi dealers will take orders from January. Electric cars made up a tenth of sales last year.",
    ),
)
DRUGS = (
    "Police seize drugs worth millions at the border",
    (
        "Border police seized marijuana and heroin worth millions on Tuesday, officials said.",
        "The marijuana was hidden in a lorry of melons. Cannabis seizures have doubled this year.",
        "Heroin seizures have fallen. The marijuana will be burned.",
    ),
)


def story(title: str, body: tuple[str, ...], seed_tags: tuple[str, ...] = (), **names: tuple[str, ...]) -> Article:
    return Article(title=title, published=None, body=body, seed_tags=seed_tags, **names)


def features(article: Article, topic: str, source: str = "phrase") -> dict[str, float]:
    """The judge's features of a pair, by name."""
    zones = folded_zones(story_zones(article))
    return dict(zip(FEATURES, topic_features(article, zones, topic, source)))


def test_the_shipped_judge_reads_the_features_it_was_trained_on() -> None:
    judge = topic_judge()
    assert judge is not None
    assert len(judge.weights) == len(judge.means) == len(judge.scales) == len(FEATURES)
    assert 0 < judge.threshold < 1
    assert all(s > 0 for s in judge.scales)


@pytest.mark.parametrize("text, topic, name, value", [
    (AUDI, "Sportback", "cut_down", 1.0),  # every use inside 'Audi A5 Sportback': a cut-down piece
    (AUDI, "Audi", "cut_down", 0.0),  # used on its own too
    (AUDI, "Audi", "in_headline", 1.0),
    (AUDI, "Audi", "capitalised", 1.0),
    (AUDI, "electric cars", "in_headline", 0.0),
    (AUDI, "electric cars", "words", 2.0),
    (AUDI, "electric cars", "headline_words", 0.5),  # 'electric' alone is in the headline
    (DRUGS, "cannabis", "uses", math.log1p(4)),  # 'marijuana' is filed under cannabis: three uses, one as itself
    (DRUGS, "heroin", "lead_uses", math.log1p(2)),
    (DRUGS, "heroin", "unused", 0.0),
    (DRUGS, "tariffs", "unused", 1.0),  # a topic the story never writes
    (DRUGS, "heroin", "broad", 0.0),
])
def test_features_of_a_pair(text: tuple[str, tuple[str, ...]], topic: str, name: str, value: float) -> None:
    assert features(story(*text), topic)[name] == pytest.approx(value)


@pytest.mark.parametrize("kind", ["people", "organizations", "places"])
def test_an_entity_topic_is_marked_with_its_kind_and_counted_under_its_forms(kind: str) -> None:
    name = {"people": "Jane Holt", "organizations": "Holt Group", "places": "Holt Valley"}[kind]
    short = "Holt"
    body = (f"{name} was in the news again on Monday.", f"{short} said little. Critics of {short} said more.")
    found = features(story(f"{name} under fire", body, **{kind: (name,)}), name, "central")
    assert found[f"entity_{kind}"] == 1.0
    assert found["source_central"] == 1.0
    expected = 2 if kind == "places" else 4  # a surname and a name without 'Group' are forms of it; a place's first word is not
    assert found["entity_uses"] == pytest.approx(math.log1p(expected))


@pytest.mark.parametrize("subject, cues", [
    ("infectious diseases", 2.0),  # 'plague' and 'quarantine'
    ("cars", 0.0),
])
def test_a_broad_subject_counts_its_telling_words(subject: str, cues: float) -> None:
    body = ("A hunter has caught the plague. Plague is rare.", "He is in quarantine after eating a rabbit.", "He is in hospital.")
    found = features(story("Hunter catches plague from rabbit", body), subject, "broad")
    assert found["broad"] == 1.0
    assert found["cue_words"] == cues


def strict(threshold: float) -> Judge:
    """The shipped judge with another threshold."""
    judge = topic_judge()
    assert judge is not None
    return judge._replace(threshold=threshold)


@pytest.mark.parametrize("threshold, kept", [
    (0.0, {"Audi"}),  # everything passes: the rules' own topics
    (1.01, set()),  # nothing passes the judge
])
def test_the_judge_drops_what_it_scores_under_its_threshold(threshold: float, kept: set[str]) -> None:
    article = story(*AUDI, organizations=("Audi",))
    zones = story_zones(article)
    unjudged, _, _ = propose_topics(article, zones, [])
    judged, reserve, origin = propose_topics(article, zones, [], strict(threshold))
    assert kept <= set(unjudged)
    assert set(judged) == (set(unjudged) if threshold == 0 else set())
    assert set(unjudged) <= set(reserve)  # the reserve still votes for spellings
    assert origin["Audi"] == "central"


@pytest.mark.parametrize("seed_tags, uses, kept", [
    (("Monetary Policy",), 0, {"monetary policy"}),  # the outlet's own tag: its editors chose it
    ((), 5, {"inflation"}),  # a subject written five times in lower case
    ((), 4, set()),  # four times: the judge decides
])
def test_what_the_judge_does_not_judge(seed_tags: tuple[str, ...], uses: int, kept: set[str]) -> None:
    body = tuple(f"Prices rose, and inflation is up, the {i}th report said." for i in range(uses)) + ("Shops are busy.",) * 3
    article = story("Prices climb again", body, seed_tags=seed_tags)
    judged, _, _ = propose_topics(article, story_zones(article), listed_tags(article), strict(1.01))
    assert {t.lower() for t in judged} == kept


def test_judged_topics_are_the_same_on_every_run() -> None:
    article = story(*DRUGS)
    first = tags.annotate(article)
    topic_judge.cache_clear()
    assert tags.annotate(article) == first


def read_fixture() -> list[list[str]]:
    """The verdicts fixture's rows: round, story id, topic, verdict."""
    lines = VERDICTS.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def test_the_verdicts_fixture_holds_ids_and_labels_only() -> None:
    rows = read_fixture()
    assert len(rows) > 900
    assert all(len(row) == 4 for row in rows)
    assert {row[3] for row in rows} == {"good", "bad"}
    assert all(row[1].startswith(("dumps/", "bbc/")) and row[1].endswith(".txt") for row in rows)
    assert Counter(row[0] for row in rows)["t14"] == 100


def load_script(name: str) -> Any:
    """One of the project's scripts, as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_uncertain_pairs_are_those_the_judge_scores_in_the_range_and_no_verdict_covers(tmp_path: Path) -> None:
    sample_topics = load_script("sample_topics")
    title, body = DRUGS
    dump = tmp_path / "drugs.txt"
    dump.write_text(f"{title}\n\nJanuary 5, 2005\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    ids = sample_topics.story_ids([dump], [])
    assert ids == {dump: "dumps/drugs.txt"}
    every = sample_topics.uncertain_pairs(ids, 0.0, 1.01, set())
    assert every and all(0.0 <= score < 1.01 and story == "dumps/drugs.txt" for story, _, _, score in every)
    first = every[0]
    low = min(score for *_, score in every)
    assert (first[0], first[2]) not in {(s, t) for s, _, t, _ in sample_topics.uncertain_pairs(ids, 0.0, 1.01, {(first[0], first[2])})}
    assert all(score > low for *_, score in sample_topics.uncertain_pairs(ids, low + 1e-9, 1.01, set()))


def test_a_corpus_seed_is_named_by_the_text_it_was_made_from(tmp_path: Path) -> None:
    sample_topics = load_script("sample_topics")
    texts = []
    for number, category in enumerate(("business", "tech")):
        text = tmp_path / "corpus" / category / f"story{number}.txt"
        text.parent.mkdir(parents=True)
        text.write_text(f"Headline {number}\n\nThe first paragraph of story {number}.\n", encoding="utf-8")
        texts.append(text)
    seeds = sample_topics.corpus_seeds(texts, tmp_path)
    assert sorted(sample_topics.story_ids(seeds, texts).values()) == ["bbc/business/story0.txt", "bbc/tech/story1.txt"]


def test_the_judge_keeps_the_better_pairs_of_the_dumps(tmp_path: Path) -> None:
    """On the blind verdicts of the many-outlet dumps, the pairs the shipped judge keeps are good more
    often than all of them (in-sample: the cross-validated figures come from scripts/train_topics.py)."""
    dumps = shared_path("eval", "extraction", "dumps")
    corpus = shared_path("corpus", "bbc")
    train_topics = load_script("train_topics")
    rows = [r for r in train_topics.read_verdicts(VERDICTS) if r[1].startswith("dumps/")]
    stories = train_topics.read_stories({r[1] for r in rows}, dumps, corpus, tmp_path)
    x, y, _ = train_topics.pair_features(rows, stories)
    judge = topic_judge()
    assert judge is not None
    kept = [good for row, good in zip(x, y) if judge_score(list(row), judge) >= judge.threshold]
    assert len(kept) > len(y) / 2
    assert sum(kept) / len(kept) > y.mean() + 0.05


def test_the_shipped_judge_is_what_the_verdicts_train_under_the_rules_as_they_are(tmp_path: Path) -> None:
    """A change to the rules moves the features of judged pairs: the shipped judge must then be
    trained again (scripts/train_topics.py), or it scores features it never saw."""
    dumps = shared_path("eval", "extraction", "dumps")
    corpus = shared_path("corpus", "bbc")
    train_topics = load_script("train_topics")
    out = tmp_path / "judge.json"
    assert train_topics.main(["--dumps", str(dumps), "--corpus", str(corpus), "--out", str(out)]) == 0
    shipped = ROOT / "newsarchive" / "data" / "topic_judge.json"
    assert out.read_bytes() == shipped.read_bytes(), "retrain the judge: scripts/train_topics.py"
