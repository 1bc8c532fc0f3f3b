"""Helpers of the import tests: files built from rows, and a checksum of every table an import may write."""

import csv
import io

from django.apps import apps
from django.db import connection

from exchange.imports import engine
from exchange.imports.kinds import KINDS

# Every table of the domain apps and the partners core: an import that is refused leaves each one as it was.
CHECKED_APPS = ("partnership", "assignments", "doctorates", "traineeship", "fieldlabs", "istage")


def checksum() -> dict[str, str]:
    sums = {}
    with connection.cursor() as cursor:
        for app in CHECKED_APPS:
            for model in apps.get_app_config(app).get_models(include_auto_created=True):
                table = model._meta.db_table
                rows = "coalesce(string_agg(t::text, '|' ORDER BY t::text), '')"
                cursor.execute(f'SELECT md5({rows}) FROM "{table}" t')
                sums[table] = cursor.fetchone()[0]
    return sums


def csv_file(header: list[str], rows: list[list], *, delimiter=";", bom=True, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode(encoding)


def xlsx_file(header: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def preview(slug: str, data: bytes) -> engine.Analysis:
    return engine.preview(KINDS[slug], data)


def commit(slug: str, data: bytes, by=None) -> engine.Analysis:
    return engine.commit(KINDS[slug], data, by=by)


def messages(analysis: engine.Analysis) -> list[str]:
    return [error.message for error in analysis.errors]
