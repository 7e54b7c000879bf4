"""Related stories: shared entities, tags and category, each weighted by its rarity (IDF).

A person named in three stories says far more about what two stories share than "United States"
named in half the archive, so each shared feature adds log(1 + S / df) to a candidate's score, where
df is how many stories carry it and S the number of stories, both above 16 rounded down to a power
of 1.1 (see `rarity`): a new story then changes the weights of its own features only (and all
weights once in a 10% growth of the archive). Ties go to the story nearest in date, then to a
stable id (a hash of the story's URL), never to a position in a list.

Cost stays linear in the archive: an inverted index maps each feature to the stories carrying it,
in date order; a feature carried by more than `cap` stories (a common and so nearly weightless one)
contributes only its `cap` stories nearest in date (found by binary search). Scores are summed with
numpy over the concatenated postings, and the top `count` picked by one sort of the candidates
that can make it.

With a `cache` (`RelatedCache`), the index and the lists are kept from one build to the next and
brought up to date by the stories that came, went or changed (date or features): only the posting
lists of their features are updated, and only the stories whose candidates those changes moved are
looked at again (every story carrying a changed feature, or for a common, capped one the stories
whose window of nearest candidates moved). A story that only gained candidates (its list holds no
story that left one of its windows or changed, and no weight of its features changed) keeps the
scores of its list: the candidates it gained are scored alone and merged in. The others are scored
again whole. The work is that of the change, not of the archive, beyond one comparison of each
story's date and features with the kept ones.
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np


@dataclass
class RelatedCache:
    """What one build leaves the next, by slot. A story keeps its slot from build to build and a
    new one takes one at the end (the slots are numbered afresh once a quarter of them are the
    gaps of stories gone), so the posting lists of the features no story changed stay as they are. Per slot: the story's id (None once it is gone), stable id, date, features as given,
    and its related list (slots, best first) with their scores; per feature the slots carrying it,
    in date order; and the options (count, cap, scale) the lists were made with."""

    ids: list[str | None] = field(default_factory=list)
    ties: list[int] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    features: list[list[str]] = field(default_factory=list)
    related: list[list[int]] = field(default_factory=list)
    scores: list[list[float]] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)
    options: list[float] = field(default_factory=list)
    computed: int = 0  # stories whose list the last call worked out whole
    merged: int = 0  # ... and stories whose list it merged with the candidates they gained


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


def weight(scale: float, df: int) -> float:
    return math.log(1 + scale / rarity(df))


class Scorer:
    """Scores a story against the posting lists (of slots) of the features it shares."""

    def __init__(self, postings: dict[str, list[int]], times: Sequence[float], ties: Sequence[int],
                 count: int, cap: int, scale: float) -> None:
        self.postings, self.count, self.cap, self.scale = postings, count, cap, scale
        self.time_list, self.tie_list = times, ties
        self.times = np.asarray(times, dtype=np.float64)
        self.ties = np.asarray(ties, dtype=np.int64)
        self.arrays: dict[str, tuple[np.ndarray, float, list[float] | None]] = {}

    def shared(self, features: Sequence[str]) -> list[str]:
        """The story's features some other story carries too, sorted (the order scores add up in)."""
        if self.count <= 0:
            return []
        return [f for f in sorted(set(features)) if len(self.postings.get(f, ())) > 1]

    def posting(self, feature: str) -> tuple[np.ndarray, float, list[float] | None]:
        """The feature's posting list as an array, its weight and, when capped, the dates to search."""
        found = self.arrays.get(feature)
        if found is None:
            slots = self.postings[feature]
            array = np.asarray(slots, dtype=np.int64)
            # Python floats: the binary search reads a few of them per story, faster than numpy scalars.
            keys = self.times[array].tolist() if len(slots) > self.cap else None
            found = self.arrays[feature] = (array, weight(self.scale, len(slots)), keys)
        return found

    def best(self, slot: int, time: float, shared: list[str]) -> tuple[list[int], list[float]]:
        """The story's `count` best candidates (slots), best first, with their scores."""
        if not shared:
            return [], []
        windows_, weight_list = [], []
        for feature in shared:
            posting, feature_weight, keys = self.posting(feature)
            if keys is not None:
                start = window(keys, time, self.cap)
                posting = posting[start : start + self.cap]
            windows_.append(posting)
            weight_list.append(feature_weight)
        candidates = np.concatenate(windows_)
        weights = np.repeat(np.array(weight_list), [len(w) for w in windows_])
        sums = np.bincount(candidates, weights=weights, minlength=len(self.times))  # every weight is above 0
        sums[slot] = 0.0
        unique = np.flatnonzero(sums)
        scores = np.round(sums[unique], 9)
        count = self.count
        if len(unique) > count:  # only the candidates that can make the top `count` are sorted
            least = np.partition(scores, len(scores) - count)[len(scores) - count]
            top = scores >= least
            unique, scores = unique[top], scores[top]
        distance = np.abs(self.times[unique] - time)
        order = np.lexsort((self.ties[unique], distance, -scores))[:count]
        return unique[order].tolist(), scores[order].tolist()

    def scores_of(self, slot: int, time: float, shared: list[str], others: set[int],
                  features: list[list[str]]) -> dict[int, float]:
        """The scores `best` gives the `others` (slots): each feature's weight added in the same
        order, for the features whose posting list (or, capped, the story's window of it) holds them."""
        starts: dict[str, int] = {}
        found: dict[int, float] = {}
        times, ties = self.time_list, self.tie_list
        for other in sorted(others - {slot}):
            carried, total = set(features[other]), 0.0
            for feature in shared:
                if feature not in carried:
                    continue
                _, feature_weight, keys = self.posting(feature)
                if keys is not None:
                    start = starts.get(feature)
                    if start is None:
                        start = starts[feature] = window(keys, time, self.cap)
                    at = bisect.bisect_left(self.postings[feature], (times[other], ties[other]),
                                            key=lambda s: (times[s], ties[s]))
                    if not start <= at < start + self.cap:
                        continue
                total += feature_weight
            if total:
                found[other] = total
        return found

    def merged(self, time: float, old: list[int], old_scores: list[float],
               gained: dict[int, float]) -> tuple[list[int], list[float]]:
        """A list from the last one (its scores unchanged) and the candidates scored again,
        ranked as `best` ranks (scores rounded the same way)."""
        kept = [index for index, other in enumerate(old) if other not in gained]
        unique = np.array([old[i] for i in kept] + list(gained), dtype=np.int64)
        if not len(unique):
            return [], []
        scores = np.concatenate([np.array([old_scores[i] for i in kept], dtype=np.float64),
                                 np.round(np.array(list(gained.values()), dtype=np.float64), 9)])
        distance = np.abs(self.times[unique] - time)
        order = np.lexsort((self.ties[unique], distance, -scores))[: self.count]
        return unique[order].tolist(), scores[order].tolist()


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
    cache (used only with `ids`) is brought up to this call's stories in place.
    """
    total = len(features)
    scale = rarity(total) if scale is None else float(scale)
    options = [count, cap, scale]
    features = [own if isinstance(own, list) else list(own) for own in features]
    if ids is None or cache is None:
        names = list(ids) if ids is not None else [str(i) for i in range(total)]
        ties = [stable_id(n) for n in names] if ids is not None else list(range(total))
        return work_out_all(names, ties, features, times, options).related
    if cache.options != options or not cache.ids:
        fresh = work_out_all(list(ids), [stable_id(n) for n in ids], features, times, options)
        for name in fields(fresh):
            setattr(cache, name.name, getattr(fresh, name.name))
        return [list(best) for best in cache.related]
    here = bring_up_to_date(cache, ids, features, times)
    index_of = [-1] * len(cache.ids)
    for index, slot in enumerate(here):
        index_of[slot] = index
    return [[index_of[other] for other in cache.related[slot]] for slot in here]


def work_out_all(names: list[str], ties: list[int], features: list[list[str]], times: Sequence[float],
                 options: list[float]) -> RelatedCache:
    """Every story's list, the stories in slots in their order."""
    count, cap, scale = int(options[0]), int(options[1]), options[2]
    postings = dict(build_postings(features, times, ties))
    result = RelatedCache(names, ties, [float(t) for t in times], features, [], [], postings, options)
    scorer = Scorer(postings, times, ties, count, cap, scale)
    for slot, own in enumerate(features):
        best, scores = scorer.best(slot, times[slot], scorer.shared(own))
        result.related.append(best)
        result.scores.append(scores)
    result.computed = len(features)
    return result


