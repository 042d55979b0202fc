"""The body map of step 1: injuries marked on the drawing or through the list give the same
encrypted mark; only the case's people see it; it is shown in the dossier and the PDF,
purged and re-encrypted with the case's other data."""

import io

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from tests.helpers import Wizard, act, admin_case_url, day, do_steps_1_to_3, open_case
from tests.test_retention import WARNING, close_years_ago, run
from wagtail_meldcode import bodymap
from wagtail_meldcode.encryption import needs_rotation
from wagtail_meldcode.models import CaseDraft, CaseEvent, InjuryMark

pytestmark = pytest.mark.django_db


def url(case, *rest):
    return f"/meldcode/dossiers/{case.reference}/lichaamskaart/" + "".join(
        f"{part}/" for part in rest)


def mark(client, case, **fields):
    data = {"region": "", "x": "", "y": "", "kind": "bruise", "size": "3 x 2 cm",
            "colour": "blauwpaars", "seen_on": day(-1), "note": "Zegt gevallen te zijn.",
            "signal": "", **fields}
    return client.post(url(case), data)


def field_error(response, name):
    """The message beside a field of the mark's form."""
    content = response.content.decode()
    start = content.index("<li>", content.index(f'id="mc-mark-{name}_error"'))
    return content[start + 4:content.index("</li>", start)]


def raw_contents():
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM wagtail_meldcode_injurymark ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


# Two ways, one mark ----------------------------------------------------------------------


def test_the_drawing_and_the_list_give_the_same_mark(case, client):
    upper_arm = bodymap.CHILD.region("front-left-upper-arm")
    assert upper_arm.anchor == (146.0, 166.0)

    # The keyboard: the part of the body from the list.
    response = mark(client, case, region="front-left-upper-arm")
    assert response.status_code == 302
    assert response["Location"] == url(case) + "#mc-marks"
    # The drawing: a click at that point, without a region (the script would fill it in).
    assert mark(client, case, x="146.0", y="166").status_code == 302

    by_list, by_drawing = InjuryMark.objects.filter(case=case)
    assert by_list.content == by_drawing.content == {
        "figure": "child", "region": "front-left-upper-arm", "x": 146.0, "y": 166.0,
        "kind": "bruise", "size": "3 x 2 cm", "colour": "blauwpaars", "seen_on": day(-1),
        "note": "Zegt gevallen te zijn.",
    }
    assert list(CaseEvent.objects.filter(case=case, action="body_map").values_list(
        "username", "role", "step")) == [("medewerker", "owner", 1)] * 2


def test_a_click_keeps_its_point_and_finds_its_region(case, client):
    assert mark(client, case, x="310.5", y="70", region="back-head").status_code == 302
    assert mark(client, case, x="365.5", y="255").status_code == 302
    head, hand = InjuryMark.objects.filter(case=case)
    assert (head.content["region"], head.content["x"], head.content["y"]) == (
        "back-head", 310.5, 70.0)
    # Seen from the back, the person's right hand is on the right of the drawing.
    assert (hand.content["region"], hand.content["x"]) == ("back-right-hand", 365.5)


@pytest.mark.parametrize(("fields", "message"), [
    ({"x": "10", "y": "10"},
     "Het punt ligt buiten het lichaam. Klik in de tekening op het lichaam, of kies een "
     "lichaamsdeel."),
    ({"x": "250.5", "y": "70", "region": "front-head"},
     "Het punt op de tekening ligt niet in hoofd, voorkant. Klik opnieuw, of kies het "
     "lichaamsdeel alleen in de lijst."),
    ({"x": "146", "y": ""},
     "Het punt op de tekening klopt niet. Klik opnieuw op de tekening of kies een "
     "lichaamsdeel."),
    ({"x": "nan", "y": "20"},
     "Het punt op de tekening klopt niet. Klik opnieuw op de tekening of kies een "
     "lichaamsdeel."),
    ({}, "Kies een lichaamsdeel in de lijst, of klik op de tekening."),
])
def test_a_place_that_is_not_on_the_body_is_refused_and_nothing_is_lost(
        case, client, fields, message):
    response = mark(client, case, note="Rode striemen op de rug.", **fields)
    assert response.status_code == 200
    assert field_error(response, "region") == message
    content = response.content.decode()
    assert "Het letsel is niet opgeslagen: zie de toelichting bij de velden." in content
    assert "Rode striemen op de rug." in content and "blauwpaars" in content
    assert not InjuryMark.objects.exists()


