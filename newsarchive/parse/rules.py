"""Loading the boilerplate rules data file(s) that users extend."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "rules" / "boilerplate.toml"


@dataclass(frozen=True, slots=True)
class Rule:
    """A named pattern: `kind` is 'line' (drop the line) or 'tail' (drop it and all after it)."""

    name: str
    kind: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=8)
def load_rules(extra: tuple[str, ...] = ()) -> tuple[Rule, ...]:
    """The shipped rules followed by rules from each extra TOML file."""
    rules: list[Rule] = []
    for path in (str(DEFAULT_RULES), *extra):
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        for kind in ("line", "tail"):
            for entry in data.get(kind, []):
                flags = 0 if entry.get("case_sensitive") else re.I
                rules.append(Rule(entry["name"], kind, re.compile(entry["pattern"], flags)))
    return tuple(rules)


def match_rule(line: str, rules: tuple[Rule, ...], kind: str) -> Rule | None:
    """The first rule of the given kind matching the stripped line."""
    text = line.strip()
    for rule in rules:
        if rule.kind == kind and rule.pattern.search(text):
            return rule
    return None
