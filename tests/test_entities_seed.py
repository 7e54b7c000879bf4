"""The first seed against its hand-made entity list (../shared/eval/entities/seed_gold.json)."""

from __future__ import annotations

import json

import pytest

from newsarchive.ingest import extract_path

from .conftest import FIRST_SEED, shared_path

KINDS = ("people", "organizations", "places")


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(shared_path("eval", "entities", "seed_gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def found() -> dict[str, set[str]]:
    article = extract_path(FIRST_SEED)
    return {kind: set(getattr(article, kind)) for kind in KINDS}


def canonical(gold: dict, kind: str) -> set[str]:
    return {item["name"] for item in gold[kind]}


def test_every_person_and_place_under_its_canonical_name(gold: dict, found: dict[str, set[str]]) -> None:
    for kind in ("people", "places"):
        assert canonical(gold, kind) - found[kind] == set(), kind


def test_at_least_seven_of_eight_organisations(gold: dict, found: dict[str, set[str]]) -> None:
    expected = canonical(gold, "organizations")
    assert len(expected & found["organizations"]) >= len(expected) - 1


def test_no_entity_outside_gold_and_optional(gold: dict, found: dict[str, set[str]]) -> None:
    for kind in KINDS:
        allowed = canonical(gold, kind) | {o["name"] for o in gold["optional"] if o["type"] == kind}
        assert found[kind] - allowed == set(), kind


def test_aliases_are_not_separate_entities(gold: dict, found: dict[str, set[str]]) -> None:
    everything = set().union(*found.values())
    for kind in KINDS:
        for item in gold[kind]:
            assert not set(item["aliases"]) & everything, item["name"]
