"""Bad input (the ingest issue's list): each file publishes, decoded as far as it can be, or fails
with a message naming the file and the reason. No traceback reaches the user."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsarchive.errors import SeedError
from newsarchive.ingest import Options, extract_path, ingest
from newsarchive.seeds import MAX_SEED_BYTES, find_seeds, read_seed

from .fixtures.hostile.corpus import dump, prose

ACCENTS = "Officials said the café’s “déjà vu” menu would cost €12 per person."
TEXT = dump("Encoding drill for awkward bytes", [prose("an encoded story"), ACCENTS])
LONG_LINE = ("word " * 40_000).strip() + "."  # 200,000 characters
BIG_BODY = [prose("a very large story")] + [f"Paragraph {i} of a very long story says the same thing again and again." for i in range(70_000)]

# name, bytes, text the decoded seed must contain (None: it must fail), reason the failure gives
DECODING = [
    ("utf8.txt", TEXT.encode(), ACCENTS, None),
    ("utf8-bom.txt", b"\xef\xbb\xbf" + TEXT.encode(), ACCENTS, None),
    ("utf16-le-bom.txt", TEXT.encode("utf-16"), ACCENTS, None),
    ("utf16-be-bom.txt", b"\xfe\xff" + TEXT.encode("utf-16-be"), ACCENTS, None),
    ("utf16-le.txt", TEXT.encode("utf-16-le"), ACCENTS, None),
    ("utf16-be.txt", TEXT.encode("utf-16-be"), ACCENTS, None),
    ("utf32-bom.txt", TEXT.encode("utf-32"), ACCENTS, None),
    ("cp1252.txt", TEXT.encode("cp1252"), ACCENTS, None),
    ("mixed-utf8-cp1252.txt", TEXT.encode() + "He said “yes”.\n".encode("cp1252"), "He said “yes”.", None),
    ("invalid-utf8.txt", TEXT.encode() + b"Stray \xc3\x28 and \xf0\x28\x8c\x28 bytes.\n", ACCENTS, None),
    ("crlf.txt", TEXT.replace("\n", "\r\n").encode(), ACCENTS, None),
    ("cr-only.txt", TEXT.replace("\n", "\r").encode(), ACCENTS, None),
    ("nul-bytes.txt", TEXT.replace("menu", "me\x00nu").encode(), ACCENTS, None),
    ("empty.txt", b"", None, "file is empty"),
    ("whitespace.txt", b"  \n\t\r\n \x0b\x0c \n", None, "only whitespace"),
    ("bom-only.txt", b"\xef\xbb\xbf", None, "no text"),
    ("utf16-whitespace.txt", " \n \n".encode("utf-16"), None, "no text"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64, None, "binary"),
    ("nul-only.txt", b"\x00" * 4096, None, "binary"),
    ("binary-tail.txt", TEXT.encode() + bytes(range(32)) * 400, None, "binary"),
]


@pytest.mark.parametrize("name, data, contains, reason", DECODING, ids=[c[0] for c in DECODING])
def test_decoding(tmp_path: Path, name: str, data: bytes, contains: str | None, reason: str | None) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    if contains is None:
        with pytest.raises(SeedError) as info:
            read_seed(path, f"seeds/{name}")
        assert reason in info.value.reason
        assert str(info.value).startswith(f"seeds/{name}: ")
        return
    raw = read_seed(path, f"seeds/{name}")
    assert contains in raw.text
    assert "\ufeff" not in raw.text and "\r" not in raw.text and "\x00" not in raw.text
    assert raw.text.lstrip().startswith("Encoding drill")


# name, bytes, status in the report, a word the reason holds / a text the body holds
INGEST = [
    ("no-date.txt", dump("Undated drill for missing dates", [prose("an undated story")], dateline="World News").encode(), "published", prose("an undated story")),
    ("no-body.txt", b"Just a headline\n\nBy Jane Doe\nMarch 3, 2021\n", "failed", ""),
    ("no-title.txt", ("\n\n" + prose("a story with no headline") + " " + prose("more")).encode(), "failed", ""),
    ("one-long-line.txt", LONG_LINE.encode(), "failed", "too long"),
    ("long-body-line.txt", dump("Long line drill for huge paragraphs", [prose("a long line"), LONG_LINE]).encode(), "published", LONG_LINE),
    ("five-mb.txt", dump("Five megabyte drill for big files", BIG_BODY).encode(), "published", BIG_BODY[-1]),
    ("cp1252.txt", TEXT.replace("Encoding drill", "Windows drill").encode("cp1252"), "published", ACCENTS),
    ("utf16.txt", TEXT.replace("Encoding drill", "UTF-16 drill").replace("encoded", "UTF-16").encode("utf-16"), "published", ACCENTS),
]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    base = tmp_path_factory.mktemp("bad")
    seeds = base / "seeds"
    seeds.mkdir()
    for name, data, _, _ in INGEST:
        (seeds / name).write_bytes(data)
    assert len(BIG_BODY[0]) and (seeds / "five-mb.txt").stat().st_size > 5_000_000
    report = ingest(seeds, Options(content=base / "content", report=base / "report.json", workers=1))
    return base, {o.path: o.to_dict() for o in report.seeds}


@pytest.mark.parametrize("name, data, status, expect", INGEST, ids=[c[0] for c in INGEST])
def test_ingest_outcome(ingested, name: str, data: bytes, status: str, expect: str) -> None:
    base, outcomes = ingested
    outcome = outcomes[f"seeds/{name}"]
    assert outcome["status"] == status, outcome
    if status == "failed":
        assert outcome["reason"] and expect in outcome["reason"]
        return
    article = (base / "content" / outcome["article"]).read_text(encoding="utf-8")
    from newsarchive.markdown import escape_paragraph

    assert escape_paragraph(expect) in article


def test_no_title_is_not_published_under_a_byline_or_a_paragraph(tmp_path: Path) -> None:
    """A dump without a headline must not publish with its byline or first sentence as title."""
    seed = tmp_path / "x.txt"
    seed.write_text("By Jane Doe\nMarch 3, 2021\n\n" + prose("a story without its headline") + "\n")
    try:
        article = extract_path(seed)
    except SeedError as exc:
        assert "title" in exc.reason or "headline" in exc.reason
        return
    assert article.title not in ("By Jane Doe", "March 3, 2021"), article.title


def test_undated_seed_publishes_by_default_with_a_note(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "undated.txt").write_text(dump("Undated drill for missing dates", [prose("an undated story")], dateline="World News"))
    report = ingest(seeds, Options(content=tmp_path / "content", workers=1))
    [outcome] = report.seeds
    assert outcome.status == "published", outcome
    assert outcome.article.startswith("undated/"), outcome.article
    assert any("no date" in note for note in outcome.notes), outcome.notes
    assert "Date:" not in (tmp_path / "content" / outcome.article).read_text()
    again = ingest(seeds, Options(content=tmp_path / "content", workers=1))
    assert [o.status for o in again.seeds] == ["unchanged"]
    assert again.seeds[0].notes == outcome.notes


def test_undated_seed_is_refused_when_a_date_is_required(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "undated.txt").write_text(dump("Undated drill for missing dates", [prose("an undated story")], dateline="World News"))
    report = ingest(seeds, Options(content=tmp_path / "content", require_date=True, workers=1))
    [outcome] = report.seeds
    assert outcome.status == "failed" and "no date" in outcome.reason, outcome
    assert not list((tmp_path / "content").rglob("*.md"))


def test_oversized_and_special_files(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    with open(seeds / "huge.txt", "wb") as fh:  # sparse: costs no disk
        fh.truncate(MAX_SEED_BYTES + 1)
    (seeds / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b" " * (MAX_SEED_BYTES + 10)))
    (seeds / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    (seeds / "folder.txt").mkdir()
    (seeds / "folder.txt" / "inner.txt").write_text(dump("Inside a folder named like a file", [prose("a folder named .txt")]))
    os.mkfifo(seeds / "pipe.txt")
    report = ingest(seeds, Options(content=tmp_path / "content", workers=1))
    got = {o.path: (o.status, o.reason) for o in report.seeds}
    assert got["seeds/huge.txt"][0] == "failed" and "larger than" in got["seeds/huge.txt"][1]
    assert got["seeds/bomb.html.gz"][0] == "failed" and "too large" in got["seeds/bomb.html.gz"][1]
    assert got["seeds/broken.html.gz"][0] == "failed" and "gzip" in got["seeds/broken.html.gz"][1]
    assert got["seeds/pipe.txt"][0] == "skipped" and "regular file" in got["seeds/pipe.txt"][1]
    assert got["seeds/folder.txt/inner.txt"][0] == "published"


def test_read_seed_refuses_links_and_pipes(tmp_path: Path) -> None:
    target = tmp_path / "outside.txt"
    target.write_text(TEXT)
    (tmp_path / "link.txt").symlink_to(target)
    os.mkfifo(tmp_path / "pipe.txt")
    for name, reason in (("link.txt", "symbolic link"), ("pipe.txt", "regular file"), ("missing.txt", "cannot read")):
        with pytest.raises(SeedError, match=reason):
            read_seed(tmp_path / name)


def test_links_are_reported_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(dump("Secret outside the seed folder", [prose("a secret")]))
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "link.txt").symlink_to(outside / "secret.txt")
    (seeds / "dir-link").symlink_to(outside)
    (seeds / "loop").symlink_to(seeds)
    (seeds / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    entries = list(find_seeds(seeds))
    assert all(not isinstance(e, Path) for e in entries), entries
    report = ingest(seeds, Options(content=tmp_path / "content", workers=1))
    assert sorted((o.path, o.status) for o in report.seeds) == [
        ("seeds/dangling.txt", "skipped"), ("seeds/dir-link", "skipped"),
        ("seeds/link.txt", "skipped"), ("seeds/loop", "skipped"),
    ]
    assert not list((tmp_path / "content").rglob("*.md"))


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsarchive.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_cli_reports_every_bad_file_without_traceback(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds" / "bad"
    seeds.mkdir(parents=True)
    for name, data, contains, _ in DECODING:
        (seeds / name).write_bytes(data if contains is None else data.replace(b"Encoding drill", name.encode()) if b"Encoding drill" in data else data)
    result = run_cli("ingest", "seeds", "--content", "content", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for name, _, contains, reason in DECODING:
        if contains is None:
            assert f"failed: seeds/bad/{name}: " in result.stderr and reason in result.stderr
    report = json.loads((tmp_path / "content" / ".newsarchive" / "report.json").read_text())
    assert sorted(s["path"] for s in report["seeds"]) == sorted(f"seeds/bad/{c[0]}" for c in DECODING)
    assert report["summary"]["total"] == len(DECODING)


@pytest.mark.parametrize(
    "args, code, message",
    [
        (("ingest", "no-such-folder"), 2, "no-such-folder"),
        (("extract", "binary.txt", "--json"), 1, "binary"),
        (("extract", "empty.txt"), 1, "empty"),
        (("extract", "no-such-file.txt", "--json"), 1, "cannot read"),
        (("extract", "."), 1, "folder"),
        (("build", "--content", "no-such-content", "--output", "out"), None, "no-such-content"),
    ],
)
def test_cli_errors_are_messages(tmp_path: Path, args: tuple[str, ...], code: int | None, message: str) -> None:
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli(*args, cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert message in result.stdout + result.stderr
    assert result.returncode == code if code is not None else result.returncode != 0
