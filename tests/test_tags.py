"""Topic tags: 2 to 6 topics a reader browses, no bare common nouns, no section or outlet names,
no person, organisation or place the story only mentions in passing, one name per topic across
the archive."""

from __future__ import annotations

import pytest

from newsarchive import tags
from newsarchive.tags.archive import archive_names
from newsarchive.tags.headlines import code_name, headline_acts, headline_names, headline_surnames, headline_things
from newsarchive.tags.names import (
    affiliations,
    central_names,
    headline_sides,
    name_forms,
    national_sides,
    plays_as_side,
    role_organisation,
    role_person,
    topic_name,
    unheaded_topic,
)
from newsarchive.tags.phrases import candidate_phrases, entity_words, good_phrase, good_single, story_zones
from newsarchive.tags.propose import merge_topics, propose_topics
from newsarchive.tags.rules import fold, topic_rules
from newsarchive.tags.subjects import (
    broad_subjects,
    cue_grams,
    cue_topics,
    cue_words,
    currencies,
    in_longer_cue,
    loose_subjects,
    lower_uses,
    single_cue_subjects,
)
from newsarchive.tags.things import event_prefix, named_events
from newsarchive.tags.words import normalise_tag, singular
from newsarchive.article import Article
from newsarchive.ingest import extract_path

from .conftest import FIRST_SEED

PLAGUE = (
    "Hunter diagnosed with bubonic plague after eating a wild rabbit",
    (
        "A hunter who killed and ate a wild rabbit has been diagnosed with bubonic plague, health officials said on Sunday.",
        "It is the third case of bubonic plague in the region this month. The man is in quarantine and in a stable condition.",
        "Bubonic plague is an infectious disease spread by fleas. Untreated, the plague kills up to half of those infected.",
        "Officials said the risk of an outbreak was low, but 28 people who had contact with the hunter are in quarantine.",
        "The plague outbreak of the fourteenth century killed millions across Europe. Antibiotics now cure most cases.",
    ),
)
LAPTOP = (
    "MacBook Pro review: the best laptop for most people",
    (
        "The new MacBook Pro has a bigger screen, a better keyboard and the longest battery life of any laptop we have tested.",
        "Battery life is the headline: the MacBook Pro lasted eleven hours in our video test, two more than last year's laptop.",
        "The keyboard is the real news. The MacBook Pro finally drops the butterfly keyboard that failed so many owners.",
        "At the rear sit four ports. The display is bright, and the speakers are the best on a laptop.",
        "Verdict: the MacBook Pro is expensive, but for a laptop you keep for five years, the price is fair.",
    ),
)
TRADE = (
    "Trade war: new tariffs hit farmers as talks stall",
    (
        "The trade war between the two largest economies deepened on Monday as new tariffs on soybeans and pork took effect.",
        "Farmers say the tariffs have cut their exports by half. The trade war has cost the farm sector billions.",
        "Negotiators met last week but the trade talks stalled over subsidies and the tariffs already in place.",
        "Economists warn that the trade war could slow economic growth next year if the tariffs stay.",
    ),
)
RATES = (
    "Bank raises interest rates again as inflation climbs",
    (
        "The central bank raised interest rates again on Thursday, the third rise this year, as inflation kept climbing.",
        "Interest rates now stand at their highest level since 2008, and economists expect further rate rises.",
        "Mortgage holders will feel the rise first: mortgage payments climb as interest rates go up.",
        "Andrew Bailey said inflation should fall next year. Inflation hit 10% in October, driven by energy prices.",
        "Energy prices have doubled since last winter, the Bank of England said in London.",
    ),
)


def story(title: str, body: tuple[str, ...], category: str = "", seed_tags: tuple[str, ...] = (), **names: tuple[str, ...]) -> Article:
    return Article(title=title, published=None, body=body, category=category, seed_tags=seed_tags, **names)


@pytest.mark.parametrize("raw, expected", [
    ("  China News ", "china news"),
    ("Economy.", "economy"),
    ("“Tech”", "tech"),
    ("Middle  East", "middle east"),
    ("—Sport—", "sport"),
])
def test_normalise_tag(raw: str, expected: str) -> None:
    assert normalise_tag(raw) == expected


@pytest.mark.parametrize("text, expected", [
    (PLAGUE, {"bubonic plague", "infectious diseases"}),
    (LAPTOP, {"MacBook Pro", "laptops"}),
    (TRADE, {"trade war", "tariffs"}),
    (RATES, {"interest rates", "inflation"}),
])
def test_a_story_gets_two_to_six_topics_it_is_about(text: tuple[str, tuple[str, ...]], expected: set[str]) -> None:
    result = tags.annotate(story(*text))
    assert 2 <= len(result.tags) <= 6
    assert expected <= set(result.tags)


@pytest.mark.parametrize("word", ["rear", "bit", "raise", "respondent", "base", "display", "scene", "miles", "ports", "screen"])
def test_a_bare_common_noun_is_never_a_topic(word: str) -> None:
    body = tuple(f"The {word} was the talk of the day. Everyone saw the {word}, and the {word} stayed." for _ in range(4))
    result = tags.annotate(story(f"A {word} to remember", body, seed_tags=(word,)))
    assert fold(word) not in {fold(t) for t in result.tags}
    assert not good_single(word)


@pytest.mark.parametrize("piece, text", [
    ("bubonic", PLAGUE),
    ("plague", PLAGUE),
    ("trade", TRADE),
    ("interest", RATES),
    ("battery", LAPTOP),
])
def test_no_cut_down_piece_of_a_topic(piece: str, text: tuple[str, tuple[str, ...]]) -> None:
    assert piece not in tags.annotate(story(*text)).tags


@pytest.mark.parametrize("seed_tags, category, dropped", [
    (("Auto News", "National Review", "Opinion"), "Business", {"auto news", "national review", "opinion", "business"}),
    (("Latest News SPORT NEWS", "Share this story About sharing"), "LinkNaija", {"latest news sport news", "share this story about sharing", "linknaija"}),
    (("Technology", "Science & Astronomy", "Evidence Based"), "Science & Astronomy", {"technology", "science & astronomy", "evidence based"}),
    (("Hong Kong", "Xi Jinping"), "Hong Kong", {"hong kong", "xi jinping"}),
])
def test_section_outlet_and_place_names_are_never_topics(seed_tags: tuple[str, ...], category: str, dropped: set[str]) -> None:
    result = tags.annotate(story(*RATES, category=category, seed_tags=seed_tags, places=("Hong Kong",), people=("Xi Jinping",)))
    assert not dropped & {t.lower() for t in result.tags}
    assert {"interest rates", "inflation"} <= set(result.tags)


def test_a_story_is_not_tagged_with_its_own_section() -> None:
    body = tuple(f"The striker scored twice as the {side} won the FA Cup tie; the goalkeeper saved a penalty." for side in ("hosts", "visitors", "holders"))
    result = tags.annotate(story("Striker's goals settle FA Cup tie", body, category="Football"))
    assert "football" not in {t.lower() for t in result.tags}


@pytest.mark.parametrize("seed_tags, kept", [
    (("Protest", "Extradition Bill", "Police Brutality"), {"protests", "extradition bill", "police brutality"}),
    (("Monetary Policy", "Inflation"), {"monetary policy", "inflation"}),
])
def test_the_seeds_own_topics_come_first(seed_tags: tuple[str, ...], kept: set[str]) -> None:
    result = tags.annotate(story(*RATES, seed_tags=seed_tags))
    assert set(result.tags[:len(kept)]) == kept


