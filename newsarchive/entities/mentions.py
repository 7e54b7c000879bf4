"""Entity mentions in an article's headline, caption and body: the model's spans, then the name
rules (titles, head words, cues) that correct what a CoNLL-trained model gets wrong in news text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..article import Article
from ..parse.outlets import agencies
from ..parse.text import agency_of
from .features import DocStats
from .gazetteer import club_full_names, club_short_names, is_organisation, organisation_index, Team, team_names, teams, territory_kind, territory_pattern
from .names import NameRules
from .recognise import Tagger, get_tagger
from .tokens import QUOTE_MAP, Token, sentences_of

# Lower-case words that may sit inside a name ("Bank of England", "Ludwig van Beethoven").
CONNECTORS = frozenset(
    "of and for the de del della da di du dos das van von der den la le les al el bin ibn bint y e "
    "on in at & 's -".split()
)
# Words a title-case headline capitalises that are no names.
HEADLINE_LOWER = frozenset(
    "a an the and or but nor of for to in on at by with from as into over after before about "
    "against amid says say said is are was were be been will would could should may might can "
    "has have had not no new more most its his her their our after amid than that this these "
    "those who what why how when where which while up down out off".split()
)


TITLED_CONFIDENCE = 0.9  # a known personal name right after a person's title: as sure as the model's sure names


@dataclass(frozen=True, slots=True)
class Mention:
    name: str  # as written, quotes normalised, spaces collapsed
    kind: str  # PER, ORG or LOC
    confidence: float
    region: str  # title, caption or body
    forced: bool = False  # kind set by a head word or cue, not the model
    cased: bool = True  # False in a headline whose every word is capitalised: case tells nothing
    literal: bool = False  # a team's city named as the place itself ('in Pittsburgh'), not the team


@dataclass(frozen=True, slots=True)
class Sentence:
    region: str
    text: str
    tokens: list[Token]
    words: list[str]


def article_sentences(article: Article) -> list[Sentence]:
    """The sentences entities are looked for in: headline, caption, body (no bylines or credits)."""
    found: list[Sentence] = []
    regions = [("title", article.title), ("caption", article.caption)] + [("body", p) for p in article.body]
    for region, text in regions:
        for tokens in sentences_of(text):
            found.append(Sentence(region, text, tokens, [t.form for t in tokens]))
    return found


def title_case(words: Sequence[str]) -> bool:
    """Is this a headline in Title Case (or capitals), where a capital says nothing of a name?"""
    alpha = [w for w in words if w[:1].isalpha()]
    capitalised = [w for w in alpha if w[:1].isupper() and w.lower() not in HEADLINE_LOWER]
    content = [w for w in alpha if w.lower() not in HEADLINE_LOWER]
    return len(content) >= 3 and len(capitalised) >= 0.8 * len(content)


SENTENCE_END = frozenset('.!?"\'”’:;')


def headline_like(sentence: Sentence) -> bool:
    """A headline, or a line of the body that reads like one (a related-story link, a menu
    entry): Title Case and no sentence punctuation at its end, where capitals tell nothing."""
    if sentence.region == "title":
        return True
    words = sentence.words
    return len(words) >= 4 and words[-1] not in SENTENCE_END and title_case(words)


def standing_alone(words: Sequence[str], start: int, end: int) -> bool:
    """A name the headline, once written as a sentence, gives between lower-case words or
    punctuation ('Blinken says Beijing 'almost ...''): the article writes its neighbours in lower
    case, so its own capitals mean a name, as in the body."""
    before = words[start - 1] if start > 0 else ""
    after = words[end] if end < len(words) else ""
    return start > 0 and all(not w[:1].isupper() for w in (before, after))


def sentence_case(words: list[str], stats: DocStats) -> list[str]:
    """A title-case headline written as a sentence, so the model reads it as it reads the body:
    words the article writes in lower case elsewhere lose their capital."""
    if not title_case(words) or all(w.isupper() for w in words if w[:1].isalpha()):
        return words
    out = list(words)
    for i, word in enumerate(words):
        if i == 0 or not word[:1].isupper() or word.isupper():
            continue
        lower = word.lower()
        if lower in HEADLINE_LOWER or (lower in stats.lower_seen and lower not in stats.cap_mid):
            out[i] = lower
    return out


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


def state_code_at(words: Sequence[str], k: int, rules: NameRules) -> bool:
    """Is the word a state's or province's postal code right after a place and a comma, ending
    the line or followed by punctuation or a number ('Allentown, PA', 'Denver, CO 80204')?"""
    if not rules.state_codes or words[k] not in rules.state_codes or k < 2 or words[k - 1] != ",":
        return False
    before = words[k - 2]
    if not before[:1].isupper() or before in rules.state_codes:
        return False
    after = words[k + 1] if k + 1 < len(words) else ""
    return not after[:1].isalpha()


def coded_places(words: Sequence[str], rules: NameRules) -> list[tuple[int, int | None]]:
    """Each state's postal code after a place in a sentence (see state_code_at), with where the
    place before it begins (see place_before_code)."""
    return [(k, place_before_code(words, k - 1)) for k in range(len(words)) if state_code_at(words, k, rules)]


def state_mentions(sentence: Sentence, codes: Sequence[tuple[int, int | None]], rules: NameRules, sure: set[int]) -> list[Mention]:
    """The states a sentence names by postal code after a place ('Mansfield, MA': Massachusetts),
    as in tour dates, addresses and datelines, and the place before the code ('Mansfield'),
    unless the model is sure of another kind of name there; `codes` from coded_places."""
    found: list[Mention] = []
    for k, start in codes:
        found.append(Mention((rules.state_codes or {})[sentence.words[k]], "LOC", TABLE_CONFIDENCE, sentence.region, True, True, True))
        if start is not None and not any(i in sure for i in range(start, k - 1)):
            found.append(Mention(span_text(sentence, start, k - 1), "LOC", TABLE_CONFIDENCE, sentence.region, True, True, True))
    return found


VENUE_JOINERS = frozenset({"at", "of", "the", "&", "-", "–", "on"})


def listed_venues(words: Sequence[str], codes: Sequence[tuple[int, int | None]], people: set[int]) -> list[tuple[int, int]]:
    """The name before a town and a state's code, as tour dates and addresses list them ('PPL
    Center, Allentown, PA', 'Music Park at Walnut Creek, Raleigh, NC'): a venue or a street, a
    place. Not a person the model is sure of, nor two words opening with a first name
    ('Jane Doe, Holmdel, NJ', a reader's letter); `codes` from coded_places."""
    venues: list[tuple[int, int]] = []
    for _, town in codes:
        if town is None or town < 2 or words[town - 1] != ",":
            continue
        end = start = town - 1
        while start > 0 and end - start < 8 and (words[start - 1][:1].isupper() or words[start - 1] in VENUE_JOINERS):
            start -= 1
        while start < end and not words[start][:1].isupper():
            start += 1  # a name opens with a capital
        if start == end or words[end - 1] in VENUE_JOINERS or any(i in people for i in range(start, end)):
            continue
        if end - start == 2 and may_be_first_name(words[start]):
            continue
        venues.append((start, end))
    return venues


def place_before_code(words: Sequence[str], comma: int) -> int | None:
    """Where the place before a state's code begins: up to three capitalised words ('St. Louis',
    'Virginia Beach') right before the comma; None when a lower-case word or a mark is next to it."""
    start = comma
    while start > 0 and comma - start < 3 and words[start - 1][:1].isupper() and words[start - 1][:1].isalpha():
        start -= 1
    return start if start < comma else None


PLACE_MODIFIER = re.compile(r"^(?P<place>[A-Z][\w.]*(?:[- ][A-Z][\w.]*)*)-(?:based|born|headquartered)$")


def place_modifiers(sentence: Sentence, named: set[int], gazetteer: dict[tuple[str, ...], str]) -> list[Mention]:
    """A place of the gazetteer used as a modifier ('the London-based website', 'a New York-born
    writer'): a mention of the place, which the model does not see inside the word."""
    words = sentence.words
    found: list[Mention] = []
    for i, word in enumerate(words):
        match = PLACE_MODIFIER.match(word)
        if not match or i in named:
            continue
        place = match.group("place").replace("-", " ").split()
        for before in (2, 1, 0):  # 'New York-based' comes as 'New' 'York-based'
            prefix = words[max(0, i - before) : i] if before else []
            if len(prefix) == before and all(w[:1].isupper() and w.isalpha() and w.lower() not in DETERMINERS for w in prefix):
                name = [*prefix, *place]
                if gazetteer.get(tuple(w.lower() for w in name)) in ("country", "region", "city"):
                    found.append(Mention(" ".join(name), "LOC", TABLE_CONFIDENCE, sentence.region, True, True))
                    break
                if before == 1 and i > 1 and prefix:
                    break  # a capitalised word before it: part of a longer name the gazetteer lacks
    return found


CUED_MAX_WORDS = 4
CUED_INNER = frozenset({"of", "and", "&", "for"})


def cued_organisations(sentence: Sentence, taken: set[int], rules: NameRules, common: frozenset[str]) -> list[Mention]:
    """A capitalised name the model left untagged right after a lower-case word for an
    organisation ('the fact-checking website Full Fact', 'the carrier SunExpress'): an
    organisation. A lone word must be no common word; dates and sentence words are no names."""
    words = sentence.words
    found: list[Mention] = []
    for i in range(1, len(words)):
        if words[i - 1] not in rules.org_before or i in taken:
            continue
        if words[i] == "The" and i + 1 < len(words) and i + 1 not in taken and cued_word(words[i + 1]):
            i += 1  # 'the think-tank The Brookings Institution': the name without its article
        elif not cued_word(words[i]):
            continue
        end = i + 1
        while end < len(words) and end - i < CUED_MAX_WORDS and end not in taken and (cued_word(words[end]) or (words[end] in CUED_INNER and end + 1 < len(words) and cued_word(words[end + 1]))):
            end += 1
        if words[end - 1] in CUED_INNER or (end - i == 1 and words[i].lower() in common):
            continue
        found.append(Mention(span_text(sentence, i, end), "ORG", TITLED_CONFIDENCE, sentence.region, True, True))
        taken.update(range(i, end))
    return found


LIST_CUES = (("including",), ("such", "as"), ("like",))
LIST_INNER = frozenset({"of", "&", "for"})


def listed_organisations(sentence: Sentence, rules: NameRules, common: frozenset[str]) -> list[Mention]:
    """Names listed after a plural word for organisations or places ('newspapers including the
    Sacramento Bee, Miami Herald and Kansas City Star', '30 cities including Nashville, Toronto and
    Denver'): each one of that kind, whether or not the model saw it. Two names at least."""
    words = sentence.words
    found: list[Mention] = []
    for i in range(1, len(words)):
        kind = plural_kind(words[i - 1], rules)
        if kind is None:
            continue
        cue = next((c for c in LIST_CUES if tuple(w.lower() for w in words[i : i + len(c)]) == c), None)
        if cue is None:
            continue
        runs = listed_runs(words, i + len(cue))
        if len(runs) >= 2:
            found.extend(listed_mentions(sentence, runs, kind, common))
    return found + colon_listed(sentence, rules, common)


COLON_REACH = 8  # words between the plural and the colon: 'nine companies selected by NASA a year ago:'


def colon_listed(sentence: Sentence, rules: NameRules, common: frozenset[str]) -> list[Mention]:
    """Names listed after a colon that closes a clause with a plural word for organisations or
    places ('the nine companies selected by NASA: Astrobotic, Deep Space Systems, Draper ...'):
    each one of that kind. Three names at least, and the list runs to the sentence's end."""
    words = sentence.words
    found: list[Mention] = []
    for colon, word in enumerate(words):
        if word != ":":
            continue
        kind = next((k for w in reversed(words[max(0, colon - COLON_REACH) : colon]) if (k := plural_kind(w, rules))), None)
        runs = listed_runs(words, colon + 1)
        if kind is None or len(runs) < 3 or runs[-1][1] < len(words) - 1:
            continue
        found.extend(listed_mentions(sentence, runs, kind, common))
    return found


def plural_kind(word: str, rules: NameRules) -> str | None:
    """'ORG' for the plural of a word for organisations ('newspapers', 'companies'), 'LOC' for one
    for places ('cities'), else None."""
    return "ORG" if plural_of(word, rules.org_before) else "LOC" if plural_of(word, rules.place_before) else None


def listed_mentions(sentence: Sentence, runs: Sequence[tuple[int, int]], kind: str, common: frozenset[str]) -> list[Mention]:
    """The names of a list, each one of `kind`; a lone common word ('Technology') is no name."""
    words = sentence.words
    return [
        Mention(span_text(sentence, start, end), kind, TITLED_CONFIDENCE, sentence.region, True, True)
        for start, end in runs
        if end - start > 1 or words[start].lower() not in common
    ]


def plural_of(word: str, singulars: frozenset[str]) -> bool:
    """'newspapers', 'companies', 'cities': the plural of one of the words."""
    return word.endswith("s") and (word[:-1] in singulars or (word.endswith("ies") and word[:-3] + "y" in singulars))


def listed_runs(words: Sequence[str], k: int) -> list[tuple[int, int]]:
    """The runs of capitalised words of a list from position k, joined by commas, 'and' or 'or'
    (an article before each allowed)."""
    runs: list[tuple[int, int]] = []
    while k < len(words):
        if words[k].lower() == "the":
            k += 1
        end = k
        while end < len(words) and end - k < CUED_MAX_WORDS and (cued_word(words[end]) or (words[end] in LIST_INNER and end + 1 < len(words) and cued_word(words[end + 1]))):
            end += 1
        if end == k:
            break
        runs.append((k, end))
        k = end
        if k < len(words) and words[k] == ",":
            k += 1
        if k < len(words) and words[k] in ("and", "or"):
            k += 1
        if k == end:
            break
    return runs


def cued_word(word: str) -> bool:
    """A word that may be part of a name after a cue: capitalised, no date, no headline word."""
    return word[:1].isupper() and word not in CALENDAR and word.lower() not in HEADLINE_LOWER and any(c.isalpha() for c in word)


COORDINATORS = frozenset({"and", "or", "&"})


def coordinated_people(
    sentence: Sentence, fixed: Sequence[Span], scored: Sequence[tuple[int, int, str, float, float]], common: frozenset[str], gazetteer: dict[tuple[str, ...], str], titles: frozenset[str]
) -> list[Mention]:
    """Two capitalised words joined by 'and' to a person's full name ('Eric Robinson and Boone
    Jenner', 'Oskar Sundqvist and David Perron'), that the model takes for a name but doubts the
    type of, or leaves untagged: a person too, when neither word is a common word, a title
    ('Mr') or a country, and the pair is no place."""
    words = sentence.words
    doubted = {(s, e) for s, e, kind, conf, name in scored if name >= SURE_NAME and (kind != "PER" or conf < TITLED_CONFIDENCE)}
    claimed = {i for s, e, *_ in scored if (s, e) not in doubted for i in range(s, e)}
    found: list[Mention] = []
    for start, end, kind, conf, *_ in fixed:
        if kind != "PER" or end - start < 2 or conf < TITLED_CONFIDENCE:
            continue
        for first, joint in ((end + 1, end), (start - 3, start - 1)):
            if first < 0 or first + 2 > len(words) or words[joint] not in COORDINATORS:
                continue
            pair = words[first : first + 2]
            outside = [words[k] for k in (first - 1, first + 2) if 0 <= k < len(words) and k != joint]
            if (
                any(k in claimed for k in (first, first + 1))
                or not all(w[:1].isupper() and w.isalpha() and w.lower() not in common and w not in CALENDAR for w in pair)
                or any(w[:1].isupper() for w in outside)
                or pair[0] in titles
                or any(gazetteer.get(key) in ("country", "region") for key in (tuple(w.lower() for w in pair), (pair[0].lower(),), (pair[1].lower(),)))
                or tuple(w.lower() for w in pair) in gazetteer
            ):
                continue
            found.append(Mention(" ".join(pair), "PER", TITLED_CONFIDENCE, sentence.region, True, True))
    return found


# Results copy ('agate'): 'Palm Bay (1-0): Tolivert 25 points. K. Hupfer 1 goal.', 'Heritage d.
# Titusville 53-9', 'Rockledge 14 11 6 15 — 44'. Players before their numbers, teams before a
# record, a result or a line score.
AGATE_NAME = r"[A-Z][\w'’-]*\.?(?: (?:[A-Z][\w'’-]*\.?|de|De|van|St\.)){0,3}"
STAT_WORDS = (
    "points?|goals?|assists?|saves?|steals?|rebounds?|blocks?|tackles?|sacks?|interceptions?|"
    "receptions?|catches|carries|yards|touchdowns?|TDs?|hits?|runs?|RBIs?|strikeouts?|walks|"
    "aces?|kills?|digs?|pins?|birdies|total"
)
PLAYER_STAT = re.compile(rf"(?:^|[.:;,] +|\band +)(?P<name>{AGATE_NAME}) +\d{{1,3}} +(?:total +)?(?:{STAT_WORDS})\b")
TEAM_RECORD = re.compile(rf"^(?P<team>{AGATE_NAME}) *\((?:\d{{1,2}}-\d{{1,2}}(?:-\d{{1,2}})?|NR)\):")
TEAM_RESULT = re.compile(rf"^(?P<winner>{AGATE_NAME}) +(?:d\.|def\.|defeated|beat) +(?P<loser>{AGATE_NAME})(?: +\d{{1,3}}-\d{{1,3}})?$")
LINE_SCORE = re.compile(rf"^(?P<team>{AGATE_NAME})(?: +\d{{1,3}}){{2,}} +[—–-]+ +\d{{1,3}}$")
AGATE_MIN_PLAYERS = 3  # stat lines before a text is taken for results copy
# A game report's line on a player: 'Semyon Varlamov stopped 27 shots', 'Tolivert had 25 points'.
PLAYER_FEAT = re.compile(
    rf"(?:^|[.;,] +|\band +)(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){{1,2}}) +"
    rf"(?:stopped|made|scored|had|added|collected|grabbed|recorded|finished with|threw for|ran for|rushed for|caught) +"
    rf"(?:a +)?(?:career-high +|season-high +)?\d{{1,3}} +(?:shots|{STAT_WORDS})\b"
)


def results_mentions(article: Article, mentions: list[Mention], sports: bool = False) -> list[Mention]:
    """In results copy, the players named before their numbers are people and the teams named
    before a record, a result or a line score are organisations, whatever the model typed them;
    in a game report, so is a player of two or three words named before a feat in numbers."""
    players: dict[str, None] = {}
    teams: dict[str, None] = {}
    featured: dict[str, None] = {}
    for paragraph in article.body:
        text = re.sub(r"\s+", " ", paragraph).strip()
        if sports:
            featured.update(dict.fromkeys(m.group("name") for m in PLAYER_FEAT.finditer(text) if m.group("name").split()[0] not in HEADLINE_TITLES))
        players.update(dict.fromkeys(m.group("name") for m in PLAYER_STAT.finditer(text)))
        for pattern in (TEAM_RECORD, TEAM_RESULT, LINE_SCORE):
            match = pattern.match(text)
            if match:
                teams.update(dict.fromkeys(v for v in match.groupdict().values() if v))
    players = {name: None for name in players if name not in teams and name.split()[0] not in HEADLINE_TITLES}
    if len(players) < AGATE_MIN_PLAYERS:
        players, teams = {}, {}
    kinds = {**{name: "PER" for name in (*featured, *players)}, **{name: "ORG" for name in teams}}
    if not kinds:
        return mentions
    typed = [Mention(m.name, kinds[m.name], max(m.confidence, TABLE_CONFIDENCE), m.region, True, True) if m.name in kinds else m for m in mentions]
    named = {m.name for m in mentions}
    return typed + [Mention(name, kind, TABLE_CONFIDENCE, "body", True, True) for name, kind in kinds.items() if name not in named]


HEADLINE_TITLES = frozenset({"The", "A", "An", "In", "At", "On", "For", "With", "By", "And", "But", "Total", "Team", "Final"})


COLUMN_MIN_ROWS = 3  # rows of a table before a column's kind is believed
COLUMN_SHARE = 0.6  # of a column's cells the model must find people in
NAME_SUFFIXES = frozenset({"Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV"})
CELL_NAME = re.compile(r"^[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,3}$")


def column_people(article: Article, mentions: list[Mention], lower_seen: frozenset[str]) -> list[Mention]:
    """In a table (rows of tab-separated cells: standings, a roster, a box score) whose column
    the model mostly finds people in, every name-shaped cell of the column is a person, written
    where capitals mean something (a row is no Title Case headline)."""
    rows = [[cell.strip() for cell in paragraph.split("\t")] for paragraph in article.body if "\t" in paragraph]
    if len(rows) < COLUMN_MIN_ROWS:
        return mentions
    people = {m.name for m in mentions if m.kind == "PER"}
    columns: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        for index, cell in enumerate(row):
            if cell:
                columns[index].append(cell)
    named: set[str] = set()
    for cells in columns.values():
        if len(cells) >= COLUMN_MIN_ROWS and sum(cell in people for cell in cells) >= COLUMN_SHARE * len(cells):
            named.update(cell for cell in cells if name_cell(cell, lower_seen))
    if not named:
        return mentions
    sure = [Mention(m.name, "PER", max(m.confidence, TABLE_CONFIDENCE), m.region, True, True) if m.name in named else m for m in mentions]
    return sure + [Mention(cell, "PER", TABLE_CONFIDENCE, "body", True, True) for cell in sorted(named - {m.name for m in mentions})]


def name_cell(cell: str, lower_seen: frozenset[str]) -> bool:
    """A cell shaped like a personal name: two to four capitalised words, none a word the text
    writes in lower case, the last perhaps a suffix ('Jr.')."""
    words = cell.split()
    core = words[:-1] if words[-1] in NAME_SUFFIXES else words
    return bool(CELL_NAME.match(cell)) and len(core) >= 2 and not any(w.lower() in lower_seen for w in core)


HEADER_RULES = frozenset({"before-body", "byline"})  # lines over the story that name no part of it


def agency_line(article: Article) -> str:
    """A news agency named on a line of its own over the story ('Associated Press', 'By The
    Canadian Press'): the story's credit, as a dateline's '(AP)' is."""
    names = set(agencies().values())
    for removed in article.removed:
        if removed.rule not in HEADER_RULES:
            continue
        text = re.sub(r"^By\s+", "", removed.text.strip(), flags=re.IGNORECASE)
        for name in (text, "The " + text, text.removeprefix("The ")):
            if name in names:
                return name
    return ""


def dateline_place(article: Article, gazetteer: dict[tuple[str, ...], str]) -> str:
    """The place of a dateline set on its own line just over the story ('Pittsburgh'): the last
    header line, when it is a place of the gazetteer and nothing more."""
    header = [r for r in article.removed if r.rule in HEADER_RULES]
    if not header:
        return ""
    text = header[-1].text.strip().rstrip(" —–-:,")
    words = text.split()
    if not 0 < len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return ""
    place = " ".join(w.capitalize() if w.isupper() and len(w) > 3 else w for w in words)  # 'PITTSBURGH'
    return place if gazetteer.get(tuple(place.lower().split())) else ""


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


SCORE = re.compile(r"^\d{1,3}-\d{1,3}$")


def place_named(text: str, gazetteer: dict[tuple[str, ...], str]) -> bool:
    """A club's short name that names a place: several words (the clubs table marks those as
    places too, 'West Ham') or a place of the gazetteer ('Chelsea'), not 'Juventus'."""
    return " " in text or tuple(text.lower().split()) in gazetteer


def any_sport(vocabulary: set[str], rules: NameRules) -> bool:
    """Does the story write any word of sport ('league', 'defender', 'match')?"""
    return any(w.lower() in rules.sports_words or w.lower() in FOOTBALL_WORDS for w in vocabulary)


def sports_copy(sentences: Sequence[Sentence], rules: NameRules) -> bool:
    """A sports report: scores ('45-17') and the words of games ('quarterback', 'halftime')."""
    words = [w for s in sentences for w in s.words]
    scores = sum(1 for w in words if SCORE.match(w))
    lexicon = sum(1 for w in words if w.lower() in rules.sports_words)
    return scores >= 2 and lexicon >= 3


def country_alias(text: str, rules: NameRules, gazetteer: dict[tuple[str, ...], str]) -> bool:
    """A short form the alias table gives for a country ('US', 'U.K.'), whatever type the model
    doubts it is: the guidelines count an abbreviation used as a modifier ('US officials')."""
    if text not in rules.aliases or " " in text or not text.replace(".", "").isupper():
        return False
    canonical = rules.aliases[text]
    return rules.types.get(canonical) == "places" and gazetteer.get(tuple(canonical.lower().split())) == "country"


def country_spans(words: Sequence[str], spans: Sequence[Span], rules: NameRules, gazetteer: dict[tuple[str, ...], str]) -> list[Span]:
    """A country's short form whose type the model doubts ('a US court', typed a work or a firm)
    is the country, kept by the model's confidence that it is a name."""
    return [(s, e, "LOC", conf, True) if e - s == 1 and country_alias(words[s], rules, gazetteer) else (s, e, kind, conf, forced) for s, e, kind, conf, forced in spans]


CREDIT_MARKS = frozenset({"/", "|", ":", "©", ","})


def agency_credit(sentence: Sentence, start: int, end: int, text: str, rules: NameRules) -> bool:
    """A news agency as a photo credit, page furniture: in a caption, beside a credit word of the
    line ('Photo: Damian Dovarganes, AP', 'AP Photo'), by a slash ('John Smith/AFP',
    'REUTERS/Kevin Lamarque'), or at a line's end after a comma. Named in the text ('told Reuters', 'the Associated Press reported') it is
    the organisation the labels count."""
    known = {name.casefold() for name in (*agencies(), *agencies().values())}
    if text.casefold() not in known and text.removeprefix("The ").casefold() not in known:
        return False
    if sentence.region == "caption":
        return True
    words = sentence.words
    if any(w.lower().strip(":") in rules.credit_words for w in words[: end + 1]):
        return True  # 'Photo: ..., AP', 'AP Photo/Evan Vucci'
    before = words[start - 1] if start > 0 else ""
    after = words[end] if end < len(words) else ""
    return before in ("/", "|", "©") or after == "/" or (before in CREDIT_MARKS and end >= len(words) - 1)


FOOTBALL_WORDS = frozenset({
    "footballer", "footballers", "striker", "midfielder", "goalkeeper", "keeper", "winger", "defender",
    "full-back", "centre-back", "transfer", "loan", "signing", "penalty", "dressing", "pitch",
})
FOOTBALL_MIN_WORDS = 2


def football_copy(sentences: Sequence[Sentence], running: str) -> bool:
    """A football report or transfer story: a club of several words named ('Athletic Bilbao'), or
    the words of the game ('striker', 'keeper', 'signing')."""
    if any(f" {club} " in running for club in club_full_names()):
        return True
    return sum(1 for s in sentences for w in s.words if w.lower() in FOOTBALL_WORDS) >= FOOTBALL_MIN_WORDS


def plays_as_team(words: Sequence[str], start: int, end: int, rules: NameRules, gazetteer: dict[tuple[str, ...], str]) -> bool:
    """In sports copy, a state or city standing for its team: after a word of a fixture ('loss
    at Minnesota', 'beat Pittsburgh'), before a record ('Wisconsin (9-1)') or a team's word
    ('Minnesota's game'). A dateline ('DEKALB, Ill. --') and 'in Nashville' stay places."""
    if gazetteer.get(tuple(w.lower() for w in words[start:end])) not in ("region", "city"):
        return False
    before = words[start - 1].lower() if start > 0 else ""
    after = words[end : end + 3]
    if before in rules.fixture_words:
        return True
    if after[:1] == ["("] and len(after) > 1 and SCORE.match(after[1].rstrip(",")):
        return True
    return len(after) >= 2 and after[0] in ("'s", "’s") and after[1].lower() in rules.sports_words


@dataclass(frozen=True, slots=True)
class Lineup:
    """The professional teams a sports report names (by nickname or full name), read with the
    league most of them play in: 'Panthers' beside 'Bruins' and 'Sabres' are Florida's."""

    by_nickname: dict[str, str] = field(default_factory=dict)  # 'Canadiens' → 'Montreal Canadiens'
    by_city: dict[str, tuple[str, ...]] = field(default_factory=dict)  # 'New York' → its named teams
    in_league: dict[str, str] = field(default_factory=dict)  # 'Anaheim' → 'Anaheim Ducks': the league's one team there


def named_teams(running: str) -> Lineup:
    """The teams of the table a sports report names by nickname and city, the league most of its
    unambiguous nicknames belong to deciding a shared one ('Jets', 'Rangers', 'Panthers')."""
    named = [t for t in teams() if f" {t.nickname} " in running]
    nicknames = sorted({t.nickname for t in named})
    leagues: Counter[str] = Counter()
    for nickname in nicknames:
        owners = {t.league for t in named if t.nickname == nickname}
        if len(owners) == 1:
            leagues[owners.pop()] += 1
    ranked = sorted(leagues.items(), key=lambda item: (-item[1], item[0]))
    league = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None  # a tie decides nothing
    by_nickname: dict[str, str] = {}
    for nickname in nicknames:
        fitting = [t for t in named if t.nickname == nickname and (league is None or t.league == league)]
        if len(fitting) > 1:
            fitting = [t for t in fitting if names_city(running, t)]
        if len(fitting) == 1 and names_city(running, fitting[0]):
            by_nickname[nickname] = fitting[0].name  # 'Chiefs' alone, with no 'Kansas City', stays so
    by_city: dict[str, list[str]] = defaultdict(list)
    for team in teams():
        if by_nickname.get(team.nickname) == team.name:
            by_city[team.city].append(team.name)
    in_league: dict[str, list[str]] = defaultdict(list)
    for team in teams():
        if team.league == league and team.city not in by_city:
            in_league[team.city].append(team.name)
    return Lineup(
        by_nickname, {city: tuple(names) for city, names in by_city.items()},
        {city: names[0] for city, names in in_league.items() if len(names) == 1},
    )


def names_city(running: str, team: Team) -> bool:
    """Does the text name the team's city on its own or in the team's full name ('Montreal',
    'New York Islanders'; not 'Los Angeles' in 'Los Angeles Times')?"""
    return f" {team.name} " in running or re.search(f" {re.escape(team.city)} (?![A-Z])", running) is not None


PLACE_BEFORE_CITY = frozenset({"in", "from", "near", "outside", "of", "around", "across", "throughout"})
PLACE_AFTER_CITY = frozenset({"native", "natives", "area", "suburb", "suburbs", "resident", "residents", "police", "mayor"})
DATELINE_MARKS = frozenset({"(", "—", "–", "--", "-"})


def literal_place(words: Sequence[str], start: int, end: int) -> bool:
    """A team's city named as the place itself: after 'in' or 'from', before 'native', or a
    dateline ('PITTSBURGH (AP) —', a line of its own)."""
    before = words[start - 1].lower() if start > 0 else ""
    after = words[end].lower() if end < len(words) else ""
    if before in PLACE_BEFORE_CITY or after in PLACE_AFTER_CITY:
        return True
    return start == 0 and (end == len(words) or after in DATELINE_MARKS)


def dateline_city(words: Sequence[str], start: int, end: int) -> bool:
    """A city opening a dateline ('BARCELONA (AP) —') or standing on a line of its own."""
    return start == 0 and (end == len(words) or (words[end] if end < len(words) else "") in DATELINE_MARKS | {","})


COMPASS = frozenset({"North", "South", "East", "West", "Central", "Northwest", "Northeast", "Southwest", "Southeast"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


def school_team(words: Sequence[str], start: int, end: int, rules: NameRules, gazetteer: dict[tuple[str, ...], str]) -> bool:
    """A school or club named by its town and a compass word ('Wichita East', 'Salina South'),
    no place of the gazetteer, before a player's word or a possessive and a player's name
    ('Salina South diver', 'Wichita East's Hugh McPherson'): the team, an organisation."""
    if end - start < 2 or words[end - 1] not in COMPASS or end >= len(words):
        return False
    if tuple(w.lower() for w in words[start:end]) in gazetteer:
        return False
    after = words[end]
    if after in rules.player_words:
        return True
    return after in POSSESSIVE and end + 1 < len(words) and may_be_first_name(words[end + 1]) and words[end + 1][:1].isupper()


def school_teams(words: Sequence[str], spans: Sequence[Span], rules: NameRules, gazetteer: dict[tuple[str, ...], str]) -> list[Span]:
    """A school's team ('Wichita West senior', 'Salina South diver') whose type the model doubts
    is an organisation by that rule, so it is kept by the model's confidence that it is a name."""
    return [(s, e, "ORG", conf, True) if school_team(words, s, e, rules, gazetteer) else (s, e, kind, conf, forced) for s, e, kind, conf, forced in spans]


def plays_for_city(words: Sequence[str], start: int, end: int, rules: NameRules) -> bool:
    """A city of the report's league standing for its team though the text never names the
    team: before a word of the game ('Anaheim defenseman'), after a word of a fixture ('beat
    Anaheim')."""
    before = words[start - 1].lower() if start > 0 else ""
    after = words[end] if end < len(words) else ""
    return before in rules.fixture_words or (after.islower() and after in rules.sports_words)


def name_teams(mentions: Sequence[Mention], lineup: Lineup, team_cities: dict[int, tuple[str, ...]]) -> list[Mention]:
    """A team's nickname and its city standing for it under the team's full name ('Canadiens',
    'Montreal' → 'Montreal Canadiens'); a city with two teams named ('New York') stands for the
    one the text last named, and stays as written when it named neither."""
    named: list[Mention] = []
    last: str | None = None
    for position, mention in enumerate(mentions):
        team = lineup.by_nickname.get(mention.name)
        if mention.name in team_names():
            team = mention.name
        if position in team_cities:
            options = team_cities[position]
            team = options[0] if len(options) == 1 else last if last in options else None
        if team is not None:
            last = team
            mention = Mention(team, "ORG", mention.confidence, mention.region, True, mention.cased)
        named.append(mention)
    return named


TABLE_CONFIDENCE = 0.95  # an organisation of the curated tables, written as the table writes it


def table_mentions(
    sentence: Sentence, taken: set[int], common: frozenset[str] | set[str], model_names: set[tuple[int, int]], sports: bool = False, football: bool = False
) -> list[Mention]:
    """Organisations of the curated tables the model left untagged or was unsure of. A one-word
    name that is also a common word ('Heat', 'Chiefs') counts only where the model took it for
    a person, organisation or place, at any confidence ('loss to the Chiefs'; not the song
    'Born to Be Wild')."""
    index = organisation_index(sports, football)
    words = sentence.words
    found: list[Mention] = []
    i = 0
    while i < len(words):
        match = None
        for tokens in index.get(words[i], ()):
            end = i + len(tokens)
            if tuple(words[i:end]) == tokens and not any(k in taken for k in range(i, end)):
                match = end
                break
        if match is None or (match - i == 1 and (i == 0 or words[i].lower() in common) and (i, match) not in model_names):
            i += 1
            continue
        found.append(Mention(span_text(sentence, i, match), "ORG", TABLE_CONFIDENCE, sentence.region, True, True))
        taken.update(range(i, match))
        i = match
    return found


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


def listed_company(words: Sequence[str], start: int, end: int, rules: NameRules) -> int | None:
    """Where the name of a listed company ends: a name right before its ticker in parentheses
    ("Lowe's (LOW) stock", 'Tesla (NASDAQ: TSLA)') in a sentence about the markets, a possessive
    before the ticker kept as part of the name; None for no ticker, or for an acronym of the
    name itself ('Democratic Republic of Congo (DRC)', 'Ultra Wideband (UWB)' in a story on
    radio)."""
    k = end + (end < len(words) and words[end] in ("'s", "’s"))
    inner = list(words[k + 1 : k + 5])
    if k >= len(words) or words[k] != "(" or ")" not in inner:
        return None
    if not any(w.lower() in rules.market_words for w in words):
        return None
    inner = inner[: inner.index(")")]
    if len(inner) == 3 and inner[1] == ":" and inner[0].upper() in EXCHANGES:
        inner = inner[2:]
    if len(inner) != 1 or not TICKER.match(inner[0]) or inner[0].startswith(".") or inner[0] in agencies():
        return None  # 'LONDON (AP)': a dateline's agency
    first = start
    while first > 0 and (words[first - 1][:1].isupper() or words[first - 1] in ("of", "and", "for", "&")):
        first -= 1  # 'Private Finance | Initiative (PFI)': the capitalised words the model left out too
    initials = "".join(w[0] for w in words[first:end] if w[:1].isupper())
    return None if initials.endswith(inner[0]) else k


COUNT = re.compile(r"^\d{1,3}$")
RANK_MARKS = frozenset({"No.", "No", "#", "Number", "number", "no."})
CURRENCY = frozenset("$£€¥")


def counted_item(words: Sequence[str], start: int, end: int) -> bool:
    """A capitalised word counted like a thing ('1 Fresno chile', 'Containers: 1 Purple'): a
    quantity of an item, not a name. A ranking ('No. 3 Ohio State') is no count."""
    if end - start != 1 or start == 0 or not COUNT.match(words[start - 1]):
        return False
    if start >= 2 and (words[start - 2] in RANK_MARKS or words[start - 2] in CURRENCY):
        return False  # 'No. 3 Ohio State', "$99 Logitech's keyboard"
    return end == len(words) or not words[end][:1].isupper()


def ticker_code(words: Sequence[str], start: int, end: int, named: Sequence[tuple[int, int, str, float, bool, str]]) -> bool:
    """A stock or index ticker, not a name: a lone code in parentheses after a name that it does
    not abbreviate ('Nikkei 225 (N225)'), or after an exchange ('NYSE: HD'), or with a dot in
    front ('.DJI')."""
    if end - start != 1 or not TICKER.match(words[start]):
        return False
    if start >= 2 and words[start - 1] == ":" and words[start - 2].upper() in EXCHANGES:
        return True
    if start >= 2 and words[start - 1] == "(" and end < len(words) and words[end] == ")":
        before = [n for n in named if n[1] == start - 1]
        if before and before[0][2] == "MISC":
            return True
        if not before and words[start - 2][:1].isdigit():
            return True  # 'Nikkei 225 (N225)': the index the model did not take for a name
    return False


TICKER = re.compile(r"^\.?[A-Z][A-Z0-9]{1,5}$")
EXCHANGES = frozenset({"NYSE", "NASDAQ", "AMEX", "LSE", "TSX", "ASX", "OTC", "NYSEARCA", "HKEX", "TSE", "SGX", "XETRA"})


def fiction_cue(words: Sequence[str], start: int, rules: NameRules) -> bool:
    """A person's name right after words that make it a character ('the role of Arthur Dent')."""
    before = tuple(w.lower() for w in words[max(0, start - 3) : start])
    return any(before[len(before) - len(cue):] == cue for cue in rules.fiction_before if len(cue) <= len(before))


def of_fiction(mention: Mention, fictional: set[str]) -> bool:
    """The mention names a character the text introduced as one (in full, or by one of its words)."""
    if not fictional or mention.kind != "PER":
        return False
    return mention.name in fictional or any(mention.name in name.split() for name in fictional)


def names_a_work(words: Sequence[str], start: int, end: int, rules: NameRules) -> bool:
    """The title of a film, song or show: words next to it say so ('the film Vera Drake',
    'Brookside actress'), or it stands inside a short quotation in Title Case ('"Black Water,"')."""
    before = tuple(w.lower() for w in words[max(0, start - 2) : start])
    if before[-1:] in rules.work_before or before in rules.work_before:
        return True
    if end < len(words) and words[end].lower() in rules.work_after:
        return True
    return in_quoted_title(words, start, end)


MODEL_NUMBER = re.compile(r"^\d{1,3}([A-Za-z]{0,3})$")  # '3', '2S', '72W'; not a year
UNITS = frozenset("cm mm m km kg g lb lbs ft in mph kph ml oz s h pm am st nd rd th".split())  # '51cm', '2nd' 
AFTER_SCORE = frozenset(",:;)-–—/")


ROADS = frozenset({"Road", "Route", "Highway", "Interstate", "Freeway", "Motorway", "Expressway", "Turnpike", "Rd.", "Hwy", "Hwy."})


def numbered_road(words: Sequence[str], start: int, end: int) -> bool:
    """A road named by its number ('County Road 600S', 'Route 66'): the model stopped short of
    the number, without which the name is a fragment."""
    return words[end - 1] in ROADS and end < len(words) and MODEL_NUMBER.match(words[end]) is not None


def numbered_organisation(words: Sequence[str], end: int, text: str) -> bool:
    """A name and the number after it make an organisation of the tables ('BBC Radio 4'): the
    model stopped short of the number."""
    return end < len(words) and words[end][:1].isdigit() and is_organisation(f"{text} {words[end]}")


def longer_organisation(words: Sequence[str], end: int, text: str) -> int:
    """How many capitalised words (one or two) right after a name make with it an organisation of
    the tables ('Oklahoma City' + 'Thunder'): the model stopped short of them; 0 for none."""
    for more in (2, 1):
        following = words[end : end + more]
        if len(following) == more and all(w[:1].isupper() for w in following) and is_organisation(" ".join((text, *following))):
            return more
    return 0


def names_a_product(words: Sequence[str], start: int, end: int, kind: str, rules: NameRules, sports: bool) -> bool:
    """A product's name of two words or more: a model number right after a name the model took
    for an organisation or a thing ('MX Master 3', 'Velop Wi-Fi 6 Mesh Router'; not a score in
    sports copy, not a measure: 'Nick Buckfield 51cm'), or a word for a device after it, one
    lower-case word between at most ('the MX Keys wireless keyboard')."""
    if end - start < 2 or end >= len(words):
        return False
    following = words[end : end + 3]
    number = MODEL_NUMBER.match(following[0])
    if number and kind in ("ORG", "MISC") and not (sports and following[0].isdigit()) and not number.group(1).lower() in UNITS:
        return len(following) == 1 or following[1] not in AFTER_SCORE and not following[1][:1].isdigit()
    if following[0] in rules.product_nouns:
        return True
    return len(following) > 1 and following[0].islower() and following[0].isalpha() and following[1] in rules.product_nouns


QUOTE = '"'
MAX_TITLE_TOKENS = 10


def in_quoted_title(words: Sequence[str], start: int, end: int) -> bool:
    """Is words[start:end] inside a short double-quoted run whose longer words are all capitalised
    (a title: "What A Fool Believes"), rather than inside quoted speech?"""
    opening = next((i for i in range(start - 1, max(-1, start - MAX_TITLE_TOKENS), -1) if words[i] == QUOTE), None)
    if opening is None or any(words[i] == QUOTE for i in range(opening + 1, start)):
        return False
    closing = next((i for i in range(end, min(len(words), opening + MAX_TITLE_TOKENS + 2)) if words[i] == QUOTE), None)
    if closing is None or words[:opening].count(QUOTE) % 2:  # an opening quote, not a closing one
        return False
    inside = [w for w in words[opening + 1 : closing] if w[:1].isalpha()]
    return bool(inside) and all(w[:1].isupper() for w in inside if len(w) > 3)


NAME_PREFIXES = frozenset({"Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Lo", "Van", "Von", "Fitz", "Ja", "Ke", "Ma"})


def junk_mention(sentence: Sentence, start: int, end: int, kind: str, vocabulary: set[str]) -> bool:
    """Not a name: a hashtag or handle, link texts run together ('Kristi NoemKristi Lynn'), a
    plural abbreviation ('LEDs'), or the first part of a longer name the model cut short
    ('Commonwealth' of 'Commonwealth Games')."""
    words = sentence.words
    first = sentence.tokens[start]
    if first.start > 0 and (sentence.text[first.start - 1] in "#@'’&" or sentence.text[first.start - 1].isalnum()):
        return True  # a hashtag, a handle, or the end of a longer word ("De'Broski", "BB&T")
    if any(glued(w, kind, vocabulary) for w in words[start:end]):
        return True
    return bool(PLURAL_ABBREVIATION.match(words[end - 1]))


CALENDAR = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
    "July August September October November December".split()
)


def cut_short(words: Sequence[str], start: int, end: int, kind: str, taken: set[int], rules: NameRules) -> bool:
    """Part of a longer name the model cut short: a capitalised word no name claims right before
    it ('Coral | Sky Amphitheatre', 'Goddard Space | Flight Center'), or capitalised words after it
    ending in a word for an event or a product ('Eurovision | Song Contest', 'Commonwealth | Games')."""
    if start > 1 and start - 1 not in taken and not (kind == "PER" and may_be_first_name(words[start])):
        before = words[start - 1]  # 'Minister for Children, Young People and Families | Margaret Hodge' is no cut
        if before.isalpha() and before[:1].isupper() and not before.isupper() and before.lower() not in HEADLINE_LOWER and before not in rules.titles and before not in CALENDAR:
            return True
    k = end
    while k < len(words) and k - end < 3 and words[k][:1].isupper() and words[k].isalpha():
        if rules.heads.get(words[k]) == "other":
            return True
        k += 1
    return False


PLURAL_ABBREVIATION = re.compile(r"^[A-Z]{2,}s$")
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def may_be_first_name(word: str) -> bool:
    return get_tagger().resources.names.get(word.lower(), "").startswith("first")


def glued(word: str, kind: str, vocabulary: set[str]) -> bool:
    """Words run together where a page's links met: 'NoemKristi' is 'Noem' and 'Kristi'. A person's
    name has no capital inside but after Mc, De, La and the like; an organisation's only when both
    parts are words of the text on their own ('GoogleFirefox', not 'SoftBank')."""
    parts = CAMEL.split(word)
    if len(parts) < 2:
        return False
    if kind == "PER":
        return not all(part.capitalize() in NAME_PREFIXES for part in parts[:-1])
    return all(len(part) > 2 and part in vocabulary for part in parts)


def keep_confident(fixed: list[Span], scored: Sequence[tuple[int, int, str, float, float]], threshold: float) -> list[Span]:
    """Spans sure enough: by the model's type confidence, or, where a rule (a head word, a cue)
    set the type, by its confidence that the words are a name at all ('Victoria Nuland,
    undersecretary of state': a name for sure, of a type the model hesitates over)."""
    name_confidence = {end: name for _, end, _, _, name in scored}
    kept: list[Span] = []
    for start, end, kind, conf, forced in fixed:
        if forced:
            conf = max(conf, name_confidence.get(end, 0.0))
        if conf >= threshold:
            kept.append((start, end, kind, conf, forced))
    return kept


def span_text(sentence: Sentence, start: int, end: int) -> str:
    text = sentence.text[sentence.tokens[start].start : sentence.tokens[end - 1].end]
    return re.sub(r"\s+", " ", text.translate(QUOTE_MAP)).strip()


def plausible(name: str) -> bool:
    """At least two characters, a letter, a capital or a digit to start, and no comma (the
    metadata lists names separated by commas)."""
    return len(name) >= 2 and not any(c in name for c in ",_@/|#") and any(c.isalpha() for c in name) and (name[:1].isupper() or name[:1].isdigit())


Span = tuple[int, int, str, float, bool]


def fix_spans(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]], rules: NameRules) -> list[Span]:
    """Apply the name rules to one sentence's spans."""
    spans = strip_positions(words, strip_parties(words, join_particles(words, spans), rules), rules)
    spans = split_possessive_place(words, split_run_together(words, join_split_names(words, spans, rules), rules))
    spans = split_joined_places(words, spans, rules)
    taken = {i for s, e, kind, _ in spans if kind != "MISC" for i in range(s, e)}
    fixed: list[Span] = []
    for start, end, kind, conf in spans:
        if kind == "PER":
            start = extend_after_title(words, start, taken, rules)
        span = fix_span(words, start, end, kind, conf, rules)
        if span is not None:
            fixed.append(span)
    # A span swallowed by a longer one (a MISC word joined to a name after a title) goes.
    return [a for a in fixed if not any(b is not a and b[0] <= a[0] and a[1] <= b[1] and b[1] - b[0] > a[1] - a[0] for b in fixed)]


NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "di", "du", "bin", "ibn", "al", "el", "la", "le", "ter"})


def join_particles(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    """'Fritz Eckart' + 'von' + 'Weizsäcker': a person's name the model cut at a lower-case
    particle goes on through it to the capitalised words after it."""
    out: list[tuple[int, int, str, float]] = []
    skip_to = -1
    for start, end, kind, conf in spans:
        if start < skip_to:
            continue
        if kind == "PER" and end + 1 < len(words) and words[end] in NAME_PARTICLES and words[end + 1][:1].isupper() and words[end + 1].isalpha():
            stop = end + 1
            while stop < len(words) and (words[stop] in NAME_PARTICLES or (words[stop][:1].isupper() and words[stop].isalpha())) and stop - end < 4:
                stop += 1
            while words[stop - 1] in NAME_PARTICLES:
                stop -= 1
            out.append((start, stop, kind, conf))
            skip_to = stop
            continue
        out.append((start, end, kind, conf))
    return out


def strip_parties(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]], rules: NameRules) -> list[tuple[int, int, str, float]]:
    """'Tory Dominic Grieve', 'Republican Phil Bryant': a party word before a person's first name
    is no part of the name."""
    out: list[tuple[int, int, str, float]] = []
    for start, end, kind, conf in spans:
        if kind == "PER" and end - start >= 3 and words[start] in rules.party_words and may_be_first_name(words[start + 1]):
            start += 1
        out.append((start, end, kind, conf))
    return out


