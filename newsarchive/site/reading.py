"""Stories read on both cores: a build with many story files to read reads half of them in a forked reader.

Pelican reads every story file one after the other, in the build's process, before any page is
rendered and before the page worker forks. With the content cache on (the incremental plugin turns
it on), Pelican takes a story from that cache instead of reading its file. So, once the story
generator is made, when many files are not in that cache as they are now (a first build, a batch
of new stories, a change of settings), the build forks one reader that reads every other one of
those files (sorted) exactly as Pelican's loop would (see pelican_compat.read_story) and hands the
stories back in one pickle, as Pelican's own cache stores them, while the build reads the rest
itself; both halves go into the cache and Pelican's loop finds every file there. A file either
process fails on is left out: the loop reads it and reports it. Deciding costs the loop nothing
more: the walk of the content folder is handed to the loop, and each file's stat to the memo.

What the reading records in the reader's memory is handed back with the stories: the count of
stories made (the memo's `made`), their files' stamps, and the log records. Both halves hold their
records past Pelican's log filter, and the build logs them in the order of the files through it,
so a repeated warning prints as in a build in one process. The fork follows the page worker's
rules (workers.fork_allowed); without them the build reads as Pelican does.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pelican import signals

from . import pelican_compat as compat
from .settings import setting
from .state import find_state
from .workers import die_with_parent, fork_allowed, remove_leftovers_of, scratch_file

log = logging.getLogger(__name__)
# A build reads ahead when, left to itself, at least this many story files are not in Pelican's
# content cache as they are now (2 with NEWSARCHIVE_WORKERS set).
READ_AHEAD_FILES = 200
LOG_FIELDS = (str, int, float, bool, type(None))  # a log record's fields that travel between processes


def register() -> None:
    """Connected by the incremental plugin, which turns Pelican's content cache on."""
    signals.article_generator_init.connect(read_ahead)


def read_ahead(generator: Any) -> None:
    """`article_generator_init`: read the files Pelican would read, half in a forked reader, into
    the generator's content cache, when there are enough of them and the build may fork."""
    state = find_state(generator.settings)
    if state is None or state.memo is None or not compat.caches_stories(generator):
        return
    remove_leftovers_of(generator.settings)
    wanted = setting(generator.settings, "NEWSARCHIVE_WORKERS")
    least = 2 if wanted is not None else READ_AHEAD_FILES
    files = compat.story_files(generator)
    paths = compat.unread_story_files(generator, files, stat_files(generator, files, state.memo))
    if len(paths) >= READ_AHEAD_FILES:  # reading many files makes garbage: the collector's to clear
        state.resume_collector()
    # Entries the cache file holds for files that changed or are gone, besides those for the files as they are.
    stale = compat.cached_files(generator) - (len(files) - len(paths))
    share = int(setting(generator.settings, "NEWSARCHIVE_CACHE_SAVE_SHARE"))
    if share and state.memo.before and (len(paths) + max(stale, 0)) * share <= len(files):
        # Saving every story again costs more than the next builds' making those few again
        # (at most one in `share`; the build that finds more saves them all).
        compat.leave_cache_file(generator)
    if len(paths) < least or not fork_allowed(generator.settings):
        return
    reader = StoryReader.start(generator, paths[1::2], state.memo)
    try:
        ours = read_stories(generator, paths[0::2], state.memo)
        theirs = reader.collect()
    finally:
        reader.abandon()
    if theirs is None:
        log.warning("the story reader failed; the build reads its stories itself")
        theirs = {"stories": {}, "logs": {}, "stamps": {}, "made": 0}
    state.memo.made += theirs["made"]
    state.stats["stories_read_ahead"] = len(theirs["stories"])  # by the reader
    for path, stamp in theirs["stamps"].items():
        state.memo.stamps.setdefault(path, stamp)
    root = logging.getLogger()
    for path in paths:
        for half in (ours, theirs):
            if path in half["stories"]:
                for record in half["logs"][path]:
                    if compat.passes_log_filters(logging.getLogger(record.name), record):
                        root.callHandlers(record)
                compat.cache_story(generator, path, half["stories"][path])
    log.debug("read %d stories ahead, %d of them in the reader", len(ours["stories"]) + len(theirs["stories"]),
              len(theirs["stories"]))