@pytest.mark.parametrize("left, right", [
    ("Trade Wars", "trade war"),
    ("TARIFFS", "tariff"),
    ("COVID-19", "coronavirus"),
    ("Global warming", "climate change"),
    ("Black Friday", "black friday"),
    ("policies", "policy"),
    ("mobile phone", "mobile phones"),  # an alias written in the singular: filed under its target too
    ("Mobile Phone", "smartphones"),
])
def test_case_plural_and_aliases_fold_to_one_topic(left: str, right: str) -> None:
    assert fold(left) == fold(right)


@pytest.mark.parametrize("word, kept", [
    ("crisis", "crisis"),
    ("virus", "virus"),
    ("sanctions", "sanction"),
    ("batteries", "battery"),
    ("taxes", "tax"),
])
def test_singular(word: str, kept: str) -> None:
    assert singular(word) == kept


def test_the_archive_files_a_topic_under_one_name() -> None:
    spellings = [("Black Friday", "trade wars"), ("black friday", "trade war"), ("Black Friday", "Trade war")]
    articles = [Article(title=f"t{i}", published=None, body=(), tags=t, tag_candidates=t) for i, t in enumerate(spellings * 8)]
    result = tags.finalize(articles)
    assert {a.tags for a in result} == {("Black Friday", "trade war")}  # the most used; ties: lower case


def test_the_archive_hands_no_story_another_storys_topic() -> None:
    """A reserve candidate is a word the story uses, not what it is about: other stories carrying
    it as a topic does not make it this story's topic."""
    carriers = [Article(title=f"t{i}", published=None, body=(), tags=("inflation", "interest rates"), tag_candidates=("inflation", "interest rates")) for i in range(20)]
    reader = Article(title="r", published=None, body=(), tags=("energy prices", "oil"), tag_candidates=("energy prices", "oil", "inflation"))
    result = tags.finalize([*carriers, reader])
    assert result[-1].tags == ("energy prices", "oil")
    assert all(a.tags == ("inflation", "interest rates") for a in result[:-1])


@pytest.mark.parametrize("text, expected", [
    # noun phrases of 1-3 words inside a run of content words, shortest first, in text order;
    # a single word only where no noun follows it ('interest' of 'interest rates' is none), or
    # when it is a listed subject ('housing'); verbs ('hit'), URLs and news-trade words end a run;
    # a sentence's capitalised opener counts when the story writes the word in lower case
    ("Rising interest rates hit housing markets.", ["rates", "housing", "markets", "interest rates", "housing markets"]),
    ("The bank's chief economist resigned; economist's warnings",
     ["bank", "economist", "chief economist", "bank chief economist", "warnings", "economist warnings"]),
    ("See https://example.com/energy-prices for energy prices.", ["energy", "prices", "energy prices"]),
    ("Said the news, per the report.", []),
    ("Inflation fears grow", ["inflation", "fears", "inflation fears"]),
    ("Pension fears grow", ["fears"]),
])
def test_candidate_phrases(text: str, expected: list[str]) -> None:
    assert list(candidate_phrases(text, {"inflation"})) == expected


@pytest.mark.parametrize("phrase, good", [
    ("trade war", True),
    ("bubonic plague", True),
    ("dramatic rescue", False),  # a judging adjective
    ("biggest hits", False),
    ("secret message", False),  # a bare head noun
    ("metric tons", False),
    ("chief operating officer", False),
    ("news latest", False),  # section words only
])
def test_good_phrase(phrase: str, good: bool) -> None:
    assert good_phrase(phrase) is good


def test_non_english_stories_keep_only_their_listed_topics() -> None:
    article = Article(title="Inflação sobe", published=None, body=("A inflação subiu de novo.",), seed_tags=("Inflation", "Notícias"), language="pt")
    assert tags.annotate(article).tags == ("inflation",)


def test_first_seed_topics() -> None:
    result = extract_path(FIRST_SEED)
    assert "sanctions" in result.tags
    assert "china news" not in {t.lower() for t in result.tags}  # the outlet's section
    assert {"Antony Blinken", "Russia"} <= set(result.tags)  # in the headline and used throughout
    passing = {"taiwan", "ukraine", "chinese", "nato", "xi jinping", "wang yi", "the atlantic"}
    assert not {t.lower() for t in result.tags} & passing


CENTRAL_BODY = (
    "Acme Motors said on Monday it would close its plant in Springfield, cutting 900 jobs.",
    "Acme Motors has made cars in Springfield since 1950. The union said Acme Motors broke a promise to the town.",
    "Jane Doe, the union's leader, met Acme Motors managers. Ms Doe said the plant was profitable.",
    "John Roe, a worker, said Springfield would struggle. Sam Roe, his brother, agreed.",
)


@pytest.mark.parametrize("title, names, central", [
    # named in the headline and used again, in the lead too: a topic
    ("Acme Motors to close Springfield plant", {"organizations": ("Acme Motors",), "places": ("Springfield",)}, ["Acme Motors", "Springfield"]),
    # a passing mention, not in the headline: no topic
    ("Car plant to close", {"organizations": ("Acme Motors",), "people": ("Jane Doe",)}, []),
    # a surname two people share counts for neither; a full name is needed
    ("Roe fears for Springfield", {"people": ("John Roe", "Sam Roe"), "places": ("Springfield",)}, ["Springfield"]),
    # a person's surname in the headline counts for the full name, and so do an organisation's
    # leading words the body spells out ('Acme' of 'Acme Motors')
    ("Doe attacks Acme plan", {"people": ("Jane Doe",), "organizations": ("Acme Motors",)}, ["Acme Motors", "Jane Doe"]),
    # not when they are another name's word too
    ("Doe attacks Acme plan", {"people": ("Jane Doe",), "organizations": ("Acme Motors", "Acme Bank")}, ["Jane Doe"]),
    # a name the headline writes in capitals for emphasis, the body as a name
    ("Union fury at ACME MOTORS over plant", {"organizations": ("Acme Motors",), "places": ("Springfield",)}, ["Acme Motors"]),
])
def test_central_names_are_what_the_story_is_about(title: str, names: dict[str, tuple[str, ...]], central: list[str]) -> None:
    article = story(title, CENTRAL_BODY, **names)
    assert sorted(name for _, name in central_names(article, story_zones(article))[0]) == sorted(central)


@pytest.mark.parametrize("name, kind, usable", [
    ("Acme Motors", "organizations", True),
    ("Apple", "organizations", True),
    ("Orange", "organizations", False),  # a word news writes in lower case: the page says nothing
    ("Parker", "people", False),  # a lone surname
    ("G Gregan", "people", False),  # an initial
    ("The Atlantic", "organizations", False),
    ("Tony Blair", "people", True),
    ("Safin", "people", False),  # a lone surname, even one no name list knows
    ("Lord Falconer", "people", True),  # a peer is known by the title
    ("President Bush", "people", False),
    ("General Smith", "people", False),  # a title
    ("General Motors", "organizations", True),  # the same word opens a company's name
    ("St Helens", "places", True),
    ("George W Bush", "people", True),  # a middle initial is part of a full name
    ("J Smith", "people", False),
])
def test_topic_name(name: str, kind: str, usable: bool) -> None:
    assert topic_name(name, kind) is usable


COPPER_BODY = (
    "Chile produced a record amount of copper last year, the state copper agency said.",
    "Output rose by 5%, and Chile remains the world's largest producer. Prices hit a 16-year high.",
    "The agency expects prices to ease. Mining firms in Chile plan to spend more next year.",
)


@pytest.mark.parametrize("title, central", [
    ("Record year for Chilean copper", ["Chile"]),  # the place's adjective names it in the headline
    ("Record year for copper", []),
    ("Record year for British copper", []),  # no adjective of a place the story names
])
def test_a_headline_names_a_place_by_its_adjective(title: str, central: list[str]) -> None:
    article = story(title, COPPER_BODY, places=("Chile",))
    assert [name for _, name in central_names(article, story_zones(article))[0]] == central


