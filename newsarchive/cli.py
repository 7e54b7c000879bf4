"""The `newsarchive` command: argument parsing only; the work lives in the library."""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from .errors import SeedError

T = TypeVar("T")


def with_progress(items: Iterable[T], total: int) -> Iterable[T]:
    """A progress bar on a terminal, silence elsewhere."""
    if not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, unit="seed", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import Options, ingest

    report_path = args.report or args.content / ".newsarchive" / "report.json"
    options = Options(
        content=args.content,
        report=report_path,
        workers=args.workers,
        require_date=args.require_date,
        scheduler=args.scheduler,
    )
    if not args.seeds.exists():
        print(f"error: {args.seeds}: no such folder", file=sys.stderr)
        return 2
    report = ingest(args.seeds, options, progress=with_progress)
    for outcome in sorted(report.seeds, key=lambda o: o.path):
        if outcome.status in ("failed", "skipped", "duplicate"):
            where = f"{outcome.path}:{outcome.line}" if outcome.line else outcome.path
            print(f"{outcome.status}: {where}: {outcome.reason}", file=sys.stderr)
    summary = report.summary()
    print(", ".join(f"{k} {v}" for k, v in summary.items()) + f" (report: {report_path})")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from .ingest import extract_path

    status = 0
    for path in args.paths:
        record: dict[str, Any] = {"path": str(path)}
        try:
            article = extract_path(Path(path), str(path), allow_undated=True)
            record.update(extract_record(article))
            record["error"] = None
        except SeedError as exc:
            record.update(empty_record())
            record["error"] = exc.reason
            status = 1
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            print_record(record)
    return status


def extract_record(article: Any) -> dict[str, Any]:
    """The JSON fields `extract --json` prints for an article."""
    return {
        "title": article.title,
        "authors": list(article.authors),
        "published": article.published.isoformat() if article.published else None,
        "category": article.category,
        "source": article.source,
        "caption": article.caption,
        "credit": article.credit,
        "body": article.text,
        "tags": list(article.tags),
        "people": list(article.people),
        "organizations": list(article.organizations),
        "places": list(article.places),
    }


def empty_record() -> dict[str, Any]:
    keys = ("title", "authors", "published", "category", "source", "caption", "credit", "body",
            "tags", "people", "organizations", "places")
    return {k: ([] if k in ("authors", "tags", "people", "organizations", "places") else None) for k in keys}


def print_record(record: dict[str, Any]) -> None:
    for key, value in record.items():
        if key != "body":
            print(f"{key}: {value}")
    print()
    print(record.get("body") or "")
    print()


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_site

    if not args.content.is_dir():
        print(f"error: {args.content}: no such content folder (run `newsarchive ingest` first)", file=sys.stderr)
        return 2
    stats = build_site(args.content, args.output, args.settings, verify=args.verify)
    if args.verify:
        mismatched = stats.get("mismatched", 0)
        print(f"verified: {stats.get('verified', 0)} page groups kept as before, the related lists and the entities' "
              f"companions checked; {mismatched} found wrong{', worked out again' if mismatched else ''}")
        return 1 if mismatched else 0
    return 0


def cmd_tag_conll(args: argparse.Namespace) -> int:
    from .entities.conll import tag_conll

    with args.file.open(encoding="utf-8") as handle:
        for line in tag_conll(handle.read().splitlines(), args.threshold, args.model_dir):
            print(line)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """The benchmark lives in the source checkout (scripts/bench.py), not in the installed package."""
    script = Path(__file__).resolve().parent.parent / "scripts" / "bench.py"
    if not script.is_file():
        print("newsarchive: the benchmark is scripts/bench.py in a source checkout (make bench)", file=sys.stderr)
        return 2
    return subprocess.call([sys.executable, str(script), *args.bench_args])


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsarchive", description="Turn raw news article dumps into a static archive.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debugging detail")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="turn seed files into Markdown articles in the content folder")
    p.add_argument("seeds", nargs="?", type=Path, default=Path("seeds"), help="seed folder (default: seeds)")
    p.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    p.add_argument("--report", type=Path, help="run report JSON (default: CONTENT/.newsarchive/report.json)")
    p.add_argument("--workers", type=int, default=0, help="processes to use (default: one per core)")
    p.add_argument("--scheduler", help="address of a Dask scheduler to run the ingest on")
    p.add_argument("--require-date", action="store_true",
                   help="refuse seeds without a date (by default they are published undated, never dated today)")
    p.add_argument("--allow-undated", action="store_true", help="accepted for old scripts: undated seeds are published by default")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("extract", help="print what one or more seeds become, without writing anything")
    p.add_argument("paths", nargs="+", type=Path, help="seed files")
    p.add_argument("--json", action="store_true", help="one JSON object per file, in order")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("build", help="build the site with Pelican from the content folder")
    p.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    p.add_argument("--output", type=Path, default=Path("output"), help="output folder (default: output)")
    p.add_argument("--settings", type=Path, help="Pelican settings file (default: pelicanconf.py in the current folder, else the package's own)")
    p.add_argument("--verify", action="store_true",
                   help="check the shortcuts a rebuild takes (pages kept as before, related lists, entity companions) "
                        "against the full work; exit 1 if one was wrong")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("bench", help="the scale benchmark (scripts/bench.py in a source checkout: make bench)",
                       add_help=False)
    p.add_argument("bench_args", nargs=argparse.REMAINDER, help="arguments for scripts/bench.py (--articles N ...)")
    p.set_defaults(func=cmd_bench)
    p = sub.add_parser("tag-conll", help="tag CoNLL-format tokens: token, gold tag, predicted tag (conlleval layout)")
    p.add_argument("file", type=Path, help="CoNLL file: one token a line, the gold tag last, blank lines between sentences")
    p.add_argument("--threshold", type=float, help="keep the entities whose tokens' marginals all reach this, and no others (default: the model's threshold, then its judge of the doubted spans when the model folder has one)")
    p.add_argument("--model-dir", type=Path, help="a folder with another trained model, with or without its own feature resources (default: tag-conll's own model; newsarchive/entities/model is the article model)")
    p.set_defaults(func=cmd_tag_conll)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args, extra = parser.parse_known_args(argv)
    if args.func is cmd_bench:
        args.bench_args = [*args.bench_args, *extra]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        code = int(args.func(args))
        if argv is None and args.func is cmd_build:  # the program itself, not a caller in Python
            from .build import exit_now

            exit_now(code)
        return code
    except SeedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
