"""Finding publication dates in dump lines, timezone-aware, with dateutil.

A regular expression finds the date-like part of a line (month names and their abbreviations,
numeric and ISO forms, with a time and a zone before or after, glued to other text or not);
dateutil parses that part. Only lines that may hold a date are parsed: callers test short lines.
"""

from __future__ import annotations

import re
import tomllib
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

ZONES_FILE = Path(__file__).resolve().parent.parent / "rules" / "zones.toml"
OFFSET_VALUE = re.compile(r"^([+-])(\d{2}):(\d{2})$")


def load_zones(path: Path = ZONES_FILE) -> dict[str, tzinfo]:
    """Zone abbreviations from the data file: an IANA name (summer time right) or a fixed offset."""
    zones: dict[str, tzinfo] = {}
    for name, value in tomllib.loads(path.read_text(encoding="utf-8")).get("zones", {}).items():
        offset = OFFSET_VALUE.match(value)
        if offset:
            sign = -1 if offset.group(1) == "-" else 1
            delta = timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3)))
            zones[name] = timezone.utc if not delta else timezone(sign * delta)
        else:
            zones[name] = ZoneInfo(value)
    return zones


TZ_NAMES: dict[str, tzinfo] = load_zones()

ENGLISH_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# Full month names in other languages written with the Latin or Cyrillic alphabet (Portuguese,
# Spanish, French, German, Italian, Dutch, Indonesian, Turkish, Russian with its genitive forms),
# mapped to the month. Only names that no other language uses for another month.
FOREIGN_MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            "janeiro enero janvier januar jänner gennaio januari ocak январь января",
            "fevereiro febrero février fevrier februar febbraio februari şubat subat февраль февраля",
            "março marco marzo mars märz maret maart mart март марта",
            "abril avril aprile nisan апрель апреля",
            "maio mayo mai maggio mei mayıs mayis май мая",
            "junho junio juin juni giugno haziran июнь июня",
            "julho julio juillet juli luglio temmuz июль июля",
            "agosto août aout agustus augustus ağustos agustos август августа",
            "setembro septiembre setiembre septembre settembre eylül eylul сентябрь сентября",
            "outubro octubre octobre oktober ottobre ekim октябрь октября",
            "novembro noviembre novembre kasım kasim ноябрь ноября",
            "dezembro diciembre décembre decembre dezember dicembre desember aralık aralik декабрь декабря",
        ),
        start=1,
    )
    for name in names.split()
}
# Abbreviated month names of those languages ("19 nov. 2019", "5. Okt. 2019", "20 out 2019"), read
# only with the day before them (as those languages write it), so a word such as "out" or "set"
# before a number is never taken for a month.
FOREIGN_ABBREVIATIONS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            "jan janv ene gen",
            "fev fév févr fevr feb",
            "mär mrz",
            "abr avr",
            "mai mag mei",
            "jun juin giu",
            "jul juil lug",
            "ago agu ags aoû",
            "set",
            "out okt ott",
            "nov",
            "dez déc dic des",
        ),
        start=1,
    )
    for name in names.split()
}
FOREIGN_MONTH = "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True))
FOREIGN_ABBREVIATION = "|".join(sorted(FOREIGN_ABBREVIATIONS, key=len, reverse=True))
MONTH = rf"(?:{ENGLISH_MONTH}|(?:{FOREIGN_MONTH})(?![^\W\d_]))"
DAY_MONTH = rf"(?:{MONTH}|(?:{FOREIGN_ABBREVIATION})(?![^\W\d_])\.?)"
WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?"
YEAR = r"(?:19|20)\d{2}"
CLOCK = r"\d{1,2}(?:[:.]\d{2}){1,2}(?:\s*[ap]\.?\s?m\.?)?(?![\d.])|\d{1,2}\s*[ap]\.?m\.?(?![a-z])|\d{1,2}h\d{2}(?!\d)"
TIME = rf"(?<!\d)(?:{CLOCK})(?:\s*(?:uhr|hrs?|horas?)\b)?"
ZONE_NAMES = "|".join(sorted(TZ_NAMES, key=len, reverse=True))
# Zone names are matched in capitals only ("ET", never the word "et").
ZONE = rf"(?:\(?(?:GMT|UTC)?\s?[+-]\d{{1,2}}(?::?\d{{2}})?(?!\d)\)?|\(?(?-i:{ZONE_NAMES})\)?(?!(?-i:[a-z])))"
DAY = r"\d{1,2}(?:st|nd|rd|th)?"

