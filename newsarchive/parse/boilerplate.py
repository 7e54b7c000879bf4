"""Finding the story in a dump: the dense run of prose between the page furniture.

Every line gets a score: prose (long, or ending like a sentence) counts for its words, short lines
and furniture (rule matches, credits, link-list headings) count against. The body is the run of
lines with the highest total (the maximum-sum segment), so furniture clusters before and after it
fall away while short lines inside it (subheads, one-line quotes) stay. Inside the run, lines that
rules, credits or link-list blocks mark are then removed, each with the name of its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from os.path import commonprefix

from .credits import parse_credit_line, split_caption_credit
from .dates import MONTH, search_date
from .rules import RuleSet, trail_opener

SENTENCE_END = re.compile(r"[.!?…:;。！？；：][\"'”’»)\]」』）]*$|[\"”»」』]$")
PROSE_WORDS = 18  # a line this long is prose whatever its ending
SENTENCE_WORDS = 6  # a line ending like a sentence is prose from this many words
WORD = re.compile(r"\w+")
# Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Myanmar):
# their characters are counted as words, two to a word, so their lines are measured as others are.
UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# Scores of the line kinds (prose lines score their word count).
SHORT = -2.0
LINE_RULE = -6.0
CREDIT = -5.0
BLOCK = -15.0
TAIL = -25.0
TAIL_DECAY = 0.1  # prose after a tail heading (comments, author box) counts this much
TAIL_MIN_PROSE = 60  # a tail heading only ends the story after this many words of prose
ISOLATED = 0.6  # weight of a prose line between furniture lines
ISOLATED_WORDS = 30  # ... when it is shorter than this
DIGITS = re.compile(r"\d\d")
MAX_BLOCK_LINES = 15  # a link list after a block heading is at most this long
MAX_LIST_LINES = 80  # a list that continues the body is at most this long
LABELLED_CREDIT = re.compile(r"^image copyright\b", re.I)  # its caption follows, labelled
LIST_SHAPES = (
    ("table", re.compile(r"\t")),
    ("date", re.compile(rf"^{MONTH}\s*\d{{1,2}}\b", re.I)),
    ("bullet", re.compile(r"^[*•·▪►✓✔→-]\s*\w")),
)


@dataclass(slots=True)
class Line:
    """One non-empty dump line and what the reader decided about it."""

    number: int  # 1-based line number in the seed
    text: str
    words: int
    prose: bool
    kind: str = "short"  # prose, short, line, block, tail, credit, caption
    rule: str = ""  # the rule or reason that marks it as furniture
    votes: tuple[str, ...] = ()  # the headline rules that pick this line (set by the text reader)


def split_lines(text: str) -> list[Line]:
    """The dump's non-empty lines, stripped, with their line numbers."""
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip().replace("\u200b", "").replace("\ufeff", "").strip()
        if line and WORD.search(line):
            words = count_words(line)
            lines.append(Line(number, line, words, is_prose(line, words)))
        elif line:
            lines.append(Line(number, line, 0, False, "line", "no-words"))
    return lines


def count_words(text: str) -> int:
    """Space-separated words; in scripts written without spaces, one word per two characters."""
    unspaced = 0 if text.isascii() else sum(len(run) for run in UNSPACED.findall(text))
    if not unspaced:
        return len(text.split())
    return len(UNSPACED.sub(" ", text).split()) + (unspaced + 1) // 2


def is_prose(line: str, words: int | None = None) -> bool:
    """A line that reads as article prose: long, or ending like a sentence."""
    words = count_words(line) if words is None else words
    return words >= PROSE_WORDS or (words >= SENTENCE_WORDS and bool(SENTENCE_END.search(line)))


def classify(line: Line, rules: RuleSet) -> None:
    """Set the line's kind and rule from the rules data and the credit patterns."""
    if line.kind == "line":
        return
    for kind in ("tail", "block", "line"):
        rule = rules.match(line.text, kind, line.words)
        if rule:
            line.kind, line.rule = kind, rule.name
            break
    if line.kind in ("tail", "block"):
        return
    if line.words <= 14 and (line.rule == "photo-credit" or parse_credit_line(line.text)):
        line.kind, line.rule = "credit", "photo-credit"
    elif line.kind == "line":
        return
    elif line.words <= 12 and DIGITS.search(line.text) and is_date_line(line.text):
        line.kind, line.rule = "line", "dateline"
    elif split_caption_credit(line.text):
        line.kind, line.rule = "caption", "caption"
    else:
        line.kind = "prose" if line.prose else "short"


