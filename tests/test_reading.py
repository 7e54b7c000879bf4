"""Stories read on both cores (newsarchive/site/reading.py): a full build whose stories are read
half in a forked reader makes the same site, byte for byte, with the same counts and the same log
lines, as a build that reads them in one process; its rebuild reads nothing ahead.

The builds run in fresh processes: the reader is forked only from a process running no other thread."""

from __future__ import annotations

import logging
import pickle
import re
import shutil
from pathlib import Path

import pytest

from newsarchive.site.reading import READ_AHEAD_FILES, portable_record, stat_files
from newsarchive.synthetic import diff_trees

from .probe_page_job import PROBE_WARNING
from .test_workers import FIXTURE, FORKS, build, build_logged

WARNED = "Title: A story with a bare picture\nDate: 2021-03-04 10:00\nCategory: World\n\n![](picture.png)\n"
FILLER = "Title: A short story {n}\nDate: 2019-02-{day:02d} 08:00\nCategory: World\n\nA short story, number {n}.\n"
BARE = "Title: A story with a bare picture {n}\nDate: 2021-03-0{n} 10:00\nCategory: World\n\n![](picture.png)\n"
PROBED = "Title: A probed story {n}\nDate: 2021-04-0{n} 10:00\nCategory: World\nProbe: warn\n\nA probed story.\n"


def log_lines(log: str, word: str) -> list[str]:
    """The log's lines naming `word`, without their times."""
    return sorted(line.split("]", 1)[-1].strip() for line in log.splitlines() if word in line)


@pytest.mark.skipif(not FORKS, reason="no forked reader on this machine (one core, or not Linux)")
@pytest.mark.parametrize("extra", [None, WARNED], ids=["fixture", "with-a-warning"])
def test_a_build_reading_on_both_cores_equals_one_reading_in_one_process(tmp_path: Path, extra: str | None) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    if extra is not None:
        (content / "2021" / "bare-picture.md").write_text(extra, encoding="utf-8")
    one, one_log = build_logged(content, tmp_path / "one", NEWSARCHIVE_WORKERS=1)
    shutil.rmtree(content / ".newsarchive")
    two, two_log = build_logged(content, tmp_path / "two", NEWSARCHIVE_WORKERS=2)
    assert "stories_read_ahead" not in one and two["stories_read_ahead"] >= 2
    assert diff_trees(tmp_path / "one", tmp_path / "two") == []
    assert {k: v for k, v in two.items() if k != "stories_read_ahead"}.items() >= {
        k: one[k] for k in ("made", "signed", "reused", "addressed", "rendered")}.items()
    assert log_lines(one_log, "alt") == log_lines(two_log, "alt")
    if extra is not None:
        assert len(log_lines(two_log, "alt")) == 1
    again, _ = build_logged(content, tmp_path / "two", NEWSARCHIVE_WORKERS=2)
    assert "stories_read_ahead" not in again and again["made"] == 0 and again["rendered"] == 0
    assert diff_trees(tmp_path / "one", tmp_path / "two") == []


@pytest.mark.parametrize("msg, args, expected", [("read %s", ("a.md",), "read a.md"), ("read %s %s", ("a.md",), "read %s %s"),
                                                 ("plain", None, "plain")], ids=["formatted", "malformed", "plain"])
def test_a_log_record_travels_between_processes_with_its_message(msg: str, args: tuple[str, ...] | None,
                                                                  expected: str) -> None:
    record = logging.LogRecord("pelican.readers", logging.WARNING, "readers.py", 1, msg, args, None)
    record.unpicklable = lambda: None  # type: ignore[attr-defined]
    back = pickle.loads(pickle.dumps(portable_record(record)))
    assert (back.getMessage(), back.levelno, back.name) == (expected, logging.WARNING, "pelican.readers")


def unnumbered(log: str) -> str:
    """The log with the warned files' numbers left out."""
    return re.sub(r"zz-warned-\d+", "zz-warned-N", log)


def add_fillers(content: Path, count: int, first: int = 0) -> None:
    """`count` short stories (in a folder of their own) numbered from `first`."""
    folder = content / "fillers"
    folder.mkdir(exist_ok=True)
    for n in range(first, first + count):
        (folder / f"filler-{n:04d}.md").write_text(FILLER.format(n=n, day=1 + n % 28), encoding="utf-8")