def strip_positions(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]], rules: NameRules) -> list[tuple[int, int, str, float]]:
    """'DL Chad Thomas', 'LB Sione Takitaki of the Browns': a playing position (a title in
    capitals) before a name is no part of it, and the name is a person's (the team after 'of
    the' an organisation's)."""
    out: list[tuple[int, int, str, float]] = []
    for start, end, kind, conf in spans:
        if end - start >= 3 and words[start].isupper() and words[start] in rules.titles and kind != "MISC" and words[start + 1][:1].isupper():
            inner = list(words[start + 1 : end])
            if "of" in inner[1:-1]:
                cut = start + 1 + inner.index("of", 1)
                after = cut + 1 + (words[cut + 1] in ("the", "The"))
                out.append((start + 1, cut, "PER", conf))
                if after < end:
                    out.append((after, end, "ORG", conf))
                continue
            out.append((start + 1, end, "PER", conf))
        else:
            out.append((start, end, kind, conf))
    return out


def split_joined_places(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]], rules: NameRules) -> list[tuple[int, int, str, float]]:
    """'Seventh Street and Central Avenue': two places read as one name, each ending in a
    place's head word, are two places."""
    out: list[tuple[int, int, str, float]] = []
    for start, end, kind, conf in spans:
        cut = next((i for i in range(start + 2, end - 1) if words[i] == "and"), None)
        if kind in ("LOC", "ORG") and cut is not None and rules.heads.get(words[cut - 1]) == "places" and rules.heads.get(words[end - 1]) == "places":
            out.extend([(start, cut, kind, conf), (cut + 1, end, kind, conf)])
        else:
            out.append((start, end, kind, conf))
    return out


