"""The build's second process: the project's own pages rendered by a forked worker.

While Pelican renders its pages (stories, lists, topics...) in the build's process, a worker forked
from it when the pages start to render (Pelican's `get_writer` signal) renders the page jobs the
project's generators registered (the entity pages and their feeds). Each output file is written by
one process only. The worker makes its writer as Pelican made the build's and hands back what that
writer recorded (the incremental build's fingerprints, the files written and kept, the sitemap's
entries); the generator that owns the job merges it into the build's writer, so stale pages are
deleted and the next build finds its records exactly as after a build in one process. Pelican's
`content_written` and `feed_written` signals for the worker's files are sent in the worker: a
plugin listening to them sees them only through what is handed back (the sitemap's entries).

Fork, not spawn: the worker needs every story and the generators' context as they are, and a fork
has them at no cost. A fork copies the calling thread only, so the worker is forked before any
other background work starts a thread (the card and search pools are started after it, see
`BuildState.starters`). Without fork (other platforms), with one core, with `NEWSARCHIVE_WORKERS`
set to 1, or should the worker fail, the build renders the jobs itself.

What a forked process hands back (the worker's records, the story reader's stories) goes through
a file named for what it holds and for the build's process id, in the build cache folder
(scratch_file): the next build removes those a killed build left (remove_leftovers), never those of
a build still running into the same folder.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
import re
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pelican import signals

from ..fsutil import file_names
from . import pelican_compat as compat
from .settings import setting
from .sitemap import add_page
from .state import BuildState, ensure_state, find_state

log = logging.getLogger(__name__)
SMALL_REBUILD_SHARE = 20  # a rebuild reading again at most 1 story in 20 forks no worker
# A forked process's result file: `<what it holds>.<the build's process id>.<random>.pickle`.
SCRATCH_KINDS = ("story-reader", "page-worker")
SCRATCH_NAME = re.compile(r"^(?:%s)\.(\d+)\.\w+\.pickle$" % "|".join(SCRATCH_KINDS))


def scratch_folder(settings: dict[str, Any]) -> Path:
    """Where this build's forked processes leave their results: the build cache folder (the
    incremental build's store), or the system's temporary folder when incremental builds are off."""
    state = find_state(settings)
    if state is not None and state.memo is not None:
        return Path(state.memo.store.folder)
    return Path(tempfile.gettempdir())


def scratch_file(settings: dict[str, Any], kind: str) -> str:
    """A new, empty result file for a forked process of this build (`kind` one of SCRATCH_KINDS)."""
    folder = scratch_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    handle, path = tempfile.mkstemp(prefix=f"{kind}.{os.getpid()}.", suffix=".pickle", dir=folder)
    os.close(handle)
    return path


def remove_leftovers(folder: Path) -> int:
    """Delete the result files (scratch_file) that builds killed before they ended left in `folder`;
    the files of a build whose process still runs are kept. Return how many were deleted."""
    removed = 0
    for name in file_names(folder):
        found = SCRATCH_NAME.match(name)
        if found is None or process_runs(int(found.group(1))):
            continue
        try:
            (folder / name).unlink()
            removed += 1
        except OSError:
            pass
    return removed


def process_runs(pid: int) -> bool:
    """Whether process `pid` exists and has not ended (a zombie, ended but not yet reaped, has)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return True  # no /proc to ask: it exists


def remove_leftovers_of(settings: dict[str, Any]) -> None:
    """At the start of a build: remove the result files killed builds left where this one leaves its own."""
    removed = remove_leftovers(scratch_folder(settings))
    if removed:
        log.info("removed %d result files of killed builds", removed)


def die_with_parent(parent: int) -> None:
    """In a background process: be killed when the build that started it dies (Linux's
    parent-death signal), or end now if it already has, so nothing outlives a killed build."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def fork_allowed(settings: dict[str, Any], state: BuildState | None = None) -> bool:
    """Whether this build may fork a page worker: on Linux (the worker dies with the build), with
    two cores or more, NEWSARCHIVE_WORKERS not 1, and no other thread running to be copied. Left to
    itself (the setting unset), a rebuild that reads few stories again forks none (small_rebuild)."""
    wanted = setting(settings, "NEWSARCHIVE_WORKERS")
    workers = min(2, os.cpu_count() or 1) if wanted is None else int(wanted)
    if wanted is None and state is not None and small_rebuild(state):
        return False
    return (workers >= 2 and sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def small_rebuild(state: BuildState) -> bool:
    """Whether the last build recorded the stories and at most one in SMALL_REBUILD_SHARE was read
    again from its file: such a rebuild renders few pages, and copying the whole build into a
    worker costs more than the worker saves."""
    memo = state.memo
    before = getattr(memo, "before", None)
    return bool(before) and memo.made * SMALL_REBUILD_SHARE <= len(before)


def add_page_job(settings: dict[str, Any], name: str, job: Callable[[Any], None]) -> None:
    """Offer a generator's pages to the worker: `job(writer)` writes them all with `writer`."""
    ensure_state(settings).page_jobs[name] = job


def start_background(pelican: Any) -> None:
    """`get_writer`: the pages start to render. Fork the page worker, then start the background
    work that runs threads; Pelican picks its writer from the other receivers."""
    state = find_state(pelican.settings)
    if state is None or (state.worker is not None and state.worker.parent != os.getpid()):
        return  # the worker itself, making its writer: its jobs are run by run_jobs
    state.resume_collector()  # before the fork: the worker renders pages with the collector on
    if state.worker is not None:  # an earlier run of the same Pelican (autoreload)
        state.worker.abandon()
        state.worker = None
    if state.page_jobs:
        state.stats["page_worker"] = 0  # 1 once the worker's pages are merged
        if fork_allowed(pelican.settings, state):
            state.worker = PageWorker.start(pelican, state)
    starters, state.starters = state.starters, []
    for start in starters:
        start()


