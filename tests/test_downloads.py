"""Every CSV download: cells that a spreadsheet would run as a formula are quoted, and a
semicolon-separated file is offered for Excel with Dutch settings."""

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from wagtail.models import Site

from tests.builders import make_person
from tests.helpers import open_case
from wagtail_meldcode.views.downloads import safe_cell

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://example.org/x","klik")'


@pytest.mark.parametrize("value, expected", [
    (FORMULA, "'" + FORMULA), ("+31 6 1234", "'+31 6 1234"), ("-x", "'-x"), ("@a", "'@a"),
    ("\tx", "'\tx"), ("Anna", "Anna"), (-3, -3), (0, 0), ("", ""), (None, None),
])
def test_a_cell_that_looks_like_a_formula_is_quoted(value, expected):
    assert safe_cell(value) == expected


@pytest.fixture
def case_seen_by_a_formula(roles, client):
    """A case whose access report names a coordinator called like a formula."""
    client.force_login(make_person("sanne", roles.staff, first_name="Sanne"))
    case, _wizard = open_case(client)
    client.force_login(make_person("anna", roles.coordinators, first_name=FORMULA))
    client.get(reverse("meldcode_cases:case", args=[case.pk]))
    return case


def rows(response, delimiter):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")),
                           delimiter=delimiter))


@pytest.mark.parametrize("query, delimiter", [({}, ","), ({"scheiding": "puntkomma"}, ";")])
def test_the_access_report_csv_never_runs_a_name(case_seen_by_a_formula, client, query,
                                                delimiter):
    url = reverse("meldcode_cases:access_report_csv", args=[case_seen_by_a_formula.pk])
    table = rows(client.get(url, query), delimiter)

    assert table[0] == ["Wanneer", "Wie", "Rol", "Wat", "Stap", "Van"]
    assert [row[1:4] for row in table[1:]] == [
        ["Sanne (sanne)", "Eigenaar", "Dossier geopend"],
        [f"'{FORMULA} (anna)", "Aandachtsfunctionaris van de site", "Bekeken"],
        [f"'{FORMULA} (anna)", "Aandachtsfunctionaris van de site",
         "Exporteerde wie het dossier inzag"],
    ]


def test_the_evaluation_csv_comes_with_semicolons_too(case_seen_by_a_formula, client):
    Site.objects.update(site_name=FORMULA)
    client.force_login(User.objects.get(username="anna"))
    url = reverse("meldcode_evaluation:csv")
    year = {"start": "2026-01-01", "end": "2026-12-31", "interval": "year"}
    comma = rows(client.get(url, year), ",")
    semicolon = rows(client.get(url, {**year, "scheiding": "puntkomma"}), ";")

    assert semicolon == comma
    assert [row[:2] for row in comma[1:]] == [[f"'{FORMULA}", "2026"],
                                              [f"'{FORMULA}", "Hele periode"]]
