"""Lists of stories paginated from their oldest end, so a page keeps its stories as the archive grows.

Pelican numbers a list's pages from the newest story: page 2 holds stories 21–40, and one new
story moves a story from every page to the next, so every page of the home page, of a section and
of a busy topic changes with each story published. Here (a writer, through Pelican's `get_writer`
signal) the pages are cut from the other end:

- The *front page*, at the list's own address, shows the newest stories: between one and two
  pages' worth (`per_page` plus what is left over once the rest is cut into full pages).
- The *later pages* hold `per_page` stories each, numbered from the oldest (page 1 holds the 20
  oldest), at the address `PAGINATION_PATTERNS` gives page numbers of 2 and more (here
  `<list>/page/<n>/`), with the number `n` of the page itself. A story added at the newest end
  changes the front page only; once the front page holds two pages' worth, its older half
  becomes the next numbered page. The address of a page and the stories on it then never change:
  links to them and caches of them stay good.

What a later page can show is what does not change as stories arrive: its own stories (the
paginated lists, `articles` and `dates`, are that page's stories there), its number and
neighbours, and the smaller view of any other value that offers one (`on_later_page()`: an entity
gives its name and address, not its count). The list's paginator and the list as a whole are
the front page's only (`articles_paginator` is None on later pages). Templates show counts and
other archive-wide figures on the front page (`articles_page.front`).

Lists are taken to be newest first, as Pelican orders them; a story added anywhere but the newest
end shifts the pages after it. `DEFAULT_ORPHANS` and the last-page rule of `PAGINATION_PATTERNS`
(minimum page -1) do not apply: no page is ever the last one for good.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pelican import signals
from pelican.paginator import Page
from pelican.writers import Writer

from .pelican_compat import CompatWriter, check_version
from .settings import plugin_enabled

INCREMENTAL = "newsarchive.site.incremental"  # the plugin whose writer paginates as this one does


def register() -> None:
    check_version()
    signals.get_writer.connect(get_writer)


def get_writer(pelican: Any) -> type[Writer] | None:
    # The incremental writer is an ArchiveWriter too; Pelican takes one writer only.
    settings = pelican.settings
    incremental = settings.get("NEWSARCHIVE_INCREMENTAL", True) and plugin_enabled(settings, INCREMENTAL)
    return None if incremental else ArchiveWriter


class PageLink:
    """A neighbouring page as a page links to it: its number and address."""

    def __init__(self, number: int, url: str, save_as: str) -> None:
        self.number, self.url, self.save_as = number, url, save_as


class Book:
    """One list's pages: the front page, then the later pages from the newest to the oldest."""

    def __init__(self, name: str, url: str | None, items: Sequence[Any], settings: Mapping[str, Any],
                 per_page: int) -> None:
        self.name, self.url, self.settings = name, url, settings
        self.object_list = items
        self.per_page = max(1, int(per_page))
        self.count = len(items)
        self.later = max(0, self.count // self.per_page - 1)  # full pages cut from the oldest end
        self.num_pages = self.later + 1
        self._pages: dict[int, ArchivePage] = {}

    def page(self, index: int) -> ArchivePage:
        """Page `index` in the order written: 0 is the front page, then later pages newest first."""
        if index not in self._pages:
            self._pages[index] = self._page(index)
        return self._pages[index]

    def _page(self, index: int) -> ArchivePage:
        if index == 0:
            items = self.object_list[: self.count - self.later * self.per_page]
            return ArchivePage(self.name, self.url, items, self.num_pages, self, self.settings, front=True)
        number = self.later - index + 1
        end = self.count - (number - 1) * self.per_page
        return ArchivePage(self.name, self.url, self.object_list[end - self.per_page : end], number, None,
                           self.settings, front=False)

    def link(self, index: int) -> PageLink | None:
        if not 0 <= index < self.num_pages:
            return None
        page = self.page(index)
        return PageLink(page.number, page.url, page.save_as)


class ArchivePage(Page):
    """A page of a list: Pelican's Page, numbered from the oldest end, with `front` set on the
    front page. A later page has no paginator (its count would change with every story)."""

    def __init__(self, name: str, url: str | None, object_list: Sequence[Any], number: int, paginator: Book | None,
                 settings: Mapping[str, Any], front: bool) -> None:
        super().__init__(name, url, object_list, number, paginator, settings)
        self.front = front
        self.url = self.address_from_rules("URL")
        self.save_as = self.address_from_rules("SAVE_AS")

    def has_next(self) -> bool:  # an older page
        return self.number > 1

    def has_previous(self) -> bool:  # a newer page
        return not self.front

    def address_from_rules(self, key: str) -> str:
        """The front page takes the pattern of page 1; a later page the last pattern for its
        number (at least 2, so page 1 of the later pages is not taken for the front page)."""
        rules = [rule for rule in self.settings["PAGINATION_PATTERNS"] if rule.min_page != -1]
        wanted = 1 if self.front else max(2, self.number)
        chosen = [rule for rule in rules if rule.min_page <= wanted]
        if not chosen:
            return ""
        value = getattr(chosen[-1], key)
        context = {"save_as": self.full_name, "url": self.base_url, "name": self.name,
                   "base_name": self.base_name, "extension": self.extension, "number": self.number}
        result = value.format(**context)
        return result[1:] if result.startswith("/") else result

    url = save_as = ""  # worked out once, in __init__ (Pelican's Page works them out on every read)


def paginates(settings: Mapping[str, Any], paginated: Mapping[str, Any] | None, template_name: str | None,
              kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """The lists a write_file call paginates (as Pelican decides), or {}."""
    if paginated is None:
        paginated = {key: value for key, value in kwargs.items() if key in ("articles", "dates")}
    if paginated and template_name in settings["PAGINATED_TEMPLATES"]:
        return dict(paginated)
    return {}


class ArchiveWriter(CompatWriter):
    """Pelican's writer, with lists paginated from their oldest end: one write_file call per page."""

    def write_file(self, name: Any, template: Any, context: dict[str, Any], relative_urls: bool = False,
                   paginated: dict[str, Any] | None = None, template_name: str | None = None,
                   override_output: bool = False, url: str | None = None, **kwargs: Any) -> Any:
        lists = paginates(self.settings, paginated, template_name, kwargs) if name else {}
        if not lists:
            return super().write_file(name, template, context, relative_urls, {}, template_name,
                                      override_output, url, **kwargs)
        per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
        books = {key: Book(name, url, value, self.settings, per_page) for key, value in lists.items()}
        pages = next(iter(books.values())).num_pages
        for index in range(pages):
            page_kwargs = dict(kwargs)
            page = None
            for key, book in books.items():
                page = book.page(index)
                page_kwargs.update({
                    f"{key}_paginator": book if page.front else None,
                    f"{key}_page": page,
                    f"{key}_previous_page": book.link(index - 1),  # newer
                    f"{key}_next_page": book.link(index + 1),  # older
                })
            if not page.front:
                for key, value in kwargs.items():
                    if hasattr(value, "on_later_page") and not isinstance(value, type):
                        page_kwargs[key] = value.on_later_page()
                for key in books.keys() & kwargs.keys():
                    page_kwargs[key] = page_kwargs[f"{key}_page"].object_list
            self.write_file(page.save_as, template, context, relative_urls, {}, template_name,
                            override_output, page.url, **page_kwargs)
        return None
