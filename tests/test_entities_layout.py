"""Entities: the mention rules are layered, each module importing only the ones below it, so a
rule family can be read (and changed) without the ones built on it, and no import cycle forms."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import newsarchive.entities

PACKAGE = Path(newsarchive.entities.__file__).parent
# The mention rules, bottom to top: find_mentions (mentions.py) runs the families below it.
LAYERS = ["sentences", "things", "fixes", "agencies", "places", "lists", "sports", "other_languages", "mentions"]


def sibling_imports(module: str) -> set[str]:
    """The modules of the entities package that `module` imports (`from .x import ...`)."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    return {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}


@pytest.mark.parametrize("module", LAYERS)
def test_a_rule_module_imports_only_the_layers_below_it(module: str) -> None:
    above = set(LAYERS[LAYERS.index(module):])
    assert sibling_imports(module) & above == set()


def test_find_mentions_runs_the_rule_families() -> None:
    assert sibling_imports("mentions") >= set(LAYERS[:-2])
