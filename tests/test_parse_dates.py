"""Dates: publication and update times, timezone-aware, from the forms dumps use."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newsarchive.parse.boilerplate import is_date_line
from newsarchive.parse.dates import date_order, find_date, find_date_text, find_dates, load_zones

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


# --- the forms news pages print, with the page's own zone kept ---------------------------------

NEWS_DATELINES = [
    ("November 19, 2019 12:04AM ET", "2019-11-19T00:04:00-05:00"),
    ("Nov. 20, 2019 6:02 AM EST", "2019-11-20T06:02:00-05:00"),
    ("By HNN Staff | November 18, 2019 at 2:26 PM HST - Updated November 18 at 4:46 PM", "2019-11-18T14:26:00-10:00"),
    ("Published 10:14 AM EST Nov 19, 2019", "2019-11-19T10:14:00-05:00"),
    ("19/11/2019 14:53 GMT", "2019-11-19T14:53:00+00:00"),
    ("2019-11-19T14:53:00+02:00", "2019-11-19T14:53:00+02:00"),
    ("Tue 19 Nov 2019 09.00 GMT", "2019-11-19T09:00:00+00:00"),
    ("Updated: 5:09 PM CST November 18, 2019", "2019-11-18T17:09:00-06:00"),
    ("July 4, 2019 11:30 PM PT", "2019-07-04T23:30:00-07:00"),  # summer time from the zone's rules
    ("Jan 3, 2020 9:15 am MT", "2020-01-03T09:15:00-07:00"),
    ("March 12, 2021 at 8:00 a.m. AKST", "2021-03-12T08:00:00-09:00"),
    ("12 June 2019 • 17:40 BST", "2019-06-12T17:40:00+01:00"),
    ("20.11.2019, 08:15 Uhr", "2019-11-20T08:15:00+00:00"),
    ("5. Okt. 2019, 14:53 Uhr", "2019-10-05T14:53:00+00:00"),
    ("19 dez. 2019 às 14h53", "2019-12-19T14:53:00+00:00"),
    ("Rabu, 20 November 2019 10:30 WIB", "2019-11-20T10:30:00+07:00"),
    ("19 de noviembre de 2019, 23:50 CET", "2019-11-19T23:50:00+01:00"),
    ("Nov 20, 2019 11:59 PM IST", "2019-11-20T23:59:00+05:30"),
    ("Wednesday 20 November 2019 10:02 AEDT", "2019-11-20T10:02:00+11:00"),
    ("Thursday, November 21st, 2019 at 1:12 a.m. PST", "2019-11-21T01:12:00-08:00"),
    ("19-11-2019 10:00", "2019-11-19T10:00:00+00:00"),
    ("11/20/2019 6:38 AM EST", "2019-11-20T06:38:00-05:00"),
]


@pytest.mark.parametrize("line, expected", NEWS_DATELINES)
def test_news_dateline_keeps_its_own_zone_and_day(line: str, expected: str) -> None:
    found = find_dates(line)[0] or find_dates(line)[1]
    assert found is not None
    assert found.isoformat() == expected
    assert found.date().isoformat() == expected[:10]  # never moved to another calendar day


REFUSED = [
    "1 day ago",
    "Updated 3 hours ago",
    "Posted yesterday at 4:12 PM",
    "Nov 19 at 4pm",  # no year
    "Tuesday, November 19",  # no year
    "19 November",  # no year
    "05/10/2018",  # fifth of October or tenth of May: nothing tells
    "03/04/2020 12:00",  # nothing tells either
    "Copyright 2019 Example Media",
    "In 2019 the council met 12 times",
    "Listen 5:32",
]


@pytest.mark.parametrize("line", REFUSED)
def test_refused_rather_than_guessed(line: str) -> None:
    assert find_dates(line) == (None, None)


ORDERED = [
    # the line's own evidence decides the order of an ambiguous numeric date
    ("05/10/2018 - Publicado por: Clarissa Borba", "2018-10-05"),  # Portuguese: day first
    ("Veröffentlicht am 03/04/2020", "2020-04-03"),  # German
    ("03/04/2020 14:30", "2020-04-03"),  # a 24-hour clock
    ("03/04/2020 9:30 AM EST", "2020-03-04"),  # a North American zone: month first
    ("03/04/2020 09:30 GMT", "2020-04-03"),
    ("11/05/2019 — опубликовано", "2019-05-11"),
]


@pytest.mark.parametrize("line, day", ORDERED)
def test_numeric_order_from_the_line(line: str, day: str) -> None:
    found = find_dates(line)[0]
    assert found is not None and found.date().isoformat() == day


@pytest.mark.parametrize("page, day_first", [
    ("Posted 11/19/2019 ... related: 12/01/2019", False),
    ("Publié le 19/11/2019", True),
    ("21/06/2014 Tony Carter", True),
    ("Nothing here but 05/10/2018", None),
    ("25/12/2019 and 12/25/2019", None),  # both orders on one page: nothing can be told
])
def test_date_order_of_a_page(page: str, day_first: bool | None) -> None:
    assert date_order(page) is day_first


def test_the_page_order_decides_when_given() -> None:
    assert find_dates("05/10/2018", day_first=True)[0].date().isoformat() == "2018-10-05"
    assert find_dates("05/10/2018", day_first=False)[0].date().isoformat() == "2018-05-10"


@pytest.mark.parametrize("line, published, modified", [
    ("Updated Nov 20, 2019; Posted Nov 19, 2019", "2019-11-19", "2019-11-20"),
    ("Publicado em 19/11/2019 | Atualizado em 20/11/2019", "2019-11-19", "2019-11-20"),
    ("Posted Nov 18, 2019 8:19 PM ET | Updated Nov 19, 2019 9:41 AM ET", "2019-11-18", "2019-11-19"),
])
def test_each_date_takes_its_label(line: str, published: str, modified: str) -> None:
    found = find_dates(line)
    assert [d.date().isoformat() if d else None for d in found] == [published, modified]


def test_zones_come_from_the_data_file(tmp_path) -> None:
    (tmp_path / "zones.toml").write_text('[zones]\nXYZ = "+03:30"\nQT = "Europe/Paris"\n', encoding="utf-8")
    zones = load_zones(tmp_path / "zones.toml")
    assert zones["XYZ"].utcoffset(None) == timedelta(hours=3, minutes=30)
    assert datetime(2019, 7, 1, tzinfo=zones["QT"]).utcoffset() == timedelta(hours=2)
    assert set(load_zones()) >= {"ET", "HST", "GMT", "BST", "CET", "IST", "AEDT"}
