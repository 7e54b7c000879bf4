"""Entities: the rules that judge the model's spans with the article's evidence (labelling
guidelines: tickers, positions, menu lines, fiction, cues, acronyms, tables of organisations)."""

from __future__ import annotations

import pytest

from newsarchive.article import Article
from newsarchive.entities import entities_of
from newsarchive.entities.canonical import Name, person_variants, shouted_forms
from newsarchive.entities.gazetteer import is_organisation, is_team, organisation_index


def found(*paragraphs: str, title: str = "") -> dict[str, tuple[str, ...]]:
    return entities_of(Article(title=title, published=None, body=paragraphs))


# (text, kind, names that must be found, names that must not be emitted under any kind)
CASES = [
    ("The Browns will be without DL Chad Thomas on Sunday, coach Freddie Kitchens said after practice.",
     "people", {"Chad Thomas"}, {"DL Chad Thomas", "DL"}),
    ("The Dow Jones Industrial Average (.DJI) fell 1%, while Japan's Nikkei 225 (N225) declined 0.3% and the dollar index (DXY) rose.",
     "places", {"Japan"}, {"DJI", ".DJI", "N225", "DXY"}),
    ("Shares of the company (NYSE: HD) fell after the report, analysts in London said.",
     "places", {"London"}, {"HD"}),
    ("Fry will provide the voice of The Guide, and Martin Freeman will play the role of Arthur Dent in the film. Dent travels far.",
     "people", {"Martin Freeman"}, {"Arthur Dent", "Dent"}),
    ("The World Meteorological Organization (WMO) warned on Tuesday. Later, WMO experts said the season would be long.",
     "organizations", {"World Meteorological Organization"}, {"WMO"}),
    ("A quarter of broadband users regularly upload content, according to a report by think-tank Demos in London.",
     "organizations", {"Demos"}, set()),
    ("SANTA FE, N.M. (AP) — A cat was found in Santa Fe on Monday, officials said.",
     "places", {"Santa Fe"}, {"SANTA FE", "Santa FE"}),
    ("Patrick W. Carlineo was arrested in April. Pat Carlineo said he was sorry, his lawyer said.",
     "people", {"Patrick W. Carlineo"}, {"Pat Carlineo"}),
    ("The Kansas City Chiefs beat the Chargers on Monday. Kansas City led 14-7 at halftime.",
     "organizations", {"Kansas City Chiefs", "Chargers"}, {"Kansas City"}),
    ("He spoke in the Oval Office on Friday with aides from the State Department.",
     "places", {"Oval Office"}, set()),
    ("The report was written for the American Council on Renewable Energy, a trade group in Washington.",
     "organizations", {"American Council on Renewable Energy"}, {"Council on Renewable Energy"}),
    ("The Indiana State Teachers Association said the plan would hurt schools in Indianapolis.",
     "organizations", {"Indiana State Teachers Association"}, {"Teachers Association"}),
    ("The game follows protagonist Cal Kestis, a young Jedi, as he flees. Respawn designed Kestis with care.",
     "people", set(), {"Cal Kestis", "Kestis"}),
    ("Radwan Hadi is deputy director of Aberdeen-based oil and gas consultancy Blackwatch Petroleum Services, which entered Iraq in 2003.",
     "organizations", {"Blackwatch Petroleum Services"}, set()),
    ("Minnesota (9-1, 6-1) won 45-17 on Saturday. The quarterback threw for 235 yards and the coach praised the defense. "
     "Penn State lost 31-26 at Minnesota last week, and the team flew home to Pennsylvania.",
     "organizations", {"Minnesota"}, set()),
    ("The governor of Minnesota spoke in St. Paul about the budget on Monday.",
     "places", {"Minnesota"}, set()),
    ("Ascom, a global solutions provider, announced the deal on Monday. Ascom said sales rose. "
     "Rob Goldman, President Ascom North America, said Ascom would hire.",
     "organizations", {"Ascom"}, set()),
    ("George Galloway is to stand against Labour MP Oona King at the next general election.",
     "people", {"George Galloway", "Oona King"}, set()),
    ("Rep. Alexandria Ocasio-Cortez (D-N.Y.) shortly after the arrest linked the incident to the comments.",
     "people", {"Alexandria Ocasio-Cortez"}, set()),
    ("The U.S. Attorney's Office for the Western District of New York announced the plea on Monday.",
     "organizations", {"U.S. Attorney's Office for the Western District of New York"}, {"Western District", "U.S. Attorney's Office"}),
    ("Two days after the final, French duo Pierre-Hugues Herbert and Nicolas Mahut secured France a win.",
     "people", {"Pierre-Hugues Herbert", "Nicolas Mahut"}, set()),
    ("The system is used in intensive care units across Europe. Ascom said Intensive Care Units need quiet alarms.",
     "places", {"Europe"}, {"Intensive Care Units"}),
    ("The couple danced a tango on Monday night, and the Stars of the show cheered in Los Angeles.",
     "places", {"Los Angeles"}, {"Stars"}),
    ("The Chiefs beat the Chargers 24-17 on Monday to improve to 8-3. The quarterback threw two touchdowns and the defense held in the game, the Chiefs said.",
     "organizations", {"Chiefs", "Chargers"}, set()),
    ("The tour stops at Blossom Music Center on July 22 and at the Public Auditorium in Cleveland in May.",
     "places", {"Blossom Music Center", "Public Auditorium"}, set()),
    ("The wistful romantic comedy directed by Sofia Coppola has already won several awards in Paris.",
     "people", {"Sofia Coppola"}, set()),
    ("The Edinburgh MSP earns up to 30,000 pounds a year from the law firm Tods Murray, where he is a partner.",
     "organizations", {"Tods Murray"}, set()),
    ("The cat was returned to its owner, officials said. The story went viral on Twitter and on pic.twitter.com links.",
     "organizations", {"Twitter"}, set()),
    # rules re-read with the model trained on news pages
    ("McClatchy, a chain of 30 newspapers including the Sacramento Bee, Miami Herald and Kansas City Star, may be next.",
     "organizations", {"Sacramento Bee", "Miami Herald", "Kansas City Star"}, set()),
    ("The treaty worries states, including Russia and Pakistan, who cannot properly control their stockpiles.",
     "places", {"Russia", "Pakistan"}, set()),
    ("He worked in the Treasury and the Department of Employment before he entered politics in 1997.",
     "organizations", {"Treasury"}, set()),
    ("The United Nations said on Monday it would send aid. The United Nations High Commissioner for Human Rights called for calm.",
     "organizations", {"United Nations", "United Nations High Commissioner for Human Rights"}, set()),
    ("Officers from the Columbus Police Department Intelligence Led Policing Unit stopped a car, said Lt. Matt Harris, Columbus Police Department spokesman.",
     "organizations", {"Columbus Police Department"}, set()),
    ("Two professors were handed over to US forces, an insurgent source told Agence France-Presse on Tuesday.",
     "organizations", {"Agence France-Presse"}, set()),
    ("The tour visits cities including Boise, Fresno, Tulsa and Spokane next spring.",
     "places", {"Boise", "Fresno", "Tulsa", "Spokane"}, set()),
    ("The company opened offices in towns such as Bexley, Tilbury and Marlow last year.",
     "places", {"Bexley", "Tilbury", "Marlow"}, set()),
]


