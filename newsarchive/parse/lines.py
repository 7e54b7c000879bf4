"""Line roles: headline, byline, dateline, section, body or furniture, from a learned sequence model.

A linear-chain CRF (python-crfsuite) reads a dump's lines as a sequence. Each line is described by
features that hold across outlets: its position, length, case and punctuation, whether the date or
byline grammar reads it, which boilerplate rule it hits, what the rule reader decided about it, and
the same for its neighbours. The model is trained from labelled dumps (`train_model`) and shipped
with the package; `read_roles` tags a dump's lines with it. Beside it, a small learned ranker
(`train_ranker`, `rank_chances`) picks the headline among candidate lines from what the line model
and the headline rules say of each.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import pycrfsuite

from .boilerplate import SENTENCE_END, Line, is_breadcrumb, is_date_line, split_lines
from .bylines import looks_like_name, parse_byline
from .dates import search_date
from .outlets import not_name_words
from .rulereader import META_WORDS, read_by_rules, rule_hints
from .rules import load_rules

log = logging.getLogger(__name__)

MODEL = Path(__file__).resolve().parent / "model" / "lines.crfsuite"
ROLES = ("headline", "byline", "dateline", "section", "body", "other")
LONG_WORDS = 18  # the first line this long opens the story: lines before it are the header
ECHO_WORDS = 8  # a line that names a section again ('More in Business') is at most this long
CASE_WORDS = 12  # the case pattern is read from a line's first words
HEADER_SLACK = 5  # lines read with the grammars: up to this many after the first long line
NEIGHBOUR_KEYS = ("w=", "cap=", "end=", "date", "byline", "name", "rk=", "rb", "crumb", "upper", "rt", "label", "echo")
FAR_KEYS = ("w=", "rb", "rt", "date", "byline", "label", "cap=")  # of the lines two before and after
TRAINING = {"c1": 0.0, "c2": 0.1, "max_iterations": 200, "feature.possible_transitions": True}
RANKER_TRAINING = {"c1": 0.0, "c2": 1.0, "max_iterations": 200}
RANKERS = ("headline",)  # the choices a small learned ranker makes among candidate lines
# "Filed under: Politics", "Posted in Business", "Category: Health": a section label's own words.
SECTION_PREFIX = re.compile(
    r"^(?:filed under|posted in|published in|categor(?:y|ies)|sections?|topics?|rubrik|kategori[ea]?|categoria|categoría|"
    r"catégorie|rubrique)\s*:?\s+(?=\S)",
    re.I,
)
NON_WORD = re.compile(r"[\W_]+")
DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Roles:
    """The role of each line and the model's confidence in the headline and section roles."""

    labels: tuple[str, ...]
    headline: tuple[float, ...]  # marginal probability of the headline role, per line
    section: tuple[float, ...]  # marginal probability of the section role, per line
    body: tuple[float, ...]  # marginal probability of the body role, per line

    def first(self, role: str) -> int | None:
        """Index of the first line given this role, or None."""
        return next((index for index, label in enumerate(self.labels) if label == role), None)


def words_bucket(words: int) -> str:
    """A coarse length class, so that lengths of one outlet do not become features of their own."""
    for limit, name in ((0, "0"), (1, "1"), (2, "2"), (3, "3"), (6, "4-6"), (12, "7-12"), (20, "13-20"), (40, "21-40")):
        if words <= limit:
            return name
    return "41+"


INDEX_NAMES = tuple(f"i={index}" for index in range(13))
REL_NAMES = tuple(f"rel={tenth}" for tenth in range(11))
WORD_NAMES = tuple(f"w={words_bucket(words)}" for words in range(42))
CHAR_NAMES = tuple(f"ch={score}" for score in range(11))
DISTANCE_NAMES = tuple(f"dt={distance}" for distance in range(-4, 5))


def case_pattern(text: str) -> str:
    """'upper' (all capitals), 'title' (most words capitalised), 'lower' (starts lower), else 'sentence'."""
    if text.isupper() and len(text) > 2:
        return "upper"
    words = [word for word in text.split(maxsplit=CASE_WORDS)[:CASE_WORDS] if word[0].isalpha()]
    if not words:
        return "none"
    if words[0][0].islower():
        return "lower"
    capitalised = sum(word[0].isupper() for word in words)
    return "title" if capitalised >= 0.6 * len(words) else "sentence"


def ending_of(text: str) -> str:
    """How a line ends: sentence mark, colon, bracket, digit, letter or other."""
    last = text.rstrip("\"'”’»)]")[-1:] or text[-1:]
    if last in ".!?…。！？":
        return "stop"
    if last == ":":
        return "colon"
    if text[-1:] in ")]":
        return "bracket"
    if last.isdigit():
        return "digit"
    return "letter" if last.isalpha() else "other"


def overlap_bucket(one: str, other: set[str]) -> str:
    """How many of a line's words the first long paragraph holds, as a class (repeats, standfirsts)."""
    words = {word for word in NON_WORD.split(one.casefold()) if len(word) > 2}
    if not words or not other:
        return "none"
    share = len(words & other) / len(words)
    return "high" if share >= 0.8 else "mid" if share >= 0.4 else "low"


