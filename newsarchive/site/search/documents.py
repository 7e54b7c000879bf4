"""The documents the search index reads: their fields, their order and their keys.

A document is a SearchDoc (plain text, nothing escaped), or anything with the same fields, a
`key` and a `doc()` giving the SearchDoc: the plugin's Story (a Pelican story, its body worked
out only when read) and Carried (a story as a background job receives it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

# Field name and lunr build-time boost. Order matters: it is the order lunr assigns term indexes.
FIELDS: tuple[tuple[str, int], ...] = (
    ("title", 3),
    ("body", 1),
    ("people", 1),
    ("organizations", 1),
    ("places", 1),
    ("category", 1),
)
FIELD_NAMES = tuple(name for name, _ in FIELDS)
ENTITY_FIELDS = {"person": "people", "organization": "organizations", "place": "places"}


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """What the search index knows of one story. Plain text: nothing here is escaped."""

    title: str
    body: str
    url: str
    date: datetime | None = None
    day: str = ""  # the date as the site shows it
    source: str = ""
    category: str = ""
    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def key(self) -> bytes:
        return doc_key(self)

    def doc(self) -> SearchDoc:
        return self


def field_texts(doc: SearchDoc) -> dict[str, str]:
    """The text of each lunr field of a document (also what a reference lunr.js index gets)."""
    return {
        "title": doc.title,
        "body": doc.body,
        "people": "\n".join(doc.people),
        "organizations": "\n".join(doc.organizations),
        "places": "\n".join(doc.places),
        "category": doc.category,
    }


def sort_docs(docs: Iterable[Any], key: Callable[[Any], Any] | None = None) -> list[Any]:
    """Documents in index order: by category, then date, so each filter value is a few ranges
    (with `key`, the items whose key(item) is the document)."""
    def order(item: Any) -> tuple[Any, ...]:
        d = item if key is None else key(item)
        return d.category.casefold(), d.category, d.year or 0, d.date or datetime.min, d.url

    return sorted(docs, key=order)


def js_order(term: str) -> bytes:
    """Sort key giving JavaScript's string order (UTF-16 code units), which the browser uses."""
    return term.encode("utf-16-be", "surrogatepass")


def digest_parts(*parts: str | Sequence[str]) -> bytes:
    """A digest of strings and lists of strings; the lengths of the parts go in first, so no two
    different lists of parts give the same bytes."""
    texts: list[str] = []
    for part in parts:
        if isinstance(part, str):
            texts.append(part)
        else:
            texts += ["\x00list", str(len(part)), *part]
    h = hashlib.blake2b(",".join([str(len(text)) for text in texts]).encode("ascii"), digest_size=16)
    h.update("\x00".join(texts).encode("utf-8", "surrogatepass"))
    return h.digest()


def describe_doc(doc: Any) -> tuple[str | tuple[str, ...], ...]:
    """Every field of a document but its body."""
    date = doc.date.isoformat() if doc.date else ""
    return (doc.title, doc.url, date, doc.day, doc.source, doc.category, doc.people, doc.organizations, doc.places)


def doc_key(doc: SearchDoc) -> bytes:
    """The key of everything of a document that reaches the search folder."""
    return digest_parts("doc", doc.body, *describe_doc(doc))


@dataclass(slots=True)
class Carried:
    """A document as a background job receives it (see plugin.py): a story's key and fields as
    plain values, and its text only when the job reads it (IndexBuild.plan says which)."""

    key: bytes
    title: str
    url: str
    date: datetime | None
    day: str
    source: str
    category: str
    people: tuple[str, ...]
    organizations: tuple[str, ...]
    places: tuple[str, ...]
    text: str | None = None

    @classmethod
    def of(cls, story: Any, text: str | None = None) -> Carried:
        """A story's fields; its date as a plain datetime with its offset from UTC (the same
        order, ISO text and year), so the job needs no Pelican class or time zone database."""
        date = story.date
        if date is not None:
            offset = date.utcoffset()
            date = datetime(date.year, date.month, date.day, date.hour, date.minute, date.second,
                            date.microsecond, None if offset is None else timezone(offset))
        return cls(story.key, story.title, story.url, date, story.day, story.source, story.category,
                   tuple(story.people), tuple(story.organizations), tuple(story.places), text)

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def body(self) -> str:
        if self.text is None:
            raise RuntimeError(f"search: the text of {self.url} was not sent to the background job")
        return self.text

    def doc(self) -> SearchDoc:
        return with_body(self, self.body)


def with_body(doc: Any, body: str) -> SearchDoc:
    """The SearchDoc of a story's fields and its text."""
    return SearchDoc(doc.title, body, doc.url, doc.date, doc.day, doc.source, doc.category, doc.people,
                     doc.organizations, doc.places)


def full_doc(doc: Any) -> SearchDoc:
    return doc.doc()  # type: ignore[no-any-return]


class LazyDocs(Sequence[SearchDoc]):
    """docs[numbers[i]] as full documents, each worked out when read, so the bodies of all
    stories are never held at once."""

    def __init__(self, docs: Sequence[Any], numbers: Sequence[int]) -> None:
        self.docs, self.numbers = docs, numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [full_doc(self.docs[number]) for number in self.numbers[index]]
        return full_doc(self.docs[self.numbers[index]])

    def __iter__(self) -> Iterator[SearchDoc]:
        return (full_doc(self.docs[number]) for number in self.numbers)


def key_of(doc: Any) -> bytes:
    return doc.key  # type: ignore[no-any-return]


