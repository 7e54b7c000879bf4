"""A Pelican plugin for tests/test_workers.py: a page job that, in the page worker, writes the
worker's process id to the file the setting WORKER_PID_FILE names and then takes a minute, so a
test can kill the build while its worker is busy."""

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

JOB = "slow-in-the-worker"


class SlowInWorkerGenerator(Generator):
    """Writes one page, `worker-probe.html` (the theme's 404 page); takes a minute in the worker."""

    def generate_context(self) -> None:
        add_page_job(self.settings, JOB, self.write_pages)

    def generate_output(self, writer: Any) -> None:
        write_job(self.settings, JOB, writer, self.write_pages)

    def write_pages(self, writer: Any) -> None:
        state = find_state(self.settings)
        if state is not None and state.worker is not None and state.worker.parent != os.getpid():
            Path(self.settings["WORKER_PID_FILE"]).write_text(str(os.getpid()), encoding="utf-8")
            time.sleep(60)
        writer.write_file("worker-probe.html", self.get_template("404"), self.context)


def get_generators(pelican: Any) -> type[Generator]:
    return SlowInWorkerGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
    register_workers()
