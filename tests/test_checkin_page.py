"""The check-in a reminder links to shows what is being checked: the help agreed, who
provides it, until when, and how the earlier checks went."""

import pytest
from django.utils import translation
from django.utils.formats import date_format

from tests.builders import make_person
from tests.helpers import decide_help, do_steps_1_to_3, errors, open_case, weigh
from tests.test_dossier import text_of
from wagtail_meldcode.models import FollowUp

pytestmark = pytest.mark.django_db


def test_the_check_in_shows_the_help_plan_and_the_earlier_checks(roles, client):
    client.force_login(make_person("sanne", roles.staff, first_name="Sanne",
                                   last_name="de Vries"))
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes")
    decide_help(wizard, help_provider="SMW de Linde")
    first = FollowUp.objects.get(case=case)
    url = f"/meldcode/dossiers/{case.reference}/controle/"
    page = text_of(client.get(f"{url}{first.pk}/").content.decode())
    assert ("De afgesproken hulp Hulpplan Schoolmaatschappelijk werk, wekelijks. "
            "Wie de hulp biedt SMW de Linde Volgen tot") in page
    assert "Eerdere controles" not in page

    r = client.post(f"{url}{first.pk}/", {"outcome": "working",
                                          "observations": "Gaat goed op school."})
    assert r.status_code == 302, errors(r)
    second = FollowUp.objects.get(case=case, status="pending")
    page = text_of(client.get(f"{url}{second.pk}/").content.decode())
    with translation.override("nl"):
        due = date_format(first.due_on, "j F Y")
    assert f"Eerdere controles Controle van {due} Werkt de hulp?" in page
    assert ("Werkt de hulp? Ja, de hulp werkt Waarnemingen Gaat goed op school. "
            "Status Uitgevoerd, ") in page
    assert " · Sanne de Vries Werkt de hulp?" in page
