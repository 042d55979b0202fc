"""What a step says, said once: the section headings do not repeat the fields' labels."""

import re

import pytest

from tests.helpers import do_steps_1_to_3, open_case
from tests.test_dossier import text_of

pytestmark = pytest.mark.django_db


def test_step_4_names_each_question_once(staff, client):
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


def test_step_2_shows_no_empty_box(staff, client):
    case, _wizard = open_case(client)

    html = client.get(f"/meldcode/dossiers/{case.reference}/stap/overleg/").content.decode()
    start = html.index('id="mc-wizard"')
    form = html[start:html.index("</form>", start)]
    # The step asks for its consultations in a list: one group, with a title.
    assert re.findall(r'<(fieldset|section) class="mc-group"', form) == ["section"]


@pytest.mark.parametrize("age_group, label", [("4-12", "4 tot 12 jaar"),
                                             ("adults", "Volwassenen")])
def test_the_signal_lists_of_the_case_s_age_group_come_first(staff, client, age_group,
                                                             label):
    from wagtail_meldcode.models import SignalList

    case, _wizard = open_case(client, age_group=age_group)

    html = client.get(f"/meldcode/dossiers/{case.reference}/stap/signalen/").content.decode()
    select = html[html.index('name="signalen-signals-0-signal_list_item"'):]
    groups = re.findall(r'<optgroup label="([^"]*)">', select[:select.index("</select>")])
    own = [str(signal_list) for signal_list in SignalList.objects.filter(
        age_group=age_group, items__isnull=False).distinct().order_by("form_of_violence",
                                                                      "title")]
    assert groups[:len(own)] == own
    assert [title for title in groups if title.endswith(f"({label})")] == own
