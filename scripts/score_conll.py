"""Score conlleval-layout output (`token gold predicted` per line) at entity level, exact match.

    .venv/bin/newsarchive tag-conll FILE > OUT && .venv/bin/python scripts/score_conll.py OUT

Prints micro P/R/F1 over all four CoNLL types (as conlleval and seqeval count them), over
PER/ORG/LOC (the types the archive publishes), and per type. Tags are read as IOB2, an I- tag
that does not continue an entity of its type starting one, as conlleval does.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsarchive.entities.conll import SCORED_TYPES, Score, score  # noqa: E402

ALL_TYPES = ("PER", "ORG", "LOC", "MISC")


def read_columns(lines: Iterable[str]) -> tuple[list[list[str]], list[list[str]]]:
    """Gold and predicted tag sequences per sentence from the last two columns of each line;
    -DOCSTART- lines are skipped."""
    gold: list[list[str]] = []
    predicted: list[list[str]] = []
    g: list[str] = []
    p: list[str] = []
    for line in [*lines, ""]:
        parts = line.split()
        if parts and parts[0] != "-DOCSTART-":
            if len(parts) < 3:
                raise ValueError(f"expected token gold predicted: {line!r}")
            g.append(parts[-2])
            p.append(parts[-1])
        elif g:
            gold.append(g)
            predicted.append(p)
            g, p = [], []
    return gold, predicted


def report_scores(gold: list[list[str]], predicted: list[list[str]]) -> dict[str, Score]:
    """Micro scores over all types, over the published types, and per type."""
    scores = {"all four types": score(gold, predicted, ALL_TYPES), "PER/ORG/LOC": score(gold, predicted, SCORED_TYPES)}
    for kind in ALL_TYPES:
        scores[kind] = score(gold, predicted, (kind,))
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", type=Path, help="tag-conll output (token gold predicted)")
    args = parser.parse_args()
    gold, predicted = read_columns(args.output.read_text(encoding="utf-8").splitlines())
    for name, result in report_scores(gold, predicted).items():
        print(f"{name:>15}: {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
