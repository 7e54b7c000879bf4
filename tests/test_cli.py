"""The command line: documented commands, JSON output, and a real run in a subprocess."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsarchive.cli import make_parser

from .conftest import FIRST_SEED, ROOT

EXTRACT_KEYS = ["path", "title", "authors", "published", "category", "source", "caption", "credit",
                "body", "tags", "people", "organizations", "places", "error"]


def subcommands() -> dict[str, object]:
    parser = make_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return dict(action.choices)  # type: ignore[attr-defined]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsarchive.cli", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_has_help_and_a_readme_entry(name: str) -> None:
    sub = subcommands()[name]
    assert sub.format_help().strip()  # type: ignore[attr-defined]
    helps = {a.dest: a.help for a in make_parser()._subparsers._group_actions[0]._choices_actions}  # type: ignore[union-attr]
    assert helps.get(name), f"{name} has no help line"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"`newsarchive {name}\b", readme), f"README does not document `newsarchive {name}`"


def test_extract_json_prints_one_object_per_file_in_order(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = run_cli("extract", str(FIRST_SEED), str(bad), "--json")
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [o["path"] for o in lines] == [str(FIRST_SEED), str(bad)]
    assert list(lines[0]) == EXTRACT_KEYS
    assert lines[0]["error"] is None and lines[0]["authors"] == ["Frank Fang"]
    assert lines[0]["published"].startswith("2023-02-24")
    assert "\n\n" in lines[0]["body"]
    assert lines[1]["error"] and "empty" in lines[1]["error"]
    assert "Traceback" not in result.stderr


def test_ingest_twice_is_byte_identical_and_reports_every_seed(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(FIRST_SEED, seeds / "first.txt")
    (seeds / "broken.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (seeds / "notes.pdf").write_bytes(b"%PDF")
    content = tmp_path / "content"
    first = run_cli("ingest", str(seeds), "--content", str(content))
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr
    assert "broken.txt" in first.stderr and "binary" in first.stderr
    snapshot = {p: p.read_bytes() for p in content.rglob("*.md")}
    assert len(snapshot) == 1
    report = json.loads((content / ".newsarchive" / "report.json").read_text())
    statuses = {Path(s["path"]).name: s["status"] for s in report["seeds"]}
    assert statuses == {"first.txt": "published", "broken.txt": "failed", "notes.pdf": "skipped"}
    second = run_cli("ingest", str(seeds), "--content", str(content))
    assert second.returncode == 0
    assert {p: p.read_bytes() for p in content.rglob("*.md")} == snapshot
    report = json.loads((content / ".newsarchive" / "report.json").read_text())
    assert {Path(s["path"]).name: s["status"] for s in report["seeds"]}["first.txt"] == "unchanged"


def test_build_in_a_process_ends_with_everything_written_and_said(tmp_path: Path) -> None:
    """`newsarchive build` ends its process without the interpreter's teardown (build.exit_now):
    the site, the caches and what it printed must all be there, and a failure still fails."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(FIRST_SEED, seeds / "first.txt")
    content, output = tmp_path / "content", tmp_path / "output"
    assert run_cli("ingest", str(seeds), "--content", str(content)).returncode == 0
    built = run_cli("-v", "build", "--content", str(content), "--output", str(output))
    assert built.returncode == 0, built.stderr
    assert "Done: Processed 1 article" in built.stdout + built.stderr
    assert "incremental build:" in built.stderr  # logged by the last plugin to finish
    assert (output / "index.html").is_file() and (output / "sitemap.xml").is_file()
    assert list((content / ".newsarchive" / "build").glob("*/pages.json"))
    verified = run_cli("build", "--verify", "--content", str(content), "--output", str(output))
    assert verified.returncode == 0, verified.stderr
    checked = re.search(r"verified: (\d+) page groups kept as before, .* checked; 0 found wrong", verified.stdout)
    assert checked and int(checked.group(1)) > 0, verified.stdout
    missing = run_cli("build", "--content", str(tmp_path / "nothing"), "--output", str(output))
    assert missing.returncode == 2 and "no such content folder" in missing.stderr