def is_date_line(text: str) -> bool:
    """A short line that is mostly a date ('Nov. 19, 2019', 'August 8, 2018 at 3:17 pm'), or that
    opens with a date glued to a label ('March 4, 2021Science, Technology and Environment')."""
    if len(text) > 400:
        return False  # fourteen words at most
    match = search_date(text)
    if not match or len(text.split()) > 14:
        return False
    glued = match.start() == 0 and match.end() < len(text) and not text[match.end()].isspace() and text[match.end()] not in ",.;:"
    return glued or len(match.group(0)) >= 0.4 * len(text)


def mark_repeats(lines: list[Line]) -> None:
    """Mark a line repeated right after itself (or swallowed by the next line) as furniture."""
    for this, after in zip(lines, lines[1:]):
        if this.kind == "line":
            continue
        if after.text == this.text or (len(this.text) >= 20 and after.text.startswith(this.text)) or _same_start(this.text, after.text):
            this.kind, this.rule = "line", "repeated-line"


CUT_MARKS = re.compile(r"(?:\s*(?:\.\.\.|…|\b(?:more|less)\b))+\s*$", re.IGNORECASE)


def _same_start(one: str, other: str) -> bool:
    """Two long lines that begin alike for most of their length (a caption and its 'more' version).

    The shorter line, without a trailing 'more', 'less' or ellipsis and, when it does not end like a
    sentence, without its last (perhaps cut or misspelt) word, must begin the longer one: two body
    paragraphs that differ only in their closing words ('... the council vote.') are both kept.
    """
    if len(one) < 60 or len(other) < 60 or one[:60] != other[:60]:
        return False
    shared = len(commonprefix((one, other)))
    if shared < 0.6 * min(len(one), len(other)):
        return False
    shorter, longer = sorted((one, other), key=len)
    shorter = CUT_MARKS.sub("", shorter)
    if not SENTENCE_END.search(shorter):
        shorter = shorter.rpartition(" ")[0]
    return longer.startswith(shorter)


def score_lines(lines: list[Line]) -> list[float]:
    """Each line's score; prose after a tail heading (once the story has started) is discounted."""
    scores: list[float] = []
    prose_words = 0
    decay = 1.0
    in_list = False
    for index, line in enumerate(lines):
        if line.kind == "prose":
            isolated = line.words < ISOLATED_WORDS and not in_list and _isolated(lines, index)
            weight = ISOLATED if isolated else 1.0
            scores.append(min(line.words, 120) * decay * weight)
            prose_words += line.words
        elif line.kind == "tail":
            scores.append(TAIL)
            if prose_words >= TAIL_MIN_PROSE:
                decay = TAIL_DECAY
        elif line.kind == "block":
            scores.append(BLOCK)
            in_list = True
            continue
        elif line.kind in ("credit", "caption"):
            scores.append(CREDIT)
        elif line.kind == "line":
            scores.append(LINE_RULE)
        elif "\t" in line.text:
            scores.append(1.0)  # a table row
        elif in_list:
            scores.append(0.0)  # a link under a block heading: the heading carries the cost
            continue
        else:
            scores.append(SHORT)
        in_list = False
    return scores


def _isolated(lines: list[Line], index: int) -> bool:
    """No prose line right before or after this one."""
    before = lines[index - 1].kind if index > 0 else ""
    after = lines[index + 1].kind if index + 1 < len(lines) else ""
    return before != "prose" and after != "prose"


def best_span(scores: list[float]) -> tuple[int, int]:
    """[start, end) of the run with the highest total score (empty when nothing scores)."""
    best, best_span_ = 0.0, (0, 0)
    total, start = 0.0, 0
    for index, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, index
        total += score
        if total > best:
            best, best_span_ = total, (start, index + 1)
    return best_span_


