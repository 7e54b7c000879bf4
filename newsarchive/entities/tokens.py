"""Sentence and token splitting compatible with CoNLL-2003 tokenisation, with character offsets.

Tokens keep their offsets into the original text; `normalise_token` gives the form the tagger sees
(straight quotes, ASCII dashes), so the article's own text is never changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations that keep their full stop as part of the token (CoNLL writes "Mr.", "Corp.", "Feb.").
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt gen col lt sgt capt cmdr adm maj rep reps sen gov pres rev hon
    fr messrs co corp inc ltd plc bros dept univ assn ave blvd no nos vol vs etc approx est
    jan feb mar apr jun jul aug sep sept oct nov dec
    ala ariz ark calif colo conn fla ga kan ky md mich minn mont neb nev okla tenn tex va vt wis wyo""".split()
)

TOKEN_RE = re.compile(
    r"""
      (?P<url>https?://\S+[\w/]|www\.\S+[\w/]|[\w.+-]+@[\w-]+\.[\w.-]*\w)
    | (?P<initials>(?:[A-Za-z]\.){2,}(?![A-Za-z]))          # U.S.  U.K.  a.m.
    | (?P<number>\d+(?:[.,:/-]\d+)*(?:[A-Za-z]{1,2}\b)?)     # 1,000  3.5  1996-08-22  10:30  5th
    | (?P<notword>[A-Za-z]+(?=n['’]t\b))                     # do|n't
    | (?P<nt>n['’]t\b)
    | (?P<clitic>['’](?:s|S|re|RE|ve|VE|ll|LL|d|D|m|M)\b)   # 's  're  'll
    | (?P<oname>[A-Z]['’][A-Z][\w]+)                         # O'Brien  D'Alema
    | (?P<word>[^\W\d_](?:[\w]|[-‐‑](?=\w)|\.(?=[^\W\d_]\.))*\.?)  # words, hyphenated words
    | (?P<dots>\.{2,}|…)
    | (?P<dashes>-{2,}|[—―])
    | (?P<punct>\S)
    """,
    re.VERBOSE,
)

QUOTE_MAP = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
        "–": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-",
        "—": "--", "―": "--", "…": "...",
        "\u00a0": " ",
    }
)

SENTENCE_END = frozenset({".", "!", "?", "..."})
CLOSERS = frozenset({'"', "'", ")", "]", "”", "’"})


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its text as written, its offsets in the source, and the tagger's form."""

    text: str
    start: int
    end: int

    @property
    def form(self) -> str:
        return normalise_token(self.text)


def normalise_token(text: str) -> str:
    """Curly quotes and typographic dashes to the ASCII forms CoNLL uses."""
    return text.translate(QUOTE_MAP)


def tokenize(text: str) -> list[Token]:
    """Split text into CoNLL-style tokens with offsets."""
    tokens: list[Token] = []
    for match in TOKEN_RE.finditer(text):
        value = match.group()
        start, end = match.span()
        if match.lastgroup == "word" and value.endswith(".") and not keeps_period(value):
            tokens.append(Token(value[:-1], start, end - 1))
            tokens.append(Token(".", end - 1, end))
            continue
        tokens.append(Token(value, start, end))
    return tokens


def keeps_period(word: str) -> bool:
    """True when a word's final full stop belongs to it (an abbreviation or an initial)."""
    stem = word[:-1]
    if "." in stem:  # e.g. "Ph.D."
        return True
    if len(stem) == 1 and stem.isupper():  # initials: "George W. Bush"
        return True
    return stem.rsplit("-", 1)[-1].lower() in ABBREVIATIONS  # "Ark." in "(R-Ark.)"


def split_sentences(tokens: list[Token]) -> list[list[Token]]:
    """Group tokens into sentences: a full stop, ! or ? (and any closing quotes) before a capital."""
    sentences: list[list[Token]] = []
    current: list[Token] = []
    for i, token in enumerate(tokens):
        current.append(token)
        if not ends_sentence(tokens, i):
            continue
        sentences.append(current)
        current = []
    if current:
        sentences.append(current)
    return sentences


def ends_sentence(tokens: list[Token], i: int) -> bool:
    """Is tokens[i] the last token of a sentence?"""
    if i + 1 >= len(tokens):
        return True
    text, following = tokens[i].form, tokens[i + 1].form
    if text in CLOSERS:
        if i == 0 or tokens[i - 1].form not in SENTENCE_END:
            return False
        if following in CLOSERS:
            return False
    elif text not in SENTENCE_END or following in CLOSERS:
        return False
    return following[:1].isupper() or following[:1].isdigit() or following[:1] in "\"'(["


def sentences_of(text: str) -> list[list[Token]]:
    """Tokens of text, in sentences."""
    return split_sentences(tokenize(text))
