#!/usr/bin/env python3
"""Train the dump line-role model from the shared dev sets and write it into the package.

Usage, from the project root:

    .venv/bin/python scripts/train_lines.py [--eval DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsarchive.parse.lines import MODEL
from newsarchive.parse.linetrain import load_items, train_lines

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", type=Path, default=EVAL, help="folder holding extraction/ and metadata/")
    parser.add_argument("--out", type=Path, default=MODEL, help="where to write the model")
    args = parser.parse_args()
    metadata = args.eval / "metadata" / "dev.json"
    if not metadata.is_file():
        sys.exit(f"no metadata labels at {metadata}")
    items = load_items(args.eval / "extraction", metadata)
    train_lines(items, args.out)
    print(f"trained on {len(items)} dumps: {args.out}")


if __name__ == "__main__":
    main()
