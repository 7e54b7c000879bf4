"""The first real seed comes out exactly as the ingest issue lists it."""

from __future__ import annotations

from datetime import date

from newsarchive.ingest import extract_path

from .conftest import FIRST_SEED


def test_first_seed_metadata() -> None:
    article = extract_path(FIRST_SEED)
    assert article.title == "Blinken Says Beijing ‘Almost Certainly’ Provided Russia With Dual-Use Aid"
    assert article.authors == ("Frank Fang",)
    assert article.published is not None and article.published.tzinfo is not None
    assert article.published.date() == date(2023, 2, 24)
    assert article.category == "China News"
    assert article.source == "The Epoch Times"
    assert article.caption.startswith("U.S. Secretary of State Antony Blinken speaks")
    assert article.credit == "Jim Watson/AFP via Getty Images"


def test_first_seed_body() -> None:
    article = extract_path(FIRST_SEED)
    assert len(article.body) == 23
    assert article.body[0].startswith("The Chinese regime likely gave the green light")
    assert article.body[-1].endswith("not liberal.”")
    text = article.text
    for furniture in ("newsletter", "From The Epoch Times", "By Frank Fang", "Jim Watson"):
        assert furniture not in text


def test_removed_lines_are_recorded_with_rules() -> None:
    article = extract_path(FIRST_SEED)
    rules = {r.text: r.rule for r in article.removed}
    assert rules["By Frank Fang"] == "byline"
    assert rules["Sign up for NTD Daily"]
    assert all(r.rule for r in article.removed)
