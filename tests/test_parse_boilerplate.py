"""Boilerplate: the rules data file and the body finder, on lines and small dumps."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarchive.parse.boilerplate import count_words, split_lines
from newsarchive.parse.rules import load_rules
from newsarchive.parse.text import parse_text
from newsarchive.seeds import RawSeed

FURNITURE = [
    ("ADVERTISEMENT", "line", "advertisement"),
    ("Story continues below advertisement", "line", "advertisement"),
    ("Share this article", "line", "share-buttons"),
    ("Share on Facebook", "line", "share-buttons"),
    ("Facebook Twitter Email", "line", "share-buttons"),
    ("Image 1 of 8", "line", "image-gallery"),
    ("Related: The 15 Weirdest Galaxies in Our Universe", "line", "related-link"),
    ("CLICK HERE TO GET THE FOX NEWS APP", "line", "call-to-action"),
    ("© 2019 Hearst Communications, Inc.", "line", "copyright"),
    ("Copyright 2019 The Associated Press. All rights reserved.", "line", "copyright"),
    ("Updated: Nov. 19, 2019, 7:10 p.m.", "line", "updated-line"),
    ("Related", "block", "related-links"),
    ("Most Popular", "block", "related-links"),
    ("You may also like", "block", "related-links"),
    ("Related Tags:", "block", "related-tags"),
    ("Tags: ads, awareness, news", "block", "related-tags"),
    ("Story Timeline", "block", "related-links"),
    ("Comments", "tail", "comments"),
    ("12 Comments", "tail", "comments"),
    ("You must log in to post a comment.", "tail", "comments"),
    ("You must be logged in to post a comment.", "tail", "comments"),
    ("Leave a Reply", "tail", "comments"),
    ("Sign up for our daily newsletter", "tail", "newsletter-promo"),
    ("From The Epoch Times", "tail", "source-line"),
    ("About the author", "tail", "author-box"),
    ("Follow the Gazette on Instagram, Facebook, Twitter and YouTube.", "line", "social-follow"),
    ("Follow Jane Doe on Twitter: @janedoe", "line", "social-follow"),
    ("Like us on Facebook", "line", "social-follow"),
    ("follow on twitter", "line", "social-follow"),
    ("This copy is for your personal, non-commercial use only. To order presentation-ready copies for "
     "distribution to your colleagues, clients or customers visit https://www.example.com/reprints.", "line", "licence-notice"),
    ("Distribution and use of this material are governed by our Subscriber Agreement and by copyright law.", "line", "licence-notice"),
    ("Listen to Radio Example live at 8am weekdays - or listen back here.", "line", "listen-live"),
    ("Listen Live", "line", "listen-live"),
    ("Listen to this article (4 minutes)", "line", "listen-live"),
    ("Tell us what YOU think...", "line", "comment-prompt"),
    ("Let us know what you think in the comments below!", "line", "comment-prompt"),
    ("Get access to this article", "line", "paywall-promo"),
    ("Get unlimited access to our journalism for just $1 a week", "line", "paywall-promo"),
    ("Get access to the Gazette's premium financial service for as little as $5 for the first year. Use the code "
     "SAVE. Gazette Pro offers all the information you need, independent research and analysis, on the website "
     "or in the mobile app, with a free trial for new readers who sign up today.", "line", "paywall-promo"),
    ("Follow all of our coverage of the election at https://www.example.com/election", "line", "coverage-link"),
    ("In this article", "block", "related-tags"),
    ("In This Article: AAPL, GOOG", "block", "related-tags"),
    ("Tags Budget Council Roads", "block", "related-tags"),
]

STORY_LINES = [
    "Share prices fell sharply after the announcement on Tuesday.",
    "Related research has shown that the effect is small.",
    "Comments from the minister were not welcome, critics said.",
    "Advertisement spending rose 4% in the quarter.",
    "Sign up for a Hulu ad-free account for $11.99 a month",
    "From the start, the plan was to build a bridge.",
    "Most popular among voters was the promise of lower taxes.",
    "Updated figures show that 1,200 people were affected.",
    "In this article, and in the coming weeks, I will explain how the plan works.",
    "In this article we look at the five biggest changes to the tax code",
    "Tags are small devices that track the animals through the forest.",
    "Topics discussed included trade, security and climate change.",
    "Follow the money, investigators said on Tuesday.",
    "Follow the instructions on the packet carefully.",
    "Fans were urged to follow the team on Twitter for updates, the coach said.",
    "Like many others on Twitter, she was surprised by the news.",
    "Listen to the people who live in the valley, the report urged.",
    "Listen to your doctor.",
    "Tell us what you think, the mayor told residents at the meeting.",
    "Get access to your credit report for free by visiting the official website.",
    "Get access to clean water, the charity urged donors to help villages.",
    "This copy of the report was given to the committee on Tuesday.",
    "Coverage of the trial will continue on our website.",
]


@pytest.mark.parametrize("line, kind, name", FURNITURE)
def test_rule_matches_furniture(line: str, kind: str, name: str) -> None:
    rules = load_rules()
    found = [(k, r.name) for k in ("tail", "block", "line") if (r := rules.match(line, k, count_words(line)))]
    assert found and found[0] == (kind, name)


@pytest.mark.parametrize("line", STORY_LINES)
def test_rules_leave_story_sentences_alone(line: str) -> None:
    rules = load_rules()
    assert not any(rules.match(line, kind) for kind in ("line", "block", "tail"))


def test_every_rule_has_a_name_and_a_known_kind() -> None:
    for rule in load_rules():
        assert rule.name and rule.kind in ("line", "block", "tail")


def test_rules_only_remove_lines_within_their_word_limit() -> None:
    rules = load_rules()
    notice = "This copy is for your personal, non-commercial use only."
    assert rules.match(notice, "line", 200) is None
    assert rules.match("Listen Live " + "word " * 40, "line") is None  # the pattern itself bounds it
    assert rules.match("Share this article", "line", 40) is None


def test_user_rules_file_extends_the_shipped_rules(tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text("[[line]]\nname = 'house-promo'\npattern = '^Buy the Gazette.*$'\n", encoding="utf-8")
    rules = load_rules((str(extra),))
    assert rules.match("Buy the Gazette today!", "line").name == "house-promo"


def test_bad_user_pattern_names_file_and_rule(tmp_path: Path) -> None:
    extra = tmp_path / "bad.toml"
    extra.write_text("[[line]]\nname = 'broken'\npattern = '(unclosed'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="broken"):
        load_rules((str(extra),))


PARAGRAPH = "The council voted on {} to approve the new budget, which adds money for roads, parks and schools."


def dump(*lines: str) -> RawSeed:
    text = "\n\n".join(lines)
    return RawSeed(path="seeds/test.txt", kind="text", text=text, sha256="0" * 64)


def paragraphs(n: int, start: int = 1) -> list[str]:
    return [PARAGRAPH.format(f"day {i}") for i in range(start, start + n)]


def test_short_lines_inside_the_body_stay() -> None:
    article = parse_text(dump(
        "Council approves budget", "By Ann Bell", "March 3, 2020",
        *paragraphs(3), "What comes next", *paragraphs(2, 4), "“No.”", *paragraphs(2, 6),
        "Most Popular", "Dog saves cat", "Storm hits coast", "Cat saves dog",
    ))
    assert "What comes next" in article.body and "“No.”" in article.body
    assert len(article.body) == 9
    assert "Dog saves cat" not in article.text


def test_link_list_inside_the_body_is_removed() -> None:
    article = parse_text(dump(
        "Council approves budget", "March 3, 2020", *paragraphs(3),
        "Related", "Mayor resigns", "Roads to close in June", *paragraphs(3, 4),
    ))
    assert article.body == tuple(paragraphs(6))
    rules = {r.text: r.rule for r in article.removed}
    assert rules["Related"] == "related-links"
    assert rules["Mayor resigns"] == "related-links-list"


def test_comments_after_the_story_are_removed() -> None:
    comments = [f"I have lived here for {i} years and the roads have never been worse than they are now." for i in range(8)]
    article = parse_text(dump(
        "Council approves budget", "March 3, 2020", *paragraphs(4),
        "Leave a Reply", "You must be logged in to post a comment.", *comments,
    ))
    assert article.body == tuple(paragraphs(4))


def test_page_copied_twice_keeps_one_copy() -> None:
    story = paragraphs(5)
    article = parse_text(dump("Council approves budget", "March 3, 2020", *story, *story))
    assert article.body == tuple(story)


def test_list_after_a_colon_continues_the_body() -> None:
    article = parse_text(dump(
        "Tour announced", "March 3, 2020", *paragraphs(3), "The dates are:",
        "June 9 -- Arena, Tampa, FL", "June 10 -- Hall, Miami, FL", "June 12 -- Park, Orlando, FL",
        "Share this article",
    ))
    assert article.body[-1] == "June 12 -- Park, Orlando, FL"


def test_every_left_out_line_is_recorded_with_a_rule() -> None:
    raw = dump(
        "Council approves budget", "Politics", "By Ann Bell", "March 3, 2020", "ADVERTISEMENT",
        *paragraphs(3), "Share this article", "Facebook", "Sign up for our daily newsletter", "Get it now",
    )
    article = parse_text(raw)
    numbers = {line.number for line in split_lines(raw.text)}
    body_numbers = numbers - {r.line for r in article.removed}
    assert len(body_numbers) == len(article.body)
    assert all(r.rule for r in article.removed)
