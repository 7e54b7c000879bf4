"""Search benchmark: what a first query downloads, how fast queries run, what the index costs a build.

    python scripts/bench_search.py                       # 10,000 and 100,000 articles, browser
    python scripts/bench_search.py --articles 10000 --pelican 2000

For each size it builds a search folder straight from generated articles (BBC news texts from
../shared/corpus/bbc with varied headlines, dates, outlets and names, or generated text when the
corpus is absent), serves it with a page that loads the search exactly as search.html does, and
in headless Chromium opens it with one-word queries, counting every byte the page fetched,
gzipped (the page, the theme's lunr.min.js, the search scripts, manifest, shards and the top-10
fragments), then times each query again once its parts are loaded. With --pelican N it builds N such
articles with Pelican and the search plugin, then adds one and builds again (the search cache
on), and reports the plugin's seconds and share of both builds.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsarchive.article import Article  # noqa: E402
from newsarchive.markdown import to_markdown  # noqa: E402
from newsarchive.site.search.documents import SearchDoc  # noqa: E402
from newsarchive.site.search.index import write_index  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"
STATIC = ROOT / "theme" / "static"
OUTLETS = ("BBC News", "The Herald", "Daily Courier", "Evening Post", "The Observer Online", "Metro Wire")
PLACES = ("London", "Paris", "Berlin", "Washington", "Beijing", "Moscow", "Kyiv", "Tokyo", "Delhi", "Nairobi")
SYLLABLES = "ka lo mi ra ten vor sha bel dun gri pa zu no fel ast rin mar tol ve qui sto lan".split()
ANGLES = ("Analysis", "Update", "Live", "Explained", "Opinion", "Latest", "In pictures", "Q&A")
# One-word queries from rare to common, for the byte counts.
WORDS = ("yukos", "shell", "election", "music", "government", "year")
HARNESS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Search</title></head><body>
<section id="search" data-search-index="/search/" data-site-url="/">
<form id="search-form" role="search" action="search.html" method="get">
<label for="search-q">Search the archive</label>
<input id="search-q" name="q" type="search" autocomplete="off">
<select id="search-category" name="category"><option value="">All categories</option></select>
<select id="search-year" name="year"><option value="">All years</option></select>
<select id="search-type" name="type"><option value="">Anywhere</option></select>
<button type="submit">Search</button></form>
<p id="search-status" role="status" aria-live="polite"></p>
<ol id="search-results"></ol><button id="search-more" type="button" hidden>More</button>
</section>
<script src="/theme/vendor/lunr/lunr.min.js" defer></script>
<script src="/theme/js/search-engine.js" defer></script>
<script src="/theme/js/search.js" defer></script>
</body></html>
"""


def load_corpus(folder: Path) -> list[tuple[str, str, list[str]]]:
    """(category, headline, paragraphs) of every text in the BBC corpus."""
    texts = []
    for path in sorted(folder.glob("*/*.txt")):
        head, _, body = path.read_text(encoding="utf-8", errors="replace").partition("\n")
        paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
        if head.strip() and paragraphs:
            texts.append((path.parent.name.title(), head.strip(), paragraphs))
    return texts


def generated_corpus(rng: random.Random, n: int = 500) -> list[tuple[str, str, list[str]]]:
    """Text with a Zipf-like vocabulary, for machines without the corpus."""
    vocabulary = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(20_000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]

    def sentence(k: int) -> str:
        return " ".join(rng.choices(vocabulary, weights, k=k)).capitalize() + "."

    return [
        (rng.choice(("Politics", "Business", "Sport", "Tech", "Entertainment")), sentence(8)[:-1],
         [" ".join(sentence(rng.randint(8, 25)) for _ in range(3)) for _ in range(rng.randint(6, 14))])
        for _ in range(n)
    ]


def make_name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}"


