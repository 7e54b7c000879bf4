"""Retrain the entity model from the CoNLL-2003 data folder and report validation scores.

    .venv/bin/python scripts/train_entities.py                 # clusters, gazetteer, CRF, scores
    .venv/bin/python scripts/train_entities.py --skip-resources  # retrain the CRF only
    .venv/bin/python scripts/train_entities.py --evaluate-only   # scores at several thresholds
    .venv/bin/python scripts/train_entities.py --skip-resources --cv 5  # 5-fold CV over train
    .venv/bin/python scripts/train_entities.py --skip-resources --cv 5 --cv-first 2  # two folds only
    .venv/bin/python scripts/train_entities.py --skip-resources --extra label-names --extra common-words
    .venv/bin/python scripts/train_entities.py --skip-resources --model-dir DIR --with-validation \
        --extra label-names --extra common-words --extra doc-first-names --extra org-heads  # a candidate in DIR, a copy of the model folder
    .venv/bin/python scripts/train_entities.py --skip-resources --model-dir DIR \
        --articles tests/fixtures/entities/blind_a.txt --articles ... --repeat 3  # CoNLL and labelled articles
    .venv/bin/python scripts/train_entities.py --skip-resources --model-dir DIR --articles A --articles B ... \
        --sets-cv  # leave one label set out: train on the others, score it through the article rules

Data (never committed): DATA/conll2003_train.txt, DATA/conll2003_valid.txt and the BBC texts; by
default the shared folder beside the project. See newsarchive/entities/model/README.md.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

import shutil  # noqa: E402
import subprocess  # noqa: E402
from collections.abc import Sequence  # noqa: E402
import tempfile  # noqa: E402

from newsarchive.entities.conll import read_conll, score  # noqa: E402
from newsarchive.entities.features import MODEL_DIR  # noqa: E402
from newsarchive.entities.recognise import THRESHOLD, Tagger  # noqa: E402
from newsarchive.entities.silver import OPTIONAL_POLICIES, article_documents  # noqa: E402
from newsarchive.entities.training import EXTRAS, train_documents, train_model, write_resources  # noqa: E402

THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def evaluate(valid: Path, model_dir: Path) -> None:
    """Entity-level PER/ORG/LOC scores on the validation split at several marginal thresholds."""
    tagger = Tagger(model_dir)
    docs = read_conll(valid)
    gold = [s.gold for d in docs for s in d]
    started = time.perf_counter()
    for threshold in THRESHOLDS:
        predicted = [tags for d in docs for tags in tagger.tag_document([s.words for s in d], threshold)]
        print(f"threshold {threshold:.2f}: {score(gold, predicted)}")
    tokens = sum(len(g) for g in gold)
    print(f"{tokens * len(THRESHOLDS) / (time.perf_counter() - started):.0f} tokens/s")


def cross_validate(train: Path, model_dir: Path, folds: int, params: dict, only: int | None = None, extras: Sequence[str] = ()) -> None:
    """k-fold cross-validation over the training split's documents (fold = document index mod
    k), at the tagger's document threshold and, for comparison, at the article threshold without
    finding a name's mentions again: each fold's scores and their means."""
    docs = read_conll(train)
    results = []
    plain = []
    for fold in range(only or folds):
        with tempfile.TemporaryDirectory() as tmp:
            fold_dir = Path(tmp)
            for resource in model_dir.glob("*.tsv"):
                shutil.copy(resource, fold_dir / resource.name)
            train_documents([d for i, d in enumerate(docs) if i % folds != fold], fold_dir, params, extras)
            held = [d for i, d in enumerate(docs) if i % folds == fold]
            tagger = Tagger(fold_dir)
            gold = [s.gold for d in held for s in d]
            predicted = [tags for d in held for tags in tagger.tag_document([s.words for s in d])]
            result = score(gold, predicted)
            results.append(result)
            predicted = [tags for d in held for tags in tagger.tag_document([s.words for s in d], THRESHOLD, repeats=False)]
            plain.append(score(gold, predicted))
            print(f"fold {fold + 1}/{folds}: {result}; without repeats at {THRESHOLD}: {plain[-1]}", flush=True)
    for name, scores in (("mean", results), (f"mean without repeats at {THRESHOLD}", plain)):
        mean = {k: sum(getattr(r, k) for r in scores) / len(scores) for k in ("precision", "recall", "f1")}
        print(f"{name}: " + ", ".join(f"{k} {v:.4f}" for k, v in mean.items()))


def cross_validate_sets(paths: Sequence[Path], model_dir: Path, sets: Sequence[Path], shared: Path, params: dict, extras: Sequence[str], repeat: int, policy: str, keep: Path | None = None) -> None:
    """Leave one label set out: train on the CoNLL files and the other sets' articles, then score the
    left-out set through the whole article pipeline (scripts/score_entities.py with the candidate).
    With keep, each fold's model stays in keep/<set name> so the rules can be scored again with it."""
    docs = [doc for path in paths for doc in read_conll(path)]
    for left_out in sets:
        others = article_documents([s for s in sets if s != left_out], shared, policy)
        with tempfile.TemporaryDirectory() as tmp:
            fold_dir = keep / left_out.stem if keep else Path(tmp)
            fold_dir.mkdir(parents=True, exist_ok=True)
            for resource in model_dir.glob("*.tsv"):
                shutil.copy(resource, fold_dir / resource.name)
            train_documents(docs, fold_dir, params, extras, others, repeat)
            scored = subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "score_entities.py"), "--labels", str(left_out), "--shared", str(shared), "--model-dir", str(fold_dir)],
                check=True, capture_output=True, text=True,
            ).stdout
            final = scored.strip().splitlines()[-1]
            print(f"left out {left_out.name}: {final}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=SHARED / "eval" / "ner", help="folder with the CoNLL files")
    parser.add_argument("--bbc", type=Path, default=SHARED / "corpus" / "bbc", help="unlabelled texts for the clusters")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder the label files' paths are relative to")
    parser.add_argument("--model-dir", type=Path, default=MODEL_DIR)
    parser.add_argument("--skip-resources", action="store_true", help="keep the clusters and gazetteer files")
    parser.add_argument("--evaluate-only", action="store_true")
    parser.add_argument("--c1", type=float)
    parser.add_argument("--c2", type=float)
    parser.add_argument("--iterations", type=int)
    parser.add_argument("--cv", type=int, metavar="K", help="only cross-validate over the training split, K folds")
    parser.add_argument("--extra", action="append", choices=EXTRAS, default=[], help="an optional feature group (repeatable)")
    parser.add_argument("--with-validation", action="store_true", help="train on the training and validation splits (scores on validation then mean nothing)")
    parser.add_argument("--cv-first", type=int, metavar="N", help="with --cv, run only the first N folds (a quicker comparison)")
    parser.add_argument("--articles", type=Path, action="append", default=[], help="a file of labelled articles to train on too (repeatable)")
    parser.add_argument("--repeat", type=int, default=1, help="how many times each labelled article's sentences are given")
    parser.add_argument("--optional", choices=OPTIONAL_POLICIES, default="drop", help="optional people, organisations, places: drop their sentences or mark their type")
    parser.add_argument("--sets-cv", action="store_true", help="leave each --articles set out in turn and score it through the article rules")
    parser.add_argument("--keep-folds", type=Path, metavar="DIR", help="with --sets-cv, keep each fold's model in DIR/<set name>")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    train = args.data / "conll2003_train.txt"
    if not args.evaluate_only:
        if not args.skip_resources:
            write_resources(train, args.bbc if args.bbc.is_dir() else None, args.model_dir)
        params = {k: v for k, v in (("c1", args.c1), ("c2", args.c2), ("max_iterations", args.iterations)) if v is not None}
        paths = [train, args.data / "conll2003_valid.txt"] if args.with_validation else [train]
        if args.sets_cv:
            cross_validate_sets(paths, args.model_dir, args.articles, args.shared, params, args.extra, args.repeat, args.optional, args.keep_folds)
            return 0
        if args.cv:
            cross_validate(train, args.model_dir, args.cv, params, args.cv_first, args.extra)
            return 0
        articles = article_documents(args.articles, args.shared, args.optional)
        seconds = train_model(paths, args.model_dir, params, args.extra, articles, args.repeat)
        size = (args.model_dir / "ner.crfsuite").stat().st_size
        print(f"trained in {seconds:.0f} s, model {size / 1e6:.1f} MB")
    evaluate(args.data / "conll2003_valid.txt", args.model_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
