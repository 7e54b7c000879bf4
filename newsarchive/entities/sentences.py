"""The sentences entity mentions are read from (headline, caption, body), how a headline is read
(Title Case tells nothing of names), and the values the mention rules pass around."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..article import Article
from .features import DocStats
from .recognise import get_tagger
from .tokens import QUOTE_MAP, sentences_of, Token


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


TABLE_CONFIDENCE = 0.95  # an organisation of the curated tables, written as the table writes it


CALENDAR = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
    "July August September October November December".split()
)


def may_be_first_name(word: str) -> bool:
    return get_tagger().resources.names.get(word.lower(), "").startswith("first")


def span_text(sentence: Sentence, start: int, end: int) -> str:
    text = sentence.text[sentence.tokens[start].start : sentence.tokens[end - 1].end]
    return re.sub(r"\s+", " ", text.translate(QUOTE_MAP)).strip()


Span = tuple[int, int, str, float, bool]
