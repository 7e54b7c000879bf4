"""The state of a build lives in one object per build, handed to the plugins, never in module globals."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

from newsarchive.site.state import BuildState, ensure_state, find_state

SITE = Path(__file__).resolve().parent.parent / "newsarchive" / "site"
# Module-level objects that hold no state between calls: the stemmer keeps only the word it is stemming.
STATELESS = {"search/analysis.py: STEMMER"}
MUTABLE_CALLS = {"dict", "list", "set", "BoundedCache", "OrderedDict", "defaultdict", "Counter"}


def module_singletons(path: Path, root: Path = SITE) -> list[str]:
    """Module-level names bound to a mutable value: an empty or lower-case collection, or an
    instance of a class the module defines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    found = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        value = getattr(node, "value", None)
        for target in targets:
            if not isinstance(target, ast.Name) or value is None or target.id.startswith("__"):
                continue
            called = value.func.id if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) else ""
            empty = isinstance(value, (ast.Dict, ast.List, ast.Set)) and not getattr(value, "keys", getattr(value, "elts", None))
            lower = not target.id.isupper() and (isinstance(value, (ast.Dict, ast.List, ast.Set)) or called in MUTABLE_CALLS)
            if called in classes or lower or empty or (called in MUTABLE_CALLS and called != "frozenset"):
                found.append(f"{path.relative_to(root).as_posix()}: {target.id}")
    return found


def test_no_site_module_keeps_mutable_state_at_module_level() -> None:
    modules = sorted(SITE.rglob("*.py"))
    assert len(modules) > 10
    assert [name for path in modules for name in module_singletons(path) if name not in STATELESS] == []


@pytest.mark.parametrize("source, expected", [
    ("STATE = Cards()\nclass Cards: pass\n", ["probe.py: STATE"]),
    ("cache = {}\n", ["probe.py: cache"]),
    ("SEEN: dict[str, int] = {}\n", ["probe.py: SEEN"]),
    ("ENTRIES = BoundedCache(10)\n", ["probe.py: ENTRIES"]),
    ("DEFAULTS = {'a': 1}\nNAMES = frozenset({'a'})\nLIMIT = 5\n", []),
])
def test_the_singleton_check_tells_state_from_constants(tmp_path: Path, source: str, expected: list[str]) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(source, encoding="utf-8")
    assert module_singletons(probe, tmp_path) == expected


def test_each_build_has_its_own_state_and_it_is_never_pickled_with_a_story() -> None:
    first, second = {"SITENAME": "A"}, {"SITENAME": "A"}
    state = ensure_state(first)
    state.kept_pages.append((["index.html"], {}))
    assert ensure_state(first) is state and find_state(first) is state
    assert find_state(second) is None and ensure_state(second) is not state
    copy = pickle.loads(pickle.dumps(first))  # as Pelican's content cache pickles a story's settings
    assert isinstance(copy["newsarchive_build"], BuildState) and copy["newsarchive_build"].kept_pages == []
    assert find_state(None) is None and find_state({"newsarchive_build": "not a state"}) is None
