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
import sys
from pathlib import Path
from typing import Any

from newsarchive.parse.lineeval import crossval, read_item, score
from newsarchive.parse.linetrain import load_items

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


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
