"""The name rules data (newsarchive/rules/aliases.toml plus user files): aliases, types, titles,
head words, cues. Loaded once per process."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_ALIASES = Path(__file__).resolve().parent.parent / "rules" / "aliases.toml"
ENV_VAR = "NEWSARCHIVE_ALIASES"
KINDS = ("people", "organizations", "places")
MODEL_KINDS = {"PER": "people", "ORG": "organizations", "LOC": "places"}


@dataclass(frozen=True, slots=True)
class NameRules:
    aliases: dict[str, str]
    folded_aliases: dict[str, str]  # for names of five letters or more, case aside
    types: dict[str, str]
    ignore: frozenset[str]
    titles: frozenset[str]
    heads: dict[str, str]  # last word → people/organizations/places/other
    org_cues: tuple[tuple[str, ...], ...]
    person_cues: frozenset[str]
    person_titles: frozenset[str]
    kept_titles: frozenset[str]
    apposition: tuple[tuple[str, ...], ...]
    makers: frozenset[str] = frozenset()  # "Apple" in "Apple Watch": a product, not an organisation
    work_before: frozenset[tuple[str, ...]] = frozenset()  # "the film" Vera Drake
    work_after: frozenset[str] = frozenset()  # Brookside "actress"
    org_before: frozenset[str] = frozenset()  # think-tank "Demos"
    place_before: frozenset[str] = frozenset()  # the city of "Leeds"
    fiction_before: frozenset[tuple[str, ...]] = frozenset()  # the role of "Arthur Dent"
    menu_verbs: frozenset[str] = frozenset()  # "Follow" The New York Times
    sports_words: frozenset[str] = frozenset()  # "quarterback": the words of a sports report
    fixture_words: frozenset[str] = frozenset()  # "at", "beat": before a team in sports copy
    venue_words: frozenset[str] = frozenset()  # "Music" Center: a venue, not an organisation
    product_nouns: frozenset[str] = frozenset()  # the MX Master "mouse": a device, so a product's name
    facility_nouns: frozenset[str] = frozenset()  # Hoa Lo "prison": no person's name before it
    player_words: frozenset[str] = frozenset()  # Wichita West "senior" David Garcia: a school's team
    market_words: frozenset[str] = frozenset()  # Lowe's (LOW) "stock": a ticker in parentheses
    party_words: frozenset[str] = frozenset()  # "Tory" Dominic Grieve: a party before a person's name
    staff_words: frozenset[str] = frozenset()  # Jefferies "analyst": a name before it is an employer
    credit_words: frozenset[str] = frozenset()  # "Photo": an agency after it in a line is a credit
    state_codes: dict[str, str] | None = None  # "PA" after "Allentown,": Pennsylvania

    def canonical(self, name: str) -> str:
        """The alias table's name for a name (itself when the table has none)."""
        for candidate in (name, strip_article(name)):
            if candidate in self.aliases:
                return self.aliases[candidate]
            if len(candidate) >= 5 and candidate.casefold() in self.folded_aliases:
                return self.folded_aliases[candidate.casefold()]
        return strip_article(name)


def strip_article(name: str) -> str:
    """'the State Department' → 'State Department' (a capital 'The' is kept: 'The Atlantic')."""
    return name[4:] if name.startswith("the ") else name


def alias_files() -> tuple[str, ...]:
    """The shipped table and the user's files from NEWSARCHIVE_ALIASES."""
    extra = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    return (str(DEFAULT_ALIASES), *extra)


def get_rules() -> NameRules:
    return load_rules(alias_files())


