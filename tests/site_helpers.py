"""One archive site built per test process and shared by the site tests (it takes a few seconds).

The content is the first seed plus the 90 extraction dumps from the shared folder when it is there
(else 90 stand-in stories written here, so that a fresh clone's archive has as many stories, names
and feeds), ingested with undated seeds published, plus hand-written fixture stories in tests/fixtures/site
that carry People/Organizations/Places, several authors, an image, a caption without its image,
hostile text, a story without a byline and an undated story; and 25 generated stories naming one
person, so entity pages paginate. It is built with SITEURL under a sub-path (/archive) of a local
server, so every test also checks that a site served under a sub-path works.
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import http.server
import logging
import shutil
import socket
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from .conftest import ROOT, SHARED

FIXTURES = ROOT / "tests" / "fixtures" / "site"
SUBPATH = "archive"
BUSY_PERSON = "Ada Kestrel"
GENERATED = 25
LEAD_IMAGE = "0f1c7e00000000ca"


@dataclass(eq=False)
class Site:
    root: Path          # served folder; the site is in root/SUBPATH
    content: Path
    output: Path
    siteurl: str
    port: int
    errors: list[str] = field(default_factory=list)
    server: Any = None

    def url_to_file(self, url: str) -> Path | None:
        """The output file an internal URL names, or None for an external URL."""
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(url)
        if parts.scheme and not url.startswith(self.siteurl):
            return None
        path = unquote(parts.path)
        prefix = "/" + SUBPATH
        if not (path == prefix or path.startswith(prefix + "/")):
            return self.root / path.lstrip("/")  # outside the sub-path: broken by definition
        target = self.output / path[len(prefix) :].lstrip("/")
        return target / "index.html" if path.endswith("/") or target.is_dir() else target

    def serve(self) -> str:
        """Serve root on 127.0.0.1 (once) and return the site's URL."""
        if self.server is None:
            handler = functools.partial(QuietHandler, directory=str(self.root))
            self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)
            threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.siteurl


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.name}: {record.getMessage()}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def generated_story(number: int) -> str:
    day = 1 + number % 28
    month = 1 + number % 12
    return (
        f"Title: Harbour council meeting number {number}\n"
        f"Date: 2020-{month:02d}-{day:02d}T08:00:00+00:00\n"
        "Authors: John Roe\nCategory: Local News\nTags: council, bridges\n"
        f"Slug: harbour-council-meeting-{number}\n"
        f"Summary: Meeting {number} of the harbour council.\n"
        f"People: {BUSY_PERSON}, Person {number % 5}\nPlaces: Port Ellis\nLanguage: en\n\n"
        f"Meeting {number} of the harbour council, chaired by {BUSY_PERSON}.\n"
    )


STANDINS = 90  # as many as the shared extraction dumps
STANDIN_SECTIONS = ("World", "Business", "Science", "Sport", "Culture", "Health")
STANDIN_AUTHORS = ("Lena Hart", "Omar Vail", "Priya Sen", "Tomas Reyl", "Grace Okafor", "Hugo Brandt", "Mei Lin")
STANDIN_OUTLETS = ("Daily Ledger", "Metro Wire", "The Evening Post")
STANDIN_PEOPLE = ("Mara Quell", "Idris Fenwick", "Sofia Marchetti", "Kenji Arata", "Nadia Roux", "Paul Okoye",
                  "Ines Valdez", "Arthur Penn", "Lucia Bram", "Felix Ondra", "Hana Sato", "Rafael Duarte")
STANDIN_ORGANIZATIONS = ("Central Bank", "Lowmoor University", "Transit Union", "Green Party", "City Hospital")
STANDIN_PLACES = ("Lowmoor", "Catterby", "Eastwick Sands", "Drumlee", "Halvard", "Brisk Valley")
STANDIN_TOPICS = ("elections", "markets", "research", "football", "theatre", "hospitals", "budgets", "exports",
                  "climate", "schools", "strikes", "housing")


def pick(pool: tuple[str, ...], number: int, count: int) -> list[str]:
    """Up to `count` distinct names of `pool`, chosen by `number` (the same every run)."""
    return list(dict.fromkeys(pool[(number * 7 + i * 5) % len(pool)] for i in range(count)))


