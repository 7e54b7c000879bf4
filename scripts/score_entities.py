"""Score the people, organisations and places the project emits against hand-made labels.

    .venv/bin/python scripts/score_entities.py [--labels FILE] [--shared DIR] [--errors] [--split dev|held-out|all]
        [--model-dir DIR] [--count-furniture-gold]

The labels (tests/fixtures/entities/dev_labels.txt) follow the shared labelling guidelines: gold
entities with their aliases, and optional names that count neither way. Articles alternate
between two halves, dev (tuned on) and held-out (only measured). Precision is the share of
emitted names that are a gold entity of that type (optional names and names that only occur
in the page furniture around the body are left out); recall is the share of gold entities found,
those the article names only in its page furniture left out too, as the guidelines make them
neutral (`--count-furniture-gold` counts them, as this script once did). A second name for an
entity already found counts against precision (one entry per entity). `--model-dir` scores a
candidate model (a copy of the model folder it was trained into) instead of the shipped one.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_LABELS = ROOT / "tests" / "fixtures" / "entities" / "dev_labels.txt"
KINDS = {"P": "people", "O": "organizations", "L": "places"}
SPLITS = ("dev", "held-out")


@dataclass
class Labelled:
    """One article's labels: path relative to the shared folder, gold entities, optional names."""

    path: str
    split: str
    gold: dict[str, list[tuple[str, ...]]] = field(default_factory=lambda: {k: [] for k in KINDS.values()})
    optional: set[str] = field(default_factory=set)


@dataclass
class Tally:
    """Counts for precision and recall, with the names behind them."""

    emitted: int = 0
    correct: int = 0
    gold: int = 0
    found: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.emitted += other.emitted
        self.correct += other.correct
        self.gold += other.gold
        self.found += other.found

    @property
    def precision(self) -> float:
        return self.correct / self.emitted if self.emitted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0


def parse_labels(text: str) -> list[Labelled]:
    """The labels file (see `newsarchive.entities.silver.parse_label_file`), articles alternating
    between the dev and held-out halves."""
    from newsarchive.entities.silver import parse_label_file

    articles: list[Labelled] = []
    for index, labels in enumerate(parse_label_file(text)):
        labelled = Labelled(labels.path, SPLITS[index % 2])
        for kind, names in labels.entities:
            labelled.gold[KINDS[kind]].append(names)
        labelled.optional.update(normalise(name) for name, _ in labels.optional)
        articles.append(labelled)
    return articles


def normalise(name: str) -> str:
    """Compare names case aside, without a leading 'the', a possessive or a final full stop."""
    name = name.translate(str.maketrans("‘’“”", "''\"\"")).casefold()
    name = re.sub(r"\s+", " ", name).strip()
    name = re.sub(r"^the ", "", name)
    name = re.sub(r"'s$", "", name)
    return name.rstrip(".")


def article_text(shared: Path, path: str) -> str:
    """The text a name must occur in to count: the body (a dump's true body) and its first line."""
    source = shared / path
    text = source.read_text(encoding="utf-8", errors="replace")
    truth = shared / path.replace("/dumps/", "/truth/")
    if truth != source and truth.exists():
        return text.splitlines()[0] + "\n" + truth.read_text(encoding="utf-8", errors="replace")
    return text


def score_article(labelled: Labelled, emitted: dict[str, tuple[str, ...]], text: str, furniture_gold: bool = False) -> Tally:
    """Precision and recall counts for one article; a gold entity none of whose names occurs in
    the text (only in the page furniture) counts neither way unless `furniture_gold`."""
    tally = Tally()
    folded_text = normalise(text)
    any_type = {normalise(n): kind for kind, entities in labelled.gold.items() for e in entities for n in e}
    for kind, entities in labelled.gold.items():
        lookup = {normalise(n): i for i, entity in enumerate(entities) for n in entity}
        hit: set[int] = set()
        for name in emitted.get(kind, ()):
            key = normalise(name)
            if key in labelled.optional or (key not in lookup and key not in any_type and key not in folded_text):
                continue  # optional, or only in the page furniture
            tally.emitted += 1
            index = lookup.get(key)
            if index is None or index in hit:
                tally.wrong.append(f"{kind}: {name}" + (f" (is {any_type[key]})" if key in any_type and index is None else " (again)" if index is not None else ""))
                continue
            hit.add(index)
            tally.correct += 1
        counted = [i for i, entity in enumerate(entities) if furniture_gold or i in hit or any(normalise(n) in folded_text for n in entity)]
        tally.gold += len(counted)
        tally.found += len(hit)
        tally.missed.extend(f"{kind}: {entities[i][0]}" for i in counted if i not in hit)
    return tally


def emitted_entities(paths: list[Path]) -> list[dict[str, tuple[str, ...]]]:
    """What the project publishes for each article file: read the way ingest reads it, then
    through the archive-wide step over the labelled articles as one archive, as ingest does."""
    from newsarchive.enrich import finalize_archive
    from newsarchive.ingest import extract_path

    articles = finalize_archive([extract_path(path, str(path), allow_undated=True) for path in paths])
    return [{kind: tuple(getattr(article, kind)) for kind in KINDS.values()} for article in articles]


def score(labels: list[Labelled], shared: Path, show_errors: bool = False, furniture_gold: bool = False) -> dict[str, Tally]:
    """Totals per split (and 'all'), printing each article's errors when asked."""
    totals = {name: Tally() for name in (*SPLITS, "all")}
    published = emitted_entities([shared / labelled.path for labelled in labels])
    for labelled, emitted in zip(labels, published):
        tally = score_article(labelled, emitted, article_text(shared, labelled.path), furniture_gold)
        totals[labelled.split].add(tally)
        totals["all"].add(tally)
        if show_errors and (tally.wrong or tally.missed):
            print(f"== [{labelled.split}] {labelled.path}")
            for line in tally.wrong:
                print(f"  wrong  {line}")
            for line in tally.missed:
                print(f"  missed {line}")
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="all", help="which half to score (and show errors of)")
    parser.add_argument("--errors", action="store_true", help="list each article's wrong and missed names")
    parser.add_argument("--model-dir", type=Path, help="score a candidate model in this folder (default: the shipped model)")
    parser.add_argument("--count-furniture-gold", action="store_true", help="count gold names found only in the page furniture for recall")
    args = parser.parse_args(argv)
    if args.model_dir is not None:
        from newsarchive.entities.recognise import use_model

        use_model(args.model_dir)
    labels = parse_labels(args.labels.read_text(encoding="utf-8"))
    if args.split != "all":
        labels = [a for a in labels if a.split == args.split]
    totals = score(labels, args.shared, args.errors, args.count_furniture_gold)
    for name, tally in totals.items():
        if tally.gold:
            print(f"{name:9s} articles {sum(a.split == name or name == 'all' for a in labels):3d}  "
                  f"P {tally.precision:.3f} ({tally.correct}/{tally.emitted})  R {tally.recall:.3f} ({tally.found}/{tally.gold})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
