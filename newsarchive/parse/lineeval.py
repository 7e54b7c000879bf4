"""Cross-validating the line model with the shared sets' own scorers.

Folds are dealt by item id; each fold's model is trained without it and reads it. The readings
are what `newsarchive extract --json` gives, scored by the extraction set's and the metadata set's
`score.py` (loaded from the set, not copied).
"""

from __future__ import annotations

import importlib.util
import json
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import SeedError
from ..seeds import RawSeed
from .linetrain import Item, train_lines
from .text import parse_text


def load_module(path: Path) -> ModuleType:
    """A scorer script loaded as a module."""
    spec = importlib.util.spec_from_file_location(path.parent.name + "_score", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_item(item: Item, model: str | None) -> dict[str, Any]:
    """What `newsarchive extract --json` gives for one dump (the fields the scorers read)."""
    raw = RawSeed(path=f"{item.id}.txt", text=item.dump, kind="text", sha256="")
    try:
        article = parse_text(raw, allow_undated=True, line_model=model)
    except SeedError:
        return {"id": item.id, "title": None, "authors": [], "published": None, "category": None, "body": ""}
    return {
        "id": item.id,
        "title": article.title,
        "authors": list(article.authors),
        "published": article.published.isoformat() if article.published else None,
        "category": article.category,
        "body": article.text,
    }


def fold_of(items: list[Item], folds: int) -> dict[str, int]:
    """Item id → fold, dealt round-robin in id order (reproducible)."""
    return {item.id: index % folds for index, item in enumerate(sorted(items, key=lambda item: item.id))}


def crossval(items: list[Item], folds: int) -> list[dict[str, Any]]:
    """Held-out readings of every item, each read by a model trained without its fold."""
    assigned = fold_of(items, folds)
    records: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        for fold in range(folds):
            model = Path(scratch) / f"fold{fold}.crfsuite"
            train_lines([item for item in items if assigned[item.id] != fold], model)
            records.extend(read_item(item, str(model)) for item in items if assigned[item.id] == fold)
    return records


def score(records: list[dict[str, Any]], eval_dir: Path) -> dict[str, float]:
    """Body F1/P/R and the metadata scores of a set of readings."""
    body = load_module(eval_dir / "extraction" / "score.py")
    meta = load_module(eval_dir / "metadata" / "score.py")
    truth = body.load(eval_dir / "extraction" / "truth")
    pred = {record["id"]: record["body"] for record in records}
    metrics, _ = body.evaluate(truth, pred, sorted(truth), n_bootstrap=0)
    gold = json.loads((eval_dir / "metadata" / "dev.json").read_text(encoding="utf-8"))
    scores = meta.score(gold, records)
    return {
        "body_f1": metrics["f1"], "body_p": metrics["precision"], "body_r": metrics["recall"],
        "title": scores["title_accuracy"], "authors_f1": scores["authors_f1"],
        "date_r": scores["date_recall"], "date_p": scores["date_precision"],
        "section_p": scores["section_precision"], "section_r": scores["section_recall"],
        "misses": scores["misses"],
    }
