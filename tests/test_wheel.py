"""The wheel `pip install` makes carries what a site needs. Built from the source distribution of a
copy of the checkout and installed into a fresh virtualenv, its `newsarchive` command, run in an
empty folder with no Node on the PATH, ingests a few seeds and builds the site: story pages, search
index and lunr.min.js."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow

SEEDS = [ROOT / "seeds" / "000_3336393dd0ffaab6.txt",
         ROOT / "tests" / "fixtures" / "seeds" / "wire_story.txt",
         ROOT / "tests" / "fixtures" / "seeds" / "blog_post.txt"]
# pyproject.toml's build-system requirement: the SPDX licence string needs setuptools 77.
SETUPTOOLS_MAJOR = 77
PACKAGE = "newsarchive"
LICENCES = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license-files"]
OWN_NAME, OWN_URL = "Harbour Town Archive", "https://example.org/archive"
OWN_SETTINGS = f"from newsarchive.pelicanconf import *\n\nSITENAME = {OWN_NAME!r}\nSITEURL = {OWN_URL!r}\n"


def setuptools_major() -> int:
    """The major version of the setuptools installed beside the tests, 0 when there is none."""
    try:
        return int(version("setuptools").split(".")[0])
    except PackageNotFoundError:
        return 0


def ignored_names() -> list[str]:
    """The names .gitignore keeps out of a clone (a fresh clone has none of them), and .git itself."""
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    return [".git", *(line.strip().strip("/") for line in lines if line.strip() and not line.startswith("#"))]


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command to completion; fail the test with its output when it fails."""
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def path_without_node(bin_folder: Path) -> str:
    """A PATH of the virtualenv's bin/ and the current PATH's folders that hold no `node`."""
    folders = [f for f in os.environ.get("PATH", "").split(os.pathsep) if f and not shutil.which("node", path=f)]
    return os.pathsep.join([str(bin_folder), *folders])


def env_without_node(bin_folder: Path) -> dict[str, str]:
    """The environment of the installed command: no Node on the PATH, nothing from the checkout."""
    env = {**os.environ, "PATH": path_without_node(bin_folder)}
    env.pop("PYTHONPATH", None)
    assert shutil.which("node", path=env["PATH"]) is None
    return env


def theme_files() -> list[str]:
    """The checkout's theme files as the wheel should hold them (hidden files left out)."""
    theme = ROOT / "theme"
    return sorted(f"{PACKAGE}/theme/{p.relative_to(theme).as_posix()}" for p in theme.rglob("*")
                  if p.is_file() and not any(part.startswith((".", "__")) for part in p.relative_to(theme).parts))


def package_files() -> list[str]:
    """The checkout's package files (modules, rules, models, data), as wheel paths."""
    files = [p.relative_to(ROOT) for p in (ROOT / PACKAGE).rglob("*") if p.is_file() and p.suffix != ".pyc"]
    return sorted(p.as_posix() for p in files if not any(part.startswith((".", "__pycache__")) for part in p.parts))


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's source distribution, built offline from a copy of the checkout as a fresh
    clone holds it, through the build backend's own hook (as `python -m build` does first)."""
    if setuptools_major() < SETUPTOOLS_MAJOR:
        pytest.skip(f"building offline needs setuptools>={SETUPTOOLS_MAJOR} beside the tests")
    work = tmp_path_factory.mktemp("sdist")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*ignored_names()))
    hook = f"from setuptools import build_meta; print(build_meta.build_sdist({str(work / 'dist')!r}))"
    name = run([sys.executable, "-c", hook], cwd=source).stdout.strip().splitlines()[-1]
    return work / "dist" / name


@pytest.fixture(scope="module")
def wheel(sdist: Path) -> Path:
    """The wheel built offline from the unpacked source distribution, so a file the source
    distribution leaves out is missing from the wheel too."""
    work = sdist.parent.parent
    with tarfile.open(sdist) as archive:
        # Only the archive's own files: the data filter where this Python has it (3.11.4 on).
        archive.extractall(work / "unpacked", **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    (source,) = (work / "unpacked").iterdir()
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--wheel-dir", str(work / "wheels"), str(source)], cwd=work)
    (built,) = (work / "wheels").glob(f"{PACKAGE}-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel installed alone; its dependencies are the test
    virtualenv's, seen through a .pth file. Returns its bin/ folder."""
    folder = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--without-pip", str(folder)], cwd=folder)
    python = folder / "bin" / "python"
    purelib = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                       cwd=folder).stdout.strip())
    (purelib / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
         "--quiet", str(wheel)], cwd=folder)
    return folder / "bin"


@pytest.fixture(scope="module")
def site(venv: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """An empty folder with a few seeds, after the README's `newsarchive ingest` and `newsarchive
    build` ran in it with no Node on the PATH. Returns the folder and the commands' output."""
    folder = tmp_path_factory.mktemp("site")
    (folder / "seeds").mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder / "seeds" / seed.name)
    output = ""
    for command in (["newsarchive", "ingest"], ["newsarchive", "build"]):
        result = run([str(venv / command[0]), *command[1:]], cwd=folder, env=env_without_node(venv))
        output += result.stdout + result.stderr
    return folder, output


