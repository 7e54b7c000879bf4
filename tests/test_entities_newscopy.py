"""Entities: rules about news copy judged on fresh articles (sports reports' teams, products
named by model, party nicknames), each run through the real recogniser."""

from __future__ import annotations

import pytest

from newsarchive.article import Article
from newsarchive.entities import entities_of
from newsarchive.entities.gazetteer import Team, teams
from newsarchive.entities.lists import colon_listed
from newsarchive.entities.names import get_rules
from newsarchive.entities.sentences import article_sentences
from newsarchive.entities.sports import literal_place, named_teams


def found(*paragraphs: str, title: str = "") -> dict[str, tuple[str, ...]]:
    return entities_of(Article(title=title, published=None, body=paragraphs))


ROUNDUP = (
    "Bruins 5, Devils 1: David Pastrnak scored two goals, and Brad Marchand added three assists to lead Boston. "
    "Tuukka Rask made 25 saves and New Jersey native Connor Clifton added a goal as the Bruins beat the Devils. "
    "Blake Coleman scored for New Jersey.",
    "Panthers 5, Flyers 2: Aleksander Barkov had a goal and an assist to lift Florida. The Panthers are 6-2-1 in their past nine games.",
    "Jets 2, Predators 1: Patrik Laine scored and Winnipeg defeated Nashville. The reeling Predators have lost five straight.",
    "Hathaway was given a match penalty for spitting on Anaheim defenseman Erik Gudbranson during the game in Pittsburgh.",
    "The Senators were outshot 16-3 in the third period and the Islanders won 5-4 in overtime.",
)


@pytest.mark.parametrize("name, kind", [
    ("Boston Bruins", "organizations"),  # 'Bruins' and 'Boston' (lead Boston): one team
    ("New Jersey Devils", "organizations"),  # 'scored for New Jersey'
    ("Florida Panthers", "organizations"),  # an NHL report: not Carolina's NFL Panthers
    ("Winnipeg Jets", "organizations"),  # not the New York Jets
    ("Nashville Predators", "organizations"),
    ("Anaheim Ducks", "organizations"),  # never named, but 'Anaheim defenseman' in an NHL report
    ("New Jersey", "places"),  # 'New Jersey native': the state itself
    ("Pittsburgh", "places"),  # 'the game in Pittsburgh'
])
def test_a_roundup_names_each_team_once_under_its_full_name(name: str, kind: str) -> None:
    entities = found(*ROUNDUP)
    assert name in entities[kind], entities


@pytest.mark.parametrize("name", ["Boston", "Florida", "Winnipeg", "Nashville", "Anaheim", "Bruins", "Panthers", "Jets", "Devils"])
def test_a_roundup_emits_no_city_or_nickname_beside_the_team(name: str) -> None:
    entities = found(*ROUNDUP)
    assert all(name not in names for names in entities.values()), entities


def test_a_nickname_whose_city_the_text_never_names_stays_as_written() -> None:
    entities = found(
        "Chargers coach Anthony Lynn said the loss to the Chiefs hurt, via the Los Angeles Times.",
        "Instead, they lost 24-17 and the Chargers fell to 4-7 in the season. Lynn said the team needed to win that game.",
    )
    assert "Chargers" in entities["organizations"] and "Los Angeles Chargers" not in entities["organizations"], entities


@pytest.mark.parametrize("running, nickname, team", [
    (" Bruins 5 , Sabres 1 ; Panthers 2 , Flyers 1 . Florida won . ", "Panthers", "Florida Panthers"),
    (" Falcons 24 , Saints 17 ; Panthers 20 , Bucs 3 . Carolina won . ", "Panthers", "Carolina Panthers"),
    (" Jets 2 , Predators 1 . Winnipeg won . ", "Jets", "Winnipeg Jets"),
])
def test_the_league_decides_a_shared_nickname(running: str, nickname: str, team: str) -> None:
    assert named_teams(running).by_nickname.get(nickname) == team


def test_no_team_without_its_city_named() -> None:
    lineup = named_teams(" Chargers 17 , Chiefs 24 . The Los Angeles Times said so . ")
    assert lineup.by_nickname == {} and lineup.by_city == {}


