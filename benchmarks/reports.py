"""Measurements 7 and 8: the evaluation report over every case, and a long PDF dossier.

In process through Django's test client, ours and the peer in alternating rounds.
"""

import datetime
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail_meldcode.models import Case, Signal
from wagtail_meldcode.models.audit import Action, CaseEvent, Role

from . import data
from .timing import RUNS, Row, profile
from .web import alternate, check, client_for, getter, queries, timed

#: The report's range: every case of the benchmark (five years back), counted per year.
EVALUATION_YEARS = 6


def evaluation(results, dataset):
    """The evaluation report's page and its XLSX download over every case of the site,
    against one ``COUNT(*) ... GROUP BY`` over the same rows (per year, status and step).

    A request takes a minute or more at full scale, so each run is one request of each,
    in turn, with no warm-up but the peer's; the profile is of the page over the last
    year only (a fifth of the cases: the same code, a fifth of the wait under cProfile).
    """
    client = client_for(dataset.coordinators[0])
    end = timezone.localdate(data.NOW)
    start = end.replace(year=end.year - EVALUATION_YEARS + 1, month=1, day=1)

    def url(name, first):
        return (reverse(f"meldcode_evaluation:{name}")
                + f"?start={first}&end={end}&interval=year&site=")

    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time(), tzinfo=tz)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(),
                                      tzinfo=tz)

    def peer():
        with connection.cursor() as cursor:
            cursor.execute(f"""
                SELECT date_trunc('year', created_at AT TIME ZONE 'Europe/Amsterdam'),
                       status, current_step, COUNT(*)
                FROM "{Case._meta.db_table}"
                WHERE site_id = %s AND created_at >= %s AND created_at < %s
                GROUP BY 1, 2, 3
            """, [dataset.site.pk, since, until])
            return cursor.fetchall()

    ours = {"evaluation_page": getter(client, url("index", start)),
            "evaluation_xlsx": getter(client, url("xlsx", start))}
    counted = sum(row[-1] for row in peer())
    runs = {key: [] for key in ["evaluation_peer", *ours]}
    counts = {}
    for n in range(RUNS):
        print(f"   run {n + 1} of {RUNS}", flush=True)
        runs["evaluation_peer"].append([timed(peer)])
        for key, fn in ours.items():
            with CaptureQueriesContext(connection) as captured:
                runs[key].append([timed(fn)])
            counts[key] = len(captured)
    results.add(Row("evaluation_peer",
                    f"COUNT(*) ... GROUP BY year, status, step over {counted:,} cases",
                    runs["evaluation_peer"], unit="s"))
    last_year = profile("evaluation_page", getter(client, url("index", end.replace(
        month=1, day=1))), times=1)
    for key, label in (("evaluation_page", "page"), ("evaluation_xlsx", "XLSX download")):
        results.add(Row(
            key, f"evaluation report {label}, {counted:,} cases, per year", runs[key],
            unit="s", peer="evaluation_peer", target="ratio <= 3", check="max_ratio",
            limit=3, notes=[f"{counts[key]} queries; profile (the page, last year only): "
                            f"{last_year.name}"]))


#: The dossier of the PDF measurement.
PDF_SIGNALS = 50
PDF_EVENTS = 300


def long_case(dataset):
    """A case with :data:`PDF_SIGNALS` signals and :data:`PDF_EVENTS` events."""
    owner = dataset.staff[1]
    case = Case.objects.create(
        meldcode=dataset.meldcode, site=dataset.site, owner=owner, age_group="4-12",
        person_reference="Leerling, bench", current_step=5,
    )
    day = timezone.localdate(data.NOW)
    Signal.objects.bulk_create([
        Signal(case=case, description=f"Signaal {n}: blauwe plek op de arm, zegt gevallen "
               "te zijn; de leerling is stil en trekt zich terug in de klas.",
               kind="fact" if n % 3 else "hypothesis", observed_on=day -
               datetime.timedelta(days=PDF_SIGNALS - n), form_of_violence="physical_abuse")
        for n in range(PDF_SIGNALS)
    ])
    CaseEvent.objects.bulk_create([
        CaseEvent(case=case, case_reference=case.reference, user=owner,
                  username=owner.username, role=Role.OWNER, action=Action.SAVE_STEP,
                  step=1 + n % 5, at=data.NOW - datetime.timedelta(hours=PDF_EVENTS - n))
        for n in range(PDF_EVENTS)
    ])
    return case


def pdf(results, dataset):
    """The PDF of a long dossier, against WeasyPrint rendering the same HTML alone."""
    from weasyprint import HTML

    case = long_case(dataset)
    client = client_for(dataset.staff[1])
    url = f"{dataset.meldcode.url}dossiers/{case.reference}/pdf/"

    def ours():
        check(client.get(url))

    from wagtail_meldcode import export

    html = []
    render = export.render_to_string
    with mock.patch.object(export, "render_to_string",
                           side_effect=lambda *a, **k: html.append(render(*a, **k)) or html[-1]):
        ours()

    def peer():
        HTML(string=html[0], base_url="http://testserver/").write_pdf()

    # Every export is logged (append-only): the dossier's chronology grows by one event a
    # request, so the requests are few (the peer renders the HTML of the first).
    ours_runs, peer_runs = alternate(ours, peer, rounds=1, per_round=2, warmup=1)
    results.add(Row("pdf_peer", f"WeasyPrint alone, the same HTML ({len(html[0]):,} bytes)",
                    peer_runs, unit="ms"))
    results.add(Row(
        "pdf", f"PDF dossier, {PDF_SIGNALS} signals and {PDF_EVENTS} events", ours_runs,
        unit="ms", peer="pdf_peer", target="ratio <= 1.3", check="max_ratio", limit=1.3,
        notes=[f"{queries(ours)} queries; profile: {profile('pdf', ours, times=2).name}; "
               f"events in the dossier at the end: {case.events.count()} (each export adds "
               "one)"]))
