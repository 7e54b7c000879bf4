"""Train the judge of whole-document spans (CoNLL-2003 style documents tagged by `tag-conll`).

Three steps, each reading what the one before wrote into --work:

    .venv/bin/python scripts/train_conll_judge.py folds --work DIR    # 5 fold models of the shipped recipe
    .venv/bin/python scripts/train_conll_judge.py dump --work DIR     # out-of-fold candidates, features, labels
    .venv/bin/python scripts/train_conll_judge.py fit --work DIR --out JUDGE.json  # CV of the judge (doubted spans), its weights
    .venv/bin/python scripts/train_conll_judge.py fit --work DIR --out JUDGE.json --judge-confident  # every span judged and retyped
    .venv/bin/python scripts/train_conll_judge.py compare --work DIR [--split valid]  # per fold: threshold and judge, one split
    .venv/bin/python scripts/train_conll_judge.py stack --work DIR [--out MODEL_DIR]  # second-stage CRFs (after folds, before dump)

The fold models are the shipped model's recipe (CoNLL-2003 training split and the eight tuning
label sets, see newsarchive/entities/model/README.md) with one fifth of the CoNLL documents (index
mod 5) left out; each left-out document is tagged by its fold model down to a low threshold, and
every candidate span is labelled right or wrong against the gold (exact span and type). With
--with-validation (every step), the folds run over both splits, fold k being the training
split's fold k and the validation split's (index mod 5 in each): the judge of tag-conll's own
model (newsarchive/entities/model/conll/), trained on both splits. `compare` scores one split's
left-out documents per fold, the threshold alone and the judge fitted on the other folds, to set
two sets of fold models side by side on the same documents. The judge is used by `tag-conll`
when a model folder holds it as conll_judge.json.

`stack` (CoNLL documents only, articles left out) reads every document with the fold model that
left it out (the first stage's out-of-fold reading, kept in stage1.json), trains each fold's
second-stage CRF (stage2.crfsuite beside the fold model) on the other folds' documents and their
readings, and with --out the second stage on every document into that model folder; `dump`,
`fit` and `compare` then read the fold models' two stages (the first stage's sure names guarded at
stacking.SURE_FIRST; `dump --guard G` reads them at another level, over 1 unguarded), and `fit` records both digests. Data: DATA/conll2003_train.txt (and
DATA/conll2003_valid.txt) and the label sets' pages under the shared folder beside the project.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from logistic import fit, predict  # noqa: E402

from newsarchive.entities.conll import CONLL_MODEL_DIR, SCORED_TYPES, Score, read_conll  # noqa: E402
from newsarchive.entities.doc_judge import FEATURES, JUDGE_NAME, MODEL_NAME, Candidate, choose, model_digest  # noqa: E402
from newsarchive.entities.features import MODEL_DIR  # noqa: E402
from newsarchive.entities.recognise import DOCUMENT_THRESHOLD as CUT  # noqa: E402
from newsarchive.entities.stacking import STAGE2_FILE, StageOne, reading_rows, rows_reading  # noqa: E402

log = logging.getLogger(__name__)
FOLDS = 5
LABEL_SETS = ("blind_a", "dev_labels", "train_d1", "train_d2", "train_bbc", "train_bbc2", "train_bbc3", "train_bbc4")
EXTRAS = ("doc-first-names", "common-words")
DUMP_FLOOR = 0.1
FLOOR = 0.1  # the lowest confidence of a proposed span the judge reads
PENALTIES = (0.1, 1.0, 10.0, 100.0)  # L2 weight on the standardised features
KEEPS = tuple(round(0.3 + 0.05 * i, 2) for i in range(9))  # keep probabilities tried, 0.3 to 0.7
LOWER_THRESHOLDS = (0.4, 0.5, 0.6)  # the spans' confidence alone, for comparison (spans found at the document threshold)
DOUBTS = (0.3, 0.4, 0.5, 0.6)  # with --judge-confident: probabilities under which a span at the threshold is dropped


def split_documents(data: Path, with_validation: bool) -> list[tuple[str, int, list]]:
    """(split, index in its split, document) of the training split, then of the validation split
    with --with-validation: the order the shipped recipe trains them in."""
    names = ("train", "valid") if with_validation else ("train",)
    return [(name, index, doc) for name in names for index, doc in enumerate(read_conll(data / f"conll2003_{name}.txt"))]


def fold_of(index: int) -> int:
    """A document's fold: its index in its own split, mod 5 (a training document's fold is the
    same with or without the validation split)."""
    return index % FOLDS


def make_folds(data: Path, shared: Path, work: Path, with_validation: bool) -> None:
    """One model of the shipped recipe per fold, trained without that fold's CoNLL documents
    (with --with-validation, on the rest of both splits)."""
    from newsarchive.entities.silver import article_documents
    from newsarchive.entities.training import train_documents

    docs = split_documents(data, with_validation)
    articles = article_documents([ROOT / "tests" / "fixtures" / "entities" / f"{name}.txt" for name in LABEL_SETS], shared, "type")
    for fold in range(FOLDS):
        fold_dir = work / f"fold{fold}"
        if (fold_dir / "ner.crfsuite").is_file():
            continue
        fold_dir.mkdir(parents=True, exist_ok=True)
        for resource in MODEL_DIR.glob("*.tsv"):
            shutil.copy(resource, fold_dir / resource.name)
        seconds = train_documents([d for _, i, d in docs if fold_of(i) != fold], fold_dir, None, EXTRAS, articles, 1)
        log.warning("fold %d trained in %.0f s", fold, seconds)


def stage_one_readings(docs: Sequence[tuple[str, int, list]], work: Path) -> list[list[StageOne]]:
    """Every document's reading by the first stage of the fold model that left it out, from
    work/stage1.json when there (written on first use)."""
    from newsarchive.entities.recognise import Tagger

    cache = work / "stage1.json"
    if cache.is_file():
        return rows_reading(json.loads(cache.read_text(encoding="utf-8")))
    readings: list[list[StageOne]] = [[] for _ in docs]
    for fold in range(FOLDS):
        tagger = Tagger(work / f"fold{fold}")
        for number, (_, index, doc) in enumerate(docs):
            if fold_of(index) == fold:
                readings[number] = tagger.first_stage(tagger.document_features([s.words for s in doc]))
        log.warning("fold %d: first stage read", fold)
    cache.write_text(json.dumps(reading_rows(readings)) + "\n", encoding="utf-8")
    return readings


def make_stacked(data: Path, work: Path, with_validation: bool, out: Path | None) -> None:
    """Each fold's second-stage CRF, trained on the other folds' CoNLL documents with their
    out-of-fold first-stage reading; with `out`, the second stage on every document, into out."""
    from newsarchive.entities.training import train_documents

    docs = split_documents(data, with_validation)
    readings = stage_one_readings(docs, work)
    for fold in range(FOLDS):
        if (work / f"fold{fold}" / STAGE2_FILE).is_file():
            continue
        kept = [number for number, (_, index, _) in enumerate(docs) if fold_of(index) != fold]
        seconds = train_documents([docs[n][2] for n in kept], work / f"fold{fold}", None, EXTRAS, (), 1, [readings[n] for n in kept])
        log.warning("fold %d: second stage trained in %.0f s", fold, seconds)
    if out is None:
        return
    full = work / "full"
    full.mkdir(parents=True, exist_ok=True)
    for resource in MODEL_DIR.glob("*.tsv"):
        shutil.copy(resource, full / resource.name)
    seconds = train_documents([d for _, _, d in docs], full, None, EXTRAS, (), 1, readings)
    shutil.copy(full / STAGE2_FILE, out / STAGE2_FILE)
    log.warning("second stage trained on every document in %.0f s: %s", seconds, out / STAGE2_FILE)


def dump_candidates(data: Path, work: Path, floor: float, with_validation: bool, guard: float | None) -> None:
    """Each fold's left-out documents tagged by its fold model: every candidate span at or above
    the floor with its features and whether it is a gold entity (exact span and type), into
    candidates.jsonl; the gold entities per fold and type into gold.json (for recall), and with
    --with-validation per split too (under "splits")."""
    from newsarchive.entities.conll import spans
    from newsarchive.entities.recognise import Tagger

    docs = split_documents(data, with_validation)
    gold_counts: dict = {}
    by_split: dict[str, dict[str, dict[str, int]]] = {}
    with (work / "candidates.jsonl").open("w", encoding="utf-8") as out:
        for fold in range(FOLDS):
            tagger = Tagger(work / f"fold{fold}")
            if guard is not None:
                tagger.sure_first = guard if guard <= 1.0 else None
            counts: dict[str, int] = {}
            for number, (split, index, doc) in enumerate(docs):
                if fold_of(index) != fold:
                    continue
                gold = [set(spans(s.gold)) for s in doc]
                split_counts = by_split.setdefault(split, {}).setdefault(str(fold), {})
                for entities in gold:
                    for *_, kind in entities:
                        counts[kind] = counts.get(kind, 0) + 1
                        split_counts[kind] = split_counts.get(kind, 0) + 1
                for c in tagger.document_candidates([s.words for s in doc], floor):
                    right = (c.start, c.end, c.kind) in gold[c.sentence]
                    row = {"fold": fold, "doc": number, "sentence": c.sentence, "start": c.start, "end": c.end, "kind": c.kind,
                           "confidence": round(c.confidence, 6), "origin": c.origin, "features": [round(x, 6) for x in c.features], "right": right}
                    if with_validation:
                        row["split"] = split
                    out.write(json.dumps(row) + "\n")
            gold_counts[str(fold)] = counts
            log.warning("fold %d: candidates dumped", fold)
    if with_validation:
        gold_counts["splits"] = by_split
    (work / "gold.json").write_text(json.dumps(gold_counts, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def read_candidates(path: Path) -> tuple[list[Candidate], list[int], list[bool], list[str]]:
    """The dumped candidates (their sentence numbered by document, to tell extents apart), each
    one's fold, whether it is right, and its split."""
    candidates, folds, rights, splits = [], [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        sentence = row["doc"] * 10_000 + row["sentence"]
        candidates.append(Candidate(sentence, row["start"], row["end"], row["kind"], row["confidence"], row["origin"], tuple(row["features"])))
        folds.append(row["fold"])
        rights.append(row["right"])
        splits.append(row.get("split", "train"))
    return candidates, folds, rights, splits


def decoded_score(candidates: Sequence[Candidate], rights: Sequence[bool], kept: Sequence[Candidate], gold: int) -> Score:
    """PER/ORG/LOC exact-match score of the kept candidates, against `gold` entities in all."""
    right = {id(c) for c, r in zip(candidates, rights, strict=True) if r}
    chosen = [c for c in kept if c.kind in SCORED_TYPES]
    tp = sum(1 for c in chosen if id(c) in right)
    return Score(tp, len(chosen) - tp, gold - tp)


def mean_scores(scores: Sequence[Score]) -> tuple[float, float, float]:
    return tuple(float(np.mean([getattr(s, k) for s in scores])) for k in ("precision", "recall", "f1"))  # type: ignore[return-value]


def out_of_fold(x: np.ndarray, y: np.ndarray, folds: np.ndarray, usable: np.ndarray, penalty: float) -> np.ndarray:
    """Each candidate's probability from the judge fitted on the other folds' usable candidates."""
    probabilities = np.zeros(len(x))
    for f in range(FOLDS):
        train = (folds != f) & usable
        probabilities[folds == f] = predict(fit(x[train], y[train], penalty), x[folds == f])
    return probabilities


def kept_by_threshold(candidates: Sequence[Candidate], threshold: float) -> list[Candidate]:
    """The spans the confidence alone keeps (the model's own types, none retyped)."""
    return [c for c in candidates if c.origin != "retyped" and c.confidence >= threshold]


def cross_validate(candidates: list[Candidate], folds: list[int], rights: list[bool], gold: dict, doubts: Sequence[float | None]) -> dict:
    """Judge CV over the document folds: for each penalty, each fold's candidates scored by the
    judge fitted on the other folds, then decoded at each keep and doubt probability. Returns the
    mean P/R/F1 per (penalty, keep, doubt), and the shipped decoding's (the threshold alone)."""
    x = np.array([c.features for c in candidates])
    y = np.array(rights, dtype=float)
    fold_of = np.array(folds)
    retyping = any(d is not None for d in doubts)
    usable = np.array([retyping or c.origin != "retyped" for c in candidates])
    totals = {f: sum(n for k, n in gold[str(f)].items() if k in SCORED_TYPES) for f in range(FOLDS)}
    members = {f: [i for i in range(len(candidates)) if folds[i] == f] for f in range(FOLDS)}
    results: dict = {}
    for threshold in (*LOWER_THRESHOLDS, CUT):
        base = []
        for f in range(FOLDS):
            own = [candidates[i] for i in members[f]]
            base.append(decoded_score(own, [rights[i] for i in members[f]], kept_by_threshold(own, threshold), totals[f]))
        results[f"threshold {threshold:.2f}"] = mean_scores(base)
    results["threshold alone"] = results[f"threshold {CUT:.2f}"]
    for penalty in PENALTIES:
        probabilities = out_of_fold(x, y, fold_of, usable, penalty)
        for keep in KEEPS:
            for doubt in doubts:
                scores = []
                for f in range(FOLDS):
                    own = [candidates[i] for i in members[f]]
                    kept = choose(own, [float(probabilities[i]) for i in members[f]], keep, doubt, FLOOR, CUT)
                    scores.append(decoded_score(own, [rights[i] for i in members[f]], kept, totals[f]))
                results[(penalty, keep, doubt)] = mean_scores(scores)
    return results


def fit_judge(work: Path, out: Path, judge_confident: bool, with_validation: bool) -> None:
    """CV of the judge over the dumped candidates (printed); the penalty, keep and doubt with the
    best CV F1 whose CV precision is not under the threshold alone's; the judge fitted on all
    candidates with them, written to out."""
    candidates, folds, rights, _ = read_candidates(work / "candidates.jsonl")
    gold = json.loads((work / "gold.json").read_text(encoding="utf-8"))
    results = cross_validate(candidates, folds, rights, gold, DOUBTS if judge_confident else (None,))
    base = results.pop("threshold alone")
    for threshold in (*LOWER_THRESHOLDS, CUT):
        p, r, f1 = results.pop(f"threshold {threshold:.2f}")
        print(f"confidence alone at {threshold:.2f}: P {p:.4f} R {r:.4f} F1 {f1:.4f}")
    for (penalty, keep, doubt), (p, r, f1) in results.items():
        print(f"penalty {penalty:g} keep {keep:.2f} doubt {doubt}: P {p:.4f} R {r:.4f} F1 {f1:.4f}")
    allowed = {k: v for k, v in results.items() if v[0] >= base[0]}
    if not allowed:
        print("no setting keeps the precision of the threshold alone: the best F1 is chosen")
        allowed = results
    penalty, keep, doubt = max(allowed, key=lambda k: (round(allowed[k][2], 6), -k[0], k[1], -1.0 if k[2] is None else k[2]))
    p, r, f1 = results[(penalty, keep, doubt)]
    print(f"chosen: penalty {penalty:g} keep {keep:.2f} doubt {doubt}: P {p:.4f} R {r:.4f} F1 {f1:.4f}")
    usable = [i for i, c in enumerate(candidates) if judge_confident or c.origin != "retyped"]
    folder = CONLL_MODEL_DIR if with_validation else MODEL_DIR
    x = np.array([candidates[i].features for i in usable])
    y = np.array([rights[i] for i in usable], dtype=float)
    means, scales, weights, bias = fit(x, y, penalty)
    data = {
        "features": list(FEATURES),
        "means": [round(float(v), 6) for v in means],
        "scales": [round(float(v), 6) for v in scales],
        "weights": [round(float(v), 6) for v in weights],
        "bias": round(bias, 6),
        "floor": FLOOR,
        "keep": keep,
        "doubt": doubt,
        "penalty": penalty,
        "candidates": len(usable),
        "model": model_digest(folder / MODEL_NAME),  # the model the fold models stand for
    }
    if (folder / STAGE2_FILE).is_file():
        data["stage2"] = model_digest(folder / STAGE2_FILE)  # and its second stage
    out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"judge written to {out.name}: {len(usable)} candidates")


