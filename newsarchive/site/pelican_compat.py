"""The one door to Pelican's internals: every private name the plugins use, and every replaced method.

Pelican offers signals, `get_generators`, `get_writer` and templates; what the archive needs beyond
them is here, each with the reason it is needed, and tests/test_pelican_compat.py holds one contract
test per patch. The plugins call `check_version` when they register, so an untested Pelican fails
at start-up with a clear message rather than with a wrong site.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from types import MethodType
from typing import Any

import pelican
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator
from pelican.log import FilteredMessage, LimitLogger
from pelican.writers import Writer

log = logging.getLogger(__name__)

TESTED_RANGE = (">=4.12", "<4.13")  # the range pyproject.toml pins, and the contract tests ran on
TESTED_RELEASES = ((4, 12),)  # (major, minor) releases within it


class UntestedPelicanError(RuntimeError):
    """Pelican's version is outside the range the project's patches were tested on."""


def release_of(version: str) -> tuple[int, int] | None:
    """(major, minor) of a version string such as "4.12.0" or "4.12.1.dev3"; None when unreadable."""
    parts = version.split(".")
    try:
        return int(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        return None


def check_version(version: str | None = None) -> None:
    """Raise UntestedPelicanError unless Pelican (or `version`) is a release the patches were tested on."""
    if version is None:
        version = str(getattr(pelican, "__version__", ""))
    if release_of(version) not in TESTED_RELEASES:
        raise UntestedPelicanError(
            f"newsarchive's site plugins were tested with Pelican {','.join(TESTED_RANGE)}, "
            f"and Pelican {version or '(unknown version)'} is installed: install a tested release "
            f"(pip install 'pelican{','.join(TESTED_RANGE)}')")


# --- replaced methods of one generator ------------------------------------------------------------

# Each method the plugins replace on one ArticlesGenerator instance (never on the class), and why.
REPLACED: dict[str, str] = {
    # Pelican's loop renders every story page; the replacement first asks the incremental writer
    # whether the page's inputs changed (one check per story, not per template variable).
    "generate_articles": "skip a story page whose inputs are unchanged",
    # Pelican scans the whole archive for each period ([a for a in dates if a in articles]):
    # quadratic; the replacement sorts each period's own stories.
    "_build_period_archives": "period archives in linear time",  # PERIOD_ARCHIVES
    # Same scan per tag, category and author; the replacements sort each group's stories and let
    # the incremental writer keep a group whose stories are unchanged.
    "generate_tags": "topic pages in linear time, kept whole when unchanged",
    "generate_categories": "section pages in linear time, kept whole when unchanged",
    "generate_authors": "author pages in linear time, kept whole when unchanged",
}


PERIOD_ARCHIVES = "_build_period_archives"  # the private one among REPLACED


def replace_method(generator: Any, name: str, function: Callable[..., Any]) -> None:
    """Give one generator `function` as its method `name` (one of REPLACED)."""
    if name not in REPLACED:
        raise KeyError(f"{name} is not a method newsarchive is allowed to replace (see REPLACED)")
    setattr(generator, name, MethodType(function, generator))


# --- the writer ---------------------------------------------------------------------------------


class CompatWriter(Writer):
    """Pelican's writer with public hooks over the privates the incremental writer needs."""

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        # Pelican opens every page and feed here: the one place to write them atomically.
        return self.open_output(filename, encoding, override)

    def open_output(self, filename: str, encoding: str, override: bool = False) -> Any:
        """Open an output file for writing; subclasses write it their own way."""
        return self.pelican_open(filename, encoding, override)

    def pelican_open(self, filename: str, encoding: str, override: bool = False) -> Any:
        """Pelican's own opening of an output file, with its overwrite warnings and errors."""
        return Writer._open_w(self, filename, encoding, override)

    def is_claimed(self, filename: str) -> bool:
        """Whether this build wrote, or claimed, the output file already (Pelican's bookkeeping)."""
        return filename in self._overridden_files or filename in self._written_files

    def claim_outputs(self, paths: Iterable[str], override: bool = False) -> None:
        """Record files kept as they are as written by this build, so Pelican warns as it would
        if another page later tried to write over them."""
        paths = list(paths)
        self._written_files.update(paths)
        if override:
            self._overridden_files.update(paths)

    def claimed_outputs(self) -> tuple[set[str], set[str]]:
        """The files this writer wrote or claimed, and those of them written with override: what a
        writer in another process merges (claim_outputs) to warn as this one would."""
        return set(self._written_files), set(self._overridden_files)

    def _add_item_to_the_feed(self, feed: Any, item: Any) -> None:
        # Pelican builds a feed entry (the story's HTML with absolute links) here, once per feed.
        self.add_feed_item(feed, item)

    def add_feed_item(self, feed: Any, item: Any) -> None:
        """Add one story to a feed; subclasses may reuse an entry made for another feed."""
        self.pelican_add_feed_item(feed, item)

    def pelican_add_feed_item(self, feed: Any, item: Any) -> None:
        """Pelican's own entry for a story."""
        Writer._add_item_to_the_feed(self, feed, item)


