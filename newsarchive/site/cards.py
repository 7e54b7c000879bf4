"""Social card PNGs (1200×630: headline, outlet, date) drawn with Pillow, once per content.

A card's file name is the hash of everything drawn on it, so a card is drawn only when its text
changes. Cards are kept in a cache folder outside output/ (PATH/.newsarchive/cards by default), so a
clean rebuild of output/ copies them instead of drawing them again.

Missing cards are drawn by worker processes (`NEWSARCHIVE_CARD_WORKERS`, by default one per core
but one) from the moment the pages start to render, while Pelican renders them on the main
process; the build waits for them at the end and then puts them into output/. A build with
only a few missing cards (an added story) draws them itself.
"""

from __future__ import annotations

import hashlib
import io
import locale
import logging
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from pelican import signals

from .settings import setting
from ..fsutil import file_names, remove_stale_temporaries, write_atomic
from .incremental.plugin import file_memo
from .state import ensure_state, find_state, give_state
from .stories import collect_stories, metadata_text
from .workers import die_with_parent
from .workers import register as register_workers

log = logging.getLogger(__name__)

SIZE = (1200, 630)
MARGIN = 80
CARD_VERSION = "1"
BACKGROUND, ACCENT, HEADLINE, MUTED = (16, 32, 56), (255, 196, 61), (255, 255, 255), (200, 210, 225)
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def card_key(*fields: str) -> str:
    """A stable name for a card: the hash of the card's version and every text drawn on it."""
    text = "\0".join((CARD_VERSION, *fields))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


@lru_cache(maxsize=32)
def load_font(paths: tuple[str, ...], size: int) -> Font:
    """The first usable TrueType font of `paths`, else Pillow's built-in scalable font."""
    for path in paths:
        if os.path.exists(path):
            try:
                return ImageFont.truetype(path, size)
            except OSError:
                continue
    return ImageFont.load_default(size)


def wrap(text: str, font: Font, width: int) -> list[str]:
    """Greedy word wrap to `width` pixels; a word longer than the line is cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if text_width(font, candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while text_width(font, word) > width and len(word) > 1:
            cut = max(1, int(len(word) * width / text_width(font, word)) - 1)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def fit_headline(headline: str, fonts: tuple[str, ...], width: int, max_lines: int = 5) -> tuple[Font, list[str]]:
    """The largest size at which the headline fits in `max_lines`; the last line ellipsised if not."""
    for size in (68, 60, 52, 46):
        font = load_font(fonts, size)
        lines = wrap(headline, font, width)
        if len(lines) <= max_lines:
            return font, lines
    lines = lines[:max_lines]
    last = lines[-1]
    while last and text_width(font, last + "…") > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return font, lines


# Cards are drawn in one channel: 0 is the background, 1..TEXT_WHITE a ramp to white that
# anti-aliased text uses, ACCENT_INDEX the accent colour; a palette maps them to colours. A
# palette PNG has far fewer bytes to compress than an RGB one.
TEXT_WHITE, TEXT_MUTED, ACCENT_INDEX = 250, 185, 255


def palette() -> list[int]:
    """RGB triples for the 256 levels: a background-to-white ramp, then the accent."""
    colours = []
    for level in range(256):
        t = min(level, TEXT_WHITE) / TEXT_WHITE
        colours += [round(b + (h - b) * t) for b, h in zip(BACKGROUND, HEADLINE)]
    colours[3 * ACCENT_INDEX : 3 * ACCENT_INDEX + 3] = list(ACCENT)
    return colours


PALETTE = palette()


@lru_cache(maxsize=16384)
def advance(font: Font, char: str) -> float:
    return font.getlength(char)


def text_width(font: Font, text: str) -> float:
    """Width as draw_text lays it out: the sum of the characters' advances."""
    return sum(advance(font, c) for c in text)


@lru_cache(maxsize=16384)
def glyph(font: Font, char: str, level: int) -> tuple[Any, int, int, int, int]:
    """One rendered character (Pillow's core image), its offset from the pen and its size."""
    box = font.getbbox(char)
    width, height = box[2] - box[0], box[3] - box[1]
    if width <= 0 or height <= 0:
        return None, 0, 0, 0, 0
    bitmap = Image.new("L", (width, height), 0)
    ImageDraw.Draw(bitmap).text((-box[0], -box[1]), char, font=font, fill=level)
    bitmap.load()
    return bitmap.im, box[0], box[1], width, height


