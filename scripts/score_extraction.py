#!/usr/bin/env python3
"""Score `newsarchive extract --json` bodies against the shared extraction dev set.

Runs the extractor over every dump, writes each body to PRED/<id>.txt and calls the set's own
`score.py` (F1 / precision / recall of 4-word shingles). Usage, from the project root:

    .venv/bin/python scripts/score_extraction.py [--eval DIR] [--pred DIR] [--per-item FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "extraction"


def extract_bodies(dumps: list[Path]) -> dict[str, str]:
    """{dump id: body} from one `newsarchive extract --json` run over all dumps."""
    command = [sys.executable, "-m", "newsarchive.cli", "extract", "--json", *map(str, dumps)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if not result.stdout.strip():
        sys.exit(f"extract printed nothing: {result.stderr[-2000:]}")
    bodies = {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        bodies[Path(record["path"]).stem] = record.get("body") or ""
    return bodies


def write_predictions(bodies: dict[str, str], pred: Path) -> None:
    pred.mkdir(parents=True, exist_ok=True)
    for ident, body in bodies.items():
        (pred / f"{ident}.txt").write_text(body, encoding="utf-8")


def score(eval_dir: Path, pred: Path, per_item: str | None) -> None:
    """Print the scorer's summary line(s)."""
    command = [sys.executable, str(eval_dir / "score.py"), "--truth", str(eval_dir / "truth"),
               "--pred", str(pred), "--n-bootstrap", "200"]
    if per_item:
        command += ["--per-item", per_item]
    subprocess.run(command, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", type=Path, default=EVAL, help="the extraction set (dumps/, truth/, score.py)")
    parser.add_argument("--pred", type=Path, help="keep the predicted bodies in this folder")
    parser.add_argument("--per-item", help="write per-item precision/recall/F1 (TSV) here")
    args = parser.parse_args()
    if not (args.eval / "score.py").is_file():
        sys.exit(f"no extraction set at {args.eval}")
    bodies = extract_bodies(sorted((args.eval / "dumps").glob("*.txt")))
    with tempfile.TemporaryDirectory() as scratch:
        pred = args.pred or Path(scratch)
        write_predictions(bodies, pred)
        score(args.eval, pred, args.per_item)


if __name__ == "__main__":
    main()
