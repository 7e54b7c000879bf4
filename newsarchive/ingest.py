"""The ingest run: seeds → content/*.md, in parallel, incremental, deduplicated, reported."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .article import Article
from .enrich import enrich_article, finalize_archive
from .errors import SeedError
from .fsutil import write_atomic, write_if_changed
from .markdown import to_markdown
from .parse import parse_seed
from .seeds import RawSeed, Skipped, find_seeds, read_seed
from .slugs import short_hash, slugify

log = logging.getLogger(__name__)

STATE_DIR = ".newsarchive"
CACHE_VERSION = f"{__version__}-1"
SERIAL_BELOW = 32  # fewer seeds than this are parsed in-process (a pool costs more than it saves)


@dataclass(frozen=True, slots=True)
class Options:
    """How an ingest run behaves; the CLI fills it from arguments and settings."""

    content: Path = Path("content")
    report: Path | None = None
    workers: int = 0  # 0: one per core
    allow_undated: bool = False
    use_cache: bool = True
    scheduler: str | None = None  # a Dask scheduler address, when the run is distributed


@dataclass(slots=True)
class Outcome:
    """What happened to one seed, as the report lists it."""

    path: str
    status: str  # published, unchanged, duplicate, failed, skipped
    reason: str = ""
    article: str = ""  # content file written, relative to the content folder
    line: int | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = {"path": self.path, "status": self.status, "reason": self.reason, "article": self.article}
        if self.line:
            data["line"] = self.line
        if self.notes:
            data["notes"] = list(self.notes)
        return data


@dataclass(slots=True)
class Report:
    """Every seed's fate and a summary."""

    seeds: list[Outcome] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for outcome in self.seeds:
            counts[outcome.status] += 1
        return {"total": len(self.seeds), **{k: counts[k] for k in sorted(counts)}}

    def to_json(self) -> str:
        seeds = sorted(self.seeds, key=lambda o: o.path)
        data = {"seeds": [o.to_dict() for o in seeds], "summary": self.summary()}
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def extract_path(path: Path, shown: str | None = None, allow_undated: bool = False) -> Article:
    """Read, parse and enrich one seed: what `newsarchive extract` prints and ingest uses."""
    raw = read_seed(path, shown)
    return extract_raw(raw, allow_undated)


def extract_raw(raw: RawSeed, allow_undated: bool = False) -> Article:
    """Parse and enrich one decoded seed."""
    return enrich_article(parse_seed(raw, allow_undated=allow_undated))


def _cache_path(content: Path, sha: str) -> Path:
    return content / STATE_DIR / "cache" / sha[:2] / f"{sha}.json"


