"""The scale benchmark: `python scripts/bench.py --articles 10000` (or `make bench`).

Generates a seed corpus (newsarchive.synthetic), then measures ingest, the site build (with its
search, cards, feeds and entity parts), an incremental rebuild after one new article, and stock
Pelican on the same articles; prints a table and writes JSON.

`run_measured` runs one stage in a child process and reports its wall time and peak memory (the
largest process, and the whole process tree sampled every 50 ms). `profile_build` runs a Pelican
build with a stack sampler that attributes the time to stages (reading content, rendering pages,
feeds, and each of the project's plugins), so a slow part can be named.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from newsarchive.synthetic import SPAN_DAYS, START, diff_trees, generate_corpus, newest_seed, seed_name  # noqa: F401

# --- measuring a stage in a child process -------------------------------------------------------


@dataclass(slots=True)
class Measure:
    """Wall time, CPU time and peak memory of one stage run in a child process."""

    seconds: float
    peak_rss_mb: float  # the largest single process (kernel-accounted, includes reaped workers)
    cpu_seconds: float  # user and system time of the process and the children it waited for
    tree_rss_mb: float  # the whole process tree at its sampled peak (every 50 ms)
    returncode: int
    detail: dict[str, Any] = field(default_factory=dict)


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, now."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_measured(cmd: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None,
                 log: Path | None = None) -> Measure:
    """Run cmd, sampling its process tree's memory; raise when it fails."""
    out = open(log, "ab") if log else subprocess.DEVNULL
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if log:
        out.close()  # type: ignore[union-attr]
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed with exit code {proc.returncode}" + (f" (log: {log})" if log else ""))
    return Measure(round(seconds, 3), round(usage.ru_maxrss / 1024, 1), round(usage.ru_utime + usage.ru_stime, 3),
                   round(max(peak, usage.ru_maxrss * 1024) / 2**20, 1), proc.returncode)


# --- attributing a build's time to its stages ---------------------------------------------------

FEED_FUNCTIONS = {"write_feed", "generate_feeds", "_add_item_to_the_feed"}
# the incremental writer passing work on to Pelican's
WRITER_METHODS = {"write_file", "write_feed", "render", "_open_w", "open_output", "add_feed_item"}
INCREMENTAL = "newsarchive.site.incremental"  # the module, or the package and its modules
COMPAT = "newsarchive.site.pelican_compat"  # hooks that pass Pelican's calls on
WORKERS = "newsarchive.site.workers"  # the page worker: the build waiting for it, or starting it
READING = "newsarchive.site.reading"  # the build's half of reading the stories ahead of Pelican's loop
FILE_METHODS = {"__init__", "write", "close", "discard", "__exit__"}  # the incremental writer's page files: opening, writing


def classify_stack(frames: list[tuple[str, str, str]]) -> str:
    """The stage a stack sample belongs to; frames (module, function, file) run innermost first.

    Rendering a template counts as "render pages" whichever plugin asked for it; time in a
    plugin's own code counts under the plugin.
    """
    for module, function, filename in frames:
        if module == COMPAT:
            continue
        if module == WORKERS:
            return "waiting for the page worker"  # the build done with its own pages
        if module == READING:
            return "read content"  # as Pelican's loop reads: its stories, and waiting for the reader's
        incremental = module == INCREMENTAL or module.startswith(INCREMENTAL + ".")
        if function in FEED_FUNCTIONS and module.startswith("pelican"):
            return "feeds"
        if module.startswith("jinja2") or filename.endswith((".html", ".xml", ".j2")):
            return "render pages"
        if incremental and function in FILE_METHODS:
            return "render pages"  # writing the page's file
        if incremental and function not in WRITER_METHODS:
            return "incremental (fingerprints)"
        if module == "pelican.writers":
            return "render pages"  # Pelican writing a page (context, folders, the file itself)
        if module.startswith("newsarchive.site.") and not incremental:
            return f"plugin {module.split('.')[2]}"
    for module, function, _ in frames:
        if module.startswith("pelican") and function == "generate_context":
            return "read content"
        if module.startswith("pelican") and function in ("generate_output", "write_file"):
            return "render pages"
        if module.startswith("pelican") and function == "copy_file":
            return "static files"
    return "other (startup, settings, static)"


