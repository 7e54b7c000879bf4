"""Mentions in an article in another language, kept only where the rules can trust them: German
capitalises every noun, and other languages name countries in their own words."""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..article import Article
from .canonical import PERSON_SHAPED_MIN
from .features import DocStats
from .gazetteer import is_organisation, territory_kind, territory_pattern
from .language import STOPWORDS
from .names import alias_files
from .recognise import get_tagger
from .sentences import article_sentences, Mention, TABLE_CONFIDENCE

log = logging.getLogger(__name__)


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
    rules = language_rules(language)
    kept: list[Mention] = []
    for mention in mentions:
        mention = apply_language_rules(mention, rules)
        if mention is None:
            continue
        words = mention.name.split()
        if len(words) > 1 and words[0].lower() in FOREIGN_ARTICLES and not is_organisation(mention.name):
            words = words[1:]  # 'La Juventus': the article is no part of the name ('Le Monde' of the tables is)
            mention = Mention(" ".join(words), mention.kind, mention.confidence, mention.region, mention.forced, mention.cased, mention.literal)
        if words[0].lower() in lower_seen and not is_organisation(mention.name):
            continue
        if len(words) == 1 and not mention.forced and words[0].lower() not in cap_mid and not (territory_kind(mention.name, language) or (words[0].lower(),) in gazetteer or has_name_prefix(words[0], rules)):
            continue  # 'Assista' (watch): a capital only where a sentence starts
        if language == "de" and (mention.name in nouns or not german_name(mention, words, names, gazetteer)):
            continue
        if territory_kind(mention.name, language):
            mention = Mention(mention.name, "LOC", max(mention.confidence, TABLE_CONFIDENCE), mention.region, True, mention.cased)
        elif language == "de" and mention.kind != "LOC" and german_organisation(words):
            mention = Mention(mention.name, "ORG", max(mention.confidence, TABLE_CONFIDENCE), mention.region, True, mention.cased)
        kept.append(mention)
    found = kept + head_mentions(article, rules, {m.name for m in kept})
    return found + territory_mentions(article, language, {m.name for m in found})


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
        if match.group() not in known
        and not INSIDE_NAME.search(text[max(0, match.start() - 40) : match.start()])
        and not inside_known(text, match.start(), match.end(), known)
    ]


def inside_known(text: str, start: int, end: int, known: set[str]) -> bool:
    """Whether text[start:end] lies inside a longer name already found ('Universitas Indonesia')."""
    for name in known:
        if len(name) > end - start and text[start:end] in name:
            at = text.find(name, max(0, end - len(name)))
            if at != -1 and at <= start and at + len(name) >= end:
                return True
    return False


@dataclass(frozen=True, slots=True)
class LanguageRules:
    """How a group of languages writes names (the `languages` tables of the name rules files)."""

    titles: tuple[str, ...] = ()  # before a name, no part of it ('Pak', 'Haji')
    openers: frozenset[str] = frozenset()  # a sentence's first word before a name ('Menurut')
    particles: frozenset[str] = frozenset()  # lower-case words inside a person's name ('bin')
    prefixes: tuple[str, ...] = ()  # an Arabic article opening a name ('Al-', 'At-')
    not_names: frozenset[str] = frozenset()  # capitalised words that name no entity ('Allah')
    place_heads: tuple[str, ...] = ()  # a first word that makes the name a place ('Masjid')
    place_tails: tuple[str, ...] = ()  # a last word that makes it a place ('Jawa Barat')
    organization_heads: tuple[str, ...] = ()  # ... or an organisation ('Universitas')
    offices: frozenset[str] = frozenset()  # a word that ends an office before a name ('Menteri Keuangan')


def language_rules(language: str) -> LanguageRules:
    """The name rules for one language (empty for a language no table serves)."""
    return load_language_rules(alias_files()).get(language, LanguageRules())


