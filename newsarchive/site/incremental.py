"""Incremental builds: a page is rendered only when what it shows has changed.

Pelican (4.12) renders every page on every build; its content cache only saves re-reading the
Markdown. This plugin adds the other half, as a writer (Pelican's `get_writer` signal):

- Pages are written by calls to the writer's `write_file`: one call per story page, per entity,
  per tag, and so on, and one per page of a paginated list (the lists are paginated from their
  oldest end, newsarchive.site.pagination, so a new story changes their front pages only, not
  every page). Before running a call, the
  writer computes the call's *fingerprint*: the template and every template it extends, includes
  or imports (their source), the values of the variables those templates reference (found with
  Jinja's own `meta.find_undeclared_variables`), the page's stories and the settings. A value
  that is content (an article, a list of them) counts with everything Pelican and the plugins
  gave it: its metadata, its HTML, and the identity of the articles it points at (related
  articles, neighbours). Site-wide lists from the shared context (`categories`, `tags`,
  `articles`...) count by their names only on pages that show content of their own, and in full
  on the site-wide pages (tag and category indexes, the archives page). The project's own
  objects (entities, links) declare what pages show of them (`__fingerprint__`).
- When the fingerprint equals the one recorded by the last build into the same output folder and
  the call's files are all still there, the call is not run (its files are left as they are);
  otherwise all its pages are rendered and written as usual.
- A paginated list first gets one fingerprint for all its pages (write_list): its stories, as a
  list shows them, and the values and templates its pages are made from. When that is the one
  recorded and every page is still there, the list is kept whole without being cut into pages;
  otherwise each page is fingerprinted on its own, so a new story re-renders the front page only.
- Feeds are treated the same way, one per call, by their entries.
- A generator can group calls into a *unit* (keep_unit ... end_unit: a story's page, an
  entity's pages and feeds): it gives the unit a fingerprint of everything its calls are made
  from, worked out in one go from the same signatures. When that is the last build's and every
  page and feed the unit wrote is still there, the calls are not made at all; their pages are
  claimed as kept. Most of an archive's calls are stories' and entities', and most do not change
  with a new story. A unit made only from some stories (an entity, a topic, section or author)
  can be kept without working out its fingerprint when none of them changed and it has as many
  (changed_stories, keep_unit_as_before; call_stamp signs a group's other values).
- After the build, pages an earlier build wrote and this one did not are deleted, so the output
  equals what a build into an empty folder gives (the benchmark and a test check this byte for
  byte).

It also turns Pelican's content cache on (`CACHE_CONTENT`, `LOAD_CONTENT_CACHE`) at the generator
layer: Pelican keeps the stories it made, so an unchanged file is neither parsed nor made into a
story again. Pelican checks a file's modification time only, so the cache is dropped when the
settings or the code change; a story is saved without the build's shared context and gets the
current one back (note_read_attributes, attach_context). Both caches are kept under the content
folder (`.newsarchive/build/<output hash>/`, or `NEWSARCHIVE_CACHE_PATH`), one per output folder.
`NEWSARCHIVE_INCREMENTAL = False` turns all of it off. To see why a page is rendered again, set the
environment variable `NEWSARCHIVE_EXPLAIN` to the output path of its call's first page: the
fingerprint's parts are logged. Files a plugin writes itself (search shards, social cards) are
that plugin's to keep incremental.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Article, Content
from pelican.contents import Page as PelicanPage
from pelican.paginator import Page
from pelican.urlwrappers import URLWrapper
from pelican.utils import sanitised_join
from pelican.writers import Writer

from .. import jsonio
from ..fsutil import AtomicTextFile, file_names, remove_stale_temporaries
from . import pelican_compat as compat
from .pagination import ArchiveWriter, Book, paginates
from .settings import BoundedCache, setting
from .stories import STORY_LISTS

# A name (one per line) that is empty, absolute or has a ".." part: it would leave the output folder.
OUTSIDE = re.compile(r"^$|^/|(?:^|/)\.\.(?:/|$)", re.MULTILINE)
log = logging.getLogger(__name__)

STATE_VERSION = 4
SKIP_ATTRIBUTES = {"settings", compat.CONTENT_CONTEXT, "context", compat.CONTENT_SUMMARY, "newsarchive_read_attributes"}
SIMPLE = (str, int, float, bool, type(None))
PLAIN = frozenset(SIMPLE)  # exactly these types, not their subclasses
MAX_DEPTH = 6
DEEP, OWN, REF, NAMES = "deep", "own", "ref", "names"  # how content inside a value counts

_writers: list[IncrementalWriter] = []
last_build: dict[str, int] = {}  # the counts of the last finished build, for tests and the benchmark
last_own: dict[str, int] = {}  # stories whose read attributes the last build signed, or reused (OwnMemo)
_memo: OwnMemo | None = None  # this build's, from configure to finish
# The pages this build kept rather than wrote: per kept call, its pages' output names and the
# values it would have been written with (a story page's `article`). Pelican announces a page it
# writes (`content_written`), and the sitemap listens; for kept pages the sitemap reads this list
# (Sitemap.write), since a signal per page cost a twentieth of a one-story rebuild.
kept_pages: list[tuple[list[str], Mapping[str, Any]]] = []


def register() -> None:
    compat.check_version()
    signals.content_object_init.connect(note_read_attributes)
    signals.all_generators_finalized.connect(note_addresses)
    signals.article_generator_pretaxonomy.connect(address_cached_stories)
    signals.article_generator_finalized.connect(attach_context)
    signals.page_generator_finalized.connect(attach_context)
    signals.initialized.connect(configure)
    signals.generator_init.connect(cache_templates)
    signals.article_generator_init.connect(write_articles_as_units)
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(finish)


def enabled(settings: Mapping[str, Any]) -> bool:
    from .settings import plugin_enabled

    return bool(settings.get("NEWSARCHIVE_INCREMENTAL", True)) and plugin_enabled(settings, __name__)


def configure(pelican: Any) -> None:
    """Turn Pelican's content cache on and keep the caches next to the content, one per output folder."""
    global _memo
    _writers.clear()  # a writer of an earlier build in this process that failed never finished
    _memo = None
    kept_pages.clear()
    settings = pelican.settings
    if not enabled(settings):
        return
    settings["CACHE_PATH"] = str(cache_path(settings))
    settings["CACHE_CONTENT"] = True
    settings["LOAD_CONTENT_CACHE"] = True
    settings["CONTENT_CACHING_LAYER"] = "generator"  # the stories themselves (see note_read_attributes)
    settings["GZIP_CACHE"] = False  # compressing it cost more than reading the Markdown it saves
    begin_build(settings)
    simple = {k: v for k, v in settings.items() if k.isupper()}
    base = digest([code_digest(settings), Signer().value(simple, OWN)])
    drop_stale_content_cache(cache_path(settings), base)
    _memo = OwnMemo(cache_path(settings) / "own.json", base)
    _memo.settings = settings


def note_read_attributes(content: Any) -> None:
    """Mark the attributes a story has once Pelican has made it from its file: the part of its own
    data that the file, the settings and the code decide (see OwnMemo). Give it the address and
    output path the last build worked out for the same file, as attributes added later (as
    taxonomies.freeze_urls adds them)."""
    content.newsarchive_read_attributes = frozenset(vars(content))
    # Only in the build that loaded the memo (signal handlers outlive a build in one process).
    memo = _memo
    if (memo is not None and memo.settings is getattr(content, "settings", None)
            and isinstance(content, (Article, PelicanPage))):
        memo.made += 1
        known = memo.address(content)
        if known is not None:
            content.override_url, content.override_save_as = known
            if not isinstance(content, Article):  # articles are counted at pretaxonomy
                memo.addressed += 1
        # Pelican keeps the story itself in its cache (CONTENT_CACHING_LAYER "generator"), saved
        # before its generator is finalized: without the shared context, which is a build's, not
        # the file's. The story gets this build's context back then (attach_context).
        compat.set_content_context(content, None)


