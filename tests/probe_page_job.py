"""A Pelican plugin for tests/test_workers.py: a page job the build shares with its worker, part by
part, that misbehaves in the page worker only, as the setting WORKER_PROBE says. "fail" (the
default): it writes its first part there and raises, as a job meeting an error would (the build
must then render every job itself). "slow": it writes the worker's process id to the file
WORKER_PID_FILE names and takes a minute, so a test can kill the build while the worker is busy.
"idle": it waits until the build has claimed every part of the other shared jobs (the entity
pages'), so the build renders them all. The worker runs this job first."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from newsarchive.site.state import find_state
from newsarchive.site.workers import add_page_job, write_job
from newsarchive.site.workers import register as register_workers

JOB = "probe-in-the-worker"
PARTS = 6  # pages worker-probe-0.html ... worker-probe-5.html, one a part
IDLE_SECONDS = 30  # the longest an idle worker waits for the build to claim the other jobs' parts


class ProbeGenerator(Generator):
    """Writes PARTS pages (the theme's 404 page) as a shared job; misbehaves in the worker."""

    def generate_context(self) -> None:
        add_page_job(self.settings, JOB, self.write_pages, units=PARTS)
        state = find_state(self.settings)
        if state is not None:  # the worker runs this job first, the build its own jobs in their order
            state.page_jobs = {JOB: state.page_jobs.pop(JOB), **state.page_jobs}

    def generate_output(self, writer: Any) -> None:
        write_job(self.settings, JOB, writer, self.write_pages)

    def write_pages(self, writer: Any, numbers: Iterable[int] | None = None) -> None:
        state = find_state(self.settings)
        in_worker = state is not None and state.worker is not None and state.worker.parent != os.getpid()
        mode = self.settings.get("WORKER_PROBE", "fail")
        if in_worker and mode == "slow":
            Path(self.settings["WORKER_PID_FILE"]).write_text(str(os.getpid()), encoding="utf-8")
            time.sleep(60)
        if in_worker and mode == "idle":
            others = [claims.ends for name, claims in state.worker.claims.items() if name != JOB]
            deadline = time.monotonic() + IDLE_SECONDS
            while any(ends[0] < ends[1] for ends in others) and time.monotonic() < deadline:
                time.sleep(0.01)
        for number in range(PARTS) if numbers is None else numbers:
            writer.write_file(f"worker-probe-{number}.html", self.get_template("404"), self.context)
            if in_worker and mode == "fail":
                raise RuntimeError("a page job's error in the worker")


def get_generators(pelican: Any) -> type[Generator]:
    return ProbeGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
    register_workers()
