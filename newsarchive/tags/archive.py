"""The archive-wide step (`finalize`): each topic under the archive's one spelling, no home place,
and a story short of topics given the names it held back under their full names."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence

from ..article import Article
from .words import tokens_of
from .rules import fold, topic_rules
from .names import name_forms, topic_name
from .propose import MIN_TAGS, merge_topics

HOME_SHARE = 0.15  # a place more of the archive's stories name is its home: too broad a topic
HOME_MIN = 40  # stories an archive needs before it can tell its home places


def finalize(articles: list[Article]) -> list[Article]:
    """Archive-wide: each topic under the archive's one spelling of it (its most used, case,
    plural and aliases folded), so that a topic recurs across the archive under one name. A story
    is not handed topics other stories carry: judged blind, such topics were mostly wrong (a
    reserve candidate is a word the story uses, not what it is about). The archive's home places
    (see home_places) are no topic: their page would hold a large share of the archive. A story
    short of topics takes the names it is about that it held back, under the name the archive's
    entity step gives them (see backup_names, archive_names)."""
    spelling = tag_spellings([*(a.tags for a in articles), *(a.tag_candidates for a in articles)])
    home = home_places(articles)
    result: list[Article] = []
    for article in articles:
        kept = [t for t in article.tags if not (t in home and t in article.places)]
        if len(kept) < MIN_TAGS:
            names = archive_names(article, kept, home)
            kept = merge_topics([kept, names], MIN_TAGS, names)
        own = tuple(dedupe_folded(spelling.get(fold(t), t) for t in kept))
        if own != article.tags:
            article = article.with_(tags=own)
        result.append(article)
    return result


def archive_names(article: Article, chosen: Sequence[str], home: Collection[str]) -> list[str]:
    """The story's reserve names it does not carry, under the archive's name of the entity they
    are a form of ('Labour' → 'Labour Party'), when that name can head a topic page and is no
    home place."""
    named = [(n, kind) for kind in ("organizations", "places", "people") for n in getattr(article, kind)]
    outlets = {fold(article.source), fold(article.category)} - {""}
    found: list[str] = []
    for candidate in article.tag_candidates:
        if candidate in chosen:
            continue
        words = tokens_of(candidate)
        owners = [(n, kind) for n, kind in named if n == candidate or words in name_forms(n, kind)]
        if len(owners) != 1:
            continue
        name, kind = owners[0]
        if topic_name(name, kind) and name not in home and fold(name) not in outlets and fold(name) not in topic_rules().sections:
            found.append(name)
    return found


def home_places(articles: Sequence[Article]) -> frozenset[str]:
    """Places named by more than HOME_SHARE of the archive's stories (an archive of HOME_MIN
    stories or more): the outlets' home country, as broad as a section ('United Kingdom' in a
    British archive)."""
    if len(articles) < HOME_MIN:
        return frozenset()
    counts = Counter(place for a in articles for place in set(a.places))
    return frozenset(place for place, count in counts.items() if count > HOME_SHARE * len(articles))


def dedupe_folded(tags: Iterable[str]) -> list[str]:
    """Each topic once (by folded key), in order of first appearance."""
    seen: dict[str, str] = {}
    for tag in tags:
        seen.setdefault(fold(tag), tag)
    return list(seen.values())


def tag_spellings(tag_lists: Iterable[Sequence[str]]) -> dict[str, str]:
    """folded key → the archive's most used spelling of it (ties: lower case first, then
    alphabetical), so that a topic is shown under one name everywhere."""
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    for tags in tag_lists:
        for tag in tags:
            by_key[fold(tag)][tag] += 1
    return {key: sorted(c.items(), key=lambda i: (-i[1], i[0] != i[0].lower(), i[0]))[0][0] for key, c in by_key.items()}
