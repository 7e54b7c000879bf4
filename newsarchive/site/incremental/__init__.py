"""Incremental builds: a page is rendered only when what it is made from has changed.

Pelican renders every page on every build; its content cache only saves re-reading the Markdown.
This plugin adds the other half. Each output page is a job whose inputs are declared by its
fingerprint (signatures.py: the stories it shows, the template values and templates it is made
from, the settings and the code); the writer (writer.py) skips a job whose fingerprint is the one
the last build recorded and deletes pages no job wrote, so the output equals a build into an empty
folder. What a build records between builds lives in one versioned store (store.py); what it
shares during the build lives in one object (newsarchive.site.state). plugin.py wires them to
Pelican's signals.
"""

from .plugin import enabled, file_memo, register, unit_writer
from .signatures import DEEP, OWN, OwnMemo, Signer
from .store import BuildStore, cache_file, cache_path
from .writer import IncrementalWriter

__all__ = ["DEEP", "OWN", "BuildStore", "IncrementalWriter", "OwnMemo", "Signer", "cache_file", "cache_path",
           "enabled", "file_memo", "register", "unit_writer"]
