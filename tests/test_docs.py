"""The README and docs/ stay true: short lines, the two commands, every CLI command documented in
both the command line's help and the README, every linked document present, every module path named
in the README and docs/ present."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from newsarchive.cli import make_parser

from .conftest import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
MAX_LINES, MAX_LINE_LENGTH = 120, 300
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
TABLE_COMMAND = re.compile(r"^\| `newsarchive ([a-z][a-z-]*)", re.M)
# A path in backquotes under one of the project's folders: `newsarchive/site/state.py`, `scripts/x.py`.
CODE_PATH = re.compile(r"`((?:newsarchive|scripts|tests|theme)/[\w./-]*[\w/])`")
# A module of the package in backquotes, by dotted name: `newsarchive.site.state`.
DOTTED_MODULE = re.compile(r"`(newsarchive(?:\.\w+)+)`")
# A module, folder or data file named from inside the package: `site/feeds.py`, `parse/model/`.
PACKAGE_PATH = re.compile(r"`((?:site|parse|entities|rules|data)/[\w./-]*[\w/])`")
DOCUMENTS = [README, *sorted(DOCS.glob("*.md"))]


def readme() -> str:
    return README.read_text(encoding="utf-8")


def subcommands() -> dict[str, argparse.ArgumentParser]:
    """The `newsarchive` subcommands and their parsers."""
    action = next(a for a in make_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def subcommand_help() -> dict[str, str]:
    """Each subcommand's one-line help, as `newsarchive --help` lists it."""
    action = next(a for a in make_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return {choice.dest: choice.help or "" for choice in action._choices_actions}


def local_links(path: Path) -> list[str]:
    """The relative links of a Markdown file (web addresses left out)."""
    return [link for link in LINK.findall(path.read_text(encoding="utf-8")) if "://" not in link]


def named_paths(path: Path) -> list[str]:
    """The repository paths a Markdown file names in code spans, as paths from the root (a path
    with a placeholder such as `<page>_files/` or a wildcard is left out)."""
    text = path.read_text(encoding="utf-8")
    paths = [p for p in CODE_PATH.findall(text)]
    paths += ["newsarchive/" + p for p in PACKAGE_PATH.findall(text)]
    return sorted({p.rstrip("/") for p in paths if not re.search(r"[<>*{}]", p)})


def named_modules(path: Path) -> list[str]:
    """The dotted module names a Markdown file names in code spans."""
    return sorted(set(DOTTED_MODULE.findall(path.read_text(encoding="utf-8"))))


def module_file(parts: list[str]) -> Path | None:
    """The source file of the dotted module `parts`, or None when there is none."""
    base = ROOT.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def module_exists(dotted: str) -> bool:
    """Whether the dotted name is a module or package, or a name a module defines (`a.b.Class`)."""
    parts = dotted.split(".")
    if module_file(parts):
        return True
    parent = module_file(parts[:-1])
    definition = rf"^(?:class |def )?{re.escape(parts[-1])}\b"
    return parent is not None and re.search(definition, parent.read_text(encoding="utf-8"), re.M) is not None


def test_readme_is_short_with_short_lines() -> None:
    lines = readme().splitlines()
    assert len(lines) <= MAX_LINES
    assert [n for n, line in enumerate(lines, 1) if len(line) > MAX_LINE_LENGTH] == []


@pytest.mark.parametrize("command", ["make site", "make test"])
def test_readme_gives_the_two_commands(command: str) -> None:
    assert f"    {command}" in readme()


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_has_help_and_a_readme_entry(name: str) -> None:
    assert len(subcommand_help()[name]) > 10, f"newsarchive {name} has no help text"
    assert name in TABLE_COMMAND.findall(readme()), f"newsarchive {name} is missing from the README's commands table"
    for action in subcommands()[name]._actions:
        if not isinstance(action, argparse._HelpAction):
            assert action.help, f"newsarchive {name}: {action.option_strings or action.dest} has no help text"


def test_the_readme_lists_no_command_that_does_not_exist() -> None:
    assert set(TABLE_COMMAND.findall(readme())) <= set(subcommands())


@pytest.mark.parametrize("target", sorted(set(re.findall(r"`make ([a-z]+)", README.read_text(encoding="utf-8")))))
def test_every_make_target_in_the_readme_exists(target: str) -> None:
    assert re.search(rf"^{target}:", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)


def test_every_document_the_readme_links_exists_and_every_document_is_linked() -> None:
    links = local_links(README)
    assert [link for link in links if not (ROOT / link).exists()] == []
    linked = {(ROOT / link).resolve() for link in links}
    assert sorted(p.name for p in DOCS.glob("*.md") if p.resolve() not in linked) == []


@pytest.mark.parametrize("document", sorted(p.name for p in DOCS.glob("*.md")))
def test_links_between_documents_resolve(document: str) -> None:
    path = DOCS / document
    assert [link for link in local_links(path) if not (path.parent / link).exists()] == []


def test_ci_runs_the_readmes_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert script[-1] == "make test"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_every_path_a_document_names_exists(document: Path) -> None:
    assert [p for p in named_paths(document) if not (ROOT / p).exists()] == []


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_every_module_a_document_names_exists(document: Path) -> None:
    modules = named_modules(document)
    assert [m for m in modules if not module_exists(m)] == []
