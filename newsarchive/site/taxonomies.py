"""Topic, section, author and date pages, made in time linear in the number of stories.

Pelican finds the stories of each tag, category, author and date period by scanning the whole
archive for each one (`[a for a in self.dates if a in articles]`): quadratic in the archive. This
plugin gives each ArticlesGenerator instance (not the class, through pelican_compat) loops that sort
each group's own stories instead and write the same pages; with the incremental writer a group whose
stories did not change is kept whole.
"""

from __future__ import annotations

import calendar
import logging
from itertools import groupby
from operator import attrgetter
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.writers import FileOverwriteFailedError

from .incremental import unit_writer
from .pelican_compat import PERIOD_ARCHIVES, check_version, replace_method
from .stories import STORY_LISTS, stories_from_context

log = logging.getLogger(__name__)

GRANULARITIES = {
    "year": ("YEAR_ARCHIVE", attrgetter("date.year")),
    "month": ("MONTH_ARCHIVE", attrgetter("date.year", "date.month")),
    "day": ("DAY_ARCHIVE", attrgetter("date.year", "date.month", "date.day")),
}


def period_names(granularity: str, period: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """(period, period_num) as Pelican gives them to templates: (2023, 'February'), (2023, 2)."""
    if granularity == "year":
        return (period,), (period,)
    named = (period[0], calendar.month_name[period[1]], *period[2:])
    return named, tuple(period)


def build_period_archives(self: Any, sorted_articles: list[Any], articles: list[Any], settings: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Pelican's period archives, each period's articles put in archive order by one sort."""
    position = {id(article): index for index, article in enumerate(articles)}
    archives: dict[str, list[dict[str, Any]]] = {}
    for granularity, (prefix, key) in GRANULARITIES.items():
        save_as, url = settings[f"{prefix}_SAVE_AS"], settings[f"{prefix}_URL"]
        if not save_as:
            continue
        for period, group in groupby(sorted_articles, key=key):
            dates = list(group)
            named, number = period_names(granularity, period)
            archives.setdefault(granularity, []).append({
                "dates": dates,
                "articles": sorted(dates, key=lambda a: position[id(a)]),
                "save_as": save_as.format(date=dates[0].date),
                "url": url.format(date=dates[0].date),
                "period": named,
                "period_num": number,
            })
    return archives


def write_groups(self: Any, write: Any, groups: Any, template_name: str) -> None:
    """Tag, category or author pages: `dates` by sorting the group, not by scanning the archive.

    With an incremental writer each group's pages are a unit (IncrementalWriter.keep_unit), kept
    without the writer's calls when what they are made from is unchanged. A group is made from its
    stories' own data (its lists show nothing else of them) and a few values of its own (the name,
    the page name: call_stamp signs them): when none of its stories changed and it has as many as
    the last build gave it, it is kept "as before", without sorting its stories or working out its
    fingerprint, as an entity is (see IncrementalWriter.changed_stories)."""
    template = self.get_template(template_name)
    newest_first = self.context["NEWEST_FIRST_ARCHIVES"]
    writer, relative = unit_writer(write)
    keep = writer.keep_unit if writer is not None else None
    changed = writer.changed_stories(stories_from_context(self.context)) if keep is not None else None
    for item, articles in groups:
        values = {
            "articles": articles, "dates": articles,
            "blog": True, "page_name": item.page_name, "all_articles": self.articles, template_name: item,
        }
        if keep is not None:
            key, where = f"{template_name}:{item.save_as}", [item.save_as, item.url, str(relative), template_name]
            stamp = ":".join([writer.call_stamp(template, self.context, values, ("articles", "dates")),
                              str(len(articles)), *where])

            def parts(values: dict[str, Any] = values, where: list[str] = where) -> list[str]:
                """The unit's parts, with `dates` sorted as its calls get them (and are written with)."""
                values["dates"] = sorted(values["articles"], key=attrgetter("date"), reverse=newest_first)
                return [*writer.call_parts(template, self.context, values, lists=("articles", "dates")), *where]

            if (changed is not None and changed.isdisjoint(map(id, articles))
                    and writer.keep_unit_as_before(key, stamp, parts)):
                continue
            if keep(key, parts(), stamp):
                continue
        else:
            values["dates"] = sorted(articles, key=attrgetter("date"), reverse=newest_first)
        try:
            write(item.save_as, template, self.context, url=item.url, template_name=template_name, **values)
        except FileOverwriteFailedError:
            if item.slug:
                log.error('Failed to write %s page for "%s".', template_name, item)
                raise
            log.info('%s "%s" has an invalid slug; skipping writing its page...', template_name, item)
        finally:
            if keep is not None:
                writer.end_unit()


def write_tags(self: Any, write: Any) -> None:
    write_groups(self, write, self.tags.items(), "tag")


def write_categories(self: Any, write: Any) -> None:
    write_groups(self, write, self.categories, "category")


def write_authors(self: Any, write: Any) -> None:
    write_groups(self, write, self.authors, "author")


def use_linear_loops(generator: ArticlesGenerator) -> None:
    """Give the generator the loops above in place of Pelican's quadratic ones."""
    replace_method(generator, PERIOD_ARCHIVES, build_period_archives)
    replace_method(generator, "generate_tags", write_tags)
    replace_method(generator, "generate_categories", write_categories)
    replace_method(generator, "generate_authors", write_authors)


def freeze_urls(generator: Any) -> None:
    """Store every story's URL and output path, as Pelican works them out, on the story."""
    for name in STORY_LISTS:
        for content in getattr(generator, name, None) or ():
            url, save_as = content.url, content.save_as
            content.override_url = url
            content.override_save_as = save_as


def register() -> None:
    check_version()
    signals.article_generator_init.connect(use_linear_loops)
    signals.article_generator_finalized.connect(freeze_urls)
    signals.page_generator_finalized.connect(freeze_urls)
