"""Incremental builds: after any change to the content, the output equals a build from scratch,
and an unchanged or slightly changed archive re-renders only what changed."""

from __future__ import annotations

import html
import pickle
import shutil
from collections import Counter
from pathlib import Path

import pytest

from newsarchive.synthetic import diff_trees, generate_corpus, seed_name
from newsarchive.build import build_site
from newsarchive.ingest import Options, ingest
from newsarchive.slugs import slugify
from newsarchive.site import incremental
from newsarchive.site.incremental import signatures
from newsarchive.site.incremental.signatures import OwnMemo
from newsarchive.site.incremental.store import BuildStore
from newsarchive.site.incremental.writer import IncrementalWriter
from newsarchive.site.entities import names_from_rows
from newsarchive.site.incremental.signatures import pack_rows, unpack_rows

from .conftest import SHARED

pytestmark = pytest.mark.slow

TEXTS = SHARED / "corpus" / "bbc"  # generated prose when absent
COUNT = 40


def plugins() -> list[str]:
    import pelicanconf  # the project's settings, importable from the project root

    names = [p for p in pelicanconf.PLUGINS if p != "newsarchive.site.incremental"]
    return [*names, "newsarchive.site.incremental"]


def build(content: Path, output: Path, incremental_on: bool = True, verify: bool = False, **settings: object) -> dict[str, int]:
    return build_site(content, output, overrides={"PLUGINS": plugins(), "NEWSARCHIVE_INCREMENTAL": incremental_on, **settings},
                      verify=verify)


def stories(stats: dict[str, int]) -> dict[str, int]:
    """A build's counts of stories: signed, reused, given a kept address, made from their file."""
    return {key: stats[key] for key in ("signed", "reused", "addressed", "made")}


def entity_pages(output: Path) -> list[Path]:
    return [page for folder in ("people", "organizations", "places") for page in (output / folder).glob("*.html")
            if page.name != "index.html" and not page.name.startswith("letter-")]


def assert_same_as_full_build(content: Path, output: Path, scratch: Path) -> None:
    if scratch.exists():
        shutil.rmtree(scratch)
    build(content, scratch, incremental_on=False)
    assert diff_trees(output, scratch) == []


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, dict[str, int]]:
    root = tmp_path_factory.mktemp("incremental")
    seeds, content, output = root / "seeds", root / "content", root / "output"
    generate_corpus(COUNT, seeds, TEXTS)
    ingest(seeds, Options(content=content))
    first = build(content, output)
    return seeds, content, output, first


# --- one harness: a change, then the rebuild equals a fresh build within a budget of pages -------


def page_stamps(output: Path) -> dict[str, tuple[int, int]]:
    """Each page and feed of a built site by its name: the file's inode and modification time, which
    change when the page is written again (a page is written to a new file renamed over the old)."""
    stamps = {}
    for path in output.rglob("*"):
        name = path.relative_to(output).as_posix()
        if path.is_file() and (name.endswith(".html") or (name.startswith("feeds/") and name.endswith(".xml"))):
            stat = path.stat()
            stamps[name] = (stat.st_ino, stat.st_mtime_ns)
    return stamps


def story_files(content: Path) -> list[Path]:
    return sorted(path for path in content.rglob("*.md") if ".newsarchive" not in path.parts)


def set_field(text: str, field: str, value: str) -> str:
    """A story's Markdown with one metadata field set (added when missing)."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith(f"{field}: "):
            lines[index] = f"{field}: {value}"
            return "\n".join(lines)
        if not line:  # the end of the metadata
            return "\n".join([*lines[:index], f"{field}: {value}", *lines[index:]])
    return text


def add_story_copy(content: Path, source: Path, title: str, slug: str, date: str, **fields: str) -> None:
    """A copy of the story file `source` under a new title, slug and date (and other `fields`), in
    the content folder of its year."""
    text = set_field(set_field(set_field(source.read_text(encoding="utf-8"), "Title", title), "Slug", slug), "Date", date)
    for field, value in fields.items():
        text = set_field(text, field, value)
    year = content / date[:4]
    year.mkdir(exist_ok=True)
    (year / f"{slug}.md").write_text(text, encoding="utf-8")


def add_newest_story(content: Path, output: Path, theme: Path) -> None:
    """A story published after every other one, naming people some stories name already."""
    add_story_copy(content, story_files(content)[0], "Harbour reopens after the storm", "harbour-reopens-after-the-storm",
                   "2031-01-02T09:00:00+00:00")


def edit_story_text(content: Path, output: Path, theme: Path) -> None:
    story = story_files(content)[len(story_files(content)) // 2]
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("\n\n", "\n\nA sentence added to the story.\n\n", 1), encoding="utf-8")


def delete_story(content: Path, output: Path, theme: Path) -> None:
    story_files(content)[3].unlink()


def name_a_new_person(content: Path, output: Path, theme: Path) -> None:
    story = story_files(content)[5]
    text = story.read_text(encoding="utf-8")
    people = next((line.removeprefix("People: ") for line in text.splitlines() if line.startswith("People: ")), "")
    story.write_text(set_field(text, "People", ", ".join(filter(None, [people, "Ottoline Quexby"]))), encoding="utf-8")


def people_of(content: Path) -> dict[Path, list[str]]:
    """Each story file's People, in order."""
    return {path: next(([name for name in line.removeprefix("People: ").split(", ") if name]
                         for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("People: ")), [])
            for path in story_files(content)}