def standin_story(number: int) -> str:
    """A story standing in for one of the shared extraction dumps, as ingest writes one: a third
    without a byline, a fifth without an outlet, dated 2016 to 2019 (before the fixture stories)."""
    date = f"{2016 + number % 4}-{1 + number % 12:02d}-{1 + number % 27:02d}T{6 + number % 14:02d}:30:00+00:00"
    people = ", ".join(pick(STANDIN_PEOPLE, number, 1 + number % 3))
    lines = [f"Title: Stand-in story {number} on {STANDIN_TOPICS[number % len(STANDIN_TOPICS)]}", f"Date: {date}"]
    if number % 3:
        lines.append(f"Authors: {', '.join(pick(STANDIN_AUTHORS, number, 1 + number % 2))}")
    lines += [
        f"Category: {STANDIN_SECTIONS[number % len(STANDIN_SECTIONS)]}",
        f"Tags: {', '.join(pick(STANDIN_TOPICS, number, 3))}",
        f"Slug: stand-in-story-{number}",
        f"Summary: What {people} said in stand-in story {number}.",
    ]
    if number % 5:
        lines.append(f"Source: {STANDIN_OUTLETS[number % len(STANDIN_OUTLETS)]}")
    lines += [
        f"People: {people}",
        f"Organizations: {STANDIN_ORGANIZATIONS[number % len(STANDIN_ORGANIZATIONS)]}",
        f"Places: {', '.join(pick(STANDIN_PLACES, number, 2))}",
        "Language: en",
    ]
    body = f"{people} spoke in {STANDIN_PLACES[number % len(STANDIN_PLACES)]} about the story's subject, number {number}."
    return "\n".join(lines) + f"\n\n{body}\n\nA second paragraph, so the story has a body of its own.\n"


def publish_undated(options: type) -> dict[str, bool]:
    """The ingest options that publish seeds without a date: the default once `require_date`
    replaced `allow_undated` (an ingest that still has `allow_undated` needs it set)."""
    return {"allow_undated": True} if "allow_undated" in {f.name for f in dataclasses.fields(options)} else {}


def write_content(content: Path) -> None:
    from newsarchive.ingest import Options, ingest

    dumps = SHARED / "eval" / "extraction" / "dumps"
    seeds = content.parent / "seeds"
    seeds.mkdir()
    shutil.copy(ROOT / "seeds" / "000_3336393dd0ffaab6.txt", seeds)
    if dumps.is_dir():
        for dump in sorted(dumps.glob("*.txt")):
            shutil.copy(dump, seeds)
    ingest(seeds, Options(content=content, report=None, workers=1, **publish_undated(Options)))
    if not dumps.is_dir():
        (content / "standins").mkdir()
        for number in range(STANDINS):
            (content / "standins" / f"stand-in-story-{number}.md").write_text(standin_story(number), encoding="utf-8")
    shutil.copytree(FIXTURES, content / "fixtures", dirs_exist_ok=True)
    shutil.move(str(content / "fixtures" / "undated"), str(content / "undated" / "fixtures"))
    for number in range(GENERATED):
        (content / "fixtures" / f"generated-{number}.md").write_text(generated_story(number), encoding="utf-8")
    images = content / "images"  # a lead image in two widths, named as newsarchive/images.py names them
    images.mkdir(exist_ok=True)
    for width in (480, 960):
        Image.new("RGB", (width, width * 9 // 16), (30, 90, 160)).save(images / f"{LEAD_IMAGE}-{width}.png")


def build(root: Path, port: int) -> Site:
    from newsarchive.build import build_site

    content, output = root / "content", root / SUBPATH
    siteurl = f"http://127.0.0.1:{port}/{SUBPATH}"
    write_content(content)
    collector = ErrorCollector()
    logging.getLogger().addHandler(collector)
    try:
        build_site(content, output, overrides={"SITEURL": siteurl})
    finally:
        logging.getLogger().removeHandler(collector)
    return Site(root, content, output, siteurl, port, collector.messages)


@functools.lru_cache(maxsize=1)
def shared_site() -> Site:
    root = Path(tempfile.mkdtemp(prefix="newsarchive-site-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return build(root, free_port())


def html_files(site: Site) -> list[Path]:
    return sorted(site.output.rglob("*.html"))


def read_metadata(path: Path) -> dict[str, str]:
    """A content file's metadata header, keys lower-cased."""
    metadata = {}
    for line in path.read_text(encoding="utf-8").split("\n\n", 1)[0].split("\n"):
        key, _, value = line.partition(":")
        metadata[key.strip().lower()] = value.strip()
    return metadata


def names(value: str) -> list[str]:
    return [" ".join(n.split()) for n in value.split(",") if n.strip()]


@functools.lru_cache(maxsize=4)
def content_stories(site: Site) -> list[dict[str, Any]]:
    """Every story in the content folder: its metadata plus its URL and date (None if undated)."""
    from datetime import datetime

    stories = []
    for path in sorted(site.content.rglob("*.md")):
        if any(part.startswith(".") for part in path.relative_to(site.content).parts):
            continue
        meta: dict[str, Any] = read_metadata(path)
        date = datetime.fromisoformat(meta["date"]) if meta.get("date") else None
        meta["date_value"] = date
        meta["url"] = f"{date:%Y}/{date:%m}/{meta['slug']}.html" if date else f"undated/{meta['slug']}.html"
        stories.append(meta)
    return stories
