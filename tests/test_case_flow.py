"""A staff member takes a case from the first signal to each of the four outcomes."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.models import Case, CaseEvent, FollowUp

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


class Wizard:
    """Drive the case wizard through the test client as a browser would."""

    def __init__(self, client, reference):
        self.client = client
        self.reference = reference

    def url(self, step):
        return f"/meldcode/dossiers/{self.reference}/stap/{step}/"

    def form_data(self, step):
        """The hidden fields of the step as the page renders them."""
        content = self.client.get(self.url(step)).content.decode()
        data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', content))
        data.pop("csrfmiddlewaretoken", None)
        return data

    def post(self, step, fields, **extra):
        data = self.form_data(step)
        data.update({f"{step}-{name}": value for name, value in fields.items()})
        data.update(extra)
        return self.client.post(self.url(step), data)


@pytest.fixture
def staff(demo, client):
    user = User.objects.get(username="medewerker")
    client.force_login(user)
    return user


def open_case(client, person="Leerling groep 6", age_group="4-12"):
    response = client.post("/meldcode/dossiers/nieuw/",
                           {"person_reference": person, "age_group": age_group})
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.latest("created_at")
    assert response["Location"] == f"/meldcode/dossiers/{case.reference}/stap/signalen/"
    return case, Wizard(client, case.reference)


def day(offset=0):
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


def do_steps_1_to_3(wizard, form="physical_abuse"):
    r = wizard.post("signalen", {
        "person_reference": "Leerling groep 6", "person_name": "", "age_group": "4-12",
        "signals-0-description": "Blauwe plek op de wang, zegt gevallen te zijn.",
        "signals-0-kind": "fact", "signals-0-source": "own",
        "signals-0-observed_on": day(-2), "signals-0-form_of_violence": form,
        "signals-1-description": "Mogelijk thuis geslagen.", "signals-1-kind": "hypothesis",
        "signals-1-source": "own", "signals-1-observed_on": day(-1),
    }, **{"signalen-signals-TOTAL_FORMS": "2"})
    assert r.status_code == 302, errors(r)
    r = wizard.post("overleg", {
        "consultations-0-with_whom": "coordinator", "consultations-0-consulted_on": day(-1),
        "consultations-0-advice": "Bespreek het met de ouders.",
    })
    assert r.status_code == 302, errors(r)
    r = wizard.post("gesprek", {
        "conversations-0-with_whom": "moeder", "conversations-0-held_on": day(),
        "conversations-0-purpose_explained": "on", "conversations-0-facts_presented": "on",
        "conversations-0-reaction": "Moeder schrok en vertelde over spanningen thuis.",
    })
    assert r.status_code == 302, errors(r)


def errors(response):
    content = response.content.decode()
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', content, re.S)
    summary = re.findall(r'class="mc-errorsummary".*?</div>', content, re.S)
    return found + summary or content[:2000]


def weigh(wizard, suspicion, acute="no", structural="no"):
    r = wizard.post("weging", {
        "suspicion": suspicion, "acute_unsafety": acute, "structural_unsafety": structural,
        "reasoning": "Signalen, advies en gesprek wijzen dezelfde kant op.",
    })
    assert r.status_code == 302, errors(r)


def test_closed_without_suspicion(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "no")
    r = wizard.post("besluit", {
        "report": "no", "help": "no", "close_reason": "Verklaring van moeder klopt.",
    })
    assert r.status_code == 302, errors(r)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_at
    assert case.close_reason == "Verklaring van moeder klopt."
    assert CaseEvent.objects.filter(case=case, action="close").exists()


def test_report(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes", acute="yes")
    r = wizard.post("besluit", {
        "can_help": "open", "report": "yes", "help": "no", "reported_on": day(),
        "veilig_thuis_reference": "VT-123", "report_discussed": "yes",
        "client_reaction": "Moeder begreep het.",
    })
    assert r.status_code == 302, errors(r)
    case.refresh_from_db()
    assert case.status == CaseStatus.REPORTED
    decision = case.latest_decision()
    assert decision.report and not decision.help and decision.suggested_help is None


def test_help(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes")
    r = wizard.post("besluit", {
        "can_help": "yes", "help_accepted": "yes", "help_effective": "yes",
        "report": "no", "help": "yes", "help_plan": "Schoolmaatschappelijk werk, wekelijks.",
        "help_provider": "SMW", "first_check_on": day(14), "check_interval_days": "14",
        "help_ends_on": day(70),
    })
    assert r.status_code == 302, errors(r)
    case.refresh_from_db()
    assert case.status == CaseStatus.HELP
    assert list(FollowUp.objects.filter(case=case).values_list("due_on", flat=True)) == [
        TODAY + datetime.timedelta(days=d) for d in (14, 28, 42, 56, 70)
    ]


def test_report_and_help(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes", structural="yes")
    r = wizard.post("besluit", {
        "can_help": "yes", "help_accepted": "yes", "help_effective": "yes",
        "report": "yes", "help": "yes", "reported_on": day(), "report_discussed": "no_safety",
        "report_discussion": "Vader is agressief geweest tegen een leerkracht.",
        "help_plan": "Hulp via wijkteam.", "help_provider": "Wijkteam",
        "first_check_on": day(7), "check_interval_days": "7", "help_ends_on": day(7),
    })
    assert r.status_code == 302, errors(r)
    case.refresh_from_db()
    assert case.status == CaseStatus.HELP
    assert case.latest_decision().report
    assert FollowUp.objects.filter(case=case).count() == 1