def drop_a_shared_person(content: Path, output: Path, theme: Path) -> None:
    """A story stops naming a person other stories name: that person's companions change."""
    people = people_of(content)
    named = Counter(name for names in people.values() for name in names)
    story, names = next((path, names) for path, names in people.items() if names and named[names[0]] > 1)
    story.write_text(set_field(story.read_text(encoding="utf-8"), "People", ", ".join(names[1:])), encoding="utf-8")


def swap_people(content: Path, output: Path, theme: Path) -> None:
    """Two stories exchange the people they name: the same names, in other stories."""
    people = people_of(content)
    (first, one), (second, other) = [(path, names) for path, names in people.items() if names][:2]
    first.write_text(set_field(first.read_text(encoding="utf-8"), "People", ", ".join(other)), encoding="utf-8")
    second.write_text(set_field(second.read_text(encoding="utf-8"), "People", ", ".join(one)), encoding="utf-8")


def respell_a_person(content: Path, output: Path, theme: Path) -> None:
    """Every story naming a person spells the name otherwise (same slug, another name on the pages)."""
    people = people_of(content)
    named = Counter(name for names in people.values() for name in names)
    person = next(name for name, count in named.most_common() if count > 1)
    for path, names in people.items():
        if person in names:
            respelt = [name.upper() if name == person else name for name in names]
            path.write_text(set_field(path.read_text(encoding="utf-8"), "People", ", ".join(respelt)), encoding="utf-8")


def add_newest_story_respelling(content: Path, output: Path, theme: Path) -> None:
    """A story published after every other one spells a person other stories name otherwise: the
    name the entity shows (its first story's) changes on the pages of stories whose files did not."""
    people = people_of(content)
    named = Counter(name for names in people.values() for name in names)
    person = next(name for name, count in named.most_common() if count > 1)
    source = next(path for path, names in people.items() if person in names)
    add_story_copy(content, source, "Respelt in the newest story", "respelt-in-the-newest-story",
                   "2031-01-03T09:00:00+00:00", People=person.upper())


def add_oldest_story(content: Path, output: Path, theme: Path) -> None:
    """A story dated before every other one: the oldest story gets an older neighbour."""
    add_story_copy(content, story_files(content)[0], "Before it all began", "before-it-all-began", "1990-01-02T09:00:00+00:00")


def move_to_a_new_topic(content: Path, output: Path, theme: Path) -> None:
    story = story_files(content)[7]
    story.write_text(set_field(story.read_text(encoding="utf-8"), "Tags", "zorkmid trade"), encoding="utf-8")


def delete_output_page(content: Path, output: Path, theme: Path) -> None:
    sorted((output / "places").glob("*.html"))[0].unlink()


def edit_letter_template(content: Path, output: Path, theme: Path) -> None:
    letter = theme / "templates" / "entity_letter.html"
    letter.write_text(letter.read_text(encoding="utf-8").replace("</h1>", "</h1><p>edited letter page</p>"), encoding="utf-8")


def nothing(content: Path, output: Path, theme: Path) -> None:
    """No change at all."""


def letter_pages(output: Path) -> int:
    return len(list(output.glob("*/letter-*.html")))


# (change, the most pages and feeds it may write again, given the built site's output folder), on
# an archive of COUNT stories (some 500 to 800 pages and feeds, by the corpus). A story's own lists
# (home, section, topics, authors, period archives, entities) change with it, and so do the related
# lists of the stories that share its entities: a small part of the site.
CHANGES = [
    pytest.param(nothing, lambda output: 0, id="nothing"),
    pytest.param(add_newest_story, lambda output: 180, id="new-story"),
    pytest.param(add_newest_story_respelling, lambda output: 250, id="new-story-respells-a-person"),
    pytest.param(add_oldest_story, lambda output: 180, id="new-oldest-story"),
    pytest.param(edit_story_text, lambda output: 70, id="edited-story"),
    pytest.param(delete_story, lambda output: 130, id="deleted-story"),
    pytest.param(name_a_new_person, lambda output: 100, id="story-names-a-new-person"),
    pytest.param(move_to_a_new_topic, lambda output: 100, id="story-changes-topics"),
    pytest.param(drop_a_shared_person, lambda output: 100, id="story-drops-a-shared-person"),
    pytest.param(swap_people, lambda output: 130, id="stories-swap-people"),
    pytest.param(respell_a_person, lambda output: 250, id="person-respelt"),
    pytest.param(delete_output_page, lambda output: 1, id="deleted-output-page"),
    pytest.param(edit_letter_template, letter_pages, id="edited-template"),
]