class StackSampler:
    """Samples the main thread's stack every few milliseconds and counts samples per stage.

    The samples are taken by a wall-clock timer's signal (SIGALRM), in the build's own thread: a
    sampling thread would keep the build from forking its page worker (newsarchive.site.workers
    forks only a process that runs no other thread), and a forked process inherits no timer.
    Each sample interrupts the build, so sampling slows what it measures: every 20 ms keeps
    hundreds of samples in a rebuild of seconds at little cost."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.counts: Counter[str] = Counter()
        self._previous: Any = None

    def __enter__(self) -> StackSampler:
        self._previous = signal.signal(signal.SIGALRM, self._sample)
        signal.setitimer(signal.ITIMER_REAL, self.interval, self.interval)
        return self

    def __exit__(self, *exc: object) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous)

    def _sample(self, signum: int, frame: Any) -> None:
        frames = []
        while frame is not None:
            frames.append((frame.f_globals.get("__name__") or "", frame.f_code.co_name, frame.f_code.co_filename))
            frame = frame.f_back
        self.counts[classify_stack(frames)] += 1

    def shares(self) -> dict[str, float]:
        total = sum(self.counts.values()) or 1
        return {stage: round(count / total, 4) for stage, count in self.counts.most_common()}


def profile_build(content: Path, output: Path, settings_file: Path | None, overrides: dict[str, Any],
                  result: Path) -> None:
    """Build with Pelican under the stack sampler; write seconds and per-stage seconds to `result`."""
    import logging

    logging.basicConfig(level=logging.WARNING)
    start = time.perf_counter()
    with StackSampler() as sampler:
        from newsarchive.build import build_site

        pages = build_site(content, output, settings_file, overrides)
    seconds = time.perf_counter() - start
    stages = {stage: round(share * seconds, 3) for stage, share in sampler.shares().items()}
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result.write_text(json.dumps({"seconds": round(seconds, 3), "stages": stages, "rss_mb": round(own, 1),
                                  "pages": pages}, indent=1))


# --- the benchmark ----------------------------------------------------------------------------


def count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


PLAIN_KEYS = ("title", "date", "modified", "authors", "category", "tags", "slug", "summary")


def plain_markdown(text: str) -> str:
    """An ingested article as plain Pelican Markdown: the standard metadata keys and the body."""
    header, _, body = text.partition("\n\n")
    kept = [line for line in header.split("\n") if line.split(":", 1)[0].strip().lower() in PLAIN_KEYS]
    return "\n".join(kept) + "\n\n" + body


def write_plain_content(content: Path, dest: Path) -> int:
    """Copy every ingested article under content to dest as plain Markdown; return how many."""
    count = 0
    for path in sorted(content.rglob("*.md")):
        if any(part.startswith(".") for part in path.relative_to(content).parts):
            continue
        target = dest / path.relative_to(content)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(plain_markdown(path.read_text(encoding="utf-8")), encoding="utf-8")
        count += 1
    return count


STOCK_SETTINGS = '''# Stock Pelican: its default theme and settings, no plugins (the benchmark's baseline).
SITENAME = "Baseline"
SITEURL = ""
TIMEZONE = "UTC"
PLUGINS = []
'''


def iter_rows(results: dict[str, Any]) -> Iterator[tuple[str, str, str, str]]:
    for name, stage in results["stages"].items():
        per = f"{stage['seconds'] * 1000 / stage['articles']:.2f}" if stage.get("articles") else ""
        yield name, f"{stage['seconds']:.2f}", per, f"{stage.get('tree_rss_mb', 0):.0f}"


def format_table(results: dict[str, Any]) -> str:
    """The results as an aligned text table, then the stage breakdowns and the bars."""
    rows = [("stage", "seconds", "ms/article", "peak MB"), *iter_rows(results)]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths))) for r in rows]
    for name, stage in results["stages"].items():
        if stage.get("breakdown"):
            parts = ", ".join(f"{k} {v:.1f}s" for k, v in stage["breakdown"].items())
            lines.append(f"  {name}: {parts}")
    lines.append("")
    for name, bar in results.get("bars", {}).items():
        lines.append(f"{name}: {bar['value']} (bar {bar['bar']}) {'ok' if bar['ok'] else 'MISSED'}")
    cpu = results.get("add one article / full build, CPU seconds")
    if cpu is not None:
        lines.append(f"add one article / full build, CPU seconds: {cpu} (for reference: it differs from the ratio above when the build waited)")
    return "\n".join(lines)


# --- the whole run ------------------------------------------------------------------------------


@dataclass(slots=True)
class Bench:
    """One benchmark run: its folders, and the results as they come in."""

    count: int
    work: Path
    texts: Path | None
    workers: int = 0
    build_workers: int = 0  # NEWSARCHIVE_WORKERS for the project's builds; 0: the default
    results: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.results = {"articles": self.count, "cpus": os.cpu_count(), "load_before": os.getloadavg()[0],
                        "stages": {}, "bars": {}}

    @property
    def log(self) -> Path:
        return self.work / "bench.log"

    def python(self, *args: str) -> list[str]:
        return [sys.executable, "-m", *args]

    def script(self, *args: str) -> list[str]:
        """This script, from the snapshot of the code, with `args`."""
        return [sys.executable, str(self.work / "code" / "scripts" / "bench.py"), *args]

    def env(self) -> dict[str, str]:
        """Stages run the snapshot of the code taken at the start, whatever changes meanwhile."""
        code = str(self.work / "code")
        return {**os.environ, "PYTHONPATH": code + os.pathsep + os.environ.get("PYTHONPATH", "")}

    def stage(self, name: str, cmd: list[str], articles: int = 0, profile: Path | None = None) -> dict[str, Any]:
        """Run one stage, record and print it."""
        print(f"... {name}", file=sys.stderr, flush=True)
        measure = run_measured(cmd, cwd=self.work / "code", env=self.env(), log=self.log)
        record: dict[str, Any] = asdict(measure)
        record.pop("detail")
        record["articles"] = articles
        pages = ""
        if profile and profile.is_file():
            data = json.loads(profile.read_text())
            record["breakdown"] = data["stages"]
            if data.get("pages"):
                record["pages"] = data["pages"]
                pages = f"; {data['pages'].get('rendered', 0)} pages rendered, {data['pages'].get('unchanged', 0)} kept"
        self.results["stages"][name] = record
        print(f"    {measure.seconds:.1f} s, peak {measure.tree_rss_mb:.0f} MB{pages}", file=sys.stderr, flush=True)
        return record

    def sync(self, content: Path) -> None:
        """Bring content an earlier run ingested back to this run's seeds, unmeasured: it may still
        hold the story that run's incremental stage added, which would then not be new here."""
        print("... content of an earlier run, brought back to the seeds (not measured)", file=sys.stderr, flush=True)
        run_measured(self.ingest_command(content), cwd=self.work / "code", env=self.env(), log=self.log)

    def ingest_command(self, content: Path, plain: bool = False) -> list[str]:
        workers = ["--workers", str(self.workers)] if self.workers else []
        if plain:
            return self.script("ingest-plain", str(self.work / "seeds"), str(content), *workers)
        return self.python("newsarchive.cli", "ingest", str(self.work / "seeds"), "--content", str(content), *workers)

    def ingest(self, name: str, content: Path, articles: int, plain: bool = False) -> dict[str, Any]:
        return self.stage(name, self.ingest_command(content, plain), articles)

    def build(self, name: str, content: Path, output: Path, articles: int, settings: Path | None = None,
              incremental: bool = True) -> dict[str, Any]:
        result = self.work / f"profile-{len(self.results['stages'])}.json"
        cmd = self.script("profile-build", str(content), str(output), str(result))
        if settings:
            cmd += ["--settings", str(settings)]
        if not incremental:
            cmd.append("--no-incremental")
        if self.build_workers:
            cmd += ["--page-workers", str(self.build_workers)]
        return self.stage(name, cmd, articles, profile=result)