def split_possessive_place(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    """"Cleveland's Public Auditorium": a place of the gazetteer and, after its possessive, a
    name of its own (an organisation or a place), read by the model as one name."""
    gazetteer = get_tagger().resources.gazetteer
    out: list[tuple[int, int, str, float]] = []
    for start, end, kind, conf in spans:
        cut = next((i for i in range(start + 1, end - 1) if words[i] in ("'s", "’s")), None)
        if kind in ("LOC", "ORG") and cut is not None and words[cut + 1][:1].isupper() and gazetteer.get(tuple(w.lower() for w in words[start:cut])) is not None:
            out.extend([(start, cut, "LOC", conf), (cut + 1, end, kind, conf)])
        else:
            out.append((start, end, kind, conf))
    return out


def split_run_together(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]], rules: NameRules) -> list[tuple[int, int, str, float]]:
    """Names a caption or a run of links puts side by side, read as one: 'Labour Party Jeremy
    Corbyn' (an organisation, then a person), 'Sui-Lee Wee of the New York Times' (a person of
    an organisation), 'Timothy Weeks AP' (a name and an agency), 'Max Planck Institute for
    Astrophysics in Munich' (a name and where it is)."""
    names = get_tagger().resources.names
    out: list[tuple[int, int, str, float]] = []
    for start, end, kind, conf in spans:
        if kind == "MISC" or end - start < 3:
            out.append((start, end, kind, conf))
            continue
        inner = words[start:end]
        if kind == "ORG" and "in" in inner[1:-1]:
            end = start + inner.index("in", 1)
        elif kind == "PER" and inner[-1].isupper() and inner[-1].isalpha() and len(inner[-1]) <= 3 and not ROMAN.match(inner[-1]):
            end -= 1
        elif "of" in inner[1:-1] and names.get(inner[0].lower(), "").startswith("first"):
            k = start + inner.index("of", 1)
            after = k + 1 + (words[k + 1] in ("the", "The"))
            if rules.heads.get(words[end - 1]) == "organizations" and after < end:
                out.extend([(start, k, "PER", conf), (after, end, "ORG", conf)])
                continue
        cut = person_after_name(words, start, end, rules, names)
        if cut:
            head = rules.heads.get(words[cut - 1])
            first = "ORG" if head == "organizations" else "LOC" if head == "places" else kind
            out.extend([(start, cut, first, conf), (cut, end, "PER", conf)])
        else:
            out.append((start, end, kind, conf))
    return out