def drop_link_blocks(lines: list[Line]) -> None:
    """After a block heading inside the body, the short lines that follow are its links."""
    for index, line in enumerate(lines):
        if line.kind != "block":
            continue
        for follower in lines[index + 1: index + 1 + MAX_BLOCK_LINES]:
            if follower.kind == "prose":
                break
            if follower.kind in ("short", "prose"):
                follower.kind, follower.rule = "line", f"{line.rule}-list"


def drop_captions_before_credits(lines: list[Line]) -> None:
    """A line right before a stand-alone photo credit (and its repeats) is that photo's caption."""
    for index, line in enumerate(lines):
        if line.kind != "credit" or LABELLED_CREDIT.match(line.text):
            continue
        for before in reversed(lines[max(0, index - 4): index]):
            if before.rule == "repeated-line" or before.kind == "credit":
                continue
            if before.kind in ("prose", "short") and before.words <= 80:
                before.kind, before.rule = "caption", "caption"
            break


def drop_repeated_sentences(lines: list[Line]) -> None:
    """Two long sentence lines in a row seen before in the body are a repeated block (a page copied twice)."""
    seen: set[str] = set()
    prose = [line for line in lines if line.kind == "prose"]
    repeated = []
    for line in prose:
        repeated.append(line.words >= 15 and line.text in seen and bool(SENTENCE_END.search(line.text)))
        seen.add(line.text)
    for index, line in enumerate(prose):
        neighbours = repeated[max(0, index - 1): index] + repeated[index + 1: index + 2]
        if repeated[index] and any(neighbours):
            line.kind, line.rule = "line", "repeated-text"


def shape_of(line: Line) -> str:
    """The list shape of a line (a table row, a dated entry, a bullet), or ''."""
    for name, pattern in LIST_SHAPES:
        if pattern.search(line.text):
            return name
    return ""


def extend_lists(lines: list[Line], end: int) -> int:
    """The body's end moved past lists that continue it: after a line ending in ':', or of one shape."""
    while True:
        grown = _list_after(lines, end)
        if grown == end:
            return end
        end = grown


def _list_after(lines: list[Line], end: int) -> int:
    if end == 0 or end >= len(lines):
        return end
    intro = lines[end - 1].text.endswith(":")
    first = end
    if not intro and lines[first].kind == "short" and lines[first].words <= 8 and first + 1 < len(lines):
        first += 1  # a list heading ("Tour Dates")
    shape = shape_of(lines[first])
    stop = first
    for line in lines[first: first + MAX_LIST_LINES]:
        if line.kind not in ("short", "prose") or line.words > 40:
            break
        if not intro and shape_of(line) != shape:
            break
        stop += 1
    if stop - first >= 3 and (intro or shape):
        return stop
    return end


BREADCRUMB_SEPARATOR = re.compile(r"\s*(?:>|»|›)\s*|\s+/\s+")  # a slash only with spaces ('AC/DC' is no path)
LABEL = re.compile(r"^[^\W\d_][^<>(){}\[\]\"=;!?]{0,40}$")
NAV_GLUE = re.compile(r"^(?:home|skip to)\b", re.I)
SENTENCE_MARKS = re.compile(r"[,:;'’\"?!]")


def is_breadcrumb(text: str) -> bool:
    """A path of section labels ('News > Nation', 'Главная » Интересное', 'Home Music News').

    Every part is a short label starting with a capital; a headline that merely holds a '>'
    ('Profits > forecasts at Acme', '<b>x</b> Mayor resigns') has a part that is not one.
    """
    parts = BREADCRUMB_SEPARATOR.split(trail_opener().sub("", text.strip()))
    if len(parts) >= 2:
        return all(_is_label(part) for part in parts if part) and sum(1 for part in parts if part) >= 2
    return bool(NAV_GLUE.match(text)) and _is_label(text, max_words=6) and not SENTENCE_MARKS.search(text)


def _is_label(part: str, max_words: int = 4) -> bool:
    words = part.split()
    return (
        1 <= len(words) <= max_words
        and bool(LABEL.match(part))
        and all(word[:1].isupper() or not word[:1].isalpha() for word in words if word.lower() not in LABEL_JOINERS)
    )


LABEL_JOINERS = {"&", "and", "of", "the", "in", "for", "to", "und", "et", "y", "e", "de", "la"}
