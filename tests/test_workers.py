"""The page worker (newsarchive/site/workers.py): a build that renders the entity pages in a forked
worker makes the same site, byte for byte, as a build in one process, and so does its rebuild.

The builds run in fresh processes: the worker is forked only from a process running no other
thread, and a test runner's process may run some."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsarchive.synthetic import diff_trees

from .conftest import ROOT, alive, outlives_killed

FIXTURE = ROOT / "tests" / "fixtures" / "site"
FORKS = sys.platform.startswith("linux") and (os.cpu_count() or 1) >= 2
BUILD = ("import json, sys; from pathlib import Path; from newsarchive.build import build_site; "
         "print(json.dumps(build_site(Path(sys.argv[1]), Path(sys.argv[2]), overrides=json.loads(sys.argv[3]), "
         "verify=sys.argv[4:] == ['verify'])))")


def build_logged(content: Path, output: Path, verify: bool = False, **overrides: object) -> tuple[dict[str, int], str]:
    """Build in a fresh process with the project's settings; the build's counts and its log."""
    done = subprocess.run([sys.executable, "-c", BUILD, str(content), str(output), json.dumps(overrides),
                           "verify" if verify else ""], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def build(content: Path, output: Path, verify: bool = False, **overrides: object) -> dict[str, int]:
    return build_logged(content, output, verify, **overrides)[0]


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
    again = build(content, output, verify=True, NEWSARCHIVE_WORKERS=2)  # the worker's checks counted too
    assert first["page_worker"] == again["page_worker"] == 1
    assert again["rendered"] == 0 and again["removed"] == 0 and again["unchanged"] == first["rendered"]
    build(content, tmp_path / "alone", NEWSARCHIVE_WORKERS=1)
    alone = build(content, tmp_path / "alone", verify=True, NEWSARCHIVE_WORKERS=1)
    assert again["verified"] == alone["verified"] > 0 and again["mismatched"] == alone["mismatched"] == 0
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


def start_busy_build(content: Path, output: Path, overrides: dict[str, object], pid_file: Path,
                     env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], int]:
    """Start a build (with tests/probe_page_job.py stalling a forked process); it and the id the
    stalled process wrote to `pid_file` once it is busy."""
    build_process = subprocess.Popen([sys.executable, "-c", BUILD, str(content), str(output), json.dumps(overrides)],
                                     cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 60
    while not pid_file.is_file() and time.monotonic() < deadline and build_process.poll() is None:
        time.sleep(0.05)
    if not pid_file.is_file():
        build_process.kill()
        build_process.wait()
        pytest.fail("the stalled process never started")
    return build_process, int(pid_file.read_text(encoding="utf-8"))


def stop_all(build_process: subprocess.Popen[bytes], pid: int) -> None:
    if build_process.poll() is None:
        build_process.kill()
        build_process.wait()
    if pid and alive(pid):
        os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not FORKS, reason="no page worker on this machine (one core, or not Linux)")
def test_the_page_worker_dies_with_a_killed_build(tmp_path: Path) -> None:
    """A build killed while its worker renders (tests/probe_page_job.py, WORKER_PROBE "slow") leaves no process behind
    to write into the output of the next build."""
    import pelicanconf

    content, pid_file = tmp_path / "content", tmp_path / "worker.pid"
    shutil.copytree(FIXTURE, content)
    overrides = {"PLUGINS": [*pelicanconf.PLUGINS, "tests.probe_page_job"], "WORKER_PROBE": "slow", "WORKER_PID_FILE": str(pid_file)}
    build_process, pid = start_busy_build(content, tmp_path / "output", overrides, pid_file)
    try:
        assert alive(pid) and pid != build_process.pid
        assert not outlives_killed(build_process, pid)
    finally:
        stop_all(build_process, pid)


SLOW_STORY = "Title: A story read slowly {n}\nDate: 2021-05-0{n} 10:00\nCategory: World\nProbe: slow\n\nRead slowly.\n"


@pytest.mark.skipif(not FORKS, reason="no forked process on this machine (one core, or not Linux)")
@pytest.mark.parametrize("stalled, overrides", [
    ("page-worker", {"WORKER_PROBE": "slow"}),
    ("story-reader", {"WORKER_PROBE": "behave", "NEWSARCHIVE_WORKERS": 2}),
], ids=["page-worker", "story-reader"])
def test_a_killed_builds_result_file_is_removed_by_the_next_build(tmp_path: Path, stalled: str,
                                                                  overrides: dict[str, object]) -> None:
    """A build killed while a forked process works (the page worker rendering, the story reader
    reading: tests/probe_page_job.py stalls it) leaves that process's result file in the build
    cache folder, none in the temporary folder; the next build removes it and equals a fresh one."""
    import pelicanconf

    content, pid_file, temporary = tmp_path / "content", tmp_path / "stalled.pid", tmp_path / "tmp"
    shutil.copytree(FIXTURE, content)
    for n in (1, 2):  # the last two files: one read by the build, one by the reader (which stalls)
        (content / f"zz-slow-{n}.md").write_text(SLOW_STORY.format(n=n), encoding="utf-8")
    temporary.mkdir()
    plugins = {"PLUGINS": [*pelicanconf.PLUGINS, "tests.probe_page_job"], "WORKER_PID_FILE": str(pid_file)}
    build_process, pid = start_busy_build(content, tmp_path / "output", {**plugins, **overrides}, pid_file,
                                          env={**os.environ, "TMPDIR": str(temporary)})
    try:
        assert not outlives_killed(build_process, pid)
    finally:
        stop_all(build_process, pid)
    left = sorted(p.name.split(".")[0] for p in (content / ".newsarchive").rglob("*.pickle"))
    assert left == [stalled] and list(temporary.iterdir()) == []
    build(content, tmp_path / "output", **plugins, WORKER_PROBE="behave")
    assert list((content / ".newsarchive").rglob("*.pickle")) == []
    build(content, tmp_path / "fresh", **plugins, WORKER_PROBE="behave", NEWSARCHIVE_WORKERS=1)
    assert diff_trees(tmp_path / "output", tmp_path / "fresh") == []


def ended_process() -> int:
    """The id of a process that has ended (and been reaped)."""
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


@pytest.mark.parametrize("name, removed", [
    ("story-reader.{dead}.k3x_q1.pickle", True),
    ("page-worker.{dead}.a9b8c7.pickle", True),
    ("story-reader.{live}.k3x_q1.pickle", False),  # a build running into the same folder
    ("page-worker.{live}.a9b8c7.pickle", False),
    ("ArticlesGenerator", False),  # Pelican's content cache
    ("stories.json", False),
    ("other.{dead}.a9b8c7.pickle", False),
], ids=["reader-of-a-killed-build", "worker-of-a-killed-build", "reader-of-a-running-build",
        "worker-of-a-running-build", "pelican-cache", "build-store", "not-ours"])
def test_only_the_result_files_of_ended_builds_are_removed(tmp_path: Path, name: str, removed: bool) -> None:
    from newsarchive.site.workers import remove_leftovers

    path = tmp_path / name.format(dead=ended_process(), live=os.getpid())
    path.write_bytes(b"")
    assert remove_leftovers(tmp_path) == int(removed)
    assert path.exists() is not removed
