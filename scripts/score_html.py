#!/usr/bin/env python3
"""Score the HTML reader's bodies against the shared extraction dev set (saved pages).

Reads every `html/<id>.html.gz` with `newsarchive.parse.html.parse_html`, scores the bodies with
the set's own `score.py` (F1 / precision / recall of 4-word shingles) and prints the result next
to trafilatura alone with the same settings (the baseline the reader must beat). From the
project root:

    .venv/bin/python scripts/score_html.py [--eval DIR] [--pred DIR] [--per-item FILE] [--no-baseline]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "extraction"
sys.path.insert(0, str(ROOT))

from newsarchive.errors import SeedError  # noqa: E402
from newsarchive.parse.html import parse_html  # noqa: E402
from newsarchive.seeds import read_seed  # noqa: E402

# trafilatura alone, as the reader calls it (comments are not the story)
BASELINE_OPTIONS = {"include_comments": False, "include_tables": True}


def load_scorer(eval_dir: Path) -> ModuleType:
    """The set's score.py as a module (it needs only the standard library)."""
    spec = importlib.util.spec_from_file_location("extraction_score", eval_dir / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page_ids(eval_dir: Path) -> list[str]:
    return sorted(p.name.removesuffix(".html.gz") for p in (eval_dir / "html").glob("*.html.gz"))


def reader_bodies(eval_dir: Path) -> dict[str, str]:
    """{page id: body text} from the HTML reader (an empty body when the reader refuses a page)."""
    bodies = {}
    for ident in page_ids(eval_dir):
        raw = read_seed(eval_dir / "html" / f"{ident}.html.gz", f"{ident}.html.gz")
        try:
            bodies[ident] = parse_html(raw, allow_undated=True).text
        except SeedError as exc:
            print(f"refused: {exc}", file=sys.stderr)
            bodies[ident] = ""
    return bodies


def baseline_bodies(eval_dir: Path) -> dict[str, str]:
    """{page id: body text} from trafilatura alone."""
    import trafilatura

    bodies = {}
    for ident in page_ids(eval_dir):
        raw = read_seed(eval_dir / "html" / f"{ident}.html.gz", ident)
        bodies[ident] = trafilatura.extract(raw.text, **BASELINE_OPTIONS) or ""
    return bodies


def score(eval_dir: Path, bodies: dict[str, str], bootstrap: int = 0) -> tuple[dict, list]:
    """(summary, per-item rows) from the set's scorer."""
    scorer = load_scorer(eval_dir)
    truth = scorer.load(eval_dir / "truth")
    return scorer.evaluate(truth, bodies, sorted(truth), n_bootstrap=bootstrap)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", type=Path, default=EVAL, help="the extraction set (html/, truth/, score.py)")
    parser.add_argument("--pred", type=Path, help="keep the predicted bodies in this folder")
    parser.add_argument("--per-item", type=Path, help="write per-item precision/recall/F1 (TSV, worst first) here")
    parser.add_argument("--no-baseline", action="store_true", help="skip trafilatura alone")
    args = parser.parse_args()
    if not (args.eval / "score.py").is_file():
        sys.exit(f"no extraction set at {args.eval}")
    scorer = load_scorer(args.eval)
    runs = [("html reader", reader_bodies)] + ([] if args.no_baseline else [("trafilatura", baseline_bodies)])
    for name, run in runs:
        bodies = run(args.eval)
        summary, items = score(args.eval, bodies, bootstrap=200)
        print(scorer.fmt(name, summary))
        if name == "html reader" and args.pred:
            args.pred.mkdir(parents=True, exist_ok=True)
            for ident, body in bodies.items():
                (args.pred / f"{ident}.txt").write_text(body, encoding="utf-8")
        if name == "html reader" and args.per_item:
            rows = sorted(items, key=lambda row: row[3])
            lines = ["id\tprecision\trecall\tf1"] + [f"{i}\t{p:.4f}\t{r:.4f}\t{f:.4f}" for i, p, r, f in rows]
            args.per_item.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
