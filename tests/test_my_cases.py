""""Mijn dossiers": current cases first (overdue at the top), closed cases apart, paged."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.models import Case, FollowUp, MeldcodePage
from wagtail_meldcode.models.followup import FollowUpStatus
from wagtail_meldcode.roles import STAFF_GROUP
from wagtail_meldcode.views.cases import MY_CASES_PER_PAGE

pytestmark = pytest.mark.django_db

URL = "/meldcode/dossiers/"


@pytest.fixture
def worker(people, client):
    """A staff member with no cases yet, logged in with ``client``."""
    user = User.objects.create_user("nieuwe-medewerker")
    user.groups.add(Group.objects.get(name=STAFF_GROUP))
    client.force_login(user)
    return user


def make_cases(owner, count, *, status=CaseStatus.OPEN, start=0):
    """``count`` cases of ``owner``, each changed an hour after the one before."""
    meldcode = MeldcodePage.objects.get()
    site = meldcode.get_site()
    cases = [
        Case.objects.create(meldcode=meldcode, site=site, owner=owner, status=status,
                            age_group="4-12", person_reference=f"Leerling {start + n}")
        for n in range(count)
    ]
    base = timezone.now() - datetime.timedelta(days=30)
    for n, case in enumerate(cases):
        Case.objects.filter(pk=case.pk).update(
            updated_at=base + datetime.timedelta(hours=start + n))
    return cases


def listed(response):
    """The case references in the table, in the order shown."""
    return re.findall(r'<th scope="row"><a href="[^"]+">(MC-[A-Z0-9-]+)</a>',
                      response.content.decode())


def test_current_cases_are_listed_and_closed_ones_apart(worker, client):
    current = [*make_cases(worker, 1), *make_cases(worker, 1, status=CaseStatus.HELP, start=1),
               *make_cases(worker, 1, status=CaseStatus.REPORTED, start=2)]
    closed = make_cases(worker, 2, status=CaseStatus.CLOSED, start=3)

    response = client.get(URL)
    content = response.content.decode()
    # Most recently changed first, though closed cases were changed last.
    assert listed(response) == [c.reference for c in reversed(current)]
    assert 'aria-current="page">Lopend <span class="mc-tabs__count">(3)</span>' in content
    assert '>Afgesloten <span class="mc-tabs__count">(2)</span>' in content

    response = client.get(URL, {"lijst": "afgesloten"})
    assert listed(response) == [c.reference for c in reversed(closed)]
    assert 'aria-current="page">Afgesloten' in response.content.decode()


def test_a_case_with_an_overdue_check_comes_first(worker, client):
    cases = make_cases(worker, 3, status=CaseStatus.HELP)
    oldest = cases[0]
    FollowUp.objects.create(case=oldest, due_on=timezone.localdate(), due_at=timezone.now(),
                            status=FollowUpStatus.PENDING, escalated_at=timezone.now())

    assert listed(client.get(URL)) == [oldest.reference, cases[2].reference,
                                       cases[1].reference]


def test_the_list_is_paged(worker, client):
    cases = make_cases(worker, MY_CASES_PER_PAGE + 5)
    newest_first = [c.reference for c in reversed(cases)]

    first = client.get(URL)
    content = first.content.decode()
    assert listed(first) == newest_first[:MY_CASES_PER_PAGE]
    assert f"Dossiers 1 tot {MY_CASES_PER_PAGE} van {len(cases)}" in content
    assert 'href="/meldcode/dossiers/?lijst=lopend&amp;pagina=2" rel="next"' in content
    assert 'rel="prev"' not in content

    second = client.get(URL, {"lijst": "lopend", "pagina": "2"})
    assert listed(second) == newest_first[MY_CASES_PER_PAGE:]
    assert 'rel="prev"' in second.content.decode()
    assert 'rel="next"' not in second.content.decode()

    # A page past the end shows the last; a page that is no number, the first.
    assert listed(client.get(URL, {"pagina": "99"})) == listed(second)
    assert listed(client.get(URL, {"pagina": "x", "lijst": "onbekend"})) == listed(first)


def test_a_short_list_has_no_page_links(worker, client):
    make_cases(worker, 2)
    assert 'class="mc-pagination"' not in client.get(URL).content.decode()


@pytest.mark.parametrize(("current", "closed", "text"), [
    (0, 0, "Je hebt nog geen dossiers."),
    (0, 1, "Je hebt geen lopende dossiers."),
])
def test_an_empty_list_says_so(worker, client, current, closed, text):
    make_cases(worker, current)
    make_cases(worker, closed, status=CaseStatus.CLOSED)
    assert text in client.get(URL).content.decode()


def test_an_empty_closed_list_says_so(worker, client):
    make_cases(worker, 1)
    assert "Je hebt geen afgesloten dossiers." in client.get(
        URL, {"lijst": "afgesloten"}).content.decode()