@pytest.mark.parametrize("change, budget", CHANGES)
def test_a_rebuild_after_a_change_equals_a_fresh_build_within_its_budget(
        site: tuple[Path, Path, Path, dict[str, int]], tmp_path: Path, change: object, budget: object) -> None:
    """After the change, the rebuilt site equals a build from scratch, byte for byte, and only a
    few pages (at most the budget) were written again: the others are the files already there."""
    from newsarchive.build import PROJECT

    _, source, _, _ = site
    content, output, theme = tmp_path / "content", tmp_path / "output", tmp_path / "theme"
    shutil.copytree(source, content, ignore=shutil.ignore_patterns(".newsarchive"))
    shutil.copytree(PROJECT / "theme", theme)
    build(content, output, THEME=str(theme))
    before, shown = page_stamps(output), {name: (output / name).read_bytes() for name in page_stamps(output)}
    change(content, output, theme)  # type: ignore[operator]
    # Verified: every shortcut the rebuild takes is checked against the work it saves (see
    # docs/incremental.md), so the same rebuild without the check makes the same site.
    stats = build(content, output, verify=True, THEME=str(theme))
    assert stats["mismatched"] == 0
    after = page_stamps(output)
    written = {name for name, stamp in after.items() if before.get(name) != stamp}
    changed = {name for name in after if shown.get(name) != (output / name).read_bytes()}
    assert changed <= written  # every page that shows something new was written again
    assert len(written) <= budget(output), sorted(written)  # type: ignore[operator]
    build(content, tmp_path / "fresh", incremental_on=False, THEME=str(theme))
    assert diff_trees(output, tmp_path / "fresh") == []


def no_story_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer told that no story changed: the pages of the edited story's entities and topics
    would be kept as before."""
    monkeypatch.setattr(IncrementalWriter, "changed_stories", lambda self, stories: set())


def no_candidate_moved(monkeypatch: pytest.MonkeyPatch) -> None:
    """The related pass told that no story's candidates moved: every list would be the last build's."""
    from newsarchive.site import related

    def unmoved(*args: object, **kwargs: object) -> dict[int, set[int] | None]:
        real(*args, **kwargs)  # the posting lists brought up to date, as the real one does
        return {}

    real = related.moved_stories
    monkeypatch.setattr(related, "moved_stories", unmoved)


def no_entity_touched(monkeypatch: pytest.MonkeyPatch) -> None:
    """The entity index told that no entity's stories changed: companions from the last build's record."""
    from newsarchive.site import entities

    def untouched(*args: object, **kwargs: object) -> set[str]:
        real(*args, **kwargs)  # the stories and entities indexed, as the real one does
        return set()

    real = entities.index_entities
    monkeypatch.setattr(entities, "index_entities", untouched)


@pytest.mark.parametrize("wrong, change, report", [
    (no_story_changed, edit_story_text, "would have been kept as before"),
    (no_candidate_moved, add_newest_story, "related lists worked out with a shortcut"),
    (no_entity_touched, swap_people, "entity companions worked out with a shortcut"),
], ids=["pages-kept-as-before", "related-lists", "entity-companions"])
def test_a_verified_rebuild_finds_a_wrong_shortcut_and_does_its_work_in_full(
        site: tuple[Path, Path, Path, dict[str, int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, wrong: object, change: object, report: str) -> None:
    """With a shortcut broken on purpose, a verified rebuild reports what it got wrong and works
    it out in full: the site equals a fresh build."""
    _, source, _, _ = site
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(source, content, ignore=shutil.ignore_patterns(".newsarchive"))
    build(content, output)
    change(content, output, tmp_path)  # type: ignore[operator]
    wrong(monkeypatch)  # type: ignore[operator]
    stats = build(content, output, verify=True)
    assert stats["mismatched"] > 0
    assert any(report in record.getMessage() for record in caplog.records)
    build(content, tmp_path / "fresh", incremental_on=False)
    assert diff_trees(output, tmp_path / "fresh") == []


def test_unchanged_archive_writes_nothing_and_makes_no_story_again(site: tuple[Path, Path, Path, dict[str, int]]) -> None:
    _, content, output, first = site
    before = page_stamps(output)
    again = build(content, output)
    assert page_stamps(output) == before  # no page or feed written again
    # no story made or signed again (Pelican's cache gave them all), and none worked its address out
    count = len(story_files(content))
    assert stories(again) == {"signed": 0, "reused": count, "addressed": count, "made": 0}


def test_a_story_whose_file_changed_is_signed_again(site: tuple[Path, Path, Path, dict[str, int]], tmp_path: Path) -> None:
    """What a story's file decides is signed again when the file changes, or the settings do."""
    _, content, _, _ = site
    output = tmp_path / "output"
    build(content, output)
    story = sorted(content.rglob("*.md"))[0]
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("\n\n", "\n\nA sentence added to the story.\n\n", 1), encoding="utf-8")
    try:
        stats = build(content, output)
        assert stats["signed"] == 1 and stats["rendered"] >= 1
        assert stats["made"] == 1  # the edited story only, from its file
        assert stats["addressed"] == len(story_files(content)) - 1  # the edited story's worked out again
        page = next(p for p in output.rglob(f"{story.stem}.html"))
        assert "A sentence added to the story." in page.read_text(encoding="utf-8")
        stats = build(content, output, SITENAME="Another name")
        # Pelican's cache was dropped with the old settings: every story made and signed anew
        count = len(story_files(content))
        assert stories(stats) == {"signed": count, "reused": 0, "addressed": 0, "made": count}
        # a new URL pattern moves every story: no address is taken from the last build
        stats = build(content, output, ARTICLE_URL="stories/{slug}.html", ARTICLE_SAVE_AS="stories/{slug}.html")
        assert stats["addressed"] == 0
        assert (output / "stories" / f"{story.stem}.html").is_file()
        assert not list(output.glob(f"20*/*/{story.stem}.html"))
    finally:
        story.write_text(text, encoding="utf-8")