ROMAN = re.compile(r"^[IVX]+$")


def person_after_name(words: Sequence[str], start: int, end: int, rules: NameRules, names: dict[str, str]) -> int | None:
    """Where a person's first name starts inside a longer span, right after a word that ends a
    name (an organisation's or a place's head word): 'European Union | Gordon Sondland'."""
    for k in range(start + 1, end - 1):
        if names.get(words[k].lower(), "").startswith("first") and rules.heads.get(words[k - 1]) in ("organizations", "places"):
            if all(w[:1].isupper() for w in words[k:end]):
                return k
    return None


def join_split_names(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]], rules: NameRules) -> list[tuple[int, int, str, float]]:
    """'Tianyi Space Science' + 'and' + 'Technology Research Institute Co. Ltd.': one name,
    when only the second part ends in an organisation's head word; 'Gulf' + 'of' + 'Mexico': one
    name, when the first part ends in a head word; 'U.S.' + 'Virgin Islands', a name of the
    gazetteer or the tables."""
    joined: list[tuple[int, int, str, float]] = []
    for span in spans:
        if joined:
            s1, e1, k1, c1 = joined[-1]
            s2, e2, k2, c2 = span
            heads = rules.heads
            if (
                k1 == k2 == "ORG" and s2 == e1 + 1 and words[e1] in ("and", "&")
                and heads.get(words[e2 - 1]) == "organizations" and heads.get(words[e1 - 1]) != "organizations"
                and not is_organisation(" ".join(words[s1:e1]))  # 'United Nations and European Union': two
            ):
                joined[-1] = (s1, e2, "ORG", max(c1, c2))
                continue
            # 'American' + 'Council on Energy', 'Indiana State' + 'Teachers Association': a name
            # the model cut in two, the second part ending in an organisation's head word
            if s2 == e1 and k1 in ("MISC", "LOC") and k2 == "ORG" and heads.get(words[e2 - 1]) == "organizations" and words[s1][:1].isupper():
                joined[-1] = (s1, e2, "ORG", max(c1, c2))
                continue
            # 'Gulf' + 'of' + 'Mexico', 'University' + 'of' + 'Florida'
            head = heads.get(words[e1 - 1])
            # 'American Council' + 'on' + 'Renewable Energy'
            if s2 == e1 + 1 and (words[e1] == "of" and head in ("places", "organizations") or words[e1] == "on" and head == "organizations") and k1 in ("LOC", "ORG") and k2 in ("LOC", "ORG"):
                joined[-1] = (s1, e2, "LOC" if head == "places" and k1 == "LOC" else "ORG", max(c1, c2))
                continue
            # 'U.S.' + 'Virgin Islands': two names side by side that are one place of the
            # gazetteer or one organisation of the tables
            if s2 == e1 and k1 != "PER" and k2 != "PER":
                whole = " ".join(words[s1:e2])
                if get_tagger().resources.gazetteer.get(tuple(whole.lower().split())) is not None:
                    joined[-1] = (s1, e2, "LOC", max(c1, c2))
                    continue
                if is_organisation(whole):
                    joined[-1] = (s1, e2, "ORG", max(c1, c2))
                    continue
            # "U.S. Attorney's Office" + 'for the' + 'Western District': one organisation
            gap = words[e1:s2]
            if k1 == "ORG" and head == "organizations" and k2 != "PER" and gap in (["for"], ["for", "the"]):
                joined[-1] = (s1, e2, "ORG", max(c1, c2))
                continue
        joined.append(span)
    return joined


