"""Write the entity rules' table of country and region names in the languages the rules serve.

    .venv/bin/python scripts/derive_territories.py

The names come from the Unicode CLDR through the Babel package (run offline, once; the package is
not needed at run time). Each line is `language<TAB>kind<TAB>name`: kind 'country' for a country or
territory, 'region' for a continent or a group of countries.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "newsarchive" / "entities" / "data" / "territories.tsv"
LANGUAGES = ("de", "es", "fr", "it", "nl", "pt", "id", "ms", "sv", "da", "no", "pl", "cs", "ro", "tr", "tl")
# The CLDR locale of a language the rules know by another code: Norwegian Bokmål, Filipino.
LOCALES = {"no": "nb", "tl": "fil"}
# Codes that name no place: the world, unions and groupings, the unknown region, outlying parts.
SKIPPED = frozenset({"001", "EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK"})
HEADER = (
    "# Country and region names in the languages the entity rules serve, as language<TAB>kind<TAB>name.\n"
    "# Derived by scripts/derive_territories.py from the Unicode CLDR (Unicode License v3); see README.md.\n"
)


def territory_rows(language: str) -> list[tuple[str, str, str]]:
    """(language, kind, name) for each territory CLDR names in that language, one word group a
    name, none a common word of the language (Norwegian 'Man', the Isle of Man, is 'one')."""
    from babel import Locale

    sys.path.insert(0, str(ROOT))
    from newsarchive.entities.language import STOPWORDS

    rows = []
    for code, name in Locale(LOCALES.get(language, language)).territories.items():
        if code in SKIPPED or any(c in name for c in "()&,/") or name.lower() in STOPWORDS.get(language, ()):
            continue
        rows.append((language, "region" if code.isdigit() else "country", name))
    return rows


def main() -> int:
    rows = sorted({row for language in LANGUAGES for row in territory_rows(language)})
    TABLE.write_text(HEADER + "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(rows)} names written to {TABLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
