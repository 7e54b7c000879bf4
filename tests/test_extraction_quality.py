"""Quality gate: extraction on the shared dev sets must not fall below the pinned scores.

Body scores are the extraction set's own metric (score.py: 4-word shingles, precision and recall
averaged over items); headline, authors, date and section are the metadata set's (score.py). The
line model is judged by 5-fold cross-validation by item id (`scripts/crossval_lines.py`): each fold
is read by a model trained without it, which is how pages of unseen outlets are read. The plain
scores (the shipped model, trained on every item) are pinned too. Pins sit slightly below the
scores measured when they were set.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from newsarchive.errors import SeedError
from newsarchive.parse import parse_seed
from newsarchive.parse.lineeval import crossval, read_item, score
from newsarchive.parse.linetrain import load_items
from newsarchive.seeds import read_seed

from .conftest import shared_path

MIN_F1 = 0.970
MIN_PRECISION = 0.960
MIN_RECALL = 0.979

# (score, plain pin, cross-validated pin)
PINS = [
    ("body_f1", 0.970, 0.968),
    ("body_r", 0.979, 0.976),
    ("title", 0.98, 0.95),
    ("authors_f1", 0.95, 0.90),
    ("date_r", 0.98, 0.98),
    ("date_p", 0.99, 0.99),
    ("section_p", 0.95, 0.90),
    ("section_r", 0.76, 0.68),
]


def load_scorer(folder: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("extraction_score", folder / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def body_of(path: Path) -> str:
    try:
        return parse_seed(read_seed(path), allow_undated=True).text
    except SeedError:
        return ""


def test_dev_set_scores_stay_above_the_pins() -> None:
    folder = shared_path("eval", "extraction")
    scorer = load_scorer(folder)
    truth = scorer.load(folder / "truth")
    pred = {path.stem: body_of(path) for path in sorted((folder / "dumps").glob("*.txt"))}
    metrics, _ = scorer.evaluate(truth, pred, sorted(truth), n_bootstrap=0)
    summary = f"F1 {metrics['f1']:.3f} P {metrics['precision']:.3f} R {metrics['recall']:.3f}"
    assert metrics["f1"] >= MIN_F1, summary
    assert metrics["precision"] >= MIN_PRECISION, summary
    assert metrics["recall"] >= MIN_RECALL, summary


@pytest.fixture(scope="module")
def line_scores() -> dict[str, dict[str, Any]]:
    """Plain and cross-validated scores of the text reader with the line model."""
    shared_path("eval", "metadata", "dev.json")
    folder = shared_path("eval")
    items = load_items(folder / "extraction", folder / "metadata" / "dev.json")
    return {
        "plain": score([read_item(item, None) for item in items], folder),
        "cv": score(crossval(items, 5), folder),
    }


@pytest.mark.parametrize("name, plain, held_out", PINS)
def test_line_model_scores_stay_above_the_pins(line_scores: dict[str, dict[str, Any]], name: str, plain: float, held_out: float) -> None:
    assert line_scores["plain"][name] >= plain, f"plain {name} {line_scores['plain'][name]:.3f}"
    assert line_scores["cv"][name] >= held_out, f"cross-validated {name} {line_scores['cv'][name]:.3f}"