@pytest.mark.parametrize("text, kind, present, absent", CASES)
def test_spans_judged_with_the_article_evidence(text: str, kind: str, present: set[str], absent: set[str]) -> None:
    result = found(*text.split("\n"))
    assert present <= set(result[kind]), result
    emitted = {name for names in result.values() for name in names}
    assert not absent & emitted, result


def test_menu_line_is_no_name() -> None:
    result = found("Follow The New York Times Opinion section on Facebook.", "The mayor spoke in Chicago on Monday.")
    emitted = {name for names in result.values() for name in names}
    assert not any(name.startswith("Follow") for name in emitted)
    assert "Chicago" in result["places"]


def test_title_case_link_line_in_the_body_needs_a_sure_model() -> None:
    result = found(
        "Police said the driver was taken to hospital on Monday.",
        "Dallas Gas Station Clerk Dies at Hospital After Robbery",
    )
    emitted = {name for names in result.values() for name in names}
    assert not any("Gas Station" in name or "Dies" in name for name in emitted)


def names_of(*texts: str, kind: str = "PER") -> dict[str, Name]:
    names = {}
    for text in texts:
        name = Name(text)
        name.votes[kind] = 1.0
        names[text] = name
    return names


@pytest.mark.parametrize("texts, expected", [
    (("SANTA FE", "Santa Fe"), {"SANTA FE": "Santa Fe"}),
    (("Santa FE", "Santa Fe"), {"Santa FE": "Santa Fe"}),
    (("NASA",), {}),
    (("Paris", "Rome"), {}),
])
def test_forms_differing_only_in_case_join(texts: tuple[str, ...], expected: dict[str, str]) -> None:
    assert shouted_forms(names_of(*texts, kind="LOC")) == expected


@pytest.mark.parametrize("texts, expected", [
    (("Patrick W. Carlineo", "Pat Carlineo"), {"Pat Carlineo": "Patrick W. Carlineo"}),
    (("Patrick Carlineo Jr.", "Patrick Carlineo"), {"Patrick Carlineo": "Patrick Carlineo Jr."}),
    (("John Smith", "Jane Smith"), {}),
    (("Jo Brand", "John Brand"), {}),
])
def test_one_person_under_several_full_forms(texts: tuple[str, ...], expected: dict[str, str]) -> None:
    assert person_variants(names_of(*texts)) == expected


@pytest.mark.parametrize("name, organisation, in_sports, team", [
    ("Twitter", True, True, False),
    ("Kansas City Chiefs", True, True, True),
    ("Chiefs", False, True, False),  # a nickname names a team only in sports copy
    ("Kansas City", False, False, False),
    ("Paris", False, False, False),
])
def test_tables_of_organisations_and_teams(name: str, organisation: bool, in_sports: bool, team: bool) -> None:
    assert is_organisation(name) is organisation
    assert is_organisation(name, sports=True) is in_sports
    assert is_team(name) is team


def test_table_index_is_keyed_by_first_token_longest_first() -> None:
    sequences = organisation_index()["The"]
    assert ("The", "New", "York", "Times") in sequences
    assert [len(s) for s in sequences] == sorted((len(s) for s in sequences), reverse=True)
