"""Train the judge of topics: P(good | story, topic), from blind verdicts on (story, topic) pairs.

The verdicts (`tests/fixtures/topics/verdicts.tsv`: round, story id, topic, good or bad) name
stories of the shared data: `dumps/<file>` under --dumps, `bbc/<category>/<file>` under --corpus.
Each story is read, parsed and given its entities as ingest does it; each pair's features are
`judge.topic_features` (uses of the topic in headline, lead and body, a cut-down name, rarity in
the background table, the rule that proposes it now, entity, telling words of a broad subject).
A logistic regression (numpy, L2) learns the weights. It is checked by 5-fold cross-validation
grouped by story and by leaving each round of verdicts out (a topic annotate keeps unjudged
counts as kept: see written_often); the threshold is the lowest score at which the kept pairs of
the dumps reach --aim on average over REPEATS runs of 5-fold cross-validation, each its own split
of the stories. The weights, the scaling and the threshold go to
`newsarchive/data/topic_judge.json`.

    python scripts/train_topics.py --dumps ../shared/eval/extraction/dumps --corpus ../shared/corpus/bbc
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from logistic import fit, predict  # noqa: E402
from sample_topics import corpus_seeds, read_story  # noqa: E402

from newsarchive.tags import judge, listed, phrases, propose, rules  # noqa: E402
from newsarchive.article import Article  # noqa: E402

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
VERDICTS = ROOT / "tests" / "fixtures" / "topics" / "verdicts.tsv"
PENALTY = 1.0  # L2 weight on the standardised features
FOLDS = 5
REPEATS = 10  # runs of 5-fold cross-validation, each its own split of the stories, that choose the threshold
SAME_ROUND = {"r1b": "r1"}  # a second reader of the same pairs: left out together


def read_verdicts(path: Path) -> list[tuple[str, str, str, bool]]:
    """(round, story id, topic, good) of each judged pair."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        round_, story, topic, verdict = line.split("\t")
        rows.append((round_, story, topic, verdict == "good"))
    return rows


def read_stories(ids: set[str], dumps: Path, corpus: Path, folder: Path) -> dict[str, Article]:
    """Each named story parsed and given its entities, as ingest does it."""
    stories: dict[str, Article] = {}
    for story in sorted(ids):
        kind, _, rest = story.partition("/")
        if kind == "dumps":
            path = dumps / rest
        else:
            own = folder / rest.replace("/", "-")
            own.mkdir()
            written = corpus_seeds([corpus / rest], own) if (corpus / rest).is_file() else []
            path = written[0] if written else None
        if path is None or not path.is_file():
            log.warning("no story %s", story)
            continue
        stories[story] = read_story(path)
    return stories


