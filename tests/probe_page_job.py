"""A Pelican plugin for tests/test_workers.py: a page job that misbehaves in the page worker only,
as the setting WORKER_PROBE says. "fail" (the default): it raises there, as a job meeting an error
would (the build must then render every job itself). "slow": it writes the worker's process id to
the file WORKER_PID_FILE names and takes a minute, so a test can kill the build while the worker
is busy. Any other value: it behaves.

Stories with a `Probe` field are read with a twist (tests/test_reading.py): "warn" logs the same
warning for each of them, whichever process reads it; "slow", read by the story reader (a process
other than the build's), writes the reader's process id to WORKER_PID_FILE and takes a minute."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from newsarchive.site.state import find_state
from newsarchive.site.workers import add_page_job, write_job
from newsarchive.site.workers import register as register_workers

JOB = "probe-in-the-worker"
PROBE_WARNING = "a probe's warning, the same for every story that asks for it"
BUILD_PID = "WORKER_PROBE_BUILD_PID"  # the build's process id, noted when it starts

log = logging.getLogger(__name__)


class ProbeGenerator(Generator):
    """Writes one page, `worker-probe.html` (the theme's 404 page); misbehaves in the worker."""

    def generate_context(self) -> None:
        add_page_job(self.settings, JOB, self.write_pages)

    def generate_output(self, writer: Any) -> None:
        write_job(self.settings, JOB, writer, self.write_pages)

    def write_pages(self, writer: Any) -> None:
        state = find_state(self.settings)
        if state is not None and state.worker is not None and state.worker.parent != os.getpid():
            mode = self.settings.get("WORKER_PROBE", "fail")
            if mode == "slow":
                stall(self.settings)
            elif mode == "fail":
                raise RuntimeError("a page job's error in the worker")
        writer.write_file("worker-probe.html", self.get_template("404"), self.context)


def stall(settings: dict[str, Any]) -> None:
    """Write this process's id to WORKER_PID_FILE (whole or absent: the test polls for it) and wait a minute."""
    pid_file = Path(settings["WORKER_PID_FILE"])
    pid_file.with_suffix(".tmp").write_text(str(os.getpid()), encoding="utf-8")
    pid_file.with_suffix(".tmp").replace(pid_file)
    time.sleep(60)


def note_build(pelican: Any) -> None:
    pelican.settings[BUILD_PID] = os.getpid()


def read_with_a_twist(generator: Any, metadata: dict[str, Any]) -> None:
    """`article_generator_context`: a story with a `Probe` field warns, or stalls in the story reader."""
    probe = str(metadata.get("probe", ""))
    if probe == "warn":
        log.warning(PROBE_WARNING)
    elif probe == "slow" and generator.settings.get(BUILD_PID) not in (None, os.getpid()):
        stall(generator.settings)


def get_generators(pelican: Any) -> type[Generator]:
    return ProbeGenerator


def register() -> None:
    signals.initialized.connect(note_build)
    signals.article_generator_context.connect(read_with_a_twist)
    signals.get_generators.connect(get_generators)
    register_workers()
