"""The search folder of a rebuild, written by a worker process while Pelican writes the pages.

Why: when one story arrives in a built archive, the search index is the largest single part of
the rebuild (every weight is worked out again, since one more story changes every idf), and it
needs nothing the pages need. On a machine with more than one core, a worker writes it
alongside.

How:

- The worker starts with the articles generator (``article_generator_init``), so its imports are
  done by the time the stories are read, and only when the build keeps a search cache from an
  earlier build (a rebuild): a build from scratch analyses every story, and its worker would hold
  the whole analysis in memory next to the build's, while the pages render.
- ``search.build_search`` hands it every story's key and fields (``search.Carried``: no text).
  The worker works out what the build reads (``IndexBuild.plan``: the stories it analyses, the
  fragments it writes) and asks for the text of those only. When that is more than half the
  stories, the job comes back and the build writes the folder itself, as without a worker.
- The build goes on with the pages; at ``finalized`` it waits for the worker, and an error the
  worker met is raised there, as it would have been in the build.
- The worker is the same code (``IndexBuild``) on the same values, so the folder is the same,
  byte for byte. It dies with the build (Linux's parent-death signal): a killed build leaves no
  worker writing into the folder of the next one.

Setting ``NEWSARCHIVE_SEARCH_WORKER`` (default True) turns it off; there is no worker either on a
single core or off Linux, or for an archive of fewer stories than ``NEWSARCHIVE_SEARCH_WORKER_STORIES``
(1,000: below that the index takes a fraction of a second, less than starting the worker costs).
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

log = logging.getLogger(__name__)

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding this copy of the package
SETTING = "NEWSARCHIVE_SEARCH_WORKER"


class SearchWorkerError(RuntimeError):
    """The worker failed in a way that is not an error of the search build itself."""


def wanted(settings: Mapping[str, Any]) -> bool:
    """Whether this build should write its search folder through a worker (see the module)."""
    from . import search

    if not search.setting(settings, "NEWSARCHIVE_SEARCH") or not search.setting(settings, SETTING):
        return False
    if not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2:
        return False
    folder = search.cache_folder(settings)
    if folder is None or not (folder / search.TABLE).is_file():
        return False
    return search.cached_docs(folder) >= int(search.setting(settings, "NEWSARCHIVE_SEARCH_WORKER_STORIES"))


class SearchWorker:
    """The build's side of one worker: start, submit a job, wait for its result."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.settings = settings
        worker_reads, build_writes = os.pipe()
        build_reads, worker_writes = os.pipe()
        env = dict(os.environ)
        # The worker imports this very copy of the package (a benchmark runs a snapshot of it).
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH", "")]))
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "newsarchive.site.search_worker", str(worker_reads), str(worker_writes), str(os.getpid())],
                pass_fds=(worker_reads, worker_writes), stdin=subprocess.DEVNULL, env=env, close_fds=True,
            )
        finally:
            os.close(worker_reads)
            os.close(worker_writes)
        self.send_file: BinaryIO = os.fdopen(build_writes, "wb")
        self.receive_file: BinaryIO = os.fdopen(build_reads, "rb")

    def _send(self, message: Any) -> None:
        pickle.dump(message, self.send_file, protocol=pickle.HIGHEST_PROTOCOL)
        self.send_file.flush()

    def _receive(self) -> Any:
        try:
            return pickle.load(self.receive_file)
        except (EOFError, pickle.UnpicklingError, OSError) as error:
            code = self.process.wait()
            raise SearchWorkerError(f"search: the worker ended without an answer (exit status {code})") from error

    def submit(self, stories: Sequence[Any], options: Mapping[str, Any]) -> bool:
        """Give the worker the job of writing the folder for `stories` (search.Story); True when it
        took it, False when the build should write the folder itself (the worker is then closed)."""
        from .search import Carried

        try:
            offsets: dict[Any, Any] = {}
            self._send(("job", dict(options), [Carried.fields_of(story, offsets) for story in stories]))
            kind, value = self._receive()
            if kind != "needs":
                raise_failure(kind, value)
            if len(value) > len(stories) // 2:
                self._send(("cancel", None))
                self.close()
                return False
            self._send(("texts", {position: stories[position].body for position in value}))
        except (OSError, SearchWorkerError) as error:  # the worker is gone: the build does it
            log.warning("search: no worker (%s); the build writes the search folder itself", error)
            self.close()
            return False
        except BaseException:  # the worker's own error in planning: the build's, as without a worker
            self.close()
            raise
        return True

    def result(self) -> Any:
        """Wait for the job's end: search.BuildStats, or the worker's error raised."""
        try:
            kind, value = self._receive()
        finally:
            self.close()
        if kind != "done":
            raise_failure(kind, value)
        return value

    def close(self) -> None:
        for handle in (self.send_file, self.receive_file):
            try:
                handle.close()
            except OSError:
                pass
        if self.process.poll() is None:
            try:
                self.process.wait(timeout=5)  # it ends on the closed pipe
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def raise_failure(kind: str, value: Any) -> None:
    if kind == "failed" and isinstance(value, BaseException):
        raise value
    raise SearchWorkerError(f"search: the worker failed: {value}")


