"""Broad subjects ("infectious diseases") that a story's telling words give, by their cues in
`rules/topics.toml`, and the currencies its headline names and its body keeps using."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from functools import lru_cache

from .words import bare_token, singular
from .rules import topic_rules
from .phrases import Zone, opening_zone

MAX_BROAD = 2  # broad subjects one story may take
CURRENCY_USES = 3  # uses in the body of a currency the headline names that make it a topic
SINGLE_CUE_USES = 5  # uses of one telling word, written in lower case, that file a story short of topics under its broad subject
LOOSE_CUE_USES = 2  # uses of two telling words of a broad subject that file a story short of topics under it
MAX_CUE_WORDS = 4  # the longest cue of a broad subject, in tokens


def broad_subjects(zones: Sequence[Zone]) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """(strong, weak) broad subjects whose telling words the story uses three times or more, two
    of them at least. Strong: one of them in the headline, or five uses of three of them, one in
    the lead. Weak: one in the lead. A subject the rules say another tells in another sense
    ('football' beside 'college football') is dropped, unless the headline tells it."""
    whole: Counter[str] = Counter()
    early: dict[int, set[str]] = {0: set(), 1: set()}
    for z in zones:
        grams = cue_grams(cue_words(z))
        whole.update(grams)
        if z.zone in early:
            early[z.zone].update(grams)
    found: list[tuple[float, str]] = []
    weak: list[tuple[float, str]] = []
    headlined: set[str] = set()
    topics = {topic for cue in whole for topic in cue_topics()[cue]}
    for topic, cues in topic_rules().broad.items():
        if topic not in topics:
            continue
        used = [cue for cue in cues if cue in whole]
        distinct = len({singular(c) for c in used})
        total = sum(whole[cue] for cue in used)
        if total < 3 or distinct < 2:
            continue
        in_headline = any(cue in early[0] for cue in used)
        in_lead = any(cue in early[1] for cue in used)
        if in_headline:
            headlined.add(topic)
        if in_headline or total >= 5 and distinct >= 3 and in_lead:
            found.append((float(total), topic))
        elif in_lead:
            weak.append((float(total), topic))
    overridden = {other for _, topic in (*found, *weak) for other in topic_rules().overrides.get(topic, ())} - headlined
    found = [item for item in found if item[1] not in overridden]
    weak = [item for item in weak if item[1] not in overridden]
    found.sort(key=lambda item: (-item[0], item[1]))
    weak.sort(key=lambda item: (-item[0], item[1]))
    return found[:MAX_BROAD], weak


def currencies(zones: Sequence[Zone]) -> list[str]:
    """Currencies a story is about: named in the headline ([currencies]: 'Dollar slides', 'euro
    help') and CURRENCY_USES times in the body. A dollar another country's name qualifies
    anywhere in the story ('Australian dollar') is not the US dollar."""
    table = topic_rules().currencies
    if not zones or not table:
        return []
    named = [w for w in map(bare_token, zones[0].lower) if w in table]
    found: list[str] = []
    for word in dict.fromkeys(named):
        uses = 0
        for z in zones[1:]:
            for i, w in enumerate(map(bare_token, z.lower)):
                if w == word or w == word + "s":
                    if word == "dollar" and i and foreign_dollar(z.tokens[i - 1]):
                        return found
                    uses += 1
        if uses >= CURRENCY_USES:
            found.append(table[word])
    return found


def foreign_dollar(before: str) -> bool:
    """Whether the word before 'dollar' makes it another country's ('Australian', 'Hong Kong')."""
    return before in topic_rules().demonyms or before in ("Kong", "Zealand", "Singapore", "Taiwan", "Canada", "Australia")


def single_cue_subjects(zones: Sequence[Zone]) -> list[tuple[float, str]]:
    """Broad subjects a story short of topics may take on one telling word alone: a one-word cue
    written in lower case SINGLE_CUE_USES times or more, once in the headline or lead ('virus'
    nine times in a story about an e-mail virus). A capitalised use is part of a name ('Lord
    Chancellor') and does not count. Best first, by uses."""
    cues = cue_topics()
    uses: Counter[str] = Counter()
    early: set[str] = set()
    for z in zones:
        words = [t for i, t in enumerate(z.tokens) if t in cues and t.islower() and not in_longer_cue(z.lower, i)]
        uses.update(words)
        if z.zone < 2:
            early.update(words)
    found: dict[str, float] = {}
    for cue, count in uses.items():
        if count >= SINGLE_CUE_USES and cue in early:
            for topic in cues[cue]:
                found[topic] = max(found.get(topic, 0.0), float(count))
    overridden = {other for topic in found for other in topic_rules().overrides.get(topic, ())}
    return sorted(((c, t) for t, c in found.items() if t not in overridden), key=lambda item: (-item[0], item[1]))


def loose_subjects(zones: Sequence[Zone]) -> list[tuple[float, str]]:
    """Broad subjects a story short of topics may take on looser evidence than broad_subjects
    asks (see loose_found), and the subjects of [filler_broad], kept for such a story alone and
    told by their words in lower case only. Best first, by uses."""
    best: dict[str, float] = {}
    for count, topic in loose_found(zones, "broad", True) + loose_found(zones, "filler_broad", False):
        best[topic] = max(best.get(topic, 0.0), count)
    overridden = {other for topic in best for other in topic_rules().overrides.get(topic, ())}
    return sorted(((c, t) for t, c in best.items() if t not in overridden), key=lambda item: (-item[0], item[1]))


def loose_found(zones: Sequence[Zone], name: str, capitals: bool) -> list[tuple[float, str]]:
    """The subjects of the table `name` two telling words tell, one of them in the headline or opening
    paragraph; or one the headline gives and the story uses LOOSE_CUE_USES + 1 times in all, in
    lower case past the headline ('record books' is no use of the 'Guinness Book of Records').
    With `capitals` false, a capitalised word past the headline tells nothing ('BBC Radio 4'),
    and the early one may stand anywhere in the lead (such words are rarer)."""
    table: dict[str, tuple[str, ...]] = getattr(topic_rules(), name)
    cues, starts = cue_index(name)
    whole: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    early: set[str] = set()
    headline: set[str] = set()
    opening = opening_zone(zones)
    for z in zones:
        words = cue_words(z)
        lowered = words if z.zone == 0 else lower_uses(words, z.tokens)
        grams = cue_grams(words if capitals else lowered, cues, starts)
        whole.update(grams)
        lower.update(grams if z.zone == 0 or not capitals else cue_grams(lowered, cues, starts))
        if z.zone == 0 or z is opening or not capitals and z.zone == 1:
            early.update(grams)
        if z.zone == 0:
            headline.update(grams)
    found: list[tuple[float, str]] = []
    for topic in sorted({topic for cue in whole for topic in cues[cue]}):
        used = [cue for cue in table[topic] if cue in whole]
        distinct = len({singular(c) for c in used})
        total = sum(whole[cue] for cue in used)
        two = distinct >= 2 and total >= LOOSE_CUE_USES and not early.isdisjoint(used)
        headed = not headline.isdisjoint(used) and sum(lower[cue] for cue in used) > LOOSE_CUE_USES
        if two or headed:
            found.append((float(total), topic))
    return found


def in_longer_cue(words: Sequence[str], index: int) -> bool:
    """Whether the word at `index` is part of a two-word cue with a neighbour ('festival' of
    'film festival'): it then tells that cue's subject, not its own."""
    cues = cue_topics()
    before = f"{words[index - 1]} {words[index]}" if index else ""
    after = f"{words[index]} {words[index + 1]}" if index + 1 < len(words) else ""
    return before in cues or after in cues


def cue_words(zone: Zone) -> Sequence[str]:
    """A paragraph's lower-case tokens as the cues are matched against them: a possessive ending
    dropped ("Arsenal's" is a use of 'arsenal')."""
    if "'s" not in zone.text and "’s" not in zone.text:
        return zone.lower if "’" not in zone.text else [w.replace("’", "'") for w in zone.lower]
    return [bare_token(w.replace("’", "'")) if "s" in w[-1:] else w for w in zone.lower]


def cue_grams(words: Sequence[str], cues: Collection[str] | None = None, starts: Collection[str] | None = None) -> list[str]:
    """The broad subjects' cues (or the given `cues`, whose several-word ones begin with
    `starts`) among the runs of one to MAX_CUE_WORDS words of a text. A word inside a longer cue
    tells that cue's subject alone ('deficit' of 'trade deficit' is no budget deficit)."""
    cues = cue_topics() if cues is None else cues
    starts = cue_starts() if starts is None else starts
    grams: list[str] = []
    covered: set[int] = set()
    for i, word in enumerate(words):
        if word in starts:
            for size in range(2, min(MAX_CUE_WORDS, len(words) - i) + 1):
                gram = " ".join(words[i:i + size])
                if gram in cues:
                    grams.append(gram)
                    covered.update(range(i, i + size))
    grams += [w for i, w in enumerate(words) if w in cues and i not in covered]
    return grams


def cue_topics() -> dict[str, tuple[str, ...]]:
    """Each cue of the broad subjects → the subjects it tells."""
    return cue_index("broad")[0]


def lower_uses(words: Sequence[str], tokens: Sequence[str]) -> list[str]:
    """A paragraph's cue words, blank where the token is capitalised inside a sentence (a piece
    of a name: 'BBC Radio 4'); a sentence's first word and a word in capitals ('DJ') are kept."""
    kept: list[str] = []
    for i, (word, token) in enumerate(zip(words, tokens)):
        first = i == 0 or tokens[i - 1][-1:] in ".!?\"“:"
        kept.append(word if token[:1].islower() or first or token.isupper() else "")
    return kept


@lru_cache(maxsize=2)
def cue_index(table: str) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """For a table of subjects of topics.toml ('broad', 'filler_broad'), read once: each cue →
    the subjects it tells, and the first words of its cues of several words."""
    topics: dict[str, list[str]] = defaultdict(list)
    for topic, cues in getattr(topic_rules(), table).items():
        for cue in cues:
            topics[cue].append(topic)
    starts = frozenset(c.split()[0] for c in topics if " " in c)
    return {cue: tuple(found) for cue, found in topics.items()}, starts


def cue_starts() -> frozenset[str]:
    """The first words of the broad subjects' cues of several words."""
    return cue_index("broad")[1]
