"""The story's lead picture: its caption and photo credit, and where the saved page keeps the image
(a path next to the page or a data URI's digest; remote images are not kept)."""

from __future__ import annotations

import hashlib
import re
import urllib.parse

import lxml.html

from ..credits import split_caption_credit
from .markup import clean_text, element_text
from .metadata import PageMeta

CAPTION_LABEL = re.compile(r"^(?:image|photo|picture)?\s*caption\s*:?\s*", re.I)
CREDIT_LABEL = re.compile(r"^(?:(?:photo(?:graph)?|image|picture|credit|source|foto)s?\s*(?:credit)?\s*(?::|by\b)\s*)", re.I)
CREDIT_AT_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s*(?P<credit>(?:photo(?:graph)?|image|picture|credit)s?\s*(?:by|:)\s*[^.]{2,80})\.?$", re.I)
DATA_URI = re.compile(r"^data:(?P<type>image/(?:png|jpeg|jpg|gif|webp));base64,", re.I)
MIN_DATA_URI = 2048  # smaller embedded images are placeholders, spacers and icons, not photographs
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
CREDIT_CLASS = re.compile(r"credit|copyright|source|photographer|attribution|byline|courtesy", re.I)


def find_lead_figure(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The story's lead picture: the first <figure> with an image and a caption, in the article first."""
    for path in ("//article//figure", "//main//figure", "//figure"):
        for figure in tree.xpath(path):
            if figure.xpath(".//img | .//picture") and len(figure_caption_text(figure).split()) >= 2:
                return figure
    return None


def figure_caption_text(figure: lxml.html.HtmlElement) -> str:
    captions = figure.xpath(".//figcaption")
    return element_text(captions[0]) if captions else ""


def read_figure(figure: lxml.html.HtmlElement, meta: PageMeta) -> None:
    """Caption and credit from the lead figure: credit from its credit markup or the caption's end."""
    caption_element = figure.xpath(".//figcaption")[0]
    credits = [e for e in figure.xpath(".//*[@class or @itemprop]") if is_credit_element(e)]
    credits = [e for e in credits if not any(c is not e and is_descendant(c, e) for c in credits)]
    credit = clean_credit(element_text(credits[0])) if credits else ""
    caption = element_text(caption_element)
    for element in credits[:1]:
        caption = clean_text(caption.replace(element_text(element), " "))
    caption = CAPTION_LABEL.sub("", caption).strip()
    if not credit:
        caption, credit = split_credit(caption)
    if caption:
        meta.caption = caption
    if credit:
        meta.credit = credit


def is_descendant(element: lxml.html.HtmlElement, ancestor: lxml.html.HtmlElement) -> bool:
    return any(a is ancestor for a in element.iterancestors())


def is_credit_element(element: lxml.html.HtmlElement) -> bool:
    """Markup that holds a photo credit: class names like 'credit', itemprop copyrightHolder."""
    if element.get("itemprop") in ("copyrightHolder", "creditText", "author", "copyrightNotice"):
        return True
    return bool(CREDIT_CLASS.search(element.get("class", ""))) and 0 < len(element_text(element)) <= 120


def split_credit(caption: str) -> tuple[str, str]:
    """(caption, credit) from a caption that ends in its credit: '(AP)', 'Photo: X', 'Photo by X.'"""
    parts = split_caption_credit(caption)
    if parts:
        return parts[0], clean_credit(parts[1])
    match = CREDIT_AT_END.search(caption)
    if match and match.start() > 0:
        return caption[: match.start()].strip(), clean_credit(match.group("credit"))
    return caption, ""


def clean_credit(text: str) -> str:
    """'Photo: X', '(Image: X)', 'Credit: X' → 'X'."""
    text = clean_text(text).strip("()[] ")
    return CREDIT_LABEL.sub("", text).strip(" .;,") if text else ""


def lead_image_ref(tree: lxml.html.HtmlElement, figure: lxml.html.HtmlElement | None, metas: dict[str, list[str]]) -> str:
    """Where the lead image is, when the saved page has it: a relative path next to the page or
    a data URI (as 'data:<type>;sha256=<hex>', the data staying in the page). '' for remote images.

    A browser's 'save complete page' rewrites <img src> to local copies but leaves og:image
    remote, so the local image whose file name matches og:image is the lead one.
    """
    announced = {url_basename(v) for key in ("og:image", "twitter:image", "og:image:url") for v in metas.get(key, [])}
    images = tree.xpath("//article//img | //main//img | //img")
    local = [ref for ref in (local_ref(image_source(i)) for i in images) if ref]
    for ref in local:
        if url_basename(ref) in announced:
            return ref
    if figure is not None:
        for image in figure.xpath(".//img"):
            ref = local_ref(image_source(image))
            if ref:
                return ref
    return ""


def image_source(image: lxml.html.HtmlElement) -> str:
    """An <img>'s own source; lazy-loading pages keep it in data-src behind a placeholder."""
    src = (image.get("src") or "").strip()
    if not src or (src.startswith("data:") and len(src) < MIN_DATA_URI):
        for key in ("data-src", "data-lazy-src", "data-original"):
            if image.get(key):
                return image.get(key, "").strip()
    return src


def local_ref(src: str) -> str:
    """The reference in src when it names an image the seed carries: a data URI or a relative path
    that stays inside the page's folder; '' for anything remote or escaping."""
    if DATA_URI.match(src) and len(src) >= MIN_DATA_URI:
        payload = re.sub(r"\s+", "", src.split(",", 1)[1])
        digest = hashlib.sha256(payload.encode("ascii", "ignore")).hexdigest()
        return f"data:{DATA_URI.match(src).group('type')};sha256={digest}"  # type: ignore[union-attr]
    if not src or src.startswith("data:") or SCHEME.match(src) or src.startswith(("/", "\\")) or "\\" in src:
        return ""
    path = urllib.parse.unquote(src.split("#", 1)[0].split("?", 1)[0])
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if not parts or ".." in parts or "\\" in path or "\x00" in path:
        return ""
    return "/".join(parts)


def url_basename(url: str) -> str:
    path = urllib.parse.urlsplit(url.strip()).path if "://" in url else url.split("?", 1)[0]
    return urllib.parse.unquote(path.rsplit("/", 1)[-1]).lower()
