"""The scale benchmark: `python scripts/bench.py --articles 10000` (or `make bench`, `newsarchive bench`).

Generates a seed corpus, then measures ingest, the site build (with its search, cards, feeds and
entity parts), an incremental rebuild after one new article, and stock Pelican on the same
articles; prints a table and writes JSON. See newsarchive/bench.py.
"""

import sys

from newsarchive.bench import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
