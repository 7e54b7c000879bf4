"""What the text reader learns of one dump as it reads: the record the furniture readers fill
and `parse_text` turns into the Article."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from ...article import Removed
from ..boilerplate import Line
from ..dates import NUMERIC_PAIR, date_order


@dataclass
class _State:
    """What the reader has learnt so far about one dump."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    modified: datetime | None = None
    category: str = ""
    source: str = ""
    caption: str = ""
    credit: str = ""
    copyright: str = ""  # the owner a copyright line names: the source when nothing better says
    title_number: int = -1  # the headline's line number: a run of header lines never crosses it
    page: str = ""  # the whole dump: the order of its numeric dates, read only when a line is ambiguous
    seed_tags: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)

    def drop(self, line: Line, rule: str) -> None:
        self.removed.append(Removed(line.number, line.text, rule))

    def day_first(self, text: str) -> bool | None:
        """Whether a line's numeric date puts the day first: the line's own evidence, else the dump's."""
        if not NUMERIC_PAIR.search(text):
            return None
        order = date_order(text)
        return self.page_order if order is None else order

    @cached_property
    def page_order(self) -> bool | None:
        """The order of the dump's numeric dates (read once, and only when a line needs it)."""
        return date_order(self.page)

    def add_authors(self, names: tuple[str, ...]) -> None:
        self.authors.extend(name for name in names if name not in self.authors)
