"""Organisations news copy often names, from curated tables shipped with the package
(data/organizations.txt, data/teams.txt, data/clubs.txt): found where the model misses them, and
typed as organisations where it types them otherwise."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
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
    """The organisations of the tables, teams under their full names ('Kansas City Chiefs'),
    football clubs whose name is of several words ('Athletic Bilbao')."""
    names = set(read_lines(DATA_DIR / "organizations.txt")) | team_names() | club_full_names()
    log.debug("%d organisation names", len(names))
    return frozenset(names)


@dataclass(frozen=True, slots=True)
class Team:
    """A professional team of the table: 'Kansas City' and 'Chiefs' of the NFL."""

    city: str
    nickname: str
    league: str

    @property
    def name(self) -> str:
        return f"{self.city} {self.nickname}"


@lru_cache(maxsize=1)
def teams() -> tuple[Team, ...]:
    """The teams of the table, in its order."""
    return tuple(Team(*line.split("|")) for line in read_lines(DATA_DIR / "teams.txt"))


@lru_cache(maxsize=1)
def team_names() -> frozenset[str]:
    """The full names of the teams ('Kansas City Chiefs')."""
    return frozenset(team.name for team in teams())


@lru_cache(maxsize=1)
def team_nicknames() -> frozenset[str]:
    """The teams' nicknames ('Chiefs', 'Wild'): names of teams only in sports copy."""
    return frozenset(team.nickname for team in teams())


@lru_cache(maxsize=1)
def club_names() -> frozenset[str]:
    """The football clubs of the table ('Chelsea', 'Athletic Bilbao')."""
    return frozenset(line.split("|")[0] for line in read_lines(DATA_DIR / "clubs.txt"))


@lru_cache(maxsize=1)
def club_short_names() -> frozenset[str]:
    """Clubs of one word ('Chelsea', 'Barcelona') or marked as places too ('West Ham'): a place,
    a name or a word outside sports copy."""
    rows = [line.split("|") for line in read_lines(DATA_DIR / "clubs.txt")]
    return frozenset(row[0] for row in rows if " " not in row[0] or row[2:] == ["place"])


@lru_cache(maxsize=1)
def club_full_names() -> frozenset[str]:
    """Clubs whose name says what they are anywhere ('Athletic Bilbao', 'Manchester United')."""
    return club_names() - club_short_names()


@lru_cache(maxsize=4)
def sports_names(sports: bool, football: bool) -> frozenset[str]:
    """Names that are organisations only in sports copy: the North American teams' nicknames in
    a report of their games, one-word clubs in football copy."""
    return (team_nicknames() | club_short_names() if sports else frozenset()) | (club_short_names() if football else frozenset())


@lru_cache(maxsize=4)
def organisation_index(sports: bool = False, football: bool = False) -> dict[str, tuple[tuple[str, ...], ...]]:
    """First token → the token sequences of the names starting with it, longest first (with the
    names that are organisations in sports or football copy)."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for name in organisation_names() | sports_names(sports, football):
        tokens = tuple(t.form for sentence in sentences_of(name) for t in sentence)
        if tokens:
            index.setdefault(tokens[0], []).append(tokens)
    return {first: tuple(sorted(seqs, key=len, reverse=True)) for first, seqs in index.items()}


def is_organisation(name: str, sports: bool = False, football: bool = False) -> bool:
    """A name of the tables (a team's nickname or a one-word club only in sports copy, a
    one-word club in football copy)."""
    return name in organisation_names() or name in sports_names(sports, football)


def is_team(name: str) -> bool:
    return name in team_names()


@lru_cache(maxsize=1)
def nicknames() -> tuple[tuple[str, str], ...]:
    """(nickname, full name) pairs of organisations ('Tories', 'Conservative Party')."""
    return tuple((a, b) for a, _, b in (line.partition("|") for line in read_lines(DATA_DIR / "nicknames.txt")))


@lru_cache(maxsize=1)
def territories() -> dict[str, dict[str, str]]:
    """language → country and region names as that language writes them → 'country' or 'region'
    (data/territories.tsv, from the Unicode CLDR)."""
    table: dict[str, dict[str, str]] = {}
    for line in read_lines(DATA_DIR / "territories.tsv"):
        language, kind, name = line.split("\t")
        table.setdefault(language, {})[name] = kind
    return table


def territory_kind(name: str, language: str) -> str | None:
    """'country' or 'region' for a name the language gives a country or region ('Deutschland')."""
    return territories().get(language, {}).get(name)


@lru_cache(maxsize=8)
def territory_pattern(language: str) -> re.Pattern[str] | None:
    """One pattern matching the language's territory names as whole words, longest first."""
    names = sorted(territories().get(language, {}), key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
