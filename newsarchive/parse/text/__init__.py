"""The text-dump reader: headline, byline, dateline, caption, body and furniture → Article.

The rule reader picks the headline and finds the body as the densest run of prose (`boilerplate`);
the line model (`lines`) then tags every line's role with the rule reader's decisions among its
features, and gives the section, the body's edges and bylines the grammar cannot read. Metadata
comes from the furniture before the body (authors, dates, caption, credit) and the source outlet
from the lines around it. Every line left out of the body is recorded with its rule.

The rule reader is `parse/rulereader.py`, below the line model that reads its decisions. The
parts here, one module each, in the order they import one another (each imports only those
before it):

- `outlet`: the outlet an agency dateline names ('CITY (AP) —');
- `sections`: the section, from the model's surest line, breadcrumbs, labelled fields and labels;
- `state`: what the reader learns of one dump as it reads;
- `header`: the furniture before the body (bylines, datelines, captions, credits, lone names);
- `tail`: the furniture after the body, and the record of the lines left out;
- `roles`: the hand-over to the line model (headline candidates, the body, the header lines);
- `reader`: `parse_text`, which runs them all.
"""

from __future__ import annotations

from .reader import parse_text

__all__ = ["parse_text"]
