"""The text reader's headline, dateline and section on small dumps: headlines in any script and of
any length, headlines holding markup or '>', section paths, dates glued to section labels."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.article import Article
from newsarchive.parse.boilerplate import count_words, is_breadcrumb, split_lines
from newsarchive.parse.rulereader import find_title
from newsarchive.parse.text import parse_text
from newsarchive.seeds import RawSeed

BODY = [
    "The city council met on Tuesday evening to debate the report, and members voted to publish "
    "every page of it before the end of the month.",
    "Officials said the decision would be reviewed again next year, once the new budget was known.",
]
CAPTION = "The mayor at the council hall on Tuesday (Jane Roe/Getty Images)"


def seed(*head: str, body: list[str] = BODY) -> RawSeed:
    text = "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n"
    return RawSeed(path="seeds/test.txt", kind="text", text=text, sha256="0" * 64)


def read_head(head: str) -> Article:
    """The article a dump reads as: these lines above the story's two paragraphs (undated allowed)."""
    return parse_text(seed(head), allow_undated=True)


# (headline, the lines after it up to the body): the headline must come out verbatim.
HEADLINES = [
    ("<script>alert(1)</script> Mayor resigns", ["By Jane Doe", "March 3, 2021World News"]),
    ("<script>alert(1)</script> Mayor resigns", ["Council members praised his long service", "By Jane Doe", "March 3, 2021"]),
    ("Profits > forecasts at Acme", ["Shares rose by a fifth in early trading on Tuesday", "By Jane Doe", "March 3, 2021"]),
    ("<b>Mayor</b> resigns after <i>vote</i>", ["By Jane Doe", "March 3, 2021", CAPTION]),
    ("> xss-quote council vote on budget", ["By Jane Doe", "March 3, 2021"]),
    ("Mayor resigns", ["By Jane Doe", "March 3, 2021World News", CAPTION]),
    ("Resigns", ["By Jane Doe", "March 3, 2021", CAPTION]),
    ("Biden Wins", ["Jane Doe", "March 3, 2021", CAPTION]),
    ("市议会通过了新的预算案", ["By Jane Doe", "March 3, 2021", CAPTION]),
    ("東京都知事が辞任を表明", ["By Jane Doe", "March 3, 2021", CAPTION]),
    ("市长辞职", ["By Jane Doe", "March 3, 2021", CAPTION]),
    ("استقالة العمدة", ["By Jane Doe", "March 3, 2021", CAPTION]),
    ("Отставка мэра", ["By Jane Doe", "March 3, 2021", CAPTION]),
    ("🔥🔥🔥", ["By Jane Doe", "March 3, 2021", CAPTION]),
    ("!!! ??? ...", ["By Jane Doe", "March 3, 2021", CAPTION]),
    ("2021", ["By Jane Doe", "March 3, 2021", CAPTION]),
]


@pytest.mark.parametrize("headline, after", HEADLINES)
def test_headline_in_any_form_is_taken(headline: str, after: list[str]) -> None:
    article = parse_text(seed(headline, *after))
    assert article.title == headline
    assert article.published.date() == date(2021, 3, 3)
    assert article.body == tuple(BODY)


# (lines before the headline, headline, the lines after it): section labels and paths are not headlines.
AFTER_SECTIONS = [
    (["News > Nation"], "Council votes to publish the report", ["By Jane Doe", "March 3, 2021"], "Nation"),
    (["BLOG > Nutrition > Meal Plans"], "How to plan meals", ["March 3, 2021"], "Meal Plans"),
    (["Главная » Интересное"], "Совет опубликовал доклад о бюджете", ["March 3, 2021"], "Интересное"),
    (["Home Music Music News"], "Band announces a reunion tour", ["March 3, 2021"], None),
    (["Politics"], "Mayor resigns", ["By Jane Doe", "March 3, 2021", CAPTION], "Politics"),
    (["Home", "News"], "Mayor resigns", ["By Jane Doe", "March 3, 2021"], "News"),
    (["Entertainment"], "Band reunites for one more show", ["March 3, 2021"], "Entertainment"),
]


