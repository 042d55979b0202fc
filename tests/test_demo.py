"""The demo intranet (``manage.py load_demo``): roles, users, login, editing, the history
for the evaluation report. The only tests that run ``load_demo``."""

import datetime
import io
import json
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Revision, Site, Task, Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from example_site.intranet.models import HomePage
from wagtail_meldcode.models import Case, MeldcodeSettings, MeldcodeStepPage
from wagtail_meldcode.roles import (
    BOARD_GROUP,
    COORDINATORS_GROUP,
    EDITORS_GROUP,
    MANAGEMENT_GROUP,
    STAFF_GROUP,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    """The demo intranet as ``make demo`` sets it up, without the year of closed cases."""
    call_command("load_demo", "--no-history", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


def test_creates_home_meldcode_roles_and_users(demo):
    assert isinstance(demo.root_page.specific, HomePage)
    assert not Page.objects.filter(depth=2).exclude(pk=demo.root_page.pk).exists()
    assert Page.objects.get(url_path="/intranet/meldcode/").live
    roles = {
        "medewerker": STAFF_GROUP,
        "aandachtsfunctionaris": COORDINATORS_GROUP,
        "beheerder": EDITORS_GROUP,
        "leidinggevende": MANAGEMENT_GROUP,
        "bestuurder": BOARD_GROUP,
    }
    for username, group in roles.items():
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert not user.is_superuser and not user.is_staff
    settings = MeldcodeSettings.for_site(demo)
    assert settings.staff_group.name == STAFF_GROUP
    assert settings.board_group.name == BOARD_GROUP
    assert settings.coordinators_group.name == COORDINATORS_GROUP
    assert settings.management_group.name == MANAGEMENT_GROUP
    restriction = PageViewRestriction.objects.get(page=demo.root_page)
    assert restriction.restriction_type == PageViewRestriction.GROUPS


def test_running_twice_keeps_the_data(demo):
    user = User.objects.get(username="medewerker")
    password = user.password
    counts = (Page.objects.count(), Revision.objects.count(), User.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Page.objects.count(), Revision.objects.count(), User.objects.count()) == counts
    user.refresh_from_db()
    assert user.password == password


def test_passwords_are_printed_with_debug_and_work(db, tmp_path, settings, client):
    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = dict(
        line.split()[0::2] for line in out.getvalue().splitlines() if "password:" in line
    )
    assert set(printed) == {"medewerker", "aandachtsfunctionaris", "beheerder", "leidinggevende",
                            "bestuurder"}
    response = client.post("/accounts/login/", {"username": "medewerker",
                                                 "password": printed["medewerker"]})
    assert response.status_code == 302 and client.session.get("_auth_user_id")
    # The second run shows them again, as long as they were not changed.
    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert f"password: {printed['beheerder']}" in again.getvalue()
    assert json.loads((tmp_path / "demo-passwords.json").read_text()) == printed


def test_passwords_are_not_printed_without_debug(db, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "password:" not in out.getvalue()
    assert not (tmp_path / "demo-passwords.json").exists()


def login(client, username):
    client.force_login(User.objects.get(username=username))


def test_meldcode_is_behind_login(demo, client):
    response = client.get("/meldcode/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/meldcode/")
    login_page = client.get(response["Location"])
    assert "Inloggen" in login_page.content.decode()


@pytest.mark.parametrize("username", ["medewerker", "aandachtsfunctionaris", "beheerder"])
def test_every_role_reads_the_meldcode(demo, client, username):
    login(client, username)
    response = client.get("/meldcode/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Meldcode" in content
    assert "Uitloggen" in content
    for step in MeldcodeStepPage.objects.all():
        assert client.get(step.url).status_code == 200
    assert client.get("/meldcode/afdrukken/").status_code == 200


def test_a_user_without_role_is_refused(demo, client):
    client.force_login(User.objects.create_user("buitenstaander", password="x" * 16))
    response = client.get("/meldcode/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_with_password(demo, client):
    user = User.objects.get(username="medewerker")
    user.set_password("een-lang-demo-wachtwoord")
    user.save()
    response = client.post(
        "/accounts/login/?next=/meldcode/",
        {"username": "medewerker", "password": "een-lang-demo-wachtwoord", "next": "/meldcode/"},
        follow=True,
    )
    # Without an authenticator app yet, the next stop is setting one up.
    assert response.redirect_chain[-1][0] == "/account/tweestapsverificatie/?next=%2Fmeldcode%2F"
    logout = client.post("/accounts/logout/")
    assert logout.status_code == 302
    failed = client.post(
        "/accounts/login/", {"username": "medewerker", "password": "fout"}
    )
    assert "komen niet overeen" in failed.content.decode()


def test_staff_has_no_admin(demo, client):
    login(client, "medewerker")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_editor_edits_and_publishes_step_2(demo, client):
    login(client, "beheerder")
    step = MeldcodeStepPage.objects.get(step_number=2)
    assert client.get(f"/admin/pages/{step.pk}/edit/").status_code == 200
    body = streamfield([("text", rich_text("<p>Overleg eerst met de intern begeleider.</p>"))])
    response = client.post(
        f"/admin/pages/{step.pk}/edit/",
        nested_form_data({
            "title": step.title, "slug": step.slug, "step_number": 2,
            "summary": "Bespreek je zorgen met een collega.", "body": body,
            "comments": inline_formset([]), "own_questions": inline_formset([]),
            "action-publish": "publish",
        }),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    step.refresh_from_db()
    assert step.live and step.summary == "Bespreek je zorgen met een collega."
    login(client, "medewerker")
    content = client.get(step.url).content.decode()
    assert "Bespreek je zorgen met een collega." in content
    assert "Overleg eerst met de intern begeleider." in content


def test_editor_cannot_edit_pages_outside_the_meldcode(demo, client):
    login(client, "beheerder")
    response = client.get(f"/admin/pages/{demo.root_page.pk}/edit/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # no permission


def test_logged_in_user_without_role_is_told_why(demo, client):
    client.force_login(User.objects.create_user("stagiair", password="x" * 16))
    response = client.get("/meldcode/", follow=True)
    content = response.content.decode()
    assert "geen toegang" in content
    assert "Meldcode huiselijk geweld" not in content


def test_the_demo_asks_two_questions_of_its_own(demo):
    from wagtail_meldcode.models import OwnQuestion

    questions = OwnQuestion.objects.order_by("page__step_number").values_list(
        "page__step_number", "label", "field_type", "counts_in_evaluation")
    assert list(questions) == [
        (1, "Groep of klas", "dropdown", True),
        (4, "Gebruikt risicotaxatie-instrument", "radio", True),
    ]


def test_demo_cases_for_the_staff_member(demo, client):
    from wagtail_meldcode.models import Case

    assert Case.objects.filter(owner__username="medewerker").count() == 3
    assert set(Case.objects.values_list("status", flat=True)) == {"open", "help", "closed"}
    login(client, "medewerker")
    current = client.get("/meldcode/dossiers/").content.decode()
    closed = client.get("/meldcode/dossiers/?lijst=afgesloten").content.decode()
    assert (current.count('<th scope="row">'), closed.count('<th scope="row">')) == (2, 1)
    call_command("load_demo", stdout=io.StringIO())
    assert Case.objects.count() == 3


def test_meldcode_links_staff_to_their_cases(demo, client):
    login(client, "medewerker")
    content = client.get("/meldcode/").content.decode()
    assert 'href="/meldcode/dossiers/"' in content and 'href="/meldcode/dossiers/nieuw/"' in content
    login(client, "beheerder")
    assert 'href="/meldcode/dossiers/"' not in client.get("/meldcode/").content.decode()


def test_the_demo_history_fills_the_report(db, client):
    call_command("load_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(username="leidinggevende"))
    today = timezone.localdate()
    start = today - datetime.timedelta(days=400)
    response = client.get("/admin/meldcode_evaluation/",
                          {"start": start, "end": today, "interval": "year"})
    total = response.context["report"].total
    # The year of history (48 cases) and the demo's open cases, all opened in the period.
    assert Case.objects.filter(owner__username="oud-medewerker").count() == 48
    assert total.shown("opened") == Case.objects.count()
    assert isinstance(total.median_days, int)
    assert not Case.objects.filter(owner__username="medewerker", status="closed",
                                   reference__startswith="MC-EVAL").exists()


def test_the_demo_speaks_dutch_and_says_where_the_meldcode_is(db, client):
    out = io.StringIO()
    call_command("load_demo", "--no-history", stdout=out)

    assert ("Installed meldcode 'Meldcode huiselijk geweld en kindermishandeling' at "
            "http://127.0.0.1:8000/meldcode/:") in out.getvalue()
    site = Site.objects.get(is_default_site=True)
    assert (site.site_name, site.hostname, site.port) == ("Intranet", "127.0.0.1", 8000)
    assert list(Workflow.objects.values_list("name", flat=True)) == [
        "Goedkeuring door moderatoren"]
    assert list(Task.objects.values_list("name", flat=True)) == [
        "Goedkeuring door moderatoren"]
    login = client.get("/admin/login/").content.decode()
    assert re.search(r'for="id_password" id="id_password-label">\s*Wachtwoord<', login)


def test_management_reads_the_meldcode_and_is_told_cases_are_not_for_them(demo, client):
    from wagtail_meldcode.models import Case, CaseEvent

    login(client, "leidinggevende")
    page = client.get("/meldcode/")
    assert page.status_code == 200
    assert "Mijn dossiers" not in page.content.decode()
    case = Case.objects.first()
    for url in ("/meldcode/dossiers/", f"/meldcode/dossiers/{case.reference}/"):
        response = client.get(url)
        assert response.status_code == 403
        text = response.content.decode()
        assert "Dossiers zijn niet voor jouw rol" in text
        assert case.person_reference not in text
    assert list(CaseEvent.objects.filter(user__username="leidinggevende").values_list(
        "action", "role", "case")) == [("denied", "outsider", case.pk)]


def test_the_sso_demo_maps_the_providers_groups_to_the_roles(demo):
    call_command("load_demo", "--no-history", "--sso", stdout=io.StringIO())
    call_command("load_demo", "--no-history", "--sso", stdout=io.StringIO())

    site_settings = MeldcodeSettings.objects.get()
    assert [(mapping.claim_value, getattr(site_settings, mapping.role).name)
            for mapping in site_settings.sso_group_roles.order_by("claim_value")] == [
        ("meldcode-aandachtsfunctionarissen", "Aandachtsfunctionarissen"),
        ("meldcode-management", "Management meldcode"),
        ("meldcode-medewerkers", "Medewerkers"),
    ]
