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
PAIR_KINDS = ("bi", "shsh")  # two-word features: lower-case words, shapes
PAD = tuple((f"{off}w=<pad>",) for off in OFFSETS)
# A feature as the CRF reads it: a string, or its UTF-8 bytes once the resources are restricted to
# a model's features (CRFsuite would encode every string again on every call).
Feature = str | bytes
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
    # 'bi' / 'shsh' → (left, right) → the known features of the pair, for the right word and the left.
    pairs: dict[str, dict[tuple[str, str], tuple[bytes | None, bytes | None]]] | None = None

    def restrict(self, known: Iterable[str]) -> None:
        """Build only the features in `known` from now on."""
        self.known = frozenset(known)
        self.pairs = {kind: known_pairs(self.known, kind) for kind in PAIR_KINDS}
        self.cache.clear()

    def keep(self, features: Iterable[str]) -> tuple[Feature, ...]:
        """The features the model has a weight for, encoded (all of them, as strings, unrestricted)."""
        if self.known is None:
            return tuple(features)
        return tuple(f.encode() for f in features if f in self.known)

    @property
    def marks(self) -> Marks:
        """The fixed features in the form this resources' features take."""
        return ENCODED_MARKS if self.known is not None else MARKS

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
    own: tuple[Feature, ...]  # features of the word itself
    ctx: tuple[tuple[Feature, ...], ...]  # features it gives the word at each of OFFSETS from it
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
    n = len(lowers)
    free = 0  # the first word past the last match
    for i in [i for i, lower in enumerate(lowers) if lower in longest]:  # the few words that may open an entry
        if i < free or not words[i][:1].isupper():
            continue
        for length in range(min(longest[lowers[i]], n - i), 0, -1):
            kind = gazetteer.get(tuple(lowers[i : i + length]))
            if kind is not None and words[i + length - 1][:1].isupper():
                tags[i] = "B-" + kind
                for j in range(i + 1, i + length):
                    tags[j] = "I-" + kind
                free = i + length
                break
    return tags


def sentence_features(words: Sequence[str], res: Resources, doc: DocStats | None = None, labels: NameTable | None = None) -> list[list[Feature]]:
    """One list of features per word (UTF-8 bytes once the resources are restricted); `labels`
    stands in for the resources' table of labelled names (training masks each document's own)."""
    cache = res.cache
    infos = [cache.get(w) or word_info(w, res) for w in words]
    lowers = [i.lower for i in infos]
    marks = res.marks
    bias = marks.bias
    out = [[bias, *info.own, *far_left, *left, *right, *far_right] for info, far_left, left, right, far_right in zip(infos, *neighbour_features(infos, marks.pad), strict=True)]
    if not out:
        return out
    out[0].append(marks.bos)
    if len(out) > 1 and words[0] in ('"', "'", "("):
        out[1].append(marks.after_bos)
    out[-1].append(marks.eos)
    if all(w.isupper() or not w[:1].isalpha() for w in words):
        for f in out:
            f.append(marks.allcaps)
    add_table_marks(out, gazetteer_tags(lowers, words, res), ("gz=", "-1gz=", "1gz="), marks)
    table = labels or res.labels
    if table is not None:
        add_table_marks(out, table_tags(lowers, words, table.kinds, table.starts), ("tg=", "-1tg=", "1tg="), marks)
    add_pair_features(out, lowers, [i.shape for i in infos], res.pairs)
    if doc is not None:
        add_document_marks(out, infos, doc, res)
    return out


@dataclass(frozen=True, slots=True)
class Marks:
    """The features that are the same for every word that has them, as strings or as bytes."""

    bias: Feature
    bos: Feature
    after_bos: Feature
    eos: Feature
    allcaps: Feature
    pad: tuple[tuple[Feature], ...]  # what a missing word gives at each of OFFSETS
    cap_mid: Feature
    lower_seen: Feature
    after_first: Feature
    org_run: Feature
    encoded: bool

    @classmethod
    def of(cls, encoded: bool) -> Marks:
        form = str.encode if encoded else str
        names = ("bias", "BOS", "BOS+1", "EOS", "allcaps_sent")
        doc = ("doc:cap_mid", "doc:lower_seen", "doc:after_first", "doc:org_run")
        return cls(*map(form, names), tuple((form(p[0]),) for p in PAD), *map(form, doc), encoded)


MARKS = Marks.of(encoded=False)
ENCODED_MARKS = Marks.of(encoded=True)


