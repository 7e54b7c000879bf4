"""A story's zones (headline, lead, body) and the phrases in them: candidate noun phrases, and
the key phrases a story uses enough, ranked by how rare they are in the background table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from ..article import Article
from .words import BOILERPLATE, STOPWORDS, common_words, parts_of_speech, singular, tokens_of
from .rules import canonical, fold, rarity, subject_names, topic_rules

MAX_WORDS = 3
OPENING_WORDS = 8  # tokens of the first paragraph that opens a story
LEAD_PARAGRAPHS = 3  # the paragraphs after the headline that say what a story is about
CLAUSE_ENDS = frozenset(".!?:;\"“”()[]—–|")


def content_word(word: str) -> bool:
    """A lower-case word that can be part of a topic phrase."""
    return (
        len(word) > 2
        and word.islower()  # no 'iPhone', no 'xCloud': a capital inside marks a name
        and word not in STOPWORDS
        and word not in BOILERPLATE
        and not (word.endswith("ed") and parts_of_speech().get(word, "V") != "N")  # 'diagnosed'
        and not (word.endswith("ly") and parts_of_speech().get(word) != "N")
        and not word.startswith(("year-", "in-"))
        and not any(c.isdigit() for c in word)
        and "'" not in word and "’" not in word and "." not in word
    )


@lru_cache(maxsize=1 << 17)
def phrase_word(token: str) -> tuple[str, bool, bool] | None:
    """A token as a key-phrase word: (word, is a noun, is a noun or adjective), or None when it
    ends a run. A verb form the lexicon knows ('deploys', 'warns') ends a run too, unless the
    subjects list spells it so ('manufacturing')."""
    word = token.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if not content_word(word):
        return None
    pos = parts_of_speech()
    kind = pos.get(word)
    if kind is None and word.endswith("s") and pos.get(word[:-1]) == "V":
        kind = "V"  # 'deploys' of 'deploy'
    if word.endswith("ing") and subject_names().get(word) == word:
        kind = "N"  # a listed subject is a noun ('manufacturing', 'hunting')
    kind = kind or "N"
    return word, kind == "N", kind in ("N", "J")


def candidate_phrases(text: str, lower: frozenset[str] | set[str] = frozenset(), headline: bool = False) -> Iterable[str]:
    """Runs of 1..MAX_WORDS lower-case content words inside one clause that are noun phrases
    (adjectives and nouns ending in a noun), shortest first, in text order. A single word counts
    only as the head of its run ('rates' of 'interest rates', not 'interest'), unless it is a
    listed subject. A capital that only opens a sentence, or every word of a headline, is read
    in lower case when the word is one of `lower` (words the story writes in lower case)."""
    return token_phrases(tokens_of(text), lower, headline)


def token_phrases(tokens: Sequence[str], lower: frozenset[str] | set[str], headline: bool) -> list[str]:
    """candidate_phrases of a text's tokens, as a list."""
    phrases: list[str] = []
    run: list[tuple[str, bool, bool]] = []
    opens = True  # the token opens a sentence or clause
    for token in tokens:
        word = token
        if (opens or headline) and token[:1].isupper() and token.lower() in lower:
            word = token.lower()
        opens = token in CLAUSE_ENDS or token[-1:] in ".!?"
        found = (word, False, True) if word in topic_rules().acronyms else phrase_word(word)  # 'ID' of 'ID cards'
        if found is not None:
            run.append(found)
        elif run:
            phrases += run_phrases(run)
            run = []
    if run:
        phrases += run_phrases(run)
    return phrases


def run_phrases(run: list[tuple[str, bool, bool]]) -> list[str]:
    """The noun phrases of one run of (word, is a noun, is a noun or adjective): shortest first."""
    count = len(run)
    if count == 1:
        return [run[0][0]] if run[0][1] else []
    subjects = topic_rules().subjects
    phrases: list[str] = []
    for size in range(1, min(MAX_WORDS, count) + 1):
        for i in range(count - size + 1):
            end = i + size
            if size == 1 and end < count and run[end][1] and run[i][0] not in subjects:
                continue  # a modifier of the next noun, not a head
            if run[end - 1][1] and all(w[2] for w in run[i:end]):
                phrases.append(run[i][0] if size == 1 else " ".join(w[0] for w in run[i:end]))
    return phrases


