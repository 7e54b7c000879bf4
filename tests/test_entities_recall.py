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