def run_benchmark(count: int, work: Path, texts: Path | None, stages: set[str], workers: int = 0,
                  build_workers: int = 0) -> dict[str, Any]:
    """Generate `count` seeds under `work` and measure every stage; return the results."""
    import shutil

    work.mkdir(parents=True, exist_ok=True)
    snapshot_code(work / "code")
    bench = Bench(count, work, texts, workers, build_workers)
    seeds, content = work / "seeds", work / "content"
    start = time.perf_counter()
    generate_corpus(count, seeds, texts)
    bench.results["corpus_seconds"] = round(time.perf_counter() - start, 1)
    # Without the ingest stage, the content an earlier run ingested into the same folder is built
    # (a 100,000-article run can be split into an ingest run and a build run).
    kept = () if "ingest" in stages else ("content",)
    for folder in ("content", "content-plain", "output-a", "output-b", "output-stock", "stock-content"):
        if folder not in kept:
            shutil.rmtree(work / folder, ignore_errors=True)
    if "ingest" in stages:
        bench.ingest("ingest", content, count)
        bench.ingest("ingest, unchanged seeds (cache)", content, count)
    elif content.is_dir():
        bench.sync(content)
    if "plain" in stages:
        bench.ingest("ingest without entity extraction", work / "content-plain", count, plain=True)
        shutil.rmtree(work / "content-plain", ignore_errors=True)
    if "build" in stages:
        clear_build_caches(content, work / "output-a", cards=True)
        bench.build("build, cold (cards drawn)", content, work / "output-a", count)
    if "incremental" in stages:
        seed = seeds / seed_name(count)
        seed.parent.mkdir(parents=True, exist_ok=True)
        seed.write_text(newest_seed(count, texts, START + timedelta(days=SPAN_DAYS + 1, hours=9)), encoding="utf-8")
        bench.ingest("add one article: ingest", content, 1)
        trials = AddOne(bench, content, work / "output-a")
        trials.run(ADD_ONE_RUNS[0])
        clear_build_caches(content, work / "output-b")  # from scratch but for the social cards
        bench.build("build, full (cards cached)", content, work / "output-b", count + 1)
        trials.run(ADD_ONE_RUNS[1])
        trials.finish()
        different = diff_trees(work / "output-a", work / "output-b")
        bench.results["incremental_identical"] = not different
        bench.results["incremental_differences"] = different[:20]
        seed.unlink()
    if "stock" in stages:
        stock = work / "stock.py"
        stock.write_text(STOCK_SETTINGS, encoding="utf-8")
        write_plain_content(content, work / "stock-content")
        bench.build("stock Pelican, default theme (baseline)", work / "stock-content", work / "output-stock",
                    count + (1 if "incremental" in stages else 0), settings=stock, incremental=False)
    bench.results["files_in_output"] = count_files(work / "output-b") if (work / "output-b").exists() else None
    bench.results["load_after"] = os.getloadavg()[0]
    add_bars(bench.results)
    return bench.results