LENOVO_BODY = (
    "Profits at Lenovo, the biggest computer maker in China, stood still in the quarter.",
    "Lenovo said sales in China slowed. China's PC market grew by a fifth last year.",
    "Lenovo is buying the PC arm of IBM. Italy and Scotland were not mentioned.",
)


@pytest.mark.parametrize("title, central", [
    ("Profits stall at China's Lenovo", ["Lenovo"]),  # the owner of another name: where, not what
    ("China's PC market slows as Lenovo profits stall", ["China", "Lenovo"]),
    ("Scotland v Italy", []),  # the sides of a fixture
])
def test_a_place_named_only_as_a_setting_is_no_topic(title: str, central: list[str]) -> None:
    article = story(title, LENOVO_BODY, organizations=("Lenovo",), places=("China", "Italy", "Scotland"))
    assert sorted(name for _, name in central_names(article, story_zones(article))[0]) == central


def test_the_outlet_is_never_a_central_topic() -> None:
    article = story("Acme Motors to close Springfield plant", CENTRAL_BODY, organizations=("Acme Motors",)).with_(source="Acme Motors")
    assert central_names(article, story_zones(article)) == ([], [])


@pytest.mark.parametrize("groups, entities, expected", [
    ([["bubonic plague"], ["plague"]], (), ["bubonic plague"]),  # a cut-down piece of a topic
    ([["RBS Six Nations"], ["Six Nations"]], (), ["RBS Six Nations"]),
    ([["Casino Royale"], ["casinos"]], (), ["Casino Royale"]),  # a named thing's word is no subject
    ([["retail"], ["British Retail Consortium"]], ("British Retail Consortium",), ["retail", "British Retail Consortium"]),
    ([["Trade Wars"], ["trade war"]], (), ["Trade Wars"]),  # one folded key once
])
def test_merge_topics(groups: list[list[str]], entities: tuple[str, ...], expected: list[str]) -> None:
    assert merge_topics(groups, tags.MAX_TAGS, entities) == expected


def test_the_archives_home_place_is_no_topic() -> None:
    """A place most stories name (the outlets' home country) is as broad as a section."""
    home = [Article(title=f"h{i}", published=None, body=(), places=("Homeland",), tags=("Homeland", "inflation")) for i in range(30)]
    abroad = [Article(title=f"a{i}", published=None, body=(), places=(f"Place {i % 10}",), tags=(f"Place {i % 10}", "copper")) for i in range(70)]
    result = tags.finalize([*home, *abroad])
    assert {a.tags for a in result[:30]} == {("inflation",)}
    assert [a.tags for a in result[30:]] == [a.tags for a in abroad]  # each named by 7 of 100 stories
    assert tags.finalize(home[:10])[0].tags == ("Homeland", "inflation")  # too few stories to tell


@pytest.mark.parametrize("title, body, kept", [
    # a sports story: the nation is its side, and no topic
    ("Ireland beat Scotland at Murrayfield",
     ("Ireland beat Scotland 40-13 in the Six Nations at Murrayfield. Ireland scored five tries in the rugby match.",
      "The rugby side from Ireland kicked two penalties and a conversion. Ireland lead the table.",
      "Scotland lost a try to a penalty try. Rugby fans from Ireland filled the stand."),
     set()),
    # a story about the country keeps it
    ("Ireland raises its corporate tax rate",
     ("Ireland will raise its corporate tax rate next year, the finance minister said.",
      "The tax change in Ireland follows pressure from the European Union. Ireland has long drawn firms with low taxes.",
      "Economists said Ireland would stay attractive."),
     {"Ireland"}),
])
def test_a_nation_in_a_sports_story_is_its_side(title: str, body: tuple[str, ...], kept: set[str]) -> None:
    result = tags.annotate(story(title, body, places=("Ireland", "Scotland")))
    assert {t for t in result.tags if t in ("Ireland", "Scotland")} == kept


NORTEL_BODY = (
    "Telecoms equipment maker Nortel Networks has revised its profits for the year.",
    "In a filing, Nortel said it had made $434m. Nortel shares climbed 1% in Toronto on Tuesday.",
    "The firm fired its chief last year. Auditors are still looking at the accounts.",
)


@pytest.mark.parametrize("title, names, expected", [
    # a headline word that opens one organisation's name: that organisation (its full name counts too)
    ("Nortel in profit revision", {"organizations": ("Nortel Networks",)}, [(3.0, "Nortel Networks")]),
    # a headline name the entity step missed, used twice in the body, once in the lead
    ("Nortel in profit revision", {}, [(2.0, "Nortel")]),
    # a place, a first name or a word written in lower case is no such name
    ("Toronto firm revises profits", {}, []),
    ("Firm revises profits", {"organizations": ("Nortel Networks",)}, []),
])
def test_a_headline_name_in_one_word(title: str, names: dict[str, tuple[str, ...]], expected: list[tuple[float, str]]) -> None:
    article = story(title, NORTEL_BODY, **names)
    assert headline_names(article, story_zones(article)) == expected


def test_a_piece_of_a_longer_name_is_no_headline_name() -> None:
    """'Trek' of 'Star Trek' stands for no organisation 'Trek United'."""
    body = ("Star Trek fans bought an advert, said Trek United, a fan group.", "Trek United wants the show saved. Star Trek has run for years.")
    article = story("Star Trek fans fight to save show", body, organizations=("Trek United",))
    assert headline_names(article, story_zones(article)) == []


def test_a_story_short_of_topics_takes_its_headline_name() -> None:
    article = story("Nortel in profit revision", NORTEL_BODY, organizations=("Nortel Networks",))
    assert "Nortel Networks" in tags.annotate(article).tags


@pytest.mark.parametrize("title, body, dropped", [
    # a name's word is no subject ('insurance' of 'National Insurance')
    ("National Insurance rise hits workers", (
        "The rise in National Insurance will hit 20 million workers, the Treasury said.",
        "National Insurance pays for the NHS. Employers also pay National Insurance on wages.",
    ), "insurance"),
    # 'football' beside 'college football' is the American game
    ("Ohio State routs Michigan", (
        "The quarterback threw three touchdown passes as Ohio State won the college football rivalry.",
        "It was the eighth straight win. The NCAA will announce the bowl game pairings on Sunday.",
        "Ohio State scored a touchdown on the first drive. The defender made a goal-line stop.",
    ), "football"),
])
def test_a_word_in_another_sense_is_no_topic(title: str, body: tuple[str, ...], dropped: str) -> None:
    assert dropped not in {t.lower() for t in tags.annotate(story(title, body)).tags}


@pytest.mark.parametrize("seed_tags, kept", [
    (("oil",), set()),  # written once, past the lead: a passing mention
    (("inflation",), {"inflation"}),  # in the lead
    (("elections",), {"elections"}),  # never written: the outlet's label
])
def test_a_listed_word_used_in_passing_is_no_topic(seed_tags: tuple[str, ...], kept: set[str]) -> None:
    body = (
        "Prices rose again in March, and inflation is now at its highest in a decade.",
        "The central bank meets next week. Economists expect a rise in borrowing costs.",
        "Shops have raised prices. Bakers blame wheat; hauliers blame the price of fuel.",
        "Analysts say the war has pushed up the price of oil, gas and grain.",
    )
    result = set(tags.annotate(story("Prices climb again", body, seed_tags=seed_tags)).tags)
    assert result & {"oil", "inflation", "elections"} == kept


@pytest.mark.parametrize("kind, total, lead, in_opening, expected", [
    ("organizations", 3, 2, False, True),
    ("organizations", 3, 1, False, False),
    ("people", 5, 2, True, True),  # named in the opening paragraph and used again
    ("people", 5, 2, False, False),  # a source quoted later on
    ("people", 6, 6, False, False),  # the lead dwells on them, but a source or a rival is no topic
    ("places", 9, 5, True, False),  # a place is the setting
])
def test_unheaded_topic(kind: str, total: int, lead: int, in_opening: bool, expected: bool) -> None:
    assert unheaded_topic(kind, total, lead, in_opening) is expected


