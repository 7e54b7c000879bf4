"""The project's Pelican plugins: the archive's pages, entities, feeds, cards and sitemap.

Each module with a `register()` is a plugin named in PLUGINS by module path
(`newsarchive.site.entities`); the other modules are plain functions they share.
"""
