"""Text dumps: the reader's modules are layered, each importing only the ones below it, and the rule
reader sits below the line model, so the line model imports it at the top and no import cycle forms."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import newsarchive.parse

PARSE = Path(newsarchive.parse.__file__).parent
# The text reader's parts, bottom to top: parse_text (reader.py) runs the ones below it.
LAYERS = ["outlet", "sections", "state", "header", "tail", "roles", "reader"]


def imports_of(path: Path) -> list[ast.ImportFrom]:
    """Every `from ... import` statement of a module, wherever it stands."""
    return [node for node in ast.walk(parse_module(path)) if isinstance(node, ast.ImportFrom)]


def parse_module(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def sibling_imports(module: str) -> set[str]:
    """The modules of the text subpackage that `module` imports (`from .x import ...`)."""
    return {node.module for node in imports_of(PARSE / "text" / f"{module}.py") if node.level == 1 and node.module}


@pytest.mark.parametrize("module", LAYERS)
def test_a_text_module_imports_only_the_layers_below_it(module: str) -> None:
    above = set(LAYERS[LAYERS.index(module):])
    assert sibling_imports(module) & above == set()


def test_parse_text_runs_the_parts() -> None:
    assert sibling_imports("reader") == set(LAYERS[:-1])


@pytest.mark.parametrize("module", ["rulereader.py", "lines.py"])
def test_the_rule_reader_and_line_model_import_nothing_of_the_text_reader(module: str) -> None:
    assert not [node.module for node in imports_of(PARSE / module) if (node.module or "").startswith("text")]


@pytest.mark.parametrize("module", ["lines.py", "linetrain.py", "rulereader.py"])
def test_the_line_model_imports_at_the_top(module: str) -> None:
    tree = parse_module(PARSE / module)
    inner = [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom)) and node not in tree.body]
    assert [node.lineno for node in inner] == []
