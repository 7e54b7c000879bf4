"""Dates: publication and update times, timezone-aware, from the forms dumps use."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newsarchive.parse.boilerplate import is_date_line
from newsarchive.parse.dates import find_date, find_date_text, find_dates

UTC = timezone.utc
EST = timezone(timedelta(hours=-5))

DATELINES = [
    ("February 24, 2023China News", "2023-02-24T00:00:00+00:00"),
    ("Feb. 24, 2023", "2023-02-24T00:00:00+00:00"),
    ("Sept. 3, 2019 8:03 am ET", "2019-09-03T08:03:00-04:00"),
    ("Nov. 19, 2019, 6:18 p.m.", "2019-11-19T18:18:00+00:00"),
    ("24 February 2023", "2023-02-24T00:00:00+00:00"),
    ("Mon 18 Nov 2019 18.54 GMT", "2019-11-18T18:54:00+00:00"),
    ("19 Nov 2019 05:44 GMT", "2019-11-19T05:44:00+00:00"),
    ("Monday, November 18th, 2019 at 11:08 a.m.", "2019-11-18T11:08:00+00:00"),
    ("2019-11-18T20:51:19+00:00", "2019-11-18T20:51:19+00:00"),
    ("2019-04-10", "2019-04-10T00:00:00+00:00"),
    ("11/19/2019", "2019-11-19T00:00:00+00:00"),
    ("21/06/2014", "2014-06-21T00:00:00+00:00"),
    ("18.11.2019", "2019-11-18T00:00:00+00:00"),
    ("11/20/19 6:38 AM", "2019-11-20T06:38:00+00:00"),
    ("5:45 AM PST 11/19/2019", "2019-11-19T05:45:00-08:00"),
    ("1:39 am EST, Wednesday, November 20, 2019", "2019-11-20T01:39:00-05:00"),
    ("10:48, Tue, Nov 19, 2019", "2019-11-19T10:48:00+00:00"),
    ("Published 11:11 PM EST Nov 19, 2019", "2019-11-19T23:11:00-05:00"),
    ("Nov 15, 20195:45 AM", "2019-11-15T05:45:00+00:00"),
    ("Published Wed, Nov 20 20194:29 AM ESTUpdated an hour ago", "2019-11-20T04:29:00-05:00"),
    ("Nov 20, 2019 01:41 PM IST", "2019-11-20T13:41:00+05:30"),
    ("March 3, 2020 4:00 p.m. (UTC+2)", "2020-03-03T16:00:00+02:00"),
    ("LinkNaija August 08, 2018", "2018-08-08T00:00:00+00:00"),
    # other languages: month names, 'de', ordinal dots, East Asian year-month-day
    ("sexta-feira, 22 de outubro de 2010 às 20:13", "2010-10-22T20:13:00+00:00"),
    ("2 de agosto del 2019", "2019-08-02T00:00:00+00:00"),
    ("Posted on Maret 30, 2015 by Admin", "2015-03-30T00:00:00+00:00"),
    ("3. März 2021, 14:05 Uhr", "2021-03-03T14:05:00+00:00"),
    ("le 3 février 2021", "2021-02-03T00:00:00+00:00"),
    ("12 giugno 2019", "2019-06-12T00:00:00+00:00"),
    ("27 oktober 2015", "2015-10-27T00:00:00+00:00"),
    ("3 марта 2021 г.", "2021-03-03T00:00:00+00:00"),
    ("3 Mart 2021", "2021-03-03T00:00:00+00:00"),
    ("2021年3月3日 10:30", "2021-03-03T10:30:00+00:00"),
    ("2021년 3월 3일", "2021-03-03T00:00:00+00:00"),
]


@pytest.mark.parametrize("line, expected", DATELINES)
def test_date_in_line(line: str, expected: str) -> None:
    found = find_date(line)
    assert found is not None and found.tzinfo is not None
    assert found.isoformat() == expected


@pytest.mark.parametrize(
    "line",
    [
        "The company sold 2,019 units in 14 days.",
        "Version 3.2 is out",
        "Call 555-0199 for details",
        "Updated an hour ago",
        "Updated Nov 19, 6:55 AM",  # no year: no date rather than a guessed one
        "The rover landed on Mars in 2021",
        "Walmart 3, 2021 results",
    ],
)
def test_no_date_in_line(line: str) -> None:
    assert find_date_text(line) is None


@pytest.mark.parametrize(
    "line, published, modified",
    [
        ("PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, Nov 19, 2019",
         "2019-11-19T10:48:00+00:00", "2019-11-19T11:05:00+00:00"),
        ("Mon 18 Nov 2019 18.54 GMT Last modified on Mon 18 Nov 2019 18.56 GMT",
         "2019-11-18T18:54:00+00:00", "2019-11-18T18:56:00+00:00"),
        ("Updated 5:27 am CST, Wednesday, November 20, 2019", None, "2019-11-20T05:27:00-06:00"),
        ("November 19, 2019 | 4:20am | Updated November 19, 2019 | 9:32pm",
         "2019-11-19T04:20:00+00:00", "2019-11-19T21:32:00+00:00"),
        ("Published: Nov. 19, 2019, 6:18 p.m. Updated: Nov. 19, 2019, 7:10 p.m.",
         "2019-11-19T18:18:00+00:00", "2019-11-19T19:10:00+00:00"),
    ],
)
def test_published_and_updated(line: str, published: str | None, modified: str | None) -> None:
    found = find_dates(line)
    assert [d.isoformat() if d else None for d in found] == [published, modified]


def test_default_zone_applies_when_the_line_names_none() -> None:
    assert find_date("March 1, 2021", EST) == datetime(2021, 3, 1, tzinfo=EST)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Nov. 19, 2019", True),
        ("August 8, 2018 at 3:17 pm", True),
        ("Posted on March 3, 2020", True),
        ("The vote on March 3, 2020 was close, and the count took a week.", False),
        ("June 9 -- Coral Sky Amphitheatre, West Palm Beach, FL", False),
    ],
)
def test_is_date_line(line: str, expected: bool) -> None:
    assert is_date_line(line) is expected
