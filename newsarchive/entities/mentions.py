"""Entity mentions in an article's headline, caption and body: the model's spans, then the name
rules (titles, head words, cues) that correct what a CoNLL-trained model gets wrong in news text.
`find_mentions` runs every rule family of the modules beside it over one article."""

from __future__ import annotations

from collections.abc import Sequence

from ..article import Article
from ..parse.outlets import agencies
from ..parse.text.outlet import agency_of
from .agencies import agency_credit, agency_line
from .features import DocStats
from .fixes import after_person_title, apposition_pairs, cut_short, fix_spans, junk_mention, keep_confident, longer_organisation, named_before_apposition, numbered_organisation, numbered_road, shaped_person, titled_names
from .gazetteer import club_short_names, is_organisation
from .lists import coordinated_people, cued_organisations, listed_organisations, table_mentions
from .names import NameRules
from .places import coded_places, country_spans, dateline_place, listed_venues, place_modifiers, state_mentions
from .recognise import get_tagger
from .sentences import article_sentences, headline_like, may_be_first_name, Mention, Sentence, sentence_case, span_text, standing_alone, TABLE_CONFIDENCE, title_case
from .sports import any_sport, column_people, dateline_city, football_copy, Lineup, literal_place, name_teams, named_teams, place_named, plays_as_team, plays_for_city, results_mentions, school_team, school_teams, sports_copy
from .things import counted_item, fiction_cue, listed_company, names_a_product, names_a_work, of_fiction, ticker_code