def pair_features(rows: list[tuple[str, str, str, bool]], stories: dict[str, Article]) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Feature matrix and labels of the pairs whose story was read; the rows kept."""
    features, labels, kept = [], [], []
    cache: dict[str, tuple[list[judge.FoldedZone], dict[str, str]]] = {}
    for number, (_, story, topic, good) in enumerate(rows):
        article = stories.get(story)
        if article is None:
            continue
        if story not in cache:
            zones = phrases.story_zones(article)
            _, _, origin = propose.propose_topics(article, zones, listed.listed_tags(article))
            by_key = {rules.fold(t): source for t, source in origin.items()}
            cache[story] = (judge.folded_zones(zones), by_key)
        folded, by_key = cache[story]
        source = by_key.get(rules.fold(topic), "other")
        features.append(judge.topic_features(article, folded, topic, source))
        labels.append(float(good))
        kept.append(number)
    return np.array(features), np.array(labels), kept


def grouped_folds(groups: list[str], folds: int, seed: int = 5) -> list[int]:
    """A fold number for each row, whole groups (stories) to one fold."""
    names = sorted(set(groups))
    random.Random(seed).shuffle(names)
    fold_of = {name: i % folds for i, name in enumerate(names)}
    return [fold_of[g] for g in groups]


def cross_scores(x: np.ndarray, y: np.ndarray, fold: list[int], weight: np.ndarray) -> np.ndarray:
    """Out-of-fold P(good) of every row."""
    scores = np.zeros(len(y))
    fold_array = np.array(fold)
    for f in sorted(set(fold)):
        test = fold_array == f
        scores[test] = predict(fit(x[~test], y[~test], PENALTY, weight[~test]), x[test])
    return scores


def written_often(x: np.ndarray) -> np.ndarray:
    """The rows annotate keeps whatever the judge scores (see judge.written_often)."""
    return np.array([judge.written_often(row) for row in x.tolist()], dtype=bool)


def kept_table(scores: np.ndarray, y: np.ndarray, mask: np.ndarray, thresholds: list[float]) -> list[str]:
    """Lines of precision of the kept pairs and share kept, at each threshold."""
    lines = []
    for t in thresholds:
        keep = mask & (scores >= t)
        precision = y[keep].mean() if keep.any() else float("nan")
        lines.append(f"  >= {t:.2f}: kept {keep.sum():4d}/{mask.sum():4d} ({keep.sum() / max(mask.sum(), 1):.0%}), good {precision:.1%}")
    return lines


def choose_threshold(runs: list[np.ndarray], y: np.ndarray, mask: np.ndarray, aim: float) -> float:
    """The lowest threshold (in steps of 0.05) at which the kept pairs of `mask` reach `aim`, on
    average over cross-validation runs (`runs`: each its out-of-fold scores)."""
    for t in np.arange(0.0, 0.96, 0.05):
        shares = [y[mask & (scores >= t)].mean() for scores in runs if (mask & (scores >= t)).any()]
        if len(shares) == len(runs) and np.mean(shares) >= aim:
            return round(float(t), 2)
    return 0.95


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dumps", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--verdicts", type=Path, default=VERDICTS)
    parser.add_argument("--aim", type=float, default=0.8, help="share of good pairs kept on the dumps, in cross-validation")
    parser.add_argument("--dump-weight", type=float, default=1.0, help="how many times a pair of the dumps (many outlets) counts")
    parser.add_argument("--threshold", type=float, help="ship this threshold instead of the chosen one")
    parser.add_argument("--out", type=Path, default=judge.JUDGE_FILE)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    rows = read_verdicts(args.verdicts)
    with tempfile.TemporaryDirectory() as folder:
        stories = read_stories({r[1] for r in rows}, args.dumps, args.corpus, Path(folder))
    x, y, kept = pair_features(rows, stories)
    rows = [rows[i] for i in kept]
    groups = [r[1] for r in rows]
    dumps = np.array([g.startswith("dumps/") for g in groups])
    t14 = np.array([r[0] == "t14" for r in rows])
    everything = np.ones(len(y), dtype=bool)
    weight = np.where(dumps, args.dump_weight, 1.0)
    log.info("%d pairs (%d good) of %d stories; %d of the dumps (%d good)", len(y), int(y.sum()), len(set(groups)), dumps.sum(), int(y[dumps].sum()))
    thresholds = [0.0, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8]
    often = written_often(x)  # kept whatever the judge scores, as annotate does
    cv = np.where(often, 1.0, cross_scores(x, y, grouped_folds(groups, FOLDS), weight))
    rounds = [SAME_ROUND.get(r[0], r[0]) for r in rows]
    names = sorted(set(rounds))
    loro = np.where(often, 1.0, cross_scores(x, y, [names.index(r) for r in rounds], weight))
    plain = np.where(often, 1.0, predict(fit(x, y, PENALTY, weight), x))
    for label, scores in (("5-fold CV by story", cv), ("leave one round out", loro), ("plain (trained on all)", plain)):
        for part, mask in (("all", everything), ("dumps", dumps), ("t14", t14)):
            log.info("%s, %s:\n%s", label, part, "\n".join(kept_table(scores, y, mask, thresholds)))
    runs = [np.where(often, 1.0, cross_scores(x, y, grouped_folds(groups, FOLDS, seed), weight)) for seed in range(1, REPEATS + 1)]
    chosen = choose_threshold(runs, y, dumps, args.aim) if args.threshold is None else args.threshold
    for part, mask in (("all", everything), ("dumps", dumps), ("t14", t14)):
        kept = [mask & (scores >= chosen) for scores in runs]
        log.info("threshold %.2f, %s, %d runs of 5-fold CV: good %.1f%% (%.1f-%.1f), kept %.1f%%", chosen, part, REPEATS,
                 100 * np.mean([y[k].mean() for k in kept]), 100 * min(y[k].mean() for k in kept),
                 100 * max(y[k].mean() for k in kept), 100 * np.mean([k.sum() / mask.sum() for k in kept]))
    log.info("threshold %.2f (5-fold CV on the dumps aiming at %.0f%% good)", chosen, 100 * args.aim)
    means, scales, weights, bias = fit(x, y, PENALTY, weight)
    by_weight = sorted(zip(judge.FEATURES, weights), key=lambda item: -abs(item[1]))
    log.info("weights: %s", ", ".join(f"{name} {w:+.2f}" for name, w in by_weight))
    data = {
        "features": list(judge.FEATURES),
        "means": [round(float(v), 6) for v in means],
        "scales": [round(float(v), 6) for v in scales],
        "weights": [round(float(v), 6) for v in weights],
        "bias": round(bias, 6),
        "threshold": chosen,
        "pairs": len(y),
    }
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    log.info("judge -> %s", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
