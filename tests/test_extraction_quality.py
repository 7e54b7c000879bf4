"""Quality gate: body extraction on the shared dev set must not fall below the pinned scores.

The scores are the set's own metric (score.py: 4-word shingles, precision and recall averaged
over items). Measured when pinned: F1 0.969, precision 0.959, recall 0.978
(`python scripts/score_extraction.py`). Pins sit slightly below so noise-free changes pass.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from newsarchive.errors import SeedError
from newsarchive.parse import parse_seed
from newsarchive.seeds import read_seed

from .conftest import shared_path

MIN_F1 = 0.965
MIN_PRECISION = 0.955
MIN_RECALL = 0.973


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
