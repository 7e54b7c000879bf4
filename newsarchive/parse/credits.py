"""Image captions and their photo credits."""

from __future__ import annotations

import re

CREDIT_WORDS = re.compile(
    r"(getty|afp|reuters|\bap\b|associated press|epa|photo|image|shutterstock|courtesy|bloomberg|"
    r"/|via|pool|file|credit|alamy|istock|staff|handout|illustration|submitted|©)",
    re.I,
)
# "Caption text (Jim Watson/AFP via Getty Images)" or "... [File: Reuters]"
CREDIT_PAREN = re.compile(r"^(?P<caption>.+?)\s*[(\[](?P<credit>[^()\[\]]{2,120})[)\]]\s*$")
# "Caption textCredit: Getty - Contributor" (caption and credit glued)
CREDIT_GLUED = re.compile(r"^(?P<caption>.{10,}?)\s*(?:Credit|Photo|Image|Picture)s?\s*:\s*(?P<credit>.{2,100})$")
CREDIT_HINTS = ("credit", "photo", "image", "picture", "illustration")
# "Caption text. Photo by Lee Grant/The Daily Example"
CREDIT_BY = re.compile(
    r"^(?P<caption>.{10,}?[.!?])\s+(?:photo(?:graph)?|image|picture|illustration)s?\s+(?:by|courtesy of)\s+(?P<credit>.{2,80})$",
    re.I,
)
CREDIT_PREFIX = re.compile(
    r"^\(?\s*(?:(?:photo|image|picture|photograph|foto|bild|video)s?\s*(?:credit|courtesy|by)?\s*:|"
    r"credits?\s*:|file\s*:|(?:photo|image|picture)s?\s+(?:by|courtesy(?: of)?)|courtesy(?: of)?|image copyright|©)\s*",
    re.I,
)
AGENCY = re.compile(
    r"\b(getty images|getty|afp|reuters|ap|associated press|epa|bloomberg|shutterstock|alamy|istock|"
    r"pool|handout|file|staff|zuma|sipa|pa|anadolu|xinhua|tass|efe|ansa)\b",
    re.I,
)
# "Alex Wong | Getty Images", "Jason Cipriani/ZDNet", "Hau Dinh, AP", "© REUTERS / POOL"
SHORT_CREDIT = re.compile(r"^[\w.'’\- ]{2,40}\s*(?:/|\||,)\s*[\w.'’\- |/]{2,50}$")


def clean_credit(text: str) -> str:
    """A credit without its 'Photo:' / '©' prefix and brackets."""
    text = CREDIT_PREFIX.sub("", text.strip()).strip(" ()[]")
    return CREDIT_PREFIX.sub("", text).strip(" ()[]")


def split_caption_credit(line: str) -> tuple[str, str] | None:
    """(caption, credit) when a line is an image caption ending in a credit."""
    line = line.strip()
    match = CREDIT_PAREN.match(line) if line.endswith((")", "]")) else None
    if match and CREDIT_WORDS.search(match.group("credit")) and len(match.group("credit").split()) <= 12:
        return match.group("caption").strip(), clean_credit(match.group("credit"))
    lower = line.lower()
    if not any(hint in lower for hint in CREDIT_HINTS):
        return None
    glued = CREDIT_GLUED.match(line) or CREDIT_BY.match(line)
    if glued and len(glued.group("credit").split()) <= 10:
        return glued.group("caption").strip(), clean_credit(glued.group("credit"))
    return None


def parse_credit_line(line: str) -> str | None:
    """The credit a stand-alone credit line names ('Photo: X', '(X/AP)', 'X | Getty Images'), or None."""
    line = line.strip()
    if not line or len(line) > 120 or line.endswith((".", "!", "?", ":")) and not line.endswith(("Inc.", "Ltd.")):
        if not CREDIT_PREFIX.match(line):
            return None
    if CREDIT_PREFIX.match(line) and len(line.split()) <= 14:
        credit = clean_credit(line)
        return credit or None
    if line.startswith("(") and line.endswith(")") and CREDIT_WORDS.search(line) and len(line.split()) <= 10:
        return clean_credit(line)
    if SHORT_CREDIT.match(line) and AGENCY.search(line) and len(line.split()) <= 8:
        return clean_credit(line)
    return None