def make_articles(n: int, rng: random.Random) -> list[Article]:
    """n articles: corpus texts re-dated, re-titled and given people, so no two are the same."""
    corpus = load_corpus(CORPUS) if CORPUS.is_dir() else generated_corpus(rng)
    names = [make_name(rng) for _ in range(max(100, n // 3))]
    start = datetime(2000, 1, 1, tzinfo=timezone.utc)
    articles = []
    for i in range(n):
        category, headline, paragraphs = corpus[i % len(corpus)]
        people = tuple(dict.fromkeys(names[min(int(rng.paretovariate(0.7)), len(names)) - 1] for _ in range(2)))
        place = rng.choice(PLACES)
        if i >= len(corpus):
            headline = f"{rng.choice(ANGLES)}: {headline} as {people[0]} speaks in {place}"
        body = (*paragraphs, f"{people[0]} said in {place} that the story would be followed closely.")
        articles.append(
            Article(
                title=headline,
                published=start + timedelta(minutes=rng.randrange(25 * 365 * 24 * 60)),
                body=body,
                category=category,
                source=rng.choice(OUTLETS),
                people=people,
                places=(place,),
            )
        )
    return articles


def search_doc(number: int, article: Article) -> SearchDoc:
    date = article.published
    return SearchDoc(
        title=article.title,
        body=article.text,
        url=f"{date:%Y}/{date:%m}/story-{number}.html" if date else f"story-{number}.html",
        date=date,
        day=f"{date.day} {date:%B %Y}" if date else "",
        source=article.source,
        category=article.category,
        people=article.people,
        places=article.places,
    )


# ---------------------------------------------------------------------------------------------


def bench_pelican(articles: list[Article], work: Path) -> dict[str, float]:
    """Build all but the last article with stock Pelican (its default theme, no other plugin)
    plus the search plugin, in one run, then add the last one and build again (the search cache
    on, as in an archive's builds); the plugin's seconds and share of each build."""
    from newsarchive.build import build_site

    content = work / "content"

    def write(number: int, article: Article) -> None:
        path = content / f"{number // 1000}" / f"story-{number}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_markdown(article, f"story-{number}"), encoding="utf-8")

    def build() -> tuple[float, float]:
        started = time.perf_counter()
        counts = build_site(content, work / "output", overrides={
            "PLUGINS": ["newsarchive.site.search"], "THEME": "notmyidea", "NEWSARCHIVE_SEARCH_PAGE": False,
            "DIRECT_TEMPLATES": ["index", "tags", "categories", "authors", "archives"],
            "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
        })
        return time.perf_counter() - started, counts["search_ms"] / 1000

    for number, article in enumerate(articles[:-1]):
        write(number, article)
    total, own = build()
    write(len(articles) - 1, articles[-1])
    again, own_again = build()
    return {"articles": len(articles) - 1, "build_s": round(total, 2), "search_s": round(own, 2),
            "pelican_s": round(total - own, 2), "search_share": round(own / (total - own), 3),
            "add_one_build_s": round(again, 2), "add_one_search_s": round(own_again, 2),
            "add_one_search_share": round(own_again / (again - own_again), 3)}


class Recorder(SimpleHTTPRequestHandler):
    """Serves a folder and records the path of every file it sends."""

    served: list[str]

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        result = super().send_head()
        if result is not None:
            self.served.append(self.path.split("?", 1)[0])
        return result


def serve(folder: Path) -> tuple[ThreadingHTTPServer, list[str]]:
    served: list[str] = []
    handler = functools.partial(type("R", (Recorder,), {"served": served}), directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, served


def gzipped(folder: Path, paths: list[str]) -> int:
    total = 0
    for path in dict.fromkeys(paths):
        file = folder / path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        total += len(gzip.compress(file.read_bytes(), 6))
    return total


def bench_browser(site: Path, queries: list[str]) -> dict[str, object]:
    """Bytes for first one-word queries and query times once loaded, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    server, served = serve(site)
    base = f"http://127.0.0.1:{server.server_port}"
    out: dict[str, object] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--no-first-run"],
            )
            first = {}
            for word in WORDS:
                context = browser.new_context()  # an empty cache
                page = context.new_page()
                served.clear()
                page.goto(f"{base}/search.html?q={word}")
                page.wait_for_function("document.getElementById('search-status').textContent.length > 0")
                page.wait_for_load_state("networkidle")
                status = page.text_content("#search-status")
                first[word] = {"bytes_gz": gzipped(site, list(served)), "files": len(set(served)), "status": status}
                context.close()
            out["first_query"] = first
            page = browser.new_page()
            page.goto(f"{base}/search.html")
            page.wait_for_function("window.NewsSearch !== undefined")
            timings = page.evaluate(
                """async (queries) => {
                  const engine = await NewsSearch.open('/search/', (u) => fetch(u).then((r) => r.json()))
                  const times = []
                  for (const q of queries) {
                    try { await engine.search(q) } catch (e) {}  // fetch the parts
                    const t0 = performance.now()
                    try { await engine.search(q) } catch (e) {}
                    times.push(performance.now() - t0)
                  }
                  return times
                }""",
                queries,
            )
            out["query_ms_median"] = round(statistics.median(timings), 2)
            out["query_ms_max"] = round(max(timings), 2)
            out["queries_timed"] = len(timings)
            out["slowest_ms"] = sorted(((round(t, 1), q) for t, q in zip(timings, queries)), reverse=True)[:5]
            browser.close()
    finally:
        server.shutdown()
    return out


def site_folder(docs: list[SearchDoc], folder: Path) -> dict[str, object]:
    """A served folder: the search index, the scripts and the harness page."""
    stats = write_index(docs, folder / "search")
    for part in ("js", "vendor"):
        shutil.copytree(STATIC / part, folder / "theme" / part, dirs_exist_ok=True)
    (folder / "search.html").write_text(HARNESS, encoding="utf-8")
    shards = sorted(folder.glob("search/shard-*.json"))
    sizes = sorted(len(gzip.compress(p.read_bytes(), 6)) for p in shards)
    return {
        "docs": stats.docs, "terms": stats.terms, "shards": stats.shards,
        "index_s": round(stats.seconds, 2), "index_ms_per_doc": round(stats.seconds / stats.docs * 1000, 3),
        "shard_gz_median": sizes[len(sizes) // 2], "shard_gz_max": sizes[-1],
        "manifest_gz": len(gzip.compress((folder / "search" / "index.json").read_bytes(), 6)),
        "dictionary_gz": len(gzip.compress(next(folder.glob("search/terms-*.json")).read_bytes(), 6)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--pelican", type=int, default=0, help="also build this many articles with Pelican")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--queries", type=Path, default=ROOT / "tests" / "search_queries.json")
    parser.add_argument("--keep", type=Path, help="build here and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)
    rng = random.Random(5)
    queries = list(WORDS)
    if args.queries.exists():
        queries += [q["q"] for q in json.loads(args.queries.read_text(encoding="utf-8"))["queries"]]
    report: dict[str, object] = {}
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        for n in args.articles:
            articles = make_articles(n, rng)
            docs = [search_doc(i, a) for i, a in enumerate(articles)]
            del articles
            folder = work / f"site-{n}"
            result = site_folder(docs, folder)
            del docs
            if not args.no_browser and Path("/usr/bin/chromium").exists():
                result.update(bench_browser(folder, queries))
            report[f"{n}_articles"] = result
            print(json.dumps({f"{n}_articles": result}, indent=1), flush=True)
        if args.pelican:
            report["pelican"] = bench_pelican(make_articles(args.pelican + 1, rng), work / "pelican")
            print(json.dumps({"pelican": report["pelican"]}, indent=1))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