def draw_text(canvas: Image.Image, x: float, y: int, text: str, font: Font, level: int) -> None:
    """Text from cached glyph bitmaps: each character is rasterised once per build, not per card."""
    canvas.load()
    core = canvas.im
    limit_x, limit_y = canvas.size
    for char in text:
        bitmap, dx, dy, width, height = glyph(font, char, level)
        left, top = round(x) + dx, y + dy
        if bitmap is not None and left >= 0 and top >= 0 and left + width <= limit_x and top + height <= limit_y:
            core.paste(bitmap, (left, top, left + width, top + height), bitmap)
        x += advance(font, char)


def draw_card(headline: str, outlet: str, date_text: str, site: str, fonts: tuple[str, ...] = ()) -> bytes:
    """The card as PNG bytes."""
    canvas = Image.new("L", SIZE, 0)
    ImageDraw.Draw(canvas).rectangle((0, 0, SIZE[0], 12), fill=ACCENT_INDEX)
    small = load_font(fonts, 30)
    draw_text(canvas, MARGIN, 52, site, small, TEXT_WHITE)
    font, lines = fit_headline(headline, fonts, SIZE[0] - 2 * MARGIN)
    line_height = int(getattr(font, "size", 50) * 1.22)
    y = 120
    for line in lines:
        draw_text(canvas, MARGIN, y, line, font, TEXT_WHITE)
        y += line_height
    footer = " · ".join(part for part in (outlet, date_text) if part)
    draw_text(canvas, MARGIN, SIZE[1] - 80, footer, small, TEXT_MUTED)
    canvas.putpalette(PALETTE)
    out = io.BytesIO()
    canvas.save(out, "PNG", compress_level=1)
    return out.getvalue()


def card_fields(story: Any, settings: dict[str, Any]) -> tuple[str, str, str, str]:
    """What a story's card shows: headline, outlet, date, site name."""
    date = getattr(story, "date", None)
    date_text = date.strftime("%-d %B %Y") if date else ""
    outlet = metadata_text(story, "source")
    return str(story.title), outlet, date_text, str(settings.get("SITENAME", ""))


def cache_folder(settings: dict[str, Any]) -> Path:
    folder = setting(settings, "NEWSARCHIVE_CARD_CACHE")
    return Path(folder) if folder else Path(settings["PATH"]) / ".newsarchive" / "cards"


def ensure_card(cache: Path, key: str, fields: tuple[str, str, str, str], fonts: tuple[str, ...]) -> Path:
    """The cached card for `key`, drawn and written atomically when missing."""
    path = cache / f"{key}.png"
    if not path.exists():
        write_atomic(path, draw_card(*fields, fonts=fonts), fsync=False)
    return path


def publish(source: Path, target: Path, present: bool | None = None) -> None:
    """Put a cached card into output/: a hard link when possible, else a copy (whole or not at
    all). A card's name is the key of what it shows, so one already there is the right one;
    `present` says so when the caller has listed the folder."""
    if present if present is not None else target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except FileExistsError:
        return
    except OSError:
        write_atomic(target, source.read_bytes(), fsync=False)


POOL_FROM = 64  # missing cards from which worker processes draw them
BATCH = 32  # cards per task sent to a worker


def draw_missing(cache: Path, cards: list[tuple[str, tuple[str, str, str, str]]], fonts: tuple[str, ...]) -> int:
    """Draw the cards (key, fields) not yet in `cache`: a worker process's task."""
    for key, fields in cards:
        ensure_card(cache, key, fields, fonts)
    return len(cards)