def file_memo(settings: Mapping[str, Any]) -> OwnMemo | None:
    """This build's memo of what each story's file decides (see OwnMemo), for the plugins; None
    when incremental builds are off, or outside the build that loaded it."""
    memo = _memo
    return memo if memo is not None and memo.settings is settings else None


def cache_templates(generator: Any) -> None:
    """Keep the templates Jinja compiled with the other caches (keyed by each template's source),
    so a build does not compile every template again: a quarter of a second for the theme's."""
    env = getattr(generator, "env", None)
    if file_memo(generator.settings) is None or env is None or env.bytecode_cache is not None:
        return
    from jinja2 import FileSystemBytecodeCache

    folder = cache_path(generator.settings) / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))


def stories_of(generator: Any) -> Iterable[Any]:
    for name in STORY_LISTS:
        for content in getattr(generator, name, None) or ():
            if isinstance(content, (Article, PelicanPage)):
                yield content


def address_cached_stories(generator: Any) -> None:
    """Stories Pelican took from its cache were not made again (no content_object_init): give
    those whose file is unchanged the address the last build worked out, before Pelican saves
    them and before the plugins read their addresses. Drop from that cache the stories of files
    that are gone (Pelican keeps them for good, and loads them on every build)."""
    memo = file_memo(generator.settings)
    if memo is None:
        return
    root = compat.cache_key_root(generator)
    present = {path[len(root):] if path.startswith(root) else os.path.relpath(path, root)
               for path in (c.source_path for c in stories_of(generator))}
    compat.drop_cached_files(generator, present)
    for content in stories_of(generator):
        if "override_url" not in content.__dict__:
            known = memo.address(content)
            if known is not None:
                content.override_url, content.override_save_as = known
        if "override_url" in content.__dict__:  # from the memo, now or when Pelican made it
            memo.addressed += 1


def unit_writer(write: Any) -> tuple[IncrementalWriter | None, bool]:
    """The incremental writer behind a generator's `write` (Pelican's partial of the writer's
    write_file), or None, and the partial's relative_urls."""
    writer = getattr(getattr(write, "func", None), "__self__", None)
    relative = bool(getattr(write, "keywords", {}).get("relative_urls", False))
    return (writer if isinstance(writer, IncrementalWriter) else None), relative


def write_articles_as_units(generator: Any) -> None:
    """Give the generator Pelican's loop over its story pages (generate_articles, Pelican 4.12),
    with each page a unit (IncrementalWriter.keep_unit): its fingerprint is what the page's call
    would count (the template's base, the page's name and address, the story with the stories it
    points at, its category), worked out directly, and the call is made only when it changed."""
    if file_memo(generator.settings) is None:
        return

    def generate_articles(self: Any, write: Any) -> None:
        writer, relative = unit_writer(write)
        bases: dict[str, str] = {}
        unit = writer is not None
        for article in chain(self.translations, self.articles, self.hidden_translations, self.hidden_articles):
            signals.article_generator_write_article.send(self, content=article)
            template = self.get_template(article.template)
            category = getattr(article, "category", None)
            override = hasattr(article, "override_save_as")
            values = {"article": article, "category": category, "blog": True}  # the call's values, as Pelican's
            if unit:
                base = bases.get(template.name)
                if base is None:
                    base = bases[template.name] = writer.unit_base(template, self.context, tuple(sorted(values)))
                signer = writer.signer
                parts = [base, "article", str(article.save_as), str(article.url), str(relative),
                         signer.value(article, DEEP), signer.value(category, DEEP)]
                if writer.keep_unit(f"article:{article.save_as}", parts, override=override, announce=values):
                    continue
            try:
                write(article.save_as, template, self.context, override_output=override, url=article.url, **values)
            finally:
                if unit:
                    writer.end_unit()

    compat.replace_method(generator, "generate_articles", generate_articles)


def attach_context(generator: Any) -> None:
    """Give every story this build's shared context and settings, once Pelican has saved its cache
    (see note_read_attributes): a story from the cache has neither."""
    if file_memo(generator.settings) is None:
        return
    for content in stories_of(generator):
        compat.set_content_context(content, generator.context)
        content.settings = generator.settings


def note_addresses(generators: list[Any]) -> None:
    """Record every story's address and output path for the next build (see OwnMemo)."""
    if _memo is None:
        return
    for generator in generators:
        for content in stories_of(generator):
            _memo.put_address(content)


def drop_stale_content_cache(folder: Path, base: str) -> None:
    """Pelican keeps what it made of each file (the story: its HTML, its metadata) by the file's
    modification time alone: drop it when the settings or the code it was made under (`base`)
    have changed, so a new Markdown setting, say, reaches every story as in a build from scratch."""
    marker = folder / "content-cache.base"
    try:
        if marker.read_text(encoding="utf-8") == base:
            return
    except OSError:
        pass
    drop_pelican_caches(folder)
    marker.write_text(base, encoding="utf-8")


def drop_pelican_caches(folder: Path) -> None:
    for cache in folder.glob("*Generator*"):  # Pelican's caches: ArticlesGenerator, PagesGenerator
        if cache.is_file():
            cache.unlink()


def begin_build(settings: Mapping[str, Any]) -> None:
    """Mark a build into this output folder as running. When the mark of an earlier build is still
    there, that build was killed: delete the temporary files it was writing (`.<page>.<pid>.tmp`)
    and Pelican's content cache, which Pelican writes in place (a kill while it is saved leaves half
    a pickle, on which Pelican's next build fails). Only then, so a finished build does not pay for
    walking the whole output folder."""
    folder = cache_path(settings)
    marker = folder / "building"
    output = Path(settings["OUTPUT_PATH"])
    if marker.exists():
        drop_pelican_caches(folder)
        # its own temporaries, and those of the caches it was writing (related lists, search...)
        removed = remove_stale_temporaries(output) if output.is_dir() else 0
        removed += remove_stale_temporaries(folder)
        log.info("an interrupted build into %s: Pelican's content cache dropped, %d temporary files removed", output.name, removed)
    folder.mkdir(parents=True, exist_ok=True)
    marker.write_bytes(b"")


def cache_file(settings: Mapping[str, Any], name: str) -> Path | None:
    """A plugin's file among the incremental build's caches; None when incremental builds are off."""
    if not settings.get("NEWSARCHIVE_INCREMENTAL", True):
        return None
    return cache_path(settings) / name


def cache_path(settings: Mapping[str, Any]) -> Path:
    if settings.get("NEWSARCHIVE_CACHE_PATH"):
        return Path(settings["NEWSARCHIVE_CACHE_PATH"])
    output = os.path.realpath(settings["OUTPUT_PATH"])
    return Path(settings["PATH"]) / ".newsarchive" / "build" / hashlib.sha256(output.encode()).hexdigest()[:16]


def get_writer(pelican: Any) -> type[Writer] | None:
    return IncrementalWriter if enabled(pelican.settings) else None


def finish(pelican: Any) -> None:
    """Record the fingerprints and delete pages that no longer exist (only after a whole build)."""
    global _memo
    while _writers:
        _writers.pop().finish()
    _memo = None
    if enabled(pelican.settings):
        (cache_path(pelican.settings) / "building").unlink(missing_ok=True)


# --- fingerprints ---------------------------------------------------------------------------------


def digest(parts: Iterable[str]) -> str:
    """Each part followed by a NUL, hashed (in one update: the same bytes as one per part)."""
    items = parts if isinstance(parts, list) else list(parts)
    text = "\x00".join(items) + "\x00" if items else ""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def wrapper_sig(value: URLWrapper) -> str:
    return f"{type(value).__name__}:{value.name}:{value.slug}"


