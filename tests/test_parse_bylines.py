"""Bylines: who wrote a story, from the many ways dumps name authors."""

from __future__ import annotations

import pytest

from newsarchive.parse.bylines import author_of_bio, looks_like_name, parse_byline, split_authors

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
    ("Jane Doe @janedoe", ("Jane Doe",)),
    ("Jane Doe (@jane_doe)", ("Jane Doe",)),
    ("Analysis by Jane Doe", ("Jane Doe",)),
    ("Story by Jane Doe and John Roe | March 3, 2021", ("Jane Doe", "John Roe")),
    ("Published by Jane Doe on March 3, 2021", ("Jane Doe",)),
    ("Text: Jane Doe", ("Jane Doe",)),
    ("Texto: Jane Doe e John Roe", ("Jane Doe", "John Roe")),
    ("Byline: Jane Doe, Staff Writer", ("Jane Doe",)),
    ("Words: Jane Doe", ("Jane Doe",)),
    ("Jane Doe (Reuters)", ("Jane Doe",)),
    ("By Jane Doe (AP)", ("Jane Doe",)),
]

NOT_BYLINES = [
    "By the end of the year, the company had sold its stake.",
    "He was arrested by police officers on Tuesday",
    "Photo by David Dyer-Bennet",
    "By Staff Reports -",
    "Posted by admin",
    "Share by Mail",
    "Follow us @dailypaper",
    "Breaking News @dailypaper",
    "Jane Doe @janedoe / 2 days",
    "Edited by Jane Doe",
    "Produced by Jane Doe",
    "Text messages by Jane Doe",
    "The story by Jane Doe was read widely",
    "Text: Read the full statement",
    "Reporter: Staff",
    "Photos: John Roe",
    "Council (Reuters)",
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


# --- bylines that carry more than names -------------------------------------------------------

from newsarchive.parse.bylines import (  # noqa: E402
    Byline,
    byline_source,
    parse_byline_parts,
    parse_wire_credits,
    strip_contacts,
)

RICH_BYLINES = [
    # contacts
    ("By Megan Rowe meganr@spokesman.com(509) 459-5382", ("Megan Rowe",), ""),
    ("By Ana Ruiz | ana.ruiz@example.org | 212-555-0143", ("Ana Ruiz",), ""),
    ("By Josh Apte (@joshapte)", ("Josh Apte",), ""),
    ("By Priya Nair @priyanair_news", ("Priya Nair",), ""),
    ("By Tom Lee, tlee@example.com, +44 20 7946 0958", ("Tom Lee",), ""),
    # roles
    ("Steve Peoples, AP National Political Writer", ("Steve Peoples",), ""),
    ("By Robert Burns, AP National Security Writer", ("Robert Burns",), ""),
    ("By Kim Park, Staff Writer", ("Kim Park",), ""),
    ("By Dana Cole, Senior Correspondent", ("Dana Cole",), ""),
    ("Jane Doe, White House Correspondent", ("Jane Doe",), ""),
    ("By Tim Childers - Live Science Contributor", ("Tim Childers",), ""),
    ("Written by Rachael Link, MS, RD on November 14, 2019", ("Rachael Link",), ""),
    ("February 1, 2019 | BY: Ilana Muhlstein, MS, RDN", ("Ilana Muhlstein",), ""),
    # outlets
    ("By Eric Song, IGN Staff", ("Eric Song",), "IGN Staff"),
    ("By Jane Doe, Florida Today", ("Jane Doe",), "Florida Today"),
    ("By Ron Smith, Associated Press", ("Ron Smith",), "Associated Press"),
    ("By Dr. Jane Doe", ("Jane Doe",), ""),
    ("By Prof. Alan Turing, Ph.D.", ("Alan Turing",), ""),
    # splits
    ("By DANICA KIRKA and JILL LAWLESS", ("Danica Kirka", "Jill Lawless"), ""),
    ("By Ann Bell & Carl Dunn", ("Ann Bell", "Carl Dunn"), ""),
    ("By Ann Bell, Carl Dunn, and Dee Fox", ("Ann Bell", "Carl Dunn", "Dee Fox"), ""),
    # names that hold a word that is also a title or an outlet's
    ("by Lewis White", ("Lewis White",), ""),
    ("By Megan Fox and Lewis White", ("Megan Fox", "Lewis White"), ""),
    ("by Regan September 15, 2014", ("Regan",), ""),
    ("05/10/2018 - Publicado por: Clarissa Borba - Categoria: Saúde", ("Clarissa Borba",), ""),
    # agencies and desks: a source, never a person
    ("By Associated Press", (), "Associated Press"),
    ("By The Associated Press", (), "The Associated Press"),
    ("By HNN Staff | November 18, 2019 at 2:26 PM HST", (), "HNN Staff"),
    ("by European Space Agency", (), "European Space Agency"),
    ("By JERUSALEM POST STAFF", (), "JERUSALEM POST STAFF"),
    ("By Detroit News wire services", (), "Detroit News wire services"),
    ("By Reuters", (), "Reuters"),
    ("Associated Press November 19, 2019, 9:02 AM", (), "Associated Press"),
    ("By Staff Report", (), ""),  # a desk with no outlet's name
    ("Posted by admin", (), ""),
    ("By Any Means Necessary", (), ""),
]


@pytest.mark.parametrize("line, authors, source", RICH_BYLINES, ids=[r[0][:40] for r in RICH_BYLINES])
def test_byline_parts(line: str, authors: tuple[str, ...], source: str) -> None:
    assert parse_byline_parts(line) == Byline(authors, source)
    assert parse_byline(line) == authors
    assert byline_source(line) == source


WIRE_CREDITS = [
    ("Reporting by David Shepardson; Editing by Chizu Nomiyama", ("David Shepardson",)),
    ("(Reporting by Ann Saphir and Lindsay Dunsmuir; Editing by Andrea Ricci)", ("Ann Saphir", "Lindsay Dunsmuir")),
    ("Reporting by Kate Holton in London; Additional reporting by Guy Faulconbridge; Writing by Michael Holden; "
     "Editing by Alex Richardson", ("Kate Holton", "Guy Faulconbridge", "Michael Holden")),
    ("Reporting By Jan Wolfe, Editing by Noeleen Walder", ("Jan Wolfe",)),
    ("Editing by Chizu Nomiyama", ()),
    ("Additional reporting by Joseph Hudak", ()),  # adds to a byline given elsewhere
    ("He was accompanied by reporting staff and editors.", ()),
]


@pytest.mark.parametrize("line, authors", WIRE_CREDITS)
def test_wire_credits_name_reporters_not_editors(line: str, authors: tuple[str, ...]) -> None:
    assert parse_wire_credits(line) == authors


@pytest.mark.parametrize("text, expected", [
    ("Megan Rowe meganr@spokesman.com(509) 459-5382", "Megan Rowe"),
    ("Josh Apte (@joshapte)", "Josh Apte"),
    ("Ana Ruiz https://example.org/ana", "Ana Ruiz"),
    ("Tom Lee Twitter: @tomlee", "Tom Lee"),
])
def test_strip_contacts(text: str, expected: str) -> None:
    assert strip_contacts(text) == expected


@pytest.mark.parametrize("line, author", [
    ("Jane Doe is a freelance writer based in Leeds.", "Jane Doe"),
    ("Jane Doe is technology correspondent for The World, a co-production of two broadcasters", "Jane Doe"),
    ("Dr Jane Doe is the author of Cities of Tomorrow.", "Jane Doe"),
    ("Jane Doe was a staff writer for the paper until 2019.", "Jane Doe"),
    ("John Roe is the new chief executive of Acme.", ""),
    ("The mayor is a former reporter.", ""),
    ("Jane Doe covers city hall.", ""),
    ("Smith is a reporter.", ""),
])
def test_an_author_bio_names_its_writer(line: str, author: str) -> None:
    assert author_of_bio(line) == author
