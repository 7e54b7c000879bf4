"""Lead images: copied from beside a saved page (or out of its data URI) into content/images/,
re-encoded by Pillow in a few widths for `srcset`. Nothing is ever fetched from the network.

The HTML reader records where the page's lead image is (`Article.image`: a path relative to the
page, or `data:<type>;sha256=<hex>` for an embedded image). Ingest's write step calls
`publish_lead_image`, which finds the bytes, checks them, writes the variants and points
`Article.image` at the largest one, relative to the content folder: `images/<hash>-<width>.jpg`.
Re-encoding drops whatever else the file carried (metadata, scripts in SVG: SVG is not accepted).
Output is deterministic: the same source bytes give the same file names and the same bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import logging
import re
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .article import Article
from .errors import SeedError
from .fsutil import write_atomic
from .seeds import read_seed

log = logging.getLogger(__name__)

IMAGES_DIR = "images"
WIDTHS = (480, 960, 1440)  # srcset widths; an image narrower than one stops there
MIN_WIDTH = 200  # narrower images are icons and spacers, not a story's picture
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000  # larger images are refused before decoding (decompression bombs)
FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
JPEG_QUALITY = 82
DATA_REF = re.compile(r"^data:(?P<type>image/[\w.+-]+);sha256=(?P<digest>[0-9a-f]{64})$")
DATA_URI = re.compile(r"data:image/(?:png|jpeg|jpg|gif|webp);base64,(?P<payload>[A-Za-z0-9+/=\s]+)", re.I)
VARIANT = re.compile(r"^(?P<stem>[0-9a-f]{16})-(?P<width>\d+)\.(?P<ext>jpg|png)$")


class ImageError(Exception):
    """Why a lead image could not be published (recorded as a note in the run report)."""


def publish_lead_image(article: Article, seeds: Path, content: Path) -> tuple[Article, list[str]]:
    """Publish the article's lead image into content/images/; return the article pointing at it
    and the files it uses (relative to content). Without a usable image, `image` becomes ''."""
    ref = article.image
    if not ref or ref.startswith(f"{IMAGES_DIR}/"):
        return article, []
    try:
        data = read_image_bytes(ref, seed_file(seeds, article.seed_path), seed_root(seeds))
        files = write_variants(data, content)
    except ImageError as exc:
        note = f"lead image not published ({ref[:80]}): {exc}"
        return article.with_(image="", notes=(*article.notes, note)), []
    return article.with_(image=files[-1]), files


def seed_root(seeds: Path) -> Path:
    """The folder seeds may take images from: the seed folder (or a single seed's folder)."""
    return (seeds if seeds.is_dir() else seeds.parent).resolve()


def seed_file(seeds: Path, shown: str) -> Path:
    """A seed's file from its shown path (ingest shows paths relative to the seed folder's parent)."""
    return seeds.parent / shown


def read_image_bytes(ref: str, page: Path, root: Path) -> bytes:
    """The bytes of a lead image: out of the page's data URI, or the file next to the page."""
    match = DATA_REF.match(ref)
    if match:
        return embedded_image(page, match.group("digest"))
    return local_image(page, ref, root)


def embedded_image(page: Path, digest: str) -> bytes:
    """The data URI in the page whose payload has this SHA-256, decoded."""
    try:
        text = read_seed(page).text
    except SeedError as exc:
        raise ImageError(f"cannot re-read the page ({exc.reason})") from None
    for match in DATA_URI.finditer(text):
        payload = re.sub(r"\s+", "", match.group("payload"))
        if hashlib.sha256(payload.encode("ascii")).hexdigest() == digest:
            try:
                return base64.b64decode(payload, validate=True)
            except (binascii.Error, ValueError):
                raise ImageError("the embedded image is not valid base64") from None
    raise ImageError("the embedded image is no longer in the page")


def local_image(page: Path, ref: str, root: Path) -> bytes:
    """The file `ref` names beside the page; refused when it would leave the seed folder, or
    passes through a symbolic link (the same rule as for seeds)."""
    parts = ref.split("/")
    if ref.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise ImageError("not a plain relative path")
    path = page.parent.resolve()
    for part in parts:
        path = path / part
        if path.is_symlink():
            raise ImageError("behind a symbolic link, not followed")
    if not path.resolve().is_relative_to(root):
        raise ImageError("outside the seed folder")
    if not path.is_file():
        raise ImageError("no such file next to the page")
    if path.stat().st_size > MAX_IMAGE_BYTES:
        raise ImageError(f"larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB")
    return path.read_bytes()


def open_image(data: bytes) -> Image.Image:
    """Decode an image with Pillow, only in the formats a page shows, refusing huge ones."""
    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)
        if image.width * image.height > MAX_PIXELS:
            raise ImageError(f"{image.width}×{image.height} pixels is too large")
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageError(f"not a readable JPEG, PNG, GIF or WebP image ({type(exc).__name__})") from None
    image = ImageOps.exif_transpose(image) or image
    if image.width < MIN_WIDTH:
        raise ImageError(f"{image.width} pixels wide is too small for a lead image")
    return image


def has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def variant_widths(width: int) -> list[int]:
    """The srcset widths for an image this wide: the standard ones below it, then its own (capped)."""
    return [w for w in WIDTHS if w < min(width, WIDTHS[-1])] + [min(width, WIDTHS[-1])]


def write_variants(data: bytes, content: Path) -> list[str]:
    """Write the image's variants (unless already there); return their paths, narrowest first."""
    stem = hashlib.sha256(data).hexdigest()[:16]
    image = open_image(data)
    alpha = has_alpha(image)
    image = image.convert("RGBA" if alpha else "RGB")
    ext = "png" if alpha else "jpg"
    files: list[str] = []
    for width in variant_widths(image.width):
        relative = f"{IMAGES_DIR}/{stem}-{width}.{ext}"
        target = content / relative
        if not target.is_file():
            write_atomic(target, encode(resize(image, width), ext))
        files.append(relative)
    return files


def resize(image: Image.Image, width: int) -> Image.Image:
    if width == image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def encode(image: Image.Image, ext: str) -> bytes:
    """The image's bytes, with no metadata: the same pixels always give the same bytes."""
    out = io.BytesIO()
    if ext == "png":
        image.save(out, format="PNG", optimize=True)
    else:
        image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def image_variants(image: str, content: Path) -> list[tuple[str, int]]:
    """(path, width) of every published variant of a lead image, narrowest first, for srcset."""
    match = VARIANT.match(Path(image).name)
    if not match:
        return []
    found = []
    for path in (content / IMAGES_DIR).glob(f"{match.group('stem')}-*.{match.group('ext')}"):
        variant = VARIANT.match(path.name)
        if variant:
            found.append((f"{IMAGES_DIR}/{path.name}", int(variant.group("width"))))
    return sorted(found, key=lambda item: item[1])


def srcset(image: str, content: Path) -> str:
    """The `srcset` attribute value for a lead image: 'images/x-480.jpg 480w, ...'."""
    return ", ".join(f"{path} {width}w" for path, width in image_variants(image, content))
