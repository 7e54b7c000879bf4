"""News agencies as a story's credit ('(AP)', a line 'Associated Press' over it) or as page
furniture (a photo credit), which the labels do not count."""

from __future__ import annotations

import re
from functools import lru_cache

from ..article import Article
from ..parse.outlets import agencies
from .names import NameRules
from .sentences import Sentence


HEADER_RULES = frozenset({"before-body", "byline"})  # lines over the story that name no part of it


def agency_line(article: Article) -> str:
    """A news agency named on a line of its own over the story ('Associated Press', 'By The
    Canadian Press'): the story's credit, as a dateline's '(AP)' is."""
    names = set(agencies().values())
    for removed in article.removed:
        if removed.rule not in HEADER_RULES:
            continue
        text = re.sub(r"^By\s+", "", removed.text.strip(), flags=re.IGNORECASE)
        for name in (text, "The " + text, text.removeprefix("The ")):
            if name in names:
                return name
    return ""


CREDIT_MARKS = frozenset({"/", "|", ":", "©", ","})


def agency_credit(sentence: Sentence, start: int, end: int, text: str, rules: NameRules) -> bool:
    """A news agency as a photo credit, page furniture: in a caption, beside a credit word of the
    line ('Photo: Damian Dovarganes, AP', 'AP Photo'), by a slash ('John Smith/AFP',
    'REUTERS/Kevin Lamarque'), or at a line's end after a comma. Named in the text ('told Reuters', 'the Associated Press reported') it is
    the organisation the labels count."""
    known = agency_names()
    if text.casefold() not in known and text.removeprefix("The ").casefold() not in known:
        return False
    if sentence.region == "caption":
        return True
    words = sentence.words
    if any(w.lower().strip(":") in rules.credit_words for w in words[: end + 1]):
        return True  # 'Photo: ..., AP', 'AP Photo/Evan Vucci'
    before = words[start - 1] if start > 0 else ""
    after = words[end] if end < len(words) else ""
    return before in ("/", "|", "©") or after == "/" or (before in CREDIT_MARKS and end >= len(words) - 1)


@lru_cache(maxsize=1)
def agency_names() -> frozenset[str]:
    """The agencies' credits and names, case folded: read once, not for every mention."""
    return frozenset(name.casefold() for name in (*agencies(), *agencies().values()))