@pytest.mark.parametrize("before, headline, after, category", AFTER_SECTIONS)
def test_section_labels_before_the_headline_are_not_it(before: list[str], headline: str, after: list[str], category: str | None) -> None:
    article = parse_text(seed(*before, headline, *after))
    assert article.title == headline
    assert category is None or article.category == category


BREADCRUMBS = [
    ("News > Nation", True),
    ("Home » World » Europe", True),
    ("Главная » Интересное", True),
    ("Home Music Music News", True),
    ("Business › Markets & Economy", True),
    ("Profits > forecasts at Acme", False),
    ("<script>alert(1)</script> Mayor resigns", False),
    ('<img src=x onerror="alert(1)"> council vote', False),
    ("Home Depot sales miss, shares plunge", False),
    ("Home secretary resigns", False),
    ("> quoted text", False),
    ("You are here: Home > News > Local Politics", True),
    ("Sie sind hier: Startseite > Politik", True),
    ("News / Local Politics", True),
    ("Opinion / Columnists / Jane Doe", True),
    ("AC/DC", False),
    ("Dare to Play 3 / October pack", False),
    ("You are here: the council votes", False),
]


@pytest.mark.parametrize("line, expected", BREADCRUMBS)
def test_breadcrumbs_are_paths_of_labels(line: str, expected: bool) -> None:
    assert is_breadcrumb(line) is expected


def test_headline_with_date_first_and_short_title_after() -> None:
    lines = split_lines("March 3, 2021\nMayor resigns\nBy Jane Doe\n" + CAPTION + "\n" + BODY[0])
    assert lines[find_title(lines)].text == "Mayor resigns"


@pytest.mark.parametrize("text, words", [
    ("Mayor resigns", 2),
    ("市议会通过了新的预算案", 6),
    ("市议会 通过了", 3),
    ("Apple发布新款iPhone手机", 5),
    ("ข่าวล่าสุดวันนี้", 8),
])
def test_words_are_counted_in_scripts_without_spaces(text: str, words: int) -> None:
    assert count_words(text) == words


def test_chinese_story_without_spaces_has_a_body() -> None:
    body = [
        "市议会星期二晚上开会讨论了这份报告，议员们投票决定在月底之前公布报告的每一页内容。",
        "官员们表示，一旦新的预算确定，明年将再次审查这一决定，并向市民公开审查结果。",
        "市长在会后对记者说，这是一个艰难但必要的决定，他希望市民能够理解并支持市议会。",
    ]
    article = parse_text(seed("市议会通过预算案", "By Jane Doe", "March 3, 2021", body=body))
    assert article.title == "市议会通过预算案"
    assert article.body == tuple(body)


# A date glued to a section label, short or long, is a dateline; the label is the section when it is one.
GLUED_DATELINES = [
    ("March 4, 2021World News", "World News"),
    ("March 4, 2021Science Technology and Environment Desk", "Science Technology and Environment Desk"),
    ("March 4, 2021&lt;b&gt;xss-entity&lt;/b&gt; &amp;amp; &#60;i&#62; &copy;", ""),
    ("March 4, 2021<script>alert('x')</script> World", ""),
]


@pytest.mark.parametrize("dateline, category", GLUED_DATELINES)
def test_date_glued_to_a_section_label_is_read(dateline: str, category: str) -> None:
    article = parse_text(seed("Council votes to publish the report", "By Jane Doe", dateline))
    assert article.published.date() == date(2021, 3, 4)
    assert article.category == category
    assert article.body == tuple(BODY)


def test_sentence_starting_with_a_date_stays_in_the_body() -> None:
    line = "March 4, 2021 was the day the council finally agreed on the budget"
    article = parse_text(seed("Council votes to publish the report", "By Jane Doe", "March 3, 2021", body=[BODY[0], line, BODY[1]]))
    assert line in article.body
    assert article.published.date() == date(2021, 3, 3)