@lru_cache(maxsize=4)
def load_language_rules(files: tuple[str, ...]) -> dict[str, LanguageRules]:
    """Each language code's rules, from the `languages` tables of the name rules files (the
    shipped file, then the user's, a later table for the same codes adding to an earlier one)."""
    found: dict[str, dict[str, list[str]]] = {}
    for file in files:
        tables = tomllib.loads(Path(file).read_text(encoding="utf-8")).get("languages", {})
        for table in tables.values():
            for code in table.get("codes", []):
                entry = found.setdefault(code, {})
                for key in LanguageRules.__slots__:
                    entry.setdefault(key, []).extend(str(v) for v in table.get(key, []))
    log.debug("name rules for %d other languages", len(found))
    return {
        code: LanguageRules(
            titles=tuple(sorted(entry["titles"], key=len, reverse=True)),
            openers=frozenset(w.lower() for w in entry["openers"]) | STOPWORDS.get(code, frozenset()),
            particles=frozenset(entry["particles"]),
            prefixes=tuple(entry["prefixes"]),
            not_names=frozenset(entry["not_names"]),
            place_heads=tuple(entry["place_heads"]),
            place_tails=tuple(entry["place_tails"]),
            organization_heads=tuple(entry["organization_heads"]),
            offices=frozenset(entry["offices"]),
        )
        for code, entry in found.items()
    }


def apply_language_rules(mention: Mention, rules: LanguageRules) -> Mention | None:
    """A mention without the titles before it (a place keeps its name whole) or the religious words
    after it, None when nothing else is left ('Allah SWT', 'Al Qur'); typed by a head word
    ('Masjid Istiqlal' a place, 'Universitas Islam Indonesia' an organisation), and trusted as a
    person the model is fairly sure of when shaped as the language writes names ('Umar bin Al-Khaththab')."""
    words = mention.name.split()
    while len(words) > 1 and words[0].lower() in rules.openers:
        words = words[1:]  # 'Menurut Bank Indonesia': a sentence's first word run into the name
    name = " ".join(words) if mention.kind == "LOC" else strip_titles(" ".join(words), rules.titles)
    if mention.kind == "PER":
        name = after_office(name.split(), rules.offices)
    titled = mention.kind == "PER" and len(name.split()) < len(words)  # 'Presiden Joko Widodo': a title vouches for a person
    words = name.split()
    if mention.kind == "PER":
        words = words[leading_place(words, rules) :]
    head_kind = kind_by_head(words, mention.kind, rules)
    if head_kind == "ORG" and mention.kind == "PER" and len(words) > 3:
        return None  # 'Dinas Kesehatan Kota Bandung Ahyani Raksanagara': an office, then a name of unknown length
    if not head_kind:
        while len(words) > 1 and words[-1].isupper() and words[-1] in rules.not_names:
            words = words[:-1]  # 'Muhammad SAW': a blessing after the name
        if all(w in rules.not_names or w + "-" in rules.prefixes for w in words):
            return None  # 'Allah SWT', 'Al Qur': no entity of the guidelines
        name = " ".join(words)
    if name != mention.name:
        mention = replace(mention, name=name)
    if head_kind and head_kind != mention.kind:
        return replace(mention, kind=head_kind, confidence=max(mention.confidence, TABLE_CONFIDENCE), forced=True)
    if head_kind or titled or (mention.kind == "PER" and mention.confidence >= PERSON_SHAPED_MIN and arabic_shaped(words, rules)):
        return replace(mention, confidence=max(mention.confidence, TABLE_CONFIDENCE))
    return mention


def leading_place(words: Sequence[str], rules: LanguageRules) -> int:
    """How many words before a person's name name the place of an office ('[Gubernur] Jawa Barat
    Ridwan Kamil'): a place by its tail or the gazetteer, with two words of name after it."""
    gazetteer = get_tagger().resources.gazetteer
    names = get_tagger().resources.names
    for end in range(len(words) - 2, 0, -1):
        place = words[:end]
        if place[-1] in rules.place_tails or (
            tuple(w.lower() for w in place) in gazetteer and not names.get(place[0].lower(), "").startswith("first")
        ):
            return end
    if len(words) > 3 and words[0] in rules.place_heads:
        return 2  # '[Wali] Kota Surabaya Eri Cahyadi': a head word and the place's name
    return 0


