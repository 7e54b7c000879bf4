"""The story's headline: the visible `<h1>` when the metadata agrees with it or it reads as a
headline, else the best metadata title without the site's name."""

from __future__ import annotations

from .markup import normalize, same_title
from .metadata import PageMeta, TITLE_SEPARATORS

HEADLINE_WORDS = 4  # an <h1> shorter than this that the metadata does not repeat is a logo or section


def choose_title(meta: PageMeta) -> str:
    """The headline as readers saw it: the visible <h1> when the metadata agrees with it or it reads
    as a headline (a site's logo or section name in an <h1> does not), else the best metadata title."""
    titles = [strip_site_name(t, meta.source) for t in meta.titles if t]
    titles = [t for t in titles if t]
    if meta.headline and (not titles or any(same_title(meta.headline, t) for t in titles)):
        return meta.headline
    if is_headline_like(meta.headline, meta.source):
        return meta.headline
    return titles[0] if titles else meta.headline


def is_headline_like(text: str, site: str) -> bool:
    """Long enough to be a story's headline and not the outlet's own name."""
    return len(text.split()) >= HEADLINE_WORDS and not (site and normalize(site) in normalize(text))


def strip_site_name(title: str, site: str) -> str:
    """'Headline | Site Name' → 'Headline' (the site part named by og:site_name, or short and last)."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    last = parts[-1]
    if (site and normalize(site) in normalize(last)) or len(last.split()) <= 3 < len(" ".join(parts[:-1]).split()):
        return title[: title.rfind(last)].rstrip(" |–—-·•:")
    return title
