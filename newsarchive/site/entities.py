"""Entity pages: one per person, organisation and place, as Pelican's generators build tag pages.

Reads the People, Organizations and Places metadata (comma-separated names) of every story and
writes, per entity, a paginated page of its stories (newest first) with the entities most often
named alongside it and a chart of its mentions over time, its Atom and RSS feeds, and per type an
index page and A–Z letter pages with counts. Stories get `entity_groups` for their own pages.
"""

from __future__ import annotations

import hashlib
import heapq
import logging
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter
from typing import Any

from pelican import signals
from pelican.generators import Generator

from newsarchive.slugs import slugify

from .charts import mentions_chart
from .incremental.plugin import file_memo
from .incremental.signatures import OWN, pack_rows, unpack_rows
from .incremental.store import build_store
from .settings import plugin_enabled, setting
from .state import find_state, note_mismatches
from .stories import is_dated, metadata_list, stories_from_context
from .workers import add_page_job, write_job
from .workers import register as register_workers

log = logging.getLogger(__name__)

OTHER = "other"
COMENTIONS_CACHE_FORMAT = "comentions 3"  # the record's base: a new format starts afresh
PAGE_JOB = "entities"  # the entity pages' job for the page worker (site/workers.py)
MEMO_NAME = "entities"  # what the plugin remembers of each story's file (OwnMemo.known)


@dataclass(eq=False)
class EntityType:
    """A kind of entity: its metadata key, URL folder, headings and schema.org type."""

    key: str
    folder: str
    heading: str
    singular: str
    schema: str
    url: str = ""
    entities: list[Entity] = field(default_factory=list)
    _named: str = field(default="", repr=False)  # __fingerprint__(2), worked out once

    def __fingerprint__(self, level: int) -> str:
        """What pages show of an entity type: its names and address (every page's navigation), and
        on its own index pages the number of its entities."""
        if level >= 1 and self._named:
            return self._named
        parts = [self.key, self.folder, self.heading, self.singular, self.schema, self.url]
        if level == 0:
            parts.append(str(len(self.entities)))
            return "\x00".join(parts)
        self._named = "\x00".join(parts)
        return self._named


class Named(list):  # type: ignore[type-arg]
    """The entities a story names (a list of Entity). For incremental builds it declares what a
    story's page shows of them, names and addresses, in one pass instead of item by item."""

    __slots__ = ()

    def __fingerprint__(self, level: int) -> str:
        return "\x01".join([entity._named or entity.__fingerprint__(2) for entity in self])


class EntityGroups(list):  # type: ignore[type-arg]
    """A story's entities by type: (EntityType, Named) pairs, declared like Named."""

    __slots__ = ()

    def __fingerprint__(self, level: int) -> str:
        return "\x02".join([f"{kind._named or kind.__fingerprint__(2)}\x01{named.__fingerprint__(2)}" for kind, named in self])


@dataclass(eq=False)
class Entity:
    """One named entity and the stories that mention it (dated newest first, then undated)."""

    type: EntityType
    name: str
    slug: str
    url: str
    save_as: str
    stories: list[Any] = field(default_factory=list)
    comentions: list[tuple[Entity, int]] = field(default_factory=list)
    feed_atom: str = ""
    feed_rss: str = ""
    dated: list[Any] | None = field(default=None, repr=False)  # its dated stories, as index_entities finds them
    _named: str = field(default="", repr=False)  # __fingerprint__(2), worked out once
    _sort_name: str = field(default="", repr=False)

    @property
    def count(self) -> int:
        return len(self.stories)

    @property
    def sort_name(self) -> str:
        """The name as lists sort it (lower case), worked out once."""
        name = self._sort_name
        if not name:
            name = self._sort_name = self.name.lower()
        return name

    @property
    def has_feed(self) -> bool:
        return bool(self.feed_atom or self.feed_rss) and bool(self.dated_stories())

    def dated_stories(self) -> list[Any]:
        """Its stories that have a date (kept as index_entities finds them)."""
        return self.dated if self.dated is not None else [s for s in self.stories if is_dated(s)]

    @property
    def letter(self) -> str:
        return letter_of(self.name)

    def chart(self) -> Any:
        dates = [s.date for s in self.dated_stories()]
        return mentions_chart(dates, f"chart-{self.type.folder}-{self.slug}")

    def __str__(self) -> str:
        return self.name

    def on_later_page(self) -> EntityHeading:
        """What a later page of the entity's list shows of it (see newsarchive.site.pagination)."""
        return EntityHeading(self.type, self.name, self.slug, self.url, self.feed_atom, self.feed_rss, self.has_feed)

    def __fingerprint__(self, level: int) -> str:
        """What pages show of an entity, for incremental builds (see newsarchive.site.incremental).

        Named in a story: its name and address. Listed on an index page (level 1): its count and
        feed too. On its own page (level 0): its companions and the dates of its stories (the
        chart) too; the stories themselves are that page's `articles`.
        """
        if level >= 2:  # named in a story: the same for every story that names it
            named = self._named
            if not named:
                named = self._named = "\x00".join([self.type.key, self.slug, self.name, self.url])
            return named
        parts = [self.type.key, self.slug, self.name, self.url]
        if level <= 1:
            parts += [str(self.count), self.feed_atom, self.feed_rss, str(self.has_feed)]
        if level == 0:
            parts += [f"{other.url}={count}:{other.name}" for other, count in self.comentions]
            parts += [s.date.isoformat() for s in self.dated_stories()]
        return "\x00".join(parts)


