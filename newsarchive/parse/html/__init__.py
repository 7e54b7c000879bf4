"""The saved-page reader: an HTML page → Article.

Metadata comes from the page's own machine-readable markup first (JSON-LD `NewsArticle`, Open
Graph, `<meta>` tags, `<time datetime>`), then from its visible byline and dateline. The body is
trafilatura's main-text extraction, then the project's boilerplate rules and a few structural
checks on top (the headline and standfirst repeated, whole-link paragraphs, captions and
credits). Nothing from the page is executed, fetched or kept as markup: the Article holds text.

The parts, one module each, in the order they import one another (each imports only those
before it):

- `markup`: the tolerant parse and the page's visible text;
- `layout`: where things sit (the headline, menus, the short lines under the headline);
- `metadata`: JSON-LD, Open Graph and `<meta>` tags, `<time datetime>` (`PageMeta`);
- `title`: the headline readers saw;
- `authors`: the byline the page shows;
- `published`: the publication date the page shows, beside the markup's;
- `sections`: the section the page files the story under;
- `figure`: the lead picture's caption, credit and image;
- `body`: the main text and the checks on top of it;
- `reader`: `parse_html`, which runs them all.
"""

from __future__ import annotations

from .reader import parse_html

__all__ = ["parse_html"]
