"""pg_trgm on every database: the likely duplicates' ``similarity()`` is the extension's, and a database that was
migrated with the former plain-SQL stand-in (created where the embedded PostgreSQL 16 had no contrib modules)
migrates to the extension and its indexes."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

pytestmark = pytest.mark.django_db

# (first, second, pg_trgm's similarity): lower-cased words, each padded with two spaces before and one after,
# distinct trigrams, shared over all.
PAIRS = [
    ("Ministerie van Financiën", "Ministerie van Financien", 0.7857),
    ("Hogeschool Utrecht", "Hogeschool van Utrecht", 0.8261),
    ("Rijkswaterstaat", "Belastingdienst", 0),
    ("word", "word", 1),
    ("", "abc", 0),
    ("Data & AI", "data-ai", 1),
]
TRIGRAM_INDEXES = {
    "organisation_name_trgm": "partnership_organisation",
    "assignment_title_trgm": "assignments_assignment",
    "assignment_description_trgm": "assignments_assignment",
}
# What partnership 0003 created until December 2026 on a server without pg_trgm (with the schema editor's ``%%``
# written ``%``: this runs without parameters).
STAND_IN = """
CREATE FUNCTION portal_trigrams(value text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
    SELECT DISTINCT substr(padded, position, 3)
    FROM (
        SELECT '  ' || word || ' ' AS padded
        FROM regexp_split_to_table(lower(value), '[^[:alnum:]]+') AS word
        WHERE word <> ''
    ) AS words, generate_series(1, length(padded) - 2) AS position
$$;
CREATE FUNCTION similarity(first text, second text) RETURNS real LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN count(*) = 0 THEN 0::real
                ELSE (count(*) FILTER (WHERE in_first AND in_second))::real / count(*) END
    FROM (
        SELECT trigram, bool_or(side = 1) AS in_first, bool_or(side = 2) AS in_second
        FROM (
            SELECT trigram, 1 AS side FROM portal_trigrams(first) AS trigram
            UNION ALL
            SELECT trigram, 2 AS side FROM portal_trigrams(second) AS trigram
        ) AS both_sides
        GROUP BY trigram
    ) AS trigrams
$$;
CREATE FUNCTION portal_similar(first text, second text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT similarity(first, second) >= 0.3
$$;
CREATE OPERATOR % (LEFTARG = text, RIGHTARG = text, FUNCTION = portal_similar);
"""
# The migrations that bring such a database to the extension.
REPAIRS = [
    ("partnership", "0009_pg_trgm_replaces_the_stand_in"),
    ("assignments", "0010_trigram_indexes_where_the_stand_in_was"),
]


def _one(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _similarity(first, second) -> float:
    return round(_one("SELECT similarity(%s, %s)", [first, second]), 4)


def _similarity_is_the_extensions() -> bool:
    return _one(
        "SELECT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid "
        "WHERE d.objid = 'similarity(text, text)'::regprocedure AND d.deptype = 'e' AND e.extname = 'pg_trgm')"
    )


def _trigram_indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%trgm"])
        return dict(cursor.fetchall())


@pytest.mark.parametrize(("first", "second", "expected"), PAIRS)
def test_similarity_is_pg_trgms(first, second, expected):
    answer = _similarity(first, second)
    assert 0 <= answer <= 1
    assert answer == expected


def test_similarity_scores_known_pairs():
    assert _similarity("word", "word") == 1
    assert _similarity("Rijkswaterstaat", "Belastingdienst") < 0.3
    assert _similarity("Hogeschool Utrecht", "Hogeschool van Utrecht") > 0.6


def test_a_migrated_database_has_the_extension_and_every_trigram_index():
    assert _similarity_is_the_extensions()
    assert _one("SELECT to_regprocedure('portal_similar(text, text)')") is None
    indexes = _trigram_indexes()
    assert set(indexes) == set(TRIGRAM_INDEXES)
    assert all(" USING gin " in definition and "gin_trgm_ops" in definition for definition in indexes.values())


def test_a_database_with_the_stand_in_migrates_to_the_extension():
    """The state of a database migrated on the embedded PostgreSQL 16 (the stand-in, no trigram indexes), built in
    the test's transaction, then the repairing migrations: the extension, its ``%`` and every index."""
    with connection.cursor() as cursor:
        cursor.execute("DROP EXTENSION pg_trgm CASCADE")  # with it the three indexes
        cursor.execute(STAND_IN)
    assert not _similarity_is_the_extensions()
    assert _trigram_indexes() == {}
    stand_in_score = _similarity("Hogeschool Utrecht", "Hogeschool van Utrecht")

    loader = MigrationLoader(connection)
    for app_label, name in REPAIRS:
        migration = loader.get_migration(app_label, name)
        state = loader.project_state((app_label, name), at_end=False)
        with connection.schema_editor(atomic=True) as schema_editor:
            migration.apply(state, schema_editor)

    assert _similarity_is_the_extensions()
    assert _one("SELECT to_regprocedure('portal_similar(text, text)')") is None
    assert _one("SELECT 'Hogeschool Utrecht' % 'Hogeschool van Utrecht'") is True
    assert _similarity("Hogeschool Utrecht", "Hogeschool van Utrecht") == stand_in_score == 0.8261
    assert set(_trigram_indexes()) == set(TRIGRAM_INDEXES)

    # Run again (a database that never had the stand-in): nothing to do, nothing fails.
    for app_label, name in REPAIRS:
        with connection.schema_editor(atomic=True) as schema_editor:
            loader.get_migration(app_label, name).apply(loader.project_state((app_label, name)), schema_editor)
    assert _similarity_is_the_extensions()
    assert set(_trigram_indexes()) == set(TRIGRAM_INDEXES)
