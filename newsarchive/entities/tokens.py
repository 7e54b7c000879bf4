"""Sentence and token splitting compatible with CoNLL-2003 tokenisation, with character offsets.

Tokens keep their offsets into the original text; `normalise_token` gives the form the tagger sees
(straight quotes, ASCII dashes), so the article's own text is never changed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

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
ENDERS = SENTENCE_END | CLOSERS


class Token(NamedTuple):
    """One token: its text as written, its offsets in the source, and the tagger's form."""

    text: str
    start: int
    end: int
    form: str


def normalise_token(text: str) -> str:
    """Curly quotes and typographic dashes to the ASCII forms CoNLL uses."""
    return text if text.isascii() else text.translate(QUOTE_MAP)


CHUNK_RE = re.compile(r"\S+")
TRAILING = frozenset(',;:!?")')


def tokenize(text: str) -> list[Token]:
    """Split text into CoNLL-style tokens with offsets."""
    tokens: list[Token] = []
    append = tokens.append
    make = tuple.__new__  # what Token(...) does, without its Python-level __new__: most tokens take the fast paths
    for chunk in CHUNK_RE.finditer(text):
        value = chunk.group()
        start, end = chunk.span()
        # Fast paths for plain words, alone or with one trailing comma or the like.
        if value.isalpha():
            append(make(Token, (value, start, end, value if value.isascii() else normalise_token(value))))
        elif value[-1] in TRAILING and (word := value[:-1]).isalpha() and word.isascii():
            append(make(Token, (word, start, end - 1, word)))
            append(make(Token, (value[-1], end - 1, end, value[-1])))
        else:
            tokenize_chunk(value, start, tokens)
    return tokens


def tokenize_chunk(chunk: str, offset: int, tokens: list[Token]) -> None:
    for match in TOKEN_RE.finditer(chunk):
        value = match.group()
        start, end = match.start() + offset, match.end() + offset
        if match.lastgroup == "word" and value.endswith(".") and not keeps_period(value):
            tokens.append(Token(value[:-1], start, end - 1, normalise_token(value[:-1])))
            tokens.append(Token(".", end - 1, end, "."))
            continue
        tokens.append(Token(value, start, end, normalise_token(value)))


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
    forms = [t.form for t in tokens]
    for i, token in enumerate(tokens):
        current.append(token)
        if forms[i] not in ENDERS or not ends_sentence(forms, i):
            continue
        sentences.append(current)
        current = []
    if current:
        sentences.append(current)
    return sentences


def ends_sentence(forms: list[str], i: int) -> bool:
    """Is forms[i] the last token of a sentence?"""
    if i + 1 >= len(forms):
        return True
    text, following = forms[i], forms[i + 1]
    if text in CLOSERS:
        if i == 0 or forms[i - 1] not in SENTENCE_END:
            return False
        if following in CLOSERS:
            return False
    elif text not in SENTENCE_END or following in CLOSERS:
        return False
    return following[:1].isupper() or following[:1].isdigit() or following[:1] in "\"'(["


def sentences_of(text: str) -> list[list[Token]]:
    """Tokens of text, in sentences."""
    return split_sentences(tokenize(text))