SURE_NAME = 0.85  # the model is this sure the words are a name, whatever their type


def shaped_person(words: Sequence[str], start: int, end: int, kind: str, conf: float, name: float, tagger: Tagger) -> tuple[int, int, str, float]:
    """'Brandon Montour' (a name for sure, of a type the model doubts: person, work or
    organisation): two or three words shaped like a name, not after an article, the first a first
    name of the census lists, none a word news text writes in lower case, are a person's name."""
    if kind not in ("PER", "MISC", "ORG") or conf >= tagger.threshold or name < SURE_NAME or not 2 <= end - start <= 3:
        return (start, end, kind, conf)
    if start > 0 and words[start - 1] in ("The", "the", "A", "a", "An", "an"):
        return (start, end, kind, conf)  # 'The Amber Spyglass', 'Girl With A Pearl Earring': a title
    inner = words[start:end]
    common = tagger.resources.common
    if nationality(inner[0], tagger.resources.gazetteer):
        return (start, end, kind, conf)  # 'German Boerse': a nationality before a name
    if may_be_first_name(inner[0]) and all(name_shaped_word(w) and w.lower() not in common for w in inner[1:]):
        return (start, end, "PER", name)
    return (start, end, kind, conf)


def nationality(word: str, gazetteer: dict[tuple[str, ...], str]) -> bool:
    """A country's name or its people's word ('German' of Germany, 'Jordan'), by the gazetteer."""
    lower = word.lower()
    stems = [lower + end for end in ("", "y", "ia", "a")] + [lower[: -len(end)] for end in ("n", "an", "ian", "ese", "ish", "i") if lower.endswith(end)]
    return any(gazetteer.get((stem,)) == "country" for stem in stems)


