"""Versions of the code compared on the one-story rebuild, in alternating rounds.

    python scripts/ab_rebuild.py --content bench-work/content main=HEAD change=../my-tree

A one-story rebuild of a large archive moves by more between hours than most changes buy, so
`scripts/bench.py`'s ratios cannot tell two versions apart. This harness builds the archive once
per version (the code's digest is in every record of the build store, so each version keeps its
own output and build state) and keeps both aside. Each round then restores every version's output
(hard links: pages are replaced by rename, never written in place) and build state (a copy), adds
the same story again and times `build_site` in a fresh process, versions one after the other.
The clock starts before the build's imports; the process ends with `os._exit`, as
`newsarchive build` does. Results: per version the medians, and per round each version's
difference from the first one (median and range), in wall time and in CPU seconds of the build's
process and of its process tree. See docs/benchmarks.md ("Timing a one-story rebuild").

A version is a folder holding the `newsarchive` package (an unpacked tree) or a git revision of
this repository, unpacked with `git archive` into the work folder.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
METRICS = ("wall", "cpu_own", "cpu_tree")


def run_trial(content: str, output: str, result: str) -> None:
    """One build, timed from before its imports (run with the version's code first on the path)."""
    start, times = time.perf_counter(), os.times()
    from newsarchive.build import build_site

    stats = build_site(Path(content), Path(output))
    end, after = time.perf_counter(), os.times()
    own = (after.user - times.user) + (after.system - times.system)
    children = (after.children_user - times.children_user) + (after.children_system - times.children_system)
    Path(result).write_text(json.dumps({"wall": end - start, "cpu_own": own, "cpu_tree": own + children,
                                        "rendered": stats.get("rendered")}))
    sys.stdout.flush()
    os._exit(0)  # as `newsarchive build` ends: no teardown of the build's heap


def newest_story(content: Path) -> Path:
    """The story file with the latest `Date:` line (the one a rebuild adds back)."""
    dated = []
    for path in content.rglob("*.md"):
        if ".newsarchive" in path.parts:
            continue
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if not line.strip():
                    break  # the end of the metadata
                found = re.match(r"(?i)date:\s*(.+)", line)
                if found:
                    dated.append((found.group(1).strip(), str(path)))
                    break
    if not dated:
        raise SystemExit(f"no dated story in {content}")
    return Path(max(dated)[1])


def code_folder(name: str, source: str, work: Path) -> Path:
    """The folder holding the version's `newsarchive` package: `source` itself, or the git
    revision `source` unpacked into the work folder."""
    folder = Path(source)
    if (folder / "newsarchive").is_dir():
        return folder.resolve()
    target = work / f"code-{name}"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(PROJECT), "archive", source], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


class Version:
    """One version's code, its kept archive, and its trials."""

    def __init__(self, name: str, code: Path, work: Path) -> None:
        self.name, self.code = name, code
        self.output, self.kept = work / f"out-{name}", work / f"kept-{name}"
        self.state = Path()
        self.trials: list[dict[str, Any]] = []
        self.full: dict[str, Any] = {}

    def env(self) -> dict[str, str]:
        """The environment of this version's processes: its code first on the path."""
        return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(self.code), os.environ.get("PYTHONPATH")])))

    def build(self, content: Path) -> dict[str, Any]:
        """Run one build of `content` into this version's output, in a fresh process."""
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
            result = Path(handle.name)
        try:
            # In the version's folder: Pelican puts the working folder first on the path, which a
            # spawned process (the search's) inherits, so it would import the code found there.
            subprocess.run([sys.executable, __file__, "--trial", str(content), str(self.output), str(result)],
                           env=self.env(), cwd=self.code, check=True, stdout=subprocess.DEVNULL)
            return json.loads(result.read_text())
        finally:
            result.unlink(missing_ok=True)

    def set_up(self, content: Path) -> None:
        """A full build from nothing, kept aside: its output (hard links) and build state (a copy)."""
        where = ("from newsarchive.site.incremental import cache_path; "
                 f"print(cache_path({{'PATH': {str(content)!r}, 'OUTPUT_PATH': {str(self.output)!r}}}))")
        self.state = Path(subprocess.run([sys.executable, "-c", where], env=self.env(), check=True,
                                         capture_output=True, text=True).stdout.strip())
        for folder in (self.output, self.kept, self.state):
            shutil.rmtree(folder, ignore_errors=True)
        full = self.full = self.build(content)
        print(f"{self.name}: full build {full['wall']:.2f} s, {full['rendered']} pages")
        shutil.copytree(self.output, self.kept / "output", copy_function=os.link)
        shutil.copytree(self.state, self.kept / "state")

    def restore(self) -> None:
        shutil.rmtree(self.output, ignore_errors=True)
        shutil.rmtree(self.state, ignore_errors=True)
        shutil.copytree(self.kept / "output", self.output, copy_function=os.link)
        shutil.copytree(self.kept / "state", self.state)