UNION_LEADER = (
    "Jane Doe, the union's leader, said the plant closure was a betrayal of the town.",
    "Ms Doe said members would vote on a strike. Doe has led the union since 2010.",
    "Doe met managers on Friday. Doe said talks had failed.",
)


@pytest.mark.parametrize("body, unheaded", [
    (UNION_LEADER, ["Jane Doe"]),
    (("4553", *UNION_LEADER), ["Jane Doe"]),  # a stray count before the opening paragraph
    (("Workers gathered at the gates at dawn as the news spread.", *UNION_LEADER), []),  # the opening does not name her
])
def test_unheaded_person_is_named_in_the_opening_paragraph(body: tuple[str, ...], unheaded: list[str]) -> None:
    article = story("Plant closure angers town", body, people=("Jane Doe",))
    assert [name for _, name in central_names(article, story_zones(article))[1]] == unheaded



@pytest.mark.parametrize("title, body, expected", [
    # one telling word, in lower case, five times, in the lead: its broad subject
    ("Joke e-mail tricks users", (
        "A virus that poses as a joke is spreading by e-mail, security firms warned on Friday.",
        "The virus opens a mock error page. Once run, the virus mails itself to every contact.",
        "Experts said the virus was not harmful but urged users to delete the attachment.",
        "Anti-virus firms said the virus was the fastest spreading of the year.",
    ), [(5.0, "computer security")]),
    # capitalised, the word is part of a name and tells nothing
    ("Peers debate the future role", (
        "The Lord Chancellor said the role would change. The Chancellor of the Duchy agreed.",
        "Peers said the Lord Chancellor must stay. A former Chancellor said the same.",
    ), []),
    # four uses are not enough
    ("Joke e-mail tricks users", (
        "A virus that poses as a joke is spreading by e-mail, security firms warned on Friday.",
        "The virus opens a mock error page. Once run, the virus mails itself to every contact.",
        "Experts said the virus was not harmful but urged users to delete the attachment.",
    ), []),
])
def test_single_cue_subjects(title: str, body: tuple[str, ...], expected: list[tuple[float, str]]) -> None:
    assert single_cue_subjects(story_zones(story(title, body))) == expected


def test_a_subject_the_opening_paragraph_names_fills_a_short_story() -> None:
    body = (
        "Shares in the miner rose after its board rejected a bid, calling the offer an insult to mining investors.",
        "The board said the mining assets were worth far more. Its advisers valued the company at a higher figure.",
        "The bidder has until March to raise its offer, analysts said.",
    )
    assert "mining" in tags.annotate(story("Board says bid is too low", body)).tags


@pytest.mark.parametrize("words, index, expected", [
    (("the", "film", "festival", "opened"), 2, True),  # 'festival' of 'film festival' tells film
    (("the", "arts", "festival", "opened"), 2, False),
    (("festival",), 0, False),
])
def test_in_longer_cue(words: tuple[str, ...], index: int, expected: bool) -> None:
    assert in_longer_cue(words, index) is expected


def test_a_headline_word_before_another_name_word_is_no_headline_name() -> None:
    """'Google' of 'Google Stadia' stands for no organisation 'Google News'."""
    body = ("The promise of Google Stadia was rock-solid play. Google Stadia streams games.", "Read more on Google News. Google said it would fix Stadia.")
    article = story("Google Stadia game runs slow", body, organizations=("Google News",))
    assert headline_names(article, story_zones(article)) == []


def test_a_name_written_in_lower_case_too_gives_no_subject() -> None:
    body = (
        "National Insurance will be raised if Labour wins, the Tory leader claimed on Monday.",
        "The prime minister has ruled out higher income tax rates. Pointing to national insurance, he said: 'Everyone pays.'",
        "Labour said the claim was false and the plans were costed.",
    )
    assert "insurance" not in {t.lower() for t in tags.annotate(story("Nat Insurance to rise, say Tories", body)).tags}


@pytest.mark.parametrize("title, body, names, central", [
    # a short form the story defines in brackets is a use of the name
    ("Candidate quits over link to rival", (
        "A candidate for the UK Independence Party (UKIP) has quit after a link to a rival came to light.",
        "UKIP said the candidate resigned on Monday. A UKIP spokesman said the matter was closed.",
    ), {"organizations": ("UK Independence Party",)}, []),
    ("UKIP candidate quits over link", (
        "A candidate for the UK Independence Party (UKIP) has quit after a link to a rival came to light.",
        "UKIP said the candidate resigned on Monday. A UKIP spokesman said the matter was closed.",
    ), {"organizations": ("UK Independence Party",)}, ["UK Independence Party"]),
    # not when the name before the brackets is the end of a longer one the model cut short
    ("NEM plan for digital media", (
        "The Commission launched its Networked & Electronic Media (NEM) initiative on Monday.",
        "NEM brings firms together. NEM will set standards for digital media.",
    ), {"organizations": ("Electronic Media",)}, []),
    # an organisation called by its name without the word for its kind
    ("Labour's four little words", (
        "Labour has unveiled the slogan of its Labour Party election campaign.",
        "Labour says the slogan tested well with voters.",
    ), {"organizations": ("Labour Party",)}, ["Labour Party"]),
    # a band's name that opens with 'The'
    ("The Doobie Brothers set anniversary tour", (
        "The Doobie Brothers will reunite for a tour next year.",
        "It is the first time the Doobie Brothers have toured together in decades.",
    ), {"organizations": ("The Doobie Brothers",)}, ["The Doobie Brothers"]),
])
def test_a_name_in_other_words_is_still_a_use(title: str, body: tuple[str, ...], names: dict[str, tuple[str, ...]], central: list[str]) -> None:
    article = story(title, body, **names)
    assert [name for _, name in central_names(article, story_zones(article))[0]] == central


@pytest.mark.parametrize("title, body, names, central", [
    # initials joined by '&', which the headline and the body write as three tokens
    ("M&S cuts prices again", (
        "Marks & Spencer has cut prices in its stores by a quarter, analysts said.",
        "M&S said its prices had been too high. Rivals may follow M&S, analysts said.",
    ), {"organizations": ("Marks & Spencer",)}, ["Marks & Spencer"]),
    # a name that opens with a word news writes in capitals ('US'), not the pronoun
    ("US Airways staff agree to pay cut", (
        "A union representing flight attendants at bankrupt US Airways has agreed a new contract.",
        "US Airways said the deal would save it millions. Staff at US Airways voted on Friday.",
    ), {"organizations": ("US Airways",), "places": ("US",)}, ["US Airways"]),
    # a one-word brand the page writes in capitals throughout
    ("More reviews from KLOOK visitors", (
        "Visitors who booked through KLOOK left their reviews of the show.",
        "KLOOK offers tickets to the show at a discount.",
    ), {"organizations": ("Klook",)}, ["Klook"]),
    # not when the capitals are another organisation's initials
    ("Virus alerts from NISCC", (
        "The National Infrastructure Security Coordination Centre (NISCC) will issue alerts.",
        "NISCC said the alerts would be free. NISCC runs the service for the government.",
    ), {"organizations": ("Niscc", "National Infrastructure Security Coordination Centre")}, ["National Infrastructure Security Coordination Centre"]),
    # initials the model found as a name of their own are still the full name's
    ("ESA studies hibernation for astronauts", (
        "The European Space Agency is studying whether astronauts could hibernate on long missions.",
        "ESA says a hibernating crew would need a smaller spacecraft. ESA will report next year.",
    ), {"organizations": ("ESA", "European Space Agency")}, ["European Space Agency"]),
    # the headline's leading words of a company the lead names in full
    ("US insurer Marsh cuts 2,500 jobs", (
        "Marsh & McLennan, the world's largest insurance broker, is to cut 2,500 jobs.",
        "The cuts follow a bid-rigging scandal. Marsh & McLennan said the cuts would save $375m.",
    ), {"organizations": ("Marsh & McLennan",)}, ["Marsh & McLennan"]),
    # not a word news writes in lower case ('Real' of 'Real Madrid')
    ("Real will finish abandoned match", (
        "Real Madrid will play the last six minutes of the match abandoned on Sunday.",
        "Real Madrid were leading when the match was stopped. Real Madrid agreed to the plan.",
    ), {"organizations": ("Real Madrid",)}, []),
])
def test_a_name_the_headline_cuts_short(title: str, body: tuple[str, ...], names: dict[str, tuple[str, ...]], central: list[str]) -> None:
    article = story(title, body, **names)
    assert [name for _, name in central_names(article, story_zones(article))[0]] == central


