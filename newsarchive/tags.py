"""Topic tags for an article: the seed's own tags and the category, then key phrases.

Key phrases are noun phrases of one to three lower-case words (names are capitalised, so no
entity name becomes a tag; the part of speech comes from a word list learned with the entity
model), scored by how often the article uses them, in the headline and
early on especially, times how rare their words are in news English (the rank of each word in
the entity model's word list, learned from news text). Archive-wide, a tag only one article
carries is dropped once there are enough articles to judge.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from operator import itemgetter

from .article import Article

MAX_TAGS = 8
MIN_TAGS = 3
MAX_WORDS = 3
JUDGE_FROM = 20  # articles in the archive before one-article tags are dropped

STOPWORDS = frozenset(
    """a about above after again against all almost along already also although always am among an
    and another any anyone anything are around as at away back be became because become been before
    being below between both but by can cannot could did do does doing done down during each either
    else enough even ever every few for from further get gets getting given go goes going gone got
    had has have having he her here hers herself him himself his how however i if in including
    instead into is it its itself just last least less let like likely made make makes making many
    may me might more most much must my myself near need needs neither never new next no nor not
    now of off often on once one only onto or other others otherwise our ours ourselves out over
    own per perhaps put quite rather really same see seen several shall she should since so some
    something still such than that the their theirs them themselves then there these they thing
    things this those though through thus to together too toward towards under until up upon us
    use used using very via want wanted was way ways we well were what whatever when where whether
    which while who whom whose why will with within without would yet you your yours yourself
    first second third two three four five six seven eight nine ten hundred thousand million
    billion trillion dozen half van von der den de del della la le al bin ibn""".split()
)
# Words of the news trade and of page furniture: true of every article, a topic of none.
BOILERPLATE = frozenset(
    """said says say saying told tell tells added adds according reported reports report reporting
    reporter reporters news newsletter story stories article articles read reading click subscribe
    subscription sign email share shared comment comments photo photos image images picture video
    videos caption credit copyright rights reserved advertisement sponsored content page website
    site online link links follow update updated breaking exclusive statement statements interview
    spokesman spokeswoman spokesperson official officials source sources people person year years
    month months week weeks day days today yesterday tomorrow time times moment morning evening
    night percent cent per lot lots number numbers part parts kind sort case cases matter matters
    point points fact facts issue issues question questions thing end top recent latest former
    told asked called known expected continue continued include includes included think believe
    know want come came take took taken give gave put set show shows showed look looks seem seems
    seemed mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday january february
    march april june july august september october november december
    man men woman women child children kid kids family families wife husband son daughter mother
    father friend friends member members group groups company companies firm firms move moves place
    places start end break work job jobs thing idea ideas plan plans problem problems system systems
    service services program programs programme programmes series stage stages state states nation
    nations country countries world area areas region regions side sides level levels line lines
    term terms role roles result results data fire shot shots inch inches hour hours minute minutes
    home life lives fun dream dreams title titles look view views sense kind type types form forms
    user users change changes effort efforts step steps process situation support need help hand
    hands head heads eye eyes face order orders deal deals talks bench game games team teams season
    seasons match matches president minister prime government governments authorities agency
    agencies public community performance products product solutions units unit quarter shop
    direct details detail list lists guide guides review reviews everything anything couple call
    calls close position positions information location locations access experience front reason
    reasons status version versions task tasks period periods course summer winter spring autumn
    future history decision decisions announcement expectations estimates impact response office
    offices staff owner owners surface exchange claims claim feelings advertiser https http www
    tsp tbsp cup cups features feature options option name names host measures quality approach
    presence timing contact advantage horizon parent parents experts expert partners solution
    organisations organizations operations chairman co-founder founder formation aides""".split()
)
# Words of page furniture that make a listed tag or a category no topic ("Top Local Stories").
SECTION_WORDS = frozenset(
    """news latest breaking top local stories story articles article filtered home more opinion
    editorial editorials direct share sharing about this read live video videos all""".split()
)
MAX_CANDIDATES = 16  # topics an article keeps in reserve for the archive-wide step
MAX_LISTED_WORDS = 4  # a longer "tag" is a run of navigation text
TOKEN_RE = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W\d_])?|[^\s\w]+|\d[\w.,]*")  # 'Weizsäcker' is one word
URL_RE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")


def normalise_tag(text: str) -> str:
    """Lower case, single spaces, no punctuation at the ends."""
    return re.sub(r"\s+", " ", text).strip(" .,;:!?-–—'\"“”‘’«»()[]").lower()


@lru_cache(maxsize=1)
def word_ranks() -> dict[str, int]:
    """Lower-case word → frequency rank in news text (the entity model's word list is in order)."""
    from .entities.features import CLUSTERS_FILE

    ranks: dict[str, int] = {}
    if CLUSTERS_FILE.is_file():
        for rank, line in enumerate(CLUSTERS_FILE.read_text(encoding="utf-8").splitlines()):
            ranks.setdefault(line.split("\t", 1)[0].lower(), rank)
    return ranks


def rarity(word: str) -> float:
    """How informative a word is: log of its frequency rank (unseen words count as rare)."""
    ranks = word_ranks()
    return math.log(2 + ranks.get(word, 30_000))


@lru_cache(maxsize=1)
def parts_of_speech() -> dict[str, str]:
    """Lower-case word → N, J, V or O (its usual part of speech in news text)."""
    from .entities.features import POS_FILE

    if not POS_FILE.is_file():
        return {}
    return dict(line.split("\t", 1) for line in POS_FILE.read_text(encoding="utf-8").splitlines() if "\t" in line)


def noun_phrase(words: Sequence[str]) -> bool:
    """Adjectives and nouns ending in a noun: 'corporate governance', 'sanctions'.
    Words the lexicon does not know are taken as nouns."""
    pos = parts_of_speech()
    kinds = [pos.get(w, "N") for w in words]
    return kinds[-1] == "N" and all(k in ("N", "J") for k in kinds)


@lru_cache(maxsize=1 << 16)
def fold(phrase: str) -> str:
    """A key that joins singular and plural: 'sanctions' and 'sanction'."""
    words = phrase.split()
    last = words[-1]
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 3:
        last = last[:-1]
    return " ".join([*words[:-1], last])


def content_word(word: str) -> bool:
    return (
        len(word) > 2
        and not (word.endswith("ed") and parts_of_speech().get(word, "V") != "N")  # 'diagnosed', 'honored'
        and not word.startswith(("year-", "in-"))
        and word.islower()  # no 'iPhone', no 'xCloud': a capital inside marks a name
        and word not in STOPWORDS
        and word not in BOILERPLATE
        and not word.endswith("ly")
        and not any(c.isdigit() for c in word)
    )


@lru_cache(maxsize=1 << 17)
def phrase_word(token: str) -> tuple[str, bool, bool] | None:
    """A token as a key-phrase word: (word, is a noun, is a noun or adjective), or None when
    it ends a run. Cached per token string: news text repeats its words."""
    word = token.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if not content_word(word) or "'" in word:
        return None
    kind = parts_of_speech().get(word, "N")
    return word, kind == "N", kind in ("N", "J")


@lru_cache(maxsize=256)
def tokens_of(text: str) -> tuple[str, ...]:
    """TOKEN_RE's tokens of a text; cached, since an article's annotation reads each text twice
    or more (the headline counts twice, and the listed tags read the words again)."""
    return tuple(TOKEN_RE.findall(text))


def candidate_phrases(text: str) -> Iterable[str]:
    """Runs of 1..MAX_WORDS lower-case content words inside one clause that are noun phrases
    (see `noun_phrase`), shortest first, in text order."""
    run: list[tuple[str, bool, bool]] = []
    if "://" in text or "www." in text or "@" in text:
        tokens: Sequence[str] = TOKEN_RE.findall(URL_RE.sub(" . ", text))
    else:
        tokens = tokens_of(text)
    for token in tokens:
        found = phrase_word(token)
        if found is not None:
            run.append(found)
        elif run:
            yield from run_phrases(run)
            run = []
    if run:
        yield from run_phrases(run)


def run_phrases(run: list[tuple[str, bool, bool]]) -> Iterable[str]:
    """The noun phrases of one run of (word, is a noun, is a noun or adjective): shortest first."""
    words = [w[0] for w in run]
    nouns = [w[1] for w in run]
    usable = [w[2] for w in run]
    count = len(run)
    for size in range(1, min(MAX_WORDS, count) + 1):
        for i in range(count - size + 1):
            end = i + size
            if nouns[end - 1] and all(usable[i:end]):
                yield words[i] if size == 1 else " ".join(words[i:end])


def ranked_phrases(article: Article) -> list[tuple[str, bool]]:
    """The article's key phrases, most telling first, none inside another, each with whether
    the article uses it more than once."""
    counts: Counter[str] = Counter()
    weight: dict[str, float] = defaultdict(float)
    forms: dict[str, dict[str, int]] = defaultdict(dict)  # each key's spellings, counted in order of first use
    paragraphs = [article.title, article.title, *article.body]  # the headline counts twice
    for position, paragraph in enumerate(paragraphs):
        early = 1.5 if position < 5 else 1.0
        for phrase in candidate_phrases(paragraph):
            key = fold(phrase)
            counts[key] += 1
            weight[key] += early
            spellings = forms[key]
            spellings[phrase] = spellings.get(phrase, 0) + 1
    scored = [(counts[key] >= 2, weight[key] * sum(rarity(w) for w in key.split()), key) for key in counts]
    chosen: list[tuple[str, bool]] = []
    taken: set[str] = set()
    for recurring, _, key in sorted(scored, key=lambda item: (not item[0], -item[1], item[2])):
        words = {fold(w) for w in key.split()}
        if words & taken:
            continue
        taken |= words
        chosen.append((max(forms[key].items(), key=itemgetter(1))[0], recurring))  # the first most used
        if len(chosen) >= MAX_CANDIDATES:
            break
    return chosen


def key_phrases(article: Article, limit: int, min_count: int = MIN_TAGS) -> list[str]:
    """The article's best key phrases: those it uses more than once, then those used once up
    to `min_count` (a phrase used once is a weak topic)."""
    chosen: list[str] = []
    for phrase, recurring in ranked_phrases(article):
        if len(chosen) >= limit or (not recurring and len(chosen) >= min_count):
            break
        chosen.append(phrase)
    return chosen


def listed_tags(article: Article) -> list[str]:
    """The seed's own tags and its category, normalised, without navigation text, names
    ('Hong Kong', 'Xi Jinping') or outlets' section labels ('Top Local Stories')."""
    if not article.seed_tags and not article.category:
        return []
    lower_words = {w for text in (article.title, *article.body) for w in tokens_of(text) if w.islower()}
    found: list[str] = []
    for tag in (*article.seed_tags, article.category):
        tag = normalise_tag(tag)
        if tag and tag not in found and usable_listed_tag(tag, lower_words):
            found.append(tag)
    return found


def usable_listed_tag(tag: str, lower_words: set[str]) -> bool:
    words = tag.split()
    if len(words) > MAX_LISTED_WORDS or all(w in SECTION_WORDS or w in BOILERPLATE or w in STOPWORDS for w in words):
        return False
    # A name: no word of it is one the article or news text writes in lower case.
    return any(w in lower_words or w in common_words() for w in words)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words news text writes in lower case (from the entity model's word list)."""
    from .entities.recognise import get_tagger

    return get_tagger().resources.common


def annotate(article: Article) -> Article:
    """3–8 tags: the seed's own, the category, then key phrases (for English articles); up to
    MAX_CANDIDATES in reserve for the archive-wide step."""
    found = listed_tags(article)[:MAX_TAGS]
    if article.language not in ("en", ""):
        return article.with_(tags=tuple(found), tag_candidates=tuple(found))  # the key phrase lists are English
    ranked = ranked_phrases(article)
    candidates = list(found)
    tags = list(found)
    folded = {fold(t) for t in candidates}
    for phrase, recurring in ranked:
        if phrase in candidates or fold(phrase) in folded:
            continue
        candidates.append(phrase)
        folded.add(fold(phrase))
        if len(tags) < MAX_TAGS and (recurring or len(tags) < MIN_TAGS):
            tags.append(phrase)
    return article.with_(tags=tuple(tags), tag_candidates=tuple(candidates[:MAX_CANDIDATES]))


def finalize(articles: list[Article]) -> list[Article]:
    """Archive-wide: plural and singular share one spelling; once the archive is large enough,
    a tag only one article would carry goes (the category stays). A tag recurs when another
    article has it among its tags or its candidates; that article then carries it too (room
    allowing). An article left with fewer than MIN_TAGS takes, in turn, its best candidates
    that recur, the head nouns of its candidates that recur ('plague' of 'bubonic plague'), and
    at last its own best tags."""
    reserves = [a.tag_candidates or a.tags for a in articles]
    spelling = tag_spellings([*reserves, *(a.tags for a in articles)])
    owns = [dedupe(spelling.get(t, t) for t in a.tags) for a in articles]
    reserves = [dedupe([*own, *(spelling.get(t, t) for t in r)]) for own, r in zip(owns, reserves, strict=True)]
    if len(articles) >= JUDGE_FROM:
        known = Counter(t for tags in reserves for t in tags)
        owns = [pick_tags(own, reserve, known, normalise_tag(a.category)) for a, own, reserve in zip(articles, owns, reserves, strict=True)]
        share_tags(owns, reserves)
    result: list[Article] = []
    for article, own in zip(articles, owns, strict=True):
        if tuple(own) != article.tags:
            article = article.with_(tags=tuple(own))
        result.append(article)
    return result


def pick_tags(own: list[str], reserve: list[str], known: Counter[str], category: str) -> list[str]:
    """The article's tags that recur in the archive, topped up to MIN_TAGS (see finalize)."""
    kept = [t for t in own if known[t] >= 2 or t == category]
    heads = [t.split()[-1] for t in reserve if " " in t]
    for tier in ([t for t in reserve if known[t] >= 2], [h for h in heads if known[h] >= 1], own):
        for tag in tier:
            if len(kept) >= MIN_TAGS:
                return kept[:MAX_TAGS]
            if tag not in kept and fold(tag) not in {fold(k) for k in kept}:
                kept.append(tag)
    return kept[:MAX_TAGS]


def share_tags(owns: list[list[str]], reserves: list[list[str]]) -> None:
    """A tag one article carries goes to the other articles that have it as a candidate."""
    carried = Counter(t for tags in owns for t in tags)
    for own, reserve in zip(owns, reserves, strict=True):
        for tag in reserve:
            if len(own) >= MAX_TAGS:
                break
            if carried[tag] == 1 and tag not in own and fold(tag) not in {fold(k) for k in own}:
                own.append(tag)
                carried[tag] += 1


def dedupe(tags: Iterable[str]) -> list[str]:
    """Each tag once, in order of first appearance."""
    return list(dict.fromkeys(tags))


def tag_spellings(tag_lists: Iterable[Sequence[str]]) -> dict[str, str]:
    """tag → the archive's most used spelling of it (singular and plural folded together)."""
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    for tags in tag_lists:
        for tag in tags:
            by_key[fold(tag)][tag] += 1
    return {tag: sorted(c.items(), key=lambda i: (-i[1], i[0]))[0][0] for c in by_key.values() for tag in c}