@dataclass(frozen=True)
class EntityHeading:
    """An entity as the later pages of its list show it: names, address and feeds, none of the
    figures that change as stories arrive (its count, companions, chart)."""

    type: EntityType
    name: str
    slug: str
    url: str
    feed_atom: str
    feed_rss: str
    has_feed: bool

    def __str__(self) -> str:
        return self.name

    def __fingerprint__(self, level: int) -> str:
        return "\x00".join([self.type.__fingerprint__(2), self.slug, self.name, self.url, self.feed_atom,
                             self.feed_rss, str(self.has_feed)])


def letter_of(name: str) -> str:
    """The A–Z bucket of a name: its first Latin letter once accents are folded, else 'other'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").strip().lower()
    return folded[0] if folded and "a" <= folded[0] <= "z" else OTHER


def entity_types(settings: dict[str, Any]) -> list[EntityType]:
    pattern = setting(settings, "NEWSARCHIVE_ENTITY_INDEX_URL")
    return [
        EntityType(key, folder, heading, singular, schema, url=pattern.format(folder=folder))
        for key, (folder, heading, singular, schema) in setting(settings, "NEWSARCHIVE_ENTITY_TYPES").items()
    ]


def entity_path(settings: dict[str, Any], folder: str, slug: str) -> str:
    return str(setting(settings, "NEWSARCHIVE_ENTITY_URL")).format(folder=folder, slug=slug)


def feed_path(settings: dict[str, Any], key: str, folder: str, slug: str) -> str:
    pattern = setting(settings, key)
    return str(pattern).format(folder=folder, slug=slug) if pattern else ""


def index_entities(stories: list[Any], types: list[EntityType], settings: dict[str, Any],
                   memo: Any = None) -> set[str]:
    """Give every story its entity_groups and every type its entities with their stories (and
    those of them that are dated).

    With `memo` (the build's per-story memo, see OwnMemo), a story's names and slugs are the ones
    remembered for its file, read from its metadata only when the file is new or changed. Returns
    the keys (`type/slug`) of the entities those stories name, with the entities that changed or
    deleted stories named before: the entities whose stories may have changed since the last build.
    """
    found: dict[tuple[str, str], Entity] = {}
    slugs: dict[str, str] = {}  # a name's slug, worked out once per build, not once per mention
    touched: set[str] = set()
    for story in stories:
        names = story_names(story, types, slugs, memo, touched)
        dated = is_dated(story)
        groups = []
        for kind in types:
            named = Named()
            for name, slug in names.get(kind.key, ()):
                entity = found.get((kind.key, slug))
                if entity is None:
                    path = entity_path(settings, kind.folder, slug)
                    entity = Entity(kind, name, slug, path, path, dated=[],
                                    feed_atom=feed_path(settings, "NEWSARCHIVE_ENTITY_FEED_ATOM", kind.folder, slug),
                                    feed_rss=feed_path(settings, "NEWSARCHIVE_ENTITY_FEED_RSS", kind.folder, slug))
                    found[(kind.key, slug)] = entity
                    kind.entities.append(entity)
                if entity not in named:
                    named.append(entity)
                    entity.stories.append(story)
                    if dated:
                        entity.dated.append(story)
            if named:
                groups.append((kind, named))
        story.entity_groups = EntityGroups(groups)
        story.entities = Named(e for _, named in groups for e in named)
    for kind in types:
        kind.entities.sort(key=lambda e: (e.sort_name, e.slug))
    if memo is not None:
        for names in memo.dropped(MEMO_NAME):
            touched.update(entity_keys(names))
    return touched


def story_names(story: Any, types: list[EntityType], slugs: dict[str, str], memo: Any,
                touched: set[str]) -> dict[str, list[tuple[str, str]]]:
    """A story's entities as (name, slug) pairs by type key: remembered for its file, or read
    from its metadata (and their keys added to `touched`)."""
    rows = unpack_rows(memo.known(story, MEMO_NAME)) if memo is not None else None
    if rows is not None:
        return names_from_rows(rows, slugs)
    names = {}
    for kind in types:
        pairs = [(name, slug_of(name, slugs)) for name in metadata_list(story, kind.key)]
        if pairs:
            names[kind.key] = pairs
    if memo is not None:
        packed = pack_rows([kind, *(name for name, _ in pairs)] for kind, pairs in names.items())
        if packed is not None:
            memo.remember(story, MEMO_NAME, packed)
    touched.update(entity_keys(names))
    return names


def slug_of(name: str, slugs: dict[str, str]) -> str:
    """A name's slug, worked out once per name and build (`slugs`), not once per mention."""
    slug = slugs.get(name)
    if slug is None:
        slug = slugs[name] = slugify(name)
    return slug


def names_from_rows(rows: list[list[str]], slugs: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """The names story_names kept (a row per type: its key, then the names), with their slugs."""
    return {row[0]: [(name, slug_of(name, slugs)) for name in row[1:]] for row in rows if row}


def entity_keys(names: Any) -> list[str]:
    """The keys (`type/slug`) of a story's entities, from story_names' pairs or the memo's text."""
    if isinstance(names, str):
        names = names_from_rows(unpack_rows(names) or [], {})
    if not isinstance(names, dict):
        return []
    return [f"{key}/{pair[1]}" for key, pairs in names.items() for pair in pairs]


def drop_small_feeds(types: list[EntityType], minimum: int) -> None:
    """No feed for an entity named in fewer than `minimum` dated stories: most names that appear
    once are passing mentions, and they are most entities, so their feeds would be most of the
    site's files. The feed appears with
    the entity's next story."""
    for kind in types:
        for entity in kind.entities:
            if len(entity.dated_stories()) < minimum:
                entity.feed_atom = entity.feed_rss = ""


def count_comentions(types: list[EntityType], limit: int, cache: Mapping[str, Any] | None = None,
                     touched: set[str] | None = None) -> dict[str, Any]:
    """Each entity's most frequent companions: the cost is the sum of squared entities per story.

    Most entities are named in one story only: their companions are that story's other entities,
    once each, in name order (as the general case ranks ties), taken from the story's entities
    sorted once for all of them.

    An entity named in more stories is counted again only when what it is counted from changed
    (`cache`, the last build's: per entity, a digest of its stories' entities in order, and its
    ranking), or when an entity it shares a story with has another name now: ties are ranked by
    name. With `touched` (see index_entities), an entity not in it has the stories the cache's
    build counted it from, so its ranking is taken without working that digest out. Returns the
    cache for the next build.
    """
    keys: dict[int, str] = {}
    for kind in types:
        for entity in kind.entities:
            keys[id(entity)] = f"{kind.key}/{entity.slug}"
    by_key = {keys[id(entity)]: entity for kind in types for entity in kind.entities}
    names = {key: entity.sort_name for key, entity in by_key.items()}
    cache = cache or {}
    before = cache.get("entities") if isinstance(cache.get("entities"), dict) else {}
    renamed = _renamed(names, cache.get("names"), by_key)
    named_digests: dict[int, bytes] = {}  # id(story) -> digest of its entities, in order
    kept: dict[str, Any] = {}
    by_name: dict[int, list[Entity]] = {}  # id(story) -> its entities in name order
    for kind in types:
        for entity in kind.entities:
            if len(entity.stories) == 1:
                story = entity.stories[0]
                named = by_name.get(id(story))
                if named is None:
                    named = by_name[id(story)] = sorted(story.entities, key=attrgetter("sort_name"))
                others = [(other, 1) for other in named if other is not entity]
                entity.comentions = others[:limit]
                continue
            key = keys[id(entity)]
            if touched is not None and key not in touched and id(entity) not in renamed:
                entry = before.get(key)
                ranked = _kept_ranking(entry, None, by_key)
                if ranked is not None:
                    kept[key] = entry
                    entity.comentions = ranked
                    continue
            sig = _counted_from(entity, limit, keys, named_digests)
            ranked = None if id(entity) in renamed else _kept_ranking(before.get(key), sig, by_key)
            if ranked is None:
                items = _candidates(entity, limit)
                ranked = sorted(items, key=lambda item: (-item[1], item[0].sort_name))[:limit]
            kept[key] = [sig, [[keys[id(other)], count] for other, count in ranked]]
            entity.comentions = ranked
    return {"names": names, "entities": kept}


def _renamed(names: Mapping[str, str], before: Any, by_key: Mapping[str, Entity]) -> set[int]:
    """The entities (by id) that share a story with an entity whose name is not the last build's."""
    if not isinstance(before, dict):
        return {id(entity) for entity in by_key.values()}
    touched: set[int] = set()
    for key, name in names.items():
        if before.get(key) != name:
            for story in by_key[key].stories:
                touched.update(id(other) for other in story.entities)
    return touched


def _counted_from(entity: Entity, limit: int, keys: Mapping[int, str], named_digests: dict[int, bytes]) -> str:
    """A digest of what an entity's companions are counted from: each story's entities, in order."""
    parts = []
    for story in entity.stories:
        named = named_digests.get(id(story))
        if named is None:
            text = "\x00".join([keys[id(other)] for other in story.entities])
            named = named_digests[id(story)] = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        parts.append(named)
    return hashlib.blake2b(b"".join(parts) + str(limit).encode(), digest_size=16).hexdigest()


def _kept_ranking(entry: Any, sig: str | None, by_key: Mapping[str, Entity]) -> list[tuple[Entity, int]] | None:
    """The last build's ranking of an entity's companions, when counted from the same stories
    (the digest `sig`, or None when the caller knows they are the same)."""
    if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], list)
            and (entry[0] == sig if sig is not None else isinstance(entry[0], str))):
        return None
    ranked = []
    for pair in entry[1]:
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], int)):
            return None
        other = by_key.get(pair[0])
        if other is None:
            return None
        ranked.append((other, pair[1]))
    return ranked


