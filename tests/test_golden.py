"""Golden files: whole hand-written seeds → the Markdown the reader and writer produce.

Regenerate with `pytest tests/test_golden.py --update-golden`, then review the diff by eye.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarchive.markdown import to_markdown
from newsarchive.parse import parse_seed
from newsarchive.seeds import read_seed
from newsarchive.slugs import slugify

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))


def render(seed: Path) -> str:
    raw = read_seed(seed, f"seeds/{seed.name}")
    article = parse_seed(raw)
    return to_markdown(article, slugify(article.title))


@pytest.mark.parametrize("seed", SEEDS, ids=[seed.stem for seed in SEEDS])
def test_seed_matches_golden(seed: Path, request: pytest.FixtureRequest) -> None:
    expected = FIXTURES / "expected" / f"{seed.stem}.md"
    produced = render(seed)
    if request.config.getoption("--update-golden"):
        expected.write_text(produced, encoding="utf-8")
    assert expected.is_file(), f"no golden file {expected.name}; run with --update-golden and review it"
    assert produced == expected.read_text(encoding="utf-8")


def test_there_are_golden_seeds() -> None:
    assert len(SEEDS) >= 4
