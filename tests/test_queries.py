"""Rendering a step page costs the same number of queries with 5 or 50 signal lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail_meldcode.choices import AgeGroup, FormOfViolence
from wagtail_meldcode.models import MeldcodeStepPage, SignalList, SignalListItem

pytestmark = pytest.mark.django_db

#: A published step page for a visitor: the site, the home page (specific), the meldcode
#: page (and its specific page), the ancestors' aliases and the view restrictions (page
#: privacy), the meldcode's steps, the site's meldcode settings, the signal lists and
#: their signals.
STEP_PAGE_QUERIES = 10


def embed_lists(step, count):
    """Make ``count`` extra signal lists and embed every list there is in the step."""
    for n in range(count):
        signal_list = SignalList(
            title=f"Lijst {n}", age_group=AgeGroup.AGE_4_12,
            form_of_violence=FormOfViolence.PHYSICAL_NEGLECT,
        )
        signal_list.items = [SignalListItem(text=f"Signaal {n}.{i}") for i in range(8)]
        signal_list.save()
    step.body = [("signal_list", signal_list) for signal_list in SignalList.objects.all()]
    step.save_revision().publish()
    return SignalList.objects.count()


def count_queries(client, url):
    client.get(url)  # warm what is cached across requests (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_step_page_queries_do_not_grow_with_signal_lists(meldcode, client):
    step = MeldcodeStepPage.objects.get(step_number=1)
    SignalList.objects.all().delete()

    embedded = embed_lists(step, 5)
    few, content = count_queries(client, step.url)
    assert content.count('class="mc-block mc-signals"') == embedded == 5

    embedded = embed_lists(step, 45)
    many, content = count_queries(client, step.url)
    assert content.count('class="mc-block mc-signals"') == embedded == 50
    assert "Signaal 44.7" in content

    assert many == few
    assert few == STEP_PAGE_QUERIES