def after_office(words: Sequence[str], offices: frozenset[str]) -> str:
    """The name after the last word that ends an office ('Maliye Bakanı Mehmet Şimşek' -> 'Mehmet Şimşek')."""
    ends = [i for i, word in enumerate(words[:-1]) if word in offices]
    return " ".join(words[ends[-1] + 1 :] if ends else words)


def strip_titles(name: str, titles: Sequence[str]) -> str:
    """'Pak Joko Widodo' -> 'Joko Widodo'; titles one after another all go ('Wahai Syekh ...')."""
    stripped = True
    while stripped:
        stripped = False
        for title in titles:
            if name.startswith(title + " "):
                name, stripped = name[len(title) + 1 :], True
                break
    return name


def kind_by_head(words: Sequence[str], kind: str, rules: LanguageRules) -> str | None:
    """LOC or ORG when the name opens with a head word of that kind (a place the model found may
    write the head and the name as one word: 'Masjidilharam'), LOC when it ends with a place's tail."""
    name = " ".join(words)
    if any(name.startswith(head + " ") or (kind == "LOC" and name.startswith(head)) for head in rules.place_heads):
        return "LOC"
    if len(words) > 1 and any(name.endswith(" " + tail) for tail in rules.place_tails):
        return "LOC"
    if len(words) > 1 and any(name.startswith(head + " ") for head in rules.organization_heads):
        return "ORG"
    return None


def arabic_shaped(words: Sequence[str], rules: LanguageRules) -> bool:
    """A person's name the way Arabic names are written in the language: capitalised words joined
    by a particle ('Umar bin Al-Khaththab'), or a word opening with an article ('Al-Albani')."""
    particle = len(words) > 2 and any(w in rules.particles for w in words[1:-1]) and words[0][:1].isupper() and words[-1][:1].isupper()
    return particle or any(has_name_prefix(w, rules) for w in words)


def has_name_prefix(word: str, rules: LanguageRules) -> bool:
    """'At-Tirmidzi': an Arabic article, then a capitalised name."""
    return any(word.startswith(prefix) and word[len(prefix) : len(prefix) + 1].isupper() for prefix in rules.prefixes)


# Words after an organisation's head word, at most: a longer run of capitals goes on into a
# person's name ('Dinas Kesehatan Kota Bandung Ahyani Raksanagara').
MAX_HEAD_RUN = 5


def head_mentions(article: Article, rules: LanguageRules, known: set[str]) -> list[Mention]:
    """Organisations named by a head word and a few capitalised words after it ('Badan Nasional
    Penanggulangan Bencana') that the model left untagged."""
    pattern = head_pattern(rules)
    if pattern is None:
        return []
    regions = [("caption", article.caption)] + [("body", p) for p in article.body]  # not a Title Case headline
    found: list[Mention] = []
    for region, text in regions:
        for match in pattern.finditer(text):
            name = match.group().rstrip(".,")
            before = text[: match.start()].split()[-1:]
            if len(name.split()) > MAX_HEAD_RUN or (before and before[0] in rules.titles):
                continue  # a run of capitals that goes on into a person's name; 'Wali Kota ...' a title
            if name not in known and not any(name in k or k in name for k in known):
                found.append(Mention(name, "ORG", TABLE_CONFIDENCE, region, True, True))
    return found


@lru_cache(maxsize=8)
def head_pattern(rules: LanguageRules) -> re.Pattern[str] | None:
    """An organisation's head word of the rules, then one or more capitalised words."""
    heads = sorted(rules.organization_heads, key=len, reverse=True)
    if not heads:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(h) for h in heads) + r")(?: +[A-Z][\w'’-]*)+")
