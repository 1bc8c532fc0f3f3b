"""The figures as downloads: CSV rows and JSON."""

from partnership import spreadsheets

# section and key name the figure as in the JSON; label is its Dutch name from the figure registry
CSV_HEADER = ("section", "key", "value", "label")


def csv_response(rows, filename):
    """The (section, key, value, label) rows as a CSV download through the one spreadsheet writer (UTF-8 with
    BOM, ``;`` between cells, CRLF, formula-like text made inert)."""
    return spreadsheets.csv_response(filename, list(CSV_HEADER), rows)
