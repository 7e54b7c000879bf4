"""Python's cycle collector paused while a rebuild takes its stories from Pelican's content cache.

A rebuild of a large archive loads every story from Pelican's cache and then works out the build's
context (entities, related lists, links): millions of small objects that live to the end of the
build. Each young-generation collection walks the objects made since the one before, so at
10,000 stories these collections cost about 0.45 s of a one-story rebuild, and they find next
to nothing: 21 objects in the rebuild measured, none of them large.

So an incremental build pauses the collector from its start until its context is worked out
(Pelican asks for the writer), then freezes what it made (`gc.freeze`: the next collections do
not walk it again) and resumes. Stories made from their Markdown file do make cyclic garbage
(the Markdown parser's), so the pause ends early when Pelican's cache was empty when the
articles generator started (a first or a full build) or once `FRESH_STORIES` stories were read
from their files. At the end of the build (or when it fails) the frozen objects are handed back
to the collector (`gc.unfreeze`), so a process that runs many builds (the tests) frees each one.
"""

from __future__ import annotations

import gc
from typing import Any

from pelican import signals
from pelican.contents import Article, Page

FRESH_STORIES = 200  # stories read from their files (not the cache) before the pause ends


class Pause:
    """The collector's state for the build under way."""

    def __init__(self) -> None:
        self.paused = False  # this module disabled the collector, and will enable it again
        self.frozen = False  # this module froze objects, and will unfreeze them
        self.fresh = 0

    def begin(self, settings: dict[str, Any]) -> None:
        from .incremental import enabled

        self.release()
        self.fresh = 0
        if enabled(settings) and gc.isenabled():
            gc.disable()
            self.paused = True

    def resume(self) -> None:
        """The collector runs again, over everything made so far."""
        if self.paused:
            self.paused = False
            gc.enable()

    def freeze(self) -> None:
        """What the paused build made is set aside (the stories and the context live to the end of
        the build); the collector then runs again for what the pages' rendering makes."""
        if self.paused:
            gc.freeze()
            self.frozen = True
            self.resume()

    def release(self) -> None:
        """The end of a build, finished or failed: the collector runs, over everything."""
        self.resume()
        if self.frozen:
            self.frozen = False
            gc.unfreeze()

    def story_read(self) -> None:
        self.fresh += 1
        if self.paused and self.fresh > FRESH_STORIES:
            self.resume()


STATE = Pause()


def initialized(pelican: Any) -> None:
    STATE.begin(pelican.settings)


def articles_generator_started(generator: Any) -> None:
    """Pelican has loaded its cache: with no stories in it, they are all read from their files."""
    if not getattr(generator, "_cache", None):
        STATE.resume()


def content_read(content: Any) -> None:
    if isinstance(content, (Article, Page)):  # not static files, made afresh by every build
        STATE.story_read()


def context_done(pelican: Any) -> None:
    """Pelican asks for the writer once every generator's context is worked out."""
    STATE.freeze()


def finished(pelican: Any) -> None:
    STATE.release()


def register() -> None:
    signals.initialized.connect(initialized)
    signals.article_generator_init.connect(articles_generator_started)
    signals.content_object_init.connect(content_read)
    signals.get_writer.connect(context_done)
    signals.finalized.connect(finished)
