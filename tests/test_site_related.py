"""Related stories: shared features weighted by rarity, ties to the nearest date, bounded cost."""

from __future__ import annotations

import pytest

from newsarchive.site.related import RelatedCache, nearest, related_stories

DAY = 86_400.0


def test_a_rare_shared_entity_beats_a_common_one() -> None:
    features = [
        ["person:rare", "place:common"],   # 0
        ["person:rare"],                   # 1 shares the rare one
        ["place:common"],                  # 2 shares the common one
        ["place:common"],
        ["place:common"],
    ]
    assert related_stories(features, [0.0] * 5, count=2)[0] == [1, 2]


def test_more_shared_features_rank_higher() -> None:
    features = [["a", "b", "c"], ["a"], ["a", "b"], ["a", "b", "c"], ["z"]]
    assert related_stories(features, [0.0] * 5, count=4)[0] == [3, 2, 1]


def test_ties_go_to_the_nearest_date() -> None:
    features = [["a"], ["a"], ["a"], ["a"]]
    times = [10 * DAY, 1 * DAY, 9 * DAY, 30 * DAY]
    assert related_stories(features, times, count=3)[0] == [2, 1, 3]


@pytest.mark.parametrize("count", [0, 1, 5])
def test_never_itself_and_never_more_than_count(count: int) -> None:
    features = [["a", "b"]] * 10
    for index, best in enumerate(related_stories(features, [float(i) for i in range(10)], count=count)):
        assert index not in best and len(best) == count


def test_nothing_shared_means_nothing_related() -> None:
    assert related_stories([["a"], ["b"], []], [0.0, 0.0, 0.0]) == [[], [], []]


@pytest.mark.parametrize(
    "time, expected",
    [(0.0, [0, 1, 2]), (5.0, [4, 5, 6]), (100.0, [7, 8, 9]), (5.4, [4, 5, 6])],
)
def test_long_postings_are_cut_to_the_nearest_in_date(time: float, expected: list[int]) -> None:
    posting = list(range(10))
    keys = [float(i) for i in posting]
    assert nearest(posting, keys, time, 3) == expected


def test_a_feature_in_every_story_is_capped() -> None:
    """With a cap of 3, a story sees at most 3 candidates from a feature carried by all 50."""
    features = [["everywhere"] for _ in range(50)]
    best = related_stories(features, [float(i) for i in range(50)], count=10, cap=3)
    assert all(len(b) <= 3 for b in best)
    assert best[25] == [24, 26]


def test_cached_lists_equal_a_fresh_computation_after_a_story_arrives() -> None:
    """The cache keeps unchanged lists; with one story added the result is what no cache gives."""
    import random

    rng = random.Random(7)
    features = [[f"cat:{rng.randint(0, 3)}", *(f"tag:{rng.randint(0, 60)}" for _ in range(4)),
                 *(f"person:{rng.randint(0, 300)}" for _ in range(3))] for _ in range(400)]
    times = [rng.random() * 1e7 for _ in range(400)]
    ids = [f"story-{i}" for i in range(400)]
    cache = RelatedCache()
    first = related_stories(features, times, cap=40, ids=ids, cache=cache)
    assert related_stories(features, times, cap=40, ids=ids, cache=cache) == first
    assert cache.computed == 0
    # a new story, first in the list so every index shifts, sharing a few features of story 5
    features2, times2, ids2 = [features[5][:3], *features], [times[5] + 1, *times], ["new", *ids]
    cached = related_stories(features2, times2, cap=40, ids=ids2, cache=cache)
    assert cached == related_stories(features2, times2, cap=40, ids=ids2)
    assert 0 < cache.computed < 200  # most lists were kept, not worked out again


def test_only_stories_sharing_a_feature_with_a_new_one_are_looked_at_again() -> None:
    """A story none of whose features changed keeps its list without its key being worked out."""
    features = [[f"tag:{i // 10}", f"person:{i}"] for i in range(200)]  # ten stories per tag
    features[0].append("person:1")
    times = [float(i) for i in range(200)]
    ids = [f"s{i}" for i in range(200)]
    cache = RelatedCache()
    related_stories(features, times, ids=ids, cache=cache, scale=1000)
    assert cache.computed == 200
    related_stories(features, times, ids=ids, cache=cache, scale=1000)
    assert cache.computed == 0
    result = related_stories([*features, ["tag:3"]], [*times, 35.5], ids=[*ids, "new"], cache=cache, scale=1000)
    assert cache.computed == 11  # the ten stories tagged 3, and the new one
    assert result == related_stories([*features, ["tag:3"]], [*times, 35.5], ids=[*ids, "new"], scale=1000)


