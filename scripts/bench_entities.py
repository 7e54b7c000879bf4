"""Time entity extraction (and tags) per article, scaled to 600 words, on one core (CPU time of this process, so other load on the machine matters little).

    .venv/bin/python scripts/bench_entities.py [--articles 200] [--corpus DIR] [--model-dir DIR]

Uses the BBC texts of the shared folder (headline, blank line, paragraphs) as articles.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsarchive import entities, tags  # noqa: E402
from newsarchive.article import Article  # noqa: E402
from newsarchive.entities.recognise import get_tagger, use_model  # noqa: E402


def load_articles(corpus: Path, limit: int) -> list[Article]:
    articles: list[Article] = []
    for path in sorted(corpus.rglob("*.txt"))[: limit * 2]:
        if path.name.upper().startswith(("README", "LICENSE")):
            continue
        title, _, body = path.read_text(encoding="utf-8", errors="replace").partition("\n\n")
        paragraphs = tuple(p.strip() for p in body.split("\n") if p.strip())
        articles.append(Article(title=title.strip(), published=None, body=paragraphs, category=path.parent.name))
    return articles[:: max(1, len(articles) // limit)][:limit]


def cpu_time(step, article: Article) -> float:  # type: ignore[no-untyped-def]
    started = time.process_time()
    step(article)
    return time.process_time() - started


def calibration_ms() -> float:
    """A fixed pure-Python workload (dict look-ups and string building, like feature extraction):
    its CPU time tells how fast this core is right now, so figures from a busy machine can be
    scaled to an idle one."""
    table = {f"w={i}": i for i in range(5000)}
    started = time.process_time()
    total = 0
    for _ in range(40):
        for i in range(5000):
            total += table.get(f"w={i}", 0)
    return (time.process_time() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "bbc")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="runs per article; the fastest counts")
    parser.add_argument("--model-dir", type=Path, help="time a candidate model in this folder (default: the shipped model)")
    args = parser.parse_args()
    # The first half warms the per-word feature cache, as the first articles of a run do.
    warm, articles = (lambda both: (both[::2], both[1::2]))(load_articles(args.corpus, 2 * args.articles))
    words = sum(len(a.text.split()) + len(a.title.split()) for a in articles)
    started = time.process_time()
    if args.model_dir is not None:
        use_model(args.model_dir)
    get_tagger()
    print(f"model load: {(time.process_time() - started) * 1000:.0f} ms (once per process)")
    for name, step in (("entities", entities.annotate), ("tags", tags.annotate)):
        for article in warm:
            step(article)
        # Each article's best of a few runs: other work on a shared machine only ever adds time.
        best = [min(cpu_time(step, article) for _ in range(args.repeat)) for article in articles]
        seconds = sum(best)
        per_600 = seconds / words * 600 * 1000
        print(f"{name}: {len(articles)} articles, {words} words, {seconds:.2f} s: {per_600:.1f} ms per 600 words")
    # Figures from a busy machine scale by this: compare it with the same line from another run.
    print(f"calibration: {calibration_ms():.0f} ms (a fixed pure-Python workload; lower is a faster core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