def find_mentions(article: Article, rules: NameRules) -> tuple[list[Mention], list[tuple[str, str]], DocStats]:
    """The article's mentions in reading order, (alias, name) pairs the text states, and the
    statistics of its words (those it writes in lower case, those it capitalises mid-sentence)."""
    sentences = article_sentences(article)
    stats = DocStats.of(s.words for s in sentences if s.region != "title")
    headlines = [headline_like(s) for s in sentences]
    words = [sentence_case(s.words, stats) if headline else s.words for s, headline in zip(sentences, headlines, strict=True)]
    tagger = get_tagger()
    found = tagger.entity_spans(words, stats)
    mentions: list[Mention] = []
    pairs: list[tuple[str, str]] = []
    works: set[str] = set()
    products: set[str] = set()
    vocabulary = {w for s in sentences for w in s.words}
    running = " " + " ".join(w for s in sentences for w in s.words) + " "
    sports = sports_copy(sentences, rules)
    football = football_copy(sentences, running)  # one-word clubs ('Chelsea') are teams
    lineup = named_teams(running) if sports else Lineup()
    team_cities: dict[int, tuple[str, ...]] = {}  # a mention's place in `mentions` → the teams its city may stand for
    acronyms: dict[str, str] = {}  # 'WHO' → the kind of the name it was defined for
    fictional: set[str] = set()
    facilities: dict[str, str] = {}  # 'Hoa Lo prison' → 'Hoa Lo'
    untaken: list[tuple[int, set[int]]] = []
    for number, (sentence, scored, headline, read) in enumerate(zip(sentences, found, headlines, words, strict=True)):
        spans = [after_person_title(sentence.words, *shaped_person(sentence.words, s, e, kind, conf, name, tagger), rules) for s, e, kind, conf, name in scored]
        sure = [span for span in spans if span[3] >= tagger.threshold]
        spans = spans + titled_names(sentence.words, sure, rules, tagger.resources.names)
        fixed = school_teams(sentence.words, fix_spans(sentence.words, sorted(spans), rules), rules, tagger.resources.gazetteer)
        fixed = keep_confident(country_spans(sentence.words, fixed, rules, tagger.resources.gazetteer), scored, tagger.threshold)
        fixed = sorted(fixed + named_before_apposition(sentence.words, fixed, rules))
        named = [(s, e, kind, conf, forced, span_text(sentence, s, e)) for s, e, kind, conf, forced in fixed]
        cased = not headline or not title_case(sentence.words)
        taken = {i for s, e, *_ in (*scored, *fixed) for i in range(s, e)}
        untaken.append((number, taken))
        codes = coded_places(sentence.words, rules)
        venues = listed_venues(sentence.words, codes, {i for s, e, k, c, *_ in fixed if k == "PER" and c >= tagger.threshold for i in range(s, e)})
        for start, end, kind, conf, forced, text in named:
            if kind == "MISC" or (end - start == 1 and any(k == start for k, _ in codes)):
                continue  # a state's code after a place is read by state_mentions
            if any(s <= start and end <= e for s, e in venues):
                continue  # the venue is read by listed_venues (not 'Walnut Creek' of 'Music Park at Walnut Creek, Raleigh, NC')
            if names_a_work(sentence.words, start, end, rules):
                if tagger.resources.gazetteer.get(tuple(text.lower().split())) not in ("country", "region"):
                    works.add(text)  # 'Broadband Britain: ...' names a report, not Britain elsewhere
            elif start > 0 and sentence.words[start - 1] == "The" and is_organisation("The " + text, sports, football):
                mentions.append(Mention("The " + text, "ORG", max(conf, TABLE_CONFIDENCE), sentence.region, True, cased))
            elif kind == "LOC" and numbered_road(sentence.words, start, end):
                numbered = f"{text} {sentence.words[end]}"  # 'County Road' + '600S', 'Interstate' + '95'
                mentions.append(Mention(numbered, "LOC", conf, sentence.region, forced, cased))
            elif numbered_organisation(sentence.words, end, text):
                numbered = f"{text} {sentence.words[end]}"  # 'BBC Radio' + '4'
                mentions.append(Mention(numbered, "ORG", max(conf, TABLE_CONFIDENCE), sentence.region, True, cased))
            elif more := longer_organisation(sentence.words, end, text):
                longer = span_text(sentence, start, end + more)  # 'Oklahoma City' + 'Thunder'
                mentions.append(Mention(longer, "ORG", max(conf, TABLE_CONFIDENCE), sentence.region, True, cased))
            elif names_a_product(sentence.words, start, end, kind, rules, sports) and not is_organisation(text, sports, football):
                products.add(text)  # 'MX Master 3', 'the MX Keys wireless keyboard'
            elif ticker_code(sentence.words, start, end, named) or counted_item(sentence.words, start, end):
                continue
            elif kind == "PER" and end < len(sentence.words) and sentence.words[end] in rules.facility_nouns:
                # 'the city's Hoa Lo prison', 'Kennedy airport': no person, the name of a place
                # (but 'the Jeffrey Epstein jail' names a person, not the jail)
                if end - start == 1 or not may_be_first_name(sentence.words[start]):
                    facilities[f"{text} {sentence.words[end]}"] = text
                    mentions.append(Mention(f"{text} {sentence.words[end]}", "LOC", conf, sentence.region, True, cased))
            elif kind == "PER" and fiction_cue(sentence.words, start, rules):
                fictional.add(text)
            elif agency_credit(sentence, start, end, text, rules):
                continue
            elif not junk_mention(sentence, start, end, kind, vocabulary) and not cut_short(sentence.words if cased else read, start, end, kind, taken, rules):
                literal = False
                listed = listed_company(sentence.words, start, end, rules) if kind != "LOC" else None
                if listed:
                    text, kind, forced = span_text(sentence, start, listed), "ORG", True  # "Lowe's (LOW)"
                elif kind == "LOC" and text in club_short_names() and dateline_city(sentence.words, start, end):
                    kind, forced, literal = "LOC", True, True  # 'BARCELONA, Spain (AP) —': the city
                elif is_organisation(text, sports, football) or text in agencies().values():
                    kind, forced = "ORG", True  # the tables back the model's organisation too ('told Agence France-Presse')
                elif kind == "ORG" and not forced and text in club_short_names() and place_named(text, tagger.resources.gazetteer) and not any_sport(vocabulary, rules):
                    kind, forced = "LOC", True  # 'West Ham' in a story with no word of sport: the place the club is named after
                elif kind == "ORG" and text in club_short_names():
                    forced = True  # a club of the tables the model reads as an organisation ('La Juventus ha ...')
                elif kind in ("LOC", "ORG") and text in lineup.by_city and literal_place(sentence.words, start, end):
                    kind, forced, literal = "LOC", True, True  # 'in Pittsburgh', 'a St. Louis native', a dateline
                elif kind in ("LOC", "ORG") and text in lineup.by_city:
                    team_cities[len(mentions)] = lineup.by_city[text]
                    kind, forced = "ORG", True
                elif kind in ("LOC", "ORG") and school_team(sentence.words, start, end, rules, tagger.resources.gazetteer):
                    kind, forced = "ORG", True  # 'Wichita East's Hugh McPherson', 'Salina South diver'
                elif text in lineup.in_league and plays_for_city(sentence.words, start, end, rules):
                    team_cities[len(mentions)] = (lineup.in_league[text],)
                    kind, forced = "ORG", True
                elif sports and kind == "LOC" and plays_as_team(sentence.words, start, end, rules, tagger.resources.gazetteer):
                    kind, forced = "ORG", True
                mentions.append(Mention(text, kind, conf, sentence.region, forced, cased or standing_alone(read, start, end), literal))
        mentions.extend(state_mentions(sentence, codes, rules, {i for s, e, k, c, *_ in fixed if k != "LOC" and c >= tagger.threshold for i in range(s, e)}))
        mentions.extend(Mention(span_text(sentence, s, e), "LOC", TABLE_CONFIDENCE, sentence.region, True, True, True) for s, e in venues)
        if cased:
            mentions.extend(place_modifiers(sentence, {i for s, e, kind, *_ in fixed if kind != "MISC" for i in range(s, e)}, tagger.resources.gazetteer))
            mentions.extend(cued_organisations(sentence, taken, rules, tagger.resources.common))
            mentions.extend(listed_organisations(sentence, rules, tagger.resources.common))
            mentions.extend(coordinated_people(sentence, fixed, scored, tagger.resources.common, tagger.resources.gazetteer, rules.titles))
            kept = {i for s, e, kind, *_ in fixed if kind != "MISC" for i in range(s, e)}
            model_names = {(s, e) for s, e, kind, *_ in scored if kind != "MISC"}
            mentions.extend(table_mentions(sentence, kept, tagger.resources.common, model_names, sports, football))
        sentence_pairs = apposition_pairs(sentence.words, named, rules)
        acronyms.update({alias: kind for alias, _, kind in sentence_pairs if alias.isupper()})
        pairs.extend((alias, name) for alias, name, _ in sentence_pairs)
    if lineup.by_city:
        mentions = name_teams(mentions, lineup, team_cities)
    agency = agency_of(list(article.body)) or agency_line(article)
    if agency:  # 'HANOI, Vietnam (AP) —' or a line 'Associated Press' over the story: its credit
        mentions.insert(0, Mention(agency, "ORG", TABLE_CONFIDENCE, "body", True, True))
    dateline = dateline_place(article, tagger.resources.gazetteer)
    if dateline:
        mentions.append(Mention(dateline, "LOC", TABLE_CONFIDENCE, "body", True, True, literal=True))
    mentions.extend(acronym_mentions(sentences, untaken, acronyms))
    mentions = column_people(article, mentions, stats.lower_seen)
    mentions = without_people_facilities(mentions, facilities)
    mentions = results_mentions(article, mentions, sports)
    # Document consistency: a name the text once shows to be a title is a title throughout,
    # and a character of fiction is one wherever the text names them.
    return [
        m for m in mentions
        if plausible(m.name) and m.name not in works and m.name not in products and not of_fiction(m, fictional) and not (not m.forced and written_lower(m.name, running))
    ], pairs, stats