CORE = (
    rf"(?<!\d){YEAR}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?"
    rf"|\b{MONTH}\s*{DAY},?\s+{YEAR}"
    rf"|(?<!\d){DAY}\.?\s+(?:de\s+)?{DAY_MONTH},?\s+(?:de\s+|del\s+)?{YEAR}"
    rf"|(?<!\d){YEAR}\s?[年년]\s?\d{{1,2}}\s?[月월]\s?\d{{1,2}}\s?[日일]?"
    rf"|(?<![\d/.]){YEAR}/\d{{1,2}}/\d{{1,2}}(?![\d/])"
    rf"|(?<![\d/.-])\d{{1,2}}[/-]\d{{1,2}}[/-](?:{YEAR}|\d{{2}})(?![\d/-])"
    rf"|(?<![\d/.])\d{{1,2}}\.\d{{1,2}}\.{YEAR}(?!\d)"
)
# The time and zone may come after the date ("Nov. 19, 2019, 6:18 p.m. ET", glued "20194:29 AM")
# or before it ("10:48, Tue, Nov 19, 2019", "5:45 AM PST 11/19/2019").
GLUED_TIME = rf"(?:{CLOCK})(?:\s*(?:uhr|hrs?|horas?)\b)?"
AFTER = (
    rf"(?:\s*(?:,|\||at|um|à|às|a las|alle|ore|pukul|в|@|[-–—•·]{{1,2}}|/)?\s*"
    rf"(?:{WEEKDAY},?\s*)?(?:{GLUED_TIME})(?:\s*{ZONE})?"
    rf"|\s*{ZONE}(?=\s|$|[,|;]))?"
)
BEFORE = rf"(?:(?:{TIME})(?:\s*{ZONE})?\s*(?:,|\||-|–|—|•|·|on)?\s*(?:{WEEKDAY},?\s*)?|(?:{WEEKDAY},?\s*))?"
DATE = re.compile(rf"{BEFORE}(?:{CORE}){AFTER}", re.I)
# Every date form above holds a four-digit year or a d/m/yy date: a fast test before the slow search.
DATE_HINT = re.compile(rf"{YEAR}|\d[/-]\d{{1,2}}[/-]\d\d")

UPDATED = re.compile(r"^\s*(?:last\s+)?(?:updated|modified|edited)\b", re.I)
UPDATED_SPLIT = re.compile(r"(?:last\s+)?(?:updated|modified|edited)\b", re.I)
# The words that label a date as an update or as the publication, in the supported languages.
UPDATE_LABEL = re.compile(
    r"(?:last\s+)?(?:updated|modified|edited|update|atualizado|actualizado|actualizada|aktualisiert|"
    r"mis à jour|mise à jour|aggiornato|diperbarui|diperbaharui|обновлено|güncellenme)\b",
    re.I,
)
PUBLISH_LABEL = re.compile(
    r"(?:first\s+)?(?:published|posted|publicado|publicada|publié|veröffentlicht|erschienen|pubblicato|"
    r"diterbitkan|dipublikasikan|опубликовано|yayınlanma)\b",
    re.I,
)
ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.I)
MERIDIEM = re.compile(r"\b([ap])\.?\s?m\.?", re.I)
DOT_TIME = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{2})(?![\d.])")
H_TIME = re.compile(r"(?<!\d)(\d{1,2})h(\d{2})(?!\d)")
TIME_WORD = re.compile(r"\b(?:uhr|hrs?|horas?|um|à|às|a las|alle|ore|pukul|в)\b", re.I)
GLUED_YEAR = re.compile(rf"({YEAR})(?=\d{{1,2}}:\d{{2}})")
NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,4})([/.-])(\d{1,2})\2(\d{2,4})(?![\d/-])")
ZONE_WORD = re.compile(rf"\(?(?<![A-Za-z])({ZONE_NAMES})(?![A-Za-z])\)?")
OFFSET = re.compile(r"(?:GMT|UTC)\s?([+-])(\d{1,2})(?::?(\d{2}))?(?!\d)", re.I)
NOISE = re.compile(r"[|,;@–—•·]|\bat\b", re.I)
EAST_ASIAN = re.compile(r"(\d{4})\s?[年년]\s?(\d{1,2})\s?[月월]\s?(\d{1,2})\s?[日일]?")
FOREIGN = re.compile(
    rf"(?<![^\W\d_])(?:{FOREIGN_MONTH})(?![^\W\d_])|(?<=\d)\s+(?:de|del)\s+(?=[^\W\d_])|(?<=[^\W\d_])\s+(?:de|del)\s+(?=\d)",
    re.I,
)
FOREIGN_SHORT = re.compile(rf"(?<=\d)(\.?\s+)({FOREIGN_ABBREVIATION})(?![^\W\d_])\.?", re.I)
ENGLISH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December")
# Evidence, in a line or a page, of the order of a numeric date's day and month. Day first: words
# of the languages that write it so, Cyrillic, a 24-hour clock, or a European or Asian zone; month
# first: a North American zone.
DAY_FIRST_WORDS = re.compile(
    r"\b(?:publicad[oa]|atualizad[oa]|actualizad[oa]|por|em|às|de|del|le|par|publié|mis|à|am|um|von|uhr|"
    r"aktualisiert|veröffentlicht|stand|oleh|pada|diterbitkan|diperbarui|pukul|wib|alle|ore|pubblicato|di|"
    r"tarih|güncellenme)\b|[\u0400-\u04ff]",
    re.I,
)
DAY_FIRST_ZONES = re.compile(
    r"(?<![A-Za-z])(?:GMT|BST|CET|CEST|MEZ|MESZ|EET|EEST|WET|WEST|MSK|IST|WIB|SGT|HKT|AEST|AEDT|JST|SAST|WAT|EAT)(?![A-Za-z])"
)
MONTH_FIRST_ZONES = re.compile(r"(?<![A-Za-z])(?:ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|AKST|AKDT|HST)(?![A-Za-z])")
CLOCK_24 = re.compile(r"(?<![\d.:])(?:1[3-9]|2[0-3])[:.h]\d{2}(?!\s*[ap]\.?m)", re.I)
NUMERIC_PAIR = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(?:\d{4}|\d{2})(?![\d/-])")


def _english_month(match: re.Match[str]) -> str:
    """A foreign month name as its English name; a Spanish/Portuguese 'de' between parts as a space."""
    number = FOREIGN_MONTHS.get(match.group(0).lower())
    return ENGLISH_NAMES[number] if number else " "


def _english_abbreviation(match: re.Match[str]) -> str:
    """An abbreviated foreign month after the day ('19 dez.') as its English name."""
    return f" {ENGLISH_NAMES[FOREIGN_ABBREVIATIONS[match.group(2).lower()]]}"


def search_date(text: str) -> re.Match[str] | None:
    """The first date in the text (with its time and zone), as DATE.search, but fast on text without one."""
    return DATE.search(text) if DATE_HINT.search(text) else None


def find_date_text(line: str) -> str | None:
    """The first date-like substring of a line (with its time and zone), or None."""
    match = search_date(line)
    return match.group(0).strip(" ,|-–—/•·") if match else None


def date_order(text: str) -> bool | None:
    """Whether the numeric dates of a line or page put the day first (True), the month first
    (False), or None when nothing tells. A date with a part above twelve settles it; else the
    language, the zones and the clock are the evidence."""
    votes = {True: 0, False: 0}
    for match in NUMERIC_PAIR.finditer(text):
        first, second = int(match.group(1)), int(match.group(3))
        if match.group(2) == "." or (first > 12 >= second):
            votes[True] += 1
        elif second > 12 >= first:
            votes[False] += 1
    if votes[True] != votes[False]:
        return votes[True] > votes[False]
    if votes[True]:
        return None  # dates in both orders: nothing can be told
    if MONTH_FIRST_ZONES.search(text):
        return False
    if DAY_FIRST_WORDS.search(text) or DAY_FIRST_ZONES.search(text) or CLOCK_24.search(text):
        return True
    return None


def _numeric_to_iso(match: re.Match[str], day_first: bool | None) -> str | None:
    """A numeric date in ISO form; None when the day and month cannot be told apart."""
    first, sep, second, year = match.group(1), match.group(2), match.group(3), match.group(4)
    if len(first) == 4:  # 2019/11/19
        return f"{first}-{int(second):02d}-{int(year):02d}" if len(year) <= 2 else None
    if len(year) == 3 or len(year) == 1:
        return None
    a, b = int(first), int(second)
    if len(year) == 2:
        year = f"20{year}"
    if a > 12 or sep == ".":
        day, month = a, b
    elif b > 12 or a == b:
        day, month = b, a
    elif day_first is None:
        return None  # 05/10/2018: the fifth of October or the tenth of May
    else:
        day, month = (a, b) if day_first else (b, a)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year}-{month:02d}-{day:02d}"