def background_keys(text: str) -> set[str]:
    """Folded words and two- or three-word runs of a text, as the background table counts them
    (case ignored, so a name's words count too)."""
    keys: set[str] = set()
    run: list[str] = []

    def flush() -> None:
        for size in range(1, min(MAX_WORDS, len(run)) + 1):
            for i in range(len(run) - size + 1):
                keys.add(" ".join([*run[i:i + size - 1], singular(run[i + size - 1])]))

    for token in tokens_of(text):
        word = token.lower().replace("’", "'")
        if word[:1].isalpha() and word not in STOPWORDS and "'" not in word:
            run.append(word)
        else:
            flush()
            run = []
    flush()
    return keys


def weak_modifier(word: str) -> bool:
    """An adjective that judges or ranks ('dramatic', 'biggest') rather than classifies."""
    if word in topic_rules().weak_modifiers:
        return True
    kind = parts_of_speech().get(word)
    if kind == "J":  # 'biggest', 'easier', 'shameful', 'devastating'
        return word.endswith(("est", "ier", "ful", "ing", "less"))
    return kind != "N" and word.endswith("ing")  # 'participating', 'humiliating'


def weak_head(word: str) -> bool:
    """A head noun too bare for any phrase ('signal', 'figures'), or a verb's -ing form."""
    if singular(word) in topic_rules().weak_heads:
        return True
    return word.endswith("ing") and parts_of_speech().get(word) not in ("N", None)


def good_phrase(phrase: str) -> bool:
    """A multi-word key phrase that can be a topic: a head noun that means something alone, no
    judging adjective, no section words only."""
    rules = topic_rules()
    words = phrase.split()
    if weak_head(words[-1]):
        return False
    if any(weak_modifier(w) for w in words[:-1]):
        return False
    if all(w in rules.sections or singular(w) in rules.sections for w in words):
        return False
    return not any(len(w) < 3 and w.upper() not in rules.acronyms for w in words)


def good_single(word: str) -> bool:
    """A single word is a topic only when the rules list it as a subject."""
    key = fold(word)
    rules = topic_rules()
    return (key in rules.subjects or word in rules.subjects) and key not in rules.refused and key not in rules.sections


class LowerWords(set):  # type: ignore[type-arg]
    """The words a story writes in lower case, and those news text does (looked up, not copied)."""

    def __contains__(self, word: object) -> bool:
        return set.__contains__(self, word) or word in common_words()


@dataclass(slots=True)
class Seen:
    """How a story uses one folded phrase: mentions, whether the headline or lead has it, spellings."""

    count: int = 0
    headline: bool = False
    lead: bool = False
    forms: dict[str, int] = field(default_factory=dict)


class Zone(NamedTuple):
    """One paragraph of a story (or its headline), tokenised once for every step that reads it."""

    text: str
    zone: int  # 0 headline, 1 lead paragraphs, 2 the rest
    tokens: tuple[str, ...]
    lower: tuple[str, ...]  # the tokens in lower case


def story_zones(article: Article) -> list[Zone]:
    """The story's headline and paragraphs, each with its zone and tokens."""
    texts = [(article.title, 0)]
    texts += [(p, 1 if i < LEAD_PARAGRAPHS else 2) for i, p in enumerate(article.body)]
    return [make_zone(text, zone) for text, zone in texts]


def make_zone(text: str, zone: int) -> Zone:
    """A paragraph with its tokens and their lower-case forms."""
    tokens = tokens_of(text)
    return Zone(text, zone, tokens, tuple(map(str.lower, tokens)))


def count_phrases(zones: Sequence[Zone]) -> dict[str, Seen]:
    """Every lower-case noun phrase of the story, by folded key."""
    seen: dict[str, Seen] = {}
    lower = LowerWords({t for z in zones for t in z.tokens if t.islower()})
    counts: Counter[str] = Counter()
    early: dict[int, set[str]] = {0: set(), 1: set()}
    for z in zones:
        tokens = z.tokens if z.zone else headline_without_names(z.tokens, zones)
        phrases = token_phrases(tokens, lower, z.zone == 0)
        counts.update(phrases)
        if z.zone in early:
            early[z.zone].update(phrases)
    for phrase, count in counts.items():
        key = fold(phrase)
        entry = seen.get(key)
        if entry is None:
            entry = seen[key] = Seen()
        entry.count += count
        entry.headline |= phrase in early[0]
        entry.lead |= phrase in early[1]
        entry.forms[phrase] = count
    return seen