@pytest.mark.parametrize("words, start, end, literal", [
    (["a", "New", "Jersey", "native"], 1, 3, True),
    (["the", "game", "in", "Pittsburgh", "."], 3, 4, True),
    (["PITTSBURGH", "(", "AP", ")"], 0, 1, True),
    (["Pittsburgh"], 0, 1, True),  # a dateline on a line of its own
    (["Columbus", "beat", "Montreal", "."], 0, 1, False),
    (["lead", "St.", "Louis", "past", "Tampa", "Bay"], 1, 3, False),
])
def test_literal_place(words: list[str], start: int, end: int, literal: bool) -> None:
    assert literal_place(words, start, end) is literal


def test_every_team_has_a_league() -> None:
    table = teams()
    assert {t.league for t in table} == {"NFL", "NBA", "MLB", "NHL"}
    assert all(isinstance(t, Team) and t.city and t.nickname for t in table)
    assert len({t.name for t in table}) == len(table)


@pytest.mark.parametrize("paragraphs, present, absent", [
    (("Britain's Conservative Party was accused on Wednesday of trying to deceive voters.",
      "Labour leader Jeremy Corbyn said the Tories had misled the public in London."),
     {"Conservative Party"}, {"Tories"}),
    (("Labour leader Jeremy Corbyn said the Tories had misled the public in London.",),
     {"Tories"}, {"Conservative Party"}),  # named alone, the nickname stays as written
])
def test_a_party_nickname_joins_the_party_the_article_names(paragraphs: tuple[str, ...], present: set[str], absent: set[str]) -> None:
    organisations = set(found(*paragraphs)["organizations"])
    assert present <= organisations and not absent & organisations, organisations


def test_nicknames_table_pairs_two_names() -> None:
    from newsarchive.entities.gazetteer import nicknames

    pairs = nicknames()
    assert ("Tories", "Conservative Party") in pairs
    assert all(short and full and short != full for short, full in pairs)


@pytest.mark.parametrize("text, absent, present", [
    ("I tried the MX Master 2S mouse at a shop in Paris, and then the MX Master 3 replaced it.",
     {"MX Master"}, {"Paris"}),
    ("The MX Keys wireless keyboard is backlit, Logitech said in a statement in Lausanne.", {"MX Keys"}, {"Lausanne"}),
    ("I have been testing the Linksys Velop Wi-Fi 6 Mesh Router for weeks, and Linksys says it ships in London.",
     {"Linksys Velop Wi-Fi", "Linksys Velop"}, {"London"}),
    ("The company bought an AMD graphics card from Best Buy in Chicago.", set(), {"AMD", "Chicago"}),  # a maker stays
])
def test_a_name_before_a_model_number_or_a_device_is_a_product(text: str, absent: set[str], present: set[str]) -> None:
    entities = found(text)
    emitted = {name for names in entities.values() for name in names}
    assert present <= emitted and not absent & emitted, entities


@pytest.mark.parametrize("words, start, end, product", [
    (["the", "MX", "Master", "3", "mouse"], 1, 3, True),
    (["the", "MX", "Keys", "wireless", "keyboard"], 1, 3, True),
    (["Boston", "Bruins", "5", ",", "Devils", "1"], 0, 2, False),  # a score
    (["Vision", "Plan", "2030", "was", "approved"], 0, 2, False),  # a year, no model
    (["an", "AMD", "graphics", "card"], 1, 2, False),  # one word: a maker
    (["Acme", "Labs", "51cm", "tall"], 0, 2, False),  # a measure
])
def test_names_a_product(words: list[str], start: int, end: int, product: bool) -> None:
    from newsarchive.entities.things import names_a_product
    from newsarchive.entities.names import get_rules

    assert names_a_product(words, start, end, "ORG", get_rules(), sports=False) is product


@pytest.mark.parametrize("lead, agency", [
    ("HANOI, Vietnam (AP) — The defence secretary met officials in Hanoi on Wednesday.", "Associated Press"),
    ("LONDON (UPI) - Shares in London fell on Tuesday as traders sold.", "United Press International"),
    ("PARIS (AFP) – Officials in Paris said the strike would go on.", "Agence France-Presse"),
])
def test_an_agency_dateline_names_the_agency(lead: str, agency: str) -> None:
    assert agency in found(lead, "Nothing else was said.")["organizations"]


