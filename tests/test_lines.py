"""The line-role model: its features, its labels, its training and what the text reader takes from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarchive.parse.boilerplate import split_lines
from newsarchive.parse.lines import (
    case_pattern,
    chance_bucket,
    line_features,
    rank_chances,
    ranker_path,
    read_roles,
    roles_of_text,
    words_bucket,
)
from newsarchive.parse.linetrain import Item, label_lines, ranker_rows, sequence_of, train_lines
from newsarchive.parse.rulereader import read_by_rules, rule_hints
from newsarchive.parse.rules import load_rules
from newsarchive.parse.text import parse_text
from newsarchive.parse.text.header import name_of_byline
from newsarchive.parse.text.roles import headline_candidates, pick_title
from newsarchive.parse.text.sections import label_by_date, section_name
from newsarchive.seeds import RawSeed

PARAGRAPHS = [
    "The city council voted on Tuesday to approve a new budget that adds money for roads, parks and schools.",
    "Council members said the plan had been debated for months before the vote, which passed by seven to two.",
    "The mayor said the first projects would start in the spring, once contracts have been signed with builders.",
    "Residents who spoke at the meeting asked for more street lighting and safer crossings near the schools.",
]


def dump_of(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def raw_of(*lines: str) -> RawSeed:
    return RawSeed(path="seeds/test.txt", kind="text", text=dump_of(*lines), sha256="0" * 64)


def features_of(*lines: str) -> list[list[str]]:
    parsed = split_lines(dump_of(*lines))
    title_at, body = read_by_rules(parsed, load_rules())
    return line_features(parsed, title_at, body, rule_hints(parsed))


STORY = ("Politics", "Council approves the new city budget", "By Ann Bell", "March 3, 2020", *PARAGRAPHS, "Share this article")

# (dump lines, index of the line, features it must have, features it must not have)
FEATURES = [
    (STORY, 0, {"i=0", "head", "label", "label-dt=-1", "cap=title", "-1:none"}, {"byline", "date", "rt", "rb"}),
    (STORY, 1, {"rt", "dt=0", "-1:label", "1:byline", "2:date"}, {"label", "rb"}),
    (STORY, 2, {"byline", "name", "dt=1", "f=by"}, {"date", "rb"}),
    (STORY, 3, {"date", "dateline", "digit"}, {"byline", "label"}),
    (STORY, 4, {"lead", "prose", "rb", "sentence-end", "end=stop", "ov=self"}, {"head", "date"}),
    (STORY, 5, {"after", "rb", "w=13-20", "-1:rb", "1:rb"}, {"head"}),
    (STORY, 8, {"rk=line", "rr=share", "1:none", "2:none"}, {"rb"}),
    (("News > Nation", "Council approves the new city budget", *PARAGRAPHS), 0, {"crumb"}, {"byline"}),
    (("Council approves the new city budget", "Filed under: Politics", *PARAGRAPHS), 1, {"filed"}, set()),
    (("Council approves the new city budget", *PARAGRAPHS, PARAGRAPHS[0]), 5, {"repeat"}, set()),
    (("BREAKING NEWS", "Council approves the new city budget", *PARAGRAPHS), 0, {"upper", "cap=upper", "role-word"}, set()),
    (("Business", "Council approves the new city budget", *PARAGRAPHS, "More in Business"), 0, {"echo"}, set()),
    (("Business", "Council approves the new city budget", *PARAGRAPHS), 0, {"label"}, {"echo"}),
    # the headline rules that pick a line are its features: here the one over the byline, and the
    # first headline-shaped line before it
    (STORY, 1, {"t-above-meta", "t-shaped"}, {"t-repeat", "t-after-meta"}),
    (STORY, 0, {"label"}, {"t-above-meta", "t-shaped", "rt"}),
    (("Council approves the new city budget", *PARAGRAPHS, "Council approves the new city budget"), 0, {"t-repeat"}, set()),
]


@pytest.mark.parametrize("lines, index, present, absent", FEATURES)
def test_line_features(lines: tuple[str, ...], index: int, present: set[str], absent: set[str]) -> None:
    features = set(features_of(*lines)[index])
    assert present <= features, sorted(features)
    assert not absent & features, sorted(features)


def test_the_grammars_read_only_the_lines_near_the_top() -> None:
    lines = ("Council approves the new city budget", *PARAGRAPHS, *["A short line"] * 6, "By Ann Bell", "March 3, 2020")
    features = features_of(*lines)
    assert "byline" not in features[-2] and "date" not in features[-1]


@pytest.mark.parametrize(
    "words, bucket", [(0, "0"), (1, "1"), (3, "3"), (5, "4-6"), (12, "7-12"), (20, "13-20"), (40, "21-40"), (41, "41+")]
)
def test_words_bucket(words: int, bucket: str) -> None:
    assert words_bucket(words) == bucket


@pytest.mark.parametrize(
    "text, pattern",
    [("BREAKING NEWS", "upper"), ("Business", "title"), ("Local News", "title"), ("immunology", "lower"),
     ("The council met on Tuesday", "sentence"), ("2020", "none")],
)
def test_case_pattern(text: str, pattern: str) -> None:
    assert case_pattern(text) == pattern


def item_of(ident: str, lines: tuple[str, ...], **labels: object) -> Item:
    """A labelled dump: the true body is the paragraphs."""
    base = {"title": "", "title_in_dump": True, "authors_in_dump": [], "date_line_in_dump": None,
            "section": None, "section_in_dump": False}
    base.update(labels)
    return Item(ident, dump_of(*lines), "\n\n".join(PARAGRAPHS), base)


LABELLED = [
    (
        item_of("a", STORY, title="Council approves the new city budget", authors_in_dump=["Ann Bell"],
                date_line_in_dump="March 3, 2020", section="Politics", section_in_dump=True),
        ["section", "headline", "byline", "dateline", "body", "body", "body", "body", "other"],
    ),
    (
        item_of("b", ("News > Nation", "Council approves the new city budget", *PARAGRAPHS),
                title="Council approves the new city budget", section="Nation", section_in_dump=True),
        ["section", "headline", "body", "body", "body", "body"],
    ),
    (  # a section the dump does not show is no line's role; a repeated headline is furniture
        item_of("c", ("Council approves the new city budget", "Council approves the new city budget", *PARAGRAPHS),
                title="Council approves the new city budget", section="Politics", section_in_dump=False),
        ["headline", "other", "body", "body", "body", "body"],
    ),
    (
        item_of("d", ("Council approves the new city budget", *PARAGRAPHS, "Filed under: Politics |"),
                title="Council approves the new city budget", section="Politics", section_in_dump=True),
        ["headline", "body", "body", "body", "body", "section"],
    ),
]


@pytest.mark.parametrize("item, roles", LABELLED)
def test_label_lines(item: Item, roles: list[str]) -> None:
    assert label_lines(split_lines(item.dump), item) == roles


# (dump lines, the roles the shipped model must give them)
DECODED = [
    (STORY, ["section", "headline", "byline", "dateline", "body", "body", "body", "body", "other"]),
    (("Council approves the new city budget", "By Ann Bell", "March 3, 2020", *PARAGRAPHS, "Related stories",
      "Mayor opens a new park", "Schools get new computers"),
     ["headline", "byline", "dateline", "body", "body", "body", "body", "other", "other", "other"]),
]


@pytest.mark.parametrize("lines, roles", DECODED)
def test_the_shipped_model_decodes_roles(lines: tuple[str, ...], roles: list[str]) -> None:
    parsed = split_lines(dump_of(*lines))
    title_at, body = read_by_rules(parsed, load_rules())
    assert list(read_roles(parsed, title_at, body).labels) == roles


def test_training_is_reproducible_and_learns_its_examples(tmp_path: Path) -> None:
    items = [LABELLED[0][0], LABELLED[1][0], LABELLED[3][0]]
    first, second = tmp_path / "one.crfsuite", tmp_path / "two.crfsuite"
    train_lines(items, first)
    train_lines(list(reversed(items)), second)
    assert first.read_bytes() == second.read_bytes()
    assert Path(ranker_path(str(first), "headline")).read_bytes() == Path(ranker_path(str(second), "headline")).read_bytes()
    features, roles = sequence_of(items[0])
    parsed = split_lines(items[0].dump)
    title_at, body = read_by_rules(parsed, load_rules())
    assert list(read_roles(parsed, title_at, body, str(first)).labels) == roles


# (a section line, the section it names: '' when it names none)
SECTION_NAMES = [
    ("News > Nation", "Nation"),
    ("Home » World » Europe", "Europe"),
    ("Filed under: Politics |", "Politics"),
    ("Posted in Business, Markets", "Business"),
    ("Local News", "Local News"),
    ("Watch Live", ""),
    ("BREAKING NEWS", ""),
    ("Top Stories", ""),
    ("News > Latest", ""),
    ("Spotlight", ""),
    ("The Daily Courier", ""),
    ("Alex Wong | Getty Images", ""),
    ("Jane Doe (@janedoe)", ""),
    ("By Jane Doe", ""),
    ("Share", ""),
    ("MoreBikes", ""),
    ("2 min read", ""),
]


@pytest.mark.parametrize("text, name", SECTION_NAMES)
def test_section_name(text: str, name: str) -> None:
    assert section_name(text) == name


# (dump lines, the section the reader gives)
SECTIONS = [
    (STORY, "Politics"),
    (("News > Nation", *STORY[1:]), "Nation"),
    (STORY[1:], ""),
    (("Watch Live", *STORY[1:]), ""),
    (("BREAKING NEWS", *STORY[1:]), ""),
    (("Ann Bell", *STORY[1:]), ""),
    ((STORY[1], "Blog > Nutrition > Meal Plans", *STORY[2:]), "Meal Plans"),
    ((STORY[1], "Profits > forecasts", *STORY[2:]), ""),
]


@pytest.mark.parametrize("lines, category", SECTIONS)
def test_the_reader_gives_a_section_only_when_the_page_shows_one(lines: tuple[str, ...], category: str) -> None:
    article = parse_text(raw_of(*lines))
    assert article.category == category
    assert article.title == "Council approves the new city budget"
    assert article.body == tuple(PARAGRAPHS)


# (a line the model tags as a byline, the name it gives)
BARE_BYLINES = [
    ("Catherine Shu @catherineshu / 2 days", "Catherine Shu"),
    ("Ed Cara", "Ed Cara"),
    ("by Ann Bell", "Ann Bell"),
    ("Ann Bell | March 3, 2020", "Ann Bell"),
    ("Ann Bell - Staff", "Ann Bell"),
    ("BREAKING NEWS", ""),
    ("Share this article", ""),
    ("News Desk", ""),
]


@pytest.mark.parametrize("text, name", BARE_BYLINES)
def test_name_of_byline(text: str, name: str) -> None:
    assert name_of_byline(text) == name


@pytest.mark.parametrize(
    "head, authors",
    [
        (("Council approves the new city budget", "By", "Ann Bell", "March 3, 2020"), ("Ann Bell",)),
        (("Council approves the new city budget", "By Ann Bell", "March 3, 2020"), ("Ann Bell",)),
    ],
)
def test_the_reader_takes_bylines_the_grammar_cannot_read(head: tuple[str, ...], authors: tuple[str, ...]) -> None:
    assert parse_text(raw_of(*head, *PARAGRAPHS)).authors == authors


def test_roles_of_text_tags_every_line() -> None:
    pairs = roles_of_text(dump_of(*STORY))
    assert pairs == list(zip(STORY, DECODED[0][1]))
    assert roles_of_text("\n\n") == []


# furniture above the headline: never the headline
ABOVE_HEADLINE = [
    ("main article image",),
    ("Publish date:", "March 3, 2020"),
    ("Politics",),
    ("Home", "News"),
]


@pytest.mark.parametrize("above", ABOVE_HEADLINE)
def test_furniture_above_the_headline_is_not_it(above: tuple[str, ...]) -> None:
    article = parse_text(raw_of(*above, "Council approves the new city budget", "By Ann Bell", "March 3, 2020", *PARAGRAPHS))
    assert article.title == "Council approves the new city budget"
    assert article.body == tuple(PARAGRAPHS)


# (a dateline, the section label it carries)
DATELINE_LABELS = [
    ("Sport | January 1, 2005 16:46 UTC", "Sport"),
    ("March 4, 2021World News", "World News"),
    ("By Mike Wall 2019-11-18T20:51:19Z Science & Astronomy", "Science & Astronomy"),
    ("Posted: Fri 6:45 PM, Feb 16, 2018 |", ""),
    ("November 18, 2019 Updated", ""),
    ("Chris Davies - Nov 19, 2019, 10:31 pm CST", ""),
    ("March 3, 2020", ""),
]


@pytest.mark.parametrize("text, label", DATELINE_LABELS)
def test_label_by_date(text: str, label: str) -> None:
    assert label_by_date(text) == label


def test_ranker_path_sits_beside_its_line_model() -> None:
    assert ranker_path("models/fold1.crfsuite", "headline") == str(Path("models") / "fold1-headline.crfsuite")


@pytest.mark.parametrize("chance, bucket", [(0.0, "0"), (0.049, "0"), (0.05, "low"), (0.3, "mid"), (0.69, "mid"), (0.7, "high")])
def test_chance_bucket(chance: float, bucket: str) -> None:
    assert chance_bucket(chance) == bucket


def test_headline_candidates_carry_the_rules_and_the_model() -> None:
    parsed = split_lines(dump_of(*STORY))
    title_at, body = read_by_rules(parsed, load_rules())
    hints = rule_hints(parsed)
    rows = dict(headline_candidates(parsed, read_roles(parsed, title_at, body, hints=hints), title_at, hints))
    assert {"rt", "t-above-meta", "hr=0", "hm=high", "before-meta"} <= set(rows[1])
    assert 2 not in rows and 3 not in rows  # a byline and a dateline are never candidates
    assert "rt" not in rows[0]


# (item, the candidate line the ranker rows mark right): the labelled headline, wherever the rules put it
RANKER_ROWS = [
    (LABELLED[0][0], "Council approves the new city budget"),
    (item_of("e", ("Mayor resigns", "Council approves the new city budget", "By Ann Bell", *PARAGRAPHS),
             title="Mayor resigns"), "Mayor resigns"),
]


@pytest.mark.parametrize("item, right", RANKER_ROWS)
def test_ranker_rows_mark_the_labelled_headline(item: Item, right: str) -> None:
    parsed = split_lines(item.dump)
    title_at, body = read_by_rules(parsed, load_rules())
    hints = rule_hints(parsed)
    candidates = headline_candidates(parsed, read_roles(parsed, title_at, body, hints=hints), title_at, hints)
    marked = [parsed[index].text for (index, _), (_, yes) in zip(candidates, ranker_rows(item, None)["headline"]) if yes]
    assert marked == [right]


def test_a_headline_shown_twice_is_its_first_showing() -> None:
    lines = ("Council approves the new city budget", "By Ann Bell", "Council approves the new city budget", *PARAGRAPHS)
    parsed = split_lines(dump_of(*lines))
    candidates = [(0, ["bias"]), (2, ["bias", "rt", "t-above-meta", "hr=0", "hm=high"])]
    assert pick_title(parsed, candidates, None, 2) == 0


def test_the_headline_ranker_chooses_and_falls_back_to_the_rules(tmp_path: Path) -> None:
    """The shipped ranker takes the line over the byline; without a ranker the rule reader's pick stands."""
    parsed = split_lines(dump_of("Politics", "Council approves the new city budget", "By Ann Bell", *PARAGRAPHS))
    title_at, body = read_by_rules(parsed, load_rules())
    hints = rule_hints(parsed)
    candidates = headline_candidates(parsed, read_roles(parsed, title_at, body, hints=hints), title_at, hints)
    chances = rank_chances([features for _, features in candidates], None, "headline")
    assert max(chances) == chances[[index for index, _ in candidates].index(1)] > 0.5
    assert pick_title(parsed, candidates, None, title_at) == 1
    lone = tmp_path / "lone.crfsuite"
    lone.write_bytes(Path(ranker_path(None, "headline")).read_bytes())  # a model file with no ranker beside it
    assert rank_chances([features for _, features in candidates], str(lone), "headline") == [0.0] * len(candidates)
    assert pick_title(parsed, candidates, str(lone), 0) == 0


def test_no_headline_labels_train_no_ranker(tmp_path: Path) -> None:
    """Items whose dumps show no labelled headline give the ranker nothing to learn: none is written,
    an old one goes, and the rule reader's headline stands."""
    path = tmp_path / "lines.crfsuite"
    ranker = Path(ranker_path(str(path), "headline"))
    ranker.write_bytes(b"stale")
    train_lines([item_of("x", STORY, title="", title_in_dump=False)], path)
    assert path.is_file() and not ranker.exists()
    assert parse_text(raw_of(*STORY), line_model=str(path)).title == "Council approves the new city budget"