def _candidates(entity: Entity, limit: int) -> list[tuple[Entity, int]]:
    """The companions that can make an entity's top `limit`, in the order they were first met."""
    together: Counter[Entity] = Counter()
    for story in entity.stories:
        together.update(story.entities)  # a list: counted in C
    del together[entity]
    items = list(together.items())
    if 0 < limit < len(together):  # sort only the companions that can make the top `limit`
        least = heapq.nlargest(limit, together.values())[-1]
        items = [item for item in items if item[1] >= least]
    return items


def letters(kind: EntityType) -> list[tuple[str, list[Entity]]]:
    """The type's entities by letter, in A–Z order with 'other' last."""
    buckets: dict[str, list[Entity]] = defaultdict(list)
    for entity in kind.entities:
        buckets[entity.letter].append(entity)
    return sorted(buckets.items(), key=lambda item: (item[0] == OTHER, item[0]))


class EntitiesGenerator(Generator):
    """Builds the entity pages, indexes and feeds from the stories Pelican has read."""

    def generate_context(self) -> None:
        self.types = entity_types(self.settings)
        self.stories = stories_from_context(self.context)
        memo = file_memo(self.settings)
        touched = index_entities(self.stories, self.types, self.settings, memo)
        drop_small_feeds(self.types, int(setting(self.settings, "NEWSARCHIVE_ENTITY_FEED_MIN_STORIES")))
        store = build_store(self.settings)
        known = store.load("comentions", COMENTIONS_CACHE_FORMAT) if store is not None else {}
        # This record is saved now, the memo's at the end of the build: after a killed build
        # the two may be of different builds, so `touched` is not trusted then.
        state = find_state(self.settings)
        trusted = memo is not None and bool(memo.derived_before) and state is not None and not state.interrupted
        limit = int(setting(self.settings, "NEWSARCHIVE_COMENTIONS"))
        kept = count_comentions(self.types, limit, known, touched if trusted else None)
        if state is not None and state.verify:  # counted again from scratch, and compared
            ranked = {id(entity): entity.comentions for kind in self.types for entity in kind.entities}
            kept = count_comentions(self.types, limit)
            note_mismatches(state, "entity companions", [f"{kind.key}/{entity.slug}" for kind in self.types
                                                         for entity in kind.entities if entity.comentions != ranked[id(entity)]])
        if store is not None:
            store.save("comentions", kept, COMENTIONS_CACHE_FORMAT)
        self.context["entity_types"] = self.types
        add_page_job(self.settings, PAGE_JOB, self.write_pages)

    def generate_output(self, writer: Any) -> None:
        """The entity pages, indexes and feeds: a page worker's, merged, or written here."""
        write_job(self.settings, PAGE_JOB, writer, self.write_pages)

    def write_pages(self, writer: Any) -> None:
        """Write the entity pages, indexes and feeds with `writer`."""
        relative = self.settings["RELATIVE_URLS"]
        entity_template = self.get_template("entity")
        # An incremental writer keeps an entity's page and feeds whole when nothing they show
        # changed. An entity is made only from its stories' own data and feed entries (its name,
        # count, feeds, companions and dates are all worked out from them, see index_entities and
        # count_comentions), the settings and the templates: when none of its stories changed and
        # it has as many as the last build gave it, it is kept without working out even its
        # fingerprint (see IncrementalWriter.changed_stories).
        keep_unit = getattr(writer, "keep_unit", None)
        base = writer.unit_base(entity_template, self.context, ("entity", "page_name")) if keep_unit else ""
        changed = writer.changed_stories(self.stories) if keep_unit else None
        for kind in self.types:
            self.write_indexes(writer, kind, relative)
            for entity in kind.entities:
                if keep_unit is not None:
                    key, stamp = f"entity:{entity.save_as}", f"{base}:{relative}:{len(entity.stories)}"
                    parts = partial(unit_parts, writer, base, entity, relative)
                    if (changed is not None and changed.isdisjoint(map(id, entity.stories))
                            and writer.keep_unit_as_before(key, stamp, parts)):
                        continue
                    if keep_unit(key, parts(), stamp):
                        continue
                try:
                    writer.write_file(
                        entity.save_as, entity_template, self.context, relative_urls=relative,
                        paginated={"articles": entity.stories}, template_name="entity", url=entity.url,
                        entity=entity, articles=entity.stories, page_name=entity.save_as.rsplit(".", 1)[0],
                    )
                    self.write_feeds(writer, entity)
                finally:
                    if keep_unit is not None:
                        writer.end_unit()

    def write_indexes(self, writer: Any, kind: EntityType, relative: bool) -> None:
        by_letter = letters(kind)
        pattern = setting(self.settings, "NEWSARCHIVE_ENTITY_LETTER_URL")
        nav = [(letter, pattern.format(folder=kind.folder, letter=letter), len(items)) for letter, items in by_letter]
        top = sorted(kind.entities, key=lambda e: (-e.count, e.name.lower()))[:30]
        writer.write_file(
            kind.url, self.get_template("entities"), self.context, relative_urls=relative,
            entity_type=kind, letters=nav, top_entities=top, url=kind.url,
        )
        template = self.get_template("entity_letter")
        for (letter, url, _), (_, items) in zip(nav, by_letter):
            writer.write_file(
                url, template, self.context, relative_urls=relative,
                entity_type=kind, letters=nav, letter=letter, entities=items, url=url,
            )

    def write_feeds(self, writer: Any, entity: Entity) -> None:
        dated = entity.dated_stories()
        if not dated or not entity.has_feed:
            return
        title = f"{entity.name} ({entity.type.singular})"
        if entity.feed_atom:
            writer.write_feed(dated, self.context, entity.feed_atom, entity.feed_atom, feed_title=title)
        if entity.feed_rss:
            writer.write_feed(dated, self.context, entity.feed_rss, entity.feed_rss, feed_type="rss", feed_title=title)


def unit_parts(writer: Any, base: str, entity: Entity, relative: bool) -> list[str]:
    """Everything an entity's page (all its pages) and feeds are made from, for an incremental
    writer (see IncrementalWriter.keep_unit): what the calls' own fingerprints count, worked out
    once for all of them. The entity as its pages show it, its type, its stories as a list shows
    them, and its feeds' entries."""
    dated = entity.dated_stories()
    return [
        base, str(relative), entity.save_as, entity.url, entity.feed_atom, entity.feed_rss,
        writer.signer.declared(entity, 0), entity.type.__fingerprint__(2),
        writer.signer.value(entity.stories, OWN),
        writer.feed_entries(dated) if dated and entity.has_feed else "",
    ]


def get_generators(pelican: Any) -> type[Generator] | None:
    return EntitiesGenerator if plugin_enabled(pelican.settings, __name__) else None


def register() -> None:
    signals.get_generators.connect(get_generators)
    register_workers()