def name_shaped_word(word: str) -> bool:
    """A capital, then lower-case letters (a hyphen or an inner capital after Mc and the like allowed)."""
    core = word.replace("-", "").replace("'", "")
    return core.isalpha() and core[:1].isupper() and (core[1:].islower() or core[:2] in ("Mc", "Di", "De", "La", "Le"))


def after_person_title(words: Sequence[str], start: int, end: int, kind: str, conf: float, rules: NameRules) -> tuple[int, int, str, float]:
    """'Rep. Alexandria Ocasio-Cortez': a person's name right after a person's title is as sure
    as the model's sure names ('President Ascom North America' names an employer)."""
    if kind == "MISC" or start == 0 or words[start - 1] not in rules.person_titles or not all(w[:1].isupper() for w in words[start:end]):
        return (start, end, kind, conf)
    if kind == "PER" or (may_be_first_name(words[start]) and rules.heads.get(words[end - 1]) is None):
        return (start, end, "PER", max(conf, TITLED_CONFIDENCE))
    return (start, end, kind, conf)


def personal_name(word: str) -> bool:
    """A first name of the census lists, or a word shaped like a name that news text never
    writes in lower case ('Oona')."""
    resources = get_tagger().resources
    core = word.replace("-", "")
    return may_be_first_name(word) or (core.isalpha() and core[:1].isupper() and core[1:].islower() and word.lower() not in resources.common)


def titled_names(words: Sequence[str], spans: Sequence[tuple[int, int, str, float]], rules: NameRules, names: dict[str, str]) -> list[tuple[int, int, str, float]]:
    """Names the model missed after a person's title: 'Reps. French Hill (R-Ark.)'."""
    taken = {i for s, e, kind, _ in spans for i in range(s, e)}
    added: list[tuple[int, int, str, float]] = []
    for i, word in enumerate(words[:-1]):
        if word not in rules.person_titles or i + 1 in taken:
            continue
        end = i + 1
        while end < len(words) and end - i <= 3 and words[end][:1].isupper() and words[end].isalpha() and words[end] not in rules.titles:
            end += 1
        if end == i + 1 or end - i > 3 or any(k in taken for k in range(i + 1, end)):
            continue
        if words[end - 1].lower() in names and (end == len(words) or not words[end][:1].isupper()):
            added.append((i + 1, end, "PER", TITLED_CONFIDENCE))
    return added


def extend_after_title(words: Sequence[str], start: int, taken: set[int], rules: NameRules) -> int:
    """'Reps. French Hill': capitalised words between a title and a person's name are the name."""
    k = start
    while k > 0 and start - k < 2 and words[k - 1][:1].isupper() and words[k - 1] not in rules.titles and k - 1 not in taken:
        k -= 1
    if k < start and k > 0 and words[k - 1] in rules.titles:
        return k
    return start


def places_joined(word: str, rules: NameRules) -> bool:
    """'US-China', 'Israel-Gaza': two places or more joined by hyphens, written before a noun
    they qualify, are no place's name ('Guinea-Bissau', a place of the gazetteer, is)."""
    parts = word.split("-")
    gazetteer = get_tagger().resources.gazetteer
    if len(parts) < 2 or gazetteer.get((word.lower(),)) is not None:
        return False
    return all(gazetteer.get((part.lower(),)) is not None or gazetteer.get(tuple(rules.aliases.get(part, "").lower().split())) is not None for part in parts)


def fix_span(words: Sequence[str], start: int, end: int, kind: str, conf: float, rules: NameRules) -> Span | None:
    """Titles off, lower-case words out, head words and cues decide the kind; None drops it."""
    if start == 0 and words[start] in rules.menu_verbs:
        return None  # 'Follow The New York Times Opinion': a menu line
    if end - start == 1 and places_joined(words[start], rules):
        return None  # 'US-China (trade talks)': places that qualify a noun
    cued = cued_kind(words, start, end, kind, rules)
    if kind == "MISC":
        head = rules.heads.get(words[end - 1]) if end - start > 1 else None
        if head in ("organizations", "places"):
            return (start, end, "ORG" if head == "organizations" else "LOC", conf, True)
        if cued and not any(w[:1].islower() and w not in CONNECTORS for w in words[start:end]):
            return (start, end, cued, conf, True)
        return (start, end, kind, conf, False)
    start, kind = after_descriptor(words, start, end, kind, rules)
    if kind == "PER" and end - start == 1 and start > 0 and words[start - 1] in rules.kept_titles:
        start -= 1  # "Prince Andrew": with one name, the title stays
    while kind != "PER" and end - start > 1 and words[start] in LEADING_ADJECTIVES:
        start += 1  # 'Former Downing Street (director)'
    if kind in ("ORG", "LOC") and end - start > 1 and words[start] in HONORIFICS:
        kind = "PER"  # 'Mr Justice Eady': an honorific opens a person's name only
    if words[start] in rules.titles:
        if kind != "PER" and (end - start == 1 or words[start + 1] == "of"):
            return None
        while kind == "PER" and end - start > 1 and words[start] in rules.titles:
            if end - start == 2 and words[start] in rules.kept_titles:
                break  # "Prince Andrew", "Pope Francis": the title is part of the name
            start += 1
    inner = words[start:end]
    if kind == "PER" and inner[-1] in rules.titles and not (len(inner) > 1 and personal_name(inner[-2])):
        return None  # 'Strategy Officer', but 'Oona King'
    if any(w[:1].islower() and w not in CONNECTORS for w in inner) or inner[-1] in CONNECTORS:
        return None
    forced = False
    head = head_kind(inner, rules) if end - start > 1 else None
    if head == "other":
        return None
    if head:
        kind, forced = {"people": "PER", "organizations": "ORG", "places": "LOC"}[head], True
    if has_org_cue(words, end, rules):
        kind, forced = "ORG", True
    elif cued and not forced:
        kind, forced = cued, True
    elif not forced and end + 1 < len(words) and words[end] == "," and words[end + 1].lower() in rules.person_cues and words[end + 1].islower() and not country_or_region(inner):
        kind, forced = "PER", True  # 'Smith, who ...', but not 'Russia and Pakistan, who cannot ...'
    elif not forced and kind != "LOC" and employer_before_staff(words, start, end, kind, conf, rules):
        kind, forced = "ORG", True  # 'Jefferies analyst Jonathan Matuszewski': the employer
    if kind == "ORG" and start > 1 and words[start - 1] == "The" and words[start - 2] not in ('"', "'", "(", ":"):
        start -= 1
    return (start, end, kind, conf, forced)


def country_or_region(inner: Sequence[str]) -> bool:
    """A country or region of the gazetteer ('Pakistan', 'Cyprus'): no person, whatever words follow."""
    return get_tagger().resources.gazetteer.get(tuple(w.lower() for w in inner)) in ("country", "region")


def employer_before_staff(words: Sequence[str], start: int, end: int, kind: str, conf: float, rules: NameRules) -> bool:
    """'Jefferies analyst', 'Wedbush analysts': a name right before a word for staff is their
    employer. A person the model is sure of or named by a first name ('Trump adviser'), a common
    word, and one word opening a sentence ('Robotics researchers'), are not."""
    if end >= len(words) or words[end] not in rules.staff_words:
        return False
    if kind == "PER" and (conf >= TITLED_CONFIDENCE or may_be_first_name(words[start])):
        return False
    if start >= 2 and words[start - 1] in ("of", "for", "and", "&", "on") and words[start - 2][:1].isupper():
        return False  # 'Department for | Constitutional Affairs spokeswoman': the end of a longer name
    return not (end - start == 1 and (start == 0 or words[start].lower() in get_tagger().resources.common))


def cued_kind(words: Sequence[str], start: int, end: int, kind: str, rules: NameRules) -> str | None:
    """The kind a word right before the name gives it: 'think-tank Demos', 'the firm, Paion'
    (an organisation), 'the city of Leeds' (a place). A person's full name ('developer John
    Smith') keeps its kind."""
    before = [w.lower() for w in words[max(0, start - 3) : start]]
    if before[-1:] == [","]:
        before = before[:-1]
    if not before:
        return None
    if kind == "PER" and end - start > 1 and may_be_first_name(words[start]):
        return None  # 'developer John Smith': a person's full name stays a person
    if before[-1] in rules.org_before and words[start - 1 - (words[start - 1] == ",")].islower():
        return "ORG"
    if words[start - 1] == "The" and before[-2:-1] and before[-2] in rules.org_before and words[start - 2].islower():
        return "ORG"  # 'the think-tank The Brookings Institution
    if org_described_after(words, end, rules) and not (len(before) >= 2 and before[-1] in ("of", "for") and words[start - 2][:1].isupper()):
        return "ORG"  # not 'Diplomatic Academy of | Vietnam, a government university': the longer name's
    if len(before) >= 2 and before[-1] == "of" and before[-2] in rules.place_before and kind != "PER":
        return "LOC"
    return None


DETERMINERS = frozenset({"a", "an", "the"})