ADD_ONE_RUNS = (3, 2)  # one-story rebuilds before the full build, and after it


class AddOne:
    """The rebuild after one new story, run several times from the same built archive: some
    trials before the full build it is compared with, the others after it. The trial of median
    time is the stage's record, with every trial's seconds. A one-story rebuild takes seconds,
    and the machine's speed drifts by up to half over minutes: trials run in one spell may all
    land in a slow or a fast one, while the full build spans several."""

    def __init__(self, bench: Bench, content: Path, output: Path) -> None:
        import shutil

        from newsarchive.site.incremental import cache_path

        self.bench, self.content, self.output = bench, content, output
        self.state = cache_path({"PATH": str(content), "OUTPUT_PATH": str(output)})
        self.kept = bench.work / "before-add-one"
        shutil.rmtree(self.kept, ignore_errors=True)
        # Pages are replaced by renaming, never rewritten in place: links are a faithful copy.
        shutil.copytree(output, self.kept / "output", copy_function=os.link)
        shutil.copytree(self.state, self.kept / "state")
        self.records: list[dict[str, Any]] = []

    def run(self, trials: int) -> None:
        import shutil

        for _ in range(trials):
            if self.records:  # back to the archive as it was before the first trial
                for folder, saved in ((self.output, self.kept / "output"), (self.state, self.kept / "state")):
                    shutil.rmtree(folder)
                    shutil.copytree(saved, folder, copy_function=os.link if folder == self.output else shutil.copy2)
            self.records.append(self.bench.build("add one article: build", self.content, self.output, 1))

    def finish(self) -> dict[str, Any]:
        import shutil

        shutil.rmtree(self.kept, ignore_errors=True)
        records = self.records
        record = sorted(records, key=lambda r: r["seconds"])[len(records) // 2]
        record["runs"] = [r["seconds"] for r in records]
        record["runs_rendered"] = [r.get("pages", {}).get("rendered") for r in records]  # the same, from the same start
        record["runs_cpu"] = [r["cpu_seconds"] for r in records]
        self.bench.results["stages"]["add one article: build"] = record
        return record


def clear_build_caches(content: Path, output: Path, cards: bool = False) -> None:
    """Forget what earlier builds into `output` kept (Pelican's reader cache, page fingerprints,
    related lists, search analysis), and with `cards` the social cards, so a build starts cold
    even in a work folder an earlier run used."""
    import shutil

    from newsarchive.site.incremental import cache_path

    shutil.rmtree(cache_path({"PATH": str(content), "OUTPUT_PATH": str(output)}), ignore_errors=True)
    if cards:
        shutil.rmtree(content / ".newsarchive" / "cards", ignore_errors=True)


PROJECT = Path(__file__).resolve().parent.parent
CODE = ("newsarchive", "scripts", "theme", "pelicanconf.py", "publishconf.py", "package.json")


def snapshot_code(dest: Path) -> None:
    """Copy the package, theme and settings, so one run measures one version of the code."""
    import shutil

    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in CODE:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, dest / name)
    if (PROJECT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(PROJECT / "node_modules")


def add_bars(results: dict[str, Any]) -> None:
    """The issue's bars, from the stages this run measured."""
    stages, bars = results["stages"], results["bars"]

    def seconds(name: str) -> float | None:
        return stages[name]["seconds"] if name in stages else None

    full, stock = seconds("build, full (cards cached)"), seconds("stock Pelican, default theme (baseline)")
    if full and stock:
        bars["full build / stock Pelican"] = {"value": round(full / stock, 2), "bar": "<= 1.2", "ok": full / stock <= 1.2}
    added = seconds("add one article: build")
    if full and added is not None:
        # Only a rebuild that rendered something shows the cost of a new story (not of no change).
        rendered = stages["add one article: build"].get("pages", {}).get("rendered", 0)
        bars["add one article / full build"] = {"value": round(added / full, 3), "bar": "<= 0.12",
                                                "ok": added / full <= 0.12 and rendered > 0, "pages rendered": rendered}
        bars["incremental output identical"] = {"value": results.get("incremental_identical"), "bar": True,
                                                "ok": bool(results.get("incremental_identical"))}
        # The same ratio in CPU seconds, for reference: where it differs from the wall-clock one,
        # the build waited (for a core, for the disk); where it is the same, the machine ran slower.
        cpu_full = stages["build, full (cards cached)"].get("cpu_seconds")
        cpu_added = stages["add one article: build"].get("cpu_seconds")
        if cpu_full and cpu_added is not None:
            results["add one article / full build, CPU seconds"] = round(cpu_added / cpu_full, 3)
    for name, bar in (("ingest", 100), ("ingest without entity extraction", 200)):
        if seconds(name):
            rate = results["articles"] / seconds(name)  # type: ignore[operator]
            bars[f"{name}: articles/s"] = {"value": round(rate, 1), "bar": f">= {bar}", "ok": rate >= bar}
    peaks = [s.get("tree_rss_mb", 0) for s in stages.values()]
    if peaks:
        bars["peak memory MB (any stage)"] = {"value": max(peaks), "bar": "< 4096", "ok": max(peaks) < 4096}


def ingest_plain(seeds: Path, content: Path, workers: int) -> None:
    """The ingest with entity recognition switched off: the cost of everything else."""
    from newsarchive import entities
    from newsarchive.ingest import Options, ingest

    entities.annotate = lambda article: article  # type: ignore[assignment]
    ingest(seeds, Options(content=content, workers=workers))


def main(argv: Sequence[str] | None = None) -> int:
    """`scripts/bench.py` (`make bench`)."""
    import argparse

    parser = argparse.ArgumentParser(prog="bench", description="newsarchive scale benchmark")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="generate a corpus and measure every stage")
    add_run_arguments(run)
    p = sub.add_parser("profile-build", help="(internal) one build under the stack sampler")
    p.add_argument("content", type=Path)
    p.add_argument("output", type=Path)
    p.add_argument("result", type=Path)
    p.add_argument("--settings", type=Path)
    p.add_argument("--no-incremental", action="store_true")
    p.add_argument("--page-workers", type=int, default=0)
    p = sub.add_parser("ingest-plain", help="(internal) ingest without entity extraction")
    p.add_argument("seeds", type=Path)
    p.add_argument("content", type=Path)
    p.add_argument("--workers", type=int, default=0)
    program = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("run", "profile-build", "ingest-plain", "-h", "--help"):
        argv.insert(0, "run")
    args = parser.parse_args(argv)
    if args.command == "profile-build":
        overrides: dict[str, Any] = {"NEWSARCHIVE_INCREMENTAL": not args.no_incremental}
        if args.page_workers:
            overrides["NEWSARCHIVE_WORKERS"] = args.page_workers
        profile_build(args.content, args.output, args.settings, overrides, args.result)
        if program:  # a stage's process ends as `newsarchive build` does (build.exit_now)
            from newsarchive.build import exit_now

            exit_now(0)
        return 0
    if args.command == "ingest-plain":
        ingest_plain(args.seeds, args.content, args.workers)
        return 0
    return run_from_args(args)


