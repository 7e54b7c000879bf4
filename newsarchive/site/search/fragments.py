"""Fragments: one small JSON file per document (headline, link, date, outlet, category and the
text snippets are cut from), fetched only for the results a reader sees. A rebuild leaves a
fragment alone when its story kept its number and renames it when the number moved."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from .cache import SearchCache
from .documents import SearchDoc, full_doc
from .folder import Folder, dump_json

def fragment(doc: SearchDoc, chars: int) -> dict[str, Any]:
    """What a result shows: headline, link, date, outlet, category and the text snippets come from."""
    return {
        "title": doc.title,
        "url": doc.url,
        "date": doc.date.isoformat() if doc.date else "",
        "day": doc.day,
        "source": doc.source,
        "category": doc.category,
        "text": doc.body[:chars],
    }


def fragment_path(number: int) -> str:
    return f"doc/{number // 1000}/{number}.json"


def place_fragments(docs: Sequence[Any], out: Folder, cache: SearchCache | None, chars: int,
                    plan: tuple[list[int], list[tuple[int, int]], list[int]]) -> tuple[int, int]:
    """Write each document's fragment at its number as `plan` (plan_fragments) says; (fragments
    written, fragments moved).

    With a cache whose fragments are in place, a fragment already at its number is left alone and
    one whose document moved (a story added before it shifts the numbers) is renamed, not
    written again; the rest are written when their bytes differ from the file's."""
    kept, moves, todo = plan
    for number in range(0, len(docs), 1000):
        (out.path / fragment_path(number)).parent.mkdir(parents=True, exist_ok=True)
    if cache is not None and (moves or todo):
        cache.unplace()
    for number in kept:
        out.keep(fragment_path(number))
    move_fragments(out, moves)
    written = 0
    for number in todo:
        written += out.write_changed(fragment_path(number), dump_json(fragment(full_doc(docs[number]), chars)))
    return written, len(moves)


def plan_fragments(keys: Sequence[bytes], before: Sequence[bytes], existing: set[str],
                   ) -> tuple[list[int], list[tuple[int, int]], list[int]]:
    """Given the keys of the documents now and at the last build: the numbers whose fragment
    stays, the fragments to rename (old number, new number) and the numbers to write."""
    kept: list[int] = []
    todo: list[int] = []
    for number, key in enumerate(keys):
        if number < len(before) and before[number] == key and fragment_path(number) in existing:
            kept.append(number)
        else:
            todo.append(number)
    staying = set(kept)
    was: dict[bytes, list[int]] = {}
    for number, key in enumerate(before):
        if number not in staying and fragment_path(number) in existing:
            was.setdefault(key, []).append(number)
    moves: list[tuple[int, int]] = []
    write: list[int] = []
    for number in todo:
        sources = was.get(keys[number])
        if sources:
            moves.append((sources.pop(), number))
        else:
            write.append(number)
    return kept, moves, write


def move_fragments(out: Folder, moves: list[tuple[int, int]]) -> None:
    """Rename fragments (source number, new number) without one landing on another not yet moved:
    when all move the same way (stories added or removed before them), in the order that frees
    each target first; otherwise in two steps, through temporary names."""
    if all(new > old for old, new in moves) or all(new < old for old, new in moves):
        for old, new in sorted(moves, reverse=bool(moves) and moves[0][1] > moves[0][0]):
            os.replace(out.path / fragment_path(old), out.path / fragment_path(new))
            out.keep(fragment_path(new))
        return
    staged = []
    for old, new in moves:
        temporary = out.path / "doc" / f".moving-{old}.json"
        os.replace(out.path / fragment_path(old), temporary)
        staged.append((temporary, new))
    for temporary, new in staged:
        os.replace(temporary, out.path / fragment_path(new))
        out.keep(fragment_path(new))


def filter_groups(docs: Sequence[Any]) -> tuple[list[str], list[list[Any]]]:
    """Categories, and [category number, year or null, first document] for each run of documents."""
    categories: list[str] = []
    groups: list[list[Any]] = []
    for number, doc in enumerate(docs):
        if not categories or categories[-1] != doc.category:
            categories.append(doc.category)
        key = [len(categories) - 1, doc.year]
        if not groups or groups[-1][:2] != key:
            groups.append([*key, number])
    return categories, groups