def headline_without_names(tokens: tuple[str, ...], zones: Sequence[Zone]) -> tuple[str, ...]:
    """A headline with the capitalised runs of two words or more that the body writes capitalised
    too and never in lower case replaced by a clause end: a name ('National Insurance'), whose
    words ('insurance') are no subject of the story."""
    body = [" ".join(z.tokens) for z in zones if z.zone]
    written_lower = " " + " ".join(body) + " "
    out = list(tokens)
    run: list[int] = []
    for i in [*range(len(tokens)), len(tokens)]:
        if i < len(tokens) and tokens[i][:1].isupper():
            run.append(i)
            continue
        for start in range(len(run) - 1):
            for end in range(len(run), start + 1, -1):
                piece = " ".join(tokens[j] for j in run[start:end])
                if any(f" {piece} " in f" {text} " for text in body) and f" {piece.lower()} " not in written_lower:
                    out[run[start]:run[end - 1] + 1] = ["."] * (end - start)
                    break
        run = []
    return tuple(out)


def key_phrases(zones: Sequence[Zone]) -> tuple[list[tuple[float, str]], list[tuple[float, str, int]]]:
    """(strong, weak) key phrases as (score, phrase) and (score, phrase, uses), best first, none
    sharing a word with a better one. Strong: in the headline and used again, or in the lead and used three times (four
    for a phrase of several words: a phrase the headline does not use must carry the story).
    Weak: in the lead and used again, or used three times further down (kept in reserve: a story
    short of topics falls back on the single words among these used three times)."""
    seen = count_phrases(zones)
    scored: list[tuple[float, bool, str, str, int]] = []
    for key, entry in seen.items():
        words = key.split()
        if len(words) == 1 and not good_single(key):
            continue
        if len(words) > 1 and not good_phrase(key):
            continue
        strong = entry.count >= 2 and entry.headline or entry.count >= 3 + (len(words) > 1) and entry.lead
        if not (strong or entry.count >= 3 or entry.count >= 2 and entry.lead):
            continue
        if len(words) == 1 and name_word(key, zones):
            continue
        weight = entry.count + 2 * entry.headline + entry.lead
        score = weight * rarity(key) * (1 + 0.5 * (len(words) - 1))
        form = sorted(entry.forms.items(), key=lambda item: (-item[1], item[0]))[0][0]
        scored.append((score, strong, key, form, entry.count))
    strong_list: list[tuple[float, str]] = []
    weak_list: list[tuple[float, str, int]] = []
    taken: set[str] = set()
    for score, strong, key, form, count in sorted(scored, key=lambda s: (-s[1], -s[0], s[2])):
        words = set(key.split()) | {singular(w) for w in key.split()}
        if words & taken:
            continue
        taken |= words
        if strong:
            strong_list.append((score, canonical(form)))
        else:
            weak_list.append((score, canonical(form), count))
    return strong_list, weak_list


def story_zones_opening(zones: Sequence[Zone]) -> Iterable[str]:
    """The folded words of a story's opening paragraph: a subject it names there and once more
    is what the story is about (held to two uses, not three)."""
    for z in zones:
        if z.zone:
            return (fold(w) for w in z.lower if w.isalpha())
    return ()


def name_word(key: str, zones: Sequence[Zone]) -> bool:
    """Whether a subject word is only ever the last word of a name the story writes capitalised
    ('insurance' of 'National Insurance', also written 'national insurance'): no subject then."""
    capital = key[:1].upper() + key[1:]
    if not any(capital in z.text for z in zones[1:]):
        return False  # never capitalised: the common case, told without tokens
    firsts: set[str] = set()
    lower_before: list[str] = []
    for z in zones[1:]:
        if key[:-1] not in z.text.lower():
            continue
        for i, token in enumerate(z.tokens):
            if singular(token.lower()) != key or i == 0:
                continue
            before = z.tokens[i - 1]
            if token[:1].isupper() and before[:1].isupper():
                firsts.add(before.lower())
            elif token.islower():
                lower_before.append(before.lower())
    return bool(firsts) and all(b in firsts for b in lower_before)


def entity_words(article: Article) -> list[tuple[str, ...]]:
    """The article's people, organisations and places, each as its lower-case words."""
    return [tuple(n.lower().split()) for n in (*article.people, *article.organizations, *article.places)]


def opening_zone(zones: Sequence[Zone]) -> Zone | None:
    """A story's opening paragraph: the first of OPENING_WORDS tokens or more (a kick-off time or
    a channel listing before it says nothing of what the story is about)."""
    return next((z for z in zones if z.zone and len(z.tokens) >= OPENING_WORDS), next((z for z in zones if z.zone), None))
