"""Failure drills: killed runs, read-only and full folders, one seed that crashes a stage.

The kill drill forks the test process (Pelican and the project already imported, so a round costs
the work and not an interpreter start), kills the child with SIGKILL after a random short delay,
re-runs the stage to the end, and compares the result byte for byte with an uninterrupted run.
"""

from __future__ import annotations

import hashlib
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newsarchive.fsutil import AtomicTextFile, remove_stale_temporaries
from newsarchive.ingest import Options, ingest

from .fixtures.hostile.corpus import Seed, collision_seeds, dump, injection_seeds, prose, write_corpus

ROUNDS = 20


def small_corpus() -> list[Seed]:
    """A few seeds of every kind: published, duplicate, hostile markup, failing."""
    picked = [s for s in injection_seeds() if s.name in ("inject/title-jinja-expr.txt", "inject/caption-script.txt")]
    picked += collision_seeds()
    picked.append(Seed("bad/empty.txt", b"", "failed", reason="empty"))
    return picked


def changed_corpus() -> list[Seed]:
    """The same folder one edit later: a seed changed, one removed, one added."""
    seeds = [s for s in small_corpus() if s.name != "collide/bridge-b.txt"]
    body = [prose("a story added later"), "It arrived after the first build of the archive had finished."]
    seeds.append(Seed("late/added.txt", dump("A story added to the archive later", body).encode(), "published"))
    return [
        Seed(s.name, s.data.replace(b"took four years", b"took five years"), s.expect) if s.name == "collide/bridge-a.txt" else s
        for s in seeds
    ]