# --- the build's plugin hooks (see search.register) ------------------------------------------------

_worker: SearchWorker | None = None  # started for the running build
_pending: SearchWorker | None = None  # writing the running build's search folder


def start(generator: Any) -> None:
    """article_generator_init: start a worker when this build wants one (after the worker of an
    earlier build in this process that failed before waiting for it has ended: it may still be
    writing into the same folder)."""
    global _worker, _pending
    stop()
    if _pending is not None:
        earlier, _pending = _pending, None
        try:
            earlier.result()
        except Exception as error:  # noqa: BLE001 - that build failed already; its worker's end is not this build's
            log.warning("search: the worker of an earlier, failed build ended with: %s", error)
    settings = generator.settings
    if wanted(settings):
        try:
            _worker = SearchWorker(settings)
        except OSError as error:
            log.warning("search: cannot start a worker (%s); the build writes the search folder itself", error)


def take(settings: Mapping[str, Any]) -> SearchWorker | None:
    """The worker started for the build with these settings, now the build's to use."""
    global _worker
    worker, _worker = _worker, None
    if worker is not None and worker.settings is not settings:
        worker.close()
        return None
    return worker


def pending(worker: SearchWorker) -> None:
    global _pending
    _pending = worker


def wait() -> Any:
    """The result of the job the running build gave a worker (None without one)."""
    global _pending
    worker, _pending = _pending, None
    stop()
    return worker.result() if worker is not None else None


def stop() -> None:
    """Close a worker no job was given (a build that failed before its search)."""
    global _worker
    worker, _worker = _worker, None
    if worker is not None:
        worker.close()


# --- the worker process ---------------------------------------------------------------------------


def die_with(parent: int) -> None:
    """Be killed when the build that started this worker dies (Linux), or end now if it has."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def serve(receive: BinaryIO, send: BinaryIO) -> None:
    """Answer one job: plan, ask for the texts, write the folder, report."""
    from .search import Carried, IndexBuild

    def reply(message: Any) -> None:
        pickle.dump(message, send, protocol=pickle.HIGHEST_PROTOCOL)
        send.flush()

    try:
        kind, options, fields = pickle.load(receive)
    except EOFError:
        return  # the build needed no worker after all
    try:
        started = time.perf_counter()
        docs = [Carried(item) for item in fields]
        job = IndexBuild(Path(options["folder"]), Path(options["lunr_js"]), shard_bytes=options["shard_bytes"],
                         fragment_chars=options["fragment_chars"], node=options["node"],
                         cache=Path(options["cache"]) if options.get("cache") else None)
        job.started = started
        reply(("needs", job.plan(docs)))
        kind, texts = pickle.load(receive)
        if kind != "texts":
            return  # cancelled: the build writes the folder
        for position, text in texts.items():
            docs[position].text = text
        stats = job.write()
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the build
        try:
            pickle.dumps(error)
            reply(("failed", error))
        except Exception:  # noqa: BLE001 - an exception that does not pickle: its text
            reply(("failed", "".join(traceback.format_exception(error))))
        return
    reply(("done", stats))


def main(argv: Sequence[str]) -> int:
    receive_fd, send_fd, parent = (int(value) for value in argv[:3])
    die_with(parent)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    with os.fdopen(receive_fd, "rb") as receive, os.fdopen(send_fd, "wb") as send:
        serve(receive, send)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
