"""A Pelican plugin for tests/test_workers.py: a page job that misbehaves in the page worker only,
as the setting WORKER_PROBE says. "fail" (the default): it raises there, as a job meeting an error
would (the build must then render every job itself). "slow": it writes the worker's process id to
the file WORKER_PID_FILE names and takes a minute, so a test can kill the build while the worker
is busy."""

from __future__ import annotations

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


class ProbeGenerator(Generator):
    """Writes one page, `worker-probe.html` (the theme's 404 page); misbehaves in the worker."""

    def generate_context(self) -> None:
        add_page_job(self.settings, JOB, self.write_pages)

    def generate_output(self, writer: Any) -> None:
        write_job(self.settings, JOB, writer, self.write_pages)

    def write_pages(self, writer: Any) -> None:
        state = find_state(self.settings)
        if state is not None and state.worker is not None and state.worker.parent != os.getpid():
            if self.settings.get("WORKER_PROBE", "fail") == "slow":
                pid_file = Path(self.settings["WORKER_PID_FILE"])  # whole or absent: the test polls for it
                pid_file.with_suffix(".tmp").write_text(str(os.getpid()), encoding="utf-8")
                pid_file.with_suffix(".tmp").replace(pid_file)
                time.sleep(60)
            else:
                raise RuntimeError("a page job's error in the worker")
        writer.write_file("worker-probe.html", self.get_template("404"), self.context)


def get_generators(pelican: Any) -> type[Generator]:
    return ProbeGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
    register_workers()
