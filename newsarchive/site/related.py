"""Related stories: shared entities, tags and category, each weighted by its rarity (IDF).

A person named in three stories says far more about what two stories share than "United States"
named in half the archive, so each shared feature adds log(1 + N / df) to a candidate's score, where
df is how many stories carry it. Ties go to the story nearest in date.

Cost stays linear in the archive: a feature carried by more than `cap` stories (a common and so
nearly weightless one) contributes only its `cap` stories nearest in date to the candidates.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence


def build_postings(features: Sequence[Sequence[str]], times: Sequence[float]) -> dict[str, list[int]]:
    """Feature → story indices carrying it, ordered by time."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index in sorted(range(len(features)), key=lambda i: times[i]):
        for feature in set(features[index]):
            postings[feature].append(index)
    return postings


def nearest(posting: list[int], keys: list[float], time: float, cap: int) -> list[int]:
    """The `cap` entries of a time-ordered posting list nearest to `time` (a window grown outwards)."""
    if len(posting) <= cap:
        return posting
    low = high = bisect_left(keys, time)
    while high - low < cap:
        if high >= len(keys) or (low > 0 and time - keys[low - 1] <= keys[high] - time):
            low -= 1
        else:
            high += 1
    return posting[low:high]


def related_stories(
    features: Sequence[Sequence[str]],
    times: Sequence[float],
    count: int = 5,
    cap: int = 400,
) -> list[list[int]]:
    """For each story, the indices of its `count` most related stories, best first."""
    total = len(features)
    postings = build_postings(features, times)
    keys = {f: [times[i] for i in p] for f, p in postings.items() if len(p) > cap}
    idf = {f: math.log(1 + total / len(p)) for f, p in postings.items()}
    result: list[list[int]] = []
    for index, own in enumerate(features):
        scores: dict[int, float] = defaultdict(float)
        for feature in set(own):
            posting = postings[feature]
            if len(posting) < 2:
                continue
            if feature in keys:
                posting = nearest(posting, keys[feature], times[index], cap)
            for other in posting:
                if other != index:
                    scores[other] += idf[feature]
        best = heapq.nsmallest(
            count, scores, key=lambda o: (-round(scores[o], 9), abs(times[o] - times[index]), o)
        )
        result.append(best)
    return result
