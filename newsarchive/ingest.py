"""The ingest run: seeds → content/*.md, in parallel, incremental, deduplicated, reported.

The run streams. Workers (a local process pool, or a Dask cluster) read, parse and enrich each seed
and keep the whole article in the cache (`content/.newsarchive/cache/<fingerprint>/`, keyed by the
seed's path, content hash and options, the fingerprint hashing the code, rules, entity model and user
rule files that make articles); the run itself holds only a compact summary per article: its
metadata without body. Deduplication, slugs and the archive-wide steps (`enrich.finalize_archive`, which sees
articles without their body) work on those summaries; the same workers then take each article back
from the cache, with its final metadata, and write it. Memory grows with the number of articles
times the size of a summary, not of an article.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .article import Article, Removed
from .enrich import enrich_article, finalize_archive
from .errors import SeedError
from .fsutil import remove_stale_temporaries, write_atomic, write_if_changed
from .images import publish_lead_image
from .markdown import to_markdown
from .parse import parse_seed
from .seeds import RawSeed, Skipped, find_seeds, read_seed
from .slugs import short_hash, slugify

log = logging.getLogger(__name__)

STATE_DIR = ".newsarchive"
# The report's note on a seed published without a date (`--require-date` refuses such seeds).
UNDATED_NOTE = "no date found in the seed: published undated"
CACHE_VERSION = f"{__version__}-3"
PACKAGE = Path(__file__).resolve().parent
# What shapes pages rather than articles: editing these keeps the ingest cache.
NOT_ARTICLE_CODE = frozenset({"site", "synthetic.py", "build.py", "cli.py", "__pycache__"})
DISK_ERRORS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}  # a full disk, wherever it shows: the run stops
# The run's own writes (cache, content, report) failing with these stop the run; other errors on a
# write fail that one article, and any error while parsing fails that one seed.
STOP_ERRORS = DISK_ERRORS | {errno.EROFS, errno.EACCES, errno.EPERM}
SERIAL_BELOW = 32  # fewer seeds than this are parsed in-process (a pool costs more than it saves)

# (seed path, shown path, folder the article is kept in, allow undated, read the cache)
Task = tuple[str, str, str, bool, bool]
# (shown path, summary or None, error reason, error line)
Result = tuple[str, dict[str, Any] | None, str, int | None]


class RunStopped(OSError):
    """One of the run's own writes failed for want of room or permission: the whole run stops.

    `filename` names the folder; every file is its old or its new version (atomic writes), and the
    manifest and the removal of stale articles come last, so a re-run completes the update.
    """


@contextmanager
def own_write(target: Path, what: str, inside: Path | None = None) -> Iterator[None]:
    """Turn a full disk or a refused write of `target` into RunStopped naming its folder.

    With `inside`, an error on a file outside that folder (a seed's image being read) is left as it is.
    """
    try:
        yield
    except RunStopped:
        raise
    except OSError as exc:
        if exc.errno not in STOP_ERRORS:
            raise
        if inside is not None and exc.filename and exc.errno not in DISK_ERRORS:
            if not Path(os.path.abspath(exc.filename)).is_relative_to(os.path.abspath(inside)):
                raise
        folder = target if target.is_dir() else target.parent
        reason = (f"cannot write {what} ({exc.strerror or exc}); the ingest stopped and left every file whole: "
                  "free some space or fix the folder's permissions, then run it again")
        raise RunStopped(exc.errno, reason, str(folder)) from exc


@dataclass(frozen=True, slots=True)
class Options:
    """How an ingest run behaves; the CLI fills it from arguments and settings."""

    content: Path = Path("content")
    report: Path | None = None
    workers: int = 0  # 0: one per core
    require_date: bool = False  # refuse seeds without a date; by default they are published undated
    use_cache: bool = True
    scheduler: str | None = None  # a Dask scheduler address, when the run is distributed
    allow_undated: bool | None = None  # older callers' name: False refuses seeds without a date

    @property
    def refuses_undated(self) -> bool:
        """Whether a seed without a date fails instead of being published undated."""
        return self.require_date or self.allow_undated is False


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


@dataclass(frozen=True, slots=True)
class Summary:
    """What the run keeps of one parsed article: where it is kept, and its metadata without body."""

    kept: str  # the JSON file holding the whole article
    body_key: str
    meta: Article  # the article with an empty body and no removed lines

    @property
    def seed_path(self) -> str:
        return self.meta.seed_path


def extract_path(path: Path, shown: str | None = None, allow_undated: bool = True) -> Article:
    """Read, parse and enrich one seed: what `newsarchive extract` prints and ingest uses. A seed
    without a date is an undated article unless `allow_undated` is False."""
    raw = read_seed(path, shown)
    return extract_raw(raw, allow_undated)


def extract_raw(raw: RawSeed, allow_undated: bool = True) -> Article:
    """Parse and enrich one decoded seed."""
    return enrich_article(parse_seed(raw, allow_undated=allow_undated))


def body_key(article: Article) -> str:
    """Two seeds with this same key tell the same story (whitespace and case ignored)."""
    text = re.sub(r"\s+", " ", " ".join(article.body)).strip().casefold()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def strip_body(article: Article) -> Article:
    """The article's metadata alone: what the archive-wide steps and the run hold in memory."""
    return article.with_(body=(), removed=())


def kept_path(folder: Path, shown: str, raw: RawSeed, allow_undated: bool) -> Path:
    """Where one seed's article is kept: by its path, its bytes and the options that shape it.

    `folder` is named after the fingerprint of the code and data that make articles (`code_fingerprint`).
    """
    key = hashlib.sha256(f"{CACHE_VERSION}:{shown}:{raw.sha256}:{allow_undated}".encode()).hexdigest()
    return folder / key[:2] / f"{key}.json"


def article_code_files(package: Path = PACKAGE) -> list[Path]:
    """The package's files that make an article: its code, rules/*.toml and the entity model."""
    files: list[Path] = []
    for path in package.rglob("*"):
        relative = path.relative_to(package)
        if path.is_file() and path.suffix != ".pyc" and not NOT_ARTICLE_CODE & {relative.parts[0], *relative.parts[:-1]}:
            files.append(path)
    return sorted(files, key=lambda p: p.relative_to(package).as_posix())


def user_rule_files() -> list[str]:
    """The user's own rule and alias files this run reads (NEWSARCHIVE_ALIASES)."""
    from .entities.names import alias_files

    return sorted(set(alias_files()[1:]))


def code_fingerprint(package: Path = PACKAGE, extra: Sequence[str] = ()) -> str:
    """A hash of everything besides the seed that shapes its article: the package's article code and
    data (by content, so a reinstall or checkout that leaves them alone keeps the cache) and the
    user's rule files. Computed once per run; a few MB read."""
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for path in article_code_files(package):
        digest.update(f"\0{path.relative_to(package).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    for name in extra:
        digest.update(f"\0user:{name}\0".encode())
        try:
            digest.update(Path(name).read_bytes())
        except OSError as exc:  # the parser reports a missing file itself; here it only changes the key
            digest.update(f"unreadable {exc.errno}".encode())
    return digest.hexdigest()[:24]


def cache_folder(content: Path) -> Path:
    """This run's cache folder, `cache/<fingerprint>/`; folders of other fingerprints are stale and go."""
    root = content / STATE_DIR / "cache"
    fingerprint = code_fingerprint(PACKAGE, user_rule_files())
    if root.is_dir():
        for entry in root.iterdir():
            if entry.name != fingerprint and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.name != fingerprint and entry.is_file():
                entry.unlink()
    return root / fingerprint


def summary_of(data: dict[str, Any], kept: Path) -> dict[str, Any]:
    """The picklable summary a worker sends back for the article `data` kept at `kept`."""
    meta = {**data["article"], "body": [], "removed": []}
    return {"kept": str(kept), "body_key": data["body_key"], "meta": meta}


def process_seed(task: Task) -> Result:
    """Worker: read, parse and enrich one seed, keep the article on disk, return its summary."""
    path, shown, folder, allow_undated, use_cache = task
    try:
        raw = read_seed(Path(path), shown)
        kept = kept_path(Path(folder), shown, raw, allow_undated)
        if use_cache and kept.is_file():
            try:
                return shown, summary_of(json.loads(kept.read_text(encoding="utf-8")), kept), "", None
            except (OSError, ValueError, KeyError):
                pass
        article = extract_raw(raw, allow_undated)
        data = {"article": article.to_dict(), "body_key": body_key(article)}
        # A cache entry is not synced: a torn one fails to load and the seed is parsed again.
        with own_write(kept.parent.parent, "the ingest cache"):
            write_atomic(kept, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"), fsync=False)
        return shown, summary_of(data, kept), "", None
    except SeedError as exc:
        return shown, None, exc.reason, exc.line
    except RunStopped:
        raise
    except OSError as exc:
        if exc.errno in DISK_ERRORS:  # the disk, not the seed: stop the run with a clear error
            with own_write(Path(exc.filename or folder), "a temporary file while parsing"):
                raise
        log.debug("crash on %s", shown, exc_info=True)
        return shown, None, f"internal error while parsing ({type(exc).__name__}: {exc})", None
    except Exception as exc:  # noqa: BLE001 - one bad seed must never stop the others
        log.debug("crash on %s", shown, exc_info=True)
        return shown, None, f"internal error while parsing ({type(exc).__name__}: {exc})", None


@contextmanager
def local_pool(options: Options, count: int) -> Iterator[ProcessPoolExecutor | None]:
    """The run's process pool, shared by the parsing and the writing of `count` seeds; None when
    the run stays in this process (one worker, a few seeds) or goes to Dask."""
    workers = options.workers or os.cpu_count() or 1
    if options.scheduler or workers == 1 or count < SERIAL_BELOW:
        yield None
        return
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # a stopped run does not parse the rest first
        raise
    pool.shutdown(wait=True)


def chunk_size(count: int, pool: ProcessPoolExecutor | None) -> int:
    """Items per message to a worker: few enough that the workers finish together, many
    enough that messages cost little (16 seeds are ~0.2 s of work)."""
    workers = getattr(pool, "_max_workers", 1)
    return max(1, min(16, count // (workers * 8) or 1))


def map_seeds(tasks: list[Task], options: Options, pool: ProcessPoolExecutor | None = None) -> Iterator[Result]:
    """Run process_seed over tasks, results in task order: in-process, on the local pool, or on Dask."""
    if options.scheduler:
        from .distributed import map_on_dask

        yield from map_on_dask(process_seed, tasks, options.scheduler)
    elif pool is None:
        yield from map(process_seed, tasks)
    else:
        yield from pool.map(process_seed, tasks, chunksize=chunk_size(len(tasks), pool))


def shown_path(path: Path, root: Path) -> str:
    """The path a user sees in messages: relative to the seed folder's parent."""
    try:
        return str(path.relative_to(root.parent if root.is_dir() else root.parent))
    except ValueError:
        return str(path)


def assign_slugs(
    articles: Sequence[Article],
    keys: dict[str, str] | None = None,
    published: dict[str, tuple[str, str]] | None = None,
) -> dict[str, str]:
    """seed path → slug: the title's slug, with a suffix from the body when another story has it.

    Once published, a slug stays: `published` (seed path → (slug, body key), from the last run)
    gives an article back its slug while its title still makes that slug, found by its seed path or,
    for a seed moved or renamed, by its body. The stories left take the bare title slug when it is
    free, the earliest first, and the others `title-<body hash>`. From scratch (nothing published)
    the result depends on the articles alone. `keys` gives each seed path's body key when the
    articles are summaries without a body.
    """
    def key_of(article: Article) -> str:
        return keys[article.seed_path] if keys else body_key(article)

    published = published or {}
    by_body = {key: slug for slug, key in sorted(published.values())}
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        groups[slugify(article.title, "article")].append(article)
    slugs: dict[str, str] = {}
    used: set[str] = set()
    ordered = sorted(groups.items())
    for base, group in ordered:
        group.sort(key=lambda a: (a.published.isoformat() if a.published else "", key_of(a), a.seed_path))
        for article in group:  # what was published keeps its slug
            old = published.get(article.seed_path, ("", ""))[0] or by_body.get(key_of(article), "")
            if old and old not in used and (old == base or is_suffixed(old, base)):
                slugs[article.seed_path] = old
                used.add(old)
    for base, group in ordered:
        for article in group:
            if article.seed_path in slugs:
                continue
            slug, length = base, 8
            while slug in used:  # a longer hash in the (unlikely) case of a clash
                slug, length = f"{base}-{short_hash(key_of(article), length)}", length + 4
            slugs[article.seed_path] = slug
            used.add(slug)
    return slugs


HASH_SUFFIX = re.compile(r"[0-9a-f]{8,64}")


def is_suffixed(slug: str, base: str) -> bool:
    """Is slug `base-<body hash>` (what assign_slugs gives a story whose title slug is taken)?"""
    return slug.startswith(base + "-") and HASH_SUFFIX.fullmatch(slug, len(base) + 1) is not None


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
    with own_write(content, "the content folder"):
        content.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(content)  # what a killed run's atomic writes left behind
        spill = None if options.use_cache else Path(tempfile.mkdtemp(prefix="spill-", dir=state_dir(content)))
        folder = spill or cache_folder(content)
    report = Report()
    try:
        tasks = collect_tasks(seeds, str(folder), options, report)
        with local_pool(options, len(tasks)) as pool:
            results: Iterable[Result] = map_seeds(tasks, options, pool)
            if progress:
                results = progress(results, len(tasks))
            summaries = collect_summaries(results, report)
            kept = dedupe(summaries, report)
            write_articles(kept, content, report, seeds, pool)
    finally:
        if spill:
            shutil.rmtree(spill, ignore_errors=True)
    if options.report:
        with own_write(options.report.parent, f"the run report {options.report.name}"):
            write_atomic(options.report, report.to_json().encode("utf-8"))
    return report


def state_dir(content: Path) -> Path:
    path = content / STATE_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def collect_tasks(seeds: Path, folder: str, options: Options, report: Report) -> list[Task]:
    """One task per seed file; everything else under `seeds` goes into the report as skipped."""
    tasks: list[Task] = []
    for entry in find_seeds(seeds):
        if isinstance(entry, Skipped):
            report.seeds.append(Outcome(shown_path(Path(entry.path), seeds), "skipped", entry.reason))
        else:
            tasks.append((str(entry), shown_path(entry, seeds), folder, not options.refuses_undated, options.use_cache))
    return tasks


def collect_summaries(results: Iterable[Result], report: Report) -> list[Summary]:
    """The summaries of parsed seeds, as they arrive; failures go into the report."""
    summaries: list[Summary] = []
    for shown, data, reason, line in results:
        if data is None:
            report.seeds.append(Outcome(shown, "failed", reason, line=line))
        else:
            summaries.append(Summary(data["kept"], data["body_key"], Article.from_dict(data["meta"])))
    return summaries


def dedupe(summaries: list[Summary], report: Report) -> list[Summary]:
    """Keep one article per story (the first seed path in sort order); report the others."""
    kept: dict[str, Summary] = {}
    for summary in sorted(summaries, key=lambda s: s.seed_path):
        if summary.body_key in kept:
            report.seeds.append(Outcome(summary.seed_path, "duplicate", f"same story as {kept[summary.body_key].seed_path}"))
        else:
            kept[summary.body_key] = summary
    return list(kept.values())


def load_article(kept: str, final: Article) -> Article:
    """The whole article back from where it was kept, with the archive-wide steps' metadata."""
    data = json.loads(Path(kept).read_text(encoding="utf-8"))["article"]
    return final.with_(body=tuple(data["body"]), removed=tuple(Removed(**r) for r in data["removed"]))


# (where the article is kept, its final metadata, slug, content folder, seed folder or None)
WriteJob = tuple[str, Article, str, str, str | None]


def write_article(job: WriteJob) -> tuple[Outcome, list[str]]:
    """Worker: one article back from the cache with its final metadata, its lead image and its
    Markdown written; its outcome for the report, and the image files it has."""
    kept, final, slug, folder, seeds = job
    content = Path(folder)
    relative = content_file(final, slug)
    images: list[str] = []
    try:
        article = load_article(kept, final)
        if seeds is not None:  # a saved page's lead image, copied and resized into content/images/
            with own_write(content / "images", "a lead image", inside=content):
                article, images = publish_lead_image(article, Path(seeds), content)
        text = to_markdown(article, slug).encode("utf-8")
        with own_write(content / relative, f"the article {relative}"):
            changed = write_if_changed(content / relative, text, fsync=False)
    except RunStopped:
        raise
    except OSError as exc:
        if exc.errno in DISK_ERRORS:
            with own_write(content, "the content folder"):
                raise
        return Outcome(final.seed_path, "failed", f"cannot write {relative} ({exc})"), images
    except Exception as exc:  # noqa: BLE001 - one article the writer cannot write must not stop the others
        log.debug("crash writing %s", final.seed_path, exc_info=True)
        return Outcome(final.seed_path, "failed", f"internal error while writing ({type(exc).__name__}: {exc})"), images
    notes = article.notes if article.published else (*article.notes, UNDATED_NOTE)
    return Outcome(article.seed_path, "published" if changed else "unchanged", article=relative, notes=notes), images


def write_articles(summaries: list[Summary], content: Path, report: Report, seeds: Path | None = None,
                   pool: ProcessPoolExecutor | None = None) -> None:
    """Run the archive-wide steps, write each article's Markdown (on the pool when there is one),
    delete files no seed makes now."""
    manifest_path = content / STATE_DIR / "manifest.json"
    previous, published = read_manifest(manifest_path)
    final = {a.seed_path: a for a in finalize_archive([s.meta for s in summaries])}
    keys = {s.seed_path: s.body_key for s in summaries}
    slugs = assign_slugs(list(final.values()), keys, published)
    # An article's file stays listed even when writing it fails: the last good version stays.
    written = [content_file(final[s.seed_path], slugs[s.seed_path]) for s in summaries]
    jobs = [(s.kept, final[s.seed_path], slugs[s.seed_path], str(content), None if seeds is None else str(seeds))
            for s in summaries]
    results = map(write_article, jobs) if pool is None else pool.map(write_article, jobs, chunksize=chunk_size(len(jobs), pool))
    for outcome, images in results:
        written.extend(images)
        report.seeds.append(outcome)
    # A seed that failed this time keeps its slug, and its last good article stays published.
    failed = {o.path for o in report.seeds if o.status == "failed"}
    remembered = {path: entry for path, entry in published.items() if path in failed}
    last_good = {f"/{slug}.md" for slug, _ in remembered.values()}
    written.extend(sorted(f for f in previous - set(written) if any(f.endswith(end) for end in last_good)))
    with own_write(content, "the content folder"):
        for stale in sorted(previous - set(written)):
            target = content / stale
            if target.is_file() and not target.is_symlink():
                target.unlink()
        os.sync()  # one flush for every article written above, before the manifest records them
    remembered.update({path: (slugs[path], keys[path]) for path in keys})
    manifest = {"files": sorted(written), "slugs": {path: list(remembered[path]) for path in sorted(remembered)}}
    with own_write(manifest_path, "the run's manifest"):
        write_if_changed(manifest_path, (json.dumps(manifest, indent=0, ensure_ascii=False) + "\n").encode("utf-8"))


def read_manifest(path: Path) -> tuple[set[str], dict[str, tuple[str, str]]]:
    """The last run's files (relative to the content folder) and published slugs (seed path →
    (slug, body key)); nothing when there is no readable manifest."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set(), {}
    if isinstance(data, list):  # the first format: the files alone
        return {str(f) for f in data}, {}
    if not isinstance(data, dict):
        return set(), {}
    files = {str(f) for f in data.get("files", [])}
    slugs = {str(k): (str(v[0]), str(v[1])) for k, v in data.get("slugs", {}).items()
             if isinstance(v, list) and len(v) == 2}
    return files, slugs
