"""Stories read on both cores (newsarchive/site/reading.py): a full build whose stories are read
half in a forked reader makes the same site, byte for byte, with the same counts and the same log
lines, as a build that reads them in one process; its rebuild reads nothing ahead.

The builds run in fresh processes: the reader is forked only from a process running no other thread."""

from __future__ import annotations

import logging
import pickle
import shutil
from pathlib import Path

import pytest

from newsarchive.site.reading import portable_record
from newsarchive.synthetic import diff_trees

from .test_workers import FIXTURE, FORKS, build_logged

WARNED = "Title: A story with a bare picture\nDate: 2021-03-04 10:00\nCategory: World\n\n![](picture.png)\n"


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
