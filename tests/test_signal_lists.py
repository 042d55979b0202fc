"""Signal lists (signalenkaarten) are snippets editors manage in the admin."""

import pytest
from django.contrib.auth.models import User
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from wagtail_meldcode.choices import AgeGroup, FormOfViolence
from wagtail_meldcode.models import SignalList, SignalListItem
from wagtail_meldcode.roles import ensure_roles

pytestmark = pytest.mark.django_db

ADMIN_URL = "/admin/snippets/wagtail_meldcode/signallist/"


@pytest.fixture
def editor(client):
    user = User.objects.create_user("beheerder", password="x" * 16)
    user.groups.add(ensure_roles().editors)
    client.force_login(user)
    return user


def make_list(title, age_group, form, *signals):
    signal_list = SignalList(title=title, age_group=age_group, form_of_violence=form)
    signal_list.items = [SignalListItem(text=text) for text in signals]
    signal_list.save()
    return signal_list


def test_editor_creates_a_list_with_its_signals(editor, client):
    response = client.post(
        ADMIN_URL + "add/",
        nested_form_data({
            "title": "Verwaarlozing peuters",
            "age_group": AgeGroup.AGE_0_4,
            "form_of_violence": FormOfViolence.PHYSICAL_NEGLECT,
            "introduction": "",
            "items": inline_formset([
                {"text": "Komt vaak zonder ontbijt"},
                {"text": "Luiers worden niet verschoond"},
            ]),
        }),
    )
    assert response.status_code == 302
    signal_list = SignalList.objects.get()
    assert [item.text for item in signal_list.items.all()] == [
        "Komt vaak zonder ontbijt", "Luiers worden niet verschoond",
    ]


def test_a_list_needs_at_least_one_signal(editor, client):
    response = client.post(
        ADMIN_URL + "add/",
        nested_form_data({
            "title": "Leeg", "age_group": AgeGroup.ADULTS,
            "form_of_violence": FormOfViolence.ELDER_ABUSE, "introduction": "",
            "items": inline_formset([]),
        }),
    )
    assert response.status_code == 200
    assert not SignalList.objects.exists()


def test_listing_filters_by_age_group_and_form(editor, client):
    make_list("Lijst Alfa", AgeGroup.AGE_0_4, FormOfViolence.PHYSICAL_ABUSE, "Blauwe plekken")
    make_list("Lijst Beta", AgeGroup.ADULTS, FormOfViolence.ELDER_ABUSE, "Geldzaken onduidelijk")
    response = client.get(ADMIN_URL, {"age_group": AgeGroup.ADULTS})
    content = response.content.decode()
    assert "Lijst Beta" in content and "Lijst Alfa" not in content
    response = client.get(ADMIN_URL, {"form_of_violence": FormOfViolence.PHYSICAL_ABUSE})
    content = response.content.decode()
    assert "Lijst Alfa" in content and "Lijst Beta" not in content


def test_staff_cannot_reach_the_snippets(client):
    user = User.objects.create_user("medewerker", password="x" * 16)
    user.groups.add(ensure_roles().staff)
    client.force_login(user)
    assert client.get(ADMIN_URL).status_code == 302
