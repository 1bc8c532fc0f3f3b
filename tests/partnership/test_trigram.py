"""The plain-SQL stand-in for pg_trgm gives pg_trgm's similarity, so the duplicates work on a server without it."""

import pytest
from django.db import connection

from partnership import trigram

pytestmark = pytest.mark.django_db

PAIRS = [
    ("Ministerie van Financiën", "Ministerie van Financien"),
    ("Hogeschool Utrecht", "Hogeschool van Utrecht"),
    ("Rijkswaterstaat", "Belastingdienst"),
    ("word", "word"),
    ("", "abc"),
    ("Data & AI", "data-ai"),
]


@pytest.fixture
def stand_in():
    """The stand-in's functions under names of their own, so they can be compared with the real extension."""
    sql = trigram.STAND_IN.replace("similarity(", "standin_similarity(").split(
        "CREATE OR REPLACE FUNCTION portal_similar"
    )[0]
    with connection.cursor() as cursor:
        cursor.execute(sql)


def _similarity(function, first, second) -> float:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, %s)", [first, second])
        return round(cursor.fetchone()[0], 4)


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_the_stand_in_gives_pg_trgms_similarity(stand_in, first, second):
    answer = _similarity("standin_similarity", first, second)
    assert 0 <= answer <= 1
    if trigram.available(connection):
        assert answer == _similarity("similarity", first, second)
    else:  # the stand-in is the database's similarity() itself
        assert answer == _similarity("similarity", first, second)


def test_the_stand_in_scores_known_pairs():
    assert _similarity("similarity", "word", "word") == 1
    assert _similarity("similarity", "Rijkswaterstaat", "Belastingdienst") < 0.3
    assert _similarity("similarity", "Hogeschool Utrecht", "Hogeschool van Utrecht") > 0.6
