"""Finding seed files, decoding them and hashing them. Knows about files, nothing about news."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import os
import re
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import SeedError

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
MAX_SEED_BYTES = 20 * 1024 * 1024
HTML_PRESCAN = 8192  # bytes searched for a charset declaration (browsers: 1024; saved pages: more)
META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
CHARSET_ALIASES = {
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
    "ascii": "cp1252", "iso-8859-9": "cp1254", "iso-8859-11": "cp874", "tis-620": "cp874",
    "gb2312": "gbk", "x-gbk": "gbk", "ks_c_5601-1987": "cp949", "x-sjis": "shift_jis",
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8", "unicode": "utf-8",
}
SINGLE_BYTE = re.compile(r"^(?:cp12\d\d|cp874|iso8859-\d+|koi8-[ru]|mac-\w+)$")
# Codecs a page may not choose: WHATWG forbids UTF-7 (it smuggles '<' past filters) and the
# escape codecs would turn '\x3c' in the text into markup characters.
REFUSED_CHARSETS = {"utf-7", "unicode-escape", "raw-unicode-escape", "idna", "punycode"}
# Characters a text file hardly ever holds: C0 controls other than whitespace, and the
# replacement character a failed decoding leaves.
BINARY_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
BINARY_SHARE = 0.05


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
    never followed (they could point outside the seed folder) and are reported; so are named
    pipes, sockets and devices (reading one could block forever) and files without a seed suffix.
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
            elif not _is_regular(path):
                yield Skipped(str(path), "not a regular file (a pipe, socket or device)")
            elif seed_kind(name) is None:
                yield Skipped(str(path), "not a seed file (expected .txt, .html, .htm or .html.gz)")
            else:
                yield path


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return True  # vanished or unreadable: read_seed reports why


def read_seed(path: Path, shown: str | None = None) -> RawSeed:
    """Read and decode one seed file; raise SeedError for what cannot be text."""
    shown = shown or str(path)
    kind = seed_kind(path.name) or "text"
    data = read_bytes(path, shown)
    if path.name.lower().endswith(".gz"):
        data = gunzip(data, shown)
    text = decode_bytes(data, shown, declared_charset(data) if kind == "html" else None)
    return RawSeed(path=shown, kind=kind, text=text, sha256=hashlib.sha256(data).hexdigest())


def read_bytes(path: Path, shown: str) -> bytes:
    """A regular file's bytes, bounded in size. The file is opened without following a symbolic
    link and without blocking, so a link or a pipe swapped in after the walk is refused too."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if path.is_symlink():
            raise SeedError(shown, "symbolic link, not followed") from None
        raise SeedError(shown, f"cannot read file ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SeedError(shown, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise SeedError(shown, "not a regular file (a pipe, socket or device)")
        if info.st_size > MAX_SEED_BYTES:
            raise SeedError(shown, f"file is larger than {MAX_SEED_BYTES // (1024 * 1024)} MB")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_SEED_BYTES + 1)
    except OSError as exc:
        raise SeedError(shown, f"cannot read file ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_SEED_BYTES:
        raise SeedError(shown, f"file is larger than {MAX_SEED_BYTES // (1024 * 1024)} MB")
    return data


def gunzip(data: bytes, shown: str) -> bytes:
    """Decompress gzip data, bounded so a gzip bomb cannot exhaust memory."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(MAX_SEED_BYTES + 1)
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        raise SeedError(shown, f"not valid gzip data ({exc})") from None
    if len(out) > MAX_SEED_BYTES:
        raise SeedError(shown, "decompressed page is too large")
    return out


def decode_bytes(data: bytes, shown: str, declared: str | None = None) -> str:
    """Decode seed bytes to text: BOMs, UTF-16, the page's declared charset, UTF-8, then
    Windows-1252; reject binary. A declared single-byte charset loses to valid UTF-8, which
    such pages almost never are by chance (a page re-saved as UTF-8 keeps its old meta tag)."""
    if not data.strip():
        raise SeedError(shown, "file holds only whitespace" if data else "file is empty")
    text = _decode_by_bom(data)
    if text is None and _looks_utf16(data):
        text = _try(data, "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
    if text is None and declared and not (SINGLE_BYTE.match(declared) and _try(data, "utf-8") is not None):
        text = _try(data, declared)
    if text is None:
        text = _try(data, "utf-8")
    if text is None:
        text = data.decode("utf-8", errors="newsarchive-cp1252")
    check_text(text, shown)
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SeedError(shown, "file holds no text, only whitespace")
    return text


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes that are not UTF-8 as Windows-1252: a dump pasted together from a UTF-8
    page and a Windows one keeps every character of both (pure Windows-1252 decodes the same)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start:error.end]
    return bytes(bad).decode("cp1252", errors="replace"), error.end


codecs.register_error("newsarchive-cp1252", _cp1252_fallback)


def declared_charset(data: bytes) -> str | None:
    """The Python codec a page names in `<meta charset>` or http-equiv Content-Type, or None.

    Labels follow the WHATWG Encoding Standard where it differs from Python: Latin-1 and ASCII
    mean Windows-1252, GB2312 means GBK, and a UTF-16 label in a page read as bytes means UTF-8.
    """
    match = META_CHARSET.search(data[:HTML_PRESCAN])
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").strip().lower()
    label = CHARSET_ALIASES.get(label, label)
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in REFUSED_CHARSETS:
        return None
    return info.name


def check_text(text: str, shown: str) -> None:
    """Reject decoded text with many control bytes or undecodable sequences (a binary file)."""
    if text and len(BINARY_CHARS.findall(text)) > BINARY_SHARE * len(text):
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
    except (UnicodeDecodeError, LookupError):
        return None