@pytest.fixture(scope="module")
def own_site(site: tuple[Path, str], venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another folder with the same stories and a pelicanconf.py of its own, as docs/install.md
    shows, after `newsarchive build` ran in it. Returns its output folder."""
    folder = tmp_path_factory.mktemp("own-site")
    shutil.copytree(site[0] / "content", folder / "content")
    (folder / "pelicanconf.py").write_text(OWN_SETTINGS, encoding="utf-8")
    run([str(venv / "newsarchive"), "build"], cwd=folder, env=env_without_node(venv))
    return folder / "output"


def test_the_wheel_holds_the_whole_theme(wheel_names: list[str]) -> None:
    """Every theme file (templates, styles, scripts, lunr.min.js and its licence), and only those."""
    shipped = sorted(n for n in wheel_names if n.startswith(f"{PACKAGE}/theme/"))
    assert shipped == theme_files()
    assert f"{PACKAGE}/theme/static/vendor/lunr/LICENSE" in shipped


def test_the_wheel_has_the_packages_version(wheel: Path) -> None:
    """pyproject.toml reads the version from the package: one place to change it."""
    from newsarchive import __version__

    assert wheel.name.startswith(f"{PACKAGE}-{__version__}-")


def test_the_wheel_holds_every_package_file_and_the_default_settings(wheel_names: list[str]) -> None:
    """Modules, rules, models and data: a pattern pyproject.toml's package-data misses shows here."""
    assert sorted(set(package_files()) - set(wheel_names)) == []
    assert f"{PACKAGE}/pelicanconf.py" in wheel_names


@pytest.mark.parametrize("licence", LICENCES)
def test_the_wheel_carries_every_licence(wheel_names: list[str], licence: str) -> None:
    """The project's and lunr.js's, which the theme ships, in the wheel's metadata."""
    assert [n for n in wheel_names if n.endswith(f".dist-info/licenses/{licence}")] != []


def test_the_wheel_holds_nothing_beside_the_package(wheel_names: list[str]) -> None:
    """No top-level module or folder but the package and its metadata: no tests, scripts or top-level
    pelicanconf.py that would shadow a user's own."""
    assert [n for n in wheel_names if not n.startswith((f"{PACKAGE}/", f"{PACKAGE}-"))] == []


@pytest.mark.parametrize("stray", ["tests/", ".venv/", "node_modules/", "__pycache__/", ".pyc", ".egg-info/"])
def test_the_wheel_holds_no_stray_file(wheel_names: list[str], stray: str) -> None:
    assert [n for n in wheel_names if stray in n] == []


@pytest.mark.parametrize("stray", ["/tests/", "/.venv/", "/node_modules/", "/__pycache__/", ".pyc", "/output/",
                                   "/content/", "/.git/"])
def test_the_source_distribution_holds_no_stray_file(sdist: Path, stray: str) -> None:
    with tarfile.open(sdist) as archive:
        assert [n for n in archive.getnames() if stray in n + "/"] == []


def test_the_command_runs_the_installed_package(venv: Path, tmp_path: Path) -> None:
    """The fresh virtualenv imports the wheel's package, not the checkout's."""
    result = run([str(venv / "python"), "-c", "import newsarchive; print(newsarchive.__file__)"], cwd=tmp_path)
    assert Path(result.stdout.strip()).is_relative_to(venv.parent)


def test_every_seed_has_its_story_page(site: tuple[Path, str]) -> None:
    folder, _ = site
    report = json.loads((folder / "content" / ".newsarchive" / "report.json").read_text(encoding="utf-8"))
    stories = [Path(s["article"]).stem for s in report["seeds"] if s["status"] == "published"]
    assert len(stories) == len(SEEDS)
    for slug in stories:
        assert len(list((folder / "output").glob(f"*/*/{slug}.html"))) == 1, slug


@pytest.mark.parametrize("name", ["index.html", "search.html", "search/index.json", "theme/css/site.css",
                                  "theme/js/search.js", "theme/vendor/lunr/LICENSE", "feeds/all.atom.xml"])
def test_the_site_has(site: tuple[Path, str], name: str) -> None:
    folder, _ = site
    assert (folder / "output" / name).is_file()


def test_search_covers_every_story_with_the_shipped_lunr(site: tuple[Path, str]) -> None:
    folder, _ = site
    output = folder / "output"
    index = json.loads((output / "search" / "index.json").read_text(encoding="utf-8"))
    assert index["docs"] == len(SEEDS)
    assert all((output / "search" / shard).is_file() for _, shard in index["shards"])
    shipped = ROOT / "theme" / "static" / "vendor" / "lunr" / "lunr.min.js"
    assert (output / "theme" / "vendor" / "lunr" / "lunr.min.js").read_bytes() == shipped.read_bytes()


def test_the_commands_print_no_warning(site: tuple[Path, str]) -> None:
    _, output = site
    assert "WARNING" not in output.upper()
    assert "ERROR" not in output.upper()


def test_a_folders_own_settings_win_over_the_packages(own_site: Path) -> None:
    """A user's pelicanconf.py, starting from the package's settings, names and addresses the site,
    with the package's theme and search still there."""
    index = (own_site / "index.html").read_text(encoding="utf-8")
    assert f"<title>{OWN_NAME}" in index
    assert f'href="{OWN_URL}/theme/css/site.css"' in index
    assert (own_site / "search" / "index.json").is_file()
