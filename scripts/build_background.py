"""Build the topic tags' background table: in how many news texts each word and noun phrase occurs.

Reads a folder of plain news texts (`<category>/<name>.txt`: headline, blank line, paragraphs),
leaves out the held-out texts the topic sample may judge (`held_out`: one in five, by name), and writes
`newsarchive/data/background_df.tsv`: a `#documents` line, then `phrase<TAB>count` lines, lower
case, for single words seen in two texts or more and phrases of two or three words seen in three.

    python scripts/build_background.py ../shared/corpus/bbc
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
from collections import Counter
from pathlib import Path

from newsarchive.tags.phrases import background_keys
from newsarchive.tags.rules import BACKGROUND_FILE

log = logging.getLogger(__name__)
MIN_WORD_DOCS = 2
MIN_PHRASE_DOCS = 3
HELD_OUT_EVERY = 5


def held_out(name: str) -> bool:
    """One text in HELD_OUT_EVERY, chosen by a hash of its file name: kept out of the table so
    that the topic sample (scripts/sample_topics.py) can judge texts the table never saw."""
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) % HELD_OUT_EVERY == 0


def document_phrases(text: str) -> set[str]:
    """Every lower-case word and two- or three-word phrase of one text (see background_keys)."""
    found: set[str] = set()
    for paragraph in text.split("\n"):
        found.update(background_keys(paragraph))
    return found


def count_documents(folder: Path) -> tuple[int, Counter[str]]:
    """How many texts were read, and in how many each key occurs."""
    counts: Counter[str] = Counter()
    documents = 0
    for path in sorted(folder.glob("*/*.txt")):
        if held_out(path.name):
            continue
        counts.update(document_phrases(path.read_text(encoding="utf-8", errors="replace")))
        documents += 1
    return documents, counts


def write_table(documents: int, counts: Counter[str], dest: Path) -> int:
    """Write the kept rows sorted by key; return how many."""
    rows = sorted(
        (key, n) for key, n in counts.items()
        if n >= (MIN_PHRASE_DOCS if " " in key else MIN_WORD_DOCS)
    )
    lines = [f"#documents\t{documents}", *(f"{key}\t{n}" for key, n in rows)]
    dest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="folder of <category>/<name>.txt news texts")
    parser.add_argument("--dest", type=Path, default=BACKGROUND_FILE)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    documents, counts = count_documents(args.corpus)
    if not documents:
        log.error("no texts under %s", args.corpus)
        return 1
    rows = write_table(documents, counts, args.dest)
    log.info("%d texts, %d rows -> %s", documents, rows, args.dest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