@dataclass(frozen=True, slots=True)
class Page:
    """What the features of one line need to know about the whole dump."""

    count: int
    first_long: int  # index of the first line of LONG_WORDS words (the story's opening)
    rule_title: int
    rule_body: frozenset[int]
    lead: frozenset[str]  # the words of the first long line
    short_lines: tuple[str, ...]  # short lines, folded and padded, where sections are named again
    title_copies: frozenset[int]  # the rule reader's headline and the lines repeating it

    @property
    def header_end(self) -> int:
        """Lines up to here are read with the date and byline grammars; later ones are body or tail."""
        return self.first_long + HEADER_SLACK


def page_of(lines: Sequence[Line], rule_title: int, rule_body: Iterable[int]) -> Page:
    """The page-wide facts the line features need."""
    count = len(lines)
    first_long = next((index for index, line in enumerate(lines) if line.words >= LONG_WORDS), count)
    lead = frozenset(word for word in NON_WORD.split(lines[first_long].text.casefold()) if len(word) > 2) if first_long < count else frozenset()
    short = tuple(f" {padded(line.text)} " for line in lines if 2 <= line.words <= ECHO_WORDS)
    title = lines[rule_title].text if 0 <= rule_title < count else None
    copies = frozenset(index for index, line in enumerate(lines) if line.text == title)
    return Page(count, first_long, rule_title, frozenset(rule_body), lead, short, copies)


def padded(text: str) -> str:
    """Folded words joined by single spaces, for whole-word containment tests."""
    return " ".join(NON_WORD.sub(" ", text.casefold()).split())


