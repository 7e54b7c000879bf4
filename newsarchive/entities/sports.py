"""Sports copy: results and tables, where players and teams are named before numbers, and the
teams a report names by nickname or city, which the model reads as places."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from ..article import Article
from .gazetteer import club_full_names, Team, team_names, teams
from .names import NameRules
from .sentences import may_be_first_name, Mention, Sentence, Span, TABLE_CONFIDENCE


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
# What every stat line and every feat holds ('25 points', '27 shots'): a paragraph without it is
# searched no further (the name before it is what costs).
STAT_NUMBER = re.compile(rf"\d{{1,3}} +(?:total +)?(?:{STAT_WORDS})\b")
FEAT_NUMBER = re.compile(rf"\d{{1,3}} +(?:shots|{STAT_WORDS})\b")
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
        if sports and FEAT_NUMBER.search(text):
            featured.update(dict.fromkeys(m.group("name") for m in PLAYER_FEAT.finditer(text) if m.group("name").split()[0] not in HEADLINE_TITLES))
        if STAT_NUMBER.search(text):
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
    scores = sum(1 for w in words if w[:1].isdigit() and SCORE.match(w))
    lexicon = sum(1 for w in words if w.lower() in rules.sports_words)
    return scores >= 2 and lexicon >= 3


FOOTBALL_WORDS = frozenset({
    "footballer", "footballers", "striker", "midfielder", "goalkeeper", "keeper", "winger", "defender",
    "full-back", "centre-back", "transfer", "loan", "signing", "penalty", "dressing", "pitch",
})
FOOTBALL_MIN_WORDS = 2


def football_copy(sentences: Sequence[Sentence], running: str) -> bool:
    """A football report or transfer story: a club of several words named ('Athletic Bilbao'), or
    the words of the game ('striker', 'keeper', 'signing')."""
    opening = club_openers()
    if any(f" {club} " in running for word in set(running.split(" ")) for club in opening.get(word, ())):
        return True
    return sum(1 for s in sentences for w in s.words if w.lower() in FOOTBALL_WORDS) >= FOOTBALL_MIN_WORDS


@lru_cache(maxsize=1)
def club_openers() -> dict[str, tuple[str, ...]]:
    """The clubs of several words by their first word: only a story's own words need looking for."""
    opening: dict[str, list[str]] = {}
    for club in sorted(club_full_names()):
        opening.setdefault(club.split(" ")[0], []).append(club)
    return {word: tuple(clubs) for word, clubs in opening.items()}


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
