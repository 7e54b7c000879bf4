"""The seed's own tags: those that are topics (no section, outlet or name, no bare common noun)
and that the story itself uses enough."""

from __future__ import annotations

from collections import Counter

from ..article import Article
from .words import BOILERPLATE, STOPWORDS, common_words, normalise_tag, singular, tokens_of
from .rules import canonical, fold, topic_rules
from .phrases import LEAD_PARAGRAPHS, entity_words, good_phrase, good_single

MAX_LISTED_WORDS = 4  # a longer "tag" is a run of navigation text


def listed_tags(article: Article) -> list[str]:
    """The seed's own tags that are topics: no navigation text, section label or outlet, no name
    of a person, organisation or place ('Hong Kong', 'Xi Jinping'), no bare common noun, no
    single word the story uses only once past its lead (a passing mention: see used_enough)."""
    found: list[str] = []
    if not article.seed_tags:
        return found
    lower_words = {w for text in (article.title, *article.body) for w in tokens_of(text) if w.islower()}
    uses, early = word_uses(article)
    outlets = {normalise_tag(article.category), normalise_tag(article.source)} - {""}
    entities = {" ".join(n) for n in entity_words(article)}
    for raw in article.seed_tags:
        tag = normalise_tag(raw)
        if tag and tag not in outlets and tag not in entities and usable_listed_tag(tag, lower_words):
            if " " not in tag and not used_enough(tag, uses, early):
                continue
            tag = canonical(tag)
            if fold(tag) not in {fold(t) for t in found}:
                found.append(tag)
    return found


def word_uses(article: Article) -> tuple[Counter[str], set[str]]:
    """(each lower-case word of the story, singular, → its uses; the words of the headline and lead)."""
    uses: Counter[str] = Counter()
    early: set[str] = set()
    for index, text in enumerate((article.title, *article.body)):
        words = [singular(w) for w in tokens_of(text.lower())]
        uses.update(words)
        if index <= LEAD_PARAGRAPHS:
            early.update(words)
    return uses, early


def used_enough(tag: str, uses: Counter[str], early: set[str]) -> bool:
    """Whether a one-word listed tag is what the story is about: written twice, or in the headline
    or lead (any alias of it counts: 'covid' for 'coronavirus'). A word the story never writes is
    the outlet's label and is kept."""
    rules = topic_rules()
    key = singular(tag)
    forms = {key, singular(fold(tag))} | {singular(a) for a, target in rules.aliases.items() if " " not in a and fold(target) == fold(tag)}
    count = sum(uses[f] for f in forms)
    return count == 0 or count >= 2 or any(f in early for f in forms)


def usable_listed_tag(tag: str, lower_words: set[str]) -> bool:
    """A seed's tag that is a topic (see listed_tags)."""
    rules = topic_rules()
    words = tag.split()
    if len(words) > MAX_LISTED_WORDS or any(w in BOILERPLATE for w in words):
        return False
    if all(w in rules.sections or w in STOPWORDS for w in words):
        return False
    if len(words) == 1:
        return good_single(tag)
    if not good_phrase(tag):
        return False
    # A name: no word of it is one the article or news text writes in lower case.
    return any(w in lower_words or w in common_words() for w in words)