def stat_files(generator: Any, files: set[str], memo: Any) -> dict[str, float]:
    """Each story file's modification time, by its path relative to the content folder; its stamp
    goes to the memo (by the story's source path), which would otherwise stat the file again."""
    root = os.path.join(os.path.abspath(generator.path), "")
    stamps, mtimes = memo.stamps, {}
    for path in files:
        # Pelican's source path: the file's absolute, normalised path (a walked path is "./name" or "dir/name")
        name = path[2:] if path.startswith("./") else path
        source = os.path.abspath(root + name) if "/." in "/" + name else root + name
        try:
            stat = os.stat(source)
        except OSError:
            continue  # gone meanwhile: the loop reports it
        mtimes[path] = stat.st_mtime
        if source not in stamps:
            stamps[source] = [stat.st_mtime_ns, stat.st_size]
    return mtimes


def read_stories(generator: Any, paths: list[str], memo: Any, portable: bool = False) -> dict[str, Any]:
    """Read `paths` as Pelican's loop would; the stories made, each one's log records (past
    Pelican's log filter; `portable` for another process), its file's stamp, and how many stories
    the memo counted as made (a failed file is not counted: the loop makes it again)."""
    stories: dict[str, Any] = {}
    logs: dict[str, list[logging.LogRecord]] = {}
    stamps: dict[str, Any] = {}
    made = 0
    with held_logs() as held, compat.log_filter_off():
        for path in paths:
            start, count = len(held), memo.made
            article = compat.read_story(generator, path)
            if article is None:
                memo.made = count
                del held[start:]
                continue
            made += memo.made - count
            stories[path] = article
            logs[path] = [portable_record(r) for r in held[start:]] if portable else held[start:]
            source = getattr(article, "source_path", None)
            if source in memo.stamps:
                stamps[source] = memo.stamps[source]
    return {"stories": stories, "logs": logs, "stamps": stamps, "made": made}


class HeldLogs(logging.Handler):
    """A handler that keeps the records it is given."""

    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.NOTSET)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def held_logs() -> Iterator[list[logging.LogRecord]]:
    """Hold the records logged meanwhile (to the root logger's handlers) instead of emitting them."""
    root = logging.getLogger()
    records: list[logging.LogRecord] = []
    handlers, root.handlers = root.handlers, [HeldLogs(records)]
    try:
        yield records
    finally:
        root.handlers = handlers


def portable_record(record: logging.LogRecord) -> logging.LogRecord:
    """The record as it can be pickled: its template and arguments kept when they are plain values
    that format (Pelican's log filter matches templates), else its message worked out; its
    traceback as text."""
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    fields = {k: v for k, v in vars(record).items() if isinstance(v, LOG_FIELDS) or plain_values(v)}
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed call to the logger: keep its text as it is
        fields.update(msg=str(record.msg), args=None)
    else:
        if not (isinstance(record.msg, str) and plain_values(record.args)):
            fields.update(msg=message, args=None)
    fields.update(exc_info=None)
    return logging.makeLogRecord(fields)


def plain_values(value: Any) -> bool:
    """Whether `value` is a tuple of plain values (a record's arguments, Pelican's `limit_args`)."""
    return isinstance(value, tuple) and all(isinstance(v, LOG_FIELDS) for v in value)


class StoryReader:
    """The forked reader of one build: its process and the file it leaves its stories in."""

    def __init__(self, pid: int, path: str) -> None:
        self.pid = pid
        self.path = path

    @classmethod
    def start(cls, generator: Any, paths: list[str], memo: Any) -> StoryReader:
        """Fork the reader of `paths`."""
        result = scratch_file(generator.settings, "story-reader")
        parent = os.getpid()
        # Frozen for the fork, as for the page worker: the reader's collector never walks the build.
        gc.freeze()
        try:
            pid = os.fork()
            if pid == 0:
                run_reader(generator, paths, memo, result, parent)
        finally:
            gc.unfreeze()
        return cls(pid, result)

    def collect(self) -> dict[str, Any] | None:
        """Wait for the reader; what it read, or None when it failed."""
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if os.waitstatus_to_exitcode(status) != 0:
            return None
        try:
            with open(self.path, "rb") as handle:
                return pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError) as error:
            log.debug("unreadable stories from the reader: %s", error)
            return None

    def abandon(self) -> None:
        """Stop the reader if it still runs, and drop its file."""
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = 0
        try:
            os.unlink(self.path)
        except OSError:
            pass


def run_reader(generator: Any, paths: list[str], memo: Any, result: str, parent: int) -> None:
    """The reader's whole life: read `paths`, leave them pickled at `result`, and end (never
    returning into the build's code)."""
    status = 1
    try:
        die_with_parent(parent)
        read = read_stories(generator, paths, memo, portable=True)
        with open(result, "wb") as handle:
            pickle.dump(read, handle, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)