STAGES = ("ingest", "plain", "build", "incremental", "stock")


def add_run_arguments(parser: Any) -> None:
    parser.add_argument("--articles", "-n", type=int, default=10_000, help="corpus size (default 10000)")
    parser.add_argument("--work", type=Path, default=Path("bench-work"), help="working folder (default bench-work)")
    parser.add_argument("--texts", type=Path, help="folder of <category>/<name>.txt news texts (default: ../shared/corpus/bbc when present)")
    parser.add_argument("--json", type=Path, help="results file (default WORK/results-N.json)")
    parser.add_argument("--stages", default=",".join(STAGES), help=f"comma-separated subset of {','.join(STAGES)}")
    parser.add_argument("--workers", type=int, default=0, help="ingest processes (default: one per core)")
    parser.add_argument("--build-workers", type=int, default=0,
                        help="processes rendering a build's pages (NEWSARCHIVE_WORKERS; 1: the build alone; default: the project's)")


def run_from_args(args: Any) -> int:
    texts = args.texts
    if texts is None:
        default = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "bbc"
        texts = default if default.is_dir() else None
    stages = {s.strip() for s in args.stages.split(",") if s.strip()}
    results = run_benchmark(args.articles, args.work.resolve(), texts, stages, args.workers, args.build_workers)
    results["texts"] = "bbc" if texts else "generated"
    target = args.json or args.work / f"results-{args.articles}.json"
    target.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(format_table(results))
    print(f"\n(results: {target}; times are wall-clock on {results['cpus']} shared cores, compare ratios within one run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