def test_no_agency_without_a_dateline() -> None:
    organisations = found("Officials in Paris (France) said the strike would go on, the minister said.")["organizations"]
    assert not {"Associated Press", "Reuters", "Agence France-Presse"} & set(organisations)


@pytest.mark.parametrize("paragraphs, caption, agency, named", [
    (("About 5% of the bank's customers were affected, a bank spokesman told Reuters on Monday.",), "", "Reuters", True),
    (("Shipments clear customs within 10 days, Reuters reported, and companies in Shanghai agreed.",), "", "Reuters", True),
    (("Officials in Geneva said the talks went well, the AFP news agency reported on Friday.",), "", "AFP", True),
    (("Officials in Geneva said the talks went well on Friday.", "Photo: Damian Dovarganes, AP"), "", "AP", False),
    (("Officials in Geneva said the talks went well on Friday.", "Officials leave the hall. John Smith/AFP"), "", "AFP", False),
    (("Officials in Geneva said the talks went well on Friday.",), "Officials leave the hall in Geneva. Reuters", "Reuters", False),
    (("Officials in Geneva said the talks went well on Friday.", "Officials leave the hall. REUTERS/Denis Balibouse"), "", "Reuters", False),
    (("Officials in Geneva said the talks went well on Friday.", "Officials leave the hall. (AP Photo/Evan Vucci)"), "", "Associated Press", False),
])
def test_an_agency_in_the_text_is_named_and_in_a_credit_is_not(paragraphs: tuple[str, ...], caption: str, agency: str, named: bool) -> None:
    organisations = entities_of(Article(title="", published=None, body=paragraphs, caption=caption))["organizations"]
    assert (agency in organisations) is named


@pytest.mark.parametrize("text, kind, present, absent", [
    ("The son of former German President Richard von Weizsäcker, Fritz Eckart von Weizsäcker, was stabbed in Berlin.",
     "people", {"Fritz Eckart von Weizsäcker"}, {"Fritz Eckart"}),
    ("Esper met officials in Hanoi and paid a visit to the city's Hoa Lo prison on Wednesday.",
     "places", {"Hanoi"}, {"Hoa Lo"}),
    ("The record has seven classic rock tracks, including Born to be Wild and The Road to Hell, recorded in Germany.",
     "places", {"Germany"}, {"The Road", "Road"}),
])
def test_name_extent_and_kind_from_the_words_around_it(text: str, kind: str, present: set[str], absent: set[str]) -> None:
    entities = found(text)
    emitted = {name for names in entities.values() for name in names}
    assert present <= set(entities[kind]) and not absent & emitted, entities


@pytest.mark.parametrize("words, spans, joined", [
    (["Fritz", "Eckart", "von", "Weizsäcker", "was"], [(0, 2, "PER", 0.9)], [(0, 4, "PER", 0.9)]),
    (["Fritz", "Eckart", "von", "Weizsäcker"], [(0, 2, "PER", 0.9), (3, 4, "PER", 0.7)], [(0, 4, "PER", 0.9)]),
    (["Smith", "of", "the", "Army"], [(0, 1, "PER", 0.9), (3, 4, "ORG", 0.9)], [(0, 1, "PER", 0.9), (3, 4, "ORG", 0.9)]),
    (["Bank", "van", "Dam"], [(0, 1, "ORG", 0.9)], [(0, 1, "ORG", 0.9)]),  # only a person's name goes on
])
def test_join_particles(words: list[str], spans: list, joined: list) -> None:
    from newsarchive.entities.fixes import join_particles

    assert join_particles(words, spans) == joined


@pytest.mark.parametrize("words, start, end, team", [
    (["Wichita", "East", "'s", "Hugh", "McPherson", "won"], 0, 2, True),
    (["Salina", "South", "diver", "Keetan", "Munsell"], 0, 2, True),
    (["Wichita", "East", "is", "a", "district"], 0, 2, False),  # nothing says a team
    (["North", "Dakota", "'s", "John", "Hoeven"], 0, 2, False),  # no compass word last
    (["Wichita", "'s", "John", "Smith"], 0, 1, False),  # one word: the town
])
def test_school_team(words: list[str], start: int, end: int, team: bool) -> None:
    from newsarchive.entities.sports import school_team
    from newsarchive.entities.names import get_rules
    from newsarchive.entities.recognise import get_tagger

    assert school_team(words, start, end, get_rules(), get_tagger().resources.gazetteer) is team


