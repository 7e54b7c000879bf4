"""`newsarchive ingest` and `newsarchive build` make a searchable site on a machine without Node:
the commands run with Node off the PATH, and the output holds the search folder and the theme's
lunr.min.js, which the search page loads. A rebuild with one more story (its search folder
written in the background) equals a build from scratch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow
COMMAND = Path(sys.executable).with_name("newsarchive")
SHIPPED = ROOT / "theme" / "static" / "vendor" / "lunr"


def run(*args: str, path: str) -> str:
    """Run the newsarchive command with this PATH; its log."""
    done = subprocess.run([str(COMMAND), *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PATH": path})
    assert done.returncode == 0, done.stderr
    return done.stderr


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def no_node_path(tmp_path: Path) -> str:
    """A PATH that holds this Python's folder alone, without Node."""
    path = str(Path(sys.executable).parent)
    if shutil.which("node", path=path) is not None:
        pytest.skip("Node sits next to this Python: it cannot be taken off the PATH")
    return path


def test_build_without_node_makes_a_searchable_site(tmp_path: Path, no_node_path: str) -> None:
    if not COMMAND.is_file():
        pytest.skip("the newsarchive command is not installed next to this Python")
    content, output = tmp_path / "content", tmp_path / "output"
    settings = tmp_path / "settings.py"
    # The project's settings, with the search folder of every rebuild written in the background.
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
                        "NEWSARCHIVE_SEARCH_WORKER_STORIES = 0\n", encoding="utf-8")
    run("ingest", str(ROOT / "seeds"), "--content", str(content), path=no_node_path)
    shutil.copytree(ROOT / "tests" / "fixtures" / "site" / "2021", content / "fixtures")
    late = content / "fixtures" / "norland-rail-link.md"
    held_back = late.read_text(encoding="utf-8")
    late.unlink()
    run("build", "--content", str(content), "--output", str(output), "--settings", str(settings), path=no_node_path)

    manifest = json.loads((output / "search" / "index.json").read_text(encoding="utf-8"))
    assert manifest["docs"] == len(list(content.rglob("*.md"))) >= 4
    assert all((output / "search" / name).is_file() for _, name in manifest["shards"])
    assert (output / "search" / manifest["terms"]).is_file()
    lunr = output / "theme" / "vendor" / "lunr"
    assert (lunr / "lunr.min.js").read_bytes() == (SHIPPED / "lunr.min.js").read_bytes()
    assert (lunr / "LICENSE").is_file()
    page = (output / "search.html").read_text(encoding="utf-8")
    assert '/theme/vendor/lunr/lunr.min.js"' in page

    late.write_text(held_back, encoding="utf-8")
    log = run("-v", "build", "--content", str(content), "--output", str(output), "--settings", str(settings),
              path=no_node_path)
    if sys.platform.startswith("linux") and (os.cpu_count() or 1) > 1:
        assert "(1 analysed)" in log and "(in the background)" in log
    run("build", "--content", str(content), "--output", str(tmp_path / "fresh"), "--settings", str(settings),
        path=no_node_path)
    assert json.loads((output / "search" / "index.json").read_text(encoding="utf-8"))["docs"] == manifest["docs"] + 1
    assert files(output / "search") == files(tmp_path / "fresh" / "search")