def test_short_headline_before_a_dateline_beats_a_sentence_after_it() -> None:
    article = parse_text(seed("Classificação NASCAR", "22 de outubro de 2010", "Nesta página você terá sempre a classificação atualizada!"))
    assert article.title == "Classificação NASCAR"
    assert article.published.date() == date(2010, 10, 22)


def test_date_in_a_meta_line_near_the_headline_is_read() -> None:
    article = parse_text(seed("Council votes to publish the report", "Jane Doe 27/09/2018 Comment! Politics, Budget"))
    assert article.published.date() == date(2018, 9, 27)


def test_date_in_a_sentence_near_the_headline_is_not_the_dateline() -> None:
    standfirst = "The council first promised on 27/09/2018 to publish the report."
    article = parse_text(seed("Council votes to publish the report", standfirst, "By Jane Doe", "March 3, 2021"))
    assert article.published.date() == date(2021, 3, 3)


def test_shouted_label_next_to_the_dateline_is_not_the_author() -> None:
    article = parse_text(seed("Council votes to publish the report", "Posted on March 3, 2021", "BUDGET VOTE"))
    assert article.authors == ()


HEADLINE_WORDS = [
    "Mayor", "resigns", "council", "Vote", "budget", "<script>alert(1)</script>", ">", "»", "<b>", "&amp;",
    "{{ 7*7 }}", "市议会", "通过了预算案", "東京都知事が辞任", "البرلمان", "Парламент", "🔥", "!!!", "???", "—", "2021",
    "O'Brien", "“quoted”", "#", "*", "[x](javascript:alert(1))",
]


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.sampled_from(HEADLINE_WORDS), min_size=1, max_size=12))
def test_any_headline_on_the_first_line_is_taken(words: list[str]) -> None:
    headline = " ".join(words)
    article = parse_text(seed(headline, "By Jane Doe", "March 3, 2021", CAPTION))
    assert article.title == headline
    assert article.published.date() == date(2021, 3, 3)
    assert article.body == tuple(BODY)


LONG_CAPTION = "The mayor speaks to reporters outside the council hall in Springfield on Tuesday, March 2, 2021."


@pytest.mark.parametrize("short, long", [
    (LONG_CAPTION + " less", LONG_CAPTION + " Photo: Jane Roe, AP / Copyright 2021 The Associated Press."),
    (LONG_CAPTION[:70] + " ... more", LONG_CAPTION + " less"),
    (LONG_CAPTION[:-12] + " Tusday", LONG_CAPTION[:-12] + " Tuesday AP"),
])
def test_a_caption_and_its_other_version_are_both_dropped(short: str, long: str) -> None:
    article = parse_text(seed("Council votes to publish the report", "By Jane Doe", "March 3, 2021", long, short, body=BODY))
    assert article.body == tuple(BODY)
    assert {r.text for r in article.removed} >= {long}


def test_paragraphs_differing_only_in_their_last_words_are_both_kept() -> None:
    start = "The council met on Tuesday evening to debate the report on the budget, and then it voted"
    body = [BODY[0], start + " to publish every page of it.", start + " against the mayor.", BODY[1]]
    article = parse_text(seed("Council votes to publish the report", "By Jane Doe", "March 3, 2021", body=body))
    assert article.body == tuple(body)


# (lines before the body, body, authors, source, published day, line that must stay out of the body)
DESK_AND_WIRE = [
    (["Scientists spot water vapour on a distant moon",
      "By HNN Staff | November 18, 2019 at 2:26 PM HST - Updated November 18 at 4:46 PM"],
     BODY, (), "", date(2019, 11, 18), "By HNN Staff"),
    (["Scientists spot water vapour on a distant moon", "By Associated Press | November 18, 2019"],
     BODY, (), "Associated Press", date(2019, 11, 18), "By Associated Press"),
    (["November 18, 2019", "Scientists spot water vapour on a distant moon", "Council members praised the vote"],
     BODY, (), "", date(2019, 11, 18), ""),
    (["Scientists spot water vapour on a distant moon", "Published 03/04/2019", "By Lewis White"],
     [*BODY, "The council meets again on 25/04/2019 to set the date of the next vote on the budget."],
     ("Lewis White",), "", date(2019, 4, 3), "By Lewis White"),
]


