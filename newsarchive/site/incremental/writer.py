"""The incremental writer: Pelican's writer, skipping the pages whose inputs are unchanged.

Pages are written by calls to the writer's `write_file`: one call per story page, per entity, per
tag, and so on, and one per page of a paginated list (the lists are paginated from their oldest
end, newsarchive.site.pagination, so a new story changes their front pages only). Each call is a
job whose inputs are declared by its fingerprint (signatures.py). When the fingerprint equals the
one recorded by the last build into the same output folder and the call's files are all still
there, the call is not run; otherwise its pages are rendered and written as usual.

- A paginated list first gets one fingerprint for all its pages (write_list): when it is the one
  recorded and every page is still there, the list is kept whole; otherwise each page is
  fingerprinted on its own, so a new story re-renders the front page only.
- Feeds are treated the same way, one per call, by their entries.
- A generator can group calls into a *unit* (keep_unit ... end_unit: a story's page, an entity's
  pages and feeds) with a fingerprint of everything its calls are made from; a unit made only from
  some stories can be kept without working that out when none of them changed (changed_stories,
  keep_unit_as_before).
- After the build, pages an earlier build wrote and this one did not are deleted, so the output
  equals what a build into an empty folder gives.

To see why a page is rendered again, set the environment variable `NEWSARCHIVE_EXPLAIN` to the
output path of its call's first page: the fingerprint's parts are logged.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pelican.utils import sanitised_join

from ...fsutil import AtomicTextFile, file_names
from ..pagination import ArchiveWriter, paginates
from ..settings import BoundedCache
from ..state import BuildState, find_state
from .signatures import DEEP, NAMES, OWN, OwnMemo, Signer, TemplateInputs, code_digest, contains_content, digest
from .store import BuildStore, cache_path

log = logging.getLogger(__name__)




class IncrementalWriter(ArchiveWriter):
    """Pelican's writer, skipping pages whose fingerprint is the one the last build recorded."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.store = BuildStore(cache_path(self.settings))
        self.state = find_state(self.settings) or BuildState()
        self.root = os.path.abspath(self.output_path)  # as Pelican's sanitised_join gives it
        self._prefix = os.path.join(self.root, "")
        self.previous, self.previous_calls, self.previous_lists, self.previous_units = self._load_state()
        self.current: dict[str, str] = {}
        # One write_file call writes one page (a paginated list comes one call per page): per
        # call, its fingerprint and its pages' (name, fingerprint).
        self.calls: dict[str, tuple[str, list[tuple[str, str]]]] = {}
        # Per paginated list (by the name of its first page): the fingerprint of the whole list
        # and the names of the calls that wrote its pages.
        self.lists: dict[str, tuple[str, list[str]]] = {}
        # Per unit (see keep_unit): its fingerprint, the lists, calls and feeds it wrote, its stamp.
        self.units: dict[str, tuple[str, list[str], list[str], list[str], str]] = {}
        self._unit: tuple[str, str, list[str], list[str], list[str], str] | None = None  # the unit being run
        self._unit_whole = True  # whether every call of the unit being run can be kept with it
        self.units_kept = 0
        self.verified = 0  # units kept as before whose fingerprint a verified build worked out too
        self.mismatched: list[str] = []  # ... and found changed (see keep_unit_as_before)
        self._call_pages: list[str] | None = None
        self._list_calls: list[str] | None = None
        self._listings: dict[str, set[str]] = {}  # output folder -> its files, listed when first needed
        self._changed: tuple[list[int], set[int] | None, list[Any]] | None = None  # see changed_stories
        self.names_seen: set[str] = set()
        self.signer = Signer()
        self.inputs = TemplateInputs()
        self.base = code_digest(self.settings)
        self.rendered = self.skipped = 0
        self.lists_kept = 0  # paginated lists kept whole, without a look at their pages
        self.seconds = 0.0  # spent computing fingerprints
        self._globals: dict[tuple[str, bool], str] = {}
        self._shared: dict[tuple[str, bool, tuple[str, ...]], str] = {}
        self.signer.memo = self.state.memo or OwnMemo(self.store, digest([self.base, self.settings_digest({})]))
        # An article's feed entry (with its HTML), for the feeds it is in: the most recent ones only.
        self._feed_items: dict[tuple[int, type, str], tuple[Any, dict[str, Any]]] = BoundedCache(16_384)
        self._entries: dict[int, tuple[Any, tuple[int, int, int], str]] = BoundedCache(64)  # see feed_entries
        self.state.writers.append(self)

    RECORD = "pages"  # its record in the build store, made under the output folder's real path

    def _load_state(self) -> tuple[dict[str, str], dict[str, tuple[str, list[tuple[str, str]]]],
                                   dict[str, tuple[str, list[str]]], dict[str, tuple[str, list[str], list[str], list[str]]]]:
        data = self.store.load(self.RECORD, os.path.realpath(self.output_path))
        try:
            calls = {name: (call[0], [tuple(page) for page in call[1]]) for name, call in data.get("calls", {}).items()}
            lists = {name: (entry[0], list(entry[1])) for name, entry in data.get("lists", {}).items()}
            units = {name: (entry[0], list(entry[1]), list(entry[2]), list(entry[3]), str(entry[4]))
                     for name, entry in data.get("units", {}).items()}
        except (TypeError, IndexError, AttributeError, ValueError):
            return {}, {}, {}, {}
        return dict(data.get("pages", {})), calls, lists, units

    # --- units: a group of calls kept whole -------------------------------------------------------

    def keep_unit(self, key: str, parts: list[str], stamp: str = "", override: bool = False,
                  announce: Mapping[str, Any] | None = None) -> bool:
        """Keep a unit of calls (an entity's page and feeds, say) without making them: True when
        the unit's fingerprint (the digest of `parts`) is the last build's and every page and feed
        its calls wrote is still there; they are then claimed as kept. Otherwise the calls the
        caller makes next, up to end_unit(), are recorded as the unit's, and False is returned.

        `parts` must determine everything the unit's calls are made from, as their own
        fingerprints would count it: the caller builds them with unit_base() and the Signer.
        `stamp` is recorded for keep_unit_as_before. Kept pages are listed in `kept_pages` with
        the values in `announce` (a story page's `article`, for the sitemap); `override` is the
        calls' override_output.
        """
        fingerprint = digest(parts)
        previous = self.previous_units.get(key)
        if (previous is not None and previous[0] == fingerprint and previous[4] == stamp
                and key not in self.units and self._claim_unit(previous, override, announce)):
            self.units[key] = previous
            self.units_kept += 1
            return True
        self._unit, self._unit_whole = (key, fingerprint, [], [], [], stamp), True
        return False

    def keep_unit_as_before(self, key: str, stamp: str, parts: Callable[[], list[str]] | None = None) -> bool:
        """Keep a unit without working its fingerprint out, for a caller that knows nothing it is
        made from changed since the last build (see changed_stories) but what `stamp` says: its
        base (unit_base) and the figures the caller checks (an entity's number of stories). True
        when the last build recorded the unit with the same stamp and its files are all there.

        In a verified build (`BuildState.verify`) the unit's fingerprint is worked out as well,
        from `parts` (as keep_unit takes them): a unit the shortcut would keep whose fingerprint
        is not the one recorded is reported (`mismatched`) and not kept, so its calls are made."""
        previous = self.previous_units.get(key)
        if previous is None or previous[4] != stamp or key in self.units:
            return False
        if self.state.verify and parts is not None:
            self.verified += 1
            if digest(parts()) != previous[0]:
                self.mismatched.append(key)
                log.warning("verify: %s would have been kept as before, but what it is made from changed", key)
                return False
        if not self._claim_unit(previous):
            return False
        self.units[key] = previous
        self.units_kept += 1
        return True

    def end_unit(self) -> None:
        unit, self._unit = self._unit, None
        if unit is not None and self._unit_whole and unit[0] not in self.units:
            self.units[unit[0]] = (unit[1], unit[2], unit[3], unit[4], unit[5])

    def changed_stories(self, stories: Iterable[Any]) -> set[int] | None:
        """The stories (by id) not signed as the last build signed them: new ones, and those whose
        own data or feed entry changed (their file, or what the plugins gave them: their entities,
        links...). None when the last build recorded no signatures (a first build, other settings
        or code). Each story's signature is recorded for the next build.

        A unit made only from some stories' own data and feed entries (and the settings, code and
        templates, which its stamp's base covers) is unchanged when none of its stories changed
        and it has as many as before: a story that joined it changed (its entities, say), and one
        that left changed too, or is gone, so the count alone shows it when nothing joined."""
        memo = self.signer.memo
        if memo is None:
            return None
        stories = list(stories)
        ids = list(map(id, stories))
        if self._changed is not None and self._changed[0] == ids:  # asked again for the same stories
            return self._changed[1]
        before, marks, sign = memo.marks_before, memo.marks, self.signer.feed_entry
        changed: set[int] = set()
        for story in stories:
            path = getattr(story, "source_path", None)
            sig = sign(story)
            if isinstance(path, str):
                marks[path] = sig
            if not isinstance(path, str) or before.get(path) != sig:
                changed.add(id(story))
        result = changed if before else None
        self._changed = (ids, result, stories)  # the stories kept alive, so their ids stay theirs
        return result

    def unit_base(self, template: Any, context: Mapping[str, Any], own: tuple[str, ...]) -> str:
        """What every call of a unit shares: the code, the settings, the template's sources and
        the site-wide values it references but `own` (as a page showing content counts them)."""
        names, sources = self.inputs.of(template)
        return digest([self.base, self.settings_digest(context), sources,
                       self._shared_digest(template, context, names, True, own)])

    def call_parts(self, template: Any, context: Mapping[str, Any], values: Mapping[str, Any],
                   lists: Iterable[str] = ()) -> list[str]:
        """A unit's parts for a call with these values (`lists`: the ones it paginates), counted as
        list_fingerprint counts them: the paginated lists whole, by their stories' own data; of the
        other values, those the templates reference and the shared context does not hold already."""
        paginated, parts = self._call_values(template, context, values, lists)
        return [parts[0], *(f"list:{key}={self.signer.value(values[key], OWN)}" for key in paginated), *parts[1:]]

    def call_stamp(self, template: Any, context: Mapping[str, Any], values: Mapping[str, Any],
                   lists: Iterable[str] = ()) -> str:
        """call_parts but for the paginated lists: the stamp (see keep_unit_as_before) of a unit made
        from these values, for a caller that checks its lists did not change (their stories and
        their number) by itself."""
        return digest(self._call_values(template, context, values, lists)[1])

    def _call_values(self, template: Any, context: Mapping[str, Any], values: Mapping[str, Any],
                     lists: Iterable[str]) -> tuple[list[str], list[str]]:
        """The paginated lists' names, and the unit's base with the other values' signatures."""
        names, _ = self.inputs.of(template)
        paginated = sorted(key for key in lists if key in values)
        own = tuple(sorted(k for k in values if (names is None or k in names) and k not in paginated
                           and (k not in context or values[k] is not context[k])))
        parts = [self.unit_base(template, context, own)]
        parts += [f"{key}={self.signer.value(values[key], DEEP)}" for key in own]
        return paginated, parts

    def _claim_unit(self, unit: tuple[str, list[str], list[str], list[str], str], override: bool = False,
                    announce: Mapping[str, Any] | None = None) -> bool:
        """Claim every page and feed of a kept unit, or nothing when any is missing: the checks
        and the bookkeeping over all its pages at once (a unit is mostly one or two pages, and
        most units of a large archive are kept in a one-story rebuild)."""
        lists, calls, feeds = unit[1], unit[2], unit[3]
        names = calls
        if lists:
            names = []
            for name in lists:
                entry = self.previous_lists.get(name)
                if entry is None or name in self.lists:
                    return False
                names += entry[1]
            names += calls
        entries = list(map(self.previous_calls.get, names))
        if None in entries:
            return False
        pairs = [pair for entry in entries for pair in entry[1]]  # type: ignore[index]
        pages = [page for page, _ in pairs]
        every = pages + feeds if feeds else pages
        if (len(set(every)) != len(every) or not self.names_seen.isdisjoint(every) or not self._all_inside(every)
                or not self._all_present(every)):
            return False
        previous = self.previous
        if feeds:
            kept_feeds = list(map(previous.get, feeds))
            if None in kept_feeds:
                return False
        for name in lists:
            self.lists[name] = self.previous_lists[name]
        self.lists_kept += len(lists)
        self.calls.update(zip(names, entries))  # type: ignore[arg-type]
        self._claim_pages(pairs, override, announce or {})
        if feeds:
            self.names_seen.update(feeds)
            self.current.update(zip(feeds, kept_feeds))
            root, normpath, join = self.root, os.path.normpath, os.path.join
            paths = [normpath(join(root, path)) for path in feeds]  # as Pelican's write_feed names them
            self.claim_outputs(paths, override)
        self.skipped += len(every)
        return True

    def write_file(self, name: Any, template: Any, context: dict[str, Any], relative_urls: bool = False,
                   paginated: dict[str, Any] | None = None, template_name: str | None = None,
                   override_output: bool = False, url: str | None = None, **kwargs: Any) -> Any:
        """Pelican's write_file, skipped whole when the call is the one the last build made.

        A call whose fingerprint is unchanged and whose page is still there is not run: the page
        keeps its file and fingerprint and is listed in `kept_pages` with the call's values. A
        paginated list is handed to ArchiveWriter, which comes back here once per page.
        """
        if not name:
            return None
        lists = paginates(self.settings, paginated, template_name, kwargs)
        if lists and self._list_calls is None:  # one call per page, back here
            return self.write_list(name, template, context, relative_urls, paginated, template_name,
                                   override_output, url, lists, kwargs)
        if self._list_calls is not None:
            self._list_calls.append(name)
        elif self._unit is not None:
            self._unit[3].append(name)
        call = self.call_fingerprint(name, template, context, relative_urls, template_name, url, kwargs)
        previous = self.previous_calls.get(name)
        if previous is not None and previous[0] == call and self._keep(previous[1], override_output, kwargs):
            self.calls[name] = previous
            return None
        self._call_pages = pages = []
        try:
            return super().write_file(name, template, context, relative_urls, {}, template_name,
                                      override_output, url, **kwargs)
        finally:
            self._call_pages = None
            for page in pages:
                self.current[page] = call
            self.calls[name] = (call, [(page, call) for page in pages])
            self.rendered += len(pages)

    def write_list(self, name: str, template: Any, context: dict[str, Any], relative_urls: bool,
                   paginated: dict[str, Any] | None, template_name: str | None, override_output: bool,
                   url: str | None, lists: dict[str, Any], kwargs: dict[str, Any]) -> Any:
        """A paginated list: skipped whole when the list and everything its pages are made from are
        the ones the last build had (most lists, most builds), else page by page."""
        fingerprint = self.list_fingerprint(name, template, context, relative_urls, template_name, url, lists, kwargs)
        if self._unit is not None:
            self._unit[2].append(name)
            self._unit_whole = self._unit_whole and fingerprint is not None
        previous = self.previous_lists.get(name)
        if (fingerprint is not None and previous is not None and previous[0] == fingerprint
                and self._keep_list(previous[1], override_output, kwargs)):
            self.lists[name] = previous
            self.lists_kept += 1
            return None
        self._list_calls = calls = []
        try:
            return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                      override_output, url, **kwargs)
        finally:
            self._list_calls = None
            if fingerprint is not None:
                self.lists[name] = (fingerprint, calls)

    def list_fingerprint(self, name: str, template: Any, context: Mapping[str, Any], relative_urls: bool,
                         template_name: str | None, url: str | None, lists: Mapping[str, Any],
                         kwargs: Mapping[str, Any]) -> str | None:
        """What every page of a paginated list is made from: the fingerprint of each page's call
        (see call_fingerprint) is a function of these, so when they are unchanged no page is.
        Its pages are cut from the lists (each story by its own data, as a page shows it) and
        the settings; the other values a page has are the call's own ones, or views of them.
        None for an empty list (its one page shows no content, and counts site-wide values in full)."""
        if not all(lists.values()):
            return None
        start = time.perf_counter()
        names, sources = self.inputs.of(template)
        own = tuple(sorted(k for k in kwargs if (names is None or k in names) and k not in lists
                           and (k not in context or kwargs[k] is not context[k])))
        shared = self._shared_digest(template, context, names, True, own)
        parts = [self.base, self.settings_digest(context), sources, shared, "list", name, str(url),
                 str(relative_urls), str(template_name)]
        parts += [f"list:{key}={self.signer.value(lists[key], OWN)}" for key in sorted(lists)]
        parts += [f"{key}={self.signer.value(kwargs[key], DEEP)}" for key in own]
        self.seconds += time.perf_counter() - start
        return digest(parts)

    def _keep_list(self, calls: list[str], override: bool, kwargs: Mapping[str, Any]) -> bool:
        """Keep the pages of an unchanged list's calls as they are, if they are all still there."""
        previous = [self.previous_calls.get(call) for call in calls]
        if not calls or any(p is None for p in previous):
            return False
        if not self._keep([page for p in previous for page in p[1]], override, kwargs):
            return False
        for call, entry in zip(calls, previous):
            self.calls[call] = entry
        return True

    def _shared_digest(self, template: Any, context: Mapping[str, Any], names: frozenset[str] | None,
                       shows_content: bool, own: tuple[str, ...]) -> str:
        """The site-wide values (from the context) a template references, but for `own`."""
        shared_key = ("call:" + template.name, shows_content, own)
        shared = self._shared.get(shared_key)
        if shared is None:
            keys = sorted(context if names is None else (names & context.keys()))
            shared = self._shared[shared_key] = digest(
                f"{key}={self.global_sig(key, context[key], names_only=shows_content)}" for key in keys if key not in own)
        return shared

    def call_fingerprint(self, name: str, template: Any, context: Mapping[str, Any], relative_urls: bool,
                         template_name: str | None, url: str | None, kwargs: Mapping[str, Any]) -> str:
        """Everything the page of one write_file call can show (a list's pages come one per call,
        see newsarchive.site.pagination): the template's sources, the values it references and the
        settings."""
        start = time.perf_counter()
        names, sources = self.inputs.of(template)
        # Values of its own (given to this call), and shared ones (from the context).
        own = tuple(sorted(k for k in kwargs if (names is None or k in names)
                           and (k not in context or kwargs[k] is not context[k])))
        shows_content = any(contains_content(kwargs[k]) for k in own)
        shared = self._shared_digest(template, context, names, shows_content, own)
        parts = [self.base, self.settings_digest(context), sources, shared, name, str(url), str(relative_urls),
                 str(template_name)]
        parts += [f"{key}={self.signer.value(kwargs[key], DEEP)}" for key in own]
        self.seconds += time.perf_counter() - start
        if os.environ.get("NEWSARCHIVE_EXPLAIN") == name:
            log.warning("fingerprint of %s: %s", name, parts)
        return digest(parts)

    def _keep(self, pages: list[tuple[str, str]], override: bool, kwargs: Mapping[str, Any]) -> bool:
        """Keep an unchanged call's pages as they are, if they are all still there."""
        # The names are the ones this writer recorded (relative paths Pelican had sanitised), so a
        # plain join; one that would leave the output folder is rendered again instead.
        names = [page for page, _ in pages]
        if not self.names_seen.isdisjoint(names) or not self._all_inside(names) or not self._all_present(names):
            return False
        self._claim_pages(pages, override, kwargs)
        self.skipped += len(pages)
        return True

    def _claim_pages(self, pages: list[tuple[str, str]], override: bool, values: Mapping[str, Any]) -> None:
        """Pelican's bookkeeping for kept pages (name, fingerprint), listed in `kept_pages` with
        the call's `values`."""
        prefix = self._prefix
        names = [page for page, _ in pages]
        paths = [prefix + page for page in names]  # os.path.join, for names _all_inside accepts
        self.names_seen.update(names)
        self.current.update(pages)
        self.claim_outputs(paths, override)
        self.state.kept_pages.append((names, values))

    @staticmethod
    def _inside(name: str) -> bool:
        """Whether a recorded name stays inside the output folder when joined to it."""
        return bool(name) and not os.path.isabs(name) and ".." not in name.split(os.sep)

    @staticmethod
    def _all_inside(names: list[str]) -> bool:
        """_inside for every name."""
        return all(map(IncrementalWriter._inside, names))

    def _all_present(self, names: list[str]) -> bool:
        """Whether the output folder has the files: each folder is listed once (a stat per kept
        page cost more), before this build writes to it (a page it writes is never kept)."""
        listings, root, sep = self._listings, self.root, os.sep
        for page in names:
            folder, _, name = page.rpartition(sep)
            listing = listings.get(folder)
            if listing is None:
                listing = listings[folder] = file_names(os.path.join(root, folder))
            if name not in listing:
                return False
        return True

    def write_feed(self, elements: Any, context: dict[str, Any], path: str | None = None, url: str | None = None,
                   feed_type: str = "atom", override_output: bool = False, feed_title: str | None = None) -> Any:
        if self._unit is not None:
            if path:
                self._unit[4].append(path)
            self._unit_whole = self._unit_whole and bool(path)
        if not path:
            return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)
        start = time.perf_counter()
        fingerprint = digest([self.base, self.settings_digest(context), "feed", path, str(url), feed_type,
                              str(feed_title), self.feed_entries(elements)])
        self.seconds += time.perf_counter() - start
        if self.unchanged(path, fingerprint):  # a name inside the output folder (see unchanged)
            self._claim(os.path.normpath(os.path.join(self.root, path)), override_output)
            return None
        return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)

    def feed_entries(self, elements: Any) -> str:
        """The digest of what a feed shows of its articles, worked out once for the formats (Atom,
        RSS) that show the same list."""
        items = elements[: self.settings["FEED_MAX_ITEMS"]]
        shape = (len(items), id(items[0]) if items else 0, id(items[-1]) if items else 0)
        cached = self._entries.get(id(elements))
        if cached is not None and cached[0] is elements and cached[1] == shape:
            return cached[2]
        sig = digest(self.signer.feed_entries(items))
        self._entries[id(elements)] = (elements, shape, sig)
        return sig

    def add_feed_item(self, feed: Any, item: Any) -> None:
        """Pelican's entry for an article (its HTML with absolute links), worked out once per format."""
        key = (id(item), type(feed), self.site_url)
        cached = self._feed_items.get(key)
        if cached is None or cached[0] is not item:
            self.pelican_add_feed_item(feed, item)
            self._feed_items[key] = (item, dict(feed.items[-1]))
        else:
            feed.items.append(dict(cached[1]))  # a copy: the feeds plugin edits entries in place

    def settings_digest(self, context: Mapping[str, Any]) -> str:
        key = ("settings", True)
        if key not in self._globals:
            simple = {k: v for k, v in self.settings.items() if k.isupper()}
            self._globals[key] = digest([self.signer.value(simple, OWN)])
        return self._globals[key]

    def global_sig(self, key: str, value: Any, names_only: bool) -> str:
        cache_key = (key, names_only)
        if cache_key not in self._globals:
            self._globals[cache_key] = self.signer.value(value, NAMES if names_only else OWN)
        return self._globals[cache_key]

    def unchanged(self, name: str, fingerprint: str) -> bool:
        """Record a feed's fingerprint; True when it need not be written again."""
        first = name not in self.names_seen
        self.names_seen.add(name)
        self.current[name] = fingerprint
        if first and self.previous.get(name) == fingerprint and self._inside(name) and self._all_present([name]):
            self.skipped += 1
            return True
        self.rendered += 1
        return False

    def _claim(self, path: str, override: bool) -> None:
        """Do Pelican's bookkeeping for a file that is kept as it is."""
        self.claim_outputs([path], override)

    def open_output(self, filename: str, encoding: str, override: bool = False) -> Any:
        if self._call_pages is not None:  # a page of the write_file call being run
            name = os.path.relpath(filename, self.output_path)
            self.names_seen.add(name)
            self._call_pages.append(name)
        if self.is_claimed(filename):
            return self.pelican_open(filename, encoding, override)  # Pelican's warnings and errors
        self._claim(filename, override)
        return PageFile(filename, encoding=encoding)

    def records(self) -> dict[str, Any]:
        """What this writer recorded of the pages it wrote and kept, for the build's writer to
        merge (merge_records) when this one ran in a page worker."""
        written, overridden = self.claimed_outputs()
        return {"written": written, "overridden": overridden, "current": self.current, "calls": self.calls,
                "lists": self.lists, "units": self.units, "names": self.names_seen, "seconds": self.seconds,
                "counts": [self.rendered, self.skipped, self.lists_kept, self.units_kept, self.verified],
                "mismatched": self.mismatched}

    def merge_records(self, records: dict[str, Any]) -> None:
        """Take over what a page worker's writer recorded, as if this writer had written its
        pages: they are then neither deleted as stale nor forgotten by the next build."""
        twice = self.names_seen & records["names"]
        if twice:
            log.warning("%d pages were written by the build and its page worker, e.g. %s", len(twice), min(twice))
        self.claim_outputs(records["written"])
        self.claim_outputs(records["overridden"], override=True)
        self.names_seen |= records["names"]
        self.current.update(records["current"])
        self.calls.update(records["calls"])
        self.lists.update(records["lists"])
        self.units.update(records["units"])
        self.seconds += records["seconds"]
        rendered, skipped, lists_kept, units_kept, verified = records["counts"]
        self.verified += verified
        self.mismatched += records["mismatched"]
        self.rendered += rendered
        self.skipped += skipped
        self.lists_kept += lists_kept
        self.units_kept += units_kept

    def finish(self) -> None:
        """Delete what earlier builds wrote and this one did not; record this build's fingerprints."""
        removed = 0
        for name in sorted(self.previous.keys() - self.current.keys()):
            try:
                os.unlink(sanitised_join(self.output_path, name))
                removed += 1
            except (OSError, RuntimeError):
                pass
        # calls: (fingerprint, [(page, fingerprint)]); lists: (fingerprint, [call]);
        # units: (fingerprint, [list], [call], [feed], stamp)
        self.store.save(self.RECORD, {"pages": self.current, "calls": self.calls, "lists": self.lists,
                                      "units": self.units}, os.path.realpath(self.output_path))
        if self.signer.memo is not None:
            self.signer.memo.save()
            self.state.stats.update(self.signer.memo.counts())
        self.state.stats.update(rendered=self.rendered, unchanged=self.skipped, removed=removed,
                                lists_kept=self.lists_kept, units_kept=self.units_kept)
        if self.state.verify:  # the shortcuts of the pages (here) and of the plugins (the state's)
            mismatched = len(self.mismatched) + len(self.state.mismatched)
            self.state.stats.update(verified=self.verified, mismatched=mismatched)
            log.info("verified build: %d page groups kept as before checked, %d shortcuts found wrong",
                     self.verified, mismatched)
        log.info("incremental build: %d rendered, %d unchanged, %d removed; %.1f s on fingerprints",
                 self.rendered, self.skipped, removed, self.seconds)


class PageFile(AtomicTextFile):
    """A page or feed written whole or not at all (temporary file + os.replace), without the fsync
    per file: a killed build leaves the old page or the new one, never half of one."""

    text_pending = False  # text written through the handle and perhaps not yet in its buffer

    def __init__(self, path: str, encoding: str = "utf-8") -> None:  # super().__init__ not called: no mkdir
        # Pelican has made the folder.
        self.path = path
        folder, base = os.path.split(path)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{base}.", suffix=".tmp", dir=folder)
        os.fchmod(fd, 0o644)  # as a page Pelican writes itself
        self.handle = os.fdopen(fd, "w", encoding=encoding)

    def write(self, text: str | bytes) -> int:
        if isinstance(text, bytes):  # feedgenerator's XML writer hands over encoded bytes
            if self.text_pending:  # flushed only after text, not before each of a feed's many small writes
                self.handle.flush()
                self.text_pending = False
            return self.handle.buffer.write(text)
        self.text_pending = True
        return self.handle.write(text)

    def close(self) -> None:
        if self.handle.closed:
            return
        try:
            self.handle.close()
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise
