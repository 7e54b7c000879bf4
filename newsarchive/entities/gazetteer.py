"""Organisations news copy often names, from curated tables shipped with the package
(data/organizations.txt, data/teams.txt): found where the model misses them, and typed as
organisations where it types them otherwise."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from .tokens import sentences_of

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_lines(path: Path) -> list[str]:
    """The non-empty, non-comment lines of a table."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def organisation_names() -> frozenset[str]:
    """Every organisation name of the tables: names, and each team's full name and nickname."""
    names = set(read_lines(DATA_DIR / "organizations.txt"))
    for line in read_lines(DATA_DIR / "teams.txt"):
        city, _, nickname = line.partition("|")
        names.update((f"{city} {nickname}", nickname))
    log.debug("%d organisation names", len(names))
    return frozenset(names)


@lru_cache(maxsize=1)
def organisation_index() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First token → the token sequences of the names starting with it, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for name in organisation_names():
        tokens = tuple(t.form for sentence in sentences_of(name) for t in sentence)
        if tokens:
            index.setdefault(tokens[0], []).append(tokens)
    return {first: tuple(sorted(seqs, key=len, reverse=True)) for first, seqs in index.items()}


@lru_cache(maxsize=1)
def team_names() -> frozenset[str]:
    """The full names of the teams ('Kansas City Chiefs')."""
    return frozenset(line.replace("|", " ") for line in read_lines(DATA_DIR / "teams.txt"))


def is_organisation(name: str) -> bool:
    return name in organisation_names()


def is_team(name: str) -> bool:
    return name in team_names()