def snapshot(root: Path) -> dict[str, str]:
    """Path → digest of every file under root, the project's own state folder aside."""
    found = {}
    if not root.exists():
        return found
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and ".newsarchive" not in rel.parts:
            found[str(rel)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def temporaries(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in root.rglob("*.tmp")] if root.exists() else []


def in_child(work: Callable[[], None], kill_after: float | None = None) -> float:
    """Run work in a forked child; kill it after kill_after seconds (None: let it finish).
    Returns the seconds it ran."""
    sys.stdout.flush()
    sys.stderr.flush()
    start = time.monotonic()
    crash = Path(tempfile.mkstemp(prefix="na-child-", suffix=".txt")[1])
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 0
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            work()
        except BaseException:  # noqa: BLE001
            import traceback

            crash.write_text(traceback.format_exc())
            code = 1
        os._exit(code)
    if kill_after is not None:
        deadline = start + kill_after
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                return time.monotonic() - start
            time.sleep(0.005)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    error = crash.read_text()
    crash.unlink()
    if kill_after is None:
        assert os.waitstatus_to_exitcode(status) == 0, f"the run failed:\n{error[-3000:]}"
    return time.monotonic() - start


def run_ingest(root: Path) -> Callable[[], None]:
    return lambda: ingest(root / "seeds", Options(content=root / "content", workers=1))


def run_build(root: Path) -> Callable[[], None]:
    from newsarchive.build import build_site

    return lambda: build_site(root / "content", root / "output")


def make_state(root: Path, seeds: list[Seed]) -> tuple[float, float]:
    """Seeds written, ingested and built uninterrupted; returns the two stages' durations."""
    if (root / "seeds").exists():
        shutil.rmtree(root / "seeds")
    write_corpus(root / "seeds", seeds)
    return in_child(run_ingest(root)), in_child(run_build(root))


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    before = tmp_path_factory.mktemp("before")
    make_state(before, small_corpus())
    after = tmp_path_factory.mktemp("after")  # the same archive, edited and rebuilt in place
    make_state(after, small_corpus())
    ingest_time, build_time = make_state(after, changed_corpus())
    # The incremental build of `after` equals a fresh build of the same content.
    rebuilt = tmp_path_factory.mktemp("rebuilt")
    shutil.copytree(after / "content", rebuilt / "content", ignore=shutil.ignore_patterns(".newsarchive"))
    in_child(run_build(rebuilt))
    assert snapshot(rebuilt / "output") == snapshot(after / "output"), "an incremental build differs from a fresh one"
    # Published slugs stay, so the archive depends on its history: in `after` bridge-a keeps the
    # suffixed slug it was published under, while from scratch it is alone and takes the bare one.
    fresh = tmp_path_factory.mktemp("fresh")
    make_state(fresh, changed_corpus())
    back = tmp_path_factory.mktemp("back")  # from scratch with the changed seeds, then the small ones again
    make_state(back, changed_corpus())
    make_state(back, small_corpus())
    return {"before": before, "after": after, "fresh": fresh, "back": back,
            "ingest": max(ingest_time, 0.05), "build": max(build_time, 0.2)}


@pytest.mark.slow
def test_kill_and_rerun(references: dict[str, object], tmp_path: Path) -> None:
    """20 rounds, each an edit of the seed folder (back and forth between two versions; every
    fifth from an empty archive): kill ingest at a random moment, re-run it; kill the build, re-run
    it. Each result equals the uninterrupted run's, byte for byte, and a kill leaves no half file.

    Slugs depend on the history (a published slug stays): a run of rounds that starts from the
    changed seeds alternates between `fresh` and `back`, one that starts from the small seeds
    between `before` and `after`."""
    corpora = [changed_corpus(), small_corpus()]
    states = {name: (snapshot(Path(str(references[name])) / "content"), snapshot(Path(str(references[name])) / "output"))
              for name in ("before", "after", "fresh", "back")}
    rng = random.Random(7)
    root = tmp_path / "archive"

    def state_at(round_: int) -> tuple[dict[str, str], dict[str, str]]:
        changed = round_ % 2 == 0  # even rounds ingest the changed seeds
        if (round_ - round_ % 5) % 2 == 0:  # the run of rounds started from scratch with the changed seeds
            return states["fresh" if changed else "back"]
        return states["after" if changed else "before"]

    for round_ in range(ROUNDS):
        seeds = corpora[round_ % 2]
        want_content, want_output = state_at(round_)
        old_content = state_at(round_ - 1)[0] if round_ % 5 else {}
        if round_ % 5 == 0 and root.exists():
            shutil.rmtree(root)
        if (root / "seeds").exists():
            shutil.rmtree(root / "seeds")
        write_corpus(root / "seeds", seeds)
        in_child(run_ingest(root), kill_after=rng.uniform(0, 1.5 * float(references["ingest"])))
        half = {k for k, v in snapshot(root / "content").items()
                if v not in (want_content.get(k), old_content.get(k)) and not k.endswith(".tmp")}
        assert not half, f"round {round_}: half-written content after a kill: {sorted(half)}"
        in_child(run_ingest(root))
        assert snapshot(root / "content") == want_content, f"round {round_}: content differs after the re-run"
        in_child(run_build(root), kill_after=rng.uniform(0, 1.2 * float(references["build"])))
        in_child(run_build(root))
        assert snapshot(root / "output") == want_output, f"round {round_}: output differs after the re-run"
        left = temporaries(root / "content") + temporaries(root / "output")
        assert not left, f"round {round_}: temporary files left: {left}"


def test_build_writer_never_shows_half_a_page(tmp_path: Path) -> None:
    """What Pelican's writer opens must not replace the old page until it is complete."""
    from pelican.settings import read_settings

    from newsarchive.build import PROJECT

    settings = read_settings(str(PROJECT / "pelicanconf.py"), override={"OUTPUT_PATH": str(tmp_path), "PATH": str(tmp_path)})
    try:
        from newsarchive.site.incremental import IncrementalWriter as writer_class
    except ImportError:  # pragma: no cover
        from pelican.writers import Writer as writer_class
    writer = writer_class(str(tmp_path), settings=settings)
    page = tmp_path / "page.html"
    page.write_text("<html>old page</html>")
    handle = writer._open_w(str(page), "utf-8")
    handle.write("<html>half of the new")
    still = page.read_text()
    handle.close()
    assert still == "<html>old page</html>", "the writer truncated the page before writing it"
    assert page.read_text() == "<html>half of the new" and not temporaries(tmp_path)


def test_atomic_text_file(tmp_path: Path) -> None:
    page = tmp_path / "a" / "page.html"
    with AtomicTextFile(page) as fh:
        fh.write("complete")
        assert not page.exists()
    assert page.read_text() == "complete"
    with pytest.raises(RuntimeError), AtomicTextFile(page) as fh:
        fh.write("half")
        raise RuntimeError
    assert page.read_text() == "complete" and not temporaries(tmp_path)
    (tmp_path / "a" / ".page.html.x1.tmp").write_text("left by a killed run")
    assert remove_stale_temporaries(tmp_path) == 1 and not temporaries(tmp_path)


# ---------------------------------------------------------------- read-only and full folders


def unprivileged() -> Callable[[], None] | None:
    """A preexec function that drops root (root writes anywhere, so a read-only drill needs a user)."""
    if os.geteuid() != 0:
        return None

    def drop() -> None:
        os.setgid(65534)
        os.setuid(65534)

    return drop


def cli(*args: str, cwd: Path, preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HOME=str(cwd))
    return subprocess.run([sys.executable, "-m", "newsarchive.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, preexec_fn=preexec, env=env)


@pytest.fixture
def archive() -> Path:
    """An ingested and built archive in a folder other users can read (but not write)."""
    root = Path(tempfile.mkdtemp(prefix="na-drill-"))
    os.chmod(root, 0o755)
    write_corpus(root / "seeds", small_corpus())
    assert cli("ingest", "seeds", "--content", "content", cwd=root).returncode == 0
    assert cli("build", "--content", "content", "--output", "output", cwd=root).returncode == 0
    yield root
    shutil.rmtree(root, ignore_errors=True)


def make_read_only(root: Path) -> Callable[[], None] | None:
    preexec = unprivileged()
    if preexec is None:
        for path in [root, *root.rglob("*")]:
            if path.is_dir():
                path.chmod(0o555)
    try:
        probe = subprocess.run([sys.executable, "-c", "import newsarchive"], preexec_fn=preexec, capture_output=True)
    except OSError:
        probe = None
    if probe is None or probe.returncode:
        pytest.skip("the unprivileged user cannot run the project's Python (root can write anywhere)")
    return preexec


@pytest.mark.parametrize("stage", ["ingest", "build"])
def test_read_only_folder_gives_a_clear_error_and_changes_nothing(archive: Path, stage: str) -> None:
    write_corpus(archive / "seeds", changed_corpus())  # there is work to do
    content, output = snapshot(archive / "content"), snapshot(archive / "output")
    preexec = make_read_only(archive)
    try:
        if stage == "ingest":
            result = cli("ingest", "seeds", "--content", "content", cwd=archive, preexec=preexec)
        else:
            (archive / "content" / "2021").chmod(0o755)  # build from changed content (root's edit)
            result = cli("build", "--content", "content", "--output", "output", cwd=archive, preexec=preexec)
    finally:
        for path in [archive, *archive.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    folder = "content" if stage == "ingest" else "output"
    assert folder in result.stderr and ("ermission" in result.stderr or "not writable" in result.stderr), result.stderr[-1000:]
    assert snapshot(archive / "content") == content
    assert snapshot(archive / "output") == output


def limit_file_size(limit: int) -> Callable[[], None]:
    """A disk that fills up: writes past `limit` bytes fail (EFBIG; Python ignores SIGXFSZ)."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize("stage", ["ingest", "build"])
def test_full_disk_gives_a_clear_error_and_leaves_no_half_file(archive: Path, stage: str) -> None:
    write_corpus(archive / "seeds", changed_corpus())
    if stage == "build":
        assert cli("ingest", "seeds", "--content", "content", cwd=archive).returncode == 0
    content, output = snapshot(archive / "content"), snapshot(archive / "output")
    args = ("ingest", "seeds", "--content", "content") if stage == "ingest" else ("build", "--content", "content", "--output", "output")
    roomy = Path(tempfile.mkdtemp(prefix="na-roomy-"))  # the same run, given room: what a whole file is
    try:
        shutil.copytree(archive, roomy, dirs_exist_ok=True, symlinks=True)
        assert cli(*args, cwd=roomy).returncode == 0
        # ingest: neither a cache entry (~1.1 kB) nor the run report (~1.4 kB) fits: the run must stop
        result = cli(*args, cwd=archive, preexec=limit_file_size(1000 if stage == "ingest" else 1500))
        assert result.returncode != 0, result.stdout + result.stderr
        assert "Traceback" not in result.stderr, result.stderr[-2000:]
        assert "too large" in result.stderr.lower() or "no space" in result.stderr.lower(), result.stderr[-1000:]
        for folder, old in (("content", content), ("output", output)):
            new, now = snapshot(roomy / folder), snapshot(archive / folder)
            half = sorted(k for k, v in now.items() if v not in (old.get(k), new.get(k)))
            assert not half, f"half-written files in {folder}: {half}"
        assert not temporaries(archive / "content") + temporaries(archive / "output")
    finally:
        shutil.rmtree(roomy, ignore_errors=True)


# ---------------------------------------------------------------- one seed crashes a stage


@pytest.mark.parametrize("stage", [
    "parse_seed",
    "enrich_article",
    "to_markdown",  # write_articles guards each article (was a strict xfail until ingest.py fixed it)
])
def test_a_seed_that_crashes_a_stage_is_reported_and_the_others_publish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    """A fault injected into one stage for one seed (the in-process path: fewer than 32 seeds)."""
    import newsarchive.ingest as ingest_module

    write_corpus(tmp_path / "seeds", small_corpus())
    real = getattr(ingest_module, stage)

    def faulty(article_or_raw, *args, **kwargs):
        path = getattr(article_or_raw, "seed_path", None) or getattr(article_or_raw, "path", "")
        if "bridge-a" in path:
            raise ZeroDivisionError("injected fault")
        return real(article_or_raw, *args, **kwargs)

    monkeypatch.setattr(ingest_module, stage, faulty)
    report = ingest(tmp_path / "seeds", Options(content=tmp_path / "content", workers=1, use_cache=False))
    outcomes = {o.path: o for o in report.seeds}
    crashed = outcomes["seeds/collide/bridge-a.txt"]
    assert crashed.status == "failed" and "ZeroDivisionError" in crashed.reason, crashed
    others = [o for p, o in outcomes.items() if "bridge-a" not in p]
    assert sum(o.status == "published" for o in others) >= 4, others
    assert len(report.seeds) == len(small_corpus())


def test_a_content_file_pelican_cannot_read_is_reported_and_the_others_build(tmp_path: Path) -> None:
    write_corpus(tmp_path / "seeds", small_corpus())
    assert cli("ingest", "seeds", "--content", "content", cwd=tmp_path).returncode == 0
    (tmp_path / "content" / "2021" / "broken.md").write_text("Title: Broken\nDate: not a date at all\nSlug: broken\n\nBody.\n")
    result = cli("build", "--content", "content", "--output", "output", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "broken.md" in result.stdout + result.stderr
    assert (tmp_path / "output" / "2021" / "03" / "mayor-opens-the-new-bridge.html").is_file()
