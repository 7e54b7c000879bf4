"""Image captions and photo credits: metadata, kept out of the body."""

from __future__ import annotations

import pytest

from newsarchive.parse.credits import parse_credit_line, split_caption_credit

CREDIT_LINES = [
    ("Photo: Hau Dinh, AP", "Hau Dinh, AP"),
    ("(Image: © TNG Collaboration)", "TNG Collaboration"),
    ("Natalie Naccache | Bloomberg | Getty Images", "Natalie Naccache | Bloomberg | Getty Images"),
    ("Alex Wong | Getty Images", "Alex Wong | Getty Images"),
    ("(Jacquelyn Martin / Associated Press)", "Jacquelyn Martin / Associated Press"),
    ("Photo by Jason Kempin/Getty Images", "Jason Kempin/Getty Images"),
    ("Courtesy of Andrew Vaughan", "Andrew Vaughan"),
    ("Credit: iStock", "iStock"),
    ("Image copyright Getty Images", "Getty Images"),
    ("© REUTERS / POOL", "REUTERS / POOL"),
    ("PHOTO CREDIT: Jane Roe/The Daily Planet", "Jane Roe/The Daily Planet"),
    ("Picture: Mark Lee/Reuters", "Mark Lee/Reuters"),
]

NOT_CREDITS = [
    "He said the AP had reported it first.",
    "Smith, Jones and Brown",
    "The photo shows a man on a bridge, police said.",
    "Photography is his passion, and he has shot weddings for a decade in three states.",
]

CAPTIONS = [
    ("U.S. Secretary of State Antony Blinken speaks in Munich (Jim Watson/AFP via Getty Images)",
     ("U.S. Secretary of State Antony Blinken speaks in Munich", "Jim Watson/AFP via Getty Images")),
    ("China has warned it will act (Image: GETTY )", ("China has warned it will act", "GETTY")),
    ("Roughly 13,000 US troops remain in Afghanistan [File: Reuters]",
     ("Roughly 13,000 US troops remain in Afghanistan", "Reuters")),
    ("The border check point near Nogales, Ariz. (AP)", ("The border check point near Nogales, Ariz.", "AP")),
    ("A hunter killed and ate a rabbitCredit: Getty - Contributor",
     ("A hunter killed and ate a rabbit", "Getty - Contributor")),
    ("Fans wait outside the arena on Sunday. (Photo courtesy of the city)",
     ("Fans wait outside the arena on Sunday.", "the city")),
]

NOT_CAPTIONS = [
    "He met the president (who was late).",
    "The company (which makes phones) reported a loss.",
    "Sales rose 4% (to $2.8 billion) in the quarter.",
]


@pytest.mark.parametrize("line, credit", CREDIT_LINES)
def test_credit_line(line: str, credit: str) -> None:
    assert parse_credit_line(line) == credit


@pytest.mark.parametrize("line", NOT_CREDITS)
def test_not_a_credit_line(line: str) -> None:
    assert parse_credit_line(line) is None


@pytest.mark.parametrize("line, expected", CAPTIONS)
def test_caption_with_credit(line: str, expected: tuple[str, str]) -> None:
    assert split_caption_credit(line) == expected


@pytest.mark.parametrize("line", NOT_CAPTIONS)
def test_sentence_with_parentheses_is_not_a_caption(line: str) -> None:
    assert split_caption_credit(line) is None
