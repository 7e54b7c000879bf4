"""Article sentences labelled from the hand-made entity labels, as training data for the CRF.

Each labelled article is parsed the way ingest parses it and split into the sentences the entity
step tags (headline, caption, body; title-case headlines written as sentences). Every occurrence
of a label's names and aliases is marked with its type, longest first, whole tokens, case kept;
everything else is O. The model so learns modern news pages and the labelling guidelines'
conventions, which the Reuters sentences of CoNLL-2003 cannot teach.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..parse import parse_seed
from ..seeds import read_seed
from .conll import Sentence
from .features import DocStats
from .sentences import article_sentences, headline_like, sentence_case
from .tokens import sentences_of

log = logging.getLogger(__name__)

GOLD_TYPES = {"P": "PER", "O": "ORG", "L": "LOC"}
OPTIONAL_NAMED = {"people": "PER", "person": "PER", "organizations": "ORG", "organization": "ORG", "places": "LOC", "place": "LOC"}
# Optional policies: 'drop' leaves out sentences that hold an optional person, organisation or
# place; 'type' marks them with that type. Other optional items (nationality, product, event,
# law, work, other) are always MISC, the CoNLL type for them.
OPTIONAL_POLICIES = ("drop", "type")


@dataclass
class ArticleLabels:
    """One labelled article: its path under the shared folder, typed names, optional names."""

    path: str
    entities: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (P/O/L, name and aliases)
    optional: list[tuple[str, str]] = field(default_factory=list)  # (name or alias, optional type)

    @property
    def names(self) -> list[tuple[str, str]]:
        """Every gold name and alias with its tag type (PER/ORG/LOC)."""
        return [(name, GOLD_TYPES[kind]) for kind, names in self.entities for name in names]


@dataclass(frozen=True)
class ArticleDocument:
    """An article's labelled sentences and the document statistics the tagger computes for it."""

    path: str
    sentences: list[Sentence]
    stats: DocStats


def parse_label_file(text: str) -> list[ArticleLabels]:
    """A labels file: '= PATH' starts an article, 'P|O|L Name | alias', '? type Name'."""
    articles: list[ArticleLabels] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("= "):
            articles.append(ArticleLabels(line[2:].strip()))
        elif line.startswith("? "):
            kind, _, names = line[2:].partition(" ")
            articles[-1].optional.extend((n.strip(), kind.strip()) for n in names.split("|") if n.strip())
        else:
            kind, _, names = line.partition(" ")
            articles[-1].entities.append((kind, tuple(n.strip() for n in names.split("|") if n.strip())))
    return articles


def name_forms(name: str) -> tuple[str, ...]:
    """A name as the tagger's token forms, without a possessive 's."""
    forms = tuple(t.form for s in sentences_of(name) for t in s)
    return forms[:-1] if forms[-1:] == ("'s",) else forms


def name_table(labels: ArticleLabels, policy: str) -> tuple[list[tuple[tuple[str, ...], str]], list[tuple[str, ...]]]:
    """(forms, tag type) to mark, longest first, and the optional forms whose sentences are dropped."""
    marked: dict[tuple[str, ...], str] = {}
    dropped: list[tuple[str, ...]] = []
    for name, kind in labels.names:
        marked.setdefault(name_forms(name), kind)
    for name, kind in labels.optional:
        forms = name_forms(name)
        named = OPTIONAL_NAMED.get(kind)
        if named is None:
            marked.setdefault(forms, "MISC")
        elif policy == "type":
            marked.setdefault(forms, named)
        else:
            dropped.append(forms)
    table = sorted(((f, k) for f, k in marked.items() if f), key=lambda item: (-len(item[0]), item[0]))
    return table, [f for f in dropped if f]


def mark_names(words: Sequence[str], table: Sequence[tuple[tuple[str, ...], str]]) -> list[str]:
    """IOB2 tags: each occurrence of a table name, longest first, left to right, never overlapping;
    a name written in full capitals ('HANOI, Vietnam (AP)') is an occurrence too."""
    tags = ["O"] * len(words)
    for forms, kind in table:
        size = len(forms)
        capitals = tuple(f.upper() for f in forms)
        for i in range(len(words) - size + 1):
            window = tuple(words[i : i + size])
            if (window == forms or (window == capitals and any(c.isalpha() for c in "".join(window)))) and all(t == "O" for t in tags[i : i + size]):
                tags[i : i + size] = ["B-" + kind] + ["I-" + kind] * (size - 1)
    return tags


def contains(words: Sequence[str], forms: tuple[str, ...]) -> bool:
    """Do the words hold this run of token forms?"""
    size = len(forms)
    return any(tuple(words[i : i + size]) == forms for i in range(len(words) - size + 1))


def body_text(shared: Path, path: str) -> str | None:
    """The true body of a dump (its truth file), as one line of token forms; None when there is none."""
    truth = shared / path.replace("/dumps/", "/truth/")
    if truth == shared / path or not truth.is_file():
        return None
    forms = [t.form for s in sentences_of(truth.read_text(encoding="utf-8", errors="replace")) for t in s]
    return " " + " ".join(forms) + " "


def article_document(shared: Path, labels: ArticleLabels, policy: str = "drop") -> ArticleDocument:
    """The labelled sentences of one article, as the entity step sees them: page furniture (a body
    line that is not in the dump's true body) and all-capitals lines are left out."""
    source = shared / labels.path
    article = parse_seed(read_seed(source, str(source)), allow_undated=True)
    sentences = article_sentences(article)
    stats = DocStats.of(s.words for s in sentences if s.region != "title")
    table, dropped = name_table(labels, policy)
    truth = body_text(shared, labels.path)
    kept: list[Sentence] = []
    for sentence in sentences:
        words = sentence.words
        if not words or all(w.isupper() or not w[:1].isalpha() for w in words):
            continue
        if truth is not None and sentence.region == "body" and " " + " ".join(words) + " " not in truth:
            continue
        if any(contains(words, forms) for forms in dropped):
            continue
        tagged = sentence_case(words, stats) if headline_like(sentence) else words
        kept.append(Sentence(tuple(tagged), tuple(mark_names(words, table))))
    return ArticleDocument(labels.path, kept, stats)


def article_documents(files: Iterable[Path], shared: Path, policy: str = "drop") -> list[ArticleDocument]:
    """The labelled documents of every article of the label files, in file order."""
    docs: list[ArticleDocument] = []
    for file in files:
        for labels in parse_label_file(file.read_text(encoding="utf-8")):
            docs.append(article_document(shared, labels, policy))
    log.info("%d labelled articles, %d sentences", len(docs), sum(len(d.sentences) for d in docs))
    return docs
