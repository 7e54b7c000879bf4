"""Index terms from text, as lunr.js makes them, with lunr.py's pipeline: tokenizer, trimmer,
stop-word filter and Porter stemmer.

The browser stems a reader's query with lunr.js, so the index must hold the very terms lunr.js
would give. lunr.py departs from lunr.js in its trimmer and its stemmer; `JsPorterStemmer` and
`trim_token` below are the one place that brings it back in line (see their docstrings), and
tests/test_search_analysis.py compares the result with lunr.js over a large real vocabulary.
"""

from __future__ import annotations

import re

from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS

# Part of the search cache's key: bump it when the terms of a token may change.
ANALYSIS_VERSION = "lunr.py-js-1"
# The lunr.js whose analysis this reproduces, shipped with the theme (package.json pins it).
LUNR_JS_VERSION = "2.3.9"

# lunr.tokenizer.separator is /[\s\-]+/; JavaScript's \s, spelled out.
SEPARATOR = re.compile("[\t\n\x0b\x0c\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff-]+")
# Where Python's str.split() and JavaScript's \s disagree on what is a space.
NOT_PYTHON_SPACE = re.compile("[\x1c-\x1f\x85\ufeff]")


def split_tokens(text: str) -> list[str]:
    """lunr.tokenizer's tokens: lowercase, split on whitespace and hyphens ("" pieces may appear)."""
    text = text.lower()
    if NOT_PYTHON_SPACE.search(text):
        return SEPARATOR.split(text)
    return text.replace("-", " ").split()  # the same split, faster


# --- Where lunr.py departs from lunr.js ---------------------------------------------------------

# JavaScript's \W is ASCII-only: lunr.js trims "café" to "caf" and "«word»" to "word".
JS_EDGE = re.compile(r"^[^A-Za-z0-9_]+|[^A-Za-z0-9_]+\Z")


def trim_token(token: str) -> str:
    """lunr.trimmer: non-word characters off both ends. lunr.py's trimmer reads \\W as Unicode
    and leaves a token with an inner non-word character ("'don't'") untrimmed."""
    return JS_EDGE.sub("", token)


class JsPorterStemmer(PorterStemmer):
    """lunr.py's Porter stemmer (Martin Porter's reference port), made to stem as lunr.js's
    regular-expression one does. Without this, words such as "day", "away", "buy", "boy",
    "played" and "money" would get a term no lunr.js query asks for. The departures:

    - step 1c: lunr.js turns a final y into i after any letter but a, e, i, o, u, unless the y
      is the word's second letter ("sky" to "ski", "day" stays), where lunr.py wants a vowel in
      the stem ("sky" stays, "day" to "dai");
    - step 1b: lunr.js never takes "yy" for a double consonant to undouble;
    - step 1a/1b: lunr.js's "sses", "ies" and "eed" rules need a letter before the suffix;
    - lunr.js strings are UTF-16: a character outside the Basic Multilingual Plane counts as two.
    """

    STEP1_SUFFIXES = frozenset({"sses", "ies", "eed"})

    def step1c(self) -> None:
        if self.ends("y") and self.j > self.k0 and self.b[self.j] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1 :]

    def doublec(self, j: int) -> int:
        return 0 if self.b[j] == "y" else super().doublec(j)

    def ends(self, s: str) -> int:
        if s in self.STEP1_SUFFIXES and len(s) > self.k - self.k0:
            return 0
        return super().ends(s)

    def stem(self, p: str, metadata: object = None) -> str:
        if p.isascii() or max(p) <= "\uffff":
            return super().stem(p)
        units = p.encode("utf-16-le", "surrogatepass")
        split = "".join(chr(int.from_bytes(units[i : i + 2], "little")) for i in range(0, len(units), 2))
        return super().stem(split).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


# --------------------------------------------------------------------------------------------------

STEMMER = JsPorterStemmer()


def term_of(token: str) -> str | None:
    """The index term of one lowercased token (None: a stop word), as lunr.js's pipeline
    (trimmer, stopWordFilter, stemmer) gives it. "" stays "", as in lunr.js."""
    word = trim_token(token)
    if word in STOP_WORDS:
        return None
    return STEMMER.stem(word) if word else word
