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
numpy over the concatenated postings, and the top `count` picked by one sort of the candidates.

With a `cache` (`RelatedCache`), a story whose key is unchanged keeps its list without scoring:
the key covers its features, their weights, the ids and dates of the candidates each feature
contributes, and its own date, so it changes exactly when the result could. The cache also keeps a
digest of every feature's whole posting list and weight: a story whose own features and date are
the ones recorded and whose features' digests are all unchanged would get the key it has, so it
keeps its list without even working the key out (its windows, its hashing). When one story
arrives, only the stories sharing a feature with it are looked at.
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
    """What one build leaves the next: per story id (key, related ids, own signature); per
    feature the digest of its posting list and weight."""

    stories: dict[str, tuple[str, list[str], str]] = field(default_factory=dict)
    features: dict[str, str] = field(default_factory=dict)
    keyed: int = 0  # stories whose key the last call had to work out


def build_postings(features: Sequence[Sequence[str]], times: Sequence[float]) -> dict[str, list[int]]:
    """Feature → story indices carrying it, ordered by time."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index in sorted(range(len(features)), key=lambda i: times[i]):
        for feature in set(features[index]):
            postings[feature].append(index)
    return postings


def window(keys: Any, time: float, cap: int) -> int:
    """Start of the `cap` consecutive entries of the sorted `keys` nearest to `time` (ties: earlier)."""
    low, high = 0, len(keys) - cap
    while low < high:
        middle = (low + high) // 2
        if time - keys[middle] > keys[middle + cap] - time:
            low = middle + 1
        else:
            high = middle
    return low


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
    cache is updated in place.
    """
    total = len(features)
    scale = rarity(total) if scale is None else float(scale)
    names = list(ids) if ids is not None else [str(i) for i in range(total)]
    tiebreak = np.array([stable_id(n) for n in names] if ids is not None else range(total), dtype=np.int64)
    position = {name: index for index, name in enumerate(names)}
    time_array = np.asarray(times, dtype=np.float64)
    postings = {f: np.asarray(p, dtype=np.int64) for f, p in build_postings(features, times).items() if len(p) > 1}
    # Python floats: the binary search reads a few of them per story, faster than numpy scalars.
    keys = {f: time_array[p].tolist() for f, p in postings.items() if len(p) > cap}
    weights = {f: math.log(1 + scale / rarity(len(p))) for f, p in postings.items()}
    # What a feature's candidates contribute to a story's key, worked out once per feature (and
    # per window, for the common features whose candidates depend on the story's date).
    contributions: dict[tuple[str, int], bytes] = {}
    digests: dict[str, str] = {}
    if cache is not None:
        digests = {f: feature_digest(f, weights[f], tiebreak[p], time_array[p]) for f, p in postings.items()}
        before, cache.features = cache.features, digests
        cache.keyed = 0

    def contribution(feature: str, start: int, posting: Any) -> bytes:
        found = contributions.get((feature, start))
        if found is None:
            h = hashlib.blake2b(digest_size=16)
            h.update(f"\x00{feature}\x00{weights[feature]!r}".encode("utf-8", "surrogatepass"))
            h.update(tiebreak[posting].tobytes())
            h.update(time_array[posting].tobytes())
            found = contributions[(feature, start)] = h.digest()
        return found

    result: list[list[int]] = []
    for index, own in enumerate(features):
        time = times[index]
        shared = [f for f in sorted(set(own)) if f in postings]
        if not shared or count <= 0:
            result.append([])
            continue
        key = own_sig = ""
        cached = None
        if cache is not None:
            own_sig = own_signature(count, cap, time, names[index], shared)
            cached = cache.stories.get(names[index])
            if (cached is not None and cached[2] == own_sig and all(before.get(f) == digests[f] for f in shared)
                    and all(n in position for n in cached[1])):
                result.append([position[n] for n in cached[1]])
                continue
        windows, starts = [], []
        for feature in shared:
            posting = postings[feature]
            start = 0
            if feature in keys:
                start = window(keys[feature], time, cap)
                posting = posting[start : start + cap]
            windows.append(posting)
            starts.append(start)
        if cache is not None:
            cache.keyed += 1
            h = hashlib.blake2b(digest_size=16)
            h.update(f"{count}|{time!r}|{names[index]}".encode("utf-8", "surrogatepass"))
            for feature, start, posting in zip(shared, starts, windows):
                h.update(contribution(feature, start, posting))
            key = h.hexdigest()
            if cached is not None and cached[0] == key and all(n in position for n in cached[1]):
                cache.stories[names[index]] = (key, cached[1], own_sig)
                result.append([position[n] for n in cached[1]])
                continue
        candidates = np.concatenate(windows)
        weight = np.repeat(np.array([weights[f] for f in shared]), [len(w) for w in windows])
        unique, inverse = np.unique(candidates, return_inverse=True)
        scores = np.round(np.bincount(inverse, weights=weight), 9)
        others = unique != index
        unique, scores = unique[others], scores[others]
        distance = np.abs(time_array[unique] - time)
        order = np.lexsort((tiebreak[unique], distance, -scores))[:count]
        best = unique[order].tolist()
        result.append(best)
        if cache is not None:
            cache.stories[names[index]] = (key, [names[i] for i in best], own_sig)
    return result


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