def contains_content(value: Any) -> bool:
    """Whether a template variable shows content of its own (an article, a list of them)."""
    if isinstance(value, (Content, Page)):
        return True
    if isinstance(value, (list, tuple)) and value:
        return any(isinstance(v, (Content, Page)) for v in value[:3])
    return False


def refers_to_content(value: Any, depth: int = 0) -> bool:
    """Whether a value is, or holds (in lists, tuples and dicts), another content object."""
    if isinstance(value, Content):
        return True
    if isinstance(value, SIMPLE) or hasattr(value, "__fingerprint__"):  # declares what pages show of it
        return False
    if depth < 2 and isinstance(value, (list, tuple)):
        return any(refers_to_content(v, depth + 1) for v in value)
    if depth < 2 and isinstance(value, dict):
        return any(refers_to_content(v, depth + 1) for v in value.values())
    return False


def declares_fingerprint(kind: type) -> bool:
    """Whether Signer.value signs every instance of `kind` by its declared `__fingerprint__`."""
    return hasattr(kind, "__fingerprint__") and not issubclass(kind, (*SIMPLE, Content, URLWrapper, datetime, date, type))


class Signer:
    """Stable text signatures of template values, cached for the length of one build."""

    def __init__(self, memo: OwnMemo | None = None) -> None:
        self.memo = memo
        self._declares: dict[type, bool] = {}  # see declares_fingerprint
        self._own: dict[int, tuple[Any, str]] = {}
        # id -> signature for the objects in _own, which keeps them alive (so an id there is
        # theirs): a list's items are looked up by map(), in C, not one by one.
        self._own_ids: dict[int, str] = {}
        self._feed_ids: dict[int, str] = {}  # the same for feed entries (see _feed)
        self._lists: dict[tuple[int, str], tuple[Any, tuple[int, int, int], str]] = {}
        self._feed: dict[int, tuple[Any, str]] = {}
        self._objects: dict[tuple[int, bool], tuple[Any, str]] = {}
        self._refs: dict[int, tuple[Any, str]] = {}
        self._ref_keys: dict[int, tuple[Any, list[str]]] = {}

    def own(self, content: Content) -> str:
        """A content object's own data: every attribute but those pointing at other content.

        A list of articles shows each one's own data; the articles it points at (related,
        neighbours) count only on its own page (see deep), so a new article re-renders the pages
        that list its neighbours only when they are its own lists.
        """
        cached = self._own.get(id(content))
        if cached is not None and cached[0] is content:
            return cached[1]
        attributes = vars(content)
        read = attributes.get("newsarchive_read_attributes")
        parts, refs = [type(content).__name__], []
        if read is not None:  # what the file decides: as the last build signed it, or signed now
            known = self.memo.get(content) if self.memo is not None else None
            if known is None:
                read_parts, read_refs = self._attribute_parts(attributes, sorted(k for k in attributes if k in read))
                known = (digest(read_parts), read_refs)
                if self.memo is not None:
                    self.memo.put(content, *known)
            parts.append(f"read={known[0]}")
            refs = list(known[1])
        # Attributes added after Pelican made the story (all of them without its constructor signal).
        keys = sorted(attributes) if read is None else sorted(k for k in attributes if k not in read)
        later_parts, later_refs = self._attribute_parts(attributes, keys)
        parts += later_parts
        refs = refs + later_refs
        sig = digest(parts)
        self._own[id(content)] = (content, sig)
        self._own_ids[id(content)] = sig
        self._ref_keys[id(content)] = (content, refs)
        return sig

    def _attribute_parts(self, attributes: Mapping[str, Any], keys: Iterable[str]) -> tuple[list[str], list[str]]:
        """The signatures of the attributes `keys` (in order), and the keys that point at content."""
        parts, refs = [], []
        declares = self._declares
        for key in keys:
            value = attributes[key]
            if key in SKIP_ATTRIBUTES:
                continue
            kind = type(value)
            if kind in PLAIN and key != compat.CONTENT_HTML:  # most attributes: what value() gives them
                parts.append(f"{key}={value!r}")
                continue
            declared = declares.get(kind)
            if declared is None:
                declared = declares[kind] = declares_fingerprint(kind)
            if declared:  # a story's entities, links...: what value() gives them, without its cache
                parts.append(f"{key}={kind.__name__}:{value.__fingerprint__(1)}")
                continue
            if refers_to_content(value):
                refs.append(key)
                continue
            if key == compat.CONTENT_HTML and isinstance(value, str):
                value = hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
            elif key == "metadata" and isinstance(value, dict):
                # Pelican sets each metadata value as an attribute too: those count once, as attributes.
                value = {k: v for k, v in value.items() if attributes.get(k) is not v}
            parts.append(f"{key}={self.value(value, REF, 1)}")
        return parts, refs

    def feed_entry(self, content: Content) -> str:
        """What a feed shows of an article: its metadata, HTML and address. Its own data (which
        every story's page has worked out already) covers all of that but the summary Pelican
        keeps aside, and the address, which the settings give."""
        cached = self._feed.get(id(content))
        if cached is not None and cached[0] is content:
            return cached[1]
        sig = digest([self.own(content), self.value(compat.stored_summary(content), REF, 1)])
        self._feed[id(content)] = (content, sig)
        self._feed_ids[id(content)] = sig
        return sig

    def feed_entries(self, items: list[Any]) -> list[str]:
        """feed_entry of each item: those worked out already looked up in C."""
        sigs = list(map(self._feed_ids.get, map(id, items)))
        if None in sigs:
            sigs = [self.feed_entry(v) if s is None else s for s, v in zip(sigs, items)]
        return sigs

    def deep(self, content: Content) -> str:
        """Own data plus the own data of every content object it points at (related, neighbours)."""
        parts = [self.own(content)]
        attributes = vars(content)
        for key in self._ref_keys[id(content)][1]:  # the attributes own() found pointing at content
            self._collect_refs(attributes.get(key), parts, 0)
        return digest(parts)

    def _collect_refs(self, value: Any, parts: list[str], depth: int) -> None:
        if depth > 3:
            return
        if isinstance(value, Content):
            parts.append(self.own(value))
        elif isinstance(value, (list, tuple)):
            for item in value:
                self._collect_refs(item, parts, depth + 1)
        elif isinstance(value, dict):
            for item in value.values():
                self._collect_refs(item, parts, depth + 1)

    def value(self, value: Any, mode: str = OWN, depth: int = 0) -> str:
        """The signature of any template value; `mode` says how content inside it counts."""
        if isinstance(value, SIMPLE):
            return repr(value)
        if isinstance(value, Content):
            if mode == NAMES:
                return ""
            if mode == REF:  # Pelican works a URL out from the settings on every read: once per build here
                cached = self._refs.get(id(value))
                if cached is None or cached[0] is not value:
                    cached = self._refs[id(value)] = (value, f"C:{getattr(value, 'source_path', '')}:{getattr(value, 'url', '')}")
                return cached[1]
            return self.deep(value) if mode == DEEP else self.own(value)
        if isinstance(value, URLWrapper):
            return wrapper_sig(value)
        if isinstance(value, (datetime, date)):
            return value.isoformat()
        if hasattr(value, "__fingerprint__") and not isinstance(value, type):
            return self.declared(value, min(depth, 2))
        if depth > MAX_DEPTH:
            return type(value).__name__
        if mode == NAMES:
            return self._names(value, depth)
        inner = OWN if mode == DEEP else mode
        if isinstance(value, Book):  # a list's pages: its figures, and its stories as a list shows them
            items = self._list(value.object_list, inner, depth + 1)
            return f"Book:{value.name}:{value.url}:{value.count}:{value.num_pages}:{value.per_page}:{items}"
        if isinstance(value, Page):
            items = "" if mode == NAMES else self.value(value.object_list, inner, depth + 1)
            return (f"Page:{value.number}:{getattr(value, 'front', '')}:{value.url}:{value.save_as}:"
                    f"{self.value(value.paginator, inner, depth + 1)}:{items}")
        if isinstance(value, (list, tuple)):
            return self._list(value, inner, depth)
        if isinstance(value, (set, frozenset)):
            return "{" + ",".join(sorted(self.value(v, inner, depth + 1) for v in value)) + "}"
        if isinstance(value, dict):
            items = (f"{k!r}:{self.value(v, inner, depth + 1)}" for k, v in value.items() if k not in SKIP_ATTRIBUTES)
            return "{" + ",".join(sorted(items)) + "}"
        if callable(value) and not hasattr(value, "__dict__"):
            return getattr(value, "__qualname__", type(value).__name__)
        if hasattr(value, "__dict__") and not isinstance(value, type):
            if depth > 0:  # an object inside another one counts by its names (see _names)
                return self._names(value, depth, members=depth == 1)
            attributes = {k: v for k, v in vars(value).items() if k not in SKIP_ATTRIBUTES}
            return type(value).__name__ + self.value(attributes, inner, depth + 1)
        return getattr(value, "__qualname__", None) or str(value)

    def declared(self, value: Any, level: int) -> str:
        """The signature an object declares (`__fingerprint__(level)`), once per build.

        Level 0: the object is what the page is about (an entity on its own page): all it shows
        there. Level 1: it is listed by the page (an index of entities: names, addresses, counts).
        Level 2: it is named inside something else (a story's entities: names and addresses).
        The project's own objects declare theirs, which is much cheaper than walking them.
        """
        key = (id(value), -1 - level)
        cached = self._objects.get(key)
        if cached is None or cached[0] is not value:
            cached = self._objects[key] = (value, f"{type(value).__name__}:{value.__fingerprint__(level)}")
        return cached[1]

    def _names(self, value: Any, depth: int, members: bool = False) -> str:
        """A site-wide value as a page with content of its own shows it: names, not what is under them.

        The top-level list and the tuples in it count item by item; an object by its simple
        attributes (name, url, heading); content and nested collections not at all. With
        `members` (an object a page lists, such as an entity in a top-entities list) its
        collections count too, content in them by address: the page may show their counts.
        """
        if isinstance(value, (list, tuple)) and depth <= 1:
            return "[" + digest(s for s in (self.value(v, NAMES, depth + 1) for v in value) if s) + "]"
        if isinstance(value, dict) and depth <= 1:
            return "{" + ",".join(sorted(f"{k!r}:{self.value(v, NAMES, depth + 1)}" for k, v in value.items())) + "}"
        if isinstance(value, (list, tuple, set, frozenset, dict, Page, Book)) or callable(value):
            return ""
        if hasattr(value, "__fingerprint__") and not isinstance(value, type):
            return self.declared(value, min(max(depth, 1), 2))
        if hasattr(value, "__dict__") and not isinstance(value, type):
            key = (id(value), members)
            cached = self._objects.get(key)
            if cached is not None and cached[0] is value:
                return cached[1]
            sig = self._object_names(value, depth, members)
            self._objects[key] = (value, sig)
            return sig
        return str(value)

    def _object_names(self, value: Any, depth: int, members: bool) -> str:
        """An object by its simple attributes, and with `members` its collections too."""
        simple = sorted((k, self.value(v, NAMES, depth + 1)) for k, v in vars(value).items()
                        if isinstance(v, (*SIMPLE, URLWrapper, datetime, date)) and k not in SKIP_ATTRIBUTES)
        if members:
            simple += sorted((k, self._list(v, REF, depth + 1)) for k, v in vars(value).items()
                             if isinstance(v, (list, tuple)) and k not in SKIP_ATTRIBUTES)
        return type(value).__name__ + repr(simple)

    def _list(self, value: list[Any] | tuple[Any, ...], mode: str, depth: int) -> str:
        key = (id(value), mode)
        shape = (len(value), id(value[0]) if value else 0, id(value[-1]) if value else 0)
        cached = self._lists.get(key)
        if cached is not None and cached[0] is value and cached[1] == shape:
            return cached[2]
        if mode == OWN:  # mostly stories whose own data is worked out already: looked up in C
            sigs = list(map(self._own_ids.get, map(id, value)))
            if None in sigs:
                sigs = [self.value(v, mode, depth + 1) if s is None else s for s, v in zip(sigs, value)]
        else:
            sigs = [self.value(v, mode, depth + 1) for v in value]
        if mode == NAMES:  # names: content leaves no trace
            sigs = [s for s in sigs if s]
        sig = "[" + digest(sigs) + "]"
        self._lists[key] = (value, shape, sig)  # a list changed in place would change its ends or length
        return sig