@pytest.mark.parametrize("head, body, authors, source, day, not_body", DESK_AND_WIRE)
def test_desk_bylines_datelines_and_surnames_are_read(
    head: list[str], body: list[str], authors: tuple[str, ...], source: str, day: date, not_body: str
) -> None:
    article = parse_text(seed(*head, body=body), allow_undated=True)
    assert article.authors == authors
    assert article.published is not None and article.published.date() == day
    if source:
        assert article.source == source
    if not_body:
        assert not any(not_body in paragraph for paragraph in article.body)


def test_wire_credits_after_the_body_are_the_authors() -> None:
    body = [*BODY, "Reporting by Jane Roe and Amit Shah; Editing by Tom Brown"]
    text = "Council votes to publish the report\nMarch 3, 2021\n\n" + "\n\n".join(body) + "\n\nMore from the council\n"
    article = parse_text(RawSeed(path="seeds/t.txt", kind="text", text=text, sha256="0" * 64))
    assert article.authors == ("Jane Roe", "Amit Shah")


# (dump head, the headline): the page's own title on the first line, a kicker or a breaking-news strip
# above the headline, a standfirst, caption or author name between it and the byline, a deck under it.
ABOVE_META = [
    ("Council report row seems to be over - The Daily Paper\n\nCouncil votes to publish the whole report\n"
     "19 November 2019", "Council votes to publish the whole report"),
    ("BREAKING NEWS\nStorm closes schools across the county\nCouncil votes to publish the whole report\n"
     "By Jane Doe", "Council votes to publish the whole report"),
    ("The Daily Paper Keeping you current\nCouncil votes to publish the whole report\n"
     "Members say the full report will be out by the end of the month, whatever the cost to the town in the end\n"
     "The council hall on Tuesday (Jane Roe/Getty Images)\nBy Jane Doe", "Council votes to publish the whole report"),
    ("Deals of the day\n\nCouncil votes to publish the whole report\nJane Doe\nNov. 18th 2019 8:54 am PT",
     "Council votes to publish the whole report"),
    ("Council votes to publish the whole report\nMembers back the mayor after a long debate\nBy Jane Doe\nMarch 3, 2021",
     "Council votes to publish the whole report"),
    ("Local News\nCouncil votes to publish the whole report\nBy Staff Reports -\n11/20/19 6:38 AM",
     "Council votes to publish the whole report"),
]


@pytest.mark.parametrize("head, headline", ABOVE_META)
def test_headline_is_the_line_above_the_byline_cluster(head: str, headline: str) -> None:
    article = read_head(head)
    assert article.title == headline


# (dump head, the section): a labelled field of a byline or dateline, a label right above or under the
# headline, a path written one label a line; none for a menu under the headline.
SECTION_LABELS = [
    ("Council votes to publish the whole report\nBy Jane Doe | March 3, 2021 -- 19:14 GMT | Topic: Local Politics",
     "Local Politics"),
    ("Council votes to publish the whole report\n03/03/2021 - Publicado por: Jane Doe - Categoria: Saúde - Tags: x",
     "Saúde"),
    ("Council votes to publish the whole report\nMarch 3, 2021/0 Comments/in City Hall /by admin", "City Hall"),
    ("The Daily Paper\nLocal News\nCouncil votes to publish the whole report\nBy Jane Doe\nMarch 3, 2021", "Local News"),
    ("Home\nBoys Swimming\nArticle\nCouncil votes to publish the whole report\nBy Jane Doe\nMarch 3, 2021",
     "Boys Swimming"),
    ("Council votes to publish the whole report\n\nPolitics\n\nShare this:\nMarch 3, 2021", "Politics"),
    ("Council votes to publish the whole report\n\nDaily Paper Store\nFree Courses\nBooks\nMarch 3, 2021", ""),
    ("HomeLOCAL POLITICSCouncil votes to publish the whole report\nCouncil votes to publish the whole report\n"
     "Jane Doe March 3, 2021", "LOCAL POLITICS"),
    ("Home > Local PoliticsCouncil votes to publish the whole report\nCouncil votes to publish the whole report\n"
     "March 3, 2021", "Local Politics"),
    ("InícioSaúdeCouncil votes to publish the whole report\nCouncil votes to publish the whole report\nMarch 3, 2021",
     "Saúde"),
    ("HomeWorldEuropeCouncil votes to publish the whole report\nCouncil votes to publish the whole report\n"
     "March 3, 2021", ""),
    ("Daily PaperCouncil votes to publish the whole report\nCouncil votes to publish the whole report\nMarch 3, 2021",
     ""),
    ("EXCLUSIVE\nCouncil votes to publish the whole report\nBy Jane Doe\nMarch 3, 2021", ""),
]


