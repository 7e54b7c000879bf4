"""A Pelican plugin for tests/test_workers.py: a page job that fails in the page worker only, as a
job meeting an error there would (the build must then render every job itself)."""

from __future__ import annotations

import os
from typing import Any

from pelican import signals
from pelican.generators import Generator

from newsarchive.site.state import find_state
from newsarchive.site.workers import add_page_job, write_job
from newsarchive.site.workers import register as register_workers

JOB = "failing-in-the-worker"


class FailingInWorkerGenerator(Generator):
    """Writes one page, `worker-probe.html` (the theme's 404 page); raises when run by the page worker."""

    def generate_context(self) -> None:
        add_page_job(self.settings, JOB, self.write_pages)

    def generate_output(self, writer: Any) -> None:
        write_job(self.settings, JOB, writer, self.write_pages)

    def write_pages(self, writer: Any) -> None:
        state = find_state(self.settings)
        if state is not None and state.worker is not None and state.worker.parent != os.getpid():
            raise RuntimeError("a page job's error in the worker")
        writer.write_file("worker-probe.html", self.get_template("404"), self.context)


def get_generators(pelican: Any) -> type[Generator]:
    return FailingInWorkerGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
    register_workers()