@pytest.mark.skipif(not FORKS, reason="no forked reader on this machine (one core, or not Linux)")
def test_a_rebuild_adding_a_batch_of_stories_reads_them_on_both_cores(tmp_path: Path) -> None:
    """With Pelican's cache holding more stories than the read-ahead threshold, a rebuild reads
    ahead the files its cache lacks when there are enough of them (2 with NEWSARCHIVE_WORKERS set),
    half in the reader; one new story is read by the loop. Each rebuild equals a fresh build."""
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(FIXTURE, content)
    add_fillers(content, READ_AHEAD_FILES)
    first = build(content, output, NEWSARCHIVE_WORKERS=2)
    assert first["stories_read_ahead"] >= READ_AHEAD_FILES // 2
    for added, read_ahead in ((1, None), (6, 3)):
        add_fillers(content, added, first=len(list((content / "fillers").iterdir())))
        again = build(content, output, NEWSARCHIVE_WORKERS=2)
        assert again.get("stories_read_ahead") == read_ahead and again["made"] == added
    build(content, tmp_path / "fresh", NEWSARCHIVE_WORKERS=1, NEWSARCHIVE_INCREMENTAL=False)
    assert diff_trees(output, tmp_path / "fresh") == []


@pytest.mark.skipif(not FORKS, reason="no forked reader on this machine (one core, or not Linux)")
@pytest.mark.parametrize("story, count, printed", [
    (PROBED, 2, {PROBE_WARNING: 1}),
    (BARE, 7, {"Empty alt attribute for image picture.png": 4, "Other images have empty alt attributes": 1}),
], ids=["same-warning", "grouped-warnings"])
def test_warnings_raised_in_both_halves_print_as_in_one_process(tmp_path: Path, story: str, count: int,
                                                                printed: dict[str, int]) -> None:
    """Pelican's log filter prints a repeated warning once (tests/probe_page_job.py's, raised by
    two stories) and a group of warnings up to a limit (an empty alt text, five): with the stories
    read in both processes (adjacent files, so each half has some) the log is the one-process build's."""
    import pelicanconf

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    for n in range(1, count + 1):
        (content / f"zz-warned-{n}.md").write_text(story.format(n=n), encoding="utf-8")
    plugins = [*pelicanconf.PLUGINS, "tests.probe_page_job"]
    probe = {"PLUGINS": plugins, "WORKER_PROBE": "behave"}
    one, one_log = build_logged(content, tmp_path / "one", **probe, NEWSARCHIVE_WORKERS=1)
    two, two_log = build_logged(content, tmp_path / "two", **probe, NEWSARCHIVE_WORKERS=2)
    assert "stories_read_ahead" not in one and two["stories_read_ahead"] >= count // 2
    assert unnumbered(two_log) == unnumbered(one_log)  # which files a group names follows Pelican's walk, a set
    assert {text: one_log.count(text) for text in printed} == printed


@pytest.mark.parametrize("walked", ["./top.md", "2021/03/nested.md", "2021/./odd.md"], ids=["top", "nested", "unnormalised"])
def test_the_stamps_read_ahead_are_keyed_as_pelican_keys_the_story(tmp_path: Path, walked: str) -> None:
    """stat_files gives the memo each file's stamp under the source path Pelican gives its story
    (readers.read_file: the absolute, normalised path) and the modification time Pelican stamps."""
    import os
    from types import SimpleNamespace

    source = os.path.abspath(os.path.join(tmp_path, walked))
    Path(source).parent.mkdir(parents=True, exist_ok=True)
    Path(source).write_text("Title: t\n\nText.\n", encoding="utf-8")
    memo = SimpleNamespace(stamps={})
    mtimes = stat_files(SimpleNamespace(path=str(tmp_path) + "/"), {walked, "gone.md"}, memo)
    stat = os.stat(source)
    assert mtimes == {walked: os.path.getmtime(source)}
    assert memo.stamps == {source: [stat.st_mtime_ns, stat.st_size]}