def test_edited_and_deleted_articles_equal_a_full_build(site: tuple[Path, Path, Path, dict[str, int]], tmp_path: Path) -> None:
    seeds, content, output, _ = site
    edited = seeds / seed_name(3)
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("said the figures", "said the revised figures", 1), encoding="utf-8")
    (seeds / seed_name(7)).unlink()
    report = ingest(seeds, Options(content=content))
    assert {o.path: o.status for o in report.seeds}[f"seeds/{seed_name(3)}"] == "published"
    stats = build(content, output)
    assert stats["removed"] >= 1
    # Pelican's cache of the stories holds the stories there are, not the deleted one
    folder = incremental.cache_path({"OUTPUT_PATH": str(output.resolve()), "PATH": str(content.resolve())})
    with (folder / "ArticlesGenerator").open("rb") as handle:
        cached = pickle.load(handle)  # noqa: S301 - the build's own cache
    assert sorted(cached) == sorted(str(p.relative_to(content)) for p in content.rglob("*.md"))
    assert_same_as_full_build(content, output, tmp_path / "full")


def written_by(output: Path, rebuild: object) -> set[str]:
    """The pages and feeds a rebuild wrote again."""
    before = page_stamps(output)
    rebuild()  # type: ignore[operator]
    return {name for name, stamp in page_stamps(output).items() if before.get(name) != stamp}


def story_pages(output: Path) -> set[str]:
    return {p.relative_to(output).as_posix() for p in output.glob("20*/*/*.html") if p.name != "index.html"}


def test_an_entity_is_kept_whole_or_made_again_whole(site: tuple[Path, Path, Path, dict[str, int]], tmp_path: Path) -> None:
    """An entity's page and feeds are kept together: a missing feed is written again alone; an edit
    to the entity template reaches every entity's page and no story's, and the other way round."""
    _, content, _, _ = site
    from newsarchive.build import PROJECT

    theme, output = tmp_path / "theme", tmp_path / "output"
    shutil.copytree(PROJECT / "theme", theme)
    rebuild = lambda: build(content, output, THEME=str(theme))  # noqa: E731
    rebuild()
    feed = sorted((output / "feeds" / "people").glob("*.atom.xml"))[0]
    page = output / "people" / feed.name.replace(".atom.xml", ".html")
    before = feed.read_bytes(), page.read_bytes()
    feed.unlink()
    assert written_by(output, rebuild) == {feed.relative_to(output).as_posix()}  # the feed; its page was the same
    assert (feed.read_bytes(), page.read_bytes()) == before
    entities = {p.relative_to(output).as_posix() for p in entity_pages(output)}
    template = theme / "templates" / "entity.html"
    template.write_text(template.read_text(encoding="utf-8").replace("</h1>", "</h1><p>edited entity page</p>"), encoding="utf-8")
    written = written_by(output, rebuild)
    assert entities <= written and not written & story_pages(output)
    assert "edited entity page" in page.read_text(encoding="utf-8")
    template = theme / "templates" / "article.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}<p>edited story page</p>", 1), encoding="utf-8")
    written = written_by(output, rebuild)
    assert story_pages(output) <= written and not written & entities
    story = output / sorted(story_pages(output))[0]
    assert "edited story page" in story.read_text(encoding="utf-8")
    build(content, tmp_path / "full", incremental_on=False, THEME=str(theme))
    assert diff_trees(output, tmp_path / "full") == []


