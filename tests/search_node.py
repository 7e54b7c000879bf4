"""Node for the search tests only (a build never needs it): skip a test without Node or
node_modules (`npm install`), except under CI=true, where that is a failure."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

NODE = shutil.which("node")
LUNR_JS = ROOT / "node_modules" / "lunr" / "lunr.js"


def need_node() -> str:
    """The path of Node, or skip (fail under CI=true) when Node or lunr.js is missing."""
    missing = "Node.js is not installed" if NODE is None else "" if LUNR_JS.is_file() else "node_modules: run npm install"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing} (required under CI=true)")
        pytest.skip(missing)
    assert NODE is not None
    return NODE


def run_script(script: Path, *args: str, payload: Any = None, timeout: int = 300) -> Any:
    """Run a Node script of tests/ with `payload` as JSON on stdin; its JSON output."""
    node = need_node()
    stdin = None if payload is None else json.dumps(payload)
    done = subprocess.run([node, str(script), *args], input=stdin, capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
