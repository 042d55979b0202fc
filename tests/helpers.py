"""Drive the case wizard through the test client, as a browser would."""

import contextlib
import datetime
import re
import subprocess
import sys
import threading
from pathlib import Path

import kombu.pools
from django.db import connection
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from example_site.celery import app
from formdata import form_data
from wagtail_meldcode.models import Case

TODAY = timezone.localdate()


class Wizard:
    """Drive the case wizard through the test client as a browser would."""

    def __init__(self, client, reference):
        self.client = client
        self.reference = reference

    def url(self, step):
        return f"/meldcode/dossiers/{self.reference}/stap/{step}/"

    def form_data(self, step):
        """What a browser would submit for the step's form as the page renders it."""
        data = form_data(self.client.get(self.url(step)).content.decode())
        data.pop("csrfmiddlewaretoken", None)
        return data

    def post(self, step, fields, **extra):
        """Post the step with ``fields`` changed. A save that fails validation redirects
        back to the step (post/redirect/get): then the page the browser shows next, with
        the errors, is returned."""
        data = self.form_data(step)
        data.update({f"{step}-{name}": value for name, value in fields.items()})
        data.update(extra)
        response = self.client.post(self.url(step), data)
        if response.status_code == 302 and response["Location"] == self.errors_url(step):
            return self.client.get(self.url(step))
        return response

    def errors_url(self, step):
        """Where a save of ``step`` that failed validation leads."""
        return f"{self.url(step)}#mc-errors"


def open_case(client, person="Leerling groep 6", age_group="4-12"):
    response = client.post("/meldcode/dossiers/nieuw/",
                           {"person_reference": person, "age_group": age_group})
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.latest("created_at")
    assert response["Location"] == f"/meldcode/dossiers/{case.reference}/stap/signalen/"
    return case, Wizard(client, case.reference)


def open_colleague_case(client, colleague=None, description="J. de Boer, groepsleerkracht",
                        person="Leerling groep 6", age_group="4-12"):
    """Open a worry about a colleague as a staff member does; ``colleague``: their account."""
    response = client.post("/meldcode/dossiers/collega/nieuw/", {
        "person_reference": person, "age_group": age_group,
        "colleague_description": description, "colleague": colleague.pk if colleague else "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.latest("created_at")
    assert response["Location"] == f"/meldcode/dossiers/{case.reference}/stap/gezien/"
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


@contextlib.contextmanager
def use_broker(url, **transport_options):
    """Point this process's Celery app (the one ``dispatch`` publishes with) at ``url``."""
    conf = app.conf
    saved = conf.broker_url, conf.broker_transport_options

    def reset_pools():
        # Celery and kombu keep connection pools per broker URL; start from none.
        kombu.pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    reset_pools()
    conf.broker_url, conf.broker_transport_options = url, transport_options
    try:
        yield
    finally:
        reset_pools()
        conf.broker_url, conf.broker_transport_options = saved


def published(callbacks, task_name):
    """The batches of ids that captured on-commit ``callbacks`` would hand to ``task_name``."""
    from wagtail_meldcode import outbox

    batches = []
    for callback in callbacks:
        assert callback.func is outbox.publish and callback.args[0] == task_name
        batches.extend(callback.args[1])
    return batches


def write_canary_in_steps_1_to_3(wizard, canary):
    """Steps 1 to 3 again, with ``canary`` in every free-text field they have."""
    wizard.post("signalen", {"person_name": f"{canary}-naam",
                             "signals-0-description": f"{canary}-signaal",
                             "signals-0-source": "third_party",
                             "signals-0-source_name": f"{canary}-bron"})
    wizard.post("overleg", {"consultations-0-advice": f"{canary}-advies",
                            "consultations-0-consulted_name": f"{canary}-collega"})
    wizard.post("gesprek", {"conversations-0-with_whom": f"{canary}-moeder",
                            "conversations-0-reaction": f"{canary}-reactie",
                            "conversations-0-interpretation": f"{canary}-duiding"})


def assert_loads_no_django(module):
    """Importing ``module`` in a fresh interpreter loads neither Django nor Wagtail."""
    code = (
        f"import sys, {module}; "
        "sys.exit(any(m.partition('.')[0] in ('django', 'wagtail') for m in sys.modules))"
    )
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


class Gate:
    """Two requests at once, the first held inside its lock: does the second wait?

    Call :meth:`hold` where the first holds the lock (a monkeypatched step of the view);
    :meth:`run` starts ``first``, waits until it is held there, starts ``second``, checks
    that it waits, and then lets both finish. Returns what each returned.
    """

    def __init__(self):
        self.held, self.opened = threading.Event(), threading.Event()

    def hold(self):
        if threading.current_thread().name == "first":
            self.held.set()
            self.opened.wait(10)

    def run(self, first, second):
        results = {}

        def call(name, target):
            try:
                results[name] = target()
            finally:
                connection.close()

        threads = {name: threading.Thread(target=call, name=name, args=(name, target))
                   for name, target in (("first", first), ("second", second))}
        threads["first"].start()
        assert self.held.wait(10)
        threads["second"].start()
        threads["second"].join(0.5)
        assert threads["second"].is_alive(), "the second did not wait for the first"
        self.opened.set()
        for thread in threads.values():
            thread.join(10)
        return results["first"], results["second"]


def error_summary(response):
    """The error summary at the top of a page ("" when there is none)."""
    found = re.search(r'class="mc-errorsummary".*?</div>', response.content.decode(), re.S)
    return found.group(0) if found else ""


def decide_help(wizard, **changes):
    """Step 5 decided as help, no report, checked every 14 days for ten weeks."""
    r = wizard.post("besluit", {
        "can_help": "yes", "help_accepted": "yes", "help_effective": "yes",
        "report": "no", "help": "yes", "help_plan": "Schoolmaatschappelijk werk, wekelijks.",
        "help_provider": "SMW", "first_check_on": day(14), "check_interval_days": "14",
        "help_ends_on": day(70), **changes,
    })
    assert r.status_code == 302, errors(r)
    return r


def admin_case_url(case, action=""):
    """The admin's page of ``case``, or of the coordinator's ``action`` (its slug) on it."""
    return f"/admin/meldcode_cases/{case.pk}/dossier/" + (f"{action}/" if action else "")


def act(client, case, action, **data):
    """The coordinator does ``action`` (its slug, e.g. "afsluiten") to ``case``."""
    return client.post(admin_case_url(case, action), data)