def make_writer(pelican_run: Any) -> Writer:
    """A writer made as Pelican makes the build's (its `get_writer` signal, else its own Writer),
    for a worker process that writes some of the build's pages."""
    return pelican_run._get_writer()


# --- stories (Pelican's Content) -----------------------------------------------------------------

# Attributes Pelican keeps on a story under private names: its HTML, its summary, and the build's
# shared context (not the story's own data: signatures skip it).
CONTENT_HTML = "_content"
CONTENT_SUMMARY = "_summary"
CONTENT_CONTEXT = "_context"


def unlinked_html(content: Any) -> str | None:
    """The HTML Pelican read for a story when its link replacement would return it unchanged (no
    intra-site link in it); None otherwise, or when `content` is not Pelican's: the text can then
    be used without the per-read link rewriting."""
    pattern = getattr(content, "_get_intrasite_link_regex", None)
    if pattern is None or not hasattr(content, CONTENT_HTML):
        return None
    raw = content._get_content() if hasattr(content, "_get_content") else getattr(content, CONTENT_HTML)
    raw = raw or ""
    if not isinstance(raw, str) or pattern().search(raw):
        return None
    return raw


def stored_summary(content: Any) -> Any:
    """The summary Pelican keeps aside for a story (from its metadata), or None."""
    return vars(content).get(CONTENT_SUMMARY)


def set_content_context(content: Any, context: dict[str, Any] | None) -> None:
    """Give a story the build's shared context, or take it away (None) before Pelican pickles the
    story in its cache: the context is a build's, not the file's."""
    setattr(content, CONTENT_CONTEXT, context)


# --- Pelican's content cache ---------------------------------------------------------------------


def drop_cached_files(generator: Any, present: set[str]) -> int:
    """Drop from a generator's content cache the files not in `present` (paths relative to the
    content folder), and return how many: Pelican keeps them for good and loads them every build.
    Pelican keys a file by its folder relative to the content folder, joined to its name: "./a.md"
    for a file at the top."""
    cache = getattr(generator, "_cache", None)
    if not isinstance(cache, dict):
        return 0
    gone = [name for name in cache if os.path.normpath(name) not in present]
    for name in gone:
        del cache[name]
    return len(gone)


def cached_files(generator: Any) -> int:
    """How many files a generator's content cache holds an entry for (present or not)."""
    cache = getattr(generator, "_cache", None)
    return len(cache) if isinstance(cache, dict) else 0


def leave_cache_file(generator: Any) -> None:
    """Leave a generator's content cache file as the last build saved it: the stories this build
    makes go neither into the cache nor into the file (FileDataCacher's `_cache_data_policy`, which
    its cache_data and save_cache read), so the next build makes them again from their files."""
    generator._cache_data_policy = False


def cache_key_root(generator: Any) -> str:
    """The prefix Pelican strips from a story's source path to key its content cache."""
    return os.path.join(os.path.abspath(generator.path), "")


# --- feedgenerator's XML writer (Pelican's feeds) ------------------------------------------------