class Cards:
    """The plugin's state for one build: which card each story gets."""

    def __init__(self) -> None:
        self.wanted: dict[str, tuple[str, str, str, str]] = {}
        self.keys: dict[str, str] = {}  # card URL -> the card's key (its file's name in the cache)
        self.settings: dict[str, Any] = {}
        self.pool: ProcessPoolExecutor | None = None
        self.tasks: list[Future[int]] = []

    def start_drawing(self) -> None:
        """Hand the missing cards to worker processes, when there are enough to be worth it."""
        cache = cache_folder(self.settings)
        drawn = file_names(cache)
        missing = [(self.keys[url], fields) for url, fields in self.wanted.items()
                   if f"{self.keys[url]}.png" not in drawn]
        workers = int(setting(self.settings, "NEWSARCHIVE_CARD_WORKERS"))
        workers = max(1, (os.cpu_count() or 1) - 1) if workers < 0 else workers
        if workers < 1 or len(missing) < POOL_FROM:
            return
        cache.mkdir(parents=True, exist_ok=True)
        fonts = tuple(setting(self.settings, "NEWSARCHIVE_CARD_FONTS"))
        # Spawned children of the build (as the search's): they start small, not as copies of a build
        # holding every story, and die with it (a forkserver's child would outlive a killed build
        # and leave half a card behind the next build's clean-up).
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=die_with_parent, initargs=(os.getpid(),))
        self.tasks = [self.pool.submit(draw_missing, cache, missing[start : start + BATCH], fonts)
                      for start in range(0, len(missing), BATCH)]

    def abandon(self) -> None:
        """After a failed build: stop the workers without drawing the cards still queued."""
        pool, self.pool, self.tasks = self.pool, None, []
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def finish_drawing(self) -> None:
        """Wait for the workers; a card a worker failed on is drawn here (ensure_card)."""
        pool, tasks, self.pool, self.tasks = self.pool, self.tasks, None, []
        if pool is None:
            return
        try:
            for task in tasks:
                try:
                    task.result()
                except Exception as error:  # noqa: BLE001 - drawn again below, where errors surface
                    log.warning("a card worker failed (%s); drawing its cards in the build", error)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def assign(self, generators: list[Any]) -> None:
        if not generators:
            return
        self.abandon()  # an earlier run of the same Pelican (autoreload) that failed
        self.settings = generators[0].settings
        self.wanted, self.keys = {}, {}
        if not setting(self.settings, "NEWSARCHIVE_CARDS"):
            return
        cache = cache_folder(self.settings)
        if ensure_state(self.settings).interrupted and cache.is_dir():
            remove_stale_temporaries(cache)  # the cards a killed build was writing
        pattern = setting(self.settings, "NEWSARCHIVE_CARD_URL")
        memo = file_memo(self.settings)  # what a story's card shows is decided by its file and the settings
        time_locale = locale.setlocale(locale.LC_TIME)  # ... and the month names of the locale
        for story in collect_stories(generators):
            known = memo.known(story, "card") if memo is not None else None
            if (isinstance(known, list) and len(known) == 6 and known[0] == time_locale
                    and all(isinstance(value, str) for value in known)):
                key, fields = known[1], (known[2], known[3], known[4], known[5])
            else:
                fields = card_fields(story, self.settings)
                key = card_key(*fields)
                if memo is not None:
                    memo.remember(story, "card", [time_locale, key, *fields])
            story.card_url = pattern.format(key=key)
            self.wanted[story.card_url] = fields
            self.keys[story.card_url] = key
        # Drawn from when the pages start to render, once the page worker has forked (a fork
        # copies one thread only: the pool's own must not be running then).
        ensure_state(self.settings).starters.append(self.start_drawing)

    def write(self, pelican: Any) -> None:
        self.finish_drawing()
        if not self.wanted:
            return
        cache = cache_folder(self.settings)
        fonts = tuple(setting(self.settings, "NEWSARCHIVE_CARD_FONTS"))
        output = Path(self.settings["OUTPUT_PATH"])
        drawn = file_names(cache)
        folders: dict[str, set[str]] = {}  # each output folder of cards listed once
        for url, fields in self.wanted.items():
            folder, name = os.path.split(url)
            if folder not in folders:
                folders[folder] = file_names(output / folder)
            key = self.keys[url]
            source = cache / f"{key}.png" if f"{key}.png" in drawn else ensure_card(cache, key, fields, fonts)
            publish(source, output / url, present=name in folders[folder])
        remove_stale(output, set(self.wanted), folders)  # an incremental build keeps output/


def remove_stale(output: Path, wanted: set[str], folders: dict[str, set[str]] | None = None) -> None:
    """Delete cards of earlier builds that no story shows now (a headline changed, a story went).
    `folders`: each folder of the wanted cards and the names it held (listed here when not given)."""
    if folders is None:
        folders = {folder: file_names(output / folder) for folder in {os.path.split(url)[0] for url in wanted}}
    for folder, names in folders.items():
        for name in names:
            if name.endswith(".png") and f"{folder}/{name}".lstrip("/") not in wanted:
                (output / folder / name).unlink(missing_ok=True)


def assign_cards(generators: list[Any]) -> None:
    """Give every story its card, and start drawing the missing ones, in this build's Cards."""
    if generators:
        state = ensure_state(generators[0].settings)
        state.cards = state.cards or Cards()
        state.cards.assign(generators)


def write_cards(pelican: Any) -> None:
    state = find_state(pelican.settings)
    if state is not None and state.cards is not None:
        state.cards.write(pelican)


def register() -> None:
    signals.initialized.connect(give_state)
    signals.all_generators_finalized.connect(assign_cards)
    signals.finalized.connect(write_cards)
    register_workers()
