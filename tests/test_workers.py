"""The page worker (newsarchive/site/workers.py): a build that renders the entity pages in a forked
worker makes the same site, byte for byte, as a build in one process, and so does its rebuild.

The builds run in fresh processes: the worker is forked only from a process running no other
thread, and a test runner's process may run some."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsarchive.synthetic import diff_trees

from .conftest import ROOT, alive, outlives_killed

FIXTURE = ROOT / "tests" / "fixtures" / "site"
FORKS = sys.platform.startswith("linux") and (os.cpu_count() or 1) >= 2
BUILD = ("import json, sys; from pathlib import Path; from newsarchive.build import build_site; "
         "print(json.dumps(build_site(Path(sys.argv[1]), Path(sys.argv[2]), overrides=json.loads(sys.argv[3]))))")


def build_logged(content: Path, output: Path, **overrides: object) -> tuple[dict[str, int], str]:
    """Build in a fresh process with the project's settings; the build's counts and its log."""
    done = subprocess.run([sys.executable, "-c", BUILD, str(content), str(output), json.dumps(overrides)],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def build(content: Path, output: Path, **overrides: object) -> dict[str, int]:
    return build_logged(content, output, **overrides)[0]


def add_story(content: Path, slug: str, person: str) -> None:
    """A new story, the newest, naming a person of the archive and a new one."""
    story = content / f"{slug}.md"
    story.write_text(
        f"Title: A newer story {slug}\nDate: 2031-01-02 09:00\nCategory: World\nSlug: {slug}\n"
        f"People: Ada Kestrel, {person}\nTags: harbour\n\n{person} met Ada Kestrel at the harbour.\n",
        encoding="utf-8")


@pytest.mark.skipif(not FORKS, reason="no page worker on this machine (one core, or not Linux)")
@pytest.mark.parametrize("incremental", [True, False], ids=["incremental", "plain-writer"])
def test_a_build_with_the_page_worker_equals_one_in_one_process(tmp_path: Path, incremental: bool) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    one = build(content, tmp_path / "one", NEWSARCHIVE_WORKERS=1, NEWSARCHIVE_INCREMENTAL=incremental)
    two = build(content, tmp_path / "two", NEWSARCHIVE_INCREMENTAL=incremental)
    assert one["page_worker"] == 0 and two["page_worker"] == 1
    assert diff_trees(tmp_path / "one", tmp_path / "two") == []
    assert any((tmp_path / "two" / "people").glob("*.html"))


@pytest.mark.skipif(not FORKS, reason="no page worker on this machine (one core, or not Linux)")
def test_a_rebuild_with_the_page_worker_keeps_its_pages_and_equals_a_fresh_build(tmp_path: Path) -> None:
    """The worker's records are merged into the build's: an unchanged rebuild writes nothing, a
    new story's rebuild deletes no page of the worker's as stale, and both equal fresh builds."""
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(FIXTURE, content)
    first = build(content, output, NEWSARCHIVE_WORKERS=2)
    again = build(content, output, NEWSARCHIVE_WORKERS=2)
    assert first["page_worker"] == again["page_worker"] == 1
    assert again["rendered"] == 0 and again["removed"] == 0 and again["unchanged"] == first["rendered"]
    add_story(content, "newer-story", "Brin Talmadge")
    build(content, output, NEWSARCHIVE_WORKERS=2)
    assert (output / "people" / "brin-talmadge.html").is_file()
    build(content, tmp_path / "fresh", NEWSARCHIVE_WORKERS=1, NEWSARCHIVE_INCREMENTAL=False)
    assert diff_trees(output, tmp_path / "fresh") == []


@pytest.mark.skipif(not FORKS, reason="no page worker on this machine (one core, or not Linux)")
def test_a_rebuild_that_reads_few_stories_again_forks_no_worker(tmp_path: Path) -> None:
    """Left to itself, a build forks the worker when it renders the archive, not for a rebuild
    that reads one story again (copying the whole build would cost more than the worker saves);
    the rebuild still equals a fresh build."""
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(FIXTURE, content)
    for n in range(25):  # enough stories that one new one is under the small-rebuild share
        add_story(content, f"filler-{n:02d}", f"Filler Person {n:02d}")
    first = build(content, output)
    add_story(content, "newer-story", "Brin Talmadge")
    again = build(content, output)
    assert first["page_worker"] == 1 and again["page_worker"] == 0
    assert (output / "people" / "brin-talmadge.html").is_file()
    build(content, tmp_path / "fresh", NEWSARCHIVE_WORKERS=1, NEWSARCHIVE_INCREMENTAL=False)
    assert diff_trees(output, tmp_path / "fresh") == []


@pytest.mark.skipif(not FORKS, reason="no page worker on this machine (one core, or not Linux)")
def test_a_failed_worker_leaves_its_pages_to_the_build(tmp_path: Path) -> None:
    """A job that fails in the worker (tests/probe_page_job.py, WORKER_PROBE "fail") discards the
    worker's work: the build renders every job itself, with a warning, and the site equals one
    built in one process."""
    import pelicanconf

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    plugins = [*pelicanconf.PLUGINS, "tests.probe_page_job"]
    failed, log = build_logged(content, tmp_path / "failed", PLUGINS=plugins)
    one = build(content, tmp_path / "one", PLUGINS=plugins, NEWSARCHIVE_WORKERS=1)
    assert failed["page_worker"] == 0 and one["page_worker"] == 0
    assert "the page worker failed (RuntimeError: a page job's error in the worker)" in " ".join(log.split())
    assert (tmp_path / "failed" / "worker-probe.html").is_file()
    assert diff_trees(tmp_path / "one", tmp_path / "failed") == []


@pytest.mark.skipif(not FORKS, reason="no page worker on this machine (one core, or not Linux)")
def test_the_page_worker_dies_with_a_killed_build(tmp_path: Path) -> None:
    """A build killed while its worker renders (tests/probe_page_job.py, WORKER_PROBE "slow") leaves no process behind
    to write into the output of the next build."""
    import signal
    import time

    import pelicanconf

    content, pid_file = tmp_path / "content", tmp_path / "worker.pid"
    shutil.copytree(FIXTURE, content)
    overrides = {"PLUGINS": [*pelicanconf.PLUGINS, "tests.probe_page_job"], "WORKER_PROBE": "slow", "WORKER_PID_FILE": str(pid_file)}
    build_process = subprocess.Popen([sys.executable, "-c", BUILD, str(content), str(tmp_path / "output"),
                                      json.dumps(overrides)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
    pid = 0
    try:
        deadline = time.monotonic() + 60
        while not pid_file.is_file() and time.monotonic() < deadline and build_process.poll() is None:
            time.sleep(0.05)
        assert pid_file.is_file(), "the worker never started"
        pid = int(pid_file.read_text(encoding="utf-8"))
        assert alive(pid) and pid != build_process.pid
        assert not outlives_killed(build_process, pid)
    finally:
        if build_process.poll() is None:
            build_process.kill()
        if pid and alive(pid):
            os.kill(pid, signal.SIGKILL)
