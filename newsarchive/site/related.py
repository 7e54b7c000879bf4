"""Related stories: shared entities, tags and category, each weighted by its rarity (IDF).

A person named in three stories says far more about what two stories share than "United States"
named in half the archive, so each shared feature adds log(1 + S / df) to a candidate's score, where
df is how many stories carry it and S the number of stories, both above 16 rounded down to a power
of 1.1 (see `rarity`): a new story then changes the weights of its own features only (and all
weights once in a 10% growth of the archive), and the related lists of the stories that share
none of them stay as they were. Ties go to the story nearest in
date, then to a stable id (a hash of the story's URL), never to a position in a list.

Cost stays linear in the archive: an inverted index maps each feature to the stories carrying it,
in date order; a feature carried by more than `cap` stories (a common and so nearly weightless one)
contributes only its `cap` stories nearest in date (found by binary search). Scores are summed with
numpy over the concatenated postings, and the top `count` picked by one sort of the candidates
that can make it.

With a `cache` (`RelatedCache`), a story keeps the list the last build gave it, without scoring,
when nothing its list is made from has changed: its own part (date, id, the features it shares)
is the one recorded, and for each of its features the weight and the candidates it contributes
(ids and dates) are the ones the last build had. The cache keeps a digest of each feature's whole
posting list and weight, so an unchanged feature is passed over at once; for a common (capped)
feature it keeps the posting list too, so that when a story arrives only the stories whose window
of nearest candidates really moved are looked at (found for the whole posting list at once), not
every story carrying "London". When one story arrives, only the stories whose candidates it
changed are looked at again. Of those, a story whose candidates changed only by taking in new
stories (through common features whose weight stayed the same) is not scored again: the cache
keeps each list's scores, so its list is the old one merged with the new stories' scores
(`merge_new`). Posting lists are ordered by date, then by the stable id, so neither the lists
nor the cache depend on the order the stories come in.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class RelatedCache:
    """What one build leaves the next: per story id (own signature, related ids, their scores);
    per feature the digest of its posting list and weight; per capped feature (weight, stable
    ids, dates) of its posting list, in date order."""

    stories: dict[str, tuple[str, list[str], list[float]]] = field(default_factory=dict)
    features: dict[str, str] = field(default_factory=dict)
    postings: dict[str, tuple[float, np.ndarray, np.ndarray]] = field(default_factory=dict)
    computed: int = 0  # stories whose list the last call worked out (the others kept theirs)
    merged: int = 0  # stories whose list the last call took from theirs and the new stories' scores


def build_postings(features: Sequence[Sequence[str]], times: Sequence[float],
                   tiebreak: Sequence[int] | None = None) -> dict[str, list[int]]:
    """Feature → story indices carrying it, ordered by time, then by `tiebreak` (default: index),
    so that with stable ids the order does not depend on the order of `features`."""
    postings: dict[str, list[int]] = defaultdict(list)
    ties = range(len(features)) if tiebreak is None else tiebreak
    for index in sorted(range(len(features)), key=lambda i: (times[i], ties[i])):
        for feature in set(features[index]):
            postings[feature].append(index)
    return postings


def window(keys: Any, time: float, cap: int) -> int:
    """Start of the `cap` consecutive entries of the sorted `keys` nearest to `time` (ties: earlier).

    The window starting at m gives way to the one at m + 1 when keys[m] is farther from `time`
    than keys[m + cap], that is when keys[m] + keys[m + cap] < 2 * time: the start is the number of
    such m, and `windows` finds it for many times at once by the same rule.
    """
    low, high = 0, len(keys) - cap
    while low < high:
        middle = (low + high) // 2
        if keys[middle] + keys[middle + cap] < 2 * time:
            low = middle + 1
        else:
            high = middle
    return low


def windows(keys: np.ndarray, times: np.ndarray, cap: int) -> np.ndarray:
    """`window` for each of `times` (keys sorted, more than `cap` of them)."""
    return np.searchsorted(keys[:-cap] + keys[cap:], 2 * times, side="left")


def nearest(posting: list[int], keys: list[float], time: float, cap: int) -> list[int]:
    """The `cap` entries of a time-ordered posting list nearest to `time`."""
    if len(posting) <= cap:
        return posting
    start = window(keys, time, cap)
    return posting[start : start + cap]


def rarity(df: int) -> float:
    """df as the weight sees it: exact up to 16, above that rounded down to a power of 1.1.

    A new story then changes a common feature's weight (and so the related lists of every story
    carrying it) only when its df crosses a 10% step: on average about ten stories per feature.
    """
    if df <= 16:
        return float(df)
    return 1.1 ** math.floor(math.log(df) / math.log(1.1) + 1e-9)


def stable_id(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little", signed=True)


def related_stories(
    features: Sequence[Sequence[str]],
    times: Sequence[float],
    count: int = 5,
    cap: int = 400,
    scale: float | None = None,
    ids: Sequence[str] | None = None,
    cache: RelatedCache | None = None,
) -> list[list[int]]:
    """For each story, the indices of its `count` most related stories, best first.

    `scale` (S) defaults to the number of stories, rounded as `rarity` rounds df; `ids` (unique,
    stable across builds) make ties and the `cache` independent of the order of `features`. The
    cache (used only with `ids`) is updated in place to this call's stories.
    """
    total = len(features)
    scale = rarity(total) if scale is None else float(scale)
    cache = cache if ids is not None else None
    names = list(ids) if ids is not None else [str(i) for i in range(total)]
    tiebreak = np.array([stable_id(n) for n in names] if ids is not None else range(total), dtype=np.int64)
    position = {name: index for index, name in enumerate(names)}
    time_array = np.asarray(times, dtype=np.float64)
    postings = {f: np.asarray(p, dtype=np.int64) for f, p in build_postings(features, times, tiebreak.tolist()).items()
                if len(p) > 1}
    # Python floats: the binary search reads a few of them per story, faster than numpy scalars.
    keys = {f: time_array[p].tolist() for f, p in postings.items() if len(p) > cap}
    weights = {f: math.log(1 + scale / rarity(len(p))) for f, p in postings.items()}
    moved = np.ones(total, dtype=bool)  # stories whose candidates may have changed
    mergeable = np.zeros(total, dtype=bool)  # ... only by gaining new stories (see changed_candidates)
    grown: dict[str, np.ndarray] = {}  # the features that only gained new stories: those stories
    if cache is not None:
        moved, mergeable, grown = changed_candidates(cache, postings, weights, tiebreak, time_array, cap, names)

    result: list[list[int]] = []
    stories: dict[str, tuple[str, list[str], list[float]]] = {}
    computed = merged = 0
    for index, own in enumerate(features):
        time = times[index]
        shared = [f for f in sorted(set(own)) if f in postings]
        if not shared or count <= 0:
            result.append([])
            continue
        own_sig = ""
        if cache is not None:
            own_sig = own_signature(count, cap, time, names[index], shared)
            cached = cache.stories.get(names[index])
            if cached is not None and cached[0] == own_sig and all(n in position for n in cached[1]):
                if not moved[index]:
                    stories[names[index]] = cached
                    result.append([position[n] for n in cached[1]])
                    continue
                if mergeable[index] and len(cached[2]) == len(cached[1]):
                    best, best_scores = merge_new(index, time, shared, cached, grown, weights, position,
                                                  time_array, tiebreak, count)
                    merged += 1
                    result.append(best)
                    stories[names[index]] = (own_sig, [names[i] for i in best], best_scores)
                    continue
        computed += 1
        windows_, weight_list = [], []
        for feature in shared:
            posting = postings[feature]
            if feature in keys:
                start = window(keys[feature], time, cap)
                posting = posting[start : start + cap]
            windows_.append(posting)
            weight_list.append(weights[feature])
        candidates = np.concatenate(windows_)
        weight = np.repeat(np.array(weight_list), [len(w) for w in windows_])
        sums = np.bincount(candidates, weights=weight, minlength=total)  # every weight is above 0
        sums[index] = 0.0
        unique = np.flatnonzero(sums)
        scores = np.round(sums[unique], 9)
        if len(unique) > count:  # only the candidates that can make the top `count` are sorted
            least = np.partition(scores, len(scores) - count)[len(scores) - count]
            top = scores >= least
            unique, scores = unique[top], scores[top]
        distance = np.abs(time_array[unique] - time)
        order = np.lexsort((tiebreak[unique], distance, -scores))[:count]
        best = unique[order].tolist()
        result.append(best)
        if cache is not None:
            stories[names[index]] = (own_sig, [names[i] for i in best], scores[order].tolist())
    if cache is not None:
        cache.stories, cache.computed, cache.merged = stories, computed, merged
    return result


def merge_new(index: int, time: float, shared: list[str], cached: tuple[str, list[str], list[float]],
              grown: dict[str, np.ndarray], weights: dict[str, float], position: dict[str, int],
              time_array: np.ndarray, tiebreak: np.ndarray, count: int) -> tuple[list[int], list[float]]:
    """A story's list when its candidates are the last build's, with the same scores, plus new
    stories: the last build's list (the best `count` of the old candidates) merged with the new
    stories it shares features with, scored as related_stories scores them (each feature's weight
    added in the features' order, rounded the same way), ranked the same way."""
    new: dict[int, float] = {}
    for feature in shared:  # sorted, as related_stories adds them up
        arrived = grown.get(feature)
        if arrived is not None:
            weight = weights[feature]
            for other in arrived.tolist():
                new[other] = new.get(other, 0.0) + weight
    new.pop(index, None)
    old = [position[n] for n in cached[1]]
    unique = np.array(old + list(new), dtype=np.int64)
    arrived_scores = np.round(np.array(list(new.values()), dtype=np.float64), 9)  # as related_stories rounds
    scores = np.concatenate([np.array(cached[2], dtype=np.float64), arrived_scores])
    distance = np.abs(time_array[unique] - time)
    order = np.lexsort((tiebreak[unique], distance, -scores))[:count]
    return unique[order].tolist(), scores[order].tolist()


def changed_candidates(cache: RelatedCache, postings: dict[str, np.ndarray], weights: dict[str, float],
                       tiebreak: np.ndarray, times: np.ndarray, cap: int,
                       names: Sequence[str] = ()) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Which stories may get other candidates from some feature than the cache's build gave them
    (True); which of those only gained new stories, and from which features (with those stories);
    and the cache's features brought up to this call's.

    A feature whose posting list and weight are unchanged gives every story the same candidates.
    One that changed and carries at most `cap` stories gives all of them its whole list: they
    all count as changed. A capped one gives each story its window of the `cap` nearest in date:
    a story counts as changed only where its window now differs from the one the same date found
    in the recorded posting list (other ids or dates). A feature that is gone changes the own
    signature of the stories that shared it, so they are worked out again on that account.

    A feature carrying at most `cap` stories whose list, but for stories new to the cache (not
    in its `stories`, by `names`), is the recorded one, with the same weight, has only gained
    candidates: the new stories. A story it moved, and no other feature moved, keeps the scores
    of its old candidates, so its list is its old one merged with the new stories (merge_new).
    """
    moved = np.zeros(len(times), dtype=bool)
    hard = np.zeros(len(times), dtype=bool)  # moved by a feature that did more than gain new stories
    grown: dict[str, np.ndarray] = {}
    digests: dict[str, str] = {}
    kept: dict[str, tuple[float, np.ndarray, np.ndarray]] = {}
    known = cache.stories
    is_new: np.ndarray | None = None
    for feature, posting in postings.items():
        ids, dates = tiebreak[posting], times[posting]
        digest = digests[feature] = feature_digest(feature, weights[feature], ids, dates)
        if len(posting) > cap:
            kept[feature] = (weights[feature], ids, dates)
        before_digest = cache.features.get(feature)
        if before_digest == digest:
            continue
        if len(posting) <= cap:
            moved[posting] = True
            if before_digest is not None and names and known:
                if is_new is None:
                    is_new = np.array([name not in known for name in names], dtype=bool)
                old = ~is_new[posting]
                if not old.all() and feature_digest(feature, weights[feature], ids[old], dates[old]) == before_digest:
                    grown[feature] = posting[~old]
                    continue
            hard[posting] = True
            continue
        before = cache.postings.get(feature)
        if before is None or before[0] != weights[feature] or len(before[1]) <= cap:
            moved[posting] = hard[posting] = True
            continue
        window_changed = posting[window_moved(before[1], before[2], ids, dates, cap)]
        moved[window_changed] = hard[window_changed] = True
    cache.features, cache.postings = digests, kept
    # The stories new to the cache have no list in it: they are worked out whole.
    return moved, moved & ~hard, grown


def window_moved(old_ids: np.ndarray, old_dates: np.ndarray, ids: np.ndarray, dates: np.ndarray,
                 cap: int) -> np.ndarray:
    """For each entry of a posting list (ids and dates, in date order), whether its window of the
    `cap` entries nearest its date differs from the window the same date finds in the old list."""
    new_start = windows(dates, dates, cap)
    old_start = windows(old_dates, dates, cap)
    # Where each entry was in the old list (-1: not there, or with another date).
    order = np.argsort(old_ids, kind="stable")
    found = np.clip(np.searchsorted(old_ids, ids, sorter=order), 0, len(old_ids) - 1)
    was = order[found]
    was = np.where((old_ids[was] == ids) & (old_dates[was] == dates), was, -1)
    # A window is the old one when it starts at the old start and runs on unbroken from there.
    unbroken = np.ones(len(ids), dtype=bool)
    unbroken[1:] = (was[1:] == was[:-1] + 1) & (was[1:] >= 0)
    breaks = np.cumsum(~unbroken)
    last = new_start + cap - 1
    return (was[new_start] != old_start) | (breaks[last] != breaks[new_start])


def feature_digest(feature: str, weight: float, ids: np.ndarray, times: np.ndarray) -> str:
    """A feature's whole posting list (ids and dates, in date order) and weight."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{feature}\x00{weight!r}".encode("utf-8", "surrogatepass"))
    h.update(ids.tobytes())
    h.update(times.tobytes())
    return h.hexdigest()


def own_signature(count: int, cap: int, time: float, name: str, shared: list[str]) -> str:
    """A story's own part of its key: count, cap, date, id and the features it shares with others."""
    text = "\x00".join([f"{count}|{cap}|{time!r}|{name}", *shared])
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
