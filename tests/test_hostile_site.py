"""The hostile drill: a seed folder written by an attacker, ingested and built by the real commands.

Every output file is parsed (HTML as a browser parses it, feeds and sitemap as XML, JSON as JSON):
no element or attribute a seed could have put there, every published story's words verbatim,
every seed accounted for, nothing written outside content/ and output/. The checks cover whatever
the build writes, so they grow with the site (entity pages, search index, cards).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newsarchive.article import Article
from newsarchive.ingest import extract_path
from newsarchive.slugs import slugify

from .fixtures.hostile.checks import (
    CANARIES,
    feed_entries,
    markup_problems,
    norm,
    raw_script_problems,
    soup_of,
    texts_of,
)
from .fixtures.hostile.corpus import (
    INJECTIONS,
    Seed,
    as_read,
    has_words,
    hostile_corpus,
    visible,
    write_corpus,
    write_direct,
)

pytestmark = pytest.mark.slow

# Seeds the text reader does not publish as the corpus intends; each is a finding for the parser
# (newsarchive/parse/), listed so the rest of the drill stays strict. A fix turns these into
# unexpected passes, and the entry goes.
PARSER_LIMITS: dict[str, str] = {}
# Body lines the text reader drops on purpose, with its reason.
DROPPED_BODY_LINES = {
    INJECTIONS["pelican-date"]: "a short date line inside the body is read as a dateline",
}


@dataclass
class Built:
    root: Path
    seeds: list[Seed]
    report: dict
    outcomes: dict[str, dict]
    articles: dict[str, tuple[Article, str]]  # seed path → (article, page path under output/)
    before: dict[str, str]  # files outside content/ and output/ before the run: path → digest
    outside: Path
    logs: list[str] = field(default_factory=list)
    soups: dict[Path, Any] = field(default_factory=dict)

    def soup(self, path: Path) -> Any:
        """A page parsed once per session (html5lib is thorough, not fast)."""
        if path not in self.soups:
            self.soups[path] = soup_of(path.read_text(encoding="utf-8"))
        return self.soups[path]

    @property
    def output(self) -> Path:
        return self.root / "output"

    def files(self, *suffixes: str) -> Iterator[Path]:
        for path in sorted(self.output.rglob("*")):
            if path.is_file() and (not suffixes or path.name.endswith(suffixes)):
                yield path

    def page(self, seed: str) -> tuple[Article, Path]:
        article, page = self.articles[seed]
        return article, self.output / page


def snapshot(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under root (not following links) with a digest of its bytes."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel = Path(dirpath).relative_to(root)
        dirnames[:] = [d for d in dirnames if str(rel / d) not in skip]
        for name in filenames:
            path = Path(dirpath) / name
            data = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
            found[str(rel / name)] = hashlib.sha256(data).hexdigest()
    return found


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsarchive.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def page_path(markdown: str) -> str:
    """The article's page under output/, from its Date and Slug (ARTICLE_SAVE_AS; undated/ without a Date)."""
    meta = dict(re.findall(r"^(\w+): (.*)$", markdown.split("\n\n", 1)[0], re.M))
    if "Date" not in meta:
        return f"undated/{meta['Slug']}.html"
    year, month = meta["Date"][:4], meta["Date"][5:7]
    return f"{year}/{month}/{meta['Slug']}.html"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("hostile")
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text("Secret story outside the seed folder\n\nBy Jane Doe\nMarch 3, 2021\n\n" + "word " * 40)
    seeds = write_corpus(root / "seeds")
    (root / "seeds" / "names" / "link-to-file.txt").symlink_to(outside / "secret.txt")
    (root / "seeds" / "names" / "link-to-dir").symlink_to(outside)
    (root / "seeds" / "names" / "link-to-passwd.txt").symlink_to("/etc/passwd")
    before = snapshot(root) | {f"outside/{k}": v for k, v in snapshot(outside).items()}
    logs = []
    for args in (("ingest", "seeds", "--content", "content"), ("build", "--content", "content", "--output", "output")):
        if args[0] == "build":
            direct = write_direct(root / "content")
        result = run(*args, cwd=root)
        logs.append(result.stderr)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
    report = json.loads((root / "content" / ".newsarchive" / "report.json").read_text())
    outcomes = {o["path"]: o for o in report["seeds"]}
    articles = {}
    for path, outcome in outcomes.items():
        if outcome["status"] in ("published", "unchanged"):
            article = extract_path(root / path, path)
            markdown = (root / "content" / outcome["article"]).read_text(encoding="utf-8")
            articles[path] = (article, page_path(markdown))
    for article in direct:
        markdown = next((root / "content" / "direct").glob(f"direct-{slugify(article.seed_path)}.md")).read_text(encoding="utf-8")
        articles[article.seed_path] = (article, page_path(markdown))
    return Built(root, seeds, report, outcomes, articles, before, outside, logs)