@pytest.mark.parametrize("seed", range(4))
def test_cached_lists_follow_every_kind_of_edit(seed: int) -> None:
    """Stories added, removed, retagged, redated, in any order: the cache never changes a result."""
    import random

    rng = random.Random(seed)

    def story() -> tuple[list[str], float]:
        return ([f"cat:{rng.randint(0, 2)}", *(f"tag:{rng.randint(0, 30)}" for _ in range(3)),
                 *(f"person:{rng.randint(0, 120)}" for _ in range(2))], float(rng.randint(0, 5000)))

    stories = {f"s{i}": story() for i in range(300)}
    cache, serial = RelatedCache(), 300
    for _ in range(6):
        for _ in range(rng.randint(1, 4)):
            action, name = rng.choice(("add", "remove", "retag", "redate")), rng.choice(sorted(stories))
            if action == "add":
                stories[f"s{serial}"], serial = story(), serial + 1
            elif action == "remove":
                del stories[name]
            elif action == "retag":
                stories[name] = (story()[0], stories[name][1])
            else:
                stories[name] = (stories[name][0], story()[1])
        ids = rng.sample(sorted(stories), len(stories))  # any order
        features, times = [stories[i][0] for i in ids], [stories[i][1] for i in ids]
        assert related_stories(features, times, cap=25, ids=ids, cache=cache) == \
            related_stories(features, times, cap=25, ids=ids)


def test_a_story_in_a_common_feature_is_scored_again_only_where_its_window_moved() -> None:
    """A section carried by every story is capped: a new story moves the windows of the stories
    nearest it in date only, and only those (with the stories sharing its rarer features) are
    scored again; the result is what no cache gives."""
    features = [["category:news", f"tag:{i % 50}"] for i in range(1000)]
    times = [float(i * 3600) for i in range(1000)]
    ids = [f"s{i}" for i in range(1000)]
    cache = RelatedCache()
    related_stories(features, times, cap=100, ids=ids, cache=cache, scale=5000)
    features2, times2, ids2 = [["category:news", "tag:7"], *features], [500.5 * 3600, *times], ["new", *ids]
    cached = related_stories(features2, times2, cap=100, ids=ids2, cache=cache, scale=5000)
    assert cached == related_stories(features2, times2, cap=100, ids=ids2, scale=5000)
    assert 0 < cache.computed + cache.merged <= 100 + 20 + 1  # the windows that took it in, tag 7's stories, the new one
    assert cache.merged > 0  # lists that only gained the new story are merged with it, not scored again


