"""The incremental build's plugin: Pelican's signals wired to the build store, the story memo and
the incremental writer, with the build's state in one object (newsarchive.site.state).

It turns Pelican's content cache on (`CACHE_CONTENT`, `LOAD_CONTENT_CACHE`) at the generator
layer: Pelican keeps the stories it made, so an unchanged file is neither parsed nor made into a
story again. Pelican checks a file's modification time only, so the cache is dropped when the
settings or the code change; a story is saved without the build's shared context and gets the
current one back (note_read_attributes, attach_context). The caches are kept under the content
folder (`.newsarchive/build/<output hash>/`, or `NEWSARCHIVE_CACHE_PATH`), one per output folder.
`NEWSARCHIVE_INCREMENTAL = False` turns all of it off. Files a plugin writes itself (search shards,
social cards) are that plugin's to keep incremental.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from itertools import chain
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Article
from pelican.contents import Page as PelicanPage
from pelican.writers import Writer

from .. import pelican_compat as compat
from .. import reading
from ..settings import plugin_enabled
from ..state import ensure_state, find_state
from ..stories import STORY_LISTS
from .signatures import DEEP, OWN, OwnMemo, Signer, code_digest, digest
from .store import BuildStore, cache_path
from .writer import IncrementalWriter

PLUGIN = "newsarchive.site.incremental"


def register() -> None:
    compat.check_version()
    signals.content_object_init.connect(note_read_attributes)
    signals.all_generators_finalized.connect(note_addresses)
    signals.article_generator_pretaxonomy.connect(address_cached_stories)
    signals.article_generator_finalized.connect(attach_context)
    signals.page_generator_finalized.connect(attach_context)
    signals.initialized.connect(configure)
    signals.article_generator_init.connect(write_articles_as_units)
    reading.register()  # reads the stories on both cores into the content cache turned on here
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(finish)


def enabled(settings: Mapping[str, Any]) -> bool:
    return bool(settings.get("NEWSARCHIVE_INCREMENTAL", True)) and plugin_enabled(settings, PLUGIN)


def configure(pelican: Any) -> None:
    """Give the build its state; turn Pelican's content cache on and keep the caches next to the
    content, one per output folder."""
    settings = pelican.settings
    state = ensure_state(settings)
    if not enabled(settings):
        return
    settings["CACHE_PATH"] = str(cache_path(settings))
    settings["CACHE_CONTENT"] = True
    settings["LOAD_CONTENT_CACHE"] = True
    settings["CONTENT_CACHING_LAYER"] = "generator"  # the stories themselves (see note_read_attributes)
    settings["GZIP_CACHE"] = False  # the cache is read on every build; the Markdown it saves is small
    store = BuildStore(cache_path(settings))
    state.interrupted = store.begin_build(Path(settings["OUTPUT_PATH"]))
    simple = {k: v for k, v in settings.items() if k.isupper()}
    base = digest([code_digest(settings), Signer().value(simple, OWN)])
    store.keep_content_cache(base)
    state.memo = OwnMemo(store, base)


def note_read_attributes(content: Any) -> None:
    """Mark the attributes a story has once Pelican has made it from its file: the part of its own
    data that the file, the settings and the code decide (see OwnMemo). Give it the address and
    output path the last build worked out for the same file, as attributes added later (as
    taxonomies.freeze_urls adds them)."""
    content.newsarchive_read_attributes = frozenset(vars(content))
    # Only in the build that loaded the memo: a story's settings are its build's.
    memo = file_memo(getattr(content, "settings", None))
    if memo is not None and isinstance(content, (Article, PelicanPage)):
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


def file_memo(settings: Mapping[str, Any] | None) -> OwnMemo | None:
    """This build's memo of what each story's file decides (see OwnMemo), for the plugins; None
    when incremental builds are off, or outside a build."""
    state = find_state(settings)
    return state.memo if state is not None else None


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
    """Record every story's address and output path for the next build (see OwnMemo). The pages
    are written next: what an earlier run of the same Pelican (autoreload) kept is forgotten."""
    state = find_state(generators[0].settings) if generators else None
    if state is not None:
        state.kept_pages.clear()
    memo = state.memo if state is not None else None
    if memo is None:
        return
    for generator in generators:
        for content in stories_of(generator):
            memo.put_address(content)


def get_writer(pelican: Any) -> type[Writer] | None:
    state = find_state(pelican.settings)
    if state is not None:
        state.resume_collector()  # the pages start to render
    return IncrementalWriter if enabled(pelican.settings) else None


def finish(pelican: Any) -> None:
    """Record the fingerprints and delete pages that no longer exist (only after a whole build)."""
    state = find_state(pelican.settings)
    if state is None:
        return
    while state.writers:
        state.writers.pop().finish()
    state.memo = None
    if enabled(pelican.settings):
        BuildStore(cache_path(pelican.settings)).end_build()