def process_seed(task: tuple[str, str, str, bool, bool]) -> tuple[str, dict[str, Any] | None, str, int | None]:
    """Worker: one seed path → (shown path, article dict or None, error reason, error line)."""
    path, shown, content, allow_undated, use_cache = task
    try:
        raw = read_seed(Path(path), shown)
        cache = _cache_path(Path(content), hashlib.sha256(f"{CACHE_VERSION}:{raw.sha256}:{allow_undated}".encode()).hexdigest())
        if use_cache and cache.is_file():
            try:
                data = json.loads(cache.read_text(encoding="utf-8"))
                if data.get("seed_path") == shown:
                    return shown, data, "", None
            except (OSError, ValueError):
                pass
        article = extract_raw(raw, allow_undated)
        data = article.to_dict()
        if use_cache:
            write_atomic(cache, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        return shown, data, "", None
    except SeedError as exc:
        return shown, None, exc.reason, exc.line
    except Exception as exc:  # noqa: BLE001 - one bad seed must never stop the others
        log.debug("crash on %s", shown, exc_info=True)
        return shown, None, f"internal error while parsing ({type(exc).__name__}: {exc})", None


def map_seeds(tasks: list[tuple[str, str, str, bool, bool]], options: Options) -> Iterator[tuple[str, dict[str, Any] | None, str, int | None]]:
    """Run process_seed over tasks: in-process, on a local pool, or on a Dask cluster."""
    if options.scheduler:
        from .distributed import map_on_dask

        yield from map_on_dask(process_seed, tasks, options.scheduler)
        return
    workers = options.workers or os.cpu_count() or 1
    if workers == 1 or len(tasks) < SERIAL_BELOW:
        yield from map(process_seed, tasks)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(process_seed, tasks, chunksize=max(1, min(64, len(tasks) // (workers * 8) or 1)))


def shown_path(path: Path, root: Path) -> str:
    """The path a user sees in messages: relative to the seed folder's parent."""
    try:
        return str(path.relative_to(root.parent if root.is_dir() else root.parent))
    except ValueError:
        return str(path)


def body_key(article: Article) -> str:
    """Two seeds with this same key tell the same story (whitespace and case ignored)."""
    text = re.sub(r"\s+", " ", " ".join(article.body)).strip().casefold()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def assign_slugs(articles: list[Article]) -> dict[str, str]:
    """seed path → slug; same-title stories get a suffix from their body, all but the earliest."""
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        groups[slugify(article.title, "article")].append(article)
    slugs: dict[str, str] = {}
    for base, group in groups.items():
        group.sort(key=lambda a: (a.published.isoformat() if a.published else "", body_key(a)))
        for index, article in enumerate(group):
            slugs[article.seed_path] = base if index == 0 else f"{base}-{short_hash(body_key(article))}"
    return slugs


def content_file(article: Article, slug: str) -> str:
    """Where an article is written, relative to the content folder."""
    year = f"{article.published.year:04d}" if article.published else "undated"
    return f"{year}/{slug}.md"


def ingest(
    seeds: Path,
    options: Options = Options(),
    progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
) -> Report:
    """Ingest every seed under `seeds` into `options.content`; return the run report."""
    content = options.content
    content.mkdir(parents=True, exist_ok=True)
    report = Report()
    tasks: list[tuple[str, str, str, bool, bool]] = []
    for entry in find_seeds(seeds):
        if isinstance(entry, Skipped):
            report.seeds.append(Outcome(shown_path(Path(entry.path), seeds), "skipped", entry.reason))
        else:
            tasks.append((str(entry), shown_path(entry, seeds), str(content), options.allow_undated, options.use_cache))
    results = map_seeds(tasks, options)
    if progress:
        results = progress(results, len(tasks))
    articles: list[Article] = []
    for shown, data, reason, line in results:
        if data is None:
            report.seeds.append(Outcome(shown, "failed", reason, line=line))
        else:
            articles.append(Article.from_dict(data))
    articles = dedupe(articles, report)
    articles = finalize_archive(articles)
    write_articles(articles, content, report)
    if options.report:
        write_atomic(options.report, report.to_json().encode("utf-8"))
    return report


def dedupe(articles: list[Article], report: Report) -> list[Article]:
    """Keep one article per story (the first seed path in sort order); report the others."""
    kept: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.seed_path):
        key = body_key(article)
        if key in kept:
            report.seeds.append(Outcome(article.seed_path, "duplicate", f"same story as {kept[key].seed_path}"))
        else:
            kept[key] = article
    return list(kept.values())


def write_articles(articles: list[Article], content: Path, report: Report) -> None:
    """Write each article's Markdown, delete files earlier runs wrote that no seed makes now."""
    manifest_path = content / STATE_DIR / "manifest.json"
    try:
        previous = set(json.loads(manifest_path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        previous = set()
    slugs = assign_slugs(articles)
    written: list[str] = []
    for article in articles:
        relative = content_file(article, slugs[article.seed_path])
        changed = write_if_changed(content / relative, to_markdown(article, slugs[article.seed_path]).encode("utf-8"))
        notes = article.notes
        report.seeds.append(Outcome(article.seed_path, "published" if changed else "unchanged", article=relative, notes=notes))
        written.append(relative)
    for stale in sorted(previous - set(written)):
        target = content / stale
        if target.is_file() and not target.is_symlink():
            target.unlink()
    write_if_changed(manifest_path, (json.dumps(sorted(written), indent=0) + "\n").encode("utf-8"))
