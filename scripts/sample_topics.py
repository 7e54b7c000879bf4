"""Sample (story, topic) pairs from a dev archive, for a reader to judge blind.

The dev archive: every text dump under --dumps, and the held-out texts of --corpus (those the
background table left out, see build_background.held_out) made into seed-like dumps. Each story
is read, parsed and enriched as ingest does it, then the archive-wide step runs over all of them.
The sample: --pairs (story, topic) pairs drawn at random with --seed, shuffled, each written with
the story's headline, its first two paragraphs and the topic, and nothing of why the topic was
chosen. A reader marks each pair good (the story is about the topic, and an editor would put it on
a page for readers to browse) or bad.

    python scripts/sample_topics.py --dumps ../shared/eval/extraction/dumps \
        --corpus ../shared/corpus/bbc --seed 2 --out topic_pairs.md

With --unseen N, the archive is instead N corpus texts outside the dev archive, drawn with
--unseen-seed: a check of coverage on stories the rules were never tuned on.

With --uncertain LOW HIGH, the sample is instead drawn from the pairs the judge is least sure of:
every topic the rules propose for a story (kept or not) that the judge scores from LOW up to HIGH
and that no verdict of tests/fixtures/topics/verdicts.tsv covers. Labels there teach the judge
more than labels of pairs it scores far from its threshold. --key writes each sampled pair's
number, story id (as the verdicts file names stories), topic and score: once a reader has judged
the pairs, they join the verdicts file as a new round and scripts/train_topics.py retrains.

    python scripts/sample_topics.py --dumps ../shared/eval/extraction/dumps \
        --corpus ../shared/corpus/bbc --unseen 800 --uncertain 0.45 0.75 --out pairs.md --key key.tsv
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_background import held_out  # noqa: E402

from newsarchive import tags  # noqa: E402
from newsarchive.tags.judge import TopicGate, topic_judge  # noqa: E402
from newsarchive.tags.listed import listed_tags  # noqa: E402
from newsarchive.tags.phrases import story_zones  # noqa: E402
from newsarchive.tags.propose import propose_topics  # noqa: E402
from newsarchive.article import Article  # noqa: E402
from newsarchive.enrich import finalize_archive  # noqa: E402
from newsarchive.entities import annotate as annotate_entities  # noqa: E402
from newsarchive.errors import SeedError  # noqa: E402
from newsarchive.parse import parse_seed  # noqa: E402
from newsarchive.seeds import read_seed  # noqa: E402

log = logging.getLogger(__name__)
START = datetime(2005, 1, 3, 9, 0, tzinfo=timezone.utc)
VERDICTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "topics" / "verdicts.tsv"
MIN_BODY_WORDS = 80  # a shorter body (a results table, a stub, a menu page) gives few topics


def corpus_texts(corpus: Path, limit: int, unseen: int = 0, seed: int = 7) -> list[Path]:
    """The corpus's first `limit` held-out texts (the dev archive's share); or, with `unseen`, that
    many other texts drawn at random with `seed`: a check on stories the rules were never read on."""
    texts = sorted(corpus.glob("*/*.txt"))
    dev = [p for p in texts if held_out(p.name)][:limit]
    if not unseen:
        return dev
    others = [p for p in texts if p not in set(dev)]
    return sorted(random.Random(seed).sample(others, min(unseen, len(others))))


def corpus_seeds(texts: list[Path], dest: Path) -> list[Path]:
    """Write the corpus texts as plain dumps (headline, dateline, paragraphs)."""
    paths: list[Path] = []
    for index, path in enumerate(texts):
        lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
        lines = [line for line in lines if line]
        if len(lines) < 2:
            continue
        when = START + timedelta(days=index)
        seed = dest / f"corpus-{index:04d}.txt"
        body = "\n\n".join(lines[1:])
        seed.write_text(f"{lines[0]}\n\n{when:%B} {when.day}, {when.year}\n\n{body}\n", encoding="utf-8")
        paths.append(seed)
    return paths


def read_archive(paths: list[Path]) -> tuple[list[Article], float, float]:
    """Parse and enrich every seed, then run the archive-wide steps; also return the seconds spent
    in topic tagging and in the whole per-story enrichment."""
    articles: list[Article] = []
    tag_seconds = enrich_seconds = 0.0
    for path in paths:
        try:
            parsed = parse_seed(read_seed(path, path.name), allow_undated=True)
        except SeedError as error:
            log.info("skipped %s: %s", path.name, error)
            continue
        started = time.perf_counter()
        with_entities = annotate_entities(parsed)
        middle = time.perf_counter()
        articles.append(tags.annotate(with_entities))
        ended = time.perf_counter()
        tag_seconds += ended - middle
        enrich_seconds += ended - started
    return finalize_archive(articles), tag_seconds, enrich_seconds


def read_story(path: Path) -> Article:
    """A seed parsed and given its entities, as ingest has it before its topics."""
    return annotate_entities(parse_seed(read_seed(path, path.name), allow_undated=True))


def story_ids(paths: list[Path], texts: list[Path]) -> dict[Path, str]:
    """Each seed's story id as the verdicts file names it: `dumps/<file>`, or `bbc/<category>/<file>`
    for a corpus text (its seed is named after its place in `texts`, see corpus_seeds)."""
    ids = {}
    for path in paths:
        if path.stem.startswith("corpus-"):
            text = texts[int(path.stem.split("-")[1])]
            ids[path] = f"bbc/{text.parent.name}/{text.name}"
        else:
            ids[path] = f"dumps/{path.name}"
    return ids


def judged_pairs(path: Path) -> set[tuple[str, str]]:
    """(story id, topic) of every pair the verdicts file holds."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return {(row[1], row[2]) for row in rows if len(row) >= 3}


