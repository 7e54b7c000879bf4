"""Signatures of what pages are made from: stories, template values and templates.

A page's fingerprint is the digest of everything it can show: the template and every template it
extends, includes or imports (TemplateInputs: their source, and the variables they reference, found
with Jinja's own `meta.find_undeclared_variables`), the values of those variables (Signer), the
settings and the code (code_digest). A value that is content (a story, a list of them) counts with
everything Pelican and the plugins gave it: its metadata, its HTML, and the identity of the stories
it points at (related stories, neighbours). The project's own objects (entities, links) declare what
pages show of them (`__fingerprint__`).

OwnMemo keeps, between builds and by source file, what each story's file decides (the signature of
its read attributes, its address, and what each plugin works out from it), so an unchanged story
is neither signed nor worked out again.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pelican.contents import Content
from pelican.paginator import Page
from pelican.urlwrappers import URLWrapper

from .. import pelican_compat as compat
from ..pagination import Book
from .store import BuildStore

SKIP_ATTRIBUTES = {"settings", compat.CONTENT_CONTEXT, "context", compat.CONTENT_SUMMARY, "newsarchive_read_attributes",
                   "newsarchive_build"}
SIMPLE = (str, int, float, bool, type(None))
PLAIN = frozenset(SIMPLE)  # exactly these types, not their subclasses
MAX_DEPTH = 6
DEEP, OWN, REF, NAMES = "deep", "own", "ref", "names"  # how content inside a value counts




def digest(parts: Iterable[str]) -> str:
    """Each part followed by a NUL, hashed (in one update: the same bytes as one per part)."""
    items = parts if isinstance(parts, list) else list(parts)
    text = "\x00".join(items) + "\x00" if items else ""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def wrapper_sig(value: URLWrapper) -> str:
    return f"{type(value).__name__}:{value.name}:{value.slug}"


def contains_content(value: Any) -> bool:
    """Whether a template variable shows content of its own (an article, a list of them)."""
    if isinstance(value, (Content, Page)):
        return True
    if isinstance(value, (list, tuple)) and value:
        return any(isinstance(v, (Content, Page)) for v in value[:3])
    return False


def refers_to_content(value: Any, depth: int = 0) -> bool:
    """Whether a value is, or holds (in lists, tuples and dicts), another content object."""
    if isinstance(value, Content):
        return True
    if isinstance(value, SIMPLE) or hasattr(value, "__fingerprint__"):  # declares what pages show of it
        return False
    if depth < 2 and isinstance(value, (list, tuple)):
        return any(refers_to_content(v, depth + 1) for v in value)
    if depth < 2 and isinstance(value, dict):
        return any(refers_to_content(v, depth + 1) for v in value.values())
    return False


def declares_fingerprint(kind: type) -> bool:
    """Whether Signer.value signs every instance of `kind` by its declared `__fingerprint__`."""
    return hasattr(kind, "__fingerprint__") and not issubclass(kind, (*SIMPLE, Content, URLWrapper, datetime, date, type))


class Signer:
    """Stable text signatures of template values, cached for the length of one build."""

    def __init__(self, memo: OwnMemo | None = None) -> None:
        self.memo = memo
        self._declares: dict[type, bool] = {}  # see declares_fingerprint
        self._own: dict[int, tuple[Any, str]] = {}
        # id -> signature for the objects in _own, which keeps them alive (so an id there is
        # theirs): a list's items are looked up by map(), in C, not one by one.
        self._own_ids: dict[int, str] = {}
        self._feed_ids: dict[int, str] = {}  # the same for feed entries (see _feed)
        self._lists: dict[tuple[int, str], tuple[Any, tuple[int, int, int], str]] = {}
        self._feed: dict[int, tuple[Any, str]] = {}
        self._objects: dict[tuple[int, bool], tuple[Any, str]] = {}
        self._refs: dict[int, tuple[Any, str]] = {}
        self._ref_keys: dict[int, tuple[Any, list[str]]] = {}

    def own(self, content: Content) -> str:
        """A content object's own data: every attribute but those pointing at other content.

        A list of articles shows each one's own data; the articles it points at (related,
        neighbours) count only on its own page (see deep), so a new article re-renders the pages
        that list its neighbours only when they are its own lists.
        """
        cached = self._own.get(id(content))
        if cached is not None and cached[0] is content:
            return cached[1]
        attributes = vars(content)
        read = attributes.get("newsarchive_read_attributes")
        parts, refs = [type(content).__name__], []
        if read is not None:  # what the file decides: as the last build signed it, or signed now
            known = self.memo.get(content) if self.memo is not None else None
            if known is None:
                read_parts, read_refs = self._attribute_parts(attributes, sorted(k for k in attributes if k in read))
                known = (digest(read_parts), read_refs)
                if self.memo is not None:
                    self.memo.put(content, *known)
            parts.append(f"read={known[0]}")
            refs = list(known[1])
        # Attributes added after Pelican made the story (all of them without its constructor signal).
        keys = sorted(attributes) if read is None else sorted(k for k in attributes if k not in read)
        later_parts, later_refs = self._attribute_parts(attributes, keys)
        parts += later_parts
        refs = refs + later_refs
        sig = digest(parts)
        self._own[id(content)] = (content, sig)
        self._own_ids[id(content)] = sig
        self._ref_keys[id(content)] = (content, refs)
        return sig

    def _attribute_parts(self, attributes: Mapping[str, Any], keys: Iterable[str]) -> tuple[list[str], list[str]]:
        """The signatures of the attributes `keys` (in order), and the keys that point at content."""
        parts, refs = [], []
        declares = self._declares
        for key in keys:
            value = attributes[key]
            if key in SKIP_ATTRIBUTES:
                continue
            kind = type(value)
            if kind in PLAIN and key != compat.CONTENT_HTML:  # most attributes: what value() gives them
                parts.append(f"{key}={value!r}")
                continue
            declared = declares.get(kind)
            if declared is None:
                declared = declares[kind] = declares_fingerprint(kind)
            if declared:  # a story's entities, links...: what value() gives them, without its cache
                parts.append(f"{key}={kind.__name__}:{value.__fingerprint__(1)}")
                continue
            if refers_to_content(value):
                refs.append(key)
                continue
            if key == compat.CONTENT_HTML and isinstance(value, str):
                value = hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
            elif key == "metadata" and isinstance(value, dict):
                # Pelican sets each metadata value as an attribute too: those count once, as attributes.
                value = {k: v for k, v in value.items() if attributes.get(k) is not v}
            parts.append(f"{key}={self.value(value, REF, 1)}")
        return parts, refs

    def feed_entry(self, content: Content) -> str:
        """What a feed shows of an article: its metadata, HTML and address. Its own data (which
        every story's page has worked out already) covers all of that but the summary Pelican
        keeps aside, and the address, which the settings give."""
        cached = self._feed.get(id(content))
        if cached is not None and cached[0] is content:
            return cached[1]
        sig = digest([self.own(content), self.value(compat.stored_summary(content), REF, 1)])
        self._feed[id(content)] = (content, sig)
        self._feed_ids[id(content)] = sig
        return sig

    def feed_entries(self, items: list[Any]) -> list[str]:
        """feed_entry of each item: those worked out already looked up in C."""
        sigs = list(map(self._feed_ids.get, map(id, items)))
        if None in sigs:
            sigs = [self.feed_entry(v) if s is None else s for s, v in zip(sigs, items)]
        return sigs

    def deep(self, content: Content) -> str:
        """Own data plus the own data of every content object it points at (related, neighbours)."""
        parts = [self.own(content)]
        attributes = vars(content)
        for key in self._ref_keys[id(content)][1]:  # the attributes own() found pointing at content
            self._collect_refs(attributes.get(key), parts, 0)
        return digest(parts)

    def _collect_refs(self, value: Any, parts: list[str], depth: int) -> None:
        if depth > 3:
            return
        if isinstance(value, Content):
            parts.append(self.own(value))
        elif isinstance(value, (list, tuple)):
            for item in value:
                self._collect_refs(item, parts, depth + 1)
        elif isinstance(value, dict):
            for item in value.values():
                self._collect_refs(item, parts, depth + 1)

    def value(self, value: Any, mode: str = OWN, depth: int = 0) -> str:
        """The signature of any template value; `mode` says how content inside it counts."""
        if isinstance(value, SIMPLE):
            return repr(value)
        if isinstance(value, Content):
            if mode == NAMES:
                return ""
            if mode == REF:  # Pelican works a URL out from the settings on every read: once per build here
                cached = self._refs.get(id(value))
                if cached is None or cached[0] is not value:
                    cached = self._refs[id(value)] = (value, f"C:{getattr(value, 'source_path', '')}:{getattr(value, 'url', '')}")
                return cached[1]
            return self.deep(value) if mode == DEEP else self.own(value)
        if isinstance(value, URLWrapper):
            return wrapper_sig(value)
        if isinstance(value, (datetime, date)):
            return value.isoformat()
        if hasattr(value, "__fingerprint__") and not isinstance(value, type):
            return self.declared(value, min(depth, 2))
        if depth > MAX_DEPTH:
            return type(value).__name__
        if mode == NAMES:
            return self._names(value, depth)
        inner = OWN if mode == DEEP else mode
        if isinstance(value, Book):  # a list's pages: its figures, and its stories as a list shows them
            items = self._list(value.object_list, inner, depth + 1)
            return f"Book:{value.name}:{value.url}:{value.count}:{value.num_pages}:{value.per_page}:{items}"
        if isinstance(value, Page):
            items = "" if mode == NAMES else self.value(value.object_list, inner, depth + 1)
            return (f"Page:{value.number}:{getattr(value, 'front', '')}:{value.url}:{value.save_as}:"
                    f"{self.value(value.paginator, inner, depth + 1)}:{items}")
        if isinstance(value, (list, tuple)):
            return self._list(value, inner, depth)
        if isinstance(value, (set, frozenset)):
            return "{" + ",".join(sorted(self.value(v, inner, depth + 1) for v in value)) + "}"
        if isinstance(value, dict):
            items = (f"{k!r}:{self.value(v, inner, depth + 1)}" for k, v in value.items() if k not in SKIP_ATTRIBUTES)
            return "{" + ",".join(sorted(items)) + "}"
        if callable(value) and not hasattr(value, "__dict__"):
            return getattr(value, "__qualname__", type(value).__name__)
        if hasattr(value, "__dict__") and not isinstance(value, type):
            if depth > 0:  # an object inside another one counts by its names (see _names)
                return self._names(value, depth, members=depth == 1)
            attributes = {k: v for k, v in vars(value).items() if k not in SKIP_ATTRIBUTES}
            return type(value).__name__ + self.value(attributes, inner, depth + 1)
        return getattr(value, "__qualname__", None) or str(value)

    def declared(self, value: Any, level: int) -> str:
        """The signature an object declares (`__fingerprint__(level)`), once per build.

        Level 0: the object is what the page is about (an entity on its own page): all it shows
        there. Level 1: it is listed by the page (an index of entities: names, addresses, counts).
        Level 2: it is named inside something else (a story's entities: names and addresses).
        The project's own objects declare theirs, which is much cheaper than walking them.
        """
        key = (id(value), -1 - level)
        cached = self._objects.get(key)
        if cached is None or cached[0] is not value:
            cached = self._objects[key] = (value, f"{type(value).__name__}:{value.__fingerprint__(level)}")
        return cached[1]

    def _names(self, value: Any, depth: int, members: bool = False) -> str:
        """A site-wide value as a page with content of its own shows it: names, not what is under them.

        The top-level list and the tuples in it count item by item; an object by its simple
        attributes (name, url, heading); content and nested collections not at all. With
        `members` (an object a page lists, such as an entity in a top-entities list) its
        collections count too, content in them by address: the page may show their counts.
        """
        if isinstance(value, (list, tuple)) and depth <= 1:
            return "[" + digest(s for s in (self.value(v, NAMES, depth + 1) for v in value) if s) + "]"
        if isinstance(value, dict) and depth <= 1:
            return "{" + ",".join(sorted(f"{k!r}:{self.value(v, NAMES, depth + 1)}" for k, v in value.items())) + "}"
        if isinstance(value, (list, tuple, set, frozenset, dict, Page, Book)) or callable(value):
            return ""
        if hasattr(value, "__fingerprint__") and not isinstance(value, type):
            return self.declared(value, min(max(depth, 1), 2))
        if hasattr(value, "__dict__") and not isinstance(value, type):
            key = (id(value), members)
            cached = self._objects.get(key)
            if cached is not None and cached[0] is value:
                return cached[1]
            sig = self._object_names(value, depth, members)
            self._objects[key] = (value, sig)
            return sig
        return str(value)

    def _object_names(self, value: Any, depth: int, members: bool) -> str:
        """An object by its simple attributes, and with `members` its collections too."""
        simple = sorted((k, self.value(v, NAMES, depth + 1)) for k, v in vars(value).items()
                        if isinstance(v, (*SIMPLE, URLWrapper, datetime, date)) and k not in SKIP_ATTRIBUTES)
        if members:
            simple += sorted((k, self._list(v, REF, depth + 1)) for k, v in vars(value).items()
                             if isinstance(v, (list, tuple)) and k not in SKIP_ATTRIBUTES)
        return type(value).__name__ + repr(simple)

    def _list(self, value: list[Any] | tuple[Any, ...], mode: str, depth: int) -> str:
        key = (id(value), mode)
        shape = (len(value), id(value[0]) if value else 0, id(value[-1]) if value else 0)
        cached = self._lists.get(key)
        if cached is not None and cached[0] is value and cached[1] == shape:
            return cached[2]
        if mode == OWN:  # mostly stories whose own data is worked out already: looked up in C
            sigs = list(map(self._own_ids.get, map(id, value)))
            if None in sigs:
                sigs = [self.value(v, mode, depth + 1) if s is None else s for s, v in zip(sigs, value)]
        else:
            sigs = [self.value(v, mode, depth + 1) for v in value]
        if mode == NAMES:  # names: content leaves no trace
            sigs = [s for s in sigs if s]
        sig = "[" + digest(sigs) + "]"
        self._lists[key] = (value, shape, sig)  # a list changed in place would change its ends or length
        return sig


ROWS, CELLS = "\x1e", "\x1f"  # separators of pack_rows' text: characters no name or field holds


def pack_rows(rows: Iterable[Iterable[str]]) -> str | None:
    """Rows of strings as one string, the form plugins keep in the memo (its record is loaded
    whole on every build, and one string loads much faster than lists); None when a string
    holds a separator."""
    rows = [list(row) for row in rows]
    if any(ROWS in cell or CELLS in cell for row in rows for cell in row):
        return None
    return ROWS.join(CELLS.join(row) for row in rows)


def unpack_rows(text: Any) -> list[list[str]] | None:
    """The rows pack_rows wrote (an empty row for an empty list); None for anything else."""
    if not isinstance(text, str):
        return None
    return [row.split(CELLS) if row else [] for row in text.split(ROWS)]


class OwnMemo:
    """What each story's file decides, kept between builds by source file: the signature of the
    story's read attributes, and its address and output path.

    The read attributes are every attribute a story has once Pelican has made it (its metadata,
    HTML, date: see note_read_attributes). Their signature is reused when the file (modification
    time and size), the settings and the code are the ones it was signed with, which saves signing
    every story's metadata and HTML again on every build. The attributes plugins add later
    (entities, links, related stories) are signed afresh each build.

    The address and output path are Pelican's (from the settings' URL patterns and the story's
    date, slug and category, worked out after the project's plugins set the slugs). On the same
    terms they are given to the story as soon as Pelican has made it, as taxonomies.freeze_urls gives
    them after the plugins have run, which saves working them out twice per story per build.

    The rule for plugins: an attribute a story has when Pelican has made it may be changed later
    only as a function of that story's own file and the settings (the project's plugins set tag,
    author and category slugs, for one). Whatever depends on other stories goes into attributes
    added later.

    Plugins keep here, on the same terms, what they work out from a story's file alone, each
    under its own name (`known`, `remember`, through `file_memo`): the entities' names and slugs,
    the related-story features, the search fields and key, the card. An entry is kept for the
    next build only while its file is there and unchanged, so a deleted or changed story leaves
    nothing behind; `dropped` tells a plugin what those stories gave before, so it works out again
    only what they touch. A plugin's value is best one string: the record is loaded whole on
    every build, and one string loads much faster than a list of them.
    """

    RECORD = "stories"  # its record in the build store

    def __init__(self, store: BuildStore, base: str) -> None:
        self.store, self.base = store, base
        self.before: dict[str, list[Any]] = {}
        self.now: dict[str, list[Any]] = {}
        self.urls_before: dict[str, list[Any]] = {}
        self.urls: dict[str, list[Any]] = {}
        self.stamps: dict[str, list[int] | None] = {}
        self.derived_before: dict[str, list[Any]] = {}  # path -> [mtime, size, {name: value}]
        self.derived: dict[str, list[Any]] = {}
        # path -> the story's whole signature (own data and feed entry), as a build last saw it
        # (see IncrementalWriter.changed_stories): whatever the file's stamp.
        self.marks_before: dict[str, str] = {}
        self.marks: dict[str, str] = {}
        self.reused = self.signed = 0
        self.addressed = 0  # stories given a kept address, not working it out again
        self.made = 0  # stories Pelican made from their file (the others came from its cache)
        data = store.load(self.RECORD, base)
        stories, urls, derived, marks = data.get("stories"), data.get("urls"), data.get("derived"), data.get("marks")
        self.before = stories if isinstance(stories, dict) else {}
        self.urls_before = urls if isinstance(urls, dict) else {}
        self.derived_before = derived if isinstance(derived, dict) else {}
        self.marks_before = marks if isinstance(marks, dict) else {}

    def _stamp(self, content: Any) -> tuple[str, list[int]] | None:
        """The story's source file and its (modification time, size), read once per build."""
        path = getattr(content, "source_path", None)
        if not isinstance(path, str) or not path:
            return None
        if path not in self.stamps:
            try:
                stat = os.stat(path)
                self.stamps[path] = [stat.st_mtime_ns, stat.st_size]
            except OSError:
                self.stamps[path] = None
        stamp = self.stamps[path]
        return None if stamp is None else (path, stamp)

    def get(self, content: Any) -> tuple[str, list[str]] | None:
        """(signature, keys pointing at content) of the story's read attributes, if still good."""
        found = self._stamp(content)
        if found is None:
            return None
        path, stamp = found
        entry = self.before.get(path)
        if not (isinstance(entry, list) and len(entry) == 4 and entry[:2] == stamp):
            return None
        self.now[path] = entry
        self.reused += 1
        return entry[2], list(entry[3])

    def put(self, content: Any, sig: str, refs: list[str]) -> None:
        found = self._stamp(content)
        if found is not None:
            self.now[found[0]] = [*found[1], sig, list(refs)]
            self.signed += 1

    def address(self, content: Any) -> tuple[str, str] | None:
        """(url, save_as) the last build gave the story, if its file is the same."""
        found = self._stamp(content)
        if found is None:
            return None
        entry = self.urls_before.get(found[0])
        if not (isinstance(entry, list) and len(entry) == 4 and entry[:2] == found[1]
                and all(isinstance(v, str) for v in entry[2:])):
            return None
        return entry[2], entry[3]

    def put_address(self, content: Any) -> None:
        found = self._stamp(content)
        if found is not None:
            self.urls[found[0]] = [*found[1], str(content.url), str(content.save_as)]

    def known(self, content: Any, name: str) -> Any:
        """The value a plugin remembered under `name` for the story's file, if the file is the same
        (None otherwise); it is kept for the next build too."""
        found = self._stamp(content)
        if found is None:
            return None
        entry = self.derived_before.get(found[0])
        if not (isinstance(entry, list) and len(entry) == 3 and entry[:2] == found[1] and isinstance(entry[2], dict)):
            return None
        value = entry[2].get(name)
        if value is not None:
            self.remember(content, name, value)
        return value

    def remember(self, content: Any, name: str, value: Any) -> None:
        """Keep a value worked out from the story's file alone (and the settings), as JSON."""
        found = self._stamp(content)
        if found is None:
            return
        entry = self.derived.get(found[0])
        if entry is None:
            entry = self.derived[found[0]] = [*found[1], {}]
        entry[2][name] = value

    def dropped(self, name: str) -> list[Any]:
        """The values the last build remembered under `name` for files this build has not
        remembered it for again: files that are gone or changed. Asked once the plugin has
        looked up every story, it tells the plugin what those stories gave before (the entities
        a deleted story named, say), so it works out again only what they touch."""
        values = []
        for path, entry in self.derived_before.items():
            if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[2], dict)):
                continue
            value = entry[2].get(name)
            mine = self.derived.get(path)
            if value is not None and (mine is None or mine[:2] != entry[:2] or name not in mine[2]):
                values.append(value)
        return values

    def records(self) -> dict[str, dict[str, Any]]:
        """What this build recorded for the next one, for a memo in another process to merge."""
        return {"stories": self.now, "urls": self.urls, "derived": self.derived, "marks": self.marks}

    def merge(self, records: dict[str, dict[str, Any]]) -> None:
        """Add what a page worker's copy of this memo recorded (the same values for a story both
        processes met: each is worked out from the story's file and the settings alone)."""
        self.now.update(records["stories"])
        self.urls.update(records["urls"])
        for path, entry in records["derived"].items():
            mine = self.derived.get(path)
            if mine is None or mine[:2] != entry[:2]:
                self.derived[path] = entry
            else:
                mine[2].update(entry[2])
        self.marks.update(records["marks"])

    def save(self) -> None:
        self.store.save(self.RECORD, {"stories": self.now, "urls": self.urls, "derived": self.derived,
                                      "marks": self.marks}, self.base)

    def counts(self) -> dict[str, int]:
        """Stories whose read attributes this build signed or reused, gave a kept address, or made."""
        return {"signed": self.signed, "reused": self.reused, "addressed": self.addressed, "made": self.made}


