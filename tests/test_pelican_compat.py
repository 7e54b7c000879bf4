"""Contracts with Pelican: one test per patch in newsarchive.site.pelican_compat, each failing when
Pelican changes what the patch relies on, and a check that no other module reaches Pelican's privates."""

from __future__ import annotations

import ast
import hashlib
import inspect
import io
import re
import xml.sax.saxutils
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import feedgenerator
import jinja2
import pelican
import pytest
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator
from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.paginator import Page
from pelican.settings import DEFAULT_CONFIG, configure_settings
from pelican.writers import FileOverwriteFailedError

from newsarchive.site import pelican_compat as compat
from newsarchive.site.pagination import ArchivePage

PACKAGE = Path(__file__).resolve().parent.parent / "newsarchive"

# The source of each method the plugins replace, as the replacement was written from (Pelican 4.12.0):
# a change in Pelican's loop (a new signal, new error handling) must reach the copy.
REPLACED_SOURCES = {
    "generate_articles": "5494d418a930a36f",
    "_build_period_archives": "c19e3024444c4c43",
    "generate_tags": "37f65d284c713dd4",
    "generate_categories": "cfb524524a3caae3",
    "generate_authors": "982c57fcfcf0435e",
}



def settings_for(tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    (tmp_path / "content").mkdir(exist_ok=True)
    settings = dict(DEFAULT_CONFIG)
    settings.update({"PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "output"),
                     "CACHE_PATH": str(tmp_path / "cache"), "SITEURL": "", **overrides})
    return configure_settings(settings)


def make_article(settings: dict[str, Any], html: str = "<p>Body.</p>", **metadata: Any) -> Article:
    values = {"title": "A story", "date": datetime(2024, 1, 2, tzinfo=timezone.utc), "slug": "a-story", **metadata}
    return Article(html, metadata=values, settings=settings, source_path="a-story.md", context={"localsiteurl": ""})


@pytest.mark.parametrize("version, accepted", [
    ("4.12.0", True), ("4.12.3", True), ("4.12.1.dev2", True),
    ("4.11.2", False), ("4.13.0", False), ("5.0.0", False), ("", False), ("unknown", False),
])
def test_an_untested_pelican_is_refused_at_start_up_naming_the_range(version: str, accepted: bool) -> None:
    if accepted:
        compat.check_version(version)
        return
    with pytest.raises(compat.UntestedPelicanError, match=re.escape(",".join(compat.TESTED_RANGE))):
        compat.check_version(version)


def test_the_installed_pelican_is_a_tested_one() -> None:
    compat.check_version()
    assert compat.release_of(pelican.__version__) in compat.TESTED_RELEASES


@pytest.mark.parametrize("name", sorted(compat.REPLACED))
def test_each_replaced_method_is_still_the_one_copied_and_still_called(name: str) -> None:
    """Pelican's method is unchanged since the copy, and Pelican still calls it through the
    instance (so a replacement on the instance takes effect)."""
    assert REPLACED_SOURCES.keys() == compat.REPLACED.keys()
    source = inspect.getsource(getattr(ArticlesGenerator, name))
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == REPLACED_SOURCES[name], (
        f"Pelican's ArticlesGenerator.{name} changed: bring the project's copy up to date")
    callers = inspect.getsource(ArticlesGenerator.generate_pages) + inspect.getsource(ArticlesGenerator.generate_context)
    assert f"self.{name}(" in callers


def test_only_listed_methods_can_be_replaced() -> None:
    generator = type("Generator", (), {})()
    compat.replace_method(generator, "generate_tags", lambda self, write: write("tags"))
    written: list[str] = []
    generator.generate_tags(written.append)
    assert written == ["tags"]
    with pytest.raises(KeyError):
        compat.replace_method(generator, "generate_context", lambda self: None)


class RecordingWriter(compat.CompatWriter):
    """A writer that records what Pelican hands its hooks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opened: list[str] = []
        self.entries: list[str] = []

    def open_output(self, filename: str, encoding: str, override: bool = False) -> Any:
        self.opened.append(filename)
        return super().open_output(filename, encoding, override)

    def add_feed_item(self, feed: Any, item: Any) -> None:
        self.entries.append(item.title)
        super().add_feed_item(feed, item)


def test_every_page_pelican_writes_is_opened_through_the_writer_hook(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    writer = RecordingWriter(settings["OUTPUT_PATH"], settings=settings)
    template = jinja2.Environment().from_string("<p>{{ word }}</p>")
    writer.write_file("one/page.html", template, {}, word="hello")
    page = Path(settings["OUTPUT_PATH"]) / "one" / "page.html"
    assert writer.opened == [str(page)] and page.read_text(encoding="utf-8") == "<p>hello</p>"
    assert writer.is_claimed(str(page))
    with pytest.raises(FileOverwriteFailedError):  # Pelican's own check, through pelican_open
        writer.write_file("one/page.html", template, {}, word="again")


def test_a_claimed_file_counts_as_written_for_pelicans_overwrite_checks(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    writer = RecordingWriter(settings["OUTPUT_PATH"], settings=settings)
    kept = str(Path(settings["OUTPUT_PATH"]) / "kept.html")
    assert not writer.is_claimed(kept)
    writer.claim_outputs([kept])
    assert writer.is_claimed(kept)
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("kept.html", jinja2.Environment().from_string("x"), {})


@pytest.mark.parametrize("plugins, writer_class", [
    (["newsarchive.site.pagination"], "ArchiveWriter"),
    (["newsarchive.site.pagination", "newsarchive.site.incremental"], "IncrementalWriter"),
])
def test_a_page_workers_writer_is_made_as_pelican_makes_the_builds(tmp_path: Path, plugins: list[str],
                                                                  writer_class: str) -> None:
    """make_writer makes the writer Pelican's own choice (its `get_writer` signal) gives."""
    settings = settings_for(tmp_path, PLUGINS=plugins)
    run = pelican.Pelican(settings)
    writer = compat.make_writer(run)
    assert type(writer).__name__ == writer_class
    assert Path(writer.output_path) == tmp_path / "output"


def test_a_writers_claimed_files_pass_to_another_writer(tmp_path: Path) -> None:
    """What a page worker's writer wrote counts as written for the build's (Pelican's overwrite checks)."""
    settings = settings_for(tmp_path)
    worker, build = (RecordingWriter(settings["OUTPUT_PATH"], settings=settings) for _ in range(2))
    worker.write_file("worker.html", jinja2.Environment().from_string("x"), {})
    written, overridden = worker.claimed_outputs()
    assert written == {str(tmp_path / "output" / "worker.html")} and overridden == set()
    build.claim_outputs(written)
    with pytest.raises(FileOverwriteFailedError):
        build.write_file("worker.html", jinja2.Environment().from_string("y"), {})


def test_every_feed_entry_goes_through_the_writer_hook(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, FEED_DOMAIN="https://example.org", SITEURL="https://example.org")
    writer = RecordingWriter(settings["OUTPUT_PATH"], settings=settings)
    stories = [make_article(settings, title=f"Story {n}", slug=f"story-{n}") for n in range(3)]
    writer.write_feed(stories, dict(settings), "feeds/all.atom.xml")
    feed = (Path(settings["OUTPUT_PATH"]) / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert writer.entries == ["Story 0", "Story 1", "Story 2"]
    assert all(f"<title>Story {n}</title>" in feed for n in range(3))


def test_a_storys_private_attributes_are_its_html_summary_and_context(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    story = make_article(settings, html="<p>Body.</p>", summary="<p>Short.</p>")
    assert getattr(story, compat.CONTENT_HTML) == "<p>Body.</p>"
    assert compat.stored_summary(story) == "<p>Short.</p>"
    compat.set_content_context(story, {"localsiteurl": "https://example.org"})
    assert story.get_siteurl() == "https://example.org"  # Pelican reads the context back from there
    compat.set_content_context(story, None)
    assert getattr(story, compat.CONTENT_CONTEXT) is None


@pytest.mark.parametrize("html, expected", [
    ("<p>No link here.</p>", "<p>No link here.</p>"),
    ('<p><a href="{filename}/other.md">A link</a></p>', None),
    ("", ""),
])
def test_unlinked_html_is_the_text_pelican_would_give_unchanged(tmp_path: Path, html: str, expected: str | None) -> None:
    story = make_article(settings_for(tmp_path), html=html)
    assert compat.unlinked_html(story) == expected
    if expected is not None:
        assert story.content == expected
    assert compat.unlinked_html(object()) is None


def test_pelicans_content_cache_is_keyed_by_path_relative_to_the_content_folder(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    (content / "sub").mkdir(exist_ok=True)
    for name in ("one", "two", "sub/three"):
        (content / f"{name}.md").write_text(f"Title: {name}\nDate: 2024-01-02\n\nText.\n", encoding="utf-8")
    settings = settings_for(tmp_path, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True, CONTENT_CACHING_LAYER="generator")
    context = {**settings, "generated_content": {}, "static_links": set(), "static_content": {}}
    generator = ArticlesGenerator(context=context, settings=settings, path=str(content),
                                  theme=settings["THEME"], output_path=settings["OUTPUT_PATH"])
    generator.generate_context()
    root = compat.cache_key_root(generator)
    assert {a.source_path[len(root):] for a in generator.articles} == {"one.md", "two.md", "sub/three.md"}
    assert compat.drop_cached_files(generator, {"one.md", "sub/three.md"}) == 1
    assert generator.get_cached_data("./one.md", None) is not None  # Pelican's public read of its cache
    assert generator.get_cached_data("sub/three.md", None) is not None
    assert generator.get_cached_data("./two.md", None) is None


def test_a_cache_file_left_as_it_was_keeps_the_last_builds_stories_only(tmp_path: Path) -> None:
    story_generator(tmp_path, ["one"]).generate_context()  # Pelican saves its cache here
    saved = (tmp_path / "cache" / "ArticlesGenerator").read_bytes()
    second = story_generator(tmp_path, ["two"])
    assert compat.cached_files(second) == 1
    compat.leave_cache_file(second)
    second.generate_context()
    assert sorted(a.title for a in second.articles) == ["one", "two"]
    assert second.get_cached_data("./two.md", None) is None
    assert (tmp_path / "cache" / "ArticlesGenerator").read_bytes() == saved
    third = story_generator(tmp_path, [])
    assert third.get_cached_data("./one.md", None) is not None and third.get_cached_data("./two.md", None) is None


@pytest.mark.parametrize("number, front, expected", [(1, True, "tag/x.html"), (3, False, "tag/x/page/3/")])
def test_archive_pages_use_only_the_public_attributes_of_pelicans_page(tmp_path: Path, number: int, front: bool,
                                                                        expected: str) -> None:
    settings = settings_for(tmp_path, PAGINATION_PATTERNS=[(1, "{url}", "{save_as}"),
                                                            (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html")])
    plain = Page("tag/x.html", "tag/x.html", [], number, None, settings)
    assert (plain.full_name, plain.base_name, plain.extension, plain.base_url) == ("tag/x.html", "tag/x", ".html", "tag/x.html")
    page = ArchivePage("tag/x.html", "tag/x.html", [], number, None, settings, front=front)
    assert page.url == expected
    assert "_from_settings" not in vars(ArchivePage)  # Pelican's private is not overridden


def test_raw_xml_is_written_between_the_handlers_own_elements() -> None:
    buffer = io.StringIO()
    handler = SimplerXMLGenerator(buffer, "utf-8", short_empty_elements=True)
    handler.startElement("feed", {})
    compat.write_raw_xml(handler, "<entry>cached</entry>")
    handler.endElement("feed")
    assert buffer.getvalue() == "<feed><entry>cached</entry></feed>"
    buffer = io.StringIO()
    handler = SimplerXMLGenerator(buffer, "utf-8", short_empty_elements=True)
    handler.startElement("item", {})
    compat.close_start_element(handler)
    assert buffer.getvalue() == "<item>"


def private_names() -> set[str]:
    """Every private (single underscore) name Pelican, feedgenerator and the XML writer define or use."""
    names: set[str] = set()
    files = [*Path(pelican.__file__).parent.rglob("*.py"), *Path(feedgenerator.__file__).parent.rglob("*.py"),
             Path(xml.sax.saxutils.__file__)]
    for path in files:
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = node.name if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else getattr(node, "attr", None)
            if isinstance(name, str) and name.startswith("_") and not name.startswith("__"):
                names.add(name)
    return names


def test_no_module_but_the_compat_one_uses_pelicans_private_names() -> None:
    privates = private_names()
    assert {"_open_w", "_written_files", "_cache", "_content", "_from_settings"} <= privates
    pattern = re.compile(r"""\.(_[A-Za-z]\w*)\b|["'](_[A-Za-z]\w*)["']""")
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name == "site/pelican_compat.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{name}:{number}: {m.group(1) or m.group(2)}" for m in pattern.finditer(line)
                      if (m.group(1) or m.group(2)) in privates]
    assert found == []


def test_no_module_but_the_compat_one_replaces_methods() -> None:
    found = [path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
             if "MethodType" in path.read_text(encoding="utf-8")]
    assert found == ["site/pelican_compat.py"]


def test_pelicans_story_loop_still_reads_and_caches_as_read_story_mirrors() -> None:
    """read_story mirrors the calls of ArticlesGenerator.generate_context's loop: they are still there."""
    source = inspect.getsource(ArticlesGenerator.generate_context)
    for call in ("self.get_cached_data(f, None)", "self.readers.read_file(", "base_path=self.path",
                 "content_class=Article", "context=self.context", "preread_signal=signals.article_generator_preread",
                 "context_signal=signals.article_generator_context", "isinstance(article, SkipStub)",
                 "article.is_valid()", "self.cache_data(f, article)"):
        assert call in source, f"Pelican's story loop changed ({call} is gone): bring read_story up to date"


@pytest.mark.parametrize("bad", ["Date: 2024-01-02\n\nNo title.\n", "Title: \n\nAn empty title.\n",
                                 "Title: Skipped\nStatus: skip\n\nText.\n"], ids=["no-title", "empty-title", "skipped"])
def test_stories_read_ahead_are_taken_from_the_cache_and_the_rest_read_by_the_loop(tmp_path: Path, bad: str) -> None:
    """Stories cached by read_story and cache_story are not read again by Pelican's loop (no
    preread signal for them); a file read_story leaves out is read, and judged, by the loop."""
    from pelican import signals

    content = tmp_path / "content"
    content.mkdir()
    for name in ("one", "two", "three"):
        (content / f"{name}.md").write_text(f"Title: {name}\nDate: 2024-01-02\n\nText {name}.\n", encoding="utf-8")
    (content / "bad.md").write_text(bad, encoding="utf-8")
    settings = settings_for(tmp_path, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True, CONTENT_CACHING_LAYER="generator")
    context = {**settings, "generated_content": {}, "static_links": set(), "static_content": {}}
    generator = ArticlesGenerator(context=context, settings=settings, path=str(content),
                                  theme=settings["THEME"], output_path=settings["OUTPUT_PATH"])
    assert compat.caches_stories(generator)
    paths = compat.unread_story_files(generator)
    assert paths == ["./bad.md", "./one.md", "./three.md", "./two.md"]
    read = {path: compat.read_story(generator, path) for path in paths}
    assert read["./bad.md"] is None and all(read[p] is not None for p in paths[1:])
    for path in paths[1:]:
        compat.cache_story(generator, path, read[path])
    assert compat.unread_story_files(generator) == ["./bad.md"]
    assert len(compat.story_files(generator)) == 4
    prereads: list[Any] = []

    def count(sender: Any) -> None:
        prereads.append(sender)

    signals.article_generator_preread.connect(count)
    try:
        generator.generate_context()
    finally:
        signals.article_generator_preread.disconnect(count)
    assert len(prereads) == 1  # the bad file only
    assert sorted(a.title for a in generator.articles) == ["one", "three", "two"]
    assert all(a in generator.articles for a in (read["./one.md"], read["./two.md"], read["./three.md"]))


def story_generator(tmp_path: Path, names: list[str], **overrides: Any) -> ArticlesGenerator:
    """A story generator over `names` (one tiny story file each), its content cache on."""
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    for name in names:
        (content / f"{name}.md").write_text(f"Title: {name}\nDate: 2024-01-02\n\nText {name}.\n", encoding="utf-8")
    settings = settings_for(tmp_path, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True, CONTENT_CACHING_LAYER="generator",
                            **overrides)
    context = {**settings, "generated_content": {}, "static_links": set(), "static_content": {}}
    return ArticlesGenerator(context=context, settings=settings, path=str(content), theme=settings["THEME"],
                             output_path=settings["OUTPUT_PATH"])


@pytest.mark.parametrize("method", ["mtime", "md5"])
@pytest.mark.parametrize("change", ["touched", "new", "none"])
def test_files_checked_against_the_cache_with_their_stats_are_those_the_loop_reads(tmp_path: Path, method: str,
                                                                                   change: str) -> None:
    """unread_story_files given each file's modification time (Pelican's own stamp) finds
    the files get_cached_data finds stale: a touched file, a new one."""
    import os

    generator = story_generator(tmp_path, ["one", "two"], CHECK_MODIFIED_METHOD=method)
    for path in sorted(compat.story_files(generator)):
        compat.cache_story(generator, path, compat.read_story(generator, path))
    content = Path(generator.path)
    if change == "touched":
        os.utime(content / "two.md", ns=(1_000_000_000, 1_000_000_000))
        (content / "two.md").write_text("Title: two\nDate: 2024-01-02\n\nNew text.\n", encoding="utf-8")
    elif change == "new":
        (content / "three.md").write_text("Title: three\nDate: 2024-01-02\n\nText.\n", encoding="utf-8")
    files = compat.story_files(generator)
    mtimes = {f: os.path.getmtime(os.path.join(generator.path, f)) for f in files}
    expected = {"touched": ["./two.md"], "new": ["./three.md"], "none": []}[change]
    assert compat.unread_story_files(generator, files, mtimes) == compat.unread_story_files(generator, files) == expected


def test_held_records_pass_pelicans_log_filter_when_logged() -> None:
    """With the filter off, a repeated warning is let through (to be held); passes_log_filters then
    applies Pelican's filter: the first one passes, a repeat does not."""
    import logging

    from pelican.log import LimitFilter

    logger = logging.getLogger("pelican.contract-probe")
    message = "a warning for the contract test, repeated"
    records = [logger.makeRecord(logger.name, logging.WARNING, "f.py", 1, message, (), None) for _ in range(3)]
    LimitFilter._raised_messages.discard((logging.WARNING, message))
    with compat.log_filter_off():
        assert all(logger.filter(r) for r in records[:2])
    assert [compat.passes_log_filters(logger, r) for r in records] == [True, False, False]