def test_other_needs_a_note_and_a_date_cannot_be_in_the_future(case, client):
    response = mark(client, case, region="front-head", kind="other", note="",
                    seen_on=day(1))
    assert response.status_code == 200
    assert field_error(response, "note") == "Schrijf in de toelichting wat voor letsel het is."
    assert field_error(response, "seen_on") == "Deze datum ligt in de toekomst."
    assert not InjuryMark.objects.exists()


def test_the_note_is_escaped(case, client):
    assert mark(client, case, region="front-head",
                note="<script>alert(1)</script>").status_code == 302
    page = client.get(url(case)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# Encryption ------------------------------------------------------------------------------


def test_the_database_holds_no_plaintext(case, client, canary):
    assert mark(client, case, region="back-buttocks", note=f"{canary} gezien",
                colour=f"{canary}-kleur").status_code == 302
    [token] = raw_contents()
    assert canary not in token and "back-buttocks" not in token
    assert canary in InjuryMark.objects.get().content["note"]


def test_key_rotation_re_encrypts_the_marks(case, client, settings, canary):
    assert mark(client, case, region="front-neck", note=canary).status_code == 302
    [before] = raw_contents()
    old_key = settings.MELDCODE_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.MELDCODE_ENCRYPTION_KEYS = [new_key, old_key]
    assert needs_rotation(before)

    call_command("meldcode_rotate_keys", stdout=io.StringIO())
    [after] = raw_contents()
    assert after != before and not needs_rotation(after)
    settings.MELDCODE_ENCRYPTION_KEYS = [new_key]  # the old key dropped
    assert InjuryMark.objects.get().content["note"] == canary


# Access ----------------------------------------------------------------------------------


def test_another_staff_member_gets_404_and_the_attempt_is_logged(case, client):
    assert mark(client, case, region="front-head").status_code == 302
    injury = InjuryMark.objects.get()
    colleague = User.objects.create_user("collega")
    colleague.groups.add(Group.objects.get(name="Medewerkers"))
    other = Client()
    other.force_login(colleague)
    for path in (url(case), url(case, injury.pk), url(case, injury.pk, "verwijderen")):
        assert other.get(path).status_code == 404, path
    assert other.post(url(case), {"region": "front-head"}).status_code == 404
    assert other.post(url(case, injury.pk, "verwijderen")).status_code == 404
    denied = CaseEvent.objects.filter(case=case, username="collega")
    assert list(denied.values_list("action", "role")) == [("denied", "outsider")] * 5
    assert InjuryMark.objects.count() == 1


def test_reading_the_body_map_is_logged_as_a_view_of_step_1(case, client):
    before = CaseEvent.objects.filter(case=case, action="view").count()
    assert client.get(url(case)).status_code == 200
    latest = CaseEvent.objects.filter(case=case, action="view").latest("pk")
    assert CaseEvent.objects.filter(case=case, action="view").count() == before + 1
    assert (latest.username, latest.role, latest.step) == ("medewerker", "owner", 1)


def test_a_signal_of_another_case_is_refused(case, client):
    other_case, wizard = open_case(client, person="Leerling groep 3")
    do_steps_1_to_3(wizard)
    foreign = other_case.signals.first()
    response = mark(client, case, region="front-head", signal=str(foreign.pk))
    assert response.status_code == 200
    assert field_error(response, "signal") == (
        f"Selecteer een geldige keuze. {foreign.pk} is geen beschikbare keuze.")
    assert not InjuryMark.objects.exists()

    own = case.signals.first()
    assert mark(client, case, region="front-head", signal=str(own.pk)).status_code == 302
    assert InjuryMark.objects.get().signal == own


def test_a_mark_of_another_case_is_not_found_under_this_one(case, client):
    other_case, _wizard = open_case(client, person="Leerling groep 3")
    assert mark(client, other_case, region="front-head").status_code == 302
    foreign = InjuryMark.objects.get()
    assert client.get(url(case, foreign.pk)).status_code == 404
    assert client.post(url(case, foreign.pk, "verwijderen")).status_code == 404
    assert InjuryMark.objects.count() == 1


def test_change_and_remove_a_mark(case, client):
    assert mark(client, case, x="95.5", y="70").status_code == 302  # the head, from the front
    for region in ("front-chest", "back-lower-back"):
        assert mark(client, case, region=region).status_code == 302
    head, chest, back = InjuryMark.objects.all()

    # Changed through the list, the part of the body kept: the clicked point stays.
    point = (95.5, 70.0)
    response = client.post(url(case, head.pk), {
        "region": "front-head", "kind": "swelling", "size": "", "colour": "rood",
        "seen_on": day(-3), "note": "Bult op het voorhoofd.", "signal": ""})
    assert response.status_code == 302
    head.refresh_from_db()
    assert head.content == {
        "figure": "child", "region": "front-head", "x": point[0], "y": point[1],
        "kind": "swelling", "size": "", "colour": "rood", "seen_on": day(-3),
        "note": "Bult op het voorhoofd."}

    # Removed after a confirmation; the others are numbered anew.
    confirm = client.get(url(case, chest.pk, "verwijderen")).content.decode()
    assert "Letsel 2 verwijderen?" in confirm
    assert client.post(url(case, chest.pk, "verwijderen")).status_code == 302
    assert list(InjuryMark.objects.values_list("pk", flat=True)) == [head.pk, back.pk]
    assert CaseEvent.objects.filter(case=case, action="body_map").count() == 5
    page = client.get(url(case, back.pk)).content.decode()
    assert "Letsel 2 wijzigen" in page


def test_a_closed_case_shows_its_body_map_and_takes_no_changes(case, client, people):
    assert mark(client, case, region="front-head").status_code == 302
    injury = InjuryMark.objects.get()
    coordinator = Client()
    coordinator.force_login(people["aandachtsfunctionaris"])
    assert act(coordinator, case, "afsluiten", reason="Zorg loopt elders").status_code == 302

    page = client.get(url(case)).content.decode()
    assert "Hoofd, voorkant" in page
    assert 'id="mc-mark-form"' not in page and url(case, injury.pk) not in page
    for path in (url(case), url(case, injury.pk), url(case, injury.pk, "verwijderen")):
        response = client.post(path, {"region": "front-chest", "kind": "bruise",
                                       "seen_on": day(-1)})
        assert response.status_code == 302, path
        assert response["Location"] == url(case)
    assert list(InjuryMark.objects.values_list("content", flat=True)) == [injury.content]


# The figure follows the age group ---------------------------------------------------------


def test_an_adult_gets_the_adult_outline(client, staff):
    case, _wizard = open_case(client, person="Cliënt", age_group="adults")
    assert mark(client, case, region="front-left-upper-arm").status_code == 302
    content = InjuryMark.objects.get().content
    assert (content["figure"], content["x"], content["y"]) == ("adult", 151.0, 147.0)
    page = client.get(url(case)).content.decode()
    assert "Omtrek van een volwassene (leeftijdsgroep: Volwassenen)." in page


def test_a_child_gets_the_child_outline_and_a_changed_age_group_moves_the_marks(
        case, client):
    page = client.get(url(case)).content.decode()
    assert "Omtrek van een kind (leeftijdsgroep: 4 tot 12 jaar)." in page
    assert mark(client, case, x="150", y="160").status_code == 302  # the child's left arm
    case.age_group = "adults"
    case.save()
    [row] = bodymap.display(case)["marks"]
    assert (row.region.key, row.x, row.y) == ("front-left-upper-arm", 151.0, 147.0)


# Where it is shown -----------------------------------------------------------------------


def test_the_case_page_the_admin_and_the_pdf_show_the_marks(case, client, people):
    signal = case.signals.first()
    assert mark(client, case, region="front-left-upper-arm", signal=str(signal.pk),
                note="Gezien op maandag.").status_code == 302
    assert mark(client, case, region="back-right-thigh", kind="burn",
                note="Gezien op dinsdag.").status_code == 302

    page = client.get(f"/meldcode/dossiers/{case.reference}/").content.decode()
    assert url(case) in page
    assert "Linkerbovenarm, voorkant" in page and "Rechterbovenbeen, achterkant" in page
    assert "Gezien op maandag." in page and "Brandwond" in page
    # Numbered on the outline, in the order they were added.
    assert '<text x="146.0" y="169.5" fill="#fff">1</text>' in page
    assert "Lichaamskaart (kind) met 2 letsels: de tabel beschrijft ze." in page

    coordinator = Client()
    coordinator.force_login(people["aandachtsfunctionaris"])
    admin = coordinator.get(admin_case_url(case)).content.decode()
    assert "Linkerbovenarm, voorkant" in admin and "Gezien op dinsdag." in admin

    pdf = PdfReader(io.BytesIO(client.get(f"/meldcode/dossiers/{case.reference}/pdf/").content))
    # The table's narrow columns wrap their words over lines.
    text = " ".join("".join(p.extract_text() for p in pdf.pages).split())
    for expected in ("Lichaamskaart", "Linkerbovenarm, voorkant", "Rechterbovenbeen, achterkant",
                     "Gezien op maandag.", "Brandwond", "Blauwe plek", "Datum gezien"):
        assert expected in text, expected


def test_step_1_leads_to_the_body_map_and_keeps_what_was_typed(case, client):
    wizard = Wizard(client, case.reference)
    step = client.get(wizard.url("signalen")).content.decode()
    assert "Deze stap bewaren en naar de lichaamskaart" in step
    assert "0 letsels staan op de lichaamskaart." in step
    data = wizard.form_data("signalen")
    data.update({"signalen-signals-0-description": "Nieuw: brandplekje op de hand.",
                 "goto_bodymap": "1"})
    response = client.post(wizard.url("signalen"), data)
    assert response.status_code == 302
    assert response["Location"] == url(case)
    assert CaseDraft.objects.get(case=case, step="signalen").data[
        "signalen-signals-0-description"] == ["Nieuw: brandplekje op de hand."]
    assert mark(client, case, region="front-right-hand").status_code == 302
    step = client.get(wizard.url("signalen")).content.decode()
    assert "1 letsel staat op de lichaamskaart." in step
    assert "Nieuw: brandplekje op de hand." in step


# Retention -------------------------------------------------------------------------------


def test_the_purge_removes_the_marks(case, client, people, django_capture_on_commit_callbacks):
    assert mark(client, case, region="front-head").status_code == 302
    client.force_login(people["aandachtsfunctionaris"])
    assert act(client, case, "afsluiten", reason="Zorg loopt elders").status_code == 302
    case = close_years_ago(case, 5, days=1)
    now = timezone.now()
    run(django_capture_on_commit_callbacks, now)  # the warning
    assert len(run(django_capture_on_commit_callbacks, now + WARNING).purged) == 1
    assert not InjuryMark.objects.exists()


def test_a_legal_hold_keeps_the_marks(case, client, people, django_capture_on_commit_callbacks):
    assert mark(client, case, region="front-head").status_code == 302
    client.force_login(people["aandachtsfunctionaris"])
    assert act(client, case, "afsluiten", reason="Zorg loopt elders").status_code == 302
    case = close_years_ago(case, 5, days=1)
    now = timezone.now()
    run(django_capture_on_commit_callbacks, now)
    assert act(client, case, "vernietigingsstop", reason="Klacht").status_code == 302
    assert run(django_capture_on_commit_callbacks, now + WARNING).purged == []
    assert InjuryMark.objects.count() == 1
