"""Finding publication dates in dump lines, timezone-aware, with dateutil."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

# North American abbreviations name a zone (so summer time is right); the rest are fixed offsets.
TZ_NAMES: dict[str, tzinfo] = {
    "ET": ZoneInfo("America/New_York"),
    "EST": ZoneInfo("America/New_York"),
    "EDT": ZoneInfo("America/New_York"),
    "CT": ZoneInfo("America/Chicago"),
    "CST": ZoneInfo("America/Chicago"),
    "CDT": ZoneInfo("America/Chicago"),
    "MT": ZoneInfo("America/Denver"),
    "MST": ZoneInfo("America/Denver"),
    "MDT": ZoneInfo("America/Denver"),
    "PT": ZoneInfo("America/Los_Angeles"),
    "PST": ZoneInfo("America/Los_Angeles"),
    "PDT": ZoneInfo("America/Los_Angeles"),
    "GMT": timezone.utc,
    "UTC": timezone.utc,
    "Z": timezone.utc,
    "BST": timezone(timedelta(hours=1)),
    "CET": timezone(timedelta(hours=1)),
    "CEST": timezone(timedelta(hours=2)),
    "IST": timezone(timedelta(hours=5, minutes=30)),
    "JST": timezone(timedelta(hours=9)),
    "AEST": timezone(timedelta(hours=10)),
    "AEDT": timezone(timedelta(hours=11)),
}

MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
TIME = r"(?:\s*,?\s*(?:at\s+)?\d{1,2}(?::\d{2}){1,2}\s*(?:[ap]\.?m\.?)?|\s*,?\s*\d{1,2}\s*[ap]\.?m\.?)?"
ZONE = r"(?:\s*\(?(?:" + "|".join(sorted(TZ_NAMES, key=len, reverse=True)) + r")\)?(?![A-Za-z]))?"
DATE_PATTERNS = [
    # ISO 8601: 2023-02-24, 2023-02-24T10:00:00+00:00
    re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"),
    # February 24, 2023 / Feb. 24, 2023 8:03 am ET
    re.compile(MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}" + TIME + ZONE, re.I),
    # 24 February 2023
    re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s+" + MONTHS + r",?\s+\d{4}" + TIME + ZONE, re.I),
    # 11/19/2019 (US order)
    re.compile(r"\d{1,2}/\d{1,2}/\d{4}" + TIME + ZONE, re.I),
    # 1:39 am EST, Wednesday, November 20, 2019 (time first)
    re.compile(
        r"\d{1,2}:\d{2}\s*[ap]\.?m\.?\s*" + ZONE + r"\s*,?\s*(?:\w+day,?\s*)?" + MONTHS + r"\s+\d{1,2},?\s+\d{4}",
        re.I,
    ),
]
UPDATED = re.compile(r"^\s*(updated|last updated|modified|updated on)\b", re.I)


class _TzInfos(dict):
    def __missing__(self, key: str) -> tzinfo | None:  # pragma: no cover - dateutil API detail
        return None


def find_date_text(line: str) -> str | None:
    """The first date-like substring of a line, or None."""
    best: re.Match[str] | None = None
    for pattern in DATE_PATTERNS:
        match = pattern.search(line)
        if match and (best is None or match.start() < best.start()):
            best = match
    return best.group(0) if best else None


def parse_date(text: str, default_tz: tzinfo = timezone.utc) -> datetime | None:
    """Parse one date string into an aware datetime; None when it is not a date."""
    cleaned = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", text)
    cleaned = re.sub(r"\b([ap])\.m\.", r"\1m", cleaned, flags=re.I).replace("(", " ").replace(")", " ")
    cleaned = re.sub(r"\bat\b", " ", cleaned)
    zone = None
    for name in sorted(TZ_NAMES, key=len, reverse=True):
        if re.search(r"(?<![A-Za-z])" + name + r"(?![A-Za-z])", cleaned):
            zone = TZ_NAMES[name]
            cleaned = re.sub(r"(?<![A-Za-z])" + name + r"(?![A-Za-z])", " ", cleaned)
            break
    try:
        value = dateutil_parser.parse(cleaned, fuzzy=True, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return None
    if not 1800 <= value.year <= 2200:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone or default_tz)
    return value


def find_date(line: str, default_tz: tzinfo = timezone.utc) -> datetime | None:
    """The date a line holds, parsed, or None."""
    text = find_date_text(line)
    return parse_date(text, default_tz) if text else None


def is_updated_line(line: str) -> bool:
    """True for 'Updated ...' / 'Last modified ...' lines."""
    return bool(UPDATED.match(line))