class OwnMemo:
    """What each story's file decides, kept between builds by source file: the signature of the
    story's read attributes, and its address and output path.

    The read attributes are every attribute a story has once Pelican has made it (its metadata,
    HTML, date: see note_read_attributes). Their signature is reused when the file (modification
    time and size), the settings and the code are the ones it was signed with, which saves signing
    every story's metadata and HTML again on every build. The attributes plugins add later
    (entities, links, related stories) are signed afresh each build.

    The address and output path are Pelican's (from the settings' URL patterns and the story's
    date, slug and category, worked out after the project's plugins set the slugs). On the same
    terms they are given to the story as soon as Pelican has made it, as taxonomies.freeze_urls gives
    them after the plugins have run, which saves working them out twice per story per build.

    The rule for plugins: an attribute a story has when Pelican has made it may be changed later
    only as a function of that story's own file and the settings (the project's plugins set tag,
    author and category slugs, for one). Whatever depends on other stories goes into attributes
    added later.

    Plugins keep here, on the same terms, values they work out from a story's file alone
    (`known`, `remember`: the search index's key of a story, say), through `file_memo`.
    """

    VERSION = 4

    def __init__(self, path: Path, base: str) -> None:
        self.path, self.base = path, base
        self.before: dict[str, list[Any]] = {}
        self.now: dict[str, list[Any]] = {}
        self.urls_before: dict[str, list[Any]] = {}
        self.urls: dict[str, list[Any]] = {}
        self.stamps: dict[str, list[int] | None] = {}
        self.derived_before: dict[str, list[Any]] = {}  # path -> [mtime, size, {name: value}]
        self.derived: dict[str, list[Any]] = {}
        # path -> the story's whole signature (own data and feed entry), as a build last saw it
        # (see IncrementalWriter.changed_stories): whatever the file's stamp.
        self.marks_before: dict[str, str] = {}
        self.marks: dict[str, str] = {}
        self.reused = self.signed = 0
        self.addressed = 0  # stories given a kept address, not working it out again
        self.made = 0  # stories Pelican made from their file (the others came from its cache)
        self.settings: Mapping[str, Any] | None = None  # the settings of the build that loaded it
        try:
            data = jsonio.loads(path.read_bytes())
        except (OSError, ValueError):
            data = {}
        if isinstance(data, dict) and data.get("version") == self.VERSION and data.get("base") == base:
            stories, urls, derived = data.get("stories"), data.get("urls"), data.get("derived")
            self.before = stories if isinstance(stories, dict) else {}
            self.urls_before = urls if isinstance(urls, dict) else {}
            self.derived_before = derived if isinstance(derived, dict) else {}
            marks = data.get("marks")
            self.marks_before = marks if isinstance(marks, dict) else {}

    def _stamp(self, content: Any) -> tuple[str, list[int]] | None:
        """The story's source file and its (modification time, size), read once per build."""
        path = getattr(content, "source_path", None)
        if not isinstance(path, str) or not path:
            return None
        if path not in self.stamps:
            try:
                stat = os.stat(path)
                self.stamps[path] = [stat.st_mtime_ns, stat.st_size]
            except OSError:
                self.stamps[path] = None
        stamp = self.stamps[path]
        return None if stamp is None else (path, stamp)

    def get(self, content: Any) -> tuple[str, list[str]] | None:
        """(signature, keys pointing at content) of the story's read attributes, if still good."""
        found = self._stamp(content)
        if found is None:
            return None
        path, stamp = found
        entry = self.before.get(path)
        if not (isinstance(entry, list) and len(entry) == 4 and entry[:2] == stamp):
            return None
        self.now[path] = entry
        self.reused += 1
        return entry[2], list(entry[3])

    def put(self, content: Any, sig: str, refs: list[str]) -> None:
        found = self._stamp(content)
        if found is not None:
            self.now[found[0]] = [*found[1], sig, list(refs)]
            self.signed += 1

    def address(self, content: Any) -> tuple[str, str] | None:
        """(url, save_as) the last build gave the story, if its file is the same."""
        found = self._stamp(content)
        if found is None:
            return None
        entry = self.urls_before.get(found[0])
        if not (isinstance(entry, list) and len(entry) == 4 and entry[:2] == found[1]
                and all(isinstance(v, str) for v in entry[2:])):
            return None
        return entry[2], entry[3]

    def put_address(self, content: Any) -> None:
        found = self._stamp(content)
        if found is not None:
            self.urls[found[0]] = [*found[1], str(content.url), str(content.save_as)]

    def known(self, content: Any, name: str) -> Any:
        """The value a plugin remembered under `name` for the story's file, if the file is the same
        (None otherwise); it is kept for the next build too."""
        found = self._stamp(content)
        if found is None:
            return None
        entry = self.derived_before.get(found[0])
        if not (isinstance(entry, list) and len(entry) == 3 and entry[:2] == found[1] and isinstance(entry[2], dict)):
            return None
        value = entry[2].get(name)
        if value is not None:
            self.remember(content, name, value)
        return value

    def remember(self, content: Any, name: str, value: Any) -> None:
        """Keep a value worked out from the story's file alone (and the settings), as JSON."""
        found = self._stamp(content)
        if found is None:
            return
        entry = self.derived.get(found[0])
        if entry is None:
            entry = self.derived[found[0]] = [*found[1], {}]
        entry[2][name] = value

    def save(self) -> None:
        with AtomicTextFile(self.path) as handle:
            handle.write(f'{{"version": {self.VERSION}, "base": {json.dumps(self.base)}')
            for key, mapping in (("stories", self.now), ("urls", self.urls), ("derived", self.derived),
                                 ("marks", self.marks)):
                handle.write(f', "{key}": ')
                write_sorted_object(handle, mapping)
            handle.write("}")


