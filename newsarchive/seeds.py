"""Finding seed files, decoding them and hashing them. Knows about files, nothing about news."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import SeedError

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
MAX_SEED_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class RawSeed:
    """One seed file: where it is, its bytes decoded to text, and its content hash."""

    path: str  # as the user should see it (relative to the seed folder's parent when possible)
    kind: str  # "text" or "html"
    text: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file in the seed folder that is not read, and why."""

    path: str
    reason: str


def seed_kind(name: str) -> str | None:
    """'text', 'html' or None for a file name, by its suffix."""
    lower = name.lower()
    if lower.endswith(TEXT_SUFFIXES):
        return "text"
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    return None


def find_seeds(root: Path) -> Iterator[Path | Skipped]:
    """Walk root recursively in sorted order, yielding seed paths or Skipped entries.

    Hidden files and folders (names starting with '.') are ignored silently; symbolic links are
    never followed (they could point outside the seed folder) and are reported; other files
    without a seed suffix are reported as skipped.
    """
    if root.is_file():
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        for d in list(dirnames):
            if d.startswith(".") or (base / d).is_symlink():
                if not d.startswith("."):
                    yield Skipped(str(base / d), "symbolic link to a folder, not followed")
                dirnames.remove(d)
        dirnames.sort()
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = base / name
            if path.is_symlink():
                yield Skipped(str(path), "symbolic link, not followed")
            elif seed_kind(name) is None:
                yield Skipped(str(path), "not a seed file (expected .txt, .html, .htm or .html.gz)")
            else:
                yield path


def read_seed(path: Path, shown: str | None = None) -> RawSeed:
    """Read and decode one seed file; raise SeedError for what cannot be text."""
    shown = shown or str(path)
    kind = seed_kind(path.name) or "text"
    try:
        if path.stat().st_size > MAX_SEED_BYTES:
            raise SeedError(shown, f"file is larger than {MAX_SEED_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise SeedError(shown, f"cannot read file ({exc.strerror or exc})") from None
    if path.name.lower().endswith(".gz"):
        data = gunzip(data, shown)
    text = decode_bytes(data, shown)
    return RawSeed(path=shown, kind=kind, text=text, sha256=hashlib.sha256(data).hexdigest())


def gunzip(data: bytes, shown: str) -> bytes:
    """Decompress gzip data, bounded so a gzip bomb cannot exhaust memory."""
    try:
        with gzip.GzipFile(fileobj=__import__("io").BytesIO(data)) as fh:
            out = fh.read(MAX_SEED_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise SeedError(shown, f"not valid gzip data ({exc})") from None
    if len(out) > MAX_SEED_BYTES:
        raise SeedError(shown, "decompressed page is too large")
    return out


def decode_bytes(data: bytes, shown: str) -> str:
    """Decode seed bytes to text: BOMs, UTF-16, UTF-8, then Windows-1252; reject binary."""
    if not data.strip():
        raise SeedError(shown, "file is empty")
    text = _decode_by_bom(data)
    if text is None and _looks_utf16(data):
        text = _try(data, "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
    if text is None:
        text = _try(data, "utf-8")
    if text is None:
        text = _try(data, "cp1252")
    if text is None:
        text = data.decode("latin-1")
    check_text(text, shown)
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SeedError(shown, "file holds only whitespace")
    return text


def check_text(text: str, shown: str) -> None:
    """Reject decoded text that is mostly control characters (a binary file)."""
    sample = text[:65536]
    if not sample:
        return
    controls = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f\v") or c == "\ufffd")
    if controls / len(sample) > 0.05:
        raise SeedError(shown, "binary data, not text (too many control bytes)")


def _decode_by_bom(data: bytes) -> str | None:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    return None


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = len(sample) / 2
    return max(zeros_even, zeros_odd) > 0.3 * half and min(zeros_even, zeros_odd) < 0.05 * half


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None