def without_people_facilities(mentions: list[Mention], facilities: dict[str, str]) -> list[Mention]:
    """A name before a facility word stays no place where the article names a person by it
    ('Gordon Brown' beside 'the Brown camp')."""
    if not facilities:
        return mentions
    people = {word for m in mentions if m.kind == "PER" and m.name not in facilities for word in (m.name, m.name.split()[-1])}
    return [m for m in mentions if facilities.get(m.name) not in people]


def written_lower(name: str, running: str) -> bool:
    """A name of several words the article also writes all in lower case ('Intensive Care
    Units' beside 'intensive care units'): capitals for emphasis, not a name."""
    words = name.split()
    return len(words) > 1 and f" {name.lower()} " in running and not name.isupper()


ACRONYM_CONFIDENCE = 0.9  # an acronym the text defined: "the World Health Organization (WHO)"


def acronym_mentions(sentences: Sequence[Sentence], untaken: Sequence[tuple[int, set[int]]], acronyms: dict[str, str]) -> list[Mention]:
    """Later uses of an acronym the text defined in parentheses after a name, where the model
    missed them."""
    if not acronyms:
        return []
    added: list[Mention] = []
    for number, taken in untaken:
        sentence = sentences[number]
        for i, word in enumerate(sentence.words):
            if word in acronyms and i not in taken:
                added.append(Mention(word, acronyms[word], ACRONYM_CONFIDENCE, sentence.region, True, True))
    return added


def plausible(name: str) -> bool:
    """At least two characters, a letter, a capital or a digit to start, and no comma (the
    metadata lists names separated by commas)."""
    return len(name) >= 2 and not any(c in name for c in ",_@/|#") and any(c.isalpha() for c in name) and (name[:1].isupper() or name[:1].isdigit())
