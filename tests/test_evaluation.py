"""The evaluation report: anonymised figures per period and site, for management."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from wagtail.models import Site

from wagtail_meldcode.evaluation import Interval, evaluate, period_of, periods_between
from wagtail_meldcode.models import (
    Case,
    CaseEvent,
    Decision,
    FollowUp,
    MeldcodePage,
    MeldcodeSettings,
    Signal,
)

pytestmark = pytest.mark.django_db

URL = "/admin/meldcode_evaluation/"
YEAR_2025 = {"start": "2025-01-01", "end": "2025-12-31", "interval": "quarter"}
TZ = timezone.get_current_timezone()


def at(day, hour=12):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def make_cases(count, opened, *, report=None, help=None, signal_days=None, start=0, **fields):
    """``count`` cases opened on ``opened``; with ``report``/``help`` a decision 10 days on."""
    meldcode = MeldcodePage.objects.get()
    owner = User.objects.get(username="medewerker")
    cases = Case.objects.bulk_create(
        Case(meldcode=meldcode, site=meldcode.get_site(), owner=owner, age_group="4-12",
             person_reference=f"Leerling {n}", reference=f"MC-EVAL-{n:05d}",
             created_at=at(opened), **fields)
        for n in range(start, start + count)
    )
    if signal_days is not None:
        Signal.objects.bulk_create(
            Signal(case=case, description="Signaal", observed_on=opened - datetime.timedelta(
                days=signal_days)) for case in cases
        )
    if report is not None:
        Decision.objects.bulk_create(
            Decision(case=case, suggested_report=report, report=report, help=help,
                     decided_by=owner, decided_at=at(opened + datetime.timedelta(days=10)))
            for case in cases
        )
    return cases


def check(case, outcome, answered, *, escalated=False, kind="check"):
    day = timezone.localdate(answered)
    return FollowUp.objects.create(
        case=case, kind=kind, due_on=day, due_at=answered, status="done", outcome=outcome,
        answered_at=answered, escalated_at=answered if escalated else None,
    )


def report_2025(interval=Interval.QUARTER):
    return evaluate([Site.objects.get()], datetime.date(2025, 1, 1),
                    datetime.date(2025, 12, 31), interval)


# Periods ----------------------------------------------------------------------------------


def test_periods():
    day = datetime.date(2024, 2, 29)
    assert period_of(day, Interval.MONTH).label == "2024-02"
    assert period_of(day, Interval.MONTH).last == day
    assert period_of(day, Interval.QUARTER).label == "2024 Q1"
    assert period_of(datetime.date(2024, 12, 31), Interval.QUARTER).first == datetime.date(
        2024, 10, 1)
    assert period_of(day, Interval.YEAR).last == datetime.date(2024, 12, 31)
    periods = periods_between(datetime.date(2024, 11, 15), datetime.date(2025, 2, 1),
                              Interval.MONTH)
    assert [p.label for p in periods] == ["2024-11", "2024-12", "2025-01", "2025-02"]


# The figures ------------------------------------------------------------------------------


def test_outcomes_stages_and_median(people):
    q1 = datetime.date(2025, 2, 3)
    make_cases(5, q1, report=True, help=False, signal_days=4)
    make_cases(6, q1, report=False, help=True, signal_days=20, start=5)
    make_cases(5, q1, report=False, help=False, start=11)
    make_cases(7, q1, start=16, current_step=3)
    make_cases(5, q1, start=23, current_step=2, status="closed")
    report = report_2025()
    total = report.total
    assert total.shown("opened") == 28
    assert total.shown("report") == 5 and total.shown("help") == 6
    assert total.shown("no_action") == 5
    assert total.shown("step_3") == 7 and total.shown("open") == 7
    assert total.shown("closed_early") == 5 and total.shown("step_2") == 5
    assert total.shown("decided") == 16
    # Days from first signal to decision: five cases 14 days, six cases 30 days.
    assert total.median_days == 30
    # Cases opened on 2025-02-03 count in Q1 only.
    assert [row.shown("opened") for row in report.by_period()] == [28, 0, 0, 0]


def test_the_latest_decision_counts_and_failed_help_turned_report(people):
    opened = datetime.date(2025, 5, 5)
    cases = make_cases(6, opened, report=False, help=True)
    owner = User.objects.get(username="medewerker")
    for case in cases:
        check(case, "not_working", at(opened + datetime.timedelta(days=40)), escalated=True)
        Decision.objects.create(case=case, suggested_report=True, report=True, help=False,
                                decided_by=owner, decided_at=at(opened + datetime.timedelta(50)))
    for case in make_cases(5, opened, report=False, help=True, start=6):
        check(case, "working", at(opened + datetime.timedelta(days=40)))
        check(case, "working", at(opened + datetime.timedelta(days=60)), kind="report_feedback")
    total = report_2025().total
    assert total.shown("report") == 6 and total.shown("help") == 5
    assert total.shown("report_after_failed_help") == 6
    assert total.shown("not_working") == 6 and total.shown("escalated") == 6
    # Feedback after a report is not a check of the help.
    assert total.shown("working") == 5


def test_periods_follow_dutch_time(people):
    # 22:30 UTC on 31 March is already 1 April in the Netherlands: the second quarter.
    case = make_cases(5, datetime.date(2025, 3, 31))[0]
    Case.objects.filter(reference__startswith="MC-EVAL").update(
        created_at=datetime.datetime(2025, 3, 31, 22, 30, tzinfo=datetime.UTC))
    assert case.pk
    assert [row.shown("opened") for row in report_2025().by_period()] == [0, 5, 0, 0]


def test_small_counts_are_shown_as_fewer_than_five(people):
    make_cases(7, datetime.date(2025, 2, 3), report=True, help=False, signal_days=1)
    make_cases(2, datetime.date(2025, 2, 3), report=False, help=True, start=7)
    total = report_2025().total
    assert total.shown("opened") == 9
    assert total.shown("help") == "<5"
    # 9 - 7 would give the 2 away: the report count is hidden too.
    assert total.shown("report") == "<5"
    assert total.shown("both") == 0
    assert total.median_days == 11


def test_a_small_period_does_not_show_through_the_total(people):
    make_cases(8, datetime.date(2025, 2, 3))
    make_cases(3, datetime.date(2025, 8, 3), start=8)
    opened = [row.shown("opened") for row in report_2025().by_period()]
    assert opened == ["<5", 0, "<5", 0]
    assert report_2025().total.shown("opened") == 11


def test_a_median_of_few_cases_is_hidden(people):
    make_cases(4, datetime.date(2025, 2, 3), report=True, help=False, signal_days=3)
    assert report_2025().total.median_days == "<5"


# The page and the downloads ---------------------------------------------------------------


@pytest.fixture
def manager(people, own_questions, client):
    user = User.objects.get(username="leidinggevende")
    client.force_login(user)
    return user


def test_management_reads_the_report_with_charts_and_it_is_logged(manager, client):
    make_cases(6, datetime.date(2025, 4, 7), report=True, help=True, signal_days=2)
    response = client.get(URL, YEAR_2025)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    content = response.content.decode()
    assert "Evaluatie van de meldcode" in content
    # Four charts of the fixed figures, one for each of the two counted own questions, and
    # one of the worries about a colleague.
    assert content.count('<svg role="img"') == 7
    assert "Melding en hulp" in content and "2025 Q2" in content
    assert "Groep of klas (stap 1)" in content
    assert "Gebruikt risicotaxatie-instrument (stap 4)" in content
    # Nothing of a single case.
    for case in Case.objects.all():
        assert case.reference not in content and case.person_reference not in content
    assert CaseEvent.objects.filter(action="evaluation", username="leidinggevende",
                                    role="management").exists()


def test_management_sees_no_case(manager, helped_case, client):
    case = helped_case
    listing = client.get("/admin/meldcode_cases/")  # the admin's "no permission"
    assert (listing.status_code, listing["Location"]) == (302, "/admin/")
    assert client.get(f"/admin/meldcode_cases/{case.pk}/dossier/").status_code == 404
    menu = client.get("/admin/").content.decode()
    assert "Evaluatie" in menu and "Meldcode-dossiers" not in menu
    # The intranet, behind page privacy for the meldcode roles, is closed to them as well.
    response = client.get(f"/meldcode/dossiers/{case.reference}/")
    assert response.status_code == 302 and case.reference.encode() not in response.content
    assert response["Location"] == f"/accounts/login/?next=/meldcode/dossiers/{case.reference}/"
    # Both attempts are logged as denied.
    assert list(CaseEvent.objects.filter(username="leidinggevende", case=case).values_list(
        "action", flat=True)) == ["denied", "denied"]


@pytest.mark.parametrize("username,allowed,role", [
    ("leidinggevende", True, "management"),
    ("aandachtsfunctionaris", True, "coordinators_group"),
    ("beheerder", False, None),
    ("medewerker", False, None),
])
@pytest.mark.parametrize("path", ["", "csv/", "xlsx/"])
def test_who_gets_the_report(people, client, username, allowed, role, path):
    client.force_login(User.objects.get(username=username))
    response = client.get(URL + path, YEAR_2025)
    events = CaseEvent.objects.filter(username=username, case_reference="evaluation")
    if allowed:
        assert response.status_code == 200
        assert events.get().role == role
    elif username == "beheerder":
        # Has admin access: the attempt reaches us, is logged, and gets the admin's
        # "no permission" (back to the dashboard).
        assert (response.status_code, response["Location"]) == (302, "/admin/")
        assert list(events.values_list("action", "role")) == [("denied", "outsider")]
    else:
        # No admin access: Wagtail's admin door sends staff to its login page first; the
        # attempt is logged all the same.
        assert response.status_code == 302
        assert response["Location"].startswith(f"/admin/login/?next={URL}{path}%3F")
        assert list(events.values_list("action", "role")) == [("denied", "outsider")]
    if not allowed:
        assert b"meldcode" not in response.content.lower()
        assert "Evaluatie" not in client.get("/admin/").content.decode()


def test_superusers_and_anonymous_visitors(people, client):
    assert client.get(URL).status_code == 302
    assert "/login/" in client.get(URL)["Location"]
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    assert client.get(URL).status_code == 200
    assert CaseEvent.objects.get(username="root").role == "superuser"


def test_bad_choices_are_explained(manager, client):
    content = client.get(URL, {**YEAR_2025, "end": "2024-12-31"}).content.decode()
    assert "Kies een einddatum op of na de begindatum." in content
    assert 'role="img"' not in content
    content = client.get(URL, {"start": "2000-01-01", "end": "2025-12-31",
                                "interval": "month"}).content.decode()
    assert "meer dan 60 perioden" in content
    response = client.get(URL + "csv/", {**YEAR_2025, "start": "gisteren"})
    assert response.status_code == 302 and "start=gisteren" in response["Location"]


def test_without_choices_this_year_so_far(manager, client):
    content = client.get(URL).content.decode()
    today = timezone.localdate()
    assert f'value="{today.year}-01-01"' in content and 'role="img"' in content


def test_csv_download(manager, client):
    make_cases(9, datetime.date(2025, 2, 3), report=True, help=False, signal_days=1)
    make_cases(2, datetime.date(2025, 8, 3), report=False, help=True, start=9)
    Site.objects.update(site_name="=HYPERLINK(\"http://example.org\")")
    response = client.get(URL + "csv/", YEAR_2025)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="meldcode-evaluatie-2025-01-01-2025-12-31.csv"' in (
        response["Content-Disposition"])
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["Periode"] for row in rows] == [
        "2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4", "Hele periode"]
    assert rows[0]["Geopende dossiers"] == "<5"  # 9, hidden: Q3's 2 would show through
    assert rows[2]["Hulp"] == "<5" and rows[4]["Geopende dossiers"] == "11"
    # A site name is never run as a formula by a spreadsheet.
    assert rows[0]["Site"].startswith("'=")
    assert CaseEvent.objects.filter(action="evaluation_export",
                                    username="leidinggevende").count() == 1


def test_xlsx_download(manager, client):
    make_cases(12, datetime.date(2025, 2, 3), report=True, help=False, signal_days=1)
    response = client.get(URL + "xlsx/", {**YEAR_2025, "interval": "year"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == ("Site", "Periode", "Van", "Tot en met", "Geopende dossiers")
    assert rows[1][1] == "2025" and rows[1][4] == 12
    assert rows[1][header.index("Melding bij Veilig Thuis")] == 12
    assert rows[1][header.index("Hulp")] == 0
    notes = " ".join(row[0] for row in workbook.worksheets[1].iter_rows(values_only=True))
    assert "<5" in notes


def test_sites_apart_and_together(manager, client):
    make_cases(6, datetime.date(2025, 2, 3))
    home = Site.objects.get()
    other = Site.objects.create(hostname="school2.example.org", site_name="Tweede school",
                                root_page=home.root_page)
    MeldcodeSettings.objects.create(
        site=other, management_group=MeldcodeSettings.for_site(home).management_group)
    Case.objects.filter(reference__in=["MC-EVAL-00000", "MC-EVAL-00001"]).update(site=other)
    content = client.get(URL, YEAR_2025).content.decode()
    assert "Per site" in content and "Tweede school" in content
    rows = list(csv.reader(io.StringIO(
        client.get(URL + "csv/", {**YEAR_2025, "interval": "year"}).content.decode("utf-8-sig")
    )))
    totals = {row[0]: row[4] for row in rows[1:] if row[1] == "Hele periode"}
    assert totals == {"Tweede school": "<5", home.hostname: "<5", "Alle sites": "6"}
    one = client.get(URL + "csv/", {**YEAR_2025, "interval": "year", "site": other.pk})
    assert {row[0] for row in list(csv.reader(io.StringIO(
        one.content.decode("utf-8-sig"))))[1:]} == {"Tweede school"}


def test_worries_about_a_colleague_are_counted_apart_and_never_per_site(manager, client):
    make_cases(6, datetime.date(2025, 2, 3))
    make_cases(12, datetime.date(2025, 2, 3), start=6, kind="colleague", status="closed")
    make_cases(6, datetime.date(2025, 8, 3), start=18, kind="colleague")
    report = report_2025(Interval.YEAR)
    assert report.total.shown("opened") == 6  # the five steps' figures leave them out
    assert [(row.shown("colleague_opened"), row.shown("colleague_complete"),
             row.shown("colleague_open")) for row in report.colleague_rows()] == [
        (18, 12, 6), (18, 12, 6)]
    # Two sites: the download shows them for all sites together only.
    home = Site.objects.get()
    other = Site.objects.create(hostname="school2.example.org", site_name="Tweede school",
                                root_page=home.root_page)
    MeldcodeSettings.objects.create(
        site=other, management_group=MeldcodeSettings.for_site(home).management_group)
    Case.objects.filter(reference__in=["MC-EVAL-00006", "MC-EVAL-00007"]).update(site=other)
    rows = list(csv.DictReader(io.StringIO(
        client.get(URL + "csv/", {**YEAR_2025, "interval": "year"}).content.decode("utf-8-sig")
    )))
    opened = {(row["Site"], row["Periode"]): row["Geopende zorgen over een collega"]
              for row in rows}
    assert opened == {
        ("Tweede school", "2025"): "", ("Tweede school", "Hele periode"): "",
        (home.hostname, "2025"): "", (home.hostname, "Hele periode"): "",
        ("Alle sites", "2025"): "18", ("Alle sites", "Hele periode"): "18",
    }
    page = client.get(URL, {**YEAR_2025, "interval": "year"}).content.decode()
    assert "nooit per locatie" in page