def differences(versions: list[Version], metric: str) -> dict[str, dict[str, float]]:
    """Per version after the first: its per-round difference from the first, in per cent."""
    base, found = versions[0], {}
    for version in versions[1:]:
        changes = [100 * (b[metric] - a[metric]) / a[metric] for a, b in zip(base.trials, version.trials)]
        found[version.name] = {"median": round(statistics.median(changes), 1), "low": round(min(changes), 1),
                               "high": round(max(changes), 1), "faster_in": sum(c < 0 for c in changes)}
    return found


def compare(content: Path, story: Path, versions: list[Version], rounds: int, work: Path) -> dict[str, Any]:
    aside = work / "story.md"
    shutil.move(str(story), aside)
    try:
        for version in versions:
            version.set_up(content)
        for number in range(1, rounds + 1):
            for version in versions:
                version.restore()
                shutil.copy2(aside, story)
                try:
                    trial = version.build(content)
                finally:
                    story.unlink()
                version.trials.append(trial)
                print(f"round {number} {version.name}: wall {trial['wall']:.3f} s, CPU {trial['cpu_own']:.2f} s "
                      f"(tree {trial['cpu_tree']:.2f} s), {trial['rendered']} pages rendered")
    finally:
        shutil.move(str(aside), story)
    from newsarchive.synthetic import diff_trees

    return {
        "rounds": rounds,
        "story": str(story),
        "full_builds": {v.name: v.full for v in versions},
        "medians": {v.name: {m: round(statistics.median(t[m] for t in v.trials), 3) for m in METRICS} for v in versions},
        "differences": {m: differences(versions, m) for m in METRICS},
        "same_output": {v.name: not diff_trees(versions[0].output, v.output) for v in versions[1:]},
        "trials": {v.name: v.trials for v in versions},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("versions", nargs="+", help="NAME=SOURCE: a folder holding the newsarchive package, or a git revision")
    parser.add_argument("--content", type=Path, default=Path("bench-work/content"), help="a content folder of stories")
    parser.add_argument("--story", type=Path, help="the story added in each trial (default: the newest)")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--work", type=Path, default=Path("bench-work/ab"), help="where the kept archives go")
    parser.add_argument("--json", type=Path, help="results file (default WORK/results.json)")
    args = parser.parse_args(argv)
    if len(args.versions) < 2 or any("=" not in v for v in args.versions):
        parser.error("give two versions or more, each as NAME=SOURCE")
    content, work = args.content.resolve(), args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    story = (content / args.story) if args.story else newest_story(content)
    versions = [Version(name, code_folder(name, source, work), work)
                for name, source in (v.split("=", 1) for v in args.versions)]
    results = compare(content, story.resolve(), versions, args.rounds, work)
    for metric in METRICS:
        for name, found in results["differences"][metric].items():
            print(f"{name} against {versions[0].name}, {metric}: {found['median']:+.1f}% "
                  f"(from {found['low']:+.1f}% to {found['high']:+.1f}%, lower in {found['faster_in']} of {args.rounds})")
    (args.json or work / "results.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":  # the search's spawned process imports this file again, without running it
    if len(sys.argv) == 5 and sys.argv[1] == "--trial":
        run_trial(*sys.argv[2:5])
    sys.exit(main())