def write_sorted_object(handle: Any, mapping: Mapping[str, Any], chunk: int = 4096) -> None:
    """A mapping as one JSON object, keys sorted, written a few thousand entries at a time: a C
    encoder does each chunk (newsarchive.jsonio; an entry at a time went through Python, a tenth
    of a second per 100,000 entries), and no string of the whole state is ever held (half a
    million pages at 100,000 stories)."""
    names = sorted(mapping)
    handle.write("{")
    for start in range(0, len(names), chunk):
        part = jsonio.dumps({name: mapping[name] for name in names[start : start + chunk]}).decode("utf-8")
        handle.write(("," if start else "") + part[1:-1])
    handle.write("}")


class TemplateInputs:
    """For each template: the variables it and the templates it uses reference, and their source."""

    def __init__(self) -> None:
        self._by_template: dict[str, tuple[frozenset[str] | None, str]] = {}
        self._files: dict[str, tuple[str, frozenset[str], tuple[str | None, ...]]] = {}

    def of(self, template: Any) -> tuple[frozenset[str] | None, str]:
        """(referenced names, or None when they cannot be known; digest of all the sources)."""
        name = template.name
        if name not in self._by_template:
            self._by_template[name] = self._analyse(template.environment, name)
        return self._by_template[name]

    def _analyse(self, env: Any, name: str) -> tuple[frozenset[str] | None, str]:
        names: set[str] = set()
        sources: list[str] = []
        todo, seen, known = [name], set(), True
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            source, variables, refs = self._file(env, current)
            sources.append(f"{current}\n{source}")
            names |= variables
            for ref in refs:
                if ref is None:
                    known = False  # a template chosen at run time: depend on everything
                else:
                    todo.append(ref)
        return (frozenset(names) if known else None), digest(sorted(sources))

    def _file(self, env: Any, name: str) -> tuple[str, frozenset[str], tuple[str | None, ...]]:
        """One template file: its source, the variables it references, the templates it uses."""
        from jinja2 import meta

        if name not in self._files:
            source = env.loader.get_source(env, name)[0]
            tree = env.parse(source)
            self._files[name] = (source, frozenset(meta.find_undeclared_variables(tree)),
                                 tuple(meta.find_referenced_templates(tree)))
        return self._files[name]


def code_digest(settings: Mapping[str, Any]) -> str:
    """The project's plugins' source and Pelican's version: a change to them re-renders everything."""
    import pelican

    parts = [getattr(pelican, "__version__", "")]
    for module in sorted(settings.get("PLUGINS") or [], key=str):
        mod = sys.modules.get(module if isinstance(module, str) else getattr(module, "__name__", ""))
        path = getattr(mod, "__file__", None)
        if path and os.path.isfile(path):
            parts.append(Path(path).read_text(encoding="utf-8", errors="replace"))
    package = Path(__file__).resolve().parent
    parts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(package.glob("*.py"))]
    return digest(parts)


# --- the writer -----------------------------------------------------------------------------------