def bring_up_to_date(cache: RelatedCache, ids: Sequence[str], features: list[list[str]],
                     times: Sequence[float]) -> list[int]:
    """Bring the cache to these stories (see RelatedCache); each story's slot, in their order."""
    count, cap, scale = int(cache.options[0]), int(cache.options[1]), cache.options[2]
    slot_of = {name: slot for slot, name in enumerate(cache.ids) if name is not None}
    old_times = np.asarray(cache.times, dtype=np.float64)
    before: dict[int, list[str]] = {}  # the slots of the stories that came, went or changed: their old features
    here: list[int] = []
    for index, name in enumerate(ids):
        slot = slot_of.pop(name, None)
        own, time = features[index], float(times[index])
        if slot is None:
            slot = len(cache.ids)
            cache.ids.append(name)
            cache.ties.append(stable_id(name))
            cache.times.append(time)
            cache.features.append(own)
            cache.related.append([])
            cache.scores.append([])
            before[slot] = []
        elif cache.times[slot] != time or cache.features[slot] != own:
            before[slot] = cache.features[slot]
            cache.times[slot], cache.features[slot] = time, own
        here.append(slot)
    gone = set(slot_of.values())
    for slot in gone:
        before[slot] = cache.features[slot]
        cache.ids[slot], cache.features[slot], cache.related[slot], cache.scores[slot] = None, [], [], []
    moved = moved_stories(cache, before, old_times, cap, scale)
    scorer = Scorer(cache.postings, cache.times, cache.ties, count, cap, scale)
    cache.computed = cache.merged = 0
    for slot in sorted((moved.keys() | before.keys()) - gone):
        time, shared = cache.times[slot], scorer.shared(cache.features[slot])
        gained = moved.get(slot)
        if gained is None or slot in before or len(cache.scores[slot]) != len(cache.related[slot]) \
                or any(other in before for other in cache.related[slot]):
            cache.related[slot], cache.scores[slot] = scorer.best(slot, time, shared)
            cache.computed += 1
        else:
            scores = scorer.scores_of(slot, time, shared, gained, cache.features)
            cache.related[slot], cache.scores[slot] = scorer.merged(time, cache.related[slot], cache.scores[slot], scores)
            cache.merged += 1
    if 4 * (len(cache.ids) - len(here)) > len(cache.ids):
        here = compact(cache, here)
    return here


