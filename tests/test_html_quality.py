"""Quality gates for the HTML reader on the shared extraction set (the 90 saved pages).

- the body F1 stays at or above the pinned score, and above trafilatura alone with the same
  settings (the library the reader builds on);
- the text path (the dump) and the HTML path (the saved page) agree on the title, and on the date
  where both find one, except on the pages listed below, each with the reason.
Skipped when the shared data is not there.
"""

from __future__ import annotations

import importlib.util
import re
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType

import pytest

from newsarchive.article import Article
from newsarchive.errors import SeedError
from newsarchive.parse.html import parse_html
from newsarchive.parse.text import parse_text
from newsarchive.seeds import read_seed

from .conftest import shared_path

PINNED_F1 = 0.980  # measured 0.984 (P 0.979, R 0.989); trafilatura alone 0.968
MARGIN_OVER_TRAFILATURA = 0.010

# (page id prefix, field) → why the two readers differ. Which side is right is said first.
DISAGREEMENTS = {
    ("3f65af7b", "title"): "text reader wrong: the headline ends in a full stop, so a video title further down is taken",
    ("bc13ff87", "title"): "the dump starts with the page's social title; the visible <h1> is another wording",
}


@pytest.fixture(scope="session")
def extraction_set() -> Path:
    return shared_path("eval", "extraction")


@pytest.fixture(scope="session")
def scorer(extraction_set: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("extraction_score", extraction_set / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def page_articles(extraction_set: Path) -> dict[str, Article]:
    """Every saved page of the set through the HTML reader."""
    articles = {}
    for path in sorted((extraction_set / "html").glob("*.html.gz")):
        ident = path.name.removesuffix(".html.gz")
        articles[ident] = parse_html(read_seed(path, path.name), allow_undated=True)
    return articles


def f1_of(scorer: ModuleType, extraction_set: Path, bodies: dict[str, str]) -> dict[str, float]:
    truth = scorer.load(extraction_set / "truth")
    summary, _ = scorer.evaluate(truth, bodies, sorted(truth), n_bootstrap=0)
    return summary


def test_body_f1_is_pinned_and_beats_trafilatura(scorer: ModuleType, extraction_set: Path, page_articles: dict[str, Article]) -> None:
    import trafilatura

    ours = f1_of(scorer, extraction_set, {i: a.text for i, a in page_articles.items()})
    baseline_bodies = {
        path.name.removesuffix(".html.gz"): trafilatura.extract(read_seed(path).text, include_comments=False) or ""
        for path in sorted((extraction_set / "html").glob("*.html.gz"))
    }
    baseline = f1_of(scorer, extraction_set, baseline_bodies)
    assert ours["f1"] >= PINNED_F1, f"F1 {ours['f1']:.4f} fell below the pinned {PINNED_F1}"
    assert ours["f1"] >= baseline["f1"] + MARGIN_OVER_TRAFILATURA, (ours["f1"], baseline["f1"])


def test_every_page_has_title_body_and_a_timezone_aware_date(page_articles: dict[str, Article]) -> None:
    undated = [i for i, a in page_articles.items() if a.published is None]
    assert len(undated) <= 3, undated  # two German trade-fair pages carry no date at all
    for ident, article in page_articles.items():
        assert article.title and article.body, ident
        assert article.published is None or article.published.utcoffset() is not None, ident


def normalize(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def dates_agree(a: datetime, b: datetime) -> bool:
    """The same calendar day: as each reader states it, or as one of them states it in the other's
    offset (a dump's clock time often has no zone, so it is read as UTC); a bare date (midnight
    UTC) also agrees with a moment that falls on that day in some zone of the world (UTC-12 to +14)."""
    if a.date() == b.date() or a.astimezone(b.tzinfo).date() == b.date() or b.astimezone(a.tzinfo).date() == a.date():
        return True
    for day, moment in ((a, b), (b, a)):
        if day.utcoffset() == timedelta(0) and (day.hour, day.minute, day.second) == (0, 0, 0):
            start = day.replace(tzinfo=timezone.utc)
            if start - timedelta(hours=14) <= moment < start + timedelta(hours=36):
                return True
    return False


def test_text_and_html_paths_agree_on_title_and_date(extraction_set: Path, page_articles: dict[str, Article]) -> None:
    found: dict[tuple[str, str], str] = {}
    for ident, html_article in page_articles.items():
        dump = extraction_set / "dumps" / f"{ident}.txt"
        try:
            text_article = parse_text(read_seed(dump, dump.name), allow_undated=True)
        except SeedError as exc:
            found[(ident[:8], "title")] = f"text reader refused the dump: {exc.reason}"
            continue
        if normalize(text_article.title) != normalize(html_article.title):
            found[(ident[:8], "title")] = f"{text_article.title!r} vs {html_article.title!r}"
        if text_article.published and html_article.published and not dates_agree(text_article.published, html_article.published):
            found[(ident[:8], "date")] = f"{text_article.published.isoformat()} vs {html_article.published.isoformat()}"
    unexplained = {key: value for key, value in found.items() if key not in DISAGREEMENTS}
    assert not unexplained, "text and HTML paths disagree (text vs html), reason not listed: " + repr(unexplained)
    settled = sorted(set(DISAGREEMENTS) - set(found))
    if settled:
        warnings.warn(f"these listed disagreements are settled now; remove them from the list: {settled}")


@pytest.mark.parametrize(
    "a, b, agree",
    [
        ("2019-11-20T06:02:00-05:00", "2019-11-20T11:02:00+00:00", True),
        ("2019-11-19T00:00:00+00:00", "2019-11-20T01:53:14+00:00", True),  # 17:53 on the 19th in Los Angeles
        ("2019-11-18T00:00:00+00:00", "2019-11-19T04:50:22+00:00", True),
        ("2018-05-10T00:00:00+00:00", "2018-10-05T00:00:00+00:00", False),
        ("2019-11-19T22:31:00-06:00", "2019-11-20T04:31:13-06:00", False),
        ("2019-11-19T08:16:00+00:00", "2019-11-19T13:16:49+00:00", True),  # the same day, the dump's time zoneless
        ("2018-09-16T00:00:00+00:00", "2018-09-14T00:00:00+00:00", False),
    ],
)
def test_dates_agree(a: str, b: str, agree: bool) -> None:
    assert dates_agree(datetime.fromisoformat(a), datetime.fromisoformat(b)) is agree