def run_jobs(pelican: Any, names: list[str], path: str, parent: int) -> None:
    """The worker's whole work (its pool's initializer, which a fork hands the build's objects to
    as they are): run the jobs with a writer of its own, and leave what it recorded at `path`."""
    die_with_parent(parent)
    state = find_state(pelican.settings)
    try:
        if state is None:
            raise RuntimeError("the build's state is missing")
        stats = dict(state.stats)
        writer = compat.make_writer(pelican)
        for name in names:
            state.page_jobs[name](writer)
        result: dict[str, Any] = {"writer": writer_records(writer), "sitemap": sitemap_entries(state),
                                  "memo": state.memo.records() if state.memo is not None else None,
                                  "stats": {k: v for k, v in state.stats.items() if stats.get(k) != v}}
    except Exception as error:  # noqa: BLE001 - the build renders the jobs itself, where errors surface
        result = {"error": f"{type(error).__name__}: {error}"}
    try:
        with open(path, "wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:  # a full disk, say: no result, so the build renders the jobs itself and reports it
        Path(path).unlink(missing_ok=True)


def load_result(path: str) -> dict[str, Any]:
    """The worker's one task, run once its jobs are done: what they recorded."""
    with open(path, "rb") as handle:
        return pickle.load(handle)


def writer_records(writer: Any) -> dict[str, Any]:
    """What a writer recorded of the files it wrote: its own records (an incremental writer's),
    else the files Pelican counts as written."""
    records = getattr(writer, "records", None)
    if records is not None:
        return records()
    written, overridden = writer.claimed_outputs() if hasattr(writer, "claimed_outputs") else (set(), set())
    return {"written": written, "overridden": overridden}


def merge_writer_records(writer: Any, records: dict[str, Any]) -> None:
    """Merge another process's writer_records into the build's writer."""
    merge = getattr(writer, "merge_records", None)
    if merge is not None:
        merge(records)
    elif hasattr(writer, "claim_outputs"):
        writer.claim_outputs(records["written"])
        writer.claim_outputs(records["overridden"], override=True)


def sitemap_entries(state: BuildState) -> dict[str, str]:
    """The sitemap's entries of the pages this process wrote or kept."""
    entries = dict(state.sitemap)
    for names, values in state.kept_pages:
        for name in names:
            add_page(entries, name, values)
    return entries


class PageWorker:
    """The forked worker of one build: the jobs it runs, and what it hands back."""

    def __init__(self, parent: int, names: list[str]) -> None:
        self.parent = parent  # the build's process id: the worker's own differs
        self.names = names
        self.pool: ProcessPoolExecutor | None = None
        self.future: Any = None
        self.path = ""
        self.outcome: bool | None = None  # None until collected: whether the worker rendered the jobs

    @classmethod
    def start(cls, pelican: Any, state: BuildState) -> PageWorker:
        """Fork the worker and hand it every page job."""
        worker = state.worker = cls(os.getpid(), list(state.page_jobs))
        if state.memo is None:  # no incremental build, whose reading ahead removed them already
            remove_leftovers_of(pelican.settings)
        worker.path = scratch_file(pelican.settings, "page-worker")
        # The build's objects are frozen for the fork: the worker's collector then never walks
        # (and so never copies) the pages they sit on.
        gc.freeze()
        try:
            worker.pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                                              initializer=run_jobs, initargs=(pelican, worker.names, worker.path, worker.parent))
            worker.future = worker.pool.submit(load_result, worker.path)  # forks here, before any thread starts
        finally:
            gc.unfreeze()
        log.debug("page worker started for %s", ", ".join(worker.names))
        return worker

    def collect(self, name: str, writer: Any, state: BuildState) -> bool:
        """Merge what the worker recorded into the build's `writer` and state, once; True when the
        worker rendered job `name`, False when the build must render it itself."""
        if name not in self.names:
            return False
        if self.outcome is None:
            self.outcome = self._merge(writer, state)
        return self.outcome

    def _merge(self, writer: Any, state: BuildState) -> bool:
        try:
            result = self.future.result()
        except Exception as error:  # noqa: BLE001 - a worker killed or broken: render here instead
            result = {"error": f"{type(error).__name__}: {error}"}
        finally:
            self.abandon()
        if "error" in result:
            log.warning("the page worker failed (%s); the build renders its pages itself", result["error"])
            return False
        merge_writer_records(writer, result["writer"])
        state.sitemap.update(result["sitemap"])
        if result["memo"] is not None and state.memo is not None:
            state.memo.merge(result["memo"])
        state.stats.update(result["stats"], page_worker=1)
        return True

    def abandon(self) -> None:
        """Stop the worker (waiting for it: it may be writing pages) and drop its result file."""
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if self.path:
            try:
                os.unlink(self.path)
            except OSError:
                pass


def write_job(settings: dict[str, Any], name: str, writer: Any, job: Callable[[Any], None]) -> None:
    """A generator's generate_output for a page job: merged from the worker when it rendered the
    job, else `job(writer)` here."""
    state = find_state(settings)
    if state is not None and state.worker is not None and name in state.worker.names:
        meanwhile, state.meanwhile = state.meanwhile, []
        for work in meanwhile:  # the build's own work beside the worker's, before waiting for it
            work()
        if state.worker.collect(name, writer, state):
            return
    job(writer)


def register() -> None:
    """Connected by each plugin that offers page jobs or starters (a receiver is connected once)."""
    signals.get_writer.connect(start_background)
