"""Entity recall beyond plain English prose: languages that capitalise only names, tables of
names and numbers, and the rules that find what the model misses."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newsarchive import entities
from newsarchive.article import Article
from newsarchive.entities.language import detect_language


def article(*body: str, title: str = "A story", language: str = "en") -> Article:
    return Article(
        title=title,
        published=datetime(2023, 2, 24, tzinfo=timezone.utc),
        body=body,
        language=language,
        source="Test",
    )


ROSTER = "\n".join(f"{i} \t{name} \t{5000 - 37 * i} \t{i % 3} \t0" for i, name in enumerate(
    ["Alan Grant", "Ellie Sattler", "Robert Muldoon", "Donald Gennaro", "Peter Ludlow", "Roland Tembo",
     "Martin Pike", "Nora Quinn", "Oscar Vale", "Lucas Prado", "Mario Rossi", "Hugo Lenz",
     "Carla Mendes", "Ivan Petrov", "Rita Costa", "Sara Lima", "Tomas Berg", "Vera Souza",
     "Diego Ramos", "Bruno Alves"], 1))
PORTUGUESE_TAIL = ("Nesta página você terá sempre a classificação atualizada do campeonato até a última "
                   "corrida, com os pontos e as vitórias de cada piloto. Os doze primeiros disputam o "
                   "título nas dez últimas corridas, e o calendário da temporada é composto por trinta "
                   "e seis corridas que são disputadas em pistas de todo o país.")

LANGUAGES = [
    # a table of names and numbers first: judged again on the whole text
    ("Classificação final\n" + ROSTER + "\n" + PORTUGUESE_TAIL * 3, "pt"),
    # a table and no prose in any language stays undetermined
    ("Tabela\n" + ROSTER, "und"),
    (PORTUGUESE_TAIL, "pt"),
]


@pytest.mark.parametrize("text, code", LANGUAGES)
def test_language_judged_past_a_table(text: str, code: str) -> None:
    assert detect_language(text, "en") == code


NAME_CASED = [
    # (language, body, names that must be found, of kind, names that must not be)
    ("pt",
     ("O prefeito Eduardo Paes visitou a escola em Belo Horizonte nesta segunda-feira, onde conversou "
      "com os professores e com os alunos sobre a reforma do prédio, que deve terminar no ano que vem.",
      "Segundo a secretária Marta Suplicy, a obra custou mais do que o previsto e a prefeitura vai "
      "pedir recursos ao governo federal para concluir o trabalho até o fim do ano."),
     {"people": ("Eduardo Paes", "Marta Suplicy"), "places": ("Belo Horizonte",)},
     ("Segundo", "O")),
    ("pt",
     ("Assista ao vídeo abaixo com as brincadeiras do grupo, gravado na escola de Belo Horizonte.",
      "O professor Carlos Nadalim contou que as canções foram feitas com as crianças da escola.",
      "Confira também as fotos da apresentação, que foram tiradas pelos pais dos alunos."),
     {"people": ("Carlos Nadalim",), "places": ("Belo Horizonte",)},
     ("Assista", "Confira")),
    ("es",
     ("El presidente Pedro Sánchez viajó el lunes a Sevilla para reunirse con los alcaldes de la "
      "región, que le pidieron más recursos para las obras que están paradas desde hace un año.",
      "Según el alcalde Juan Espadas, la ciudad necesita el dinero antes del verano para que las "
      "obras puedan terminar a tiempo y los vecinos no pierdan su paciencia con el gobierno."),
     {"people": ("Pedro Sánchez", "Juan Espadas"), "places": ("Sevilla",)},
     ("Según", "El")),
]


@pytest.mark.parametrize("language, body, found, absent", NAME_CASED)
def test_languages_that_capitalise_only_names_get_entities(language: str, body: tuple[str, ...], found: dict[str, tuple[str, ...]], absent: tuple[str, ...]) -> None:
    result = entities.annotate(article(*body, title="Notícias", language=language))
    assert result.language == language
    for kind, names in found.items():
        for name in names:
            assert name in getattr(result, kind), (kind, name, getattr(result, kind))
    emitted = {*result.people, *result.organizations, *result.places}
    assert not emitted & set(absent)


def test_article_in_another_script_gets_no_entities() -> None:
    text = ("Правительство заявило в понедельник, что не будет менять свою политику по этому вопросу, "
            "и министр ответил на вопросы журналистов, которые ждали его в зале.")
    result = entities.annotate(article(text, "Владимир Путин говорил в Москве с Олафом Шольцем."))
    assert result.language == "und"
    assert result.people == result.organizations == result.places == ()
    assert any("no entities" in note for note in result.notes)


GERMAN = [
    # (body, names that must be found by kind, capitalised nouns that must not be names)
    (("Die Regierung hat am Montag in Berlin angekündigt, dass die Deutsche Bundesbank und die "
      "Charité Universitätsmedizin ihre Zusammenarbeit ausbauen wollen, wie Thomas Müller sagte.",
      "Am Ende der Woche sollen die Ergebnisse auch in Österreich und in der Schweiz vorgestellt "
      "werden; die Siemens AG hat ihre Unterstützung bereits zugesagt."),
     {"places": ("Berlin", "Österreich", "Schweiz"), "organizations": ("Siemens AG",), "people": ("Thomas Müller",)},
     ("Ende", "Regierung", "Zusammenarbeit", "Woche", "Ergebnisse", "Unterstützung", "Montag")),
]


@pytest.mark.parametrize("body, found, absent", GERMAN)
def test_german_keeps_only_names_the_tables_or_name_rules_vouch_for(body: tuple[str, ...], found: dict[str, tuple[str, ...]], absent: tuple[str, ...]) -> None:
    result = entities.annotate(article(*body, title="Nachrichten", language="de"))
    assert result.language == "de"
    for kind, names in found.items():
        for name in names:
            assert name in getattr(result, kind), (kind, name, getattr(result, kind))
    emitted = {*result.people, *result.organizations, *result.places}
    assert not {w for name in emitted for w in name.split()} & set(absent), emitted


TERRITORIES = [
    ("pt", "Alemanha"), ("es", "Alemania"), ("fr", "Allemagne"), ("it", "Germania"), ("nl", "Duitsland"), ("de", "Deutschland"),
]


@pytest.mark.parametrize("language, name", TERRITORIES)
def test_country_names_of_the_language_are_places(language: str, name: str) -> None:
    from newsarchive.entities.gazetteer import territory_kind, territory_pattern

    assert territory_kind(name, language) == "country"
    assert territory_kind(name, "en") is None
    pattern = territory_pattern(language)
    assert pattern is not None and pattern.findall(f"({name}) e {name}-Nord {name}s") == [name]


HEADER_LINES = [
    # (lines over the story as (rule, text), organisation expected, place expected)
    ((("before-body", "Associated Press"), ("before-body", "Pittsburgh")), "Associated Press", "Pittsburgh"),
    ((("byline", "By The Canadian Press"), ("before-body", "TORONTO")), "The Canadian Press", "Toronto"),
    ((("before-body", "Sports"), ("before-body", "Latest stories")), None, None),
    # a place that is not the last line over the story is a menu entry, not a dateline
    ((("before-body", "Pittsburgh"), ("before-body", "Opinion")), None, None),
]


@pytest.mark.parametrize("lines, organisation, place", HEADER_LINES)
def test_agency_and_dateline_lines_over_the_story_are_mentions(lines: tuple[tuple[str, str], ...], organisation: str | None, place: str | None) -> None:
    from newsarchive.article import Removed

    body = ("Brock Nelson scored twice as the home team beat the visitors on Tuesday night.",
            "The coach said the players had worked hard in practice all week and deserved the win.")
    removed = tuple(Removed(number, text, rule) for number, (rule, text) in enumerate(lines, 2))
    result = entities.annotate(article(*body).with_(removed=removed))
    assert (organisation in result.organizations) if organisation else not result.organizations
    assert (place in result.places) if place else not result.places


STANDINGS = [
    # rows of a standings table: the model finds most drivers; the column makes the rest people
    (("Alan Grant", "Martin Truex Jr.", "Ellie Sattler", "Quin Houff", "Robert Muldoon", "Kevin Harvick"),
     ("Martin Truex Jr.", "Quin Houff")),
]


@pytest.mark.parametrize("drivers, expected", STANDINGS)
def test_a_table_column_of_people_makes_its_name_cells_people(drivers: tuple[str, ...], expected: tuple[str, ...]) -> None:
    rows = [f"{i} \t{name} \t{5000 - 40 * i} \t{i % 4}" for i, name in enumerate(drivers, 1)]
    body = ("The final standings of the season after the last race of the championship were published on Sunday.",
            "Pos. \tDriver \tPoints \tWins", *rows)
    result = entities.annotate(article(*body))
    for name in expected:
        assert name in result.people, result.people
    assert not {*result.organizations, *result.places} & set(drivers)


def test_a_column_of_numbers_and_words_makes_no_people() -> None:
    rows = [f"{i} \tTotal Points \t{5000 - 40 * i}" for i in range(1, 6)]
    result = entities.annotate(article("The table below lists the scores of each round of the contest.", *rows))
    assert "Total Points" not in result.people


CUED = [
    ("Will Moy, chief executive of the fact-checking website Full Fact, told reporters the claim was false.", "Full Fact"),
    ("Internet monitoring firm WebSideStory has charted the growth of the new search engines this year.", "WebSideStory"),
    ("Shares of construction goods giant Home Depot are dropping in trading before the opening bell.", "Home Depot"),
]
NOT_CUED = [
    # a date, a common word or a sentence word after the cue word is no name
    "The company Monday said it would cut jobs, and the group Last year had done the same.",
    "She said the firm The board had met was not the one her bank Its own rules forbid.",
]


@pytest.mark.parametrize("text, name", CUED)
def test_a_name_after_a_word_for_an_organisation_is_one(text: str, name: str) -> None:
    result = entities.annotate(article(text, "The story went on with other matters that had no names in them at all."))
    assert name in result.organizations, result


@pytest.mark.parametrize("text", NOT_CUED)
def test_no_name_after_a_cue_word_makes_none(text: str) -> None:
    result = entities.annotate(article(text))
    assert not {*result.organizations, *result.people, *result.places}, result


COORDINATED = [
    ("Eric Robinson and Boone Jenner also scored for the visitors in the second period.", "Boone Jenner"),
    ("Oskar Sundqvist and David Perron scored to lead the home side past the champions.", "Oskar Sundqvist"),
]
NOT_COORDINATED = [
    # a title, a country or a common word beside a person's name is no second person
    ("Talks between Robert Malley and Mr Peres came close to a deal that summer.", "Mr Peres"),
    ("Consultants Robert Malley and HI Europe placed the country third in the survey.", "HI Europe"),
    ("Eric Robinson and Blue Jackets fans waited for the decision until midnight.", "Blue Jackets"),
]


@pytest.mark.parametrize("text, name", COORDINATED)
def test_a_name_joined_to_a_person_by_and_is_a_person(text: str, name: str) -> None:
    result = entities.annotate(article(text))
    assert name in result.people, result


@pytest.mark.parametrize("text, name", NOT_COORDINATED)
def test_no_person_made_of_a_title_a_country_or_common_words(text: str, name: str) -> None:
    result = entities.annotate(article(text))
    assert name not in result.people, result


ROUNDUP = (
    "Northfield d. Lakeview 61-40",
    "Northfield 14 11 19 17 — 61",
    "Lakeview 10 9 11 10 — 40",
    "Northfield (2-0): Okafor 21 points. Lindqvist 12 points and 9 rebounds. Marisol Ventura 8 points.",
    "Lakeview (0-2): Tremblay 15 points. Dariusz Wolak 6 points. Pruitt 4 points and 3 steals.",
    "BOYS SOCCER",
    "Eastbrook d. Hillcrest 3-1",
    "Eastbrook (4-1): J. Abernathy 2 goals. Teodor Halvorsen 1 goal, 1 assist. Quill 5 saves.",
    "Hillcrest (1-3): Ravi Okonkwo 1 goal. Stanislav Brody 7 saves.",
    "Riverside d. Westgate 2-0",
    "Riverside (3-1): Emeka Dunmore 1 goal. Hollis Varga 1 goal. Pim Aalders 4 saves.",
    "Westgate (0-4): Callan Moreau 9 saves.",
    "GIRLS VOLLEYBALL",
    "Pinecrest d. Harbor View 3-0",
    "Pinecrest (5-0): Anika Rasmussen 12 kills and 4 aces. Delphine Ouellet 20 assists and 6 digs. Yusra Haddad 9 kills.",
    "Harbor View (2-3): Brielle Sandoval 7 kills and 3 blocks. Ottilie Graves 11 digs.",
    "BOYS WRESTLING",
    "Eastbrook d. Pinecrest 42-30",
    "Eastbrook (3-0): Marek Holloway 2 pins. Desmond Achterberg 1 pin.",
)


def test_a_results_roundup_is_english_by_its_vocabulary() -> None:
    from newsarchive.entities.recognise import get_tagger

    text = " ".join(ROUNDUP)
    assert detect_language(text, "en") == "und"  # too few function words to judge by them
    assert detect_language(text, "en", get_tagger().resources.common) == "en"
    assert detect_language(LANGUAGES[2][0], "en", get_tagger().resources.common) == "pt"


@pytest.mark.parametrize("kind, name", [
    ("people", "Okafor"), ("people", "Lindqvist"), ("people", "J. Abernathy"), ("people", "Quill"),
    ("people", "Callan Moreau"), ("people", "Pruitt"),
    ("organizations", "Northfield"), ("organizations", "Lakeview"), ("organizations", "Eastbrook"),
    ("organizations", "Westgate"),
])
def test_results_copy_names_players_and_teams(kind: str, name: str) -> None:
    result = entities.annotate(article(*ROUNDUP, title="High school roundup: Northfield stays unbeaten"))
    assert result.language == "en"
    assert name in getattr(result, kind), (kind, getattr(result, kind))
    assert not set(result.places) & {"Northfield", "Lakeview", "Eastbrook", "Hillcrest", "Riverside", "Westgate"}


def test_prose_with_numbers_is_no_results_copy() -> None:
    result = entities.annotate(article(
        "The Senate passed the bill by 52 votes to 48 on Tuesday, and Johnson said 12 points of it would change.",
        "Apple 10 points higher in early trading, Brown said, was a sign that investors were calmer.",
    ))
    assert "Apple" not in result.people and "Brown" not in result.organizations


@pytest.mark.parametrize("text, team", [
    ("Wichita West senior David Garcia finished second in the 50 yard freestyle.", "Wichita West"),
    ("Summary: 5-1A: Salina South diver Keetan Munsell (junior) won the state championship in the event.", "Salina South"),
])
def test_a_school_team_the_model_doubts_is_kept_as_an_organisation(text: str, team: str) -> None:
    result = entities.annotate(article(text, "The meet ended on Saturday with the relay races in the pool."))
    assert team in result.organizations, result
    assert team not in result.places


@pytest.mark.parametrize("body, place, absent", [
    (("He stayed at the Marriott hotel near the port before the talks began.",),
     None, "Marriott"),
    (("Gordon Brown spoke on Monday. Allies in the Brown camp said the budget would pass.",),
     None, "Brown camp"),
    (("Guards at the Jeffrey Epstein jail were charged on Tuesday with falsifying records.",),
     None, "Jeffrey Epstein jail"),
])
def test_a_name_before_a_facility_word_is_a_place_unless_a_person_bears_it(body: tuple[str, ...], place: str | None, absent: str) -> None:
    result = entities.annotate(article(*body))
    if place:
        assert place in result.places, result
    assert absent not in {*result.people, *result.places, *result.organizations}


FOOTBALL = [
    # (body, clubs that must be organisations, names that must not be)
    (("Chelsea have paid the release clause to sign Athletic Bilbao keeper Kepa Arrizabalaga.",
      "The 23-year-old flew to London and will complete the transfer before the new season starts."),
     ("Chelsea", "Athletic Bilbao"), ()),
    (("Labour's candidate for West Ham was chosen on Friday after a long contest in the constituency.",
      "Chelsea Clinton spoke at the meeting about the campaign and the money it had raised."),
     (), ("West Ham", "Chelsea")),
]


@pytest.mark.parametrize("body, clubs, not_clubs", FOOTBALL)
def test_clubs_are_organisations_in_football_copy(body: tuple[str, ...], clubs: tuple[str, ...], not_clubs: tuple[str, ...]) -> None:
    result = entities.annotate(article(*body))
    for club in clubs:
        assert club in result.organizations, result
        assert club not in {*result.places, *result.people}
    assert not set(result.organizations) & set(not_clubs), result


@pytest.mark.parametrize("name, anywhere, in_football", [
    ("Athletic Bilbao", True, True), ("Manchester United", True, True),
    ("Chelsea", False, True), ("Barcelona", False, True), ("West Ham", False, True), ("London", False, False),
])
def test_club_table_says_where_a_club_is_an_organisation(name: str, anywhere: bool, in_football: bool) -> None:
    from newsarchive.entities.gazetteer import is_organisation

    assert is_organisation(name) is anywhere
    assert is_organisation(name, football=True) is in_football


@pytest.mark.parametrize("sentence, player", [
    ("Anthony Beauvillier added his seventh for the visitors, and Semyon Varlamov stopped 27 shots as they won 5-4.", "Semyon Varlamov"),
    ("Joonas Korpisalo stopped 30 shots for his eighth win as the home side beat the visitors 5-2.", "Joonas Korpisalo"),
])
def test_a_player_before_a_feat_in_numbers_is_a_person_in_a_game_report(sentence: str, player: str) -> None:
    report = (sentence, "The goalie made the saves that mattered late in the game, the coach said after the 3-2 win.",
              "The team scored twice in the third period to clinch the victory in front of their fans.")
    result = entities.annotate(article(*report))
    assert player in result.people, result
    assert player not in {*result.organizations, *result.places}


@pytest.mark.parametrize("sentence, place, absent", [
    ("The Washington-based think-tank says unemployment is high.", "Washington", None),
    ("A Hong Kong-based firm bought the plant last year.", "Hong Kong", "Kong"),
    ("The New York-born writer moved to the coast.", "New York", "York"),
    ("The Acme-based group and the Smith-born ideas were discussed.", None, "Acme"),
])
def test_a_place_used_as_a_modifier_is_a_mention(sentence: str, place: str | None, absent: str | None) -> None:
    result = entities.annotate(article(sentence, "Officials said more details would follow later in the week."))
    if place:
        assert place in result.places, result
    if absent:
        assert absent not in result.places


def test_a_name_after_a_cue_word_and_the_is_an_organisation() -> None:
    result = entities.annotate(article(
        "Estimates vary, the Washington-based independent think-tank The Brookings Institution says in its index.",
        "Officials said more details would follow later in the week."))
    assert any(name.endswith("Brookings Institution") for name in result.organizations), result


FOREIGN_DETAILS = [
    # (language, body, names expected by kind, names that must not appear)
    ("it",
     ("Secondo fonti del governo, i due leader hanno concordato una posizione comune. La Juventus ha intanto annunciato il nuovo allenatore della squadra.",
      "Anche la Banca d'Italia ha pubblicato il suo rapporto annuale, che mostra una crescita più lenta del previsto per il Paese e per la Francia."),
     {"organizations": ("Juventus",), "places": ("Francia",)}, ("La Juventus", "Italia")),
    ("fr",
     ("Le président a reçu mardi le chancelier pour parler de la guerre et de la politique énergétique de la France.",
      "Le Monde et les autres journaux ont publié les détails du projet, que le gouvernement doit présenter la semaine prochaine."),
     {"organizations": ("Le Monde",), "places": ("France",)}, ("Monde",)),
]


@pytest.mark.parametrize("language, body, found, absent", FOREIGN_DETAILS)
def test_articles_and_longer_names_in_other_languages(language: str, body: tuple[str, ...], found: dict[str, tuple[str, ...]], absent: tuple[str, ...]) -> None:
    result = entities.annotate(article(*body, title="Notizie", language=language))
    assert result.language == language
    for kind, names in found.items():
        for name in names:
            assert name in getattr(result, kind), (kind, name, result)
    assert not {*result.people, *result.organizations, *result.places} & set(absent), result