@pytest.mark.parametrize("words, kind, conf, name, result_kind", [
    (["Brandon", "Montour", "scored"], "MISC", 0.57, 0.99, "PER"),  # a name for sure, its type doubted
    (["Brandon", "Montour", "scored"], "MISC", 0.57, 0.70, "MISC"),  # not sure it is a name at all
    (["Victoria", "Cross", "holders"], "MISC", 0.5, 0.99, "MISC"),  # 'cross' is a common word
    (["Brandon", "Montour", "scored"], "ORG", 0.54, 0.99, "PER"),  # a doubted organisation too
    (["Semyon", "Varlamov", "stopped"], "ORG", 0.5, 0.99, "ORG"),  # no first name of the lists
    (["Morgan", "Stanley", "said"], "ORG", 0.9, 0.99, "ORG"),  # a sure organisation stays
    (["Carson", "City", "said"], "LOC", 0.5, 0.99, "LOC"),  # a place stays to the threshold
    (["The", "Amber", "Spyglass", "-"], "MISC", 0.5, 0.99, "MISC"),  # after 'The': a title
    (["German", "Boerse", "has"], "MISC", 0.5, 0.99, "MISC"),  # a nationality first
])
def test_shaped_person(words: list[str], kind: str, conf: float, name: float, result_kind: str) -> None:
    from newsarchive.entities.fixes import shaped_person
    from newsarchive.entities.recognise import get_tagger

    start = int(words[0] == "The")
    assert shaped_person(words, start, start + 2, kind, conf, name, get_tagger())[2] == result_kind


@pytest.mark.parametrize("words, start, end, listed", [
    (["peer", "Lowe", "'s", "(", "LOW", ")", "stock"], 1, 2, 3),  # the possessive is the name's
    (["Tesla", "(", "NASDAQ", ":", "TSLA", ")", "shares", "rose"], 0, 1, 1),
    (["Ultra", "Wideband", "(", "UWB", ")", "radio", "is", "fast"], 0, 2, None),  # no market: no ticker
    (["Democratic", "Republic", "of", "Congo", "(", "DRC", ")", "market"], 0, 4, None),  # an acronym of the name
    (["the", "Private", "Finance", "Initiative", "(", "PFI", ")", "shares"], 3, 4, None),  # of the words before it too
    (["HANOI", ",", "Vietnam", "(", "AP", ")", "—", "stocks"], 2, 3, None),  # a dateline's agency
    (["Tesla", "said", "so"], 0, 1, None),
])
def test_listed_company(words: list[str], start: int, end: int, listed: int | None) -> None:
    from newsarchive.entities.things import listed_company
    from newsarchive.entities.names import get_rules

    assert listed_company(words, start, end, get_rules()) == listed


def test_a_company_named_with_its_ticker_is_one_organisation() -> None:
    entities = found(
        "Still, the stock has slid, and peer Lowe's (LOW) stock is off too, down 1.8% in New York.",
        "Lowe's reports earnings on Wednesday, analysts said.",
    )
    assert "Lowe's" in entities["organizations"] and "Lowe" not in entities["people"], entities


@pytest.mark.parametrize("words, start, counted", [
    (["1", "Fresno", "chile", "or", "chili", "flakes"], 1, True),
    (["Containers", ":", "1", "Purple"], 3, True),
    (["beat", "No.", "3", "Clemson", "on", "Saturday"], 3, False),  # a ranking
    (["the", "$", "99", "Logitech", "keyboard"], 3, False),  # a price
    (["Wild", "4", ",", "Sabres", "1"], 3, False),  # no number right before
])
def test_counted_item(words: list[str], start: int, counted: bool) -> None:
    from newsarchive.entities.things import counted_item

    assert counted_item(words, start, start + 1) is counted


