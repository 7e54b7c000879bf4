"""The archive-wide short-form step (`archive_short_forms`) against the plain all-pairs method
it replaced: the same mapping on generated archives full of shared short forms."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

import pytest

from newsarchive import entities
from newsarchive.article import Article
from newsarchive.entities.canonical import archive_short_forms, name_matches

FIRST = ["Anna", "John", "Xi", "Li", "Maria", "Smith", "Lee", "Park", "Jean", "Chen"]
LAST = ["Smith", "Lee", "Jinping", "Park", "Chen", "Blinken", "Garcia", "Anna", "Wang", "Jones",
        *(f"Zeta{i}" for i in range(80))]
FULL_PEOPLE = [f"{FIRST[i % len(FIRST)]} {last}" for i, last in enumerate(LAST)] + ["Anna Smith", "Xi Jinping", "Li Wang"]
FULL_ORGS = ["Chinese Communist Party", "Bank of England", "National Health Service", "International Monetary Fund",
             "Wagner Group", "Bank for International Settlements", "Trades Union Congress", "New Society",
             "National Savings", "North Atlantic Treaty Organization", "Federal Reserve", "the Chinese Embassy",
             *(f"Ko{i} Holdings" for i in range(30)), *(f"Ko{i} Trust" for i in range(5))]
ORG_WORDS = ["Bank", "Chinese", "Communist", "Party", "National", "Health", "Service", "of", "England", "Wagner",
             "Group", "the", "for", "International", "Monetary", "Fund", "Trade", "Union", "and", "Wang"]
SHORT_ORGS = ["CCP", "NHS", "BoE", "IMF", "Wagner", "Bank", "TUC", "C.C.P.", "Nhs", "NATO", "Ng", "Fed", "Chinese",
              "Wang", "NS", "Federal", "BIS", "Bis", "Ce", *(f"Ko{i}" for i in range(30))]


def all_pairs_short_forms(entries: Sequence[dict[str, tuple[str, ...]]]) -> dict[tuple[str, str], str]:
    """The old method, kept as the oracle: every short form against every full name."""
    full: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for kind in ("people", "organizations"):
            full[kind].update(n for n in entry[kind] if len(n.split()) > 1)
    mapping: dict[tuple[str, str], str] = {}
    for entry in entries:
        for kind in ("people", "organizations"):
            for name in entry[kind]:
                if len(name.split()) != 1 or (kind, name) in mapping:
                    continue
                matches = [f for f in full[kind] if name_matches(name, f, kind)]
                if len(matches) == 1:
                    mapping[(kind, name)] = matches[0]
    return mapping


def generated_entries(count: int, seed: int) -> list[dict[str, tuple[str, ...]]]:
    rng = random.Random(seed)

    def person() -> str:
        if rng.random() < 0.4:
            return rng.choice(FIRST + LAST)
        return rng.choice(FULL_PEOPLE) if rng.random() < 0.9 else f"{rng.choice(FIRST)} {rng.choice(LAST)}"

    def org() -> str:
        if rng.random() < 0.4:
            return rng.choice(SHORT_ORGS)
        if rng.random() < 0.9:
            return rng.choice(FULL_ORGS)
        return " ".join(rng.choice(ORG_WORDS) for _ in range(rng.randint(2, 4)))

    return [
        {
            "people": tuple(person() for _ in range(rng.randint(0, 6))),
            "organizations": tuple(org() for _ in range(rng.randint(0, 6))),
            "places": (),
        }
        for _ in range(count)
    ]


@pytest.mark.parametrize("seed", range(6))
def test_indexed_short_forms_equal_the_all_pairs_method(seed: int) -> None:
    entries = generated_entries(300, seed)
    expected = all_pairs_short_forms(entries)
    assert archive_short_forms(entries) == expected
    kinds = {kind for kind, _ in expected}
    assert kinds == {"people", "organizations"}  # the generated archive does exercise the joins
    assert any(full.split()[0] != short for (_, short), full in expected.items() if _ == "organizations")  # acronyms


def test_indexed_short_forms_join_acronyms_first_and_last_words() -> None:
    entries = [
        {"people": ("Xi Jinping", "Blinken"), "organizations": ("Chinese Communist Party", "Bank of England"), "places": ()},
        {"people": ("Xi", "Antony Blinken", "Smith", "John Smith", "Anna Smith"), "organizations": ("CCP", "BoE", "Bank"), "places": ()},
    ]
    mapping = archive_short_forms(entries)
    assert mapping == {
        ("people", "Blinken"): "Antony Blinken",
        ("people", "Xi"): "Xi Jinping",
        ("organizations", "CCP"): "Chinese Communist Party",
        ("organizations", "BoE"): "Bank of England",
        ("organizations", "Bank"): "Bank of England",
    }  # 'Smith' fits two full names: left alone


def test_finalize_output_is_unchanged_on_a_generated_archive(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    entries = generated_entries(200, 99)
    articles = [Article(title=str(i), published=None, body=(), **e) for i, e in enumerate(entries)]
    indexed = entities.finalize(articles)
    monkeypatch.setattr(entities, "archive_short_forms", all_pairs_short_forms)
    assert entities.finalize(articles) == indexed
    assert indexed != articles  # short forms did join


@pytest.mark.parametrize("stories", [300, 12])  # 12: most entities named in one story, or none
@pytest.mark.parametrize("limit", [0, 1, 3, 12])
def test_comentions_are_the_top_of_the_full_ranking(limit: int, stories: int) -> None:
    """Companions by count, then name (case-blind), the first `limit` of the whole ranking, ties
    at the cut included as the full sort orders them."""
    from types import SimpleNamespace

    from newsarchive.site.entities import Entity, EntityType, count_comentions

    rng = random.Random(limit)
    kind = EntityType("people", "people", "People", "Person", "Person")
    names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(60)] + ["anna smith", "ANNA SMITH"]
    kind.entities = [Entity(kind, name, f"e{n}", f"people/e{n}.html", f"people/e{n}.html") for n, name in enumerate(names)]
    for _ in range(stories):
        story = SimpleNamespace(entities=rng.sample(kind.entities, rng.randint(1, 9)))
        for entity in story.entities:
            entity.stories.append(story)
    count_comentions([kind], limit)
    for entity in kind.entities:
        together: dict[Entity, int] = defaultdict(int)
        for story in entity.stories:
            for other in story.entities:
                if other is not entity:
                    together[other] += 1
        full = sorted(together.items(), key=lambda item: (-item[1], item[0].name.lower()))
        assert entity.comentions == full[:limit]


def _companion_archive(seed: int, stories: int) -> tuple[object, list[object]]:
    from types import SimpleNamespace

    from newsarchive.site.entities import Entity, EntityType

    rng = random.Random(seed)
    kind = EntityType("people", "people", "People", "Person", "Person")
    names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(40)]
    kind.entities = [Entity(kind, name, f"e{n}", f"people/e{n}.html", f"people/e{n}.html") for n, name in enumerate(names)]
    made = []
    for _ in range(stories):
        story = SimpleNamespace(entities=rng.sample(kind.entities, rng.randint(1, 7)))
        made.append(story)
        for entity in story.entities:
            entity.stories.append(story)
    return kind, made


@pytest.mark.parametrize("seed", range(6))
def test_companions_kept_from_the_last_build_equal_a_fresh_count(seed: int, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The next build reuses an entity's counted companions only when its stories' entities are
    the same, and ranks them again with today's names: the result equals counting afresh."""
    from types import SimpleNamespace

    from newsarchive.site import entities as site_entities

    kind, _ = _companion_archive(seed, 120)
    cache = site_entities.count_comentions([kind], 5)
    # The next build: the same archive, one story more, and one entity under another name.
    kind, stories = _companion_archive(seed, 120)
    rng = random.Random(seed + 100)
    new = SimpleNamespace(entities=rng.sample(kind.entities, 4))
    for entity in new.entities:
        entity.stories.insert(0, new)
    renamed = rng.choice(kind.entities)
    renamed.name = "aaa " + renamed.name  # sorts first among its ties now
    counted: list[object] = []
    real = site_entities._candidates
    monkeypatch.setattr(site_entities, "_candidates", lambda entity, limit: counted.append(entity) or real(entity, limit))
    again = site_entities.count_comentions([kind], 5, cache)
    kept = _companions(kind)
    for entity in kind.entities:  # the ranking by count, then today's name
        together: dict[object, int] = defaultdict(int)
        for story in entity.stories:
            for other in story.entities:
                if other is not entity:
                    together[other] += 1
        full = sorted(together.items(), key=lambda item: (-item[1], item[0].name.lower()))  # type: ignore[attr-defined]
        assert kept[entity.slug] == [(other.slug, count) for other, count in full[:5]]
    assert 0 < len(counted) < sum(1 for e in kind.entities if len(e.stories) > 1)
    near_renamed = {id(other) for story in renamed.stories for other in story.entities}
    assert all(len(e.stories) > 1 and (new in e.stories or id(e) in near_renamed) for e in counted)
    site_entities.count_comentions([kind], 5)
    assert kept == _companions(kind)
    assert site_entities.count_comentions([kind], 5, again) == again
    # A damaged cache is counted afresh.
    for broken in ({"names": again["names"], "entities": {key: ["x", []] for key in again["entities"]}},
                   {"names": again["names"], "entities": {key: [v[0], [["nobody", 1]]] for key, v in again["entities"].items()}},
                   {"names": [], "entities": again["entities"]}):
        site_entities.count_comentions([kind], 5, broken)
        assert kept == _companions(kind)


