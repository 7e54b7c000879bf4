"""People, organisations and places an article mentions, under one canonical name each.

`annotate` recognises one article's entities (headline, caption and body only); `finalize` makes
the names agree across the whole archive. The model is loaded once per process, on first use.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..article import Article
from .canonical import Evidence, archive_short_forms, resolve_article, slug_names
from .language import NAME_CASED, detect_language
from .mentions import find_mentions
from .names import KINDS, get_rules
from .other_languages import other_language_mentions
from .recognise import get_tagger

__all__ = ["annotate", "finalize", "entities_of"]


def entities_of(article: Article, language: str = "en") -> dict[str, tuple[str, ...]]:
    """people / organizations / places of an article, canonical names, most mentioned first. In
    another language only the mentions the rules can trust there are kept."""
    rules = get_rules()
    mentions, pairs, stats = find_mentions(article, rules)
    if language != "en":
        mentions = other_language_mentions(article, mentions, language, stats.lower_seen)
    evidence = Evidence(
        one_word_place, first_name_only, stats.lower_seen, common_word, may_be_first_name, place_kind, surname,
        cap_mid=stats.cap_mid, is_org_head=lambda word: rules.heads.get(word) == "organizations",
    )
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for entity in resolve_article(mentions, pairs, rules, evidence):
        if entity.name not in found[entity.kind]:
            found[entity.kind].append(entity.name)
    return {kind: tuple(names) for kind, names in found.items()}


def one_word_place(name: str) -> bool:
    """A place name in the gazetteer that is no personal name in the census lists."""
    resources = get_tagger().resources
    lower = name.lower()
    return (lower,) in resources.gazetteer and lower not in resources.names


def first_name_only(name: str) -> bool:
    """A first name in the census lists that is never a surname there."""
    return get_tagger().resources.names.get(name.lower()) == "first"


def place_kind(name: str) -> str | None:
    """The gazetteer's kind of place for a name (country, region, city), if it is one."""
    return get_tagger().resources.gazetteer.get(tuple(name.lower().split()))


def surname(word: str) -> bool:
    return get_tagger().resources.names.get(word.lower(), "") in ("last", "first+last")


def common_word(name: str) -> bool:
    return name.lower() in get_tagger().resources.common


def may_be_first_name(word: str) -> bool:
    return get_tagger().resources.names.get(word.lower(), "").startswith("first")


def annotate(article: Article) -> Article:
    """Recognise the entities of one article, in English, a language that capitalises only names,
    or German (with stricter rules); an article in another language gets none, and a note."""
    language = detect_language(" ".join((article.title, *article.body)), article.language, get_tagger().resources.common)
    if language == "en" or language in NAME_CASED or language == "de":
        return article.with_(language=language, **entities_of(article, language))
    note = f"language '{language}' is not English: no entities recognised"
    return article.with_(language=language, people=(), organizations=(), places=(), notes=(*article.notes, note))


def finalize(articles: list[Article]) -> list[Article]:
    """Archive-wide names: lone short forms join the one full name used elsewhere, user aliases
    apply, and names that would share a slug take one spelling."""
    rules = get_rules()
    canonical: dict[str, str] = {}  # each distinct name looked up once
    entries = [
        {kind: tuple(canonical.get(n) or canonical.setdefault(n, rules.canonical(n)) for n in getattr(a, kind)) for kind in KINDS}
        for a in articles
    ]
    short = archive_short_forms(entries)
    entries = [
        {kind: dedupe(short.get((kind, n), n) for n in names) for kind, names in entry.items()}
        for entry in entries
    ]
    spelling = slug_names(entries)
    result: list[Article] = []
    for article, entry in zip(articles, entries, strict=True):
        names = {kind: dedupe(spelling.get(n, n) for n in entry[kind] if n not in rules.ignore) for kind in KINDS}
        if any(names[kind] != getattr(article, kind) for kind in KINDS):
            article = article.with_(**names)
        result.append(article)
    return result


def dedupe(names: Iterable[str]) -> tuple[str, ...]:
    """Each name once, in order of first appearance."""
    return tuple(dict.fromkeys(names))