@pytest.mark.parametrize("text, person, absent", [
    ("Mr Blair said he left without a stain, but Tory Dominic Grieve branded the affair a disgrace in London.",
     "Dominic Grieve", "Tory Dominic Grieve"),
    ("In Jackson, Republican Phil Bryant signed the bill on Monday.", "Phil Bryant", "Republican Phil Bryant"),
])
def test_a_party_word_before_a_name_is_no_part_of_it(text: str, person: str, absent: str) -> None:
    people = found(text)["people"]
    assert person in people and absent not in people, people


@pytest.mark.parametrize("text, organisation, absent", [
    ("In a research report early Tuesday, Jefferies analyst Jonathan Matuszewski said the miss was small.", "Jefferies", set()),
    ("Robotics researchers have long been challenged by robots that walk, said Jonathan Matuszewski.", None, {"Robotics"}),
    ("On Monday, Trump adviser Kellyanne Conway said the talks in Washington went well.", None, {"Trump"}),
])
def test_a_name_before_a_word_for_staff_is_the_employer(text: str, organisation: str | None, absent: set[str]) -> None:
    entities = found(text)
    assert organisation is None or organisation in entities["organizations"], entities
    assert not absent & set(entities["organizations"]), entities


@pytest.mark.parametrize("text", [
    "Marsh & McLennan said it would cut 2,500 jobs, and Marsh & McLennan shares rose in New York.",
    "Shares of Johnson & Johnson rose in New York after Johnson & Johnson reported results.",
])
def test_a_name_with_an_ampersand_is_no_person(text: str) -> None:
    entities = found(text)
    assert not any("&" in name for name in entities["people"]), entities


def test_a_table_name_with_its_number_is_found_whole() -> None:
    organisations = found("Speaking to BBC Radio 4's Today programme in London, the minister said the plan would work.")["organizations"]
    assert "BBC Radio 4" in organisations and "BBC Radio" not in organisations, organisations


@pytest.mark.parametrize("words, numbered", [
    (["on", "County", "Road", "600S", "near", "Hope"], True),
    (["along", "Interstate", "95", "in", "Maryland"], True),
    (["on", "Abbey", "Road", "in", "London"], False),
    (["the", "Road", "Safety", "Act"], False),
])
def test_numbered_road(words: list[str], numbered: bool) -> None:
    from newsarchive.entities.fixes import numbered_road

    end = next(i for i, w in enumerate(words) if w in ("Road", "Interstate")) + 1
    assert numbered_road(words, 1, end) is numbered


def test_a_road_keeps_its_number() -> None:
    places = found("The crash happened on County Road 600S near the town of Hope, Indiana, on Friday.")["places"]
    assert "County Road" not in places, places


def test_a_tie_between_leagues_decides_no_shared_nickname() -> None:
    # one NFL nickname (Bears), one NHL nickname (Bruins): the Panthers of either
    lineup = named_teams(" Bears 24 , Bruins 3 ; Panthers 2 . Carolina and Florida won . ")
    assert "Panthers" not in lineup.by_nickname


@pytest.mark.parametrize("words, end, text, more", [
    (["in", "Oklahoma", "City", "Thunder", "-"], 3, "Oklahoma City", 1),  # the team of the tables
    (["in", "Oklahoma", "City", "Thunder"], 3, "Oklahoma City", 1),  # at the sentence's end
    (["in", "Oklahoma", "City", "on", "Monday"], 3, "Oklahoma City", 0),  # a place
    (["Oklahoma", "City", "thunder"], 2, "Oklahoma City", 0),  # capitalised words only
    (["Wells", "Fargo", "analyst"], 1, "Wells", 1),
])
def test_longer_organisation(words: list[str], end: int, text: str, more: int) -> None:
    from newsarchive.entities.fixes import longer_organisation

    assert longer_organisation(words, end, text) == more