class TemplateInputs:
    """For each template: the variables it and the templates it uses reference, and their source."""

    def __init__(self) -> None:
        self._by_template: dict[str, tuple[frozenset[str] | None, str]] = {}
        self._files: dict[str, tuple[str, frozenset[str], tuple[str | None, ...]]] = {}

    def of(self, template: Any) -> tuple[frozenset[str] | None, str]:
        """(referenced names, or None when they cannot be known; digest of all the sources)."""
        name = template.name
        if name not in self._by_template:
            self._by_template[name] = self._analyse(template.environment, name)
        return self._by_template[name]

    def _analyse(self, env: Any, name: str) -> tuple[frozenset[str] | None, str]:
        names: set[str] = set()
        sources: list[str] = []
        todo, seen, known = [name], set(), True
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            source, variables, refs = self._file(env, current)
            sources.append(f"{current}\n{source}")
            names |= variables
            for ref in refs:
                if ref is None:
                    known = False  # a template chosen at run time: depend on everything
                else:
                    todo.append(ref)
        return (frozenset(names) if known else None), digest(sorted(sources))

    def _file(self, env: Any, name: str) -> tuple[str, frozenset[str], tuple[str | None, ...]]:
        """One template file: its source, the variables it references, the templates it uses."""
        from jinja2 import meta

        if name not in self._files:
            source = env.loader.get_source(env, name)[0]
            tree = env.parse(source)
            self._files[name] = (source, frozenset(meta.find_undeclared_variables(tree)),
                                 tuple(meta.find_referenced_templates(tree)))
        return self._files[name]


def code_digest(settings: Mapping[str, Any]) -> str:
    """The project's plugins' source and Pelican's version: a change to them re-renders everything."""
    import pelican

    parts = [getattr(pelican, "__version__", "")]
    for module in sorted(settings.get("PLUGINS") or [], key=str):
        mod = sys.modules.get(module if isinstance(module, str) else getattr(module, "__name__", ""))
        path = getattr(mod, "__file__", None)
        if path and os.path.isfile(path):
            parts.append(Path(path).read_text(encoding="utf-8", errors="replace"))
    package = Path(__file__).resolve().parent.parent  # newsarchive/site, its subpackages included
    files = sorted(package.rglob("*.py"), key=lambda p: p.relative_to(package).as_posix())
    files.append(package.parent / "slugs.py")  # the slugs the story memo keeps (entities, features)
    parts += [p.read_text(encoding="utf-8", errors="replace") for p in files]
    return digest(parts)