def expected(seed: Seed) -> str:
    return PARSER_LIMITS.get(seed.name) and "limit" or seed.expect


def seed_ids() -> list[Seed]:
    return [s for s in hostile_corpus() if s.expect in ("published", "published-or-failed")]


# ---------------------------------------------------------------- every seed accounted for


def test_every_seed_is_in_the_report(built: Built) -> None:
    on_disk = {f"seeds/{s.name}" for s in built.seeds if s.expect != "ignored"}
    on_disk |= {"seeds/names/link-to-file.txt", "seeds/names/link-to-dir", "seeds/names/link-to-passwd.txt"}
    assert set(built.outcomes) == on_disk
    assert built.report["summary"]["total"] == len(on_disk)
    for outcome in built.report["seeds"]:
        assert outcome["status"] in ("published", "unchanged", "duplicate", "failed", "skipped"), outcome
        if outcome["status"] in ("failed", "skipped", "duplicate"):
            assert outcome["reason"], outcome


def test_links_hidden_and_other_files_follow_the_readme_rule(built: Built) -> None:
    for link in ("link-to-file.txt", "link-to-dir", "link-to-passwd.txt"):
        outcome = built.outcomes[f"seeds/names/{link}"]
        assert outcome["status"] == "skipped" and "link" in outcome["reason"], outcome
    for other in ("notes.md", "photo.jpg"):
        assert built.outcomes[f"seeds/names/{other}"]["status"] == "skipped"
    assert not any(".hidden" in path for path in built.outcomes)
    pages = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in built.files(".html"))
    assert "Secret story outside" not in pages and "root:x:0:0" not in pages


@pytest.mark.parametrize("seed", [s for s in hostile_corpus() if s.expect in ("failed", "skipped")], ids=lambda s: s.name)
def test_bad_seed_fails_with_its_reason(built: Built, seed: Seed) -> None:
    outcome = built.outcomes[f"seeds/{seed.name}"]
    assert outcome["status"] == seed.expect and seed.reason in outcome["reason"], outcome


def test_same_title_same_date_both_publish_at_distinct_urls(built: Built) -> None:
    a, page_a = built.page("seeds/collide/bridge-a.txt")
    b, page_b = built.page("seeds/collide/bridge-b.txt")
    assert a.title == b.title and a.published == b.published
    assert page_a != page_b and page_a.is_file() and page_b.is_file()
    assert visible(a.body[1]) in texts_of(built.soup(page_a), ("p",))
    assert visible(b.body[1]) in texts_of(built.soup(page_b), ("p",))


def test_same_story_twice_publishes_once(built: Built) -> None:
    pair = {"seeds/collide/story.txt", "seeds/collide/story-spaced.txt"}
    statuses = sorted(built.outcomes[p]["status"] for p in pair)
    assert statuses == ["duplicate", "published"], statuses
    [dup] = [p for p in pair if built.outcomes[p]["status"] == "duplicate"]
    assert (pair - {dup}).pop() in built.outcomes[dup]["reason"]


# ---------------------------------------------------------------- nothing executable, anywhere


