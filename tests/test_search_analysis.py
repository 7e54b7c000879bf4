"""The search analysis (lunr.py's pipeline with newsarchive's fixes) gives the terms lunr.js gives.

The browser stems queries with lunr.js, so every departure is a word no query finds. The terms
are compared with the real lunr.js (in Node: tests only) over every distinct token of the BBC
corpus in ../shared (when present), the project's seeds and test fixtures, and a batch of
generated words that stress the stemmer's rules.
"""

from __future__ import annotations

import random
import re

import pytest

from newsarchive.site.search.analysis import split_tokens, term_of

from .conftest import ROOT, SHARED
from .search_node import run_script

TERMS_JS = ROOT / "tests" / "lunr_terms.js"

# (token, lunr.js's term: None for a stop word). Each row is a departure of lunr.py 0.8.0.
KNOWN = [
    ("buy", "buy"), ("boy", "boy"), ("away", "away"), ("day", "day"), ("money", "money"),
    ("played", "play"), ("sky", "ski"), ("flying", "fli"), ("trying", "tri"), ("yyy", "yyi"),
    ("eed", "e"), ("ies", "ie"), ("sses", "sse"),  # a letter must come before the suffix
    ("café", "caf"), ("'don't'", "don't"), ("«word»", "word"), ("--", ""),  # JavaScript's ASCII \W
    ("x😀yed", "x😀i"),  # UTF-16: the emoji counts as two characters
    ("the", None), ("relational", "relat"), ("generalization", "gener"),
]


@pytest.mark.parametrize("token, term", KNOWN)
def test_known_departures_of_lunr_py_are_fixed(token: str, term: str | None) -> None:
    assert term_of(token) == term


def test_known_terms_are_lunr_js_ones() -> None:
    assert run_script(TERMS_JS, "tokens", payload=[token for token, _ in KNOWN]) == [term for _, term in KNOWN]


def corpus_tokens() -> list[str]:
    """Every distinct token of the BBC corpus (when ../shared has it), the seeds and the fixtures."""
    files = sorted((SHARED / "corpus" / "bbc").glob("*/*.txt")) + sorted((ROOT / "seeds").glob("*"))
    files += sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.suffix in (".txt", ".html", ".md"))
    tokens: set[str] = set()
    for path in files:
        tokens.update(split_tokens(path.read_text(encoding="utf-8", errors="replace")))
    tokens.discard("")
    return sorted(tokens)


def test_every_corpus_token_gets_the_lunr_js_term() -> None:
    tokens = corpus_tokens()
    assert len(tokens) > (50_000 if (SHARED / "corpus" / "bbc").is_dir() else 2_000)
    expected = run_script(TERMS_JS, "tokens", payload=tokens)
    departures = [(token, want, term_of(token)) for token, want in zip(tokens, expected) if term_of(token) != want]
    assert not departures, departures[:20]


SUFFIXES = ("s es ies sses ed eed ing y ly ying yed ational tional enci anci izer bli alli entli eli ousli ization "
            "ation ator alism iveness fulness ousness aliti iviti biliti logi icate ative alize iciti ical ful ness "
            "al ance ence er ic able ible ant ement ment ent ion sion tion ou ism ate iti ous ive ize e ll").split()


def generated_words(count: int, seed: int = 11) -> list[str]:
    """Words built to reach every rule of the stemmer: random stems rich in y and doubled
    letters, a suffix or two, now and then a digit, an accent or a character beyond the BMP."""
    rng = random.Random(seed)
    letters = "aeiouyyybcdfglmnprstvwxzsl"
    rare = "éüß09_ñ😀𝐀"
    words = set()
    while len(words) < count:
        stem = "".join(rng.choice(letters + (rare if rng.random() < 0.05 else "")) for _ in range(rng.randint(1, 8)))
        words.add(stem + "".join(rng.choice(SUFFIXES) for _ in range(rng.randint(0, 2))))
    return sorted(words)


def test_generated_words_stem_as_lunr_js() -> None:
    words = generated_words(40_000)
    expected = run_script(TERMS_JS, "tokens", payload=words)
    departures = [(word, want, term_of(word)) for word, want in zip(words, expected) if term_of(word) != want]
    assert not departures, departures[:20]


TOKEN_CASES = [
    "plain words, here",
    "dual-use   aid\u2003em\u00a0space",
    "tab\tand\nnewline\u2028line\u3000ideographic",
    "bom\ufeffjoined and \x1cfile\x1dseparator\x85nel",
    "‘Almost Certainly’ — “quoted” (brackets) ...",
    "İstanbul ŞEHİR straße ΣΊΣΥΦΟΣ",
    "-leading and trailing-",
    "",
]


def test_texts_split_and_analysed_as_lunr_js() -> None:
    """split_tokens + term_of give exactly the terms lunr.tokenizer + lunr.js's pipeline give."""
    expected = run_script(TERMS_JS, "texts", payload=TOKEN_CASES)
    for case, want in zip(TOKEN_CASES, expected):
        terms = [term_of(token) for token in split_tokens(case) if token]
        assert [term for term in terms if term is not None] == want, case


@pytest.mark.parametrize("text, tokens", [
    ("Dual-use aid", ["dual", "use", "aid"]),
    ("a\u00a0b\u2003c", ["a", "b", "c"]),
    ("x\x1cy z\x85w", ["x\x1cy", "z\x85w"]),  # not spaces to JavaScript, though they are to Python
    ("ŞEHİR", ["şehi̇r"]),
])
def test_split_tokens_lowercases_and_splits_on_javascript_spaces(text: str, tokens: list[str]) -> None:
    assert [t for t in split_tokens(text) if t] == tokens


def test_lunr_js_version_matches_package_json_and_the_theme() -> None:
    """The analysis reproduces the lunr.js the theme ships and package.json pins."""
    import json

    from newsarchive.site.search.analysis import LUNR_JS_VERSION

    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["lunr"]
    shipped = (ROOT / "theme" / "static" / "vendor" / "lunr" / "lunr.min.js").read_text(encoding="utf-8")
    assert pinned == LUNR_JS_VERSION
    assert re.search(r"lunr - http://lunrjs.com - .* - ([\d.]+)", shipped).group(1) == LUNR_JS_VERSION  # type: ignore[union-attr]
    assert "MIT" in shipped[:400] and (ROOT / "theme" / "static" / "vendor" / "lunr" / "LICENSE").is_file()
    installed = ROOT / "node_modules" / "lunr" / "lunr.min.js"
    if installed.is_file():
        assert installed.read_bytes() == shipped.encode("utf-8")
