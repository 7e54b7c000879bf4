"""Loading the rules data files that users extend: boilerplate rules and section labels."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "rules" / "boilerplate.toml"
SECTIONS_FILE = Path(__file__).resolve().parent.parent / "rules" / "sections.toml"
KINDS = ("line", "block", "tail")
# Furniture lines are short: a rule only applies to lines of at most this many words, unless the
# rule says otherwise with `max_words` (a long paywall or licence notice).
MAX_WORDS = {"line": 32, "block": 32, "tail": 45}


@dataclass(frozen=True, slots=True)
class Rule:
    """A named pattern.

    `kind` is 'line' (drop the line), 'block' (a heading introducing a list of links: drop it and
    the short lines after it) or 'tail' (page furniture after the story: drop it and what follows).
    """

    name: str
    kind: str
    pattern: re.Pattern[str]
    max_words: int = 0  # 0: the kind's limit (MAX_WORDS)

    @property
    def limit(self) -> int:
        """The most words a line this rule removes may have."""
        return self.max_words or MAX_WORDS[self.kind]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Rules grouped by kind, each kind with one combined pattern for a fast first test."""

    rules: tuple[Rule, ...]
    any_of: dict[str, re.Pattern[str] | None]
    limits: dict[str, int]  # per kind, the most words any of its rules allows

    def match(self, line: str, kind: str, words: int | None = None) -> Rule | None:
        """The first rule of `kind` that matches the stripped line (from its start); given the
        line's word count, only rules whose word limit the line is within."""
        combined = self.any_of.get(kind)
        if combined is None or (words is not None and words > self.limits[kind]) or not combined.match(line):
            return None
        for rule in self.rules:
            if rule.kind == kind and (words is None or words <= rule.limit) and rule.pattern.match(line):
                return rule
        return None

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.rules)


def _combine(rules: list[Rule]) -> re.Pattern[str] | None:
    if not rules:
        return None
    parts = [f"(?{'i' if rule.pattern.flags & re.I else ''}:{rule.pattern.pattern})" for rule in rules]
    return re.compile("|".join(parts))


@lru_cache(maxsize=8)
def load_rules(extra: tuple[str, ...] = ()) -> RuleSet:
    """The shipped rules followed by rules from each extra TOML file."""
    rules: list[Rule] = []
    for path in (str(DEFAULT_RULES), *extra):
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        for kind in KINDS:
            for entry in data.get(kind, []):
                flags = 0 if entry.get("case_sensitive") else re.I
                try:
                    rules.append(Rule(entry["name"], kind, re.compile(entry["pattern"], flags), int(entry.get("max_words", 0))))
                except re.error as exc:
                    raise ValueError(f"{path}: rule {entry.get('name')!r}: bad pattern: {exc}") from exc
    return RuleSet(
        tuple(rules),
        {kind: _combine([r for r in rules if r.kind == kind]) for kind in KINDS},
        {kind: max((r.limit for r in rules if r.kind == kind), default=0) for kind in KINDS},
    )


def match_rule(line: str, rules: RuleSet, kind: str) -> Rule | None:
    """The first rule of the given kind matching the stripped line."""
    return rules.match(line.strip(), kind)


@lru_cache(maxsize=1)
def section_label_data() -> dict[str, Any]:
    """The label lists of rules/sections.toml."""
    return tomllib.loads(SECTIONS_FILE.read_text(encoding="utf-8")).get("labels", {})


@lru_cache(maxsize=1)
def not_section_labels() -> frozenset[str]:
    """Labels that name no section (rules/sections.toml): home links, content types, generic and
    showcase labels, page controls; folded."""
    return frozenset(label.casefold() for key in ("home", "generic", "controls") for label in section_label_data().get(key, ()))


@lru_cache(maxsize=1)
def trail_opener() -> re.Pattern[str]:
    """The words opening a breadcrumb trail ('You are here:'), from rules/sections.toml."""
    openers = "|".join(re.escape(opener) for opener in sorted(section_label_data().get("trail_openers", ()), key=len, reverse=True))
    return re.compile(rf"^\s*(?:{openers})\s*:?\s*(?=\S)", re.I) if openers else re.compile(r"(?!)")


@lru_cache(maxsize=1)
def home_labels() -> tuple[str, ...]:
    """The labels of a home link opening a path (rules/sections.toml), folded, longest first."""
    return tuple(sorted({label.casefold() for label in section_label_data().get("home", ())}, key=len, reverse=True))


def has_control_word(text: str) -> bool:
    """A label holding a page control's word ('Feed for comments')."""
    words = {word.casefold() for word in re.findall(r"\w+", text)}
    return bool(words & {word.casefold() for word in section_label_data().get("control_words", ())})


def is_weak_section(label: str) -> bool:
    """A label that files the story only broadly ('News'): a section when nothing more specific is shown."""
    return label.casefold() in {name.casefold() for name in section_label_data().get("weak", ())}