def split_scores(work: Path, penalty: float, keep: float, split: str) -> dict[str, list[Score]]:
    """Per fold, the scores over one split's left-out documents of the threshold alone and of the
    doubted spans judged (the judge fitted on the other folds' candidates, every split's): what
    the fold models give on the same documents, to compare two sets of fold models."""
    candidates, folds, rights, splits = read_candidates(work / "candidates.jsonl")
    gold = json.loads((work / "gold.json").read_text(encoding="utf-8"))
    counts = gold["splits"][split] if "splits" in gold else gold
    x = np.array([c.features for c in candidates])
    y = np.array(rights, dtype=float)
    fold_array = np.array(folds)
    usable = np.array([c.origin != "retyped" for c in candidates])
    probabilities = out_of_fold(x, y, fold_array, usable, penalty)
    result: dict[str, list[Score]] = {"threshold": [], "judge": []}
    for f in range(FOLDS):
        members = [i for i in range(len(candidates)) if folds[i] == f]
        chosen = {id(c) for c in choose([candidates[i] for i in members], [float(probabilities[i]) for i in members], keep, None, FLOOR, CUT)}
        own = [i for i in members if splits[i] == split]
        total = sum(n for k, n in counts[str(f)].items() if k in SCORED_TYPES)
        mine = [candidates[i] for i in own]
        mine_rights = [rights[i] for i in own]
        result["threshold"].append(decoded_score(mine, mine_rights, kept_by_threshold(mine, CUT), total))
        result["judge"].append(decoded_score(mine, mine_rights, [c for c in mine if id(c) in chosen], total))
    return result


