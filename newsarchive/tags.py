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
    march april june july august september october november december""".split()
)
TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]|[^\sA-Za-z]+")


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
        and word[0].islower()
        and word not in STOPWORDS
        and word not in BOILERPLATE
        and not word.endswith("ly")
        and not any(c.isdigit() for c in word)
    )


def candidate_phrases(text: str) -> Iterable[str]:
    """Runs of 1..MAX_WORDS lower-case content words inside one clause."""
    run: list[str] = []
    for token in [*TOKEN_RE.findall(text), "."]:
        word = token.replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if content_word(word) and "'" not in word:
            run.append(word)
            continue
        for size in range(1, MAX_WORDS + 1):
            for i in range(len(run) - size + 1):
                phrase = run[i : i + size]
                if noun_phrase(phrase):
                    yield " ".join(phrase)
        run = []


def key_phrases(article: Article, limit: int, min_count: int = MIN_TAGS) -> list[str]:
    """The article's best key phrases, most telling first, none inside another."""
    counts: Counter[str] = Counter()
    weight: dict[str, float] = defaultdict(float)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    paragraphs = [article.title, article.title, *article.body]  # the headline counts twice
    for position, paragraph in enumerate(paragraphs):
        early = 1.5 if position < 5 else 1.0
        for phrase in candidate_phrases(paragraph):
            key = fold(phrase)
            counts[key] += 1
            weight[key] += early
            forms[key][phrase] += 1
    scored = []
    for key, count in counts.items():
        words = key.split()
        # A phrase used once is a weak topic: it only fills up to MIN_TAGS.
        score = weight[key] * sum(rarity(w) for w in words)
        scored.append((count >= 2, score, key))
    chosen: list[str] = []
    for recurring, _, key in sorted(scored, key=lambda item: (not item[0], -item[1], item[2])):
        if not recurring and len(chosen) >= min_count:
            break
        words = {fold(w) for w in key.split()}
        if any(words & {fold(w) for w in other.split()} for other in chosen):
            continue
        chosen.append(key)
        if len(chosen) >= limit:
            break
    return [forms[key].most_common(1)[0][0] for key in chosen]


def annotate(article: Article) -> Article:
    """3–8 tags: the seed's own, the category, then key phrases (for English articles)."""
    found: list[str] = []
    for tag in (*article.seed_tags, article.category):
        tag = normalise_tag(tag)
        if tag and tag not in found:
            found.append(tag)
    found = found[:MAX_TAGS]
    if article.language not in ("en", ""):
        return article.with_(tags=tuple(found))  # the key phrase lists are English
    for phrase in key_phrases(article, MAX_TAGS, max(0, MIN_TAGS - len(found))):
        if len(found) >= MAX_TAGS:
            break
        if phrase not in found and fold(phrase) not in {fold(t) for t in found}:
            found.append(phrase)
    return article.with_(tags=tuple(found))


def finalize(articles: list[Article]) -> list[Article]:
    """Archive-wide: plural and singular share one spelling; once the archive is large enough,
    tags only one article carries go (the category stays)."""
    spelling = tag_spellings(a.tags for a in articles)
    carried: Counter[str] = Counter()
    for article in articles:
        carried.update({spelling.get(t, t) for t in article.tags})
    judge = len(articles) >= JUDGE_FROM
    result: list[Article] = []
    for article in articles:
        category = normalise_tag(article.category)
        tags: list[str] = []
        for tag in article.tags:
            tag = spelling.get(tag, tag)
            if tag in tags or (judge and carried[tag] < 2 and tag != category):
                continue
            tags.append(tag)
        if tuple(tags) != article.tags:
            article = article.with_(tags=tuple(tags))
        result.append(article)
    return result


def tag_spellings(tag_lists: Iterable[Sequence[str]]) -> dict[str, str]:
    """tag → the archive's most used spelling of it (singular and plural folded together)."""
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    for tags in tag_lists:
        for tag in tags:
            by_key[fold(tag)][tag] += 1
    return {tag: sorted(c.items(), key=lambda i: (-i[1], i[0]))[0][0] for c in by_key.values() for tag in c}
