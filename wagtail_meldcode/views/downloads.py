"""Files people download from the admin: CSV that a spreadsheet opens safely.

Every CSV goes through :func:`csv_response`; the XLSX export uses :func:`safe_cell` too.
"""

import csv
import io

from django.http import HttpResponse

from .base import private

#: How a text that a spreadsheet would run as a formula begins.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: The separators offered: a comma for most software; a semicolon, which Excel with Dutch
#: regional settings opens directly in columns.
SEPARATORS = {"komma": ",", "puntkomma": ";"}


def safe_cell(value):
    """``value`` for a spreadsheet cell: a text that starts like a formula is quoted, so
    it shows as typed and never runs (names and titles are typed by people)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_response(filename, header, rows, separator=","):
    """A private CSV download of ``header`` and ``rows``, every cell made safe, with a
    byte order mark so that Excel reads the Dutch text as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator)
    for row in [header, *rows]:
        writer.writerow([safe_cell(value) for value in row])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return private(response)


def separator(request):
    """The separator the request asks for (``?scheiding=puntkomma``); a comma by default."""
    return SEPARATORS.get(request.GET.get("scheiding"), ",")