def compare_folds(work: Path, penalty: float, keep: float, split: str) -> None:
    """Print each fold's and the pooled scores of one split's left-out documents (`split_scores`)."""
    for name, scores in split_scores(work, penalty, keep, split).items():
        for f, result in enumerate(scores):
            print(f"{name} fold {f}: {result}")
        pooled = Score(sum(s.tp for s in scores), sum(s.fp for s in scores), sum(s.fn for s in scores))
        p, r, f1 = mean_scores(scores)
        print(f"{name} pooled: {pooled}; mean of folds P {p:.4f} R {r:.4f} F1 {f1:.4f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("folds", "stack", "dump", "fit", "compare"))
    parser.add_argument("--work", type=Path, required=True, help="folder for fold models and candidate dumps")
    parser.add_argument("--data", type=Path, default=SHARED / "eval" / "ner", help="folder with the CoNLL files")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--floor", type=float, default=DUMP_FLOOR, help="the lowest confidence of a dumped candidate")
    parser.add_argument("--out", type=Path, help=f"where fit writes the judge ({JUDGE_NAME} in a model folder's copy makes `tag-conll --model-dir` use it); stack: the model folder that gets the second stage")
    parser.add_argument("--with-validation", action="store_true", help="folds over the training and validation splits (the judge of a model trained on both)")
    parser.add_argument("--penalty", type=float, default=100.0, help="compare: the judge's penalty (the shipped judge's)")
    parser.add_argument("--keep", type=float, default=0.5, help="compare: the judge's keep probability (the shipped judge's)")
    parser.add_argument("--split", choices=("train", "valid"), default="train", help="compare: the split whose left-out documents are scored")
    parser.add_argument("--guard", type=float, help="dump: the first stage's sure names kept at this confidence (over 1: no guard), for the shipped one")
    parser.add_argument("--judge-confident", action="store_true", help="judge every span and its other types, not only those under the threshold")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    if args.step == "folds":
        make_folds(args.data, args.shared, args.work, args.with_validation)
    elif args.step == "stack":
        make_stacked(args.data, args.work, args.with_validation, args.out)
    elif args.step == "dump":
        dump_candidates(args.data, args.work, args.floor, args.with_validation, args.guard)
    elif args.step == "compare":
        compare_folds(args.work, args.penalty, args.keep, args.split)
    elif args.out is None:
        parser.error("fit needs --out")
    else:
        fit_judge(args.work, args.out, args.judge_confident, args.with_validation)
    return 0


if __name__ == "__main__":
    sys.exit(main())
