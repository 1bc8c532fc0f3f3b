"""Bulk import of the programme office's spreadsheets (CSV or XLSX), one declared kind of record per file.

``kinds.py`` declares each importable kind once (its Dutch columns, their parsers, the natural key, how its records are
found, written and exported); ``reading.py`` turns an upload into rows, ``engine.py`` checks them in bulk into a
preview and commits them, all or nothing, through the owning apps' services; ``files.py`` writes a kind's template and
the export of the database in the same format. DEVELOPERS.md, "Adding an importable kind", has the recipe.
"""