def test_no_markup_from_seeds_in_any_page(built: Built) -> None:
    problems = []
    for path in built.files(".html", ".htm", ".xhtml"):
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(built.output))
        problems += raw_script_problems(text, where)
        problems += markup_problems(built.soup(path), where)
    assert not problems, "\n".join(problems[:40])


def test_feeds_parse_and_carry_no_markup(built: Built) -> None:
    import feedparser

    feeds = list(built.files(".atom.xml", ".rss.xml")) + [p for p in built.files(".xml") if "feed" in p.name]
    problems = []
    for path in dict.fromkeys(feeds):
        where = str(path.relative_to(built.output))
        parsed = feedparser.parse(path.read_bytes())
        if parsed.bozo:
            problems.append(f"{where}: not a valid feed ({parsed.bozo_exception})")
        for title, _, bodies, _ in feed_entries(path):
            for body in bodies:
                problems += markup_problems(soup_of(body), f"{where} entry {title[:40]!r}")
    assert not problems, "\n".join(problems[:40])


def test_every_xml_and_json_file_parses(built: Built) -> None:
    from xml.etree import ElementTree

    for path in built.files(".xml"):
        ElementTree.parse(path)
    for path in built.files(".json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_scripts_and_images_carry_no_seed_text(built: Built) -> None:
    """Seed text in a .js file would run; in an SVG it could hold a script."""
    for path in built.files(".js", ".mjs", ".svg"):
        text = path.read_text(encoding="utf-8", errors="replace").lower()
        assert not any(c in text for c in CANARIES), f"seed text in {path.relative_to(built.output)}"


def test_output_paths_are_safe(built: Built) -> None:
    for path in built.files():
        rel = path.relative_to(built.output)
        assert path.resolve().is_relative_to(built.output.resolve()), rel
        for part in rel.parts:
            assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", part), f"unsafe output name {rel}"
    assert not any(p.is_symlink() for p in built.output.rglob("*"))


def test_nothing_written_outside_content_and_output(built: Built) -> None:
    after = snapshot(built.root, skip=("content", "output")) | {
        f"outside/{k}": v for k, v in snapshot(built.outside).items()
    }
    assert after == built.before


def test_direct_articles_show_every_field_verbatim(built: Built) -> None:
    """A payload in each metadata field: the page shows the title, body, authors and category whole."""
    problems = []
    for key, (article, page) in built.articles.items():
        if not key.startswith("seeds/direct/"):
            continue
        soup = built.soup(built.output / page)
        texts = texts_of(soup)
        if visible(article.title) not in texts_of(soup, ("h1",)):
            problems.append(f"{key}: headline")
        if visible(article.body[1]) not in texts_of(soup, ("p",)):
            problems.append(f"{key}: body")
        if visible(article.category) not in texts:
            problems.append(f"{key}: category {article.category!r}")
        for author in article.authors:
            name = visible(author.replace(",", " ").replace(";", " "))
            if name and name not in texts:
                problems.append(f"{key}: author {name!r}")
    assert not problems, "\n".join(problems[:40])


def test_reingest_and_rebuild_change_nothing(built: Built) -> None:
    content, output = snapshot(built.root / "content", skip=(".newsarchive",)), snapshot(built.output)
    for args in (("ingest", "seeds", "--content", "content"), ("build", "--content", "content", "--output", "output")):
        result = run(*args, cwd=built.root)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert snapshot(built.root / "content", skip=(".newsarchive",)) == content
    assert snapshot(built.output) == output


# ---------------------------------------------------------------- the words, verbatim


@pytest.mark.parametrize("seed", seed_ids(), ids=lambda s: s.name)
def test_seed_publishes_its_words_verbatim(built: Built, seed: Seed) -> None:
    if seed.name in PARSER_LIMITS:
        pytest.xfail(PARSER_LIMITS[seed.name])
    path = f"seeds/{seed.name}"
    if path not in built.articles and seed.name.startswith("collide/story"):
        return  # one of the pair is the duplicate: the pair test checks which
    outcome = built.outcomes[path]
    if seed.expect == "published-or-failed" and outcome["status"] == "failed":
        assert outcome["reason"]
        return
    assert path in built.articles, outcome
    article, page = built.page(path)
    assert as_read(article.title) == as_read(seed.title), "the parser changed the headline"
    body = [as_read(p) for p in article.body]
    wanted = [p for p in seed.paragraphs if has_words(p) and p not in DROPPED_BODY_LINES]
    missing = [p for p in wanted if as_read(p) not in body]
    assert not missing, f"the parser dropped body text: {missing}"
    soup = built.soup(page)
    assert as_read(seed.title) in texts_of(soup, ("h1",)), "headline not shown verbatim"
    shown = texts_of(soup, ("p",))
    assert not [p for p in wanted if as_read(p) not in shown], "paragraphs not shown verbatim"


def test_metadata_shown_verbatim_where_shown(built: Built) -> None:
    """Authors, category, caption and credit: wherever a page shows one, it shows all of it."""
    problems = []
    for seed_path, (article, page) in built.articles.items():
        soup = built.soup(built.output / page)
        texts = texts_of(soup)
        text = norm(soup.get_text(" "))
        # The corpus's captions and credits end in these words: where they show, all must show.
        for field_name, marker in (("caption", "at the council hall on Tuesday"), ("credit", "Getty Images")):
            value = visible(getattr(article, field_name))
            if value and marker in text and value not in text:
                problems.append(f"{seed_path}: {field_name} {value!r} not shown whole")
        for author in article.authors:
            if visible(author) not in texts:
                problems.append(f"{seed_path}: author {author!r} not shown")
        if article.category and visible(article.category) not in texts:
            problems.append(f"{seed_path}: category {article.category!r} not shown as an element's text")
    assert not problems, "\n".join(problems[:30])


def test_jsonld_holds_the_literal_title(built: Built) -> None:
    found = 0
    for seed_path, (article, page) in built.articles.items():
        soup = built.soup(built.output / page)
        for script in soup.find_all("script", type="application/ld+json"):
            data = json.loads(script.string)
            for item in data if isinstance(data, list) else data.get("@graph", [data]):
                if "headline" in item:
                    found += 1
                    assert item["headline"] == visible(article.title), seed_path
    if not found:
        pytest.skip("the theme writes no JSON-LD headline yet")


def test_feed_titles_are_literal(built: Built) -> None:
    by_url = {page: article for article, page in built.articles.values()}
    checked, problems = 0, []
    for path in built.files(".atom.xml", ".rss.xml"):
        for title, link, bodies, _ in feed_entries(path):
            article = by_url.get(urlsplit(link).path.lstrip("/"))
            if article is None:
                continue
            checked += 1
            if norm(title) != visible(article.title):
                problems.append(f"{path.name}: {title!r} is not {visible(article.title)!r}")
            shown = set().union(*(texts_of(soup_of(b), ("p",)) for b in bodies)) if bodies else set()
            if bodies and visible(article.body[0]) not in shown and not any(visible(article.body[0]).startswith(s.rstrip("…. ")) for s in shown if s):
                problems.append(f"{path.name}: entry for {article.title[:40]!r} lost its first paragraph")
    if not checked:
        pytest.skip("no feeds in this build")
    assert not problems, "\n".join(sorted(set(problems))[:30])


def test_sitemap_lists_real_pages(built: Built) -> None:
    from xml.etree import ElementTree

    sitemaps = list(built.files("sitemap.xml"))
    if not sitemaps:
        pytest.skip("no sitemap in this build")
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    for sitemap in sitemaps:
        for loc in ElementTree.parse(sitemap).getroot().iter(f"{ns}loc"):
            path = urlsplit(loc.text or "").path.lstrip("/")
            target = built.output / path
            assert (target / "index.html").is_file() if (not path or path.endswith("/")) else target.is_file(), loc.text
