"""What a step says, said once: the section headings do not repeat the fields' labels."""

import re

import pytest
from django.contrib.auth.models import User
from wagtail.models import Site

from tests.helpers import do_steps_1_to_3, open_case
from tests.test_dossier import text_of
from wagtail_meldcode.roles import ensure_roles

pytestmark = pytest.mark.django_db


def test_step_4_names_each_question_once(meldcode, client):
    roles = ensure_roles(meldcode_page=meldcode, site=Site.objects.get(is_default_site=True))
    staff = User.objects.create_user("sanne")
    staff.groups.add(roles.staff)
    client.force_login(staff)
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)

    html = client.get(f"/meldcode/dossiers/{case.reference}/stap/weging/").content.decode()
    form = html[html.index('id="mc-wizard"'):]
    legends = [text_of(h) for h in re.findall(r"<legend[^>]*>(.*?)</legend>", form, re.S)]
    assert legends == [
        "Is er een vermoeden?",
        "Vraag 1: Heb ik op basis van stap 1 tot en met 3 een vermoeden van (dreiging van) "
        "huiselijk geweld of kindermishandeling?",
        "Is er onveiligheid?",
        "Vraag 2: is er sprake van acute onveiligheid?",
        "Vraag 2: is er sprake van structurele onveiligheid?",
        "Jouw weging",
    ]


def test_step_2_shows_no_empty_box(meldcode, client):
    roles = ensure_roles(meldcode_page=meldcode, site=Site.objects.get(is_default_site=True))
    staff = User.objects.create_user("sanne")
    staff.groups.add(roles.staff)
    client.force_login(staff)
    case, _wizard = open_case(client)

    html = client.get(f"/meldcode/dossiers/{case.reference}/stap/overleg/").content.decode()
    start = html.index('id="mc-wizard"')
    form = html[start:html.index("</form>", start)]
    # The step asks for its consultations in a list: one group, with a title.
    assert re.findall(r'<(fieldset|section) class="mc-group"', form) == ["section"]