def uncertain_pairs(ids: dict[Path, str], low: float, high: float,
                    judged: set[tuple[str, str]]) -> list[tuple[str, Article, str, float]]:
    """(story id, story, topic, score) of every topic the rules propose for an English story, kept
    or not, that the judge scores from `low` up to `high` and no verdict covers (the outlet's own
    tags are never judged). Stories are read as ingest reads them, before the archive-wide step,
    as scripts/train_topics.py reads them."""
    judge = topic_judge()
    if judge is None:
        return []
    found = []
    for path, story_id in ids.items():
        try:
            article = read_story(path)
        except SeedError:
            continue
        if article.language not in ("en", ""):
            continue
        zones = story_zones(article)
        _, _, origin = propose_topics(article, zones, listed_tags(article), judge)
        gate = TopicGate(article, zones, origin, judge)
        for topic, source in origin.items():
            score = gate.score(topic)
            if source != "listed" and low <= score < high and (story_id, topic) not in judged:
                found.append((story_id, article, topic, score))
    return found


def sample_pairs(articles: list[Article], count: int, seed: int) -> list[tuple[Article, str]]:
    """`count` (story, topic) pairs drawn at random, in random order."""
    pairs = [(a, t) for a in articles for t in a.tags]
    rng = random.Random(seed)
    chosen = rng.sample(pairs, min(count, len(pairs)))
    rng.shuffle(chosen)
    return chosen


def coverage(articles: list[Article], min_words: int = MIN_BODY_WORDS) -> dict[str, int]:
    """How many stories carry no topic, one, MIN_TAGS to MAX_TAGS; and how many of them have a
    real body (min_words words or more), the stories the 2-to-6 aim is for."""
    counts = {"0": 0, "1": 0, f"{tags.MIN_TAGS}-{tags.MAX_TAGS}": 0, "real bodies": 0, "real bodies 2-6": 0}
    for article in articles:
        number = len(article.tags)
        bucket = str(number) if number < tags.MIN_TAGS else f"{tags.MIN_TAGS}-{tags.MAX_TAGS}"
        counts[bucket] = counts.get(bucket, 0) + 1
        if sum(len(p.split()) for p in article.body) >= min_words:
            counts["real bodies"] += 1
            counts["real bodies 2-6"] += number >= tags.MIN_TAGS
    return counts


def coverage_line(articles: list[Article]) -> str:
    """The coverage counts as one line for the log."""
    counts = coverage(articles)
    share = counts["real bodies 2-6"] / max(counts["real bodies"], 1)
    return ", ".join(f"{key}: {value}" for key, value in counts.items()) + f" ({share:.0%} of real bodies with 2-6)"