def test_an_entity_a_story_stops_naming_is_made_again(site: tuple[Path, Path, Path, dict[str, int]], tmp_path: Path) -> None:
    """Entities none of whose stories changed are kept without a fingerprint (their number of
    stories is checked); one that a story stops naming loses it, one it starts naming gains it."""
    _, content, _, _ = site
    output = tmp_path / "output"
    build(content, output)
    people = {p: next((line for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("People: ")), "")
              for p in sorted(content.rglob("*.md"))}
    named = Counter(name for line in people.values() for name in line.removeprefix("People: ").split(", ") if name)
    # a person named in other stories too, so their page stays, with one story fewer
    story, line = next((p, line) for p, line in people.items() if line and named[line.split(", ")[0].removeprefix("People: ")] > 1)
    text = story.read_text(encoding="utf-8")
    names = line.removeprefix("People: ").split(", ")
    story.write_text(text.replace(line, "People: " + ", ".join([*names[1:], "Ottoline Quexby"])), encoding="utf-8")
    try:
        written = written_by(output, lambda: build(content, output))
        left = f"people/{slugify(names[0])}.html"
        assert {left, "people/ottoline-quexby.html"} <= written  # the person left, and the one joined
        assert len(written & {p.relative_to(output).as_posix() for p in entity_pages(output)}) < len(entity_pages(output)) / 2
        title = next(line for line in text.splitlines() if line.startswith("Title: ")).removeprefix("Title: ")
        page = output / "people" / "ottoline-quexby.html"
        assert html.escape(title) in page.read_text(encoding="utf-8")
        assert_same_as_full_build(content, output, tmp_path / "full")  # the first person's page too
    finally:
        story.write_text(text, encoding="utf-8")
    build(content, output)
    assert not (output / "people" / "ottoline-quexby.html").exists()
    assert_same_as_full_build(content, output, tmp_path / "full")


def test_temporaries_of_a_killed_build_are_removed_by_the_next(site: tuple[Path, Path, Path, dict[str, int]]) -> None:
    """A build killed while writing leaves `.<page>.<random>.tmp` files and its running mark; the next
    build removes them. A build after a finished one does not walk the output for them."""
    _, content, output, _ = site
    build(content, output)
    settings = {"OUTPUT_PATH": str(output.resolve()), "PATH": str(content.resolve())}
    marker = incremental.cache_path(settings) / "building"
    assert not marker.exists()  # a finished build clears its mark
    # and one of the caches it was writing (the kill-and-rerun drill found a related list's), and
    # a social card it was drawing into the card cache beside the content
    cards = content / ".newsarchive" / "cards"
    assert cards.is_dir()
    left = [output / ".index.html.999999.tmp", output / "feeds" / ".all.atom.xml.999999.tmp",
            marker.parent / ".related.json.abc123.tmp", cards / ".0123456789abcdef.png.abc123.tmp"]
    for path in left:
        path.write_text("half a page", encoding="utf-8")
    build(content, output)
    assert all(path.exists() for path in left)  # no mark: nothing was interrupted, nothing walked
    marker.write_bytes(b"")  # as a killed build leaves it
    build(content, output)
    assert not any(path.exists() for path in left) and not marker.exists()


def test_a_reader_cache_half_written_by_a_killed_build_is_dropped(site: tuple[Path, Path, Path, dict[str, int]], tmp_path: Path) -> None:
    """Pelican saves its content cache in place; a build killed meanwhile leaves half a pickle, and
    Pelican's next build would fail on it. After a killed build the cache is dropped instead."""
    _, content, output, _ = site
    build(content, output)
    folder = incremental.cache_path({"OUTPUT_PATH": str(output.resolve()), "PATH": str(content.resolve())})
    stories = folder / "ArticlesGenerator"  # Pelican's cache of the stories it made
    assert stories.stat().st_size > 0
    stories.write_bytes(b"")  # truncated, as a kill while Pelican saves it leaves it
    (folder / "building").write_bytes(b"")
    assert written_by(output, lambda: build(content, output)) == set()  # the same pages, read again from the Markdown
    assert_same_as_full_build(content, output, tmp_path / "full")


def test_a_settings_change_reaches_what_pelican_read_from_its_cache(site: tuple[Path, Path, Path, dict[str, int]], tmp_path: Path) -> None:
    """Pelican keeps the HTML it made of each Markdown file by the file's modification time only; a
    change of the Markdown settings must still reach every page, as in a build from scratch."""
    _, source, _, _ = site
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(source, content, ignore=shutil.ignore_patterns(".newsarchive"))
    story = story_files(content)[0]  # a sentence the setting (smart quotes) changes, whatever the corpus
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("\n\n", '\n\nThe mayor said "it\'s open" on Monday.\n\n', 1), encoding="utf-8")
    build(content, output)
    smarty = {"extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.smarty": {}},
              "output_format": "html5"}
    build(content, output, MARKDOWN=smarty)
    full = tmp_path / "full"
    build(content, full, incremental_on=False, MARKDOWN=smarty)
    assert any("&rsquo;" in p.read_text(encoding="utf-8") or "&ldquo;" in p.read_text(encoding="utf-8")
               for p in full.rglob("*.html"))  # the setting changes what the stories' pages show
    assert diff_trees(output, full) == []


