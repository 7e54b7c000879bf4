"""Social cards: 1200×630 PNGs with the headline, outlet and date, drawn once and cached outside
output/ by a key of everything drawn on them."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from newsarchive.site.cards import card_key, draw_card, ensure_card, fit_headline, wrap, load_font

from .site_helpers import Site, content_stories, shared_site

FIELDS = ("Blinken Says Beijing ‘Almost Certainly’ Provided Russia With Dual-Use Aid", "The Epoch Times", "24 February 2023", "News Archive")
FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",)


def image_of(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize(
    "headline",
    [FIELDS[0], "", "A" * 400, "Владимир Путин 習近平 مرحبا 🙂", "word " * 200, "</script>{{ 7*7 }}"],
)
@pytest.mark.parametrize("fonts", [FONTS, ("/no/such/font.ttf",)])
def test_card_is_a_1200_by_630_png_for_any_headline(headline: str, fonts: tuple[str, ...]) -> None:
    data = draw_card(headline, "Outlet", "1 January 2020", "Site", fonts)
    assert data.startswith(b"\x89PNG")
    image = image_of(data)
    assert image.format == "PNG" and image.size == (1200, 630)


def test_card_shows_text_where_the_headline_goes() -> None:
    blank = image_of(draw_card("", "", "", "", FONTS)).convert("RGB")
    drawn = image_of(draw_card(*FIELDS, fonts=FONTS)).convert("RGB")
    headline_area = (80, 120, 1120, 500)
    assert blank.crop(headline_area).getcolors() and len(blank.crop(headline_area).getcolors()) == 1
    assert len(drawn.crop(headline_area).getcolors(maxcolors=100_000)) > 10


@pytest.mark.parametrize("words, lines", [("short", 1), ("word " * 12, 1), ("word " * 40, 2)])
def test_wrap_fits_the_width(words: str, lines: int) -> None:
    font = load_font(FONTS, 30)
    wrapped = wrap(words, font, 1040)
    assert len(wrapped) >= lines
    assert " ".join(wrapped).split() == words.split()


def test_long_headlines_are_shortened_with_an_ellipsis() -> None:
    _, lines = fit_headline("word " * 300, FONTS, 1040)
    assert len(lines) == 5 and lines[-1].endswith("…")


def test_key_changes_with_every_field_and_only_then() -> None:
    key = card_key(*FIELDS)
    assert key == card_key(*FIELDS)
    for index in range(len(FIELDS)):
        changed = list(FIELDS)
        changed[index] += "!"
        assert card_key(*changed) != key


def test_a_cached_card_is_not_drawn_again(tmp_path: Path) -> None:
    path = ensure_card(tmp_path, card_key(*FIELDS), FIELDS, FONTS)
    stamp = path.stat().st_mtime_ns
    path.write_bytes(path.read_bytes())  # any rewrite would change this stamp
    stamp = path.stat().st_mtime_ns
    assert ensure_card(tmp_path, card_key(*FIELDS), FIELDS, FONTS) == path
    assert path.stat().st_mtime_ns == stamp
    assert list(tmp_path.iterdir()) == [path]


def test_worker_processes_draw_the_same_cards_as_the_build(tmp_path: Path) -> None:
    """Enough missing cards go to worker processes; each equals the card the build draws itself."""
    from newsarchive.site.cards import POOL_FROM, Cards

    wanted = {f"cards/{card_key(*fields)}.png": fields
              for fields in ((f"Headline number {n}", "The Herald", f"{n % 28 + 1} March 2021", "News Archive")
                             for n in range(POOL_FROM + 3))}
    cards = Cards()
    cards.settings = {"NEWSARCHIVE_CARD_CACHE": str(tmp_path / "pool"), "NEWSARCHIVE_CARD_FONTS": list(FONTS),
                      "NEWSARCHIVE_CARD_WORKERS": 1}
    cards.wanted = wanted
    cards.keys = {url: Path(url).stem for url in wanted}
    cards.start_drawing()
    assert cards.pool is not None and cards.tasks
    cards.finish_drawing()
    assert cards.pool is None
    for url, fields in wanted.items():
        key = Path(url).stem
        drawn_here = ensure_card(tmp_path / "inline", key, fields, FONTS).read_bytes()
        assert (tmp_path / "pool" / f"{key}.png").read_bytes() == drawn_here
    assert sorted(p.name for p in (tmp_path / "pool").iterdir()) == sorted(f"{Path(u).stem}.png" for u in wanted)


def test_a_few_missing_cards_are_drawn_without_workers(tmp_path: Path) -> None:
    from newsarchive.site.cards import Cards

    cards = Cards()
    cards.settings = {"NEWSARCHIVE_CARD_CACHE": str(tmp_path), "NEWSARCHIVE_CARD_WORKERS": 1}
    cards.wanted = {f"cards/{card_key(*FIELDS)}.png": FIELDS}
    cards.keys = {f"cards/{card_key(*FIELDS)}.png": card_key(*FIELDS)}
    cards.start_drawing()
    assert cards.pool is None


@pytest.fixture(scope="module")
def site() -> Site:
    return shared_site()


def test_every_story_has_its_card_from_the_cache(site: Site) -> None:
    cache = site.content / ".newsarchive" / "cards"
    for story in content_stories(site):
        text = (site.output / story["url"]).read_text(encoding="utf-8")
        url = re.search(r'<meta property="og:image" content="([^"]+)"', text).group(1)
        assert re.search(rf'<meta name="twitter:image" content="{re.escape(url)}"', text)
        card = site.url_to_file(url)
        assert image_of(card.read_bytes()).size == (1200, 630)
        assert (cache / card.name).read_bytes() == card.read_bytes()


def test_stale_cards_leave_output(tmp_path: Path) -> None:
    from newsarchive.site.cards import remove_stale

    cards = tmp_path / "cards"
    cards.mkdir()
    for name in ("keep.png", "old.png"):
        (cards / name).write_bytes(b"x")
    (cards / "notes.txt").write_text("not a card")
    remove_stale(tmp_path, {"cards/keep.png"})
    assert sorted(p.name for p in cards.iterdir()) == ["keep.png", "notes.txt"]
