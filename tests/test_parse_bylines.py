"""Bylines: who wrote a story, from the many ways dumps name authors."""

from __future__ import annotations

import pytest

from newsarchive.parse.bylines import looks_like_name, parse_byline, split_authors

BYLINES = [
    ("By Frank Fang", ("Frank Fang",)),
    ("By Lia Eustachewich and Yaron Steinbuch", ("Lia Eustachewich", "Yaron Steinbuch")),
    ("By Stefan Becket, Kathryn Watson and Grace Segers", ("Stefan Becket", "Kathryn Watson", "Grace Segers")),
    ("By Anna Lee, Bo Chen, and Cara Diaz", ("Anna Lee", "Bo Chen", "Cara Diaz")),
    ("BY: Mary O'Neil", ("Mary O'Neil",)),
    ("Author: Jane Roe", ("Jane Roe",)),
    ("Written by Pat Quinn", ("Pat Quinn",)),
    ("by Laura Winter", ("Laura Winter",)),
    ("Dee-Ann Durbin, AP Auto Writer", ("Dee-Ann Durbin",)),
    ("Steve Peoples, Ap National Political Writer", ("Steve Peoples",)),
    ("By Ron Smith, Associated Press", ("Ron Smith",)),
    ("By Troy L. Smith, Cleveland.com", ("Troy L. Smith",)),
    ("By Amy Kuperinsky | NJ Advance Media for NJ.com", ("Amy Kuperinsky",)),
    ("By Andy Sahadeo | Fox News", ("Andy Sahadeo",)),
    ("By Jason Cipriani | November 18, 2019 -- 19:14 GMT | Topic: Hardware", ("Jason Cipriani",)),
    ("By Matthew Digby , Minh Do on Monday, November 18th, 2019 at 11:08 a.m.", ("Matthew Digby", "Minh Do")),
    ("5:45 AM PST 11/19/2019 by Patrick Shanley", ("Patrick Shanley",)),
    ("By FEDERICA LUSIARDI - 2019-04-10", ("Federica Lusiardi",)),
    ("By Michael HiltzikBusiness Columnist", ("Michael Hiltzik",)),
    ("By Ludwig van Beethoven", ("Ludwig van Beethoven",)),
    ("Words by Jane Doe | Photos by Bob Roe", ("Jane Doe",)),
]

NOT_BYLINES = [
    "By the end of the year, the company had sold its stake.",
    "He was arrested by police officers on Tuesday",
    "Photo by David Dyer-Bennet",
    "By Staff Reports -",
    "Posted by admin",
    "Share by Mail",
]


@pytest.mark.parametrize("line, authors", BYLINES)
def test_byline_names_its_authors(line: str, authors: tuple[str, ...]) -> None:
    assert parse_byline(line) == authors


@pytest.mark.parametrize("line", NOT_BYLINES)
def test_line_that_is_not_a_byline(line: str) -> None:
    assert parse_byline(line) == ()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Frank Fang", True),
        ("Mary-Kate O'Brien", True),
        ("Key Points", False),
        ("Local News", False),
        ("Getty Images", False),
        ("EMAIL ME", False),
        ("the end", False),
        ("Madonna", False),  # one word is too little to call a name
    ],
)
def test_looks_like_name(text: str, expected: bool) -> None:
    assert looks_like_name(text) is expected


def test_split_authors_drops_duplicates_and_roles() -> None:
    assert split_authors("Ann Bell, Ann Bell and Carl Dunn, Staff Writer") == ("Ann Bell", "Carl Dunn")