def test_values_worked_out_from_a_file_are_kept_while_the_file_is_the_same(tmp_path: Path) -> None:
    """What a plugin remembers of a story's file (the search key, say) comes back in the next
    build while the file, the settings and the code are the same, and not after an edit."""
    from types import SimpleNamespace

    story = tmp_path / "story.md"
    story.write_text("Title: One\n\nA body.\n", encoding="utf-8")
    content = SimpleNamespace(source_path=str(story))
    store = BuildStore(tmp_path / "cache")
    first = OwnMemo(store, "base")
    assert first.known(content, "search") is None
    first.remember(content, "search", "ab" * 16)
    first.save()
    second = OwnMemo(store, "base")
    assert second.known(content, "search") == "ab" * 16
    assert second.known(content, "cards") is None
    second.save()  # what was used is kept for the build after
    assert OwnMemo(store, "base").known(content, "search") == "ab" * 16
    assert OwnMemo(store, "other settings").known(content, "search") is None
    story.write_text("Title: One\n\nA longer body now.\n", encoding="utf-8")
    assert OwnMemo(store, "base").known(content, "search") is None


def test_a_card_remembered_under_another_locale_is_worked_out_again(site: tuple[Path, Path, Path, dict[str, int]], tmp_path: Path) -> None:
    """A card shows its date's month name in the build's locale: what the last build remembered of
    a story's card is taken only in the same locale, and the site equals a full build."""
    import json

    _, content, _, _ = site
    output = tmp_path / "output"
    build(content, output)
    memo_file = incremental.cache_path({"PATH": str(content.resolve()), "OUTPUT_PATH": str(output)}) / "stories.json"
    record = json.loads(memo_file.read_text(encoding="utf-8"))
    derived = record["data"]["derived"]
    assert len(derived) == len(story_files(content)) and all("card" in entry[2] for entry in derived.values())
    for entry in derived.values():
        entry[2]["card"] = ["another locale", "0" * 24, "An old headline", "", "", ""]
    memo_file.write_text(json.dumps(record), encoding="utf-8")
    build(content, output)
    assert not list((output / "cards").glob("000000*.png"))
    assert_same_as_full_build(content, output, tmp_path / "full")


def memo_record(content: Path, output: Path) -> dict[str, dict[str, list[object]]]:
    """The story memo's record of the last build into `output`: per map, source path -> entry."""
    import json

    memo_file = incremental.cache_path({"PATH": str(content.resolve()), "OUTPUT_PATH": str(output)}) / "stories.json"
    return json.loads(memo_file.read_text(encoding="utf-8"))["data"]


@pytest.mark.parametrize("change", [delete_story, name_a_new_person, drop_a_shared_person],
                         ids=["deleted", "names-a-new-person", "drops-a-shared-person"])
def test_the_memo_keeps_only_what_the_stories_there_are_decide(site: tuple[Path, Path, Path, dict[str, int]],
                                                               tmp_path: Path, change: object) -> None:
    """After a story is deleted or changed, the memo holds an entry for every story there is and
    none for a file that is gone, and what it holds of a story is what its file decides now: a
    build that trusts the memo again equals a build from scratch."""
    _, source, _, _ = site
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(source, content, ignore=shutil.ignore_patterns(".newsarchive"))
    build(content, output)
    change(content, output, tmp_path)  # type: ignore[operator]
    build(content, output)
    build(content, output)  # the memo the change's rebuild left, used whole
    record = memo_record(content, output)
    present = {str(path.resolve()) for path in story_files(content)}
    for name in ("stories", "urls", "derived", "marks"):
        assert set(record[name]) == present, name
    for path, names in people_of(content).items():
        remembered = names_from_rows(unpack_rows(record["derived"][str(path.resolve())][2]["entities"]), {})
        assert [name for name, _ in remembered.get("people", [])] == names
    assert_same_as_full_build(content, output, tmp_path / "full")


@pytest.mark.parametrize("change", [drop_a_shared_person, swap_people], ids=["drops-a-shared-person", "swap-people"])
def test_a_build_killed_before_its_end_leaves_the_next_one_equal_to_a_fresh_build(
        site: tuple[Path, Path, Path, dict[str, int]], tmp_path: Path, change: object) -> None:
    """A build saves the entities' companions and the related lists as it goes, and the page
    fingerprints and the story memo at its end. After one killed in between (its pages written,
    the records of its end not), the next build equals a fresh build."""
    _, source, _, _ = site
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(source, content, ignore=shutil.ignore_patterns(".newsarchive"))
    build(content, output)
    folder = incremental.cache_path({"PATH": str(content.resolve()), "OUTPUT_PATH": str(output)})
    ends = {name: (folder / name).read_bytes() for name in ("stories.json", "pages.json")}
    change(content, output, tmp_path)  # type: ignore[operator]
    build(content, output)
    for name, data in ends.items():  # as the killed build left them: the last whole build's
        (folder / name).write_bytes(data)
    (folder / "building").write_bytes(b"")  # the mark a killed build leaves
    build(content, output)
    assert_same_as_full_build(content, output, tmp_path / "full")


NAMES = {f"page-{n % 17}/{n}.html": [f"{n:032x}", [[f"p{n}", 'x\u00e9 "quoted"']]] for n in range(50)}
NAMES["é/ünïcode.html"] = ["f", []]
NAMES["d\udcffcoded-by-surrogates.html"] = ["g", []]  # a file name with undecodable bytes


