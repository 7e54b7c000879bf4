"""Training data for the line model: labelled dumps → (features, roles) sequences.

A dump's lines get their roles from the labels of its page: a line is `body` when the true body
holds it, `headline` when it is the labelled headline, `byline` when it names a labelled author,
`dateline` when it holds the labelled date line, `section` when it is (or ends a breadcrumb with)
the labelled section; every other line is `other` (page furniture, captions, credits).
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .boilerplate import Line, split_lines
from .lines import META_WORDS, RANKERS, SECTION_PREFIX, line_features, ranker_path, read_roles, train_model, train_ranker
from .rulereader import read_by_rules, rule_hints
from .rules import load_rules
from .text.roles import headline_candidates
from .text.sections import BREADCRUMB

SECTION_LABEL_WORDS = 8  # a section line is at most this long
RANKER_FOLDS = 5  # the rankers learn from line-model readings of items that model was not trained on
BODY_PART_WORDS = 8  # a line the true body holds within a longer paragraph counts from this many words


@dataclass(frozen=True, slots=True)
class Item:
    """One labelled dump: its text, its true body and its page's labels."""

    id: str
    dump: str
    truth: str
    labels: dict  # type: ignore[type-arg]


def norm(text: str) -> str:
    """Whitespace collapsed (no-break spaces too)."""
    return " ".join(text.split())


def load_items(extraction: Path, metadata: Path) -> list[Item]:
    """The labelled dumps of an extraction set and its metadata file, in id order."""
    labels = {entry["id"]: entry for entry in json.loads(metadata.read_text(encoding="utf-8"))}
    items = []
    for ident in sorted(labels):
        dump, truth = extraction / "dumps" / f"{ident}.txt", extraction / "truth" / f"{ident}.txt"
        if dump.is_file() and truth.is_file():
            items.append(Item(ident, dump.read_text(encoding="utf-8"), truth.read_text(encoding="utf-8"), labels[ident]))
    return items


def label_lines(lines: list[Line], item: Item) -> list[str]:
    """The role of each line, read off the item's true body and labels."""
    truth_lines = {norm(line) for line in item.truth.split("\n") if line.strip()}
    truth_text = norm(item.truth)
    title = norm(item.labels.get("title") or "") if item.labels.get("title_in_dump") else ""
    date_line = norm(item.labels.get("date_line_in_dump") or "")
    authors = [name.casefold() for name in item.labels.get("authors_in_dump") or []]
    section = norm(item.labels.get("section") or "").casefold() if item.labels.get("section_in_dump") else ""
    roles: list[str] = []
    titled = sectioned = False
    for line in lines:
        text = norm(line.text)
        folded = text.casefold()
        short = line.words <= META_WORDS
        if title and text == title and not titled:
            role, titled = "headline", True
        elif text in truth_lines or (line.words >= BODY_PART_WORDS and text in truth_text):
            role = "body"
        elif short and authors and any(name in folded for name in authors):
            role = "byline"
        elif short and date_line and (date_line in text or (len(text) >= 8 and text in date_line)):
            role = "dateline"
        elif section and not sectioned and line.words <= SECTION_LABEL_WORDS and is_section_line(folded, section):
            role, sectioned = "section", True
        else:
            role = "other"
        roles.append(role)
    return roles


def is_section_line(folded: str, section: str) -> bool:
    """The line is the section label, or a breadcrumb ending in it."""
    filed = SECTION_PREFIX.match(folded)
    if filed:
        folded = re.split(r"\s*[|,;/]\s*", folded[filed.end():].strip(" |"))[0]
    parts = [part.strip() for part in BREADCRUMB.split(folded) if part.strip()]
    return folded == section or bool(parts and parts[-1] == section)


def sequence_of(item: Item) -> tuple[list[list[str]], list[str]]:
    """(features, roles) of one item's dump lines."""
    lines = split_lines(item.dump)
    title_at, body = read_by_rules(lines, load_rules())
    return line_features(lines, title_at, body, rule_hints(lines)), label_lines(lines, item)


def ranker_rows(item: Item, model: str | None) -> dict[str, list[tuple[list[str], bool]]]:
    """The headline candidates of one item as the text reader sees them with `model`, each with
    whether it is the labelled line."""
    lines = split_lines(item.dump)
    title_at, body = read_by_rules(lines, load_rules())
    hints = rule_hints(lines)
    roles = read_roles(lines, title_at, body, model, hints)
    title = norm(item.labels.get("title") or "") if item.labels.get("title_in_dump") else ""
    rows: dict[str, list[tuple[list[str], bool]]] = {"headline": []}
    if title:
        rows["headline"] = [(features, norm(lines[index].text) == title)
                            for index, features in headline_candidates(lines, roles, title_at, hints)]
    return rows


def train_lines(items: list[Item], path: Path) -> None:
    """Train the line model on the items, in id order, and save it (the same items give the same
    files); then the headline ranker beside it, from readings of each item by a line
    model trained without it, as unseen pages are read."""
    items = sorted(items, key=lambda item: item.id)
    train_model((sequence_of(item) for item in items), path)
    folds = max(1, min(RANKER_FOLDS, len(items)))
    rows: dict[str, list[tuple[list[str], bool]]] = {choice: [] for choice in RANKERS}
    with tempfile.TemporaryDirectory() as scratch:
        for fold in range(folds):
            held = [item for at, item in enumerate(items) if at % folds == fold]
            rest = [item for at, item in enumerate(items) if at % folds != fold] or held
            inner = Path(scratch) / f"inner{fold}.crfsuite"
            train_model((sequence_of(item) for item in rest), inner)
            for item in held:
                for choice, found in ranker_rows(item, str(inner)).items():
                    rows[choice].extend(found)
    for choice in RANKERS:
        train_ranker(rows[choice], Path(ranker_path(str(path), choice)))