def write_raw_xml(handler: SimplerXMLGenerator, text: str) -> None:
    """Write XML made earlier (a cached feed entry) as it is: the handler has no public call for it."""
    handler._finish_pending_start_element()
    handler._write(text)


def close_start_element(handler: SimplerXMLGenerator) -> None:
    """Write out a start tag the handler holds back (to close it as `<a/>` if nothing follows)."""
    handler._finish_pending_start_element()


# --- reading stories ahead of Pelican's loop (newsarchive.site.reading) --------------------------

# ArticlesGenerator.generate_context (Pelican 4.12) takes a story from its content cache when the
# file's entry is valid, else reads the file; the reading ahead fills that cache beforehand, from
# two processes, with stories read exactly as the loop reads them (read_story mirrors its calls).


def caches_stories(generator: Any) -> bool:
    """Whether Pelican keeps this generator's stories in its content cache (the generator layer)."""
    settings = generator.settings
    return bool(settings.get("CACHE_CONTENT")) and settings.get("CONTENT_CACHING_LAYER") == "generator"


def story_files(generator: Any) -> set[str]:
    """The story files Pelican's loop goes through."""
    settings = generator.settings
    return generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])


def unread_story_files(generator: Any, files: set[str] | None = None,
                       mtimes: dict[str, float] | None = None) -> list[str]:
    """The story files (of `files`, else all) Pelican's loop would read rather than take from its
    cache, sorted (Pelican walks them as a set). With `mtimes` (each file's modification time, by
    its path relative to the content folder) and Pelican's default stamps, the cache is checked
    without a stat of its own."""
    files = story_files(generator) if files is None else files
    cache = getattr(generator, "_cache", None)
    if mtimes is None or generator.settings.get("CHECK_MODIFIED_METHOD") != "mtime" or not isinstance(cache, dict):
        return sorted(f for f in files if generator.get_cached_data(f, None) is None)
    # FileStampDataCacher.get_cached_data: an entry is (stamp, story), its stamp os.path.getmtime's
    missing = (None, None)
    return sorted(f for f in files if (entry := cache.get(f, missing))[0] != mtimes.get(f) or entry[1] is None)


def read_story(generator: Any, path: str) -> Any:
    """The story Pelican's loop would make from `path` and cache, with the same signals; None when
    the loop would not cache it (an error, a skipped or an invalid story): the loop then reads it
    itself and reports it as it always does."""
    from pelican import signals
    from pelican.contents import Article
    from pelican.readers import SkipStub

    try:
        article = generator.readers.read_file(
            base_path=generator.path, path=path, content_class=Article, context=generator.context,
            preread_signal=signals.article_generator_preread, preread_sender=generator,
            context_signal=signals.article_generator_context, context_sender=generator)
    except Exception:  # noqa: BLE001 - the loop reads the file again and reports the error
        return None
    if isinstance(article, SkipStub) or not article.is_valid():
        return None
    return article


def cache_story(generator: Any, path: str, article: Any) -> None:
    """Put a story read ahead into the generator's content cache, where the loop takes it from."""
    generator.cache_data(path, article)


# --- Pelican's log filter ------------------------------------------------------------------------

# Pelican's loggers share one filter (LimitLogger.limit_filter) that prints a repeated warning
# once and a group of them up to a limit; its memory is its process's. Stories read in two
# processes hold their records past it, and the build passes them through it in file order.


@contextmanager
def log_filter_off() -> Iterator[None]:
    """Let every record past Pelican's log filter meanwhile (records held to be logged later)."""
    limit = LimitLogger.limit_filter
    limit.filter = lambda record: True  # type: ignore[method-assign]  # the instance's, over the class's
    try:
        yield
    finally:
        del limit.filter


def passes_log_filters(logger: logging.Logger, record: logging.LogRecord) -> bool:
    """Whether `logger`'s filters (Pelican's among them) let `record` through, as when it is logged."""
    try:
        return bool(logger.filter(record))
    except FilteredMessage:  # Pelican's loggers signal a filtered record so
        return False
