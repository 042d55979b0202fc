"""Drive the case wizard through the test client, as a browser would."""

import datetime
import re
from html.parser import HTMLParser

from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from wagtail_meldcode.models import Case

TODAY = timezone.localdate()


class FormParser(HTMLParser):
    """The values of the wizard form's fields, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self._in_form = False
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "mc-wizard":
            self._in_form = True
        if not self._in_form or not attrs.get("name") and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button"):
                return
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.data[attrs["name"]] = attrs.get("value", "on")
                return
            self.data[attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = ""
        elif tag == "select":
            self._select = attrs["name"]
            self.data.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            # Browsers drop the newline that follows <textarea>.
            value = self.data[self._textarea]
            self.data[self._textarea] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


class Wizard:
    """Drive the case wizard through the test client as a browser would."""

    def __init__(self, client, reference):
        self.client = client
        self.reference = reference

    def url(self, step):
        return f"/meldcode/dossiers/{self.reference}/stap/{step}/"

    def form_data(self, step):
        """What a browser would submit for the step's form as the page renders it."""
        parser = FormParser()
        parser.feed(self.client.get(self.url(step)).content.decode())
        parser.data.pop("csrfmiddlewaretoken", None)
        return parser.data

    def post(self, step, fields, **extra):
        data = self.form_data(step)
        data.update({f"{step}-{name}": value for name, value in fields.items()})
        data.update(extra)
        return self.client.post(self.url(step), data)


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


def verify_second_factor(client, user):
    """Mark the client's session as past the second factor, as after typing a code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or (
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
