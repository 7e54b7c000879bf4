"""The outlet a text dump's story names in an agency dateline ('CITY (AP) —'), when nothing else
says where the story comes from; the entity rules ask it too."""

from __future__ import annotations

import re

from ..outlets import agencies

AGENCY_DATELINE = re.compile(r"\((?P<agency>[A-Z][A-Za-z]{1,12})\)\s*[—–-]")


def agency_of(paragraphs: list[str]) -> str:
    """The outlet named in an agency dateline 'CITY (AP) —' in the first paragraphs, or ''."""
    names = agencies()
    for paragraph in paragraphs[:3]:
        match = AGENCY_DATELINE.search(paragraph[:200])
        if match:
            return names.get(match.group("agency"), match.group("agency"))
    return ""
