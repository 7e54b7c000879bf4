"""Shared fixtures: the project root, the shared data folder (skipped cleanly when absent)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSARCHIVE_SHARED", ROOT.parent / "shared"))
FIRST_SEED = ROOT / "seeds" / "000_3336393dd0ffaab6.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files (tests/fixtures/expected/*.md, tests/fixtures/site-output/)")


def shared_path(*parts: str) -> Path:
    """A path inside the shared data folder, or skip the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {'/'.join(parts)}")
    return path


@pytest.fixture
def root() -> Path:
    return ROOT


def alive(pid: int) -> bool:
    """Whether process `pid` still runs (Linux): a zombie, dead and waiting to be reaped, does not."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def outlives_killed(owner: subprocess.Popen[Any], pid: int, seconds: float = 10) -> bool:
    """Kill `owner` (SIGKILL) and whether process `pid` still runs `seconds` after it died."""
    owner.send_signal(signal.SIGKILL)
    owner.wait()
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive(pid)