@pytest.mark.parametrize("seed", range(4))
def test_cached_lists_follow_stories_arriving_one_by_one(seed: int) -> None:
    """Common features, capped (sections: windows) or not (topics), rare ones, ties in score and
    date, stories arriving, some edited and some deleted between builds (the cache's slots
    renumbered once enough are gone): the cache never changes a result."""
    import random

    rng = random.Random(100 + seed)

    def story() -> tuple[list[str], float]:
        return ([f"cat:{rng.randint(0, 1)}", *(f"tag:{rng.randint(0, 6)}" for _ in range(2)),
                 f"person:{rng.randint(0, 60)}"], float(rng.randint(0, 400)))

    stories = {f"s{i}": story() for i in range(250)}
    cache = RelatedCache()
    for step in range(12):
        stories[f"n{step}"] = story()
        if step % 3 == 2:  # an edit too
            name = rng.choice(sorted(stories))
            stories[name] = (story()[0], stories[name][1])
        if step % 4 == 3:  # and a fifth of the stories gone
            for name in rng.sample(sorted(stories), len(stories) // 5):
                del stories[name]
        ids = rng.sample(sorted(stories), len(stories))
        features, times = [stories[i][0] for i in ids], [stories[i][1] for i in ids]
        assert related_stories(features, times, count=4, cap=110, ids=ids, cache=cache, scale=400) == \
            related_stories(features, times, count=4, cap=110, ids=ids, scale=400)
        assert 4 * cache.ids.count(None) <= len(cache.ids)  # gone stories' slots are given back


def test_lists_do_not_depend_on_the_order_of_the_stories() -> None:
    """Stories published at the same second, in a feature cut to the nearest few: with stable
    ids, which of them a window takes does not depend on the order the stories come in."""
    import random

    ids = [f"s{i}" for i in range(60)]
    story = {name: ([f"cat:{i % 2}", f"tag:{i % 5}"], float(i // 6)) for i, name in enumerate(ids)}  # six per second

    def lists(order: list[str]) -> dict[str, list[str]]:
        best = related_stories([story[n][0] for n in order], [story[n][1] for n in order], count=3, cap=4, ids=order)
        return {name: [order[i] for i in found] for name, found in zip(order, best)}

    shuffled = ids[:]
    random.Random(5).shuffle(shuffled)
    assert lists(ids) == lists(shuffled) == lists(ids[::-1])


def test_windows_finds_each_date_what_window_finds() -> None:
    """The vectorised window start is the binary search's, ties and ends included."""
    import random

    import numpy as np

    from newsarchive.site.related import window, windows

    rng = random.Random(3)
    for _ in range(50):
        keys = sorted(float(rng.randint(0, 40)) for _ in range(rng.randint(6, 30)))
        cap = rng.randint(1, len(keys) - 1)
        times = [float(rng.randint(-5, 45)) + rng.choice((0.0, 0.5)) for _ in range(20)]
        assert windows(np.array(keys), np.array(times), cap).tolist() == [window(keys, t, cap) for t in times]


@pytest.mark.parametrize("where", ["newest", "middle", "oldest"])
def test_a_story_in_a_common_feature_moves_only_the_windows_it_enters(where: str) -> None:
    """A feature carried by 1,000 stories, cut to the 20 nearest: a new one is looked at by the
    stories whose 20 nearest now include it, not by all 1,000; the result is what no cache gives."""
    features = [["everywhere", f"person:{i % 300}"] for i in range(1000)]
    times = [float(i) for i in range(1000)]
    ids = [f"s{i}" for i in range(1000)]
    cache = RelatedCache()
    related_stories(features, times, cap=20, ids=ids, cache=cache)
    assert cache.computed == 1000
    at = {"newest": 999.5, "middle": 500.5, "oldest": -1.0}[where]
    features2, times2, ids2 = [*features, ["everywhere"]], [*times, at], [*ids, "new"]
    cached = related_stories(features2, times2, cap=20, ids=ids2, cache=cache)
    assert cached == related_stories(features2, times2, cap=20, ids=ids2)
    assert cache.computed == 1  # the new story; the others' lists merged with it
    assert 1 < cache.computed + cache.merged <= 45  # about the 20 on each side whose window takes it in


def test_the_cache_file_keeps_what_the_next_build_needs_exactly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """What the next build reads back is what this one kept: ids and dates bit for bit, so a
    build that follows one from the file scores the same stories as one that kept it in memory."""
    from newsarchive.site.archive import (RELATED_CACHE_FORMAT, RELATED_FIELDS, load_related_cache,
                                          save_related_cache)
    from newsarchive.site.incremental.store import BuildStore

    features = [["everywhere", f"person:{i % 150}"] for i in range(300)]
    times = [1.7e9 + i * 3600.5 for i in range(300)]
    ids = [f"s{i}" for i in range(300)]
    cache = RelatedCache()
    related_stories(features, times, cap=20, ids=ids, cache=cache)
    store = BuildStore(tmp_path)
    save_related_cache(store, cache)
    loaded = load_related_cache(store)
    for name in RELATED_FIELDS:
        assert getattr(loaded, name) == getattr(cache, name)
    features2, times2, ids2 = [*features, ["everywhere"]], [*times, times[-1] + 1], [*ids, "new"]
    from_file = related_stories(features2, times2, cap=20, ids=ids2, cache=loaded)
    assert 0 < loaded.computed < 40
    assert from_file == related_stories(features2, times2, cap=20, ids=ids2)
    store.save("related", {"ids": ["s1"], "ties": [], "times": 3}, RELATED_CACHE_FORMAT)
    assert load_related_cache(store).ids == []  # unreadable: an empty cache, every list worked out