@pytest.mark.parametrize("head, section", SECTION_LABELS)
def test_section_labels_and_fields_are_read(head: str, section: str) -> None:
    article = read_head(head)
    assert article.category == section


@pytest.mark.parametrize("head, authors", [
    ("Council votes to publish the whole report\nJane Roe Florida Today\nPublished 2:16 AM EST Nov 20, 2019", ("Jane Roe",)),
    ("Council votes to publish the whole report\nDetroit News wire services\nPublished 11:11 PM EST Nov 19, 2019\n"
     "The council hall on Tuesday\nAl Goldis, Associated Press", ()),
])
def test_a_name_with_its_outlet_next_to_the_dateline_is_the_author(head: str, authors: tuple[str, ...]) -> None:
    article = read_head(head)
    assert article.authors == authors


# A blog's meta line: a name beside the date, the post's categories listed after it.
META_LINES = [
    ("Jane Roe 03/03/2021 Comments! Local Politics, City Hall, Budgets", ("Jane Roe",), "Local Politics"),
    ("03/03/2021 Jane Roe All, City Hall, Budget Reviews, News", ("Jane Roe",), "City Hall"),
    ("03/03/2021 Jane Roe News, Budgets, Reviews", ("Jane Roe",), "Budgets"),
    ("Jane Roe March 3, 2021 · 4 min read", ("Jane Roe",), ""),
    ("March 3, 2021 Mary Ann Smith Politics, World, Europe", (), ""),
    ("March 3, 2021, London, Paris, Berlin", (), ""),
    ("Jane Roe - March 3, 2021", ("Jane Roe",), ""),
]


@pytest.mark.parametrize("meta, authors, section", META_LINES)
def test_names_and_category_lists_beside_the_date_are_read(meta: str, authors: tuple[str, ...], section: str) -> None:
    article = read_head("Council votes to publish the whole report\n" + meta)
    assert (article.authors, article.category) == (authors, section)
    assert article.published is not None and article.published.date() == date(2021, 3, 3)


# Lone names: beside a bare time the author; among a slideshow's captions nobody.
LONE_NAMES = [
    ("Health\nCouncil votes to publish the whole report\nJane Roe\nMonday 6:30PM", ("Jane Roe",)),
    ("Council votes to publish the whole report\nJane Roe\n3 hours ago\nMarch 3, 2021", ("Jane Roe",)),
    ("Council votes to publish the whole report\nJane Roe 100 metres\nBob Smith North Diving\nAnn Lee Trinity\n"
     "Posted: Wed 6:45 PM, Mar 3, 2021", ()),
    ("Council votes to publish the whole report\nJane Roe\nBob Smith\nMarch 3, 2021", ("Jane Roe",)),
    ("Council votes to publish the whole report\nJane Roe and Bob Smith\nMarch 3, 2021", ("Jane Roe", "Bob Smith")),
    ("Council votes to publish the whole report\nJane Roe, Bob Smith & Ann Lee\nMarch 3, 2021", ("Jane Roe", "Bob Smith", "Ann Lee")),
    ("Council votes to publish the whole report\nMarch 3, 2021\nWritten by Jane Roe\n"
     "Jane Roe covers city hall for the paper.", ("Jane Roe",)),
    ("Council votes to publish the whole report\nMarch 3, 2021\nThe council hall\nAl Goldis, Associated Press", ()),
    ("Council votes to publish the whole report\nMarch 3, 2021\nJane Roe and the Council", ()),
    ("Council votes to publish the whole report\nJane Roe, The Daily Paper\nMarch 3, 2021", ("Jane Roe",)),
    ("Council votes to publish the whole report\nAl Goldis, Associated Press\nMarch 3, 2021", ()),
    ("Council votes to publish the whole report\nAl Goldis, AP Photo\nMarch 3, 2021", ()),
    ("Council votes to publish the whole report\nAl Goldis, Getty Images\nMarch 3, 2021", ()),
    ("Council votes to publish the whole report\nMarch 3, 2021\nThe council hall\nJane Roe, The Daily Paper", ()),
]


