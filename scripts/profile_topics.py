"""Time the topic step alone, and list every story's topics, to check that a faster topic step
finds the same topics.

Each seed under the given folders is read, parsed and given its entities as ingest does it; then
only `tags.annotate` is timed (CPU seconds, best of --repeat runs over every story). The topics
(each story's tags and reserve, then the archive-wide tags) go to --out as JSON, for a diff.

    python scripts/profile_topics.py SEEDS [SEEDS ...] --out topics.json [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import pstats
import sys
import time
from pathlib import Path

from newsarchive import tags
from newsarchive.article import Article
from newsarchive.entities import annotate as annotate_entities
from newsarchive.errors import SeedError
from newsarchive.parse import parse_seed
from newsarchive.seeds import read_seed

log = logging.getLogger(__name__)


def read_articles(folders: list[Path]) -> list[Article]:
    """Every readable seed of the folders, parsed and with its entities, in path order."""
    articles: list[Article] = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            try:
                parsed = parse_seed(read_seed(path, str(path.relative_to(folder))), allow_undated=True)
            except SeedError as error:
                log.info("skipped %s: %s", path.name, error)
                continue
            articles.append(annotate_entities(parsed))
    return articles


def time_topics(articles: list[Article], repeat: int) -> tuple[list[float], list[Article]]:
    """CPU seconds of each run of the topic step over every story, and the last run's stories."""
    seconds: list[float] = []
    tagged: list[Article] = []
    for _ in range(repeat):
        started = time.process_time()
        tagged = [tags.annotate(a) for a in articles]
        seconds.append(time.process_time() - started)
    return seconds, tagged


def list_topics(tagged: list[Article]) -> list[dict[str, object]]:
    """Each story's topics, reserve and archive-wide topics, in story order."""
    final = tags.finalize(tagged)
    return [
        {"seed": a.seed_path, "tags": a.tags, "candidates": a.tag_candidates, "final": f.tags}
        for a, f in zip(tagged, final)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+", help="folders of seeds")
    parser.add_argument("--out", type=Path, required=True, help="where to write the topics (JSON)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of one run")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    articles = read_articles([f for f in args.folders if f.is_dir()])
    seconds, tagged = time_topics(articles, args.repeat)
    args.out.write_text(json.dumps(list_topics(tagged), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    per_story = [1000 * s / max(len(articles), 1) for s in seconds]
    print(f"{len(articles)} stories; topic step CPU ms/story: best {min(per_story):.3f}, "
          f"worst {max(per_story):.3f}, runs {' '.join(f'{m:.3f}' for m in per_story)}")
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(lambda: [tags.annotate(a) for a in articles])
        pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