def own_features(line: Line, index: int, page: Page, seen: set[str]) -> list[str]:
    """The features of one line alone (its neighbours' are added by `line_features`)."""
    text = line.text
    first_long = page.first_long
    features = [
        "bias",
        INDEX_NAMES[min(index, 12)],
        REL_NAMES[10 * index // max(page.count, 1)],
        "head" if index < first_long else ("lead" if index == first_long else "after"),
        WORD_NAMES[min(line.words, 41)],
        CHAR_NAMES[min(len(text) // 20, 10)],
        "cap=" + case_pattern(text),
        "end=" + ending_of(text),
        "rk=" + line.kind,
        "rr=" + line.rule.split("-")[0],
    ]
    if line.prose:
        features.append("prose")
    if SENTENCE_END.search(text):
        features.append("sentence-end")
    if "|" in text:
        features.append("pipe")
    if DIGIT.search(text):
        features.append("digit")
    if text.isupper() and len(text) > 2:
        features.append("upper")
    if text.casefold() in seen:
        features.append("repeat")
    if page.rule_title >= 0:
        features.append(DISTANCE_NAMES[max(-4, min(index - page.rule_title, 4)) + 4])
    if index == page.rule_title:
        features.append("rt")
    if index in page.rule_body:
        features.append("rb")
    if line.words <= META_WORDS:
        if SECTION_PREFIX.match(text):
            features.append("filed")
        if index <= page.header_end:
            features.extend(header_features(line, index, page))
    return features


def header_features(line: Line, index: int, page: Page) -> list[str]:
    """Features of a short line near the top: what the date and byline grammars read in it, its
    likeness to the first paragraph, and whether it is shaped like a section label."""
    text = line.text
    features = [f"ov={overlap_bucket(text, page.lead)}" if index != page.first_long else "ov=self"]
    if is_breadcrumb(text):
        features.append("crumb")
    if search_date(text):
        features.append("date")
        if is_date_line(text):
            features.append("dateline")
    if parse_byline(text):
        features.append("byline")
    if looks_like_name(text.split("@")[0].strip()):
        features.append("name")
    if line.words <= 8:
        first = NON_WORD.sub("", text.split()[0].casefold())
        if first:
            features.append(f"f={first[:12]}")
    if line.words <= 5:
        features.extend(label_features(text, index, page))
    return features


def label_features(text: str, index: int, page: Page) -> list[str]:
    """Features of a line of at most five words: outlet or role words, and the shape of a label."""
    features = []
    names = not_name_words()
    if any(len(word) > 3 and word.casefold().strip(".,:|") in names for word in text.split()):
        features.append("role-word")
    if ending_of(text) == "letter" and case_pattern(text) in ("title", "upper"):
        features.append("label")
        if index < page.first_long:
            features.append("label-head")
        if page.rule_title >= 0:
            features.append(f"label-dt={max(-3, min(index - page.rule_title, 3))}")
        if echoed(text, page.short_lines):
            features.append("echo")
        if index + 1 in page.title_copies:
            features.append("label-before-title")
    return features


def echoed(label: str, short_lines: Sequence[str]) -> bool:
    """A label that another short line holds among more words ('Nation' in 'Top stories in Nation'):
    how pages name their sections again in 'More in ...' blocks."""
    folded = f" {padded(label)} "
    if len(folded) < 6:
        return False
    return any(folded in other and other != folded for other in short_lines)


def line_features(lines: Sequence[Line], rule_title: int = -1, rule_body: Iterable[int] = (),
                  hints: Sequence[Sequence[str]] = ()) -> list[list[str]]:
    """Each line's features, with some of those of the two lines before and after it (prefixed).

    `rule_title` and `rule_body` are the rule reader's headline index and body line indexes, `hints`
    the headline rules that pick each line (`text.rule_hints`): the model learns when to trust them.
    """
    page = page_of(lines, rule_title, rule_body)
    seen: set[str] = set()
    own: list[list[str]] = []
    near: list[list[str]] = []
    far: list[list[str]] = []
    for index, line in enumerate(lines):
        mine = own_features(line, index, page, seen)
        if index < len(hints):
            mine.extend(hints[index])
        own.append(mine)
        near.append([name for name in mine if name.startswith(NEIGHBOUR_KEYS)])
        far.append([name for name in near[-1] if name.startswith(FAR_KEYS)])
        seen.add(line.text.casefold())
    count = len(lines)
    features: list[list[str]] = []
    for index, mine in enumerate(own):
        row = list(mine)
        for offset, shared in ((-1, near), (1, near), (-2, far), (2, far)):
            at = index + offset
            if 0 <= at < count:
                row.extend([f"{offset}:{name}" for name in shared[at]])
            else:
                row.append(f"{offset}:none")
        features.append(row)
    return features


@lru_cache(maxsize=12)
def load_tagger(path: str = str(MODEL)) -> pycrfsuite.Tagger:
    """A trained model: the line model or a ranker (one Tagger per model file, opened once)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


def read_roles(lines: Sequence[Line], rule_title: int = -1, rule_body: Iterable[int] = (),
               model: str | None = None, hints: Sequence[Sequence[str]] = ()) -> Roles:
    """Tag each line with its role; the headline and section marginals come with the tags."""
    if not lines:
        return Roles((), (), (), ())
    tagger = load_tagger(model or str(MODEL))
    labels = tuple(tagger.tag(line_features(lines, rule_title, rule_body, hints)))
    known = set(tagger.labels())
    return Roles(labels, *(marginals(tagger, role, len(lines), known) for role in ("headline", "section", "body")))


def marginals(tagger: pycrfsuite.Tagger, role: str, count: int, known: set[str]) -> tuple[float, ...]:
    """The probability of `role` for each line of the sequence last tagged."""
    if role not in known:
        return (0.0,) * count
    return tuple(tagger.marginal(role, index) for index in range(count))


def train_model(sequences: Iterable[tuple[list[list[str]], list[str]]], path: Path) -> None:
    """Train the CRF on (features, labels) sequences, in the order given, and save it to `path`."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in sequences:
        trainer.append(features, labels)
    trainer.set_params(TRAINING)
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))
    log.info("line model written to %s", path)


def ranker_path(model: str | None, choice: str) -> str:
    """Where the ranker for a choice sits beside its line model ('lines.crfsuite' → 'lines-headline.crfsuite')."""
    base = Path(model or MODEL)
    return str(base.parent / f"{base.stem}-{choice}{base.suffix}")


def train_ranker(rows: Iterable[tuple[list[str], bool]], path: Path) -> None:
    """Train a ranker on (candidate features, is it the right line) rows, in the order given: a
    logistic model, written as a CRF over one-item sequences so that one library serves both.
    Without rows no ranker is written (and an old one is removed): the rules then choose alone."""
    rows = list(rows)
    if not rows:
        path.unlink(missing_ok=True)
        return
    trainer = pycrfsuite.Trainer(verbose=False)
    for features, right in rows:
        trainer.append([features], ["yes" if right else "no"])
    trainer.set_params(RANKER_TRAINING)
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))


def rank_chances(candidates: Sequence[list[str]], model: str | None, choice: str) -> list[float]:
    """The ranker's probability that each candidate is the line sought; none (all 0) when the line
    model has no ranker beside it (one trained before rankers were)."""
    path = ranker_path(model, choice)
    if not Path(path).is_file():
        return [0.0] * len(candidates)
    tagger = load_tagger(path)
    if "yes" not in tagger.labels():
        return [0.0] * len(candidates)
    chances = []
    for features in candidates:
        tagger.set([features])
        chances.append(tagger.marginal("yes", 0))
    return chances


def chance_bucket(chance: float) -> str:
    """The model's probability for a line as a coarse class (a ranker's feature)."""
    return "0" if chance < 0.05 else "low" if chance < 0.3 else "mid" if chance < 0.7 else "high"


def roles_of_text(text: str, model: str | None = None) -> list[tuple[str, str]]:
    """(line, role) for each non-empty line of a text: the line model on text alone, for readers
    that fall back to it (the saved-page reader on a page's visible text)."""
    lines = split_lines(text)
    if not lines:
        return []
    rule_title, rule_body = read_by_rules(lines, load_rules())
    roles = read_roles(lines, rule_title, rule_body, model, rule_hints(lines))
    return [(line.text, role) for line, role in zip(lines, roles.labels)]