@pytest.mark.parametrize("name, form", [
    ("Marks & Spencer", ("M", "&", "S")),
    ("Procter & Gamble", ("P", "&", "G")),
    ("US Airways", ("US", "Airways")),
])
def test_name_forms(name: str, form: tuple[str, ...]) -> None:
    assert form in name_forms(name, "organizations")


@pytest.mark.parametrize("name, usable", [
    ("The Doobie Brothers", True),
    ("The Atlantic", False),  # one word after 'The': most often a publication cited
    ("The New York Times", False),  # an outlet's word
])
def test_an_organisation_may_open_with_the(name: str, usable: bool) -> None:
    assert topic_name(name, "organizations") is usable


def test_the_topic_is_filed_without_its_opening_the() -> None:
    assert fold("The Doobie Brothers") == fold("Doobie Brothers")


def test_a_possessive_is_a_use_of_a_cue() -> None:
    article = story("Arsenal's keeper hurt in tunnel fracas", (
        "Arsenal's goalkeeper was hurt after the match against Manchester United's players.",
        "Arsenal's manager said the goalkeeper would miss the cup tie.",
    ))
    assert "football" in [topic for _, topic in broad_subjects(story_zones(article))[0]]


@pytest.mark.parametrize("title, body, events", [
    # the opening paragraph names the event mid-sentence
    ("Berlin honours director", (
        "A film director has received an honorary award at the Berlin Film Festival.",
        "He has made more than 100 films in a 40-year career.",
    ), ["Berlin Film Festival"]),
    # the headline and the body name it
    ("Slovakia seal Hopman Cup success", (
        "Slovakia won the mixed team event in Perth on Saturday.",
        "It is their second win at the Hopman Cup, after 2002.",
    ), ["Hopman Cup"]),
    # named only further down: background, not what the story is about
    ("Pavey focuses on indoor success", (
        "Jo Pavey will race indoors this winter.",
        "She said she was happy with her training.",
        "She also hopes to run at the European Cross Country Championships next year.",
    ), []),
    # a name that ends in an event word but is no event of the story: a place's people
    ("Safin relieved at recovery", (
        "Marat Safin beat Rafael Nadal in the Australian Open on Monday.",
    ), ["Australian Open"]),
])
def test_named_events(title: str, body: tuple[str, ...], events: list[str]) -> None:
    article = story(title, body)
    assert named_events(story_zones(article), entity_words(article)) == events


def test_a_story_short_of_topics_takes_the_place_its_headline_names() -> None:
    """The rule proposes the place (the judge, tested in test_tags_judge.py, then weighs it)."""
    article = story("Strike grips Buenos Aires", (
        "A strike has brought chaos to Buenos Aires, with commuters stranded across the city.",
        "Unions say the strike will go on until wages rise.",
        "The strike is the third this year.",
    ), places=("Buenos Aires",))
    chosen, _, origin = propose_topics(article, story_zones(article), [])
    assert chosen == ["strikes", "Buenos Aires"]
    assert origin["Buenos Aires"] == "place"


def test_a_places_adjective_in_the_body_is_a_use_of_it() -> None:
    article = story("Saudi ministry to employ women", (
        "Women will be employed in Saudi Arabia's foreign ministry for the first time this year.",
        "Many Saudi women found the minister's explanation a pitiful excuse.",
    ), places=("Saudi Arabia",))
    headed = central_names(article, story_zones(article))[0]
    assert headed == [(3.0, "Saudi Arabia")]


def test_a_sports_storys_sides_leave_room_for_its_people() -> None:
    article = story("Souness backs Smith for Scotland", (
        "Graeme Souness has backed Walter Smith to lead Scotland to the World Cup, and says Scotland can win.",
        "Souness said Smith had the players. Scotland face Italy in March, and Smith names his squad next week.",
        "The striker and the goalkeeper are both fit, Souness said. Scotland need a clean sheet.",
    ), people=("Graeme Souness", "Walter Smith"), places=("Scotland",))
    assert {"Graeme Souness", "Walter Smith"} <= set(tags.annotate(article).tags)


@pytest.mark.parametrize("token, name", [
    ("U2", True),
    ("PS4", True),
    ("Q3", False),  # a quarter of the year
    ("H1", False),
    ("2004", False),
    ("Rock", False),
])
def test_code_name(token: str, name: bool) -> None:
    assert code_name(token) is name


@pytest.mark.parametrize("text, phrase", [
    ("Tory backing for ID cards", "ID cards"),
    ("Farmers plant GM crops", "GM crops"),
])
def test_listed_initials_classify_a_noun(text: str, phrase: str) -> None:
    assert phrase in candidate_phrases(text)
    assert good_phrase(phrase)


def test_initials_not_listed_make_no_phrase() -> None:
    assert not any("UK" in p for p in candidate_phrases("Tory backing for UK troops"))


@pytest.mark.parametrize("title, body, expected", [
    ("Dollar hits new low versus euro", (
        "The US dollar has tumbled to a new low against the euro.",
        "Investors expect the dollar to fall further. The euro rose 1% and the dollar fell against the yen.",
        "The dollar's slide worries exporters in Europe, who sell in euros.",
    ), ["US dollar", "euro"]),
    # another country's dollar is no US dollar
    ("Dollar rises on rate hopes", (
        "The Australian dollar rose on Monday as traders bet on a rate rise.",
        "The dollar has gained 5% this year, and the dollar may rise again.",
        "The dollar is the world's fifth most traded currency.",
    ), []),
    # named in the headline but no more than in passing
    ("Yen fears hit exporters", ("Exporters fear a strong yen.", "Shares fell on Monday."), []),
])
def test_currencies(title: str, body: tuple[str, ...], expected: list[str]) -> None:
    assert currencies(story_zones(story(title, body))) == expected


OUTBREAK = (
    "Three cases of plague diagnosed in the region",
    (
        "Three patients have been diagnosed with plague, and the outbreak has put hospitals on alert.",
        "The disease is treated with antibiotics. Treatment began at once, and the patients are stable.",
        "Doctors say the disease spreads through fleas, and the outbreak is under control.",
    ),
)


def test_an_outbreak_is_no_medical_research() -> None:
    zones = story_zones(story(*OUTBREAK))
    cues = [g for z in zones for g in cue_grams(cue_words(z)) if "medical research" in cue_topics()[g]]
    assert len(cues) >= 3 and len(set(map(singular, cues))) >= 2  # the story's words tell it too
    found = [t for _, t in sum(broad_subjects(zones), [])]
    assert "infectious diseases" in found and "medical research" not in found


