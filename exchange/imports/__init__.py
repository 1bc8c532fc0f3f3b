"""Bulk import of the programme office's spreadsheets (CSV or XLSX), one kind of record per file.

Each app declares its kinds once (``<app>/kinds.py``, a ``partnership.workspace.RecordKind``: its Dutch columns, their
parsers, the natural key, how its records are read and written); ``kinds.py`` here lists the importable ones in the
order a new database takes them; ``reading.py`` turns an upload into rows, ``engine.py`` checks them in bulk into a
preview and commits them, all or nothing, through the owning apps' services; ``files.py`` writes a kind's template and
the export of the database in the same format. DEVELOPERS.md, "Adding a kind of record", has the recipe.
"""