def neighbour_features(infos: Sequence[WordInfo], pad: tuple[tuple[Feature], ...]) -> tuple[list[tuple[Feature, ...]], ...]:
    """What the words two and one before, and one and two after, give each word (padding past
    the sentence's ends): each a list aligned with the words."""
    n = len(infos)
    return (
        [pad[0]] * min(2, n) + [i.ctx[0] for i in infos[: max(n - 2, 0)]],
        [pad[1]] * min(1, n) + [i.ctx[1] for i in infos[: max(n - 1, 0)]],
        [i.ctx[2] for i in infos[1:]] + [pad[2]] * min(1, n),
        [i.ctx[3] for i in infos[2:]] + [pad[3]] * min(2, n),
    )


def add_table_marks(out: list[list[Feature]], tags: Sequence[str | None], prefixes: tuple[str, str, str], marks: Marks) -> None:
    """A name table's tag for each word, then its left and right neighbours' tags: one pass each
    over the tagged words only, so every word's features keep that order."""
    tagged = [(i, tag) for i, tag in enumerate(tags) if tag]
    last = len(out) - 1
    own, before, after = prefixes
    for i, tag in tagged:
        out[i].append(marks_text(own + tag, marks))
    for i, tag in tagged:
        if i < last:
            out[i + 1].append(marks_text(before + tag, marks))
    for i, tag in tagged:
        if i > 0:
            out[i - 1].append(marks_text(after + tag, marks))


def marks_text(feature: str, marks: Marks) -> Feature:
    """A feature built from text, in the form of the marks."""
    return feature.encode() if marks.encoded else feature


def known_pairs(known: frozenset[str], kind: str) -> dict[tuple[str, str], tuple[bytes | None, bytes | None]]:
    """The pairs of one kind the model has features for: (left, right) → the feature it gives the
    right word ('bi-1=left|right') and the left word ('bi+1=left|right'), encoded; None where none."""
    table: dict[tuple[str, str], tuple[bytes | None, bytes | None]] = {}
    for feature in known:
        name, _, value = feature.partition("=")
        if name in (kind + "-1", kind + "+1") and "|" in value:
            left, _, right = value.rpartition("|")
            back, ahead = table.get((left, right), (None, None))
            table[(left, right)] = (feature.encode(), ahead) if name.endswith("-1") else (back, feature.encode())
    return table


def add_pair_features(out: list[list[Feature]], lowers: Sequence[str], shapes: Sequence[str], pairs: Mapping[str, Mapping[tuple[str, str], tuple[Feature | None, Feature | None]]] | None) -> None:
    """Two-word features of each word with the one before and after: one look-up per pair of
    neighbours; with a known-feature table, only those the model has a weight for."""
    words, forms = (EveryPair("bi"), EveryPair("shsh")) if pairs is None else (pairs["bi"], pairs["shsh"])
    for i, (word_pair, shape_pair) in enumerate(zip(zip(lowers, lowers[1:]), zip(shapes, shapes[1:]))):
        back, ahead = words.get(word_pair, NO_PAIR)
        back_shape, ahead_shape = forms.get(shape_pair, NO_PAIR)
        if back:
            out[i + 1].append(back)
        if back_shape:
            out[i + 1].append(back_shape)
        if ahead:
            out[i].append(ahead)
        if ahead_shape:
            out[i].append(ahead_shape)


NO_PAIR: tuple[None, None] = (None, None)


class EveryPair(dict):
    """Gives every pair its features (for training, where no known-feature table limits them)."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def get(self, pair: tuple[str, str], default: object = None) -> tuple[str, str]:  # type: ignore[override]
        left, right = pair
        return f"{self.kind}-1={left}|{right}", f"{self.kind}+1={left}|{right}"


def add_document_marks(out: list[list[Feature]], infos: Sequence[WordInfo], doc: DocStats, res: Resources) -> None:
    """What the rest of the document says of each capitalised word: written in lower case or
    capitalised mid-sentence elsewhere, after a first name, in an organisation's name."""
    after_first = res.mark_after_first and (res.known is None or "doc:after_first" in res.known)
    org_run = bool(res.org_heads) and (res.known is None or "doc:org_run" in res.known)
    marks = res.marks
    for f, info in zip(out, infos, strict=True):
        if not info.capital:
            continue
        lower = info.lower
        if lower in doc.cap_mid:
            f.append(marks.cap_mid)
        if lower in doc.lower_seen:
            f.append(marks.lower_seen)
        if after_first and lower in doc.after and doc.after_first_name(lower, res):
            f.append(marks.after_first)
        if org_run and lower in doc.run_ends and doc.before_org_head(lower, res):
            f.append(marks.org_run)
