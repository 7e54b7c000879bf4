"""The hand-over to the line model: the headline candidates and the ranker's pick among them,
the body and the header lines from the model's roles and the rule reader's choices."""

from __future__ import annotations

import re

from ..boilerplate import Line
from ..bylines import parse_byline
from ..lines import Roles, case_pattern, chance_bucket, rank_chances, words_bucket
from ..rulereader import META_SCAN, could_be_headline, is_header_meta

HEADLINE_CANDIDATES = 12  # the headline is sought among the first lines (and the line model's and the rules' picks)
ADD_BODY = 0.9  # a line the rule reader left out joins the body when the model is this sure of it
DROP_BODY = 0.02  # a line the rule reader kept leaves the body when the model gives it less than this
SITE_SUFFIX = re.compile(r"^\s+[-|–—·•]\s+(?P<site>\S.*)$")  # ' - The Daily Paper' after a headline's copy
SITE_WORDS = 6  # a site's name after a headline is at most this long


def header_of(lines: list[Line], roles: Roles, title_at: int, body_at: list[int]) -> list[int]:
    """Indexes of the lines read for metadata: those before the body, and the bylines, datelines
    and standfirst inside it."""
    body = set(body_at)
    first, last = body_at[0], body_at[-1]
    return [
        index for index, line in enumerate(lines[:last])
        if index != title_at and index not in body
        and (index < first or line.kind in ("meta", "standfirst") or roles.labels[index] in ("byline", "dateline"))
    ]


def headline_candidates(lines: list[Line], roles: Roles, rule_title: int, hints: list[list[str]]) -> list[tuple[int, list[str]]]:
    """The lines that could be the headline, with what the headline ranker reads of each: which
    headline rules pick it, the line model's chance and its rank, its place and its shape."""
    best = max(range(len(lines)), key=lambda index: roles.headline[index])
    indexes = sorted({*range(min(len(lines), HEADLINE_CANDIDATES)), rule_title, best})
    fit = [index for index in indexes
           if index == rule_title or (could_be_headline(lines[index]) and not parse_byline(lines[index].text))]
    ranked = sorted(fit, key=lambda index: (-roles.headline[index], index))
    meta_at = next((index for index, line in enumerate(lines[:META_SCAN]) if is_header_meta(line)), len(lines))
    rows = []
    for index in fit:
        line = lines[index]
        features = ["bias", f"hm={chance_bucket(roles.headline[index])}", f"hr={min(ranked.index(index), 3)}",
                    f"i={min(index, 6)}", "before-meta" if index < meta_at else "after-meta",
                    f"w={words_bucket(line.words)}", f"cap={case_pattern(line.text)}"]
        if index == rule_title:
            features.append("rt")
        features.extend(hint for hint in hints[index] if hint.startswith("t-"))
        rows.append((index, features))
    return rows


def pick_title(lines: list[Line], candidates: list[tuple[int, list[str]]], model: str | None, rule_title: int) -> int:
    """The candidate the headline ranker gives the best chance (the first of equals, and the first
    showing of a headline shown twice); the rule reader's headline when the ranker knows none."""
    chances = rank_chances([features for _, features in candidates], model, "headline")
    if not any(chances):
        return rule_title
    best = candidates[max(range(len(candidates)), key=lambda at: (chances[at], -at))][0]
    return next(index for index, _ in candidates if lines[index].text == lines[best].text)


def unsuffixed_copy(lines: list[Line], title_at: int) -> int:
    """The headline's own line when the one picked is its copy with the site's name after a
    separator ('Mayor resigns - The Daily Paper' over 'Mayor resigns', as a page's <title> is
    printed first); the line picked otherwise."""
    title = lines[title_at].text
    for index, line in enumerate(lines[:HEADLINE_CANDIDATES]):
        rest = title[len(line.text):] if index != title_at and line.words >= 2 and title.startswith(line.text) else ""
        suffix = SITE_SUFFIX.match(rest)
        site = suffix.group("site") if suffix else ""
        if site and len(site.split()) <= SITE_WORDS and case_pattern(site) in ("title", "upper"):
            return index
    return title_at


def pick_body(roles: Roles, rule_body: list[int], title_at: int) -> list[int]:
    """Indexes of the body lines: the rule reader's, less those the model is sure are not body,
    plus those it is sure are (the headline never is one)."""
    ruled = set(rule_body)
    return [
        index for index, chance in enumerate(roles.body)
        if index != title_at and (chance >= ADD_BODY or (index in ruled and chance >= DROP_BODY))
    ]