def headline_of(article: Article) -> str:
    """A story's headline on one line, as the pairs file writes it."""
    return " ".join(article.title.split())


def format_pairs(pairs: list[tuple[Article, str]], seed: int) -> str:
    """The pairs as a Markdown file for a blind reader."""
    out = [
        f"# {len(pairs)} (story, topic) pairs, random seed {seed}",
        "",
        "Mark each pair good or bad. Good: the story is about the topic, and an editor would put the",
        "story on the topic's page for readers to browse. Bad: a bare common noun, a cut-down piece of",
        "a topic, a section or outlet name, or a topic the story is not about.",
        "",
    ]
    for number, (article, topic) in enumerate(pairs, 1):
        out += [f"## {number}. Topic: {topic}", "", f"**{article.title.strip()}**", ""]
        out += [f"> {p.strip()}" for p in article.body[:2]]
        out += ["", "Verdict: ", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dumps", type=Path, help="folder of text dumps")
    parser.add_argument("--corpus", type=Path, help="folder of <category>/<name>.txt news texts")
    parser.add_argument("--corpus-limit", type=int, default=400)
    parser.add_argument("--unseen", type=int, default=0, help="read this many corpus texts outside the dev archive instead")
    parser.add_argument("--unseen-seed", type=int, default=7)
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--listing", type=Path, help="also write every story's topics here")
    parser.add_argument("--topic-pairs", type=Path, help="also write every (headline TAB topic) pair here, to compare two runs")
    parser.add_argument("--uncertain", type=float, nargs=2, metavar=("LOW", "HIGH"),
                        help="sample the pairs the judge scores from LOW up to HIGH that no verdict covers")
    parser.add_argument("--verdicts", type=Path, default=VERDICTS, help="with --uncertain: the pairs judged already")
    parser.add_argument("--key", type=Path, help="with --uncertain: write number, story id, topic and score of each pair")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory() as folder:
        paths = sorted(args.dumps.glob("*.txt")) if args.dumps else []
        texts: list[Path] = []
        if args.corpus:
            texts = corpus_texts(args.corpus, args.corpus_limit, args.unseen, args.unseen_seed)
            paths += corpus_seeds(texts, Path(folder))
        if args.uncertain:
            found = uncertain_pairs(story_ids(paths, texts), *args.uncertain, judged_pairs(args.verdicts))
            rng = random.Random(args.seed)
            chosen = rng.sample(found, min(args.pairs, len(found)))
            args.out.write_text(format_pairs([(a, t) for _, a, t, _ in chosen], args.seed) + "\n", encoding="utf-8")
            if args.key:
                args.key.write_text("".join(f"{n}\t{i}\t{t}\t{s:.3f}\n" for n, (i, _, t, s) in enumerate(chosen, 1)), encoding="utf-8")
            log.info("%d of %d uncertain pairs -> %s", len(chosen), len(found), args.out)
            return 0
        articles, tag_seconds, enrich_seconds = read_archive(paths)
    english = [a for a in articles if a.language in ("en", "")]
    counts = [len(a.tags) for a in english]
    log.info("%d stories (%d English), %d topics, %.1f per English story, %d with fewer than %d",
             len(articles), len(english), sum(counts), sum(counts) / max(len(english), 1),
             sum(1 for c in counts if c < tags.MIN_TAGS), tags.MIN_TAGS)
    log.info("English stories by topics: %s", coverage_line(english))
    log.info("topic tagging %.2f ms per story; entities and topics %.2f ms per story",
             1000 * tag_seconds / max(len(articles), 1), 1000 * enrich_seconds / max(len(articles), 1))
    pairs = sample_pairs(english, args.pairs, args.seed)
    args.out.write_text(format_pairs(pairs, args.seed) + "\n", encoding="utf-8")
    if args.listing:
        args.listing.write_text("\n".join(f"{a.title[:90]}\n    {' | '.join(a.tags)}" for a in articles) + "\n", encoding="utf-8")
    if args.topic_pairs:
        args.topic_pairs.write_text("".join(f"{headline_of(a)}\t{t}\n" for a in english for t in a.tags), encoding="utf-8")
    log.info("%d pairs -> %s", len(pairs), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