@pytest.mark.parametrize("head, authors", LONE_NAMES)
def test_lone_names_beside_a_time_are_authors_and_caption_lists_are_not(head: str, authors: tuple[str, ...]) -> None:
    article = read_head(head)
    assert article.authors == authors


# Section fields of meta lines: a path with an opener or slashes above the headline, a 'Published in' or
# 'Posted ... in' field, the first field after a date; not a place after a byline's 'in'.
META_SECTIONS = [
    ("You are here: Home > News > Local Politics\n{h}\nBy Jane Doe\nMarch 3, 2021", "Local Politics"),
    ("News / Local Politics\n{h}\nBy Jane Doe\nMarch 3, 2021", "Local Politics"),
    ("{h}\nPublished in Local Politics on March 3, 2021\nBy Jane Doe", "Local Politics"),
    ("{h}\nPosted on March 3, 2021 by Jane Doe in Local Politics", "Local Politics"),
    ("{h}\nBy Jane Doe | March 3, 2021 | Local Politics", "Local Politics"),
    ("{h}\nMarch 3, 2021 · Local Politics · 4 min read\nBy Jane Doe", "Local Politics"),
    ("{h}\nBy Jane Doe in Washington\nMarch 3, 2021", ""),
    ("{h}\nMarch 3, 2021 · 4 min read\nBy Jane Doe", ""),
]


@pytest.mark.parametrize("head, section", META_SECTIONS)
def test_section_fields_of_meta_lines_are_read(head: str, section: str) -> None:
    headline = "Council votes to publish the whole report"
    article = read_head(head.format(h=headline))
    assert (article.title, article.category, article.authors) == (headline, section, ("Jane Doe",))


@pytest.mark.parametrize("tail, authors", [
    ("Jane Roe is a freelance writer based in Leeds.", ("Jane Roe",)),
    ("About the author\nWritten by Jane Roe", ("Jane Roe",)),
    ("Related stories\nJohn Smith is the new chief executive of Acme", ()),
])
def test_an_author_bio_or_box_after_the_story_names_the_author(tail: str, authors: tuple[str, ...]) -> None:
    text = "Council votes to publish the whole report\nMarch 3, 2021\n\n" + "\n\n".join(BODY) + "\n\n" + tail + "\n"
    article = parse_text(RawSeed(path="seeds/t.txt", kind="text", text=text, sha256="0" * 64), allow_undated=True)
    assert article.authors == authors


# (the lines above the story, the headline): the page's <title> printed first with the site's name.
SUFFIXED = [
    ("Council votes to publish the whole report - The Daily Paper\nCouncil votes to publish the whole report\nMarch 3, 2021",
     "Council votes to publish the whole report"),
    ("Council votes to publish the whole report | DAILY PAPER\nMenu\nCouncil votes to publish the whole report\nMarch 3, 2021",
     "Council votes to publish the whole report"),
    ("Jane Roe\nJane Roe - the early years of a council leader\nMarch 3, 2021", "Jane Roe - the early years of a council leader"),
]


@pytest.mark.parametrize("head, headline", SUFFIXED)
def test_the_headline_is_taken_without_the_site_name_of_its_copy(head: str, headline: str) -> None:
    article = read_head(head)
    assert article.title == headline