@pytest.mark.parametrize("words, spans, expected", [
    (["the", "U.S.", "Virgin", "Islands", "-"], [(1, 2, "LOC", 1.0), (2, 4, "LOC", 0.66)], [(1, 4, "LOC", 1.0)]),  # a place of the gazetteer
    (["BBC", "Radio", "4", "said"], [(0, 1, "ORG", 0.9), (1, 3, "MISC", 0.5)], [(0, 3, "ORG", 0.9)]),  # an organisation of the tables
    (["France", "Germany", "and"], [(0, 1, "LOC", 0.9), (1, 2, "LOC", 0.9)], [(0, 1, "LOC", 0.9), (1, 2, "LOC", 0.9)]),  # two places
    (["U.S.", "Virgin", "Islands"], [(0, 1, "LOC", 0.9), (1, 3, "PER", 0.6)], [(0, 1, "LOC", 0.9), (1, 3, "PER", 0.6)]),  # a person is no part
])
def test_names_side_by_side_join_into_a_name_of_the_tables(words: list[str], spans: list, expected: list) -> None:  # type: ignore[type-arg]
    from newsarchive.entities.fixes import join_split_names
    from newsarchive.entities.names import get_rules

    assert join_split_names(words, spans, get_rules()) == expected


@pytest.mark.parametrize("words, kind, expected", [
    (["Mr", "Justice", "Eady", "said"], "ORG", (2, 3, "PER")),  # the titles come off the person
    (["Mrs", "Smith", "said"], "LOC", (1, 2, "PER")),
    (["Dr", "Pepper", "sales"], "ORG", (0, 2, "ORG")),  # no stop: a brand's 'Dr'
    (["Mr", "Galloway", "said"], "PER", (1, 2, "PER")),
])
def test_an_honorific_opens_a_persons_name(words: list[str], kind: str, expected: tuple[int, int, str]) -> None:
    from newsarchive.entities.fixes import fix_span
    from newsarchive.entities.names import get_rules

    fixed = fix_span(words, 0, len(words) - 1, kind, 0.9, get_rules())
    assert fixed is not None and fixed[:3] == expected


@pytest.mark.parametrize("words, spans, expected", [
    (["at", "Cleveland", "'s", "Public", "Auditorium"], [(1, 5, "LOC", 0.8)], [(1, 2, "LOC", 0.8), (3, 5, "LOC", 0.8)]),
    (["Ohio", "'s", "Department", "of", "Health"], [(0, 5, "ORG", 0.9)], [(0, 1, "LOC", 0.9), (2, 5, "ORG", 0.9)]),
    (["McDonald", "'s", "Corp", "said"], [(0, 3, "ORG", 0.9)], [(0, 3, "ORG", 0.9)]),  # no place before it
    (["America", "'s", "Cup", "race"], [(0, 3, "MISC", 0.9)], [(0, 3, "MISC", 0.9)]),  # an event keeps its name
])
def test_a_place_and_its_possessive_name_split(words: list[str], spans: list, expected: list) -> None:  # type: ignore[type-arg]
    from newsarchive.entities.fixes import split_possessive_place

    assert split_possessive_place(words, spans) == expected


@pytest.mark.parametrize("word, joined", [
    ("US-China", True),
    ("Israel-Gaza", True),
    ("Guinea-Bissau", False),  # a country of the gazetteer
    ("Coca-Cola", False),
    ("China", False),
])
def test_places_joined_by_a_hyphen(word: str, joined: bool) -> None:
    from newsarchive.entities.fixes import places_joined
    from newsarchive.entities.names import get_rules

    assert places_joined(word, get_rules()) is joined


@pytest.mark.parametrize("words, spans, expected", [
    (["near", "Seventh", "Street", "and", "Central", "Avenue"], [(1, 6, "ORG", 0.66)], [(1, 3, "ORG", 0.66), (4, 6, "ORG", 0.66)]),
    (["Procter", "and", "Gamble", "Street"], [(0, 4, "LOC", 0.9)], [(0, 4, "LOC", 0.9)]),  # one name before 'and'
    (["Bank", "of", "Wales", "and", "Scotland", "Street"], [(0, 6, "ORG", 0.9)], [(0, 6, "ORG", 0.9)]),  # 'Wales' is no head word
])
def test_two_places_joined_by_and_split(words: list[str], spans: list, expected: list) -> None:  # type: ignore[type-arg]
    from newsarchive.entities.fixes import split_joined_places
    from newsarchive.entities.names import get_rules

    assert split_joined_places(words, spans, get_rules()) == expected


