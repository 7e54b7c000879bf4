"""The Article dataclass: the one contract every stage takes and returns."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Removed:
    """A seed line left out of the body, with the rule that removed it (for auditing)."""

    line: int  # 1-based line number in the seed text
    text: str
    rule: str


@dataclass(frozen=True, slots=True)
class Article:
    """A parsed news story. Text fields hold verbatim seed text; nothing here is escaped."""

    title: str
    published: datetime | None  # timezone-aware when set
    body: tuple[str, ...]  # paragraphs, verbatim
    authors: tuple[str, ...] = ()
    modified: datetime | None = None
    category: str = ""
    source: str = ""
    caption: str = ""
    credit: str = ""
    image: str = ""  # lead image file name relative to the seed, when the archive has it
    seed_tags: tuple[str, ...] = ()  # tags the seed itself lists ("Related Tags:")
    tags: tuple[str, ...] = ()
    tag_candidates: tuple[str, ...] = ()  # more topics, best first: what the archive-wide step may fall back on
    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    language: str = "en"
    removed: tuple[Removed, ...] = ()
    seed_path: str = ""
    seed_hash: str = ""
    notes: tuple[str, ...] = field(default=())  # warnings for the run report

    def with_(self, **changes: Any) -> Article:
        """Return a copy with the given fields replaced."""
        return replace(self, **changes)

    @property
    def text(self) -> str:
        """The body as plain text, paragraphs separated by a blank line."""
        return "\n\n".join(self.body)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO 8601 strings): what `asdict` gives, built directly
        (asdict deep-copies every string of the body, a measurable share of the ingest)."""
        data = {name: getattr(self, name) for name in ARTICLE_FIELDS}
        data["removed"] = tuple({"line": r.line, "text": r.text, "rule": r.rule} for r in self.removed)
        for key in ("published", "modified"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Inverse of to_dict."""
        values = dict(data)
        for key in ("published", "modified"):
            if values.get(key):
                values[key] = datetime.fromisoformat(values[key])
        values["removed"] = tuple(Removed(**r) for r in values.get("removed", ()))
        for key, value in list(values.items()):
            if isinstance(value, list):
                values[key] = tuple(value)
        return cls(**values)


ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
