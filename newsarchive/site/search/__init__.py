"""Client-side search: a lunr index, built at build time, cut into shards by term.

One lunr index over title and body is about 1.1 MB gzipped per 1,000 articles, and lunr.js must
download and parse all of it before the first result. Here the same index is cut up so a reader
downloads only what a query needs, the way Pagefind does:

- ``search/index.json``, the manifest: the fields, the first term of every shard, the category
  and year of every range of document numbers (documents are numbered by category, then date, so
  each filter value is a few ranges), and the names of the other files.
- ``search/shard-<hash>.json``, one per range of terms in JavaScript's sort order: for each term
  its lunr term index and, per field, its postings (document numbers, delta-coded) with the
  weight lunr would store for that term in that document's field vector. The weights are lunr's
  own BM25 scores with the global statistics, so none need reach the browser.
- ``search/terms-<hash>.json``, every term, fetched only for queries lunr must expand against the
  whole dictionary (fuzzy ``word~1``, leading or inner wildcards).
- ``search/doc/<n // 1000>/<n>.json``, one fragment per document, fetched only for results shown.

lunr.js itself ships with the theme (``theme/static/vendor/lunr``). In the browser,
``theme/static/js/search-engine.js`` loads the shards a query needs, builds a small ``lunr.Index``
over just the query's terms and lets lunr.js run the query: the scores and the order equal those
of one monolithic lunr index (tests compare them).

The modules, in the order a build uses them: ``analysis`` (terms from text, as lunr.js makes
them, with lunr.py), ``documents``, ``postings`` (counts and BM25 weights), ``cache`` (what the
last build analysed), ``shards``, ``fragments``, ``folder`` (files on disk), ``index`` (one build
of the folder) and ``plugin`` (Pelican's side). No Node is needed to build.
"""


def register() -> None:
    """Pelican's entry point (PLUGINS names this package)."""
    from .plugin import register as register_plugin

    register_plugin()