def moved_stories(cache: RelatedCache, before: dict[int, list[str]], old_times: np.ndarray, cap: int,
                  scale: float) -> dict[int, set[int] | None]:
    """Update the posting lists of the features of the stories that came, went or changed
    (`before`: their slots and old features; the cache holds their new ones), and return the
    other stories whose candidates that moved: each with the candidates it gained, to be scored
    and merged into its list, or None when its list must be worked out again.

    A feature whose weight changed, or that is capped now and was not (or the other way), moves
    every story carrying it (None). One carrying at most `cap` stories gives every story carrying
    it the stories that came to it (those that left it are stories that went or changed: a list
    holding one is worked out again). A capped one gives each story its window of the `cap`
    nearest in date: a story counts only where its window now differs from the one the same date
    found in the old posting list (other ids or dates), gaining the stories that came into it; one
    whose list holds a story that left it is worked out again.
    """
    changed = set(before)
    entering: dict[str, list[int]] = defaultdict(list)
    touched: set[str] = set()
    for slot, old in before.items():
        touched.update(old)
        if cache.ids[slot] is not None:
            touched.update(cache.features[slot])
            for feature in set(cache.features[slot]):
                entering[feature].append(slot)
    times, ties = cache.times, cache.ties
    time_array, tie_array = np.asarray(times, dtype=np.float64), np.asarray(ties, dtype=np.int64)
    moved: dict[int, set[int] | None] = {}

    def gain(slot: int, others: Any) -> None:
        if slot not in changed and (found := moved.setdefault(slot, set())) is not None:
            found.update(others)

    for feature in sorted(touched):
        old = cache.postings.get(feature, [])
        new = [slot for slot in old if slot not in changed]
        for slot in entering.get(feature, ()):
            bisect.insort(new, slot, key=lambda s: (times[s], ties[s]))
        if new:
            cache.postings[feature] = new
        else:
            cache.postings.pop(feature, None)
        if len(old) <= 1 and len(new) <= 1:
            continue  # no other story shares it, before or now
        if len(old) <= 1 or len(new) <= 1 or weight(scale, len(old)) != weight(scale, len(new)) \
                or (len(old) > cap) != (len(new) > cap):
            moved.update(dict.fromkeys(new))
        elif len(new) <= cap:
            for slot in new:
                gain(slot, entering.get(feature, ()))
        else:
            old_slots, new_slots = np.asarray(old, dtype=np.int64), np.asarray(new, dtype=np.int64)
            for index, came, left in window_changes(tie_array[old_slots], old_times[old_slots],
                                                    tie_array[new_slots], time_array[new_slots], cap):
                slot = new[index]
                if not set(old_slots[left].tolist()).isdisjoint(cache.related[slot]):
                    moved[slot] = None
                else:
                    gain(slot, new_slots[came].tolist())
    return moved


def compact(cache: RelatedCache, here: list[int]) -> list[int]:
    """Renumber the slots of the stories there are (in their old order), leaving no gaps."""
    kept = sorted(here)
    renumber = {old: new for new, old in enumerate(kept)}
    for name in ("ids", "ties", "times", "features", "scores"):
        values = getattr(cache, name)
        setattr(cache, name, [values[slot] for slot in kept])
    cache.related = [[renumber[other] for other in cache.related[slot]] for slot in kept]
    cache.postings = {f: [renumber[slot] for slot in slots] for f, slots in cache.postings.items()}
    return [renumber[slot] for slot in here]


def window_changes(old_ids: np.ndarray, old_dates: np.ndarray, ids: np.ndarray, dates: np.ndarray,
                   cap: int) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """For each entry of a posting list (ids and dates, in date order) whose window of the `cap`
    entries nearest its date differs from the window the same date finds in the old list: its
    index, the indices of the entries that came into its window and those (in the old list) that
    left it."""
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
    for index in np.flatnonzero((was[new_start] != old_start) | (breaks[last] != breaks[new_start])).tolist():
        start, old = int(new_start[index]), int(old_start[index])
        held = was[start : start + cap]
        inside = (held >= old) & (held < old + cap)
        kept = np.zeros(cap, dtype=bool)
        kept[held[inside] - old] = True
        yield index, np.flatnonzero(~inside) + start, np.flatnonzero(~kept) + old