@pytest.mark.parametrize("title, body, subject", [
    ("Double eviction from Big Brother", (
        "Two housemates have been evicted from Big Brother on the same night.",
        "The eviction left four contestants in the house.",
    ), "reality television"),
    ("Child access law shake-up planned", (
        "Separated parents who flout child access orders could face community service.",
        "Fathers' groups say the family courts fail them; ministers want more mediation.",
    ), "family law"),
    ("Quake's economic costs emerging", (
        "Governments are counting the cost of the tsunami and the earthquake that caused it.",
        "The death toll has passed 25,000, and aid agencies fear it will rise.",
    ), "natural disasters"),
])
def test_broad_subjects_of_the_taxonomy(title: str, body: tuple[str, ...], subject: str) -> None:
    assert subject in [t for _, t in broad_subjects(story_zones(story(title, body)))[0]]


def test_a_broad_subject_tells_the_sense_of_a_key_phrase() -> None:
    article = story("Tuesday's college football: Eastern rout Northern to become bowl eligible", (
        "Mike Glass threw for three touchdowns as Eastern routed Northern 45-17 in college football on Tuesday.",
        "The quarterback added a fourth touchdown on the ground. Football fans stormed the field.",
        "Eastern are bowl eligible for the first time since 1987, an NCAA record for the school.",
    ))
    assert "college football" in tags.annotate(article).tags
    assert "football" not in tags.annotate(article).tags


@pytest.mark.parametrize("text, grams", [
    ("the trade deficit widened", ["trade deficit"]),  # not the budget's 'deficit' too
    ("the budget deficit widened", ["budget", "deficit"]),
    ("a general election campaign", ["general election", "election campaign"]),
])
def test_a_word_inside_a_longer_cue_tells_that_cue_alone(text: str, grams: list[str]) -> None:
    assert sorted(cue_grams(text.split())) == sorted(grams)


@pytest.mark.parametrize("title, body, expected", [
    # two telling words, one in the opening paragraph: the broad subject
    ("Cole faces lengthy injury lay-off", (
        "Aston Villa's Carlton Cole could be out for six weeks with a knee injury.",
        "The striker picked up the knock in a match earlier this month.",
    ), [(2.0, "football")]),
    # the headline's one telling word, used three times in lower case
    ("Gamer buys virtual land", (
        "A gamer has spent $26,500 on an island that exists only in a computer game.",
        "Other gamers said the sale was a first. The gamer bought it at an online auction.",
    ), [(4.0, "video games")]),
    # the two words only past the opening paragraph tell nothing
    ("Former minister dies", (
        "A former minister has died at a London hospice, his family said.",
        "He served during the premiership of a long-serving leader and was a defender of the schools.",
    ), []),
    # a capitalised use is part of a name: the headline's word is not used three times
    ("Fast lifts rise into record books", (
        "Two high-speed lifts have been recognised as the planet's fastest.",
        "The Guinness Book of Records declared the speed the swiftest. The Book of Records said so.",
    ), []),
    # a guilty plea the headline reports, and the court the body describes
    ("Insurance bosses plead guilty", (
        "Two former executives of an insurance broker have pleaded guilty to fraud charges.",
        "Their guilty plea follows a long inquiry into the firm.",
    ), [(3.0, "courts and trials")]),
])
def test_loose_subjects(title: str, body: tuple[str, ...], expected: list[tuple[float, str]]) -> None:
    assert loose_subjects(story_zones(story(title, body))) == expected


@pytest.mark.parametrize("people, expected", [
    # the headline's surname two people share: the one the lead names in full
    (("Katherine Jackson", "Michael Jackson"), ["Michael Jackson"]),
    # one person with that surname is central_names' to find
    (("Michael Jackson",), []),
    # neither named in full in the lead: no topic
    (("Katherine Jackson", "Janet Jackson"), []),
])
def test_headline_surnames(people: tuple[str, ...], expected: list[str]) -> None:
    body = (
        "Reporters covering singer Michael Jackson's trial have asked to see questionnaires from jurors.",
        "Mr Jackson denies the charges. Lawyers said the answers should be made public.",
        "Jackson's mother said her son was innocent.",
    )
    article = story("Media seek Jackson 'juror' notes", body, people=people)
    assert headline_surnames(article, story_zones(article)) == expected


@pytest.mark.parametrize("opening, expected", [
    # an event's name beside a one-word subject inside it: both are topics
    ("South Korean film director Im Kwon-Taek has received an honorary award at the Berlin Film Festival.", "Berlin Film Festival"),
    # the event a longer name begins with
    ("Ireland kept their Six Nations Grand Slam hopes alive with a win over Scotland.", "Six Nations"),
])
def test_a_story_short_of_topics_takes_the_event_its_opening_names(opening: str, expected: str) -> None:
    body = ("1400 GMT", opening, "The film was shown twice. Critics praised the film and its director.")
    assert expected in tags.annotate(story("Berlin honours director", body)).tags


@pytest.mark.parametrize("opening, expected", [
    ("Tickets for the Super Bowl sold out within hours, the league said on Monday.", ["Super Bowl"]),
    ("Designers showed their spring collections at London Fashion Week on Friday.", ["London Fashion Week"]),
    ("Thousands lined the streets for the Thanksgiving Day Parade on Thursday morning.", ["Thanksgiving Day Parade"]),
    ("The actor told Vanity Fair that he would stay with the show.", []),  # a magazine, no event
])
def test_named_events_of_the_opening(opening: str, expected: list[str]) -> None:
    assert named_events(story_zones(story("A day to remember", (opening,))), []) == expected


@pytest.mark.parametrize("words, expected", [
    (("Six", "Nations", "Grand", "Slam"), ["Six", "Nations"]),
    (("Berlin", "Film", "Festival"), ["Berlin", "Film", "Festival"]),
    (("World", "Cup", "Final", "Cup"), ["World", "Cup", "Final", "Cup"]),
    (("Grand", "Slam"), ["Grand", "Slam"]),
])
def test_event_prefix(words: tuple[str, ...], expected: list[str]) -> None:
    assert event_prefix(words, topic_rules().event_last) == expected


@pytest.mark.parametrize("title, body, expected", [
    # a subject kept for a story short of topics: two of its words in lower case, one early
    ("Famed music director dies", (
        "Conductor Marcello Viotti, director of a famous theatre, has died in Germany at 50.",
        "He conducted at renowned opera houses worldwide and led orchestras in Berlin and London.",
    ), [(3.0, "classical music")]),
    # its words anywhere in the lead (its words are rarer than a broad subject's)
    ("Rich grab half of fund for the needy", (
        "Half of the money the government put aside is going to people who do not need it, a study found.",
        "Sound distribution of the cash could cut poverty, the study said.",
        "Half the population lives below the poverty line.",
    ), [(2.0, "poverty")]),
    # its words inside a name tell nothing ('BBC Radio 4', 'Radio Times')
    ("Minister defends plan", (
        "The minister told BBC Radio 4 the plan would go ahead, as Radio Times reported.",
        "He said Radio Five Live had the figures wrong.",
    ), []),
    # the kind of event a headline names, told again in the body
    ("Office firm's staff to be laid off this week", (
        "More than a third of the firm's staff will be told this week that they have lost their jobs.",
        "The layoffs are part of an effort to cut costs, and more layoffs may follow next year.",
    ), [(3.0, "layoffs")]),
    ("Son of former president stabbed to death", (
        "The son of a former president was stabbed to death during a lecture on Tuesday, police said.",
        "The stabbing took place in front of about fifty people.",
    ), [(3.0, "stabbings")]),
    ("$1m payoff for former Acme boss", (
        "Acme is to pay $1m to the former finance chief who left last year.",
        "The firm said the pay-off was in line with her contract.",
    ), [(2.0, "executive pay")]),
    ("Bank loses customer details", (
        "A bank has lost backup tapes holding the customer details of a million account holders.",
        "It said there was no sign the customer data had been misused.",
    ), [(3.0, "data breaches")]),
    ("Pedestrian killed in hit-and-run on Main Street", (
        "A pedestrian was killed in a hit-and-run on Main Street late on Saturday, police said.",
        "The driver did not stop. It is the third fatal crash on the road this year.",
    ), [(5.0, "road accidents")]),
    ("Racist attack on student investigated as hate crime", (
        "Police are treating an assault on a student as a hate crime, they said on Monday.",
        "The racially motivated attack happened near the campus.",
    ), [(4.0, "hate crimes")]),
    ("Leaders urged to double overseas aid", (
        "The prime minister is being urged to end poor countries' debt and double overseas aid.",
        "Aid budgets are half their 1960 levels, the charity says.",
    ), [(4.0, "foreign aid")]),
    ("Two hurt in shooting outside nightclub", (
        "Two men were hurt when a gunman opened fire outside a nightclub early on Sunday.",
        "Police said the shooting followed a fight inside the club.",
    ), [(4.0, "shootings")]),
    ("Investigators reach plane crash site", (
        "Investigators have reached the site where a cargo plane crashed on Tuesday.",
        "They are searching for the flight recorder, which may explain the plane crash.",
    ), [(5.0, "plane crashes")]),
    ("Film shooting moves to Rome", (  # one word, once in the body: no event
        "The shooting of the film moved to Rome on Monday after a storm hit the set.",
        "The director said the cast was happy.",
    ), []),
])
def test_filler_subjects_are_told_by_words_in_lower_case(title: str, body: tuple[str, ...], expected: list[tuple[float, str]]) -> None:
    assert loose_subjects(story_zones(story(title, body))) == expected


