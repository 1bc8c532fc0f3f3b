"""The figures as downloads: CSV rows and JSON."""

import csv
import io

from django.http import HttpResponse

# section and key name the figure as in the JSON; label is its Dutch name from the figure registry
CSV_HEADER = ("section", "key", "value", "label")


def csv_response(rows, filename):
    """A UTF-8 CSV (with BOM, so spreadsheet programs read the accents) of (section, key, value, label) rows."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(row)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