def _companions(kind: object) -> dict[str, list[tuple[str, int]]]:
    """Each entity's companions by slug (entities hold their stories: their repr is huge)."""
    return {e.slug: [(other.slug, count) for other, count in e.comentions] for e in kind.entities}  # type: ignore[attr-defined]


def test_what_a_story_page_shows_of_its_entities_is_the_same_worked_out_once_or_again() -> None:
    """Entity and type signatures are kept once worked out (a story's page names them again and
    again): the kept ones equal the ones worked out afresh."""
    from newsarchive.site.entities import Entity, EntityGroups, EntityType, Named

    def fresh(kind: EntityType) -> EntityType:
        return EntityType(kind.key, kind.folder, kind.heading, kind.singular, kind.schema, url=kind.url)

    people = EntityType("people", "people", "People", "Person", "Person", url="people/")
    places = EntityType("places", "places", "Places", "Place", "Place", url="places/")
    ada = Entity(people, "Ada Lovelace", "ada-lovelace", "people/ada-lovelace.html", "people/ada-lovelace.html")
    paris = Entity(places, "Paris", "paris", "places/paris.html", "places/paris.html")
    groups = EntityGroups([(people, Named([ada])), (places, Named([paris]))])
    first = (groups.__fingerprint__(2), Named([ada, paris]).__fingerprint__(2), people.__fingerprint__(1))
    assert ada._named and people._named  # kept
    twins = [Entity(fresh(e.type), e.name, e.slug, e.url, e.save_as) for e in (ada, paris)]
    again = EntityGroups([(twins[0].type, Named([twins[0]])), (twins[1].type, Named([twins[1]]))])
    assert first == (again.__fingerprint__(2), Named(twins).__fingerprint__(2), twins[0].type.__fingerprint__(1))
    assert people.__fingerprint__(0) == people.__fingerprint__(1) + "\x000"  # its own page counts its entities
    assert first[1] == "\x01".join(["people\x00ada-lovelace\x00Ada Lovelace\x00people/ada-lovelace.html",
                                    "places\x00paris\x00Paris\x00places/paris.html"])
    assert first[2] == "people\x00people\x00People\x00Person\x00Person\x00people/"
