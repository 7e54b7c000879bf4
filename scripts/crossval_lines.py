#!/usr/bin/env python3
"""Cross-validate the dump line model: 5 folds by item id, scored with the shared sets' own scorers.

Each fold trains the model on four fifths of the labelled dumps and reads the held-out fifth with
it; the held-out readings of all folds are scored together (body: extraction/score.py; headline,
authors, date, section: metadata/score.py). The plain run reads every dump with the shipped model.
Usage, from the project root:

    .venv/bin/python scripts/crossval_lines.py [--eval DIR] [--folds N] [--misses]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from newsarchive.errors import SeedError
from newsarchive.parse.linetrain import Item, load_items, train_lines
from newsarchive.parse.text import parse_text
from newsarchive.seeds import RawSeed

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


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


def summary(name: str, scores: dict[str, Any]) -> str:
    return (f"{name}: body F1 {scores['body_f1']:.3f} P {scores['body_p']:.3f} R {scores['body_r']:.3f}; "
            f"title {scores['title']:.3f}; authors F1 {scores['authors_f1']:.3f}; "
            f"date R {scores['date_r']:.3f} P {scores['date_p']:.3f}; "
            f"section P {scores['section_p']:.3f} R {scores['section_r']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", type=Path, default=EVAL, help="folder holding extraction/ and metadata/")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--misses", action="store_true", help="list the cross-validated misses")
    args = parser.parse_args()
    metadata = args.eval / "metadata" / "dev.json"
    if not metadata.is_file():
        sys.exit(f"no metadata labels at {metadata}")
    items = load_items(args.eval / "extraction", metadata)
    plain = score([read_item(item, None) for item in items], args.eval)
    held_out = score(crossval(items, args.folds), args.eval)
    print(summary("plain", plain))
    print(summary(f"{args.folds}-fold CV", held_out))
    if args.misses:
        for field, rows in held_out["misses"].items():
            for row in rows:
                print(f"  {field}: {row[0]} got {row[1]!r} want {row[2]!r}")


if __name__ == "__main__":
    main()