@pytest.mark.parametrize("data", [{}, {"one": 1}, NAMES], ids=["empty", "one", "names"])
def test_a_record_reads_back_as_written_with_its_keys_sorted(tmp_path: Path, data: dict[str, object]) -> None:
    import json

    store = BuildStore(tmp_path)
    store.save("pages", data, "base")
    assert store.load("pages", "base") == data
    text = store.path("pages").read_text(encoding="utf-8", errors="surrogateescape")
    pairs = json.loads(text, object_pairs_hook=list)
    assert [key for key, _ in dict(pairs)["data"]] == sorted(data)


@pytest.mark.parametrize("damage", ["missing", "other base", "other version", "not json", "half written", "not an object"])
def test_a_record_that_cannot_be_trusted_reads_as_empty(tmp_path: Path, damage: str) -> None:
    """A build reads its last record back from disk: anything but a whole record of this version,
    made under the same base, starts afresh rather than being misread."""
    import json

    store = BuildStore(tmp_path)
    store.save("pages", {"a.html": ["f", []]}, "base")
    path = store.path("pages")
    text = path.read_text(encoding="utf-8")
    if damage == "missing":
        path.unlink()
    elif damage == "other version":
        record = json.loads(text)
        record["version"] -= 1
        path.write_text(json.dumps(record), encoding="utf-8")
    elif damage == "not json":
        path.write_text("{not json", encoding="utf-8")
    elif damage == "half written":
        path.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "not an object":
        path.write_text("[1, 2]", encoding="utf-8")
    base = "another base" if damage == "other base" else "base"
    assert store.load("pages", base) == {}


@pytest.mark.parametrize("names, inside", [
    (["index.html", "2024/05/a-story.html", "people/ann-lee/index.html", "a..b/c..d.html"], True),
    ([], True),
    (["index.html", ""], False),
    (["/etc/passwd"], False),
    (["people/../../outside.html"], False),
    ([".."], False),
    (["feeds/.."], False),
    (["ok.html", "a\n/b.html"], True),  # a line break is part of a name, inside the folder
    (["ok.html", "a\n/../../b.html"], False),
])
def test_recorded_names_that_would_leave_the_output_folder_are_refused(names: list[str], inside: bool) -> None:
    """A state file is read back from disk: a page name in it is kept only when joining it to the
    output folder stays inside."""
    assert IncrementalWriter._all_inside(names) is inside


def test_an_attribute_that_declares_its_fingerprint_is_signed_as_value_signs_it() -> None:
    """The signer's shortcut for a story's entities and links gives what Signer.value gives them."""
    from newsarchive.site.archive import Link, Links
    from newsarchive.site.entities import Entity, EntityGroups, EntityType, Named

    signer = signatures.Signer()
    kind = EntityType("person", "people", "People", "Person", "Person", "people/")
    ann = Entity(kind, "Ann Lee", "ann-lee", "people/ann-lee/", "people/ann-lee/index.html")
    attributes = {
        "author_links": Links([Link("Ann Lee", "author/ann-lee.html"), Link("Bob", None)]),
        "category_link": Link("Sport", "category/sport.html"),
        "entities": Named([ann]), "entity_groups": EntityGroups([(kind, Named([ann]))]), "title": "A title",
    }
    parts, refs = signer._attribute_parts(attributes, sorted(attributes))
    assert refs == []
    assert parts == [f"{key}={signer.value(attributes[key], signatures.REF, 1)}" for key in sorted(attributes)]
    assert "Ann Lee" in parts[2] and "author/ann-lee.html" in parts[0]
    assert signatures.declares_fingerprint(Links) and not signatures.declares_fingerprint(str)


