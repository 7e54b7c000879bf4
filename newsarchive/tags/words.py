"""Words of a story's text: tokens, singulars, parts of speech and the words no topic is made of.

The lowest layer of the topic rules: every other part reads text through these helpers."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..entities.features import Resources

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
    point points fact facts thing end top recent latest former told asked called known expected
    continue continued include includes included think believe know want come came take took
    taken give gave put set show shows showed look looks seem seems seemed mr mrs ms dr monday
    tuesday wednesday thursday friday saturday sunday january february march april june july
    august september october november december https http www""".split()
)

TOKEN_RE = re.compile(r"[^\W\d_](?:[\w'’.-]*[\w])?|[^\s\w]+|\d[\w.,]*")  # 'Weizsäcker', 'e-tron', 'U.S.'
URL_RE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")
POSSESSIVE_RE = re.compile(r"(?<=\w)['’]s?$")


@lru_cache(maxsize=1)
def parts_of_speech() -> dict[str, str]:
    """Lower-case word → N, J, V or O (its usual part of speech in news text)."""
    from ..entities.features import POS_FILE

    if not POS_FILE.is_file():
        return {}
    return dict(line.split("\t", 1) for line in POS_FILE.read_text(encoding="utf-8").splitlines() if "\t" in line)


def normalise_tag(text: str) -> str:
    """Lower case, single spaces, no punctuation at the ends."""
    return re.sub(r"\s+", " ", text).strip(" .,;:!?-–—'\"“”‘’«»()[]").lower()


@lru_cache(maxsize=1 << 16)
def singular(word: str) -> str:
    """'sanctions' → 'sanction', 'policies' → 'policy'; 'crisis', 'virus', 'bus' stay."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")) and len(word) > 4:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")) and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=256)
def tokens_of(text: str) -> tuple[str, ...]:
    """TOKEN_RE's tokens of a text, URLs and addresses replaced by a full stop."""
    if "://" in text or "www." in text or "@" in text:
        text = URL_RE.sub(" . ", text)
    return tuple(TOKEN_RE.findall(text))


@lru_cache(maxsize=1 << 16)
def bare_token(token: str) -> str:
    """A token without its possessive ending ('Blinken’s' → 'Blinken')."""
    return POSSESSIVE_RE.sub("", token) if "'" in token or "’" in token else token


@lru_cache(maxsize=1)
def named_resources() -> Resources:
    """The entity model's word lists: first names and surnames, the gazetteer of places, the words
    news text writes in lower case (imported when first asked for: the model is large)."""
    from ..entities.recognise import get_tagger

    return get_tagger().resources


def common_words() -> frozenset[str]:
    """Words news text writes in lower case (from the entity model's word list)."""
    return named_resources().common