class IncrementalWriter(ArchiveWriter):
    """Pelican's writer, skipping pages whose fingerprint is the one the last build recorded."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.state_file = cache_path(self.settings) / "pages.json"
        self.root = os.path.abspath(self.output_path)  # as Pelican's sanitised_join gives it
        self._prefix = os.path.join(self.root, "")
        self.previous, self.previous_calls, self.previous_lists, self.previous_units = self._load_state()
        self.current: dict[str, str] = {}
        # One write_file call writes one page (a paginated list comes one call per page): per
        # call, its fingerprint and its pages' (name, fingerprint).
        self.calls: dict[str, tuple[str, list[tuple[str, str]]]] = {}
        # Per paginated list (by the name of its first page): the fingerprint of the whole list
        # and the names of the calls that wrote its pages.
        self.lists: dict[str, tuple[str, list[str]]] = {}
        # Per unit (see keep_unit): its fingerprint, the lists, calls and feeds it wrote, its stamp.
        self.units: dict[str, tuple[str, list[str], list[str], list[str], str]] = {}
        self._unit: tuple[str, str, list[str], list[str], list[str], str] | None = None  # the unit being run
        self._unit_whole = True  # whether every call of the unit being run can be kept with it
        self.units_kept = 0
        self._call_pages: list[str] | None = None
        self._list_calls: list[str] | None = None
        self._listings: dict[str, set[str]] = {}  # output folder -> its files, listed when first needed
        self._changed: tuple[list[int], set[int] | None, list[Any]] | None = None  # see changed_stories
        self.names_seen: set[str] = set()
        self.signer = Signer()
        self.inputs = TemplateInputs()
        self.base = code_digest(self.settings)
        self.rendered = self.skipped = 0
        self.lists_kept = 0  # paginated lists kept whole, without a look at their pages
        self.seconds = 0.0  # spent computing fingerprints
        self._globals: dict[tuple[str, bool], str] = {}
        self._shared: dict[tuple[str, bool, tuple[str, ...]], str] = {}
        self.signer.memo = _memo if _memo is not None else OwnMemo(
            cache_path(self.settings) / "own.json", digest([self.base, self.settings_digest({})]))
        # An article's feed entry (with its HTML), for the feeds it is in: the most recent ones only.
        self._feed_items: dict[tuple[int, type, str], tuple[Any, dict[str, Any]]] = BoundedCache(16_384)
        self._entries: dict[int, tuple[Any, tuple[int, int, int], str]] = BoundedCache(64)  # see feed_entries
        _writers.append(self)

    def _load_state(self) -> tuple[dict[str, str], dict[str, tuple[str, list[tuple[str, str]]]],
                                   dict[str, tuple[str, list[str]]], dict[str, tuple[str, list[str], list[str], list[str]]]]:
        try:
            data = jsonio.loads(self.state_file.read_bytes())
        except (OSError, ValueError):
            return {}, {}, {}, {}
        if data.get("version") != STATE_VERSION or data.get("output") != os.path.realpath(self.output_path):
            return {}, {}, {}, {}
        try:
            calls = {name: (call[0], [tuple(page) for page in call[1]]) for name, call in data.get("calls", {}).items()}
            lists = {name: (entry[0], list(entry[1])) for name, entry in data.get("lists", {}).items()}
            units = {name: (entry[0], list(entry[1]), list(entry[2]), list(entry[3]), str(entry[4]))
                     for name, entry in data.get("units", {}).items()}
        except (TypeError, IndexError, AttributeError, ValueError):
            return {}, {}, {}, {}
        return dict(data.get("pages", {})), calls, lists, units

    # --- units: a group of calls kept whole -------------------------------------------------------

    def keep_unit(self, key: str, parts: list[str], stamp: str = "", override: bool = False,
                  announce: Mapping[str, Any] | None = None) -> bool:
        """Keep a unit of calls (an entity's page and feeds, say) without making them: True when
        the unit's fingerprint (the digest of `parts`) is the last build's and every page and feed
        its calls wrote is still there; they are then claimed as kept. Otherwise the calls the
        caller makes next, up to end_unit(), are recorded as the unit's, and False is returned.

        `parts` must determine everything the unit's calls are made from, as their own
        fingerprints would count it: the caller builds them with unit_base() and the Signer.
        `stamp` is recorded for keep_unit_as_before. Kept pages are listed in `kept_pages` with
        the values in `announce` (a story page's `article`, for the sitemap); `override` is the
        calls' override_output.
        """
        fingerprint = digest(parts)
        previous = self.previous_units.get(key)
        if (previous is not None and previous[0] == fingerprint and previous[4] == stamp
                and key not in self.units and self._claim_unit(previous, override, announce)):
            self.units[key] = previous
            self.units_kept += 1
            return True
        self._unit, self._unit_whole = (key, fingerprint, [], [], [], stamp), True
        return False

    def keep_unit_as_before(self, key: str, stamp: str) -> bool:
        """Keep a unit without working its fingerprint out, for a caller that knows nothing it is
        made from changed since the last build (see changed_stories) but what `stamp` says: its
        base (unit_base) and the figures the caller checks (an entity's number of stories). True
        when the last build recorded the unit with the same stamp and its files are all there."""
        previous = self.previous_units.get(key)
        if previous is None or previous[4] != stamp or key in self.units or not self._claim_unit(previous):
            return False
        self.units[key] = previous
        self.units_kept += 1
        return True

    def end_unit(self) -> None:
        unit, self._unit = self._unit, None
        if unit is not None and self._unit_whole and unit[0] not in self.units:
            self.units[unit[0]] = (unit[1], unit[2], unit[3], unit[4], unit[5])

    def changed_stories(self, stories: Iterable[Any]) -> set[int] | None:
        """The stories (by id) not signed as the last build signed them: new ones, and those whose
        own data or feed entry changed (their file, or what the plugins gave them: their entities,
        links...). None when the last build recorded no signatures (a first build, other settings
        or code). Each story's signature is recorded for the next build.

        A unit made only from some stories' own data and feed entries (and the settings, code and
        templates, which its stamp's base covers) is unchanged when none of its stories changed
        and it has as many as before: a story that joined it changed (its entities, say), and one
        that left changed too, or is gone, so the count alone shows it when nothing joined."""
        memo = self.signer.memo
        if memo is None:
            return None
        stories = list(stories)
        ids = list(map(id, stories))
        if self._changed is not None and self._changed[0] == ids:  # asked again for the same stories
            return self._changed[1]
        before, marks, sign = memo.marks_before, memo.marks, self.signer.feed_entry
        changed: set[int] = set()
        for story in stories:
            path = getattr(story, "source_path", None)
            sig = sign(story)
            if isinstance(path, str):
                marks[path] = sig
            if not isinstance(path, str) or before.get(path) != sig:
                changed.add(id(story))
        result = changed if before else None
        self._changed = (ids, result, stories)  # the stories kept alive, so their ids stay theirs
        return result

    def unit_base(self, template: Any, context: Mapping[str, Any], own: tuple[str, ...]) -> str:
        """What every call of a unit shares: the code, the settings, the template's sources and
        the site-wide values it references but `own` (as a page showing content counts them)."""
        names, sources = self.inputs.of(template)
        return digest([self.base, self.settings_digest(context), sources,
                       self._shared_digest(template, context, names, True, own)])

    def call_parts(self, template: Any, context: Mapping[str, Any], values: Mapping[str, Any],
                   lists: Iterable[str] = ()) -> list[str]:
        """A unit's parts for a call with these values (`lists`: the ones it paginates), counted as
        list_fingerprint counts them: the paginated lists whole, by their stories' own data; of the
        other values, those the templates reference and the shared context does not hold already."""
        paginated, parts = self._call_values(template, context, values, lists)
        return [parts[0], *(f"list:{key}={self.signer.value(values[key], OWN)}" for key in paginated), *parts[1:]]

    def call_stamp(self, template: Any, context: Mapping[str, Any], values: Mapping[str, Any],
                   lists: Iterable[str] = ()) -> str:
        """call_parts but for the paginated lists: the stamp (see keep_unit_as_before) of a unit made
        from these values, for a caller that checks its lists did not change (their stories and
        their number) by itself."""
        return digest(self._call_values(template, context, values, lists)[1])

    def _call_values(self, template: Any, context: Mapping[str, Any], values: Mapping[str, Any],
                     lists: Iterable[str]) -> tuple[list[str], list[str]]:
        """The paginated lists' names, and the unit's base with the other values' signatures."""
        names, _ = self.inputs.of(template)
        paginated = sorted(key for key in lists if key in values)
        own = tuple(sorted(k for k in values if (names is None or k in names) and k not in paginated
                           and (k not in context or values[k] is not context[k])))
        parts = [self.unit_base(template, context, own)]
        parts += [f"{key}={self.signer.value(values[key], DEEP)}" for key in own]
        return paginated, parts

    def _claim_unit(self, unit: tuple[str, list[str], list[str], list[str], str], override: bool = False,
                    announce: Mapping[str, Any] | None = None) -> bool:
        """Claim every page and feed of a kept unit, or nothing when any is missing: the checks
        and the bookkeeping over all its pages at once (a unit is mostly one or two pages, and
        some 24,000 units are kept in a one-story rebuild of 10,000 stories)."""
        lists, calls, feeds = unit[1], unit[2], unit[3]
        names = calls
        if lists:
            names = []
            for name in lists:
                entry = self.previous_lists.get(name)
                if entry is None or name in self.lists:
                    return False
                names += entry[1]
            names += calls
        entries = list(map(self.previous_calls.get, names))
        if None in entries:
            return False
        pairs = [pair for entry in entries for pair in entry[1]]  # type: ignore[index]
        pages = [page for page, _ in pairs]
        every = pages + feeds if feeds else pages
        if (len(set(every)) != len(every) or not self.names_seen.isdisjoint(every) or not self._all_inside(every)
                or not self._all_present(every)):
            return False
        previous = self.previous
        if feeds:
            kept_feeds = list(map(previous.get, feeds))
            if None in kept_feeds:
                return False
        for name in lists:
            self.lists[name] = self.previous_lists[name]
        self.lists_kept += len(lists)
        self.calls.update(zip(names, entries))  # type: ignore[arg-type]
        self._claim_pages(pairs, override, announce or {})
        if feeds:
            self.names_seen.update(feeds)
            self.current.update(zip(feeds, kept_feeds))
            root, normpath, join = self.root, os.path.normpath, os.path.join
            paths = [normpath(join(root, path)) for path in feeds]  # as Pelican's write_feed names them
            self.claim_outputs(paths, override)
        self.skipped += len(every)
        return True

    def write_file(self, name: Any, template: Any, context: dict[str, Any], relative_urls: bool = False,
                   paginated: dict[str, Any] | None = None, template_name: str | None = None,
                   override_output: bool = False, url: str | None = None, **kwargs: Any) -> Any:
        """Pelican's write_file, skipped whole when the call is the one the last build made.

        A call whose fingerprint is unchanged and whose page is still there is not run: the page
        keeps its file and fingerprint and is listed in `kept_pages` with the call's values. A
        paginated list is handed to ArchiveWriter, which comes back here once per page.
        """
        if not name:
            return None
        lists = paginates(self.settings, paginated, template_name, kwargs)
        if lists and self._list_calls is None:  # one call per page, back here
            return self.write_list(name, template, context, relative_urls, paginated, template_name,
                                   override_output, url, lists, kwargs)
        if self._list_calls is not None:
            self._list_calls.append(name)
        elif self._unit is not None:
            self._unit[3].append(name)
        call = self.call_fingerprint(name, template, context, relative_urls, template_name, url, kwargs)
        previous = self.previous_calls.get(name)
        if previous is not None and previous[0] == call and self._keep(previous[1], override_output, kwargs):
            self.calls[name] = previous
            return None
        self._call_pages = pages = []
        try:
            return super().write_file(name, template, context, relative_urls, {}, template_name,
                                      override_output, url, **kwargs)
        finally:
            self._call_pages = None
            for page in pages:
                self.current[page] = call
            self.calls[name] = (call, [(page, call) for page in pages])
            self.rendered += len(pages)

    def write_list(self, name: str, template: Any, context: dict[str, Any], relative_urls: bool,
                   paginated: dict[str, Any] | None, template_name: str | None, override_output: bool,
                   url: str | None, lists: dict[str, Any], kwargs: dict[str, Any]) -> Any:
        """A paginated list: skipped whole when the list and everything its pages are made from are
        the ones the last build had (most lists, most builds), else page by page."""
        fingerprint = self.list_fingerprint(name, template, context, relative_urls, template_name, url, lists, kwargs)
        if self._unit is not None:
            self._unit[2].append(name)
            self._unit_whole = self._unit_whole and fingerprint is not None
        previous = self.previous_lists.get(name)
        if (fingerprint is not None and previous is not None and previous[0] == fingerprint
                and self._keep_list(previous[1], override_output, kwargs)):
            self.lists[name] = previous
            self.lists_kept += 1
            return None
        self._list_calls = calls = []
        try:
            return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                      override_output, url, **kwargs)
        finally:
            self._list_calls = None
            if fingerprint is not None:
                self.lists[name] = (fingerprint, calls)

    def list_fingerprint(self, name: str, template: Any, context: Mapping[str, Any], relative_urls: bool,
                         template_name: str | None, url: str | None, lists: Mapping[str, Any],
                         kwargs: Mapping[str, Any]) -> str | None:
        """What every page of a paginated list is made from: the fingerprint of each page's call
        (see call_fingerprint) is a function of these, so when they are unchanged no page is.
        Its pages are cut from the lists (each story by its own data, as a page shows it) and
        the settings; the other values a page has are the call's own ones, or views of them.
        None for an empty list (its one page shows no content, and counts site-wide values in full)."""
        if not all(lists.values()):
            return None
        start = time.perf_counter()
        names, sources = self.inputs.of(template)
        own = tuple(sorted(k for k in kwargs if (names is None or k in names) and k not in lists
                           and (k not in context or kwargs[k] is not context[k])))
        shared = self._shared_digest(template, context, names, True, own)
        parts = [self.base, self.settings_digest(context), sources, shared, "list", name, str(url),
                 str(relative_urls), str(template_name)]
        parts += [f"list:{key}={self.signer.value(lists[key], OWN)}" for key in sorted(lists)]
        parts += [f"{key}={self.signer.value(kwargs[key], DEEP)}" for key in own]
        self.seconds += time.perf_counter() - start
        return digest(parts)

    def _keep_list(self, calls: list[str], override: bool, kwargs: Mapping[str, Any]) -> bool:
        """Keep the pages of an unchanged list's calls as they are, if they are all still there."""
        previous = [self.previous_calls.get(call) for call in calls]
        if not calls or any(p is None for p in previous):
            return False
        if not self._keep([page for p in previous for page in p[1]], override, kwargs):
            return False
        for call, entry in zip(calls, previous):
            self.calls[call] = entry
        return True

    def _shared_digest(self, template: Any, context: Mapping[str, Any], names: frozenset[str] | None,
                       shows_content: bool, own: tuple[str, ...]) -> str:
        """The site-wide values (from the context) a template references, but for `own`."""
        shared_key = ("call:" + template.name, shows_content, own)
        shared = self._shared.get(shared_key)
        if shared is None:
            keys = sorted(context if names is None else (names & context.keys()))
            shared = self._shared[shared_key] = digest(
                f"{key}={self.global_sig(key, context[key], names_only=shows_content)}" for key in keys if key not in own)
        return shared

    def call_fingerprint(self, name: str, template: Any, context: Mapping[str, Any], relative_urls: bool,
                         template_name: str | None, url: str | None, kwargs: Mapping[str, Any]) -> str:
        """Everything the page of one write_file call can show (a list's pages come one per call,
        see newsarchive.site.pagination): the template's sources, the values it references and the
        settings."""
        start = time.perf_counter()
        names, sources = self.inputs.of(template)
        # Values of its own (given to this call), and shared ones (from the context).
        own = tuple(sorted(k for k in kwargs if (names is None or k in names)
                           and (k not in context or kwargs[k] is not context[k])))
        shows_content = any(contains_content(kwargs[k]) for k in own)
        shared = self._shared_digest(template, context, names, shows_content, own)
        parts = [self.base, self.settings_digest(context), sources, shared, name, str(url), str(relative_urls),
                 str(template_name)]
        parts += [f"{key}={self.signer.value(kwargs[key], DEEP)}" for key in own]
        self.seconds += time.perf_counter() - start
        if os.environ.get("NEWSARCHIVE_EXPLAIN") == name:
            log.warning("fingerprint of %s: %s", name, parts)
        return digest(parts)

    def _keep(self, pages: list[tuple[str, str]], override: bool, kwargs: Mapping[str, Any]) -> bool:
        """Keep an unchanged call's pages as they are, if they are all still there."""
        # The names are the ones this writer recorded (relative paths Pelican had sanitised), so a
        # plain join; one that would leave the output folder is rendered again instead.
        names = [page for page, _ in pages]
        if not self.names_seen.isdisjoint(names) or not self._all_inside(names) or not self._all_present(names):
            return False
        self._claim_pages(pages, override, kwargs)
        self.skipped += len(pages)
        return True

    def _claim_pages(self, pages: list[tuple[str, str]], override: bool, values: Mapping[str, Any]) -> None:
        """Pelican's bookkeeping for kept pages (name, fingerprint), listed in `kept_pages` with
        the call's `values`."""
        prefix = self._prefix
        names = [page for page, _ in pages]
        paths = [prefix + page for page in names]  # os.path.join, for names _all_inside accepts
        self.names_seen.update(names)
        self.current.update(pages)
        self.claim_outputs(paths, override)
        kept_pages.append((names, values))

    @staticmethod
    def _inside(name: str) -> bool:
        """Whether a recorded name stays inside the output folder when joined to it."""
        return bool(name) and not os.path.isabs(name) and ".." not in name.split(os.sep)

    @staticmethod
    def _all_inside(names: list[str]) -> bool:
        """_inside for every name; on POSIX by one search of them all (a name holding a line break
        may be refused when it need not be: its pages are then rendered again)."""
        if os.sep != "/" or os.altsep:
            return all(map(IncrementalWriter._inside, names))
        return OUTSIDE.search("\n".join(names)) is None if names else True

    def _all_present(self, names: list[str]) -> bool:
        """Whether the output folder has the files: each folder is listed once (a stat per kept
        page cost more), before this build writes to it (a page it writes is never kept)."""
        listings, root, sep = self._listings, self.root, os.sep
        for page in names:
            folder, _, name = page.rpartition(sep)
            listing = listings.get(folder)
            if listing is None:
                listing = listings[folder] = file_names(os.path.join(root, folder))
            if name not in listing:
                return False
        return True

    def write_feed(self, elements: Any, context: dict[str, Any], path: str | None = None, url: str | None = None,
                   feed_type: str = "atom", override_output: bool = False, feed_title: str | None = None) -> Any:
        if self._unit is not None:
            if path:
                self._unit[4].append(path)
            self._unit_whole = self._unit_whole and bool(path)
        if not path:
            return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)
        start = time.perf_counter()
        fingerprint = digest([self.base, self.settings_digest(context), "feed", path, str(url), feed_type,
                              str(feed_title), self.feed_entries(elements)])
        self.seconds += time.perf_counter() - start
        if self.unchanged(path, fingerprint):  # a name inside the output folder (see unchanged)
            self._claim(os.path.normpath(os.path.join(self.root, path)), override_output)
            return None
        return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)

    def feed_entries(self, elements: Any) -> str:
        """The digest of what a feed shows of its articles, worked out once for the formats (Atom,
        RSS) that show the same list."""
        items = elements[: self.settings["FEED_MAX_ITEMS"]]
        shape = (len(items), id(items[0]) if items else 0, id(items[-1]) if items else 0)
        cached = self._entries.get(id(elements))
        if cached is not None and cached[0] is elements and cached[1] == shape:
            return cached[2]
        sig = digest(self.signer.feed_entries(items))
        self._entries[id(elements)] = (elements, shape, sig)
        return sig

    def add_feed_item(self, feed: Any, item: Any) -> None:
        """Pelican's entry for an article (its HTML with absolute links), worked out once per format."""
        key = (id(item), type(feed), self.site_url)
        cached = self._feed_items.get(key)
        if cached is None or cached[0] is not item:
            self.pelican_add_feed_item(feed, item)
            self._feed_items[key] = (item, dict(feed.items[-1]))
        else:
            feed.items.append(dict(cached[1]))  # a copy: the feeds plugin edits entries in place

    def settings_digest(self, context: Mapping[str, Any]) -> str:
        key = ("settings", True)
        if key not in self._globals:
            simple = {k: v for k, v in self.settings.items() if k.isupper()}
            self._globals[key] = digest([self.signer.value(simple, OWN)])
        return self._globals[key]

    def global_sig(self, key: str, value: Any, names_only: bool) -> str:
        cache_key = (key, names_only)
        if cache_key not in self._globals:
            self._globals[cache_key] = self.signer.value(value, NAMES if names_only else OWN)
        return self._globals[cache_key]

    def unchanged(self, name: str, fingerprint: str) -> bool:
        """Record a feed's fingerprint; True when it need not be written again."""
        first = name not in self.names_seen
        self.names_seen.add(name)
        self.current[name] = fingerprint
        if first and self.previous.get(name) == fingerprint and self._inside(name) and self._all_present([name]):
            self.skipped += 1
            return True
        self.rendered += 1
        return False

    def _claim(self, path: str, override: bool) -> None:
        """Do Pelican's bookkeeping for a file that is kept as it is."""
        self.claim_outputs([path], override)

    def open_output(self, filename: str, encoding: str, override: bool = False) -> Any:
        if self._call_pages is not None:  # a page of the write_file call being run
            name = os.path.relpath(filename, self.output_path)
            self.names_seen.add(name)
            self._call_pages.append(name)
        if self.is_claimed(filename):
            return self.pelican_open(filename, encoding, override)  # Pelican's warnings and errors
        self._claim(filename, override)
        return PageFile(filename, encoding=encoding)

    def finish(self) -> None:
        """Delete what earlier builds wrote and this one did not; record this build's fingerprints."""
        removed = 0
        for name in sorted(self.previous.keys() - self.current.keys()):
            try:
                os.unlink(sanitised_join(self.output_path, name))
                removed += 1
            except (OSError, RuntimeError):
                pass
        # Written entry by entry, without a copy: at 100,000 stories the state is half a million
        # pages, and one string of it would be the build's peak of memory (json.dump would stream
        # it too, but through the slow pure-Python encoder).
        with AtomicTextFile(self.state_file) as handle:
            handle.write(f'{{"version": {STATE_VERSION}, "output": {json.dumps(os.path.realpath(self.output_path))}')
            # calls: (fingerprint, [(page, fingerprint)]); lists: (fingerprint, [call]);
            # units: (fingerprint, [list], [call], [feed], stamp)
            for key, mapping in (("pages", self.current), ("calls", self.calls), ("lists", self.lists),
                                 ("units", self.units)):
                handle.write(f', "{key}": ')
                write_sorted_object(handle, mapping)
            handle.write("}")
        if self.signer.memo is not None:
            self.signer.memo.save()
            last_own.clear()
            memo = self.signer.memo
            last_own.update(signed=memo.signed, reused=memo.reused, addressed=memo.addressed, made=memo.made)
        last_build.clear()
        last_build.update(rendered=self.rendered, unchanged=self.skipped, removed=removed, lists_kept=self.lists_kept,
                          units_kept=self.units_kept)
        log.info("incremental build: %d rendered, %d unchanged, %d removed; %.1f s on fingerprints",
                 self.rendered, self.skipped, removed, self.seconds)


class PageFile(AtomicTextFile):
    """A page or feed written whole or not at all (temporary file + os.replace), without the fsync
    per file: a killed build leaves the old page or the new one, never half of one."""

    text_pending = False  # text written through the handle and perhaps not yet in its buffer

    def __init__(self, path: str, encoding: str = "utf-8") -> None:  # noqa: super().__init__ not called
        # Pelican has made the folder. The temporary file is named after the page and this
        # process (one build writes a page once): a fixed name opens about twice as fast as
        # mkstemp's random one, which is a third of the cost of writing a page.
        self.path = path
        folder, base = os.path.split(path)
        self.tmp = os.path.join(folder, f".{base}.{os.getpid()}.tmp")
        fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        self.handle = os.fdopen(fd, "w", encoding=encoding)

    def write(self, text: str | bytes) -> int:
        if isinstance(text, bytes):  # feedgenerator's XML writer hands over encoded bytes
            if self.text_pending:  # flushed only after text, not before each of a feed's many small writes
                self.handle.flush()
                self.text_pending = False
            return self.handle.buffer.write(text)
        self.text_pending = True
        return self.handle.write(text)

    def close(self) -> None:
        if self.handle.closed:
            return
        try:
            self.handle.close()
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise
