"""Synthetic news archives of any size, for the tests and the benchmark.

`generate_corpus` wraps real news texts (a folder of `<category>/<name>.txt` files: the headline, a
blank line, then paragraphs) in generated page furniture (byline, dateline, caption and credit,
source line, newsletter promo) with varied dates, outlets, authors and titles, so that no two seeds
collapse into one story. Without a text folder it generates the prose as well. `diff_trees` names
the files two built sites differ by.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

OUTLETS = (
    "The Harbour Gazette", "Northfield Courier", "Daily Meridian", "The Valley Herald", "Capital Ledger",
    "Riverside Post", "The Evening Standardbearer", "Coastal Times", "Midland Chronicle", "The Morning Lantern",
    "Metro Dispatch", "The Weekly Observer",
)
FIRST_NAMES = (
    "Anna", "Ben", "Clara", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "James", "Kemi", "Liam",
    "Maya", "Noah", "Olga", "Pavel", "Quinn", "Rosa", "Samir", "Tara", "Umar", "Vera", "Wen", "Yusuf",
    "Zoe", "Aiko", "Bruno", "Chloe", "Diego", "Esther", "Felix", "Hana", "Ivan", "Julia", "Karl", "Lena",
)
LAST_NAMES = (
    "Abbott", "Baptiste", "Carver", "Dalton", "Ekwueme", "Fischer", "Gallagher", "Haddad", "Iversen",
    "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quaresma", "Rahman",
    "Sato", "Thornton", "Ueda", "Varga", "Whitfield", "Xu", "Yilmaz", "Zielinski", "Adeyemi", "Brennan",
)
PLACES = (
    "London", "Manchester", "Glasgow", "Cardiff", "Belfast", "Leeds", "Bristol", "Dublin", "Paris", "Berlin",
    "Madrid", "Rome", "Brussels", "New York", "Washington", "Tokyo", "Sydney", "Toronto", "Nairobi", "Lagos",
    "Mumbai", "Beijing", "Moscow", "Cape Town", "Lisbon", "Oslo", "Vienna", "Warsaw", "Athens", "Istanbul",
)
ORGS = (
    "the Treasury", "the Football Association", "the European Commission", "the BBC", "Ofcom",
    "the World Health Organization", "the Bank of England", "the United Nations", "Unicef", "the IMF",
)
AGENCIES = ("Getty Images", "AFP via Getty Images", "Reuters", "AP Photo", "PA Images", "EPA")
SECTIONS = {
    "business": ("Business", "Markets", "Economy"),
    "entertainment": ("Entertainment", "Culture", "Arts"),
    "politics": ("Politics", "UK Politics", "World"),
    "sport": ("Sport", "Football", "Tennis"),
    "tech": ("Technology", "Science", "Internet"),
}
WORDS = (
    "the", "council", "said", "plans", "would", "new", "market", "report", "year", "government", "people",
    "minister", "growth", "shares", "company", "team", "match", "season", "film", "music", "award", "users",
    "software", "network", "prices", "rise", "fall", "record", "deal", "talks", "election", "vote", "party",
    "court", "police", "city", "health", "school", "energy", "water", "rail", "bank", "workers", "strike",
)
START = datetime(2005, 1, 1, tzinfo=timezone.utc)
SPAN_DAYS = 20 * 365


@dataclass(frozen=True, slots=True)
class Text:
    """One source text: its category, headline and paragraphs."""

    category: str
    title: str
    paragraphs: tuple[str, ...]


def load_texts(folder: Path | None) -> list[Text]:
    """The `<category>/<name>.txt` texts under folder, sorted; [] when the folder is absent."""
    if folder is None or not folder.is_dir():
        return []
    texts = []
    for path in sorted(folder.glob("*/*.txt")):
        parts = [p.strip() for p in path.read_text(encoding="utf-8", errors="replace").split("\n")]
        lines = [p for p in parts if p]
        if len(lines) >= 2:
            texts.append(Text(path.parent.name, lines[0], tuple(lines[1:])))
    return texts


def generated_text(rng: random.Random) -> Text:
    """A text made of generated sentences, for when no text folder is available."""
    def sentence() -> str:
        words = [rng.choice(WORDS) for _ in range(rng.randint(12, 28))]
        return " ".join(words).capitalize() + "."

    paragraphs = tuple(" ".join(sentence() for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(5, 12)))
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 9))).capitalize()
    return Text(rng.choice(tuple(SECTIONS)), title, paragraphs)


def article_date(index: int, rng: random.Random) -> datetime:
    """A date spread over twenty years; seeds added later (higher index) are not in order."""
    day = (index * 7919) % SPAN_DAYS
    return START + timedelta(days=day, hours=rng.randint(6, 22), minutes=rng.randint(0, 59))


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def lead_paragraph(index: int, when: datetime, rng: random.Random) -> str:
    """A generated first paragraph, unique to the seed, naming a person, a place and an organisation."""
    return (
        f"{rng.choice(PLACES)}: {person(rng)}, speaking for {rng.choice(ORGS)} on {when:%A}, said the figures "
        f"published in {when:%B %Y} covered {1000 + index:,} cases and that a fuller account would follow "
        f"within {rng.randint(2, 30)} days."
    )


def make_seed(index: int, texts: Sequence[Text], when: datetime | None = None) -> str:
    """The text dump of seed number `index`: a news page's article area, copied as text."""
    rng = random.Random(index)
    text = texts[index % len(texts)] if texts else generated_text(rng)
    repeat = index // len(texts) if texts else 0
    when = when or article_date(index, rng)
    outlet = rng.choice(OUTLETS)
    title = text.title if repeat == 0 else f"{rng.choice(PLACES)}: {text.title}"
    authors = [person(rng) for _ in range(rng.choice((1, 1, 1, 2)))]
    section = rng.choice(SECTIONS.get(text.category, ("News",)))
    body = [lead_paragraph(index, when, rng), *text.paragraphs]
    caption = f"{person(rng)} arrives in {rng.choice(PLACES)} on {when:%B} {when.day}, {when.year}."
    credit = f"{person(rng)}/{rng.choice(AGENCIES)}"
    short = "".join(word[0] for word in outlet.split() if word[0].isupper())
    lines = [
        title, "",
        authors[0],
        "By " + " and ".join(authors),
        f"{section} | {when:%B} {when.day}, {when.year} {when:%H:%M} UTC",
        title,
        f"{caption} ({credit})", "",
        *(p + "\n" for p in body),
        f"From {outlet}", "",
        f"{short.lower()} newsletter icon",
        f"Sign up for {outlet} Daily",
        "What you need to know, summarized in one email.",
    ]
    return "\n".join(lines) + "\n"


def seed_name(index: int) -> str:
    """Seeds go 1,000 to a folder, as a large archive would keep them."""
    return f"{index // 1000:04d}/{index:07d}.txt"


def generate_corpus(count: int, dest: Path, texts_dir: Path | None = None, first: int = 0) -> int:
    """Write seeds first..first+count-1 under dest (unchanged files are left alone); return how many."""
    texts = load_texts(texts_dir)
    for index in range(first, first + count):
        path = dest / seed_name(index)
        data = make_seed(index, texts).encode("utf-8")
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return count


def newest_seed(index: int, texts_dir: Path | None, when: datetime | None = None) -> str:
    """A seed dated `when` (the story that arrives after the archive was built)."""
    return make_seed(index, load_texts(texts_dir), when)


def diff_trees(left: Path, right: Path, ignore: str | None = None) -> list[str]:
    """Relative paths that differ between two folders (missing on one side, or different bytes).

    `ignore` names a folder (such as `.newsarchive`, the run's state) left out of the comparison.
    """
    def files(root: Path) -> set[str]:
        found = (str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        return {name for name in found if not ignore or ignore not in Path(name).parts}

    a, b = files(left), files(right)
    different = sorted(a ^ b)
    for name in sorted(a & b):
        if (left / name).read_bytes() != (right / name).read_bytes():
            different.append(name)
    return different