@pytest.mark.parametrize("tokens, expected", [
    (("The", "BBC", "Radio", "show"), ["the", "bbc", "", "show"]),  # a sentence's first word and capitals kept
    (("He", "quit", ".", "Radio", "fans", "wept"), ["he", "quit", "", "radio", "fans", "wept"]),
])
def test_lower_uses(tokens: tuple[str, ...], expected: list[str]) -> None:
    assert lower_uses([t.lower() for t in tokens], tokens) == expected


LABOUR_STORY = ("Labour attacked on poster", (
    "Labour has been accused of using offensive images in posters about the Tory leader.",
    "Critics said Labour should withdraw the poster at once.",
    "The poster was shown in a newspaper on Thursday.",
))


@pytest.mark.parametrize("archive_name, expected", [
    ("Labour Party", ("Labour Party",)),  # the archive knows the full name: it can head a page
    ("Labour", ()),  # no full name: one common word is no topic
])
def test_a_story_short_of_topics_takes_the_archives_name_of_what_it_is_about(archive_name: str, expected: tuple[str, ...]) -> None:
    annotated = tags.annotate(story(*LABOUR_STORY, organizations=("Labour",)))
    assert len(annotated.tags) < tags.MIN_TAGS and "Labour" in annotated.tag_candidates
    renamed = annotated.with_(organizations=(archive_name,))  # what the archive-wide entity step gives
    assert tags.finalize([renamed])[0].tags == (*annotated.tags, *expected)


@pytest.mark.parametrize("candidate, organizations, places, home, expected", [
    ("Labour", ("Labour Party",), (), (), ["Labour Party"]),  # a form of the name: 'Labour' of 'Labour Party'
    ("Google", ("Google News",), (), (), []),  # 'News' is no word for a kind of body: another name
    ("Labour", ("Labour Party", "Labour Group"), (), (), []),  # two names it may be a form of
    ("Utopia", (), ("Utopia",), ("Utopia",), []),  # the archive's home place
    ("Utopia", (), ("Utopia",), (), ["Utopia"]),
])
def test_archive_names(candidate: str, organizations: tuple[str, ...], places: tuple[str, ...], home: tuple[str, ...], expected: list[str]) -> None:
    article = Article(title="t", published=None, body=(), organizations=organizations, places=places, tag_candidates=("inflation", candidate))
    assert archive_names(article, ["inflation"], frozenset(home)) == expected


@pytest.mark.parametrize("title, body, acts", [
    ("Prince crowned top music earner", (
        "Prince earned more than any other pop star in 2004, beating Madonna, a magazine says.",
        "The singer banked $56m from concerts and album sales. Prince kept Madonna in second place.",
    ), ["Prince"]),
    ("Rapper 50 Cent scores chart first", (
        "Rapper 50 Cent has become the first solo artist to have three singles in the top five.",
        "50 Cent also appears on another rapper's song, number four in the chart.",
    ), ["50 Cent"]),
    ("Streets have album of the year", (
        "The Streets have topped a poll to find the year's best album.",
        "The Streets beat Keane to the top spot, and the album sold well.",
    ), ["The Streets"]),
    ("Prince attends charity gala", (  # written in lower case: a title, not the act
        "Prince William attended a charity gala with singers on Friday.",
        "The prince met Prince fans and singers at the gala.",
    ), []),
    ("Manics in charge of BBC 6 Music", (  # a piece of a name with initials in it
        "The Manics will take over BBC 6 Music for a day, playing their favourite songs.",
        "BBC 6 Music said the band would play 6 Music listeners' requests.",
    ), []),
    ("Christmas single formula unveiled", (  # a feast, no act
        "A formula for the ultimate Christmas single has been revealed by a chart guide.",
        "The song should include Christmas in the title, and sleigh bells.",
    ), []),
    ("Elvis fans hold birthday bash", (  # named once in the body
        "Elvis fans around the world have been marking the singer's birthday.",
        "A convention took place in Blackpool over the weekend.",
    ), []),
])
def test_headline_acts(title: str, body: tuple[str, ...], acts: list[str]) -> None:
    article = story(title, body)
    assert headline_acts(article, story_zones(article)) == acts


def test_a_performers_story_short_of_topics_takes_the_act_its_headline_names() -> None:
    article = story("Elvis fans hold birthday bash", (
        "Elvis fans around the world have been marking the singer's 70th birthday, with a new single and a chart album.",
        "A three-day Elvis convention took place over the weekend, with the singer's songs played all day.",
        "Elvis's single went to number one in the chart, and his album sold well.",
    ))
    assert tags.annotate(article).tags == ("pop music", "Elvis")


@pytest.mark.parametrize("topics, nations, sides", [
    (["rugby"], ["Wales"], ["Wales national rugby union team"]),
    (["football", "Cardiff"], ["Wales", "Hungary"], ["Wales national football team", "Hungary national football team"]),
    (["tennis"], ["Spain"], []),  # a sport of players, not of national sides
    (["rugby"], [], []),
])
def test_national_sides(topics: list[str], nations: list[str], sides: list[str]) -> None:
    assert national_sides(topics, nations) == sides


def test_a_sports_story_short_of_topics_takes_the_national_side_its_headline_names_first() -> None:
    article = story("Wales make two changes for France", (
        "Wales coach Mike Ruddock has made two changes for the rugby trip to France, with a new flanker and a new scrum-half in the side.",
        "Wales beat Italy last week, and the winger and the fly-half kept their places in the side for the try-scoring rugby they play.",
        "France have won in Wales before. France will pick their side on Monday, and Wales hope the scrum holds against the France pack.",
    ), places=("Wales", "France"), people=("Mike Ruddock",))
    assert tags.annotate(article).tags == ("rugby", "Wales national rugby union team")


def test_a_story_the_home_place_leaves_short_takes_a_name_it_held_back() -> None:
    home = [Article(title=f"h{i}", published=None, body=(), places=("Homeland",), organizations=("Electoral Commission",),
                    tags=("Homeland", "elections"), tag_candidates=("Homeland", "elections", "Electoral Commission")) for i in range(30)]
    abroad = [Article(title=f"a{i}", published=None, body=(), places=(f"Place {i % 10}",), tags=(f"Place {i % 10}", "copper")) for i in range(70)]
    result = tags.finalize([*home, *abroad])
    assert {a.tags for a in result[:30]} == {("elections", "Electoral Commission")}
    assert [a.tags for a in result[30:]] == [a.tags for a in abroad]


@pytest.mark.parametrize("name, title, body, side", [
    ("Wales", "Changes for trip", ("Wales coach Mike Ruddock has made two changes.",), True),
    ("Italy", "Changes for trip", ("The side that beat Italy last week is unchanged.",), True),
    ("Wales", "Italy 8-38 Wales", ("A six-try victory in Rome.",), True),  # a score beside it
    ("England", "Defensive crisis", ("Brown last played for England in 2003.",), True),
    ("Iran", "Iranian misses Israel match", ("Iran refuses to recognise Israel and does not allow its citizens to travel there.",), False),
])
def test_plays_as_side(name: str, title: str, body: tuple[str, ...], side: bool) -> None:
    assert plays_as_side(name, story_zones(story(title, body))) is side


@pytest.mark.parametrize("title, body, places, sides", [
    ("Wales make two changes for France", ("Wales coach Mike Ruddock picked the side to face France.",), ("France", "Wales"), ["Wales", "France"]),
    ("Scots suffer another injury blow", ("Scotland coach Matt Williams has lost a flanker.",), ("Scotland", "Paris"), ["Scotland"]),  # by its people
    ("Iranian misses Israel match", ("Iran refuses to recognise Israel.",), ("Israel", "Iran"), []),  # the countries, not sides
    ("Flanker out for the season", ("Wales coach Mike Ruddock has lost a flanker.",), ("Wales",), []),  # the headline names none
])
def test_headline_sides(title: str, body: tuple[str, ...], places: tuple[str, ...], sides: list[str]) -> None:
    article = story(title, body, places=places)
    assert headline_sides(article, story_zones(article)) == sides


@pytest.mark.parametrize("title, body, names, things", [
    ("Home Depot sales miss, shares plunge", (  # an organisation's name of ordinary words
        "Shares in the retailer Home Depot fell on Tuesday after it missed sales forecasts.",
        "Analysts said Home Depot faces a slower housing market.",
    ), {"organizations": ("Home Depot",)}, ["Home Depot"]),
    ("Taylor Swift is allowed to play her music at the AMAs", (  # one word with a capital inside
        "The singer will perform at the AMAs on Sunday, her label said.",
        "Swift is to be honoured at the AMAs as artist of the decade.",
    ), {"people": ("Taylor Swift",)}, ["AMAs"]),
    ("Home Depot sales miss, shares plunge", (  # named once mid-sentence
        "Shares of Home Depot fell on Tuesday after the retailer missed sales forecasts.",
        "Home Depot faces a slower housing market.",
    ), {"organizations": ("Home Depot",)}, []),
    ("Doobie Brothers set Anniversary Tour", (  # ordinary words in title case
        "The band will mark the date with an Anniversary Tour next year.",
        "Tickets for the Anniversary Tour go on sale on Friday.",
    ), {"organizations": ("Doobie Brothers",)}, []),
    ("Labour in constituency race row", (  # an organisation's one common word: no topic page under it
        "A row has broken out after Labour imposed an all-black shortlist in a London seat.",
        "Local members said Labour had ignored them, and Labour officials declined to comment.",
    ), {"organizations": ("Labour",)}, []),
    ("Son of former president stabbed in Berlin", (  # a place: other rules weigh it
        "A man was stabbed in Berlin on Tuesday, police in Berlin said.",
        "The attack in Berlin shocked the city.",
    ), {"places": ("Berlin",)}, []),
    ("Google Stadia Red Dead Redemption 2 Doesn't Run at a Stable 60fps", (  # names inside a title-case headline
        "The promise of Google Stadia was smooth play, but the Google Stadia Red Dead Redemption 2 port stutters.",
        "Many fans of Red Dead Redemption 2. While the frame rate is locked, the Google Stadia Red Dead Redemption 2 port is slow.",
    ), {"organizations": ("Google",)}, ["Red Dead Redemption 2", "Google Stadia"]),
    ("Readers Pick the Top Hawker Food Stalls in Town", (  # a title-case run the body never writes in pieces
        "The winner of the Top Hawker Food Stalls poll was a stall by the station.",
        "The Top Hawker Food Stalls list is online, said the Top Hawker Food Stalls team.",
    ), {}, []),
])
def test_headline_things(title: str, body: tuple[str, ...], names: dict[str, tuple[str, ...]], things: list[str]) -> None:
    article = story(title, body, **names)
    assert headline_things(article, story_zones(article)) == things


BANKER_BODY = (
    "A former executive at the London offices of a US bank has lost her sex discrimination case.",
    "A tribunal dismissed Jane Doe's claims of unequal pay. But Ms Doe won her claim of unfair dismissal.",
    "Ms Doe had been head of the bank's private client business. Doe has not said whether she will appeal.",
    "The bank said Doe was removed because of losses. Doe's lawyers called the ruling disappointing.",
)


@pytest.mark.parametrize("title, people, expected", [
    # the headline names her by her role; the story dwells on her
    ("Banker loses sexism claim", ("Jane Doe",), ["Jane Doe"]),
    # no role word in the headline, or one that names several people
    ("Sexism claim fails at tribunal", ("Jane Doe",), []),
    ("Bankers lose sexism claims", ("Jane Doe",), []),
    # another person the story uses about as often: the role tells neither
    ("Banker loses sexism claim", ("Jane Doe", "John Roe"), []),
])
def test_role_person(title: str, people: tuple[str, ...], expected: list[str]) -> None:
    body = BANKER_BODY if len(people) == 1 else (*BANKER_BODY, "John Roe, her boss, said Roe had warned her. Roe left the bank. Roe declined to comment. Roe is retired.")
    article = story(title, body, people=people)
    assert role_person(article, story_zones(article)) == expected


def test_a_story_short_of_topics_takes_the_person_its_headline_names_by_role() -> None:
    article = story("Banker loses sexism claim", BANKER_BODY, people=("Jane Doe",))
    assert "Jane Doe" in tags.annotate(article).tags


@pytest.mark.parametrize("opening, expected", [
    ("Arsenal boss Arsene Wenger has been guaranteed transfer funds for the summer.", ["Arsenal"]),
    ("Acme Motors chief executive Arsene Wenger has been guaranteed funds.", ["Acme Motors"]),  # two lower-case words
    ("Arsene Wenger, who once played for Arsenal, has been guaranteed funds.", []),  # no post
    ("Arsenal fans met Arsene Wenger on Friday.", []),  # no role word
])
def test_affiliations(opening: str, expected: list[str]) -> None:
    article = story("Wenger handed summer war chest", (opening, "Wenger said he would spend it."),
                    organizations=("Arsenal", "Acme Motors"), people=("Arsene Wenger",))
    assert affiliations(article, story_zones(article), ["Arsene Wenger"]) == expected


DRUG_FIRM_BODY = (
    "Shares in a UK firm developing cannabis-based medicines rose on Monday after a deal in Canada.",
    "Acme Pharma said regulators had approved its spray. Acme Pharma will sell it from the spring.",
    "Analysts said Acme Pharma's shares could rise further. Acme Pharma declined to comment.",
)


@pytest.mark.parametrize("title, organizations, expected", [
    # the headline names it by the kind of body it is; the story dwells on it
    ("Cannabis hopes for drug firm", ("Acme Pharma",), ["Acme Pharma"]),
    # no such word in the headline, or a plural: several bodies
    ("Cannabis hopes rise", ("Acme Pharma",), []),
    ("Cannabis hopes for drug firms", ("Acme Pharma",), []),
])
def test_role_organisation(title: str, organizations: tuple[str, ...], expected: list[str]) -> None:
    article = story(title, DRUG_FIRM_BODY, organizations=organizations)
    assert role_organisation(article, story_zones(article)) == expected