def test_a_topic_a_story_leaves_is_made_again(site: tuple[Path, Path, Path, dict[str, int]], tmp_path: Path) -> None:
    """Topics none of whose stories changed are kept without a fingerprint (their number of stories
    is checked, and their template and own values by the stamp); one that a story leaves loses it,
    one it joins gains it, and an edit to the topic template reaches every topic's page."""
    _, content, _, _ = site
    from newsarchive.build import PROJECT

    theme, output = tmp_path / "theme", tmp_path / "output"
    shutil.copytree(PROJECT / "theme", theme)
    build(content, output, THEME=str(theme))
    tags = {p: next((line for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("Tags: ")), "")
            for p in sorted(content.rglob("*.md"))}
    counted = Counter(tag for line in tags.values() for tag in line.removeprefix("Tags: ").split(", ") if tag)
    # a topic of other stories too, so its page stays, with one story fewer
    story, line = next((p, line) for p, line in tags.items() if line and counted[line.removeprefix("Tags: ").split(", ")[0]] > 1)
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace(line, "Tags: " + ", ".join([*line.removeprefix("Tags: ").split(", ")[1:], "Zorkmid trade"])),
                     encoding="utf-8")
    try:
        written = written_by(output, lambda: build(content, output, THEME=str(theme)))
        topics = {p.relative_to(output).as_posix() for p in (output / "tag").glob("*.html")}
        left = f"tag/{slugify(line.removeprefix('Tags: ').split(', ')[0])}.html"
        assert {left, "tag/zorkmid-trade.html"} <= written and len(written & topics) < len(topics) / 2
        title = next(line for line in text.splitlines() if line.startswith("Title: ")).removeprefix("Title: ")
        assert title in html.unescape((output / "tag" / "zorkmid-trade.html").read_text(encoding="utf-8"))  # "&#39;" or "&#x27;"
        build(content, tmp_path / "full", incremental_on=False, THEME=str(theme))
        assert diff_trees(output, tmp_path / "full") == []  # the left topic's page too
    finally:
        story.write_text(text, encoding="utf-8")
    build(content, output, THEME=str(theme))
    template = theme / "templates" / "tag.html"
    template.write_text(template.read_text(encoding="utf-8").replace("</h1>", "</h1><p>edited topic page</p>", 1), encoding="utf-8")
    written = written_by(output, lambda: build(content, output, THEME=str(theme)))
    topics = list((output / "tag").glob("*.html"))
    assert {p.relative_to(output).as_posix() for p in topics} <= written and not written & story_pages(output)
    assert all("edited topic page" in page.read_text(encoding="utf-8") for page in topics)
    shutil.rmtree(tmp_path / "full")
    build(content, tmp_path / "full", incremental_on=False, THEME=str(theme))
    assert diff_trees(output, tmp_path / "full") == []


@pytest.mark.parametrize("rows, packed_back", [
    ([["en_GB", "Title", "", "Source"], ["Ann Lee", "Bo Wu"], []], True),
    ([["people", "Ann Lee"], ["places", "Paris"]], True),
    ([["feature one", "feature two"]], True),
    ([[]], True),
    ([["a name with \x1e inside"]], False),  # a separator in a string: not kept
    ([["cell", "another \x1f"]], False),
])
def test_memo_rows_come_back_as_they_were_packed(rows: list, packed_back: bool) -> None:
    packed = pack_rows(rows)
    assert (packed is not None) == packed_back
    if packed is not None:
        assert isinstance(packed, str) and unpack_rows(packed) == rows
    assert unpack_rows(["not", "ours"]) is None


# --- what a rebuild reading few files leaves out ------------------------------------------------


def test_a_rebuild_reading_few_files_leaves_pelicans_cache_file_and_the_next_makes_them_again(
        site: tuple[Path, Path, Path, dict[str, int]], tmp_path: Path) -> None:
    """At most one file in NEWSARCHIVE_CACHE_SAVE_SHARE read again: Pelican's content cache file
    is left as it was, and the next build makes that story again from its file; a build with more
    to read saves the cache whole. Each rebuild equals a fresh build."""
    _, content, _, _ = site
    output, share = tmp_path / "output", {"NEWSARCHIVE_CACHE_SAVE_SHARE": 10}
    build(content, output, **share)
    cache = incremental.cache_path({"OUTPUT_PATH": str(output.resolve()), "PATH": str(content.resolve())}) / "ArticlesGenerator"
    saved = cache.read_bytes()
    source = story_files(content)[0]
    added = [(f"Added story {n}", f"added-story-{n}") for n in range(6)]
    try:
        add_story_copy(content, source, *added[0], "2031-02-01T09:00:00+00:00")  # 1 in 41 files
        assert build(content, output, **share)["made"] == 1
        assert cache.read_bytes() == saved
        again = build(content, output, **share)
        assert again["made"] == 1 and again["rendered"] == 0 and cache.read_bytes() == saved
        for n, (title, slug) in enumerate(added[1:], 2):  # 1 + 5 in 46 files: more than one in 10
            add_story_copy(content, source, title, slug, f"2031-02-0{n}T09:00:00+00:00")
        assert build(content, output, **share)["made"] == 6
        assert cache.read_bytes() != saved
        assert build(content, output, **share)["made"] == 0
        assert_same_as_full_build(content, output, tmp_path / "full")
    finally:
        for _, slug in added:
            (content / "2031" / f"{slug}.md").unlink(missing_ok=True)


def test_a_rebuild_makes_its_context_with_the_collector_off_and_ends_with_it_on(
        site: tuple[Path, Path, Path, dict[str, int]], tmp_path: Path) -> None:
    """The garbage collector is off while a rebuild that reads few files makes its stories and
    indexes, on while a first build reads its files, and on with nothing frozen after any build,
    a failed one too."""
    import gc

    from pelican import signals

    _, content, _, _ = site
    output, seen = tmp_path / "output", []

    def note(*_: object, **__: object) -> None:
        seen.append(gc.isenabled())

    signals.article_generator_pretaxonomy.connect(note)
    try:
        build(content, output)
        build(content, output)
        assert seen == [True, False]
        assert gc.isenabled() and gc.get_freeze_count() == 0
        with pytest.raises(Exception):
            build(content, output, THEME=str(tmp_path / "no-such-theme"))
        assert gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        signals.article_generator_pretaxonomy.disconnect(note)