def org_described_after(words: Sequence[str], end: int, rules: NameRules) -> bool:
    """'Dräger, a global producer of ...', 'Ascom, a global solutions provider': a comma, an
    article and a few lower-case words, one of them a word for an organisation and none a
    person's role ('a company spokesman')."""
    if end + 2 >= len(words) or words[end] != "," or words[end + 1].lower() not in DETERMINERS:
        return False
    described = []
    for word in words[end + 2 : end + 6]:
        if not word.islower():
            break
        described.append(word)
    return any(w in rules.org_before for w in described) and not any(w in rules.person_cues for w in described)


VENUE_CENTRES = frozenset({"Center", "Centre"})


def head_kind(inner: Sequence[str], rules: NameRules) -> str | None:
    """The kind a name's last word gives it; a centre for events ('Blossom Music Center', 'the
    Javits Convention Center') is a venue, a place."""
    if inner[-1] in VENUE_CENTRES and len(inner) > 1 and inner[-2] in rules.venue_words:
        return "places"
    return rules.heads.get(inner[-1])


HONORIFICS = frozenset({"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr."})
LEADING_ADJECTIVES = frozenset({"Former", "Formerly", "Acting", "Senior", "Ex", "Then"})


def after_descriptor(words: Sequence[str], start: int, end: int, kind: str, rules: NameRules) -> tuple[int, str]:
    """'Browns DL Sheldon Richardson', 'CBS Sports NFL Insider Jason La Canfora': a person's name
    after a short all-caps word or a title inside a longer span is the name."""
    if end - start < 4 or kind not in ("PER", "ORG"):
        return start, kind
    names = get_tagger().resources.names
    for k in range(end - 3, start, -1):
        word = words[k]
        if word in rules.titles and all(w[:1].isupper() for w in words[k + 1 : end]) and rules.heads.get(words[end - 1]) is None:
            return k + 1, "PER"  # not 'Indiana State | Teachers Association': a head word ends a name
        if word.isupper() and word.isalpha() and len(word) <= 4 and names.get(words[k + 1].lower(), "").startswith("first"):
            return k + 1, "PER"
    return start, kind


def has_org_cue(words: Sequence[str], end: int, rules: NameRules) -> bool:
    """Is the name followed by a word that marks an organisation ('The Atlantic magazine')?"""
    following = [w.lower() for w in words[end : end + 3]]
    return any(tuple(following[: len(cue)]) == cue for cue in rules.org_cues)


def named_before_apposition(words: Sequence[str], spans: Sequence[Span], rules: NameRules) -> list[Span]:
    """'Spacety, also known as Tianyi Co. Ltd.': the capitalised words before the phrase name the
    same entity as the name after it, even where the model missed them."""
    added: list[Span] = []
    starts = {s[0]: s for s in spans}
    taken = {i for s in spans for i in range(s[0], s[1])}
    firsts = {phrase[0] for phrase in rules.apposition}
    for i in range(1, len(words) - 1):
        if words[i].lower() not in firsts:
            continue
        for phrase in rules.apposition:
            if i + len(phrase) >= len(words) or tuple(w.lower() for w in words[i : i + len(phrase)]) != phrase:
                continue
            after = i + len(phrase) + (words[i + len(phrase)] in ("(", ","))
            second = starts.get(after)
            end = i - 1 if words[i - 1] in (",", "(") else i
            start = end
            while start > 0 and words[start - 1][:1].isupper() and start - 1 not in taken:
                start -= 1
            if second is None or second[2] == "MISC" or start == end or end - 1 in taken:
                continue
            added.append((start, end, second[2], second[3], False))
    return added


def apposition_pairs(words: Sequence[str], named: Sequence[tuple[int, int, str, float, bool, str]], rules: NameRules) -> list[tuple[str, str, str]]:
    """(alias, name, kind) for 'Name, also known as Alias' and 'Name (ACRONYM)' within a sentence."""
    pairs: list[tuple[str, str, str]] = []
    for first, second in zip(named, named[1:]):
        between = tuple(w.lower() for w in words[first[1] : second[0]] if w not in (",", "(", "-", "--"))
        if between in rules.apposition and first[2] in ("ORG", "PER") and second[2] != "MISC":
            pairs.append((second[5], first[5], first[2]))
    for start, end, kind, _, _, text in named:
        if kind == "ORG" and end - start > 1 and end + 2 < len(words) and words[end] == "(" and words[end + 2] == ")":
            alias = words[end + 1]
            if DEFINED_ACRONYM.match(alias) and alias.isupper():
                pairs.append((alias, text, kind))
    return pairs


DEFINED_ACRONYM = re.compile(r"^[A-Z][A-Za-z&]{1,7}$")


# Articles of the languages served beside English: before a name, no part of it ('La Juventus').
FOREIGN_ARTICLES = frozenset("le la les l' el los las il lo gli i o os a as de het een der die das den dem des".split())
# Words that end a German organisation's name or head one ('Helios Kliniken', 'Thoraxklinik
# Heidelberg', 'Deutsche Bank', 'Techniker Krankenkasse'): institutions by their kind of body.
GERMAN_ORGANISATION_HEADS = (
    "klinik", "kliniken", "klinikum", "krankenhaus", "krankenkasse", "universität", "hochschule",
    "bank", "ministerium", "gericht", "gerichtshof", "institut", "stiftung", "verband", "partei",
    "werke", "verlag", "rundfunk", "akademie", "amt",
)
GERMAN_LEGAL_FORMS = frozenset({"AG", "GmbH", "SE", "KG", "KGaA", "e.V.", "eG", "mbH"})
# Articles and contracted prepositions: a word German writes after one ('am Ende') is a noun.
GERMAN_ARTICLES = "der die das dem den des ein eine einem einen einer eines am im vom zum zur beim ins ans".split()
GERMAN_NOUN = re.compile(r"(?<![\w-])(?i:" + "|".join(GERMAN_ARTICLES) + r")\s+([A-ZÄÖÜ][\w-]*)")


def other_language_mentions(article: Article, mentions: Sequence[Mention], language: str, lower_seen: frozenset[str]) -> list[Mention]:
    """The mentions of an article in another language the rules can trust. A name whose first
    word the text writes in lower case, or a lone word the text capitalises only where a sentence
    starts, is a capital that only starts a sentence; the country and
    region names the language gives are places. German capitalises every noun: there only
    places of the gazetteers, organisations of the tables or named by their kind of body or legal
    form, and people whose first word is a known first name are kept."""
    names = get_tagger().resources.names
    gazetteer = get_tagger().resources.gazetteer
    nouns = german_nouns(article) if language == "de" else frozenset()
    cap_mid = DocStats.of(s.words for s in article_sentences(article) if s.region != "title").cap_mid
    kept: list[Mention] = []
    for mention in mentions:
        words = mention.name.split()
        if len(words) > 1 and words[0].lower() in FOREIGN_ARTICLES and not is_organisation(mention.name):
            words = words[1:]  # 'La Juventus': the article is no part of the name ('Le Monde' of the tables is)
            mention = Mention(" ".join(words), mention.kind, mention.confidence, mention.region, mention.forced, mention.cased, mention.literal)
        if words[0].lower() in lower_seen and not is_organisation(mention.name):
            continue
        if len(words) == 1 and not mention.forced and words[0].lower() not in cap_mid and not (territory_kind(mention.name, language) or (words[0].lower(),) in gazetteer):
            continue  # 'Assista' (watch): a capital only where a sentence starts
        if language == "de" and (mention.name in nouns or not german_name(mention, words, names, gazetteer)):
            continue
        if territory_kind(mention.name, language):
            mention = Mention(mention.name, "LOC", max(mention.confidence, TABLE_CONFIDENCE), mention.region, True, mention.cased)
        elif language == "de" and mention.kind != "LOC" and german_organisation(words):
            mention = Mention(mention.name, "ORG", max(mention.confidence, TABLE_CONFIDENCE), mention.region, True, mention.cased)
        kept.append(mention)
    return kept + territory_mentions(article, language, {m.name for m in kept})


def german_nouns(article: Article) -> frozenset[str]:
    """Capitalised words the German text writes after an article ('das Ende'): nouns, not names."""
    text = " ".join((article.title, article.caption, *article.body))
    return frozenset(GERMAN_NOUN.findall(text))


def german_name(mention: Mention, words: Sequence[str], names: dict[str, str], gazetteer: dict[tuple[str, ...], str]) -> bool:
    """A name German text gives that capitals alone do not explain."""
    if territory_kind(mention.name, "de") or (mention.kind == "LOC" and tuple(w.lower() for w in words) in gazetteer):
        return True
    if is_organisation(mention.name) or (len(words) > 1 and german_organisation(words)):
        return True
    return mention.kind == "PER" and len(words) > 1 and names.get(words[0].lower(), "").startswith("first") and words[-1][:1].isupper()


def german_organisation(words: Sequence[str]) -> bool:
    """Named by a legal form ('Siemens AG') or a kind of body it heads or ends with."""
    if words[-1] in GERMAN_LEGAL_FORMS:
        return True
    return any(w.lower().endswith(GERMAN_ORGANISATION_HEADS) for w in (words[0], words[-1]))


# A capitalised word and 'de', 'of', "d'" right before a country: the country is inside a longer
# name ('Banca d'Italia', 'Bank of England', 'Universidade de Portugal').
INSIDE_NAME = re.compile(r"[A-ZÀ-Ý][\w-]* +(?:de|da|do|di|del|della|des|du|of|van|von|für) +$|[A-ZÀ-Ý][\w-]* +d['’]$")


def territory_mentions(article: Article, language: str, known: set[str]) -> list[Mention]:
    """Country and region names of the language that the model left untagged."""
    pattern = territory_pattern(language)
    if pattern is None:
        return []
    regions = [("title", article.title), ("caption", article.caption)] + [("body", p) for p in article.body]
    return [
        Mention(match.group(), "LOC", TABLE_CONFIDENCE, region, True, True)
        for region, text in regions
        for match in pattern.finditer(text)
        if match.group() not in known and not INSIDE_NAME.search(text[max(0, match.start() - 40) : match.start()])
    ]
