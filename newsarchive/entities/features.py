"""CRF features for a sentence: the word, its shape and affixes, word clusters, gazetteer matches,
names the training labels give, neighbouring words and document-level capitalisation evidence.
Training and tagging share this.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

MODEL_DIR = Path(__file__).parent / "model"
CLUSTERS_FILE = MODEL_DIR / "clusters.tsv"
GAZETTEER_FILE = MODEL_DIR / "gazetteer.tsv"
POS_FILE = MODEL_DIR / "pos.tsv"  # used by the topic tags, not by the entity features
LABELS_FILE = MODEL_DIR / "labels.tsv"  # names of the training labels, written with the model
HEADS_FILE = MODEL_DIR / "heads.tsv"  # last words of organisations' names, written with the model
MAX_GAZ_LEN = 4
COMMON_WORDS = 20_000
OFFSETS = (-2, -1, 1, 2)
PAIR_FEATURES = ("bi-1", "bi+1", "shsh-1", "shsh+1")
PAD = tuple((f"{off}w=<pad>",) for off in OFFSETS)
NAME_KINDS = ("first", "last")

PUNCT_RE = re.compile(r"^[^\w]+$")
CLUSTER_LEVELS = tuple(f"c{i}=" for i in range(16))


@dataclass(slots=True)
class Resources:
    """Word clusters and gazetteer entries the features look up."""

    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    gazetteer: dict[tuple[str, ...], str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # lower-case word → first / last / first+last
    cache: dict[str, WordInfo] = field(default_factory=dict)
    gazetteer_starts: dict[str, int] = field(default_factory=dict)  # first word → longest entry

    common: frozenset[str] = frozenset()  # frequent words the cluster corpus writes in lower case
    labels: NameTable | None = None  # names the training labels give, with their usual type
    mark_common: bool = True  # give a capitalised common word its mark (a training option)
    mark_after_first: bool = True  # mark a word the document writes after a first name (a training option)
    org_heads: frozenset[str] = frozenset()  # words that end organisations' names in the training labels

    def __post_init__(self) -> None:
        frequent = itertools.islice(self.clusters, COMMON_WORDS)  # the file lists words by frequency
        self.common = frozenset(word for word in frequent if word.islower())
        for key in self.gazetteer:
            self.gazetteer_starts[key[0]] = max(len(key), self.gazetteer_starts.get(key[0], 0))
    # When set (tagging), features the model has no weight for are never built: faster, same tags.
    known: frozenset[str] | None = None
    pairs: dict[str, dict[str, frozenset[str]]] | None = None  # feature → left → rights known

    def restrict(self, known: Iterable[str]) -> None:
        """Build only the features in `known` from now on."""
        self.known = frozenset(known)
        pairs: dict[str, dict[str, set[str]]] = {name: {} for name in PAIR_FEATURES}
        for feature in self.known:
            name, _, value = feature.partition("=")
            if name in pairs and "|" in value:
                left, _, right = value.rpartition("|")
                pairs[name].setdefault(left, set()).add(right)
        self.pairs = {name: {k: frozenset(v) for k, v in table.items()} for name, table in pairs.items()}
        self.cache.clear()

    def keep(self, features: Iterable[str]) -> tuple[str, ...]:
        if self.known is None:
            return tuple(features)
        return tuple(filter(self.known.__contains__, features))

    @classmethod
    def load(cls, model_dir: Path = MODEL_DIR) -> Resources:
        gazetteer, names = read_gazetteer(model_dir / GAZETTEER_FILE.name)
        res = cls(read_clusters(model_dir / CLUSTERS_FILE.name), gazetteer, names)
        res.labels = read_labels(model_dir / LABELS_FILE.name)
        heads = model_dir / HEADS_FILE.name
        if heads.is_file():
            res.org_heads = frozenset(heads.read_text(encoding="utf-8").split())
        return res


@dataclass(frozen=True, slots=True)
class NameTable:
    """Names as lower-case token tuples → a type, and each first word's longest entry: matched
    like the gazetteer, over capitalised words."""

    kinds: Mapping[tuple[str, ...], str | None]
    starts: Mapping[str, int]

    @classmethod
    def of(cls, kinds: Mapping[tuple[str, ...], str | None]) -> NameTable:
        starts: dict[str, int] = {}
        for key in kinds:
            starts[key[0]] = max(len(key), starts.get(key[0], 0))
        return cls(kinds, starts)


def read_labels(path: Path) -> NameTable | None:
    """type<TAB>name (lower case, tokens separated by spaces), as training wrote them."""
    if not path.is_file():
        return None
    kinds: dict[tuple[str, ...], str | None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        kind, name = line.split("\t", 1)
        kinds[tuple(name.split(" "))] = kind
    return NameTable.of(kinds)


@dataclass(frozen=True, slots=True)
class WordInfo:
    """What the features need of one word, computed once per distinct word."""

    lower: str
    shape: str
    clusters: tuple[str, ...]
    name: str  # first / last / first+last when a capitalised word is a known personal name
    own: tuple[str, ...]  # features of the word itself
    ctx: tuple[tuple[str, ...], ...]  # features it gives the word at each of OFFSETS from it
    capital: bool  # it starts with a capital letter


def read_clusters(path: Path) -> dict[str, tuple[str, ...]]:
    """word<TAB>cluster id at each granularity."""
    if not path.is_file():
        return {}
    clusters: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, *ids = line.split("\t")
        clusters[word] = tuple(ids)
    return clusters


def read_gazetteer(path: Path) -> tuple[dict[tuple[str, ...], str], dict[str, str]]:
    """kind<TAB>name (lower case, tokens separated by spaces): place names, and personal names."""
    places: dict[tuple[str, ...], str] = {}
    names: dict[str, str] = {}
    if not path.is_file():
        return places, names
    for line in path.read_text(encoding="utf-8").splitlines():
        kind, name = line.split("\t", 1)
        if kind in NAME_KINDS:
            names[name] = "first+last" if names.get(name, kind) != kind else kind
        else:
            places.setdefault(tuple(name.split(" ")), kind)
    return places, names


def word_shape(word: str) -> str:
    """Xxxx-like shape with runs collapsed: 'Blinken' → 'Xx', 'U.S.' → 'X.X.', '1996' → 'd'."""
    out: list[str] = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:8]


def word_type(word: str) -> str:
    """A coarse capitalisation class."""
    if word.isupper() and any(c.isalpha() for c in word):
        return "allcaps"
    if word[:1].isupper():
        return "mixed" if any(c.isupper() for c in word[1:]) else "title"
    if word[:1].islower():
        return "lower"
    if word[:1].isdigit():
        return "digit"
    return "punct" if PUNCT_RE.match(word) else "other"


def word_info(word: str, res: Resources) -> WordInfo:
    """Cached per-word features: its own, and those it gives its neighbours at each offset."""
    info = res.cache.get(word)
    if info is not None:
        return info
    lower = word.lower()
    shape = word_shape(word)
    clusters = res.clusters.get(word) or res.clusters.get(lower) or res.clusters.get(word.title()) or ()
    own = [
        "w=" + lower,
        "sh=" + shape,
        "ty=" + word_type(word),
        "p2=" + lower[:2],
        "p3=" + lower[:3],
        "s2=" + lower[-2:],
        "s3=" + lower[-3:],
        "s4=" + lower[-4:],
    ]
    if len(word) == 1:
        own.append("len1")
    if "-" in word:
        own.append("hyph")
    if not word.isalpha() and any(c.isdigit() for c in word):  # (a letter is never a digit)
        own.append("digit")
    capital = word[:1].isupper()
    if capital and res.mark_common and lower in res.common:
        own.append("common")  # a capitalised word the news mostly writes in lower case
    name = res.names.get(lower, "") if capital else ""
    if name:
        own.append("nm=" + name)
    if clusters:
        own.extend(CLUSTER_LEVELS[i] + c for i, c in enumerate(clusters))
    else:
        own.append("c=none")
    ctx = tuple(res.keep(near_features(off, lower, shape, clusters, name)) for off in OFFSETS)
    info = WordInfo(lower, shape, tuple(clusters), name, res.keep(own), ctx, capital)
    if len(res.cache) < 200_000:
        res.cache[word] = info
    return info


def near_features(off: int, lower: str, shape: str, clusters: Sequence[str], name: str) -> list[str]:
    """The features a word gives the word `off` places from it."""
    near = [f"{off}w={lower}"]
    if off in (-1, 1):
        near.append(f"{off}sh={shape}")
        if clusters:
            near.append(f"{off}c={clusters[-1]}")
        if name:
            near.append(f"{off}nm={name}")
    return near


@dataclass(frozen=True, slots=True)
class DocStats:
    """Capitalisation evidence from the whole document: how a word is written elsewhere."""

    lower_seen: frozenset[str]  # words written in lower case somewhere
    cap_mid: frozenset[str]  # words capitalised away from a sentence's start
    # capitalised word (lower case) → the capitalised words written right before it somewhere
    after: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # capitalised word (lower case) → the last words of the runs of capitalised words it stands in
    run_ends: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, sentences: Iterable[Sequence[str]]) -> DocStats:
        lower_seen: set[str] = set()
        cap_mid: set[str] = set()
        after: dict[str, set[str]] = {}
        run_ends: dict[str, set[str]] = {}
        for words in sentences:
            if not words or all(w.isupper() or not w[:1].isalpha() for w in words):
                continue  # all-caps headlines say nothing about case
            for run in capitalised_runs(words):
                for word in run[:-1]:
                    run_ends.setdefault(word.lower(), set()).add(run[-1].lower())
            for i, word in enumerate(words):
                if word[:1].islower():
                    lower_seen.add(word)
                elif i > 0 and word[:1].isupper() and words[i - 1] not in ('"', "'", "(", ":", "-", "--"):
                    cap_mid.add(word.lower())
                    if words[i - 1][:1].isupper():
                        after.setdefault(word.lower(), set()).add(words[i - 1].lower())
        return cls(frozenset(lower_seen), frozenset(cap_mid), {k: frozenset(v) for k, v in after.items()}, {k: frozenset(v) for k, v in run_ends.items()})

    def before_org_head(self, lower: str, res: Resources) -> bool:
        """The document writes this word in a name that ends in an organisation's last word
        ('Lowe 's Companies Inc.' makes every 'Lowe' part of a company's name)."""
        return not res.org_heads.isdisjoint(self.run_ends.get(lower, ()))

    def after_first_name(self, lower: str, res: Resources) -> bool:
        """The document writes this word right after a known first name somewhere ('Brandon
        Montour' makes every 'Montour' a surname): evidence for names the model never saw."""
        names = res.names
        return any(names.get(word, "").startswith("first") for word in self.after.get(lower, ()))


def capitalised_runs(words: Sequence[str]) -> list[Sequence[str]]:
    """Runs of two or more capitalised words ('&' and "'s" inside), from a sentence."""
    runs: list[Sequence[str]] = []
    start = None
    for i, word in enumerate([*words, ""]):
        inside = word[:1].isupper() or (start is not None and word in ("&", "'s"))
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            if i - start >= 2:
                runs.append(words[start:i])
            start = None
    return runs


def gazetteer_tags(lowers: Sequence[str], words: Sequence[str], res: Resources) -> list[str | None]:
    """B-/I- gazetteer kind per token, longest match first, only over capitalised spans."""
    return table_tags(lowers, words, res.gazetteer, res.gazetteer_starts)


def table_tags(lowers: Sequence[str], words: Sequence[str], gazetteer: Mapping[tuple[str, ...], str | None], longest: Mapping[str, int]) -> list[str | None]:
    """B-/I- kind per token of a name table, longest match first, only over capitalised spans."""
    tags: list[str | None] = [None] * len(lowers)
    i = 0
    n = len(lowers)
    while i < n:
        matched = 0
        if lowers[i] in longest and words[i][:1].isupper():
            for length in range(min(longest[lowers[i]], n - i), 0, -1):
                kind = gazetteer.get(tuple(lowers[i : i + length]))
                if kind is not None and words[i + length - 1][:1].isupper():
                    tags[i] = "B-" + kind
                    for j in range(i + 1, i + length):
                        tags[j] = "I-" + kind
                    matched = length
                    break
        i += matched or 1
    return tags


def sentence_features(words: Sequence[str], res: Resources, doc: DocStats | None = None, labels: NameTable | None = None) -> list[list[str]]:
    """One list of feature strings per word; `labels` stands in for the resources' table of
    labelled names (training masks each document's own names from it)."""
    cache = res.cache
    infos = [cache.get(w) or word_info(w, res) for w in words]
    lowers = [i.lower for i in infos]
    shapes = [i.shape for i in infos]
    n = len(words)
    gaz = gazetteer_tags(lowers, words, res)
    has_gaz = any(gaz)
    table = labels or res.labels
    named = table_tags(lowers, words, table.kinds, table.starts) if table is not None else [None] * n
    all_caps = all(w.isupper() or not w[:1].isalpha() for w in words)
    after_first = res.mark_after_first and (res.known is None or "doc:after_first" in res.known)
    org_run = bool(res.org_heads) and (res.known is None or "doc:org_run" in res.known)
    pairs = res.pairs
    out: list[list[str]] = []
    for i, info in enumerate(infos):
        f = [
            "bias",
            *info.own,
            *(infos[i - 2].ctx[0] if i >= 2 else PAD[0]),
            *(infos[i - 1].ctx[1] if i >= 1 else PAD[1]),
            *(infos[i + 1].ctx[2] if i + 1 < n else PAD[2]),
            *(infos[i + 2].ctx[3] if i + 2 < n else PAD[3]),
        ]
        if i == 0:
            f.append("BOS")
        elif i == 1 and words[0] in ('"', "'", "("):
            f.append("BOS+1")
        if i == n - 1:
            f.append("EOS")
        if all_caps:
            f.append("allcaps_sent")
        if has_gaz:
            if gaz[i]:
                f.append("gz=" + gaz[i])
            if i > 0 and gaz[i - 1]:
                f.append("-1gz=" + gaz[i - 1])
            if i + 1 < n and gaz[i + 1]:
                f.append("1gz=" + gaz[i + 1])
        if named[i]:
            f.append("tg=" + named[i])
        if i > 0 and named[i - 1]:
            f.append("-1tg=" + named[i - 1])
        if i + 1 < n and named[i + 1]:
            f.append("1tg=" + named[i + 1])
        # Two-word features; with a known-feature table, only those the model has a weight for.
        if i > 0:
            left, right = lowers[i - 1], lowers[i]
            if pairs is None or right in pairs["bi-1"].get(left, ()):
                f.append(f"bi-1={left}|{right}")
            left, right = shapes[i - 1], shapes[i]
            if pairs is None or right in pairs["shsh-1"].get(left, ()):
                f.append(f"shsh-1={left}|{right}")
        if i + 1 < n:
            left, right = lowers[i], lowers[i + 1]
            if pairs is None or right in pairs["bi+1"].get(left, ()):
                f.append(f"bi+1={left}|{right}")
            left, right = shapes[i], shapes[i + 1]
            if pairs is None or right in pairs["shsh+1"].get(left, ()):
                f.append(f"shsh+1={left}|{right}")
        if doc is not None and info.capital:
            if lowers[i] in doc.cap_mid:
                f.append("doc:cap_mid")
            if lowers[i] in doc.lower_seen:
                f.append("doc:lower_seen")
            if after_first and doc.after_first_name(lowers[i], res):
                f.append("doc:after_first")
            if org_run and doc.before_org_head(lowers[i], res):
                f.append("doc:org_run")
        out.append(f)
    return out
