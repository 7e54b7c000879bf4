"""newsarchive: turn raw news article dumps into a searchable, cross-linked static archive."""

__version__ = "0.1.0"