@lru_cache(maxsize=4)
def load_rules(files: tuple[str, ...]) -> NameRules:
    aliases: dict[str, str] = {}
    types: dict[str, str] = {}
    ignore: set[str] = set()
    titles: set[str] = set()
    heads: dict[str, str] = {}
    cues: list[tuple[str, ...]] = []
    person_cues: set[str] = set()
    person_titles: set[str] = set()
    kept_titles: set[str] = set()
    apposition: list[tuple[str, ...]] = []
    makers: set[str] = set()
    work_before: set[tuple[str, ...]] = set()
    work_after: set[str] = set()
    org_before: set[str] = set()
    place_before: set[str] = set()
    fiction_before: set[tuple[str, ...]] = set()
    menu_verbs: set[str] = set()
    sports_words: set[str] = set()
    fixture_words: set[str] = set()
    venue_words: set[str] = set()
    product_nouns: set[str] = set()
    facility_nouns: set[str] = set()
    player_words: set[str] = set()
    market_words: set[str] = set()
    party_words: set[str] = set()
    staff_words: set[str] = set()
    credit_words: set[str] = set()
    state_codes: dict[str, str] = {}
    for file in files:
        data = tomllib.loads(Path(file).read_text(encoding="utf-8"))
        aliases.update({str(k): str(v) for k, v in data.get("aliases", {}).items()})
        types.update({str(k): str(v) for k, v in data.get("types", {}).items()})
        ignore.update(data.get("ignore", {}).get("names", []))
        titles.update(data.get("titles", {}).get("words", []))
        person_titles.update(data.get("titles", {}).get("person_before", []))
        kept_titles.update(data.get("titles", {}).get("kept_before_one_name", []))
        person_cues.update(data.get("cues", {}).get("people_after", []))
        for kind, words in data.get("heads", {}).items():
            heads.update({w: kind for w in words})
        cues.extend(tuple(c.split()) for c in data.get("cues", {}).get("organizations_after", []))
        apposition.extend(tuple(p.split()) for p in data.get("apposition", {}).get("phrases", []))
        makers.update(data.get("products", {}).get("makers", []))
        product_nouns.update(data.get("products", {}).get("nouns", []))
        work_before.update(tuple(p.split()) for p in data.get("works", {}).get("before", []))
        work_after.update(data.get("works", {}).get("after", []))
        cue_table = data.get("cues", {})
        org_before.update(cue_table.get("organizations_before", []))
        place_before.update(cue_table.get("places_before", []))
        fiction_before.update(tuple(p.split()) for p in cue_table.get("fiction_before", []))
        menu_verbs.update(cue_table.get("menu_verbs", []))
        facility_nouns.update(cue_table.get("facilities_after", []))
        market_words.update(cue_table.get("market_words", []))
        party_words.update(cue_table.get("party_before_person", []))
        staff_words.update(cue_table.get("staff_after_employer", []))
        credit_words.update(cue_table.get("credit_words", []))
        sports_words.update(data.get("sports", {}).get("words", []))
        fixture_words.update(data.get("sports", {}).get("before_team", []))
        player_words.update(data.get("sports", {}).get("players", []))
        venue_words.update(data.get("venues", {}).get("before_center", []))
        state_codes.update({str(k): str(v) for k, v in data.get("state_codes", {}).items()})
    bad = {v for v in types.values() if v not in KINDS}
    if bad:
        raise ValueError(f"aliases: unknown entity types {sorted(bad)} (use {', '.join(KINDS)})")
    folded = {k.casefold(): v for k, v in aliases.items() if len(k) >= 5}
    return NameRules(
        aliases, folded, types, frozenset(ignore), frozenset(titles), heads, tuple(cues),
        frozenset(person_cues), frozenset(person_titles), frozenset(kept_titles), tuple(apposition),
        frozenset(makers), frozenset(work_before), frozenset(work_after),
        frozenset(org_before), frozenset(place_before), frozenset(fiction_before), frozenset(menu_verbs),
        frozenset(sports_words), frozenset(fixture_words), frozenset(venue_words), frozenset(product_nouns),
        frozenset(facility_nouns), frozenset(player_words), frozenset(market_words),
        frozenset(party_words), frozenset(staff_words), frozenset(credit_words), state_codes,
    )
