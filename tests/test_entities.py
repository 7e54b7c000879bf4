"""Entities: tokens, sentences, names, language, the article pipeline and the archive-wide step."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newsarchive import entities
from newsarchive.article import Article
from newsarchive.entities.canonical import is_acronym
from newsarchive.entities.language import detect_language
from newsarchive.entities.names import get_rules, load_rules
from newsarchive.entities.tokens import sentences_of, tokenize
from newsarchive.slugs import slugify

TOKENS = [
    ("Blinken’s comments", ["Blinken", "'s", "comments"]),
    ("they don't know", ["they", "do", "n't", "know"]),
    ("the U.S. Treasury", ["the", "U.S.", "Treasury"]),
    ("Reps. French Hill (R-Ark.) spoke", ["Reps.", "French", "Hill", "(", "R-Ark.", ")", "spoke"]),
    ("“dual-use” support", ['"', "dual-use", '"', "support"]),
    ("1,000 troops on 1996-08-22", ["1,000", "troops", "on", "1996-08-22"]),
    ("Mr. O'Brien", ["Mr.", "O'Brien"]),
    ("Tianyi Co. Ltd.", ["Tianyi", "Co.", "Ltd."]),
    ("George W. Bush", ["George", "W.", "Bush"]),
    ("war—and peace", ["war", "--", "and", "peace"]),
    ("in Ukraine.", ["in", "Ukraine", "."]),
    ("3.5 percent", ["3.5", "percent"]),
]


@pytest.mark.parametrize("text, expected", TOKENS)
def test_tokens_follow_conll(text: str, expected: list[str]) -> None:
    assert [t.form for t in tokenize(text)] == expected


@pytest.mark.parametrize("text, expected", TOKENS)
def test_token_offsets_point_into_the_original_text(text: str, expected: list[str]) -> None:
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text


SENTENCES = [
    ("He left. She stayed.", 2),
    ("Mr. Smith met Dr. Jones on Feb. 8 in Washington.", 1),
    ("“We are watching,” he said. “Carefully.”", 2),
    ("The U.S. Treasury acted. Russia replied!", 2),
    ("Is it over? Not yet.", 2),
    ("He said 3.5 percent. Then left", 2),
]


@pytest.mark.parametrize("text, count", SENTENCES)
def test_sentence_splitting(text: str, count: int) -> None:
    assert len(sentences_of(text)) == count


LANGUAGES = [
    ("The government said on Monday that it would not change its policy on the issue, and the minister was asked about it by reporters who had been waiting.", "en"),
    ("Le gouvernement a annoncé lundi qu'il ne changerait pas sa politique sur la question, et le ministre a été interrogé par les journalistes qui attendaient dans la salle.", "fr"),
    ("El gobierno anunció el lunes que no cambiará su política sobre la cuestión, y el ministro fue consultado por los periodistas que esperaban en la sala de prensa.", "es"),
    ("Die Regierung hat am Montag angekündigt, dass sie ihre Politik in dieser Frage nicht ändern wird, und der Minister wurde von den Journalisten gefragt, die auf ihn gewartet hatten.", "de"),
    ("Правительство заявило в понедельник, что не будет менять свою политику по этому вопросу, и министр ответил на вопросы журналистов, которые ждали его в зале.", "und"),
    ("Short text.", "en"),
]


@pytest.mark.parametrize("text, code", LANGUAGES)
def test_language_detection(text: str, code: str) -> None:
    assert detect_language(text) == code


def article(*body: str, title: str = "A story", caption: str = "", language: str = "en") -> Article:
    return Article(
        title=title,
        published=datetime(2023, 2, 24, tzinfo=timezone.utc),
        body=body,
        caption=caption,
        language=language,
        authors=("Frank Fang",),
        credit="Jim Watson/AFP via Getty Images",
        source="The Epoch Times",
    )


def test_short_forms_join_the_full_name_and_titles_go() -> None:
    result = entities.annotate(article(
        "Secretary of State Antony Blinken met Chinese leader Xi Jinping in Beijing on Monday.",
        "Blinken said the talks with Xi were frank. Mr. Blinken flew home afterwards.",
        "The Wagner Group is a paramilitary organization. Wagner fighters were seen in Mali.",
    ))
    assert "Antony Blinken" in result.people and "Xi Jinping" in result.people
    assert "Blinken" not in result.people and "Xi" not in result.people
    assert "Wagner Group" in result.organizations
    assert not any(name.startswith(("Secretary", "Mr")) for name in result.people)
    assert "Beijing" in result.places and "Mali" in result.places


def test_alias_table_gives_one_name() -> None:
    result = entities.annotate(article(
        "The U.S. and the European Union imposed sanctions, the State Department said in Washington.",
        "Officials in the US said the CCP had approved the deal, and the US would respond.",
    ))
    # a country the article never writes in full keeps the form it writes most, once
    assert [p for p in result.places if p in {"United States", "U.S.", "US", "America"}] == ["US"]
    assert "State Department" in result.organizations
    assert "Chinese Communist Party" in result.organizations
    # across the archive every form is filed under the standard name
    assert "United States" in entities.finalize([result])[0].places


def test_every_written_form_of_a_country_has_one_page_across_the_archive() -> None:
    stories = [
        entities.annotate(article("Britain said on Monday that Britain would act, the minister said in London.")),
        entities.annotate(article("The UK said on Monday that the UK would act, the minister said in London.")),
        entities.annotate(article("The United Kingdom said on Monday that it would act, the minister said in London.")),
    ]
    assert [s.places[0] for s in stories] == ["Britain", "UK", "United Kingdom"]
    assert {s.places[0] for s in entities.finalize(stories)} == {"United Kingdom"}


@pytest.mark.parametrize(("body", "expected"), [
    (("The United States and the U.S. Navy: officials in the US and the U.S. said so.",), "United States"),
    (("Britain said on Monday that the UK would act. Britain and France agreed.",), "Britain"),
    (("The UK said on Monday that it would act, and the UK and France agreed.",), "UK"),
])
def test_country_keeps_the_standard_name_only_when_written(body: tuple[str, ...], expected: str) -> None:
    result = entities.annotate(article(*body))
    forms = {"United States", "U.S.", "US", "United Kingdom", "UK", "Britain"}
    assert [p for p in result.places if p in forms] == [expected]


def test_bylines_credits_and_source_lines_are_not_mentions() -> None:
    result = entities.annotate(article("The minister spoke to reporters in Paris on Tuesday about the budget."))
    names = set(result.people) | set(result.organizations)
    assert not names & {"Frank Fang", "Jim Watson", "AFP", "Getty Images", "The Epoch Times"}
    assert result.places == ("Paris",)


def test_caption_and_headline_are_read() -> None:
    result = entities.annotate(article(
        "The talks went on for a long time, officials said.",
        title="Talks in Geneva end",
        caption="Emmanuel Macron arrives for the talks.",
    ))
    assert "Emmanuel Macron" in result.people


def test_curly_quotes_are_read_but_the_text_is_kept() -> None:
    body = "“We will go,” said Angela Merkel’s spokesman in Berlin."
    result = entities.annotate(article(body))
    assert result.body == (body,)
    assert "Angela Merkel" in result.people and "Berlin" in result.places


def test_article_in_another_script_gets_no_entities_and_a_note() -> None:
    text = LANGUAGES[4][0]
    result = entities.annotate(article(text, "Emmanuel Macron a parlé à Paris avec Olaf Scholz de la politique de la France et de l'Allemagne."))
    assert result.language == "und"
    assert result.people == result.organizations == result.places == ()
    assert any("not English" in note for note in result.notes)


def test_apposition_makes_one_entity() -> None:
    result = entities.annotate(article(
        "The Treasury sanctioned Spacety, also known as Tianyi Research Institute Co. Ltd., on Thursday.",
    ))
    assert "Spacety" in result.organizations
    assert not any("Tianyi" in name for name in result.organizations)


def test_finalize_joins_a_lone_short_form_to_the_full_name_elsewhere() -> None:
    first = Article(title="a", published=None, body=(), people=("Antony Blinken", "Wang Yi"))
    second = Article(title="b", published=None, body=(), people=("Blinken",), organizations=("Wagner",))
    third = Article(title="c", published=None, body=(), organizations=("Wagner Group",), places=("Sao Paulo",))
    fourth = Article(title="d", published=None, body=(), places=("São Paulo",), people=("Smith", "John Smith", "Anna Smith"))
    result = entities.finalize([first, second, third, fourth])
    assert result[1].people == ("Antony Blinken",)
    assert result[1].organizations == ("Wagner Group",)
    assert result[2].places == result[3].places  # one spelling per slug
    assert "Smith" in result[3].people  # two full names: ambiguous, left alone
    slugs = {slugify(name) for a in result for name in a.people + a.organizations + a.places}
    names = {name for a in result for name in a.people + a.organizations + a.places}
    assert len(slugs) == len(names)


def test_users_extend_the_alias_table(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "aliases.toml"
    extra.write_text('[aliases]\n"Big Blue" = "IBM"\n[types]\n"IBM" = "organizations"\n[ignore]\nnames = ["Paris"]\n', encoding="utf-8")
    monkeypatch.setenv("NEWSARCHIVE_ALIASES", str(extra))
    rules = get_rules()
    assert rules.canonical("Big Blue") == "IBM"
    assert rules.canonical("U.S.") == "United States"  # the shipped table still applies
    result = entities.finalize([Article(title="a", published=None, body=(), organizations=("Big Blue",), places=("Paris", "Rome"))])
    assert result[0].organizations == ("IBM",) and result[0].places == ("Rome",)


def test_bad_entity_type_in_aliases_is_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "bad.toml"
    extra.write_text('[types]\n"IBM" = "companies"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="companies"):
        load_rules((str(extra),))


@pytest.mark.parametrize("short, words, expected", [
    ("CCP", ["Chinese", "Communist", "Party"], True),
    ("NATO", ["North", "Atlantic", "Treaty", "Organization"], True),
    ("IMF", ["International", "Monetary", "Fund"], True),
    ("UN", ["Chinese", "Communist", "Party"], False),
    ("Ccp", ["Chinese", "Communist", "Party"], False),
])
def test_acronyms(short: str, words: list[str], expected: bool) -> None:
    assert is_acronym(short, words) is expected


RULE_CASES = [
    # (body, kind, expected present, expected absent)
    ("Prince Andrew met the Queen at the palace in London on Monday. Andrew left early.", "people", "Prince Andrew", "Andrew"),
    ("The Steelers and Browns fought on Thursday. The Browns lost 21-7 and the Steelers won.", "organizations", "Browns", "Steelers and Browns"),
    ("Browns DL Sheldon Richardson said the fight was ugly, speaking in Cleveland.", "people", "Sheldon Richardson", "Browns DL Sheldon Richardson"),
    ("Rafael Nadal beat Karen Khachanov in MADRID on Friday. Madrid cheered as Spain won.", "places", "Madrid", "MADRID"),
    ("Spaniard Albert Costa lost in Doha. Costa had won the French Open in 2002.", "people", "Albert Costa", "Spaniard Albert Costa"),
    ("Also on Thursday, Victoria Nuland, undersecretary of state for political affairs, spoke in Washington.", "people", "Victoria Nuland", ""),
]


@pytest.mark.parametrize("body, kind, present, absent", RULE_CASES)
def test_name_rules(body: str, kind: str, present: str, absent: str) -> None:
    result = entities.annotate(article(body))
    assert present in getattr(result, kind)
    everything = result.people + result.organizations + result.places
    assert absent not in everything


def test_a_name_the_model_split_at_of_is_one_place() -> None:
    result = entities.annotate(article("BP said output in the Gulf of Mexico recovered after the storms, while Angola grew."))
    assert "Gulf of Mexico" in result.places
    assert "Gulf" not in result.places and "Mexico" not in result.places


# Web-dump precision: what is not a person, organisation or place stays out, under a right type.
# (body, kind, expected present or "", names that must not be published as any entity)
PRECISION_CASES = [
    ("Fans queued at the store in Chicago for the new Apple Watch Series and the Samsung Galaxy Note. Apple said supplies were short.",
     "organizations", "Apple", ("Apple Watch Series", "Samsung Galaxy Note")),
    ("The singer recalled recording “Black Water” and “What A Fool Believes” in Los Angeles in the 1970s.",
     "places", "Los Angeles", ("Black Water", "Fool Believes", "What A Fool Believes")),
    ("Margaret Tully starred in the film Vera Drake before she moved to Manchester. Vera Drake won prizes.",
     "people", "Margaret Tully", ("Vera Drake",)),
    ("Follow the campaign at #HealthyHydration, said Robert Maguire of the Denver Post.",
     "people", "Robert Maguire", ("HealthyHydration",)),
    ("Governor Kristi NoemKristi Lynn Noem spoke in Pierre. Kristi Noem later left for Sioux Falls.",
     "people", "Kristi Noem", ("Kristi NoemKristi Lynn Noem", "NoemKristi")),
    ("The hotel installed new LEDs and the hospital bought more ECGs, officials said in Toulouse.",
     "places", "Toulouse", ("LEDs", "ECGs")),
    ("Speaking in Salford, the Labour Party Jeremy Corbyn campaign said its leader would win.",
     "people", "Jeremy Corbyn", ("Labour Party Jeremy Corbyn",)),
    ("Police said officers in Leicestershire and Inner Mongolia were sent home. Leicestershire police agreed.",
     "places", "Leicestershire", ()),
    ("The boxes were Red, Blue and Purple, the coach said. Red holds vegetables and Blue holds fruit in Fresno.",
     "", "", ("Red", "Blue", "Purple")),
    ("Boeing told reporters the jets would fly by 2021, and Boeing chief Dennis Muilenburg agreed.",
     "organizations", "Boeing", ()),  # the model says a person
    ("Tickets for the concert at the Coral Sky Amphitheatre in West Palm Beach went on sale on Monday.",
     "places", "West Palm Beach", ("Sky Amphitheatre",)),
    ("Stars of the Eurovision Song Contest will meet in Copenhagen in October, organisers said.",
     "places", "Copenhagen", ("Eurovision",)),
]


@pytest.mark.parametrize("body, kind, present, absent", PRECISION_CASES)
def test_web_dump_precision_rules(body: str, kind: str, present: str, absent: tuple[str, ...]) -> None:
    result = entities.annotate(article(body))
    if present:
        assert present in getattr(result, kind)
    everything = result.people + result.organizations + result.places
    assert not set(absent) & set(everything)


def test_a_known_region_is_a_place_whatever_the_model_says() -> None:
    result = entities.annotate(article("Officers from Leicestershire and Gloucestershire joined the hunt on Saturday."))
    assert not {"Leicestershire", "Gloucestershire"} & set(result.organizations + result.people)


def test_headline_only_guess_in_title_case_is_dropped() -> None:
    body = "The president pardoned a bird at the White House on Tuesday, as is the custom each year."
    result = entities.annotate(article(body, title="President Officially Pardons National Thanksgiving Turkey"))
    assert "Turkey" not in result.places


def test_a_product_counts_for_its_maker_named_in_the_article() -> None:
    result = entities.annotate(article(
        "Ascom said on Monday that Ascom Myco would ship in Europe. Ascom Myco runs on Android.",
    ))
    assert "Ascom" in result.organizations
    assert "Ascom Myco" not in result.organizations


def test_model_attributes_are_read_from_the_model_file_without_temporary_files(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import tempfile

    import pycrfsuite

    from newsarchive.entities.recognise import MODEL_FILE, Tagger, model_attributes

    crf = pycrfsuite.Tagger()
    crf.open(str(MODEL_FILE))
    dumped = {attr for attr, _ in crf.info().state_features}  # the library's own reading (via a temp file)
    attributes = model_attributes(MODEL_FILE)
    assert len(attributes) == len(set(attributes)) and set(attributes) == dumped

    def no_temp(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the tagger wrote a temporary file")

    for name in ("mkstemp", "NamedTemporaryFile", "TemporaryFile", "mkdtemp"):
        monkeypatch.setattr(tempfile, name, no_temp)
    tagger = Tagger()
    assert tagger.resources.known == frozenset(dumped)
    bad = tmp_path / "bad.crfsuite"
    bad.write_bytes(b"not a model" * 10)
    with pytest.raises(ValueError, match="not a CRFsuite"):
        model_attributes(bad)