@pytest.mark.parametrize("paragraphs, present, absent", [
    (("The band plays these dates this summer:", "June 26 -- Arena Hall, Allentown, PA", "July 3 -- Lakeside Park, Mansfield, MA"),
     {"Pennsylvania", "Massachusetts"}, {"PA", "MA"}),
    (("The shop is at 12 Main Street, Denver, CO 80204, near the river.",), {"Colorado"}, {"CO"}),
    (("The show moves to Toronto, ON, in the fall.",), {"Ontario"}, {"ON"}),
    (("Smith said the plan was IN the works, OR at least it seemed so.",), set(), {"Indiana", "Oregon"}),
])
def test_a_postal_code_after_a_place_names_the_state(paragraphs: tuple[str, ...], present: set[str], absent: set[str]) -> None:
    places = set(found(*paragraphs)["places"])
    assert present <= places
    assert not absent & places


@pytest.mark.parametrize("line, place", [
    ("June 29 -- Arts Hall, Holmdel, NJ", "Holmdel"),
    ("July 6 -- Casino Arena, Uncasville, CT", "Uncasville"),
    ("Aug. 1 -- Lake Theatre, Clarkston, MI", "Clarkston"),
])
def test_the_place_before_a_state_code_is_a_place(line: str, place: str) -> None:
    assert place in found("The tour stops at these venues:", line)["places"]


@pytest.mark.parametrize("line, present, absent", [
    ("June 26 -- Granite Bank Center, Allentown, PA", {"Granite Bank Center", "Allentown"}, {"Granite Bank"}),
    ("June 23 -- Harbor Loans Amphitheater at Virginia Beach, Virginia Beach, VA",
     {"Harbor Loans Amphitheater at Virginia Beach"}, {"Harbor Loans Amphitheater"}),
    ("July 9 -- Riverside Stage, Toronto, ON", {"Riverside Stage"}, set()),
    ("July 2 -- Lakeview Health at Pine Beach Theater, Wantagh, NY", {"Lakeview Health at Pine Beach Theater"}, {"Lakeview Health"}),
    ("Aug. 8 -- Golden Casino Amphitheatre - Chicago, Tinley Park, IL", {"Golden Casino Amphitheatre - Chicago"}, {"Golden Casino Amphitheatre", "Chicago"}),
    ("July 3 -- Comcast Center, Mansfield, MA", {"Comcast Center"}, set()),
])
def test_the_venue_before_a_town_and_state_code_is_a_place(line: str, present: set[str], absent: set[str]) -> None:
    entities = found("The tour stops at these venues:", line)
    assert present <= set(entities["places"])
    assert not (present | absent) & set(entities["organizations"]) and not absent & set(entities["places"])


def test_a_readers_name_before_a_town_and_state_code_stays_a_person() -> None:
    entities = found("Letters to the editor.", "I disagree with the council's plan. -- Maria Lopez, Holmdel, NJ")
    assert "Maria Lopez" not in entities["places"]


@pytest.mark.parametrize("text, kind, present", [
    ("The contracts go to the nine companies picked by the agency last year: Starward, Deep Orbit Systems, Lunatrek, Bluefield and Ormond.",
     "organizations", {"Starward", "Deep Orbit Systems", "Lunatrek", "Bluefield", "Ormond"}),
    ("The team visited three cities over the summer: Bratislava, Kosice and Zilina.", "places", {"Bratislava", "Kosice", "Zilina"}),
])
def test_names_listed_after_a_colon_take_the_plural_words_kind(text: str, kind: str, present: set[str]) -> None:
    assert present <= set(found(text)[kind])


@pytest.mark.parametrize("text, listed", [
    ("Three companies won contracts: Starward, Lunatrek and Bluefield.", {"Starward", "Lunatrek", "Bluefield"}),
    ("Two companies won contracts: Starward and Lunatrek.", set()),  # two names: too few
    ("Three companies won contracts: Starward, Lunatrek and Bluefield would share the costs.", set()),  # the list runs on
    ("The company won three contracts: Starward, Lunatrek and Bluefield.", set()),  # no plural word for organisations
])
def test_colon_listed(text: str, listed: set[str]) -> None:
    sentence = article_sentences(Article(title="", published=None, body=(text,)))[0]
    assert {m.name for m in colon_listed(sentence, get_rules(), frozenset())} == listed