def _zone_of(text: str) -> tuple[str, tzinfo | None]:
    """Take the time zone named in the text out of it."""
    offset = OFFSET.search(text)
    if offset:
        sign = -1 if offset.group(1) == "-" else 1
        delta = timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3) or 0))
        return text[: offset.start()] + " " + text[offset.end():], timezone(sign * delta)
    zone = ZONE_WORD.search(text)
    if zone:
        return text[: zone.start()] + " " + text[zone.end():], TZ_NAMES[zone.group(1)]
    return text, None


def parse_date(text: str, default_tz: tzinfo = timezone.utc, day_first: bool | None = None) -> datetime | None:
    """Parse one date string into an aware datetime in the page's own zone; None when it is not a
    date. A numeric date whose day and month could be swapped needs `day_first` or evidence in
    the text itself (its language, zone or clock); without either it is refused, not guessed."""
    cleaned = EAST_ASIAN.sub(r"\1-\2-\3 ", text)
    cleaned = FOREIGN.sub(_english_month, cleaned)
    cleaned = FOREIGN_SHORT.sub(_english_abbreviation, cleaned)
    cleaned = GLUED_YEAR.sub(r"\1 ", cleaned)
    numeric = NUMERIC.search(cleaned)
    if numeric:
        iso = _numeric_to_iso(numeric, day_first if day_first is not None else date_order(text))
        if iso is None:
            return None
        cleaned = cleaned[: numeric.start()] + iso + cleaned[numeric.end():]
    cleaned = ORDINAL.sub("", cleaned)
    cleaned = MERIDIEM.sub(r"\1m", cleaned)
    cleaned = H_TIME.sub(r"\1:\2", cleaned)
    cleaned = DOT_TIME.sub(r"\1:\2", cleaned)
    cleaned = TIME_WORD.sub(" ", cleaned)
    iso_zone = re.search(r"\d[T ]\d{2}:\d{2}.*[+-]\d{2}:?\d{2}$|\dZ$", cleaned)
    cleaned, zone = (cleaned, None) if iso_zone else _zone_of(cleaned)
    cleaned = NOISE.sub(" ", cleaned)
    try:
        value = dateutil_parser.parse(cleaned, fuzzy=True, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return None
    if not 1800 <= value.year <= 2200:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone or default_tz)
    return value


def find_date(line: str, default_tz: tzinfo = timezone.utc, day_first: bool | None = None) -> datetime | None:
    """The date a line holds, parsed, or None."""
    text = find_date_text(line)
    return parse_date(text, default_tz, day_first if day_first is not None else date_order(line)) if text else None


def find_dates(
    line: str, default_tz: tzinfo = timezone.utc, day_first: bool | None = None
) -> tuple[datetime | None, datetime | None]:
    """(published, modified) named by a line such as 'Published: X | Updated: Y' or 'X - Updated Y'.

    Each date takes the label nearest before it; an unlabelled date is the publication when no
    label says otherwise. A date without a year ('Updated Nov 18 at 4:46 PM') is none."""
    if not DATE_HINT.search(line):
        return None, None
    order = day_first if day_first is not None else date_order(line)
    published: datetime | None = None
    modified: datetime | None = None
    unlabelled: datetime | None = None
    label = ""
    last = 0
    for match in DATE.finditer(line):
        before = line[last: match.start()]
        updates, publishes = list(UPDATE_LABEL.finditer(before)), list(PUBLISH_LABEL.finditer(before))
        if updates or publishes:
            nearest = max([*updates, *publishes], key=lambda m: m.start())
            label = "updated" if nearest in updates else "published"
        last = match.end()
        value = parse_date(match.group(0).strip(" ,|-–—/•·"), default_tz, order)
        if value is None:
            continue
        if label == "updated":
            modified = modified or value
        elif label == "published":
            published = published or value
        else:
            unlabelled = unlabelled or value
    return published or unlabelled, modified


def is_updated_line(line: str) -> bool:
    """True for 'Updated ...' / 'Last modified ...' lines."""
    return bool(UPDATED.match(line))
