"""Mentions in an article in another language, kept only where the rules can trust them: German
capitalises every noun, and other languages name countries in their own words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..article import Article
from .features import DocStats
from .gazetteer import is_organisation, territory_kind, territory_pattern
from .recognise import get_tagger
from .sentences import article_sentences, Mention, TABLE_CONFIDENCE


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
