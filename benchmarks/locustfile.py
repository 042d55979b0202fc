"""Load: staff members working through the case forms, as ``benchmarks.load`` runs it.

Run as ``StaffMember`` (ours) or ``PeerMember`` (the same mix against plain Wagtail pages
and a form page: ``BENCH_PEER_PAGES``, a JSON object of their URLs).

Each simulated staff member has a session of their own (``BENCH_SESSIONS``: a JSON list of
session keys made by the harness, so no login and no password hashing are measured), opens
a case, records the five steps, decides on help with a follow-up, looks at the case and
at "Mijn dossiers", and starts again. Between a form arriving and its POST, and between
two pages, they read and type for 1 to 3 seconds.

The users are locust's ``FastHttpUser`` (geventhttpclient): the same requests as with
``HttpUser`` (python-requests), at a fraction of the CPU, which on this machine is
shared with the server under test.
"""

import datetime
import itertools
import json
import os
from http.cookiejar import Cookie

from locust import FastHttpUser, between, task

from formdata import form_data

SESSIONS = json.loads(os.environ.get("BENCH_SESSIONS", "[]"))
PEER_PAGES = json.loads(os.environ.get("BENCH_PEER_PAGES", "{}"))
_next_session = itertools.count()
MELDCODE = "/meldcode/"


def day(offset=0):
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


STEPS = {
    "signalen": {
        "person_name": "", "age_group": "4-12", "signals-TOTAL_FORMS": "2",
        "signals-0-description": "Blauwe plek op de wang, zegt gevallen te zijn.",
        "signals-0-kind": "fact", "signals-0-source": "own",
        "signals-0-observed_on": day(-2), "signals-0-form_of_violence": "physical_abuse",
        "signals-1-description": "Mogelijk thuis geslagen.", "signals-1-kind": "hypothesis",
        "signals-1-source": "own", "signals-1-observed_on": day(-1),
    },
    "overleg": {
        "consultations-0-with_whom": "coordinator", "consultations-0-consulted_on": day(-1),
        "consultations-0-advice": "Bespreek het met de ouders.",
    },
    "gesprek": {
        "conversations-0-with_whom": "moeder", "conversations-0-held_on": day(),
        "conversations-0-purpose_explained": "on", "conversations-0-facts_presented": "on",
        "conversations-0-reaction": "Moeder schrok en vertelde over spanningen thuis.",
    },
    "weging": {
        "suspicion": "yes", "acute_unsafety": "no", "structural_unsafety": "no",
        "reasoning": "Signalen, advies en gesprek wijzen dezelfde kant op.",
    },
    "besluit": {
        "can_help": "yes", "help_accepted": "yes", "help_effective": "yes",
        "report": "no", "help": "yes", "help_plan": "Schoolmaatschappelijk werk, wekelijks.",
        "help_provider": "SMW", "first_check_on": day(14), "check_interval_days": "14",
        "help_ends_on": day(70),
    },
}


def session_cookie(host, key):
    """The session cookie for ``host`` (an address such as 127.0.0.1)."""
    return Cookie(
        version=0, name="sessionid", value=key, port=None, port_specified=False,
        domain=host, domain_specified=False, domain_initial_dot=False, path="/",
        path_specified=True, secure=False, expires=None, discard=True, comment=None,
        comment_url=None, rest={},
    )


class LoggedIn(FastHttpUser):
    """A staff member with a session of their own, who reads and types between pages."""

    abstract = True
    wait_time = between(1, 3)

    def on_start(self):
        key = SESSIONS[next(_next_session) % len(SESSIONS)]
        host = self.host.split("://", 1)[1].split(":")[0].split("/")[0]
        self.client.cookiejar.set_cookie(session_cookie(host, key))
        self.client.get("/accounts/login/", name="login page (CSRF cookie)")

    def cookie(self, name):
        return next((c.value for c in self.client.cookiejar if c.name == name), "")

    def post(self, url, data, name, status=302):
        data = {**data, "csrfmiddlewaretoken": self.cookie("csrftoken")}
        with self.client.post(url, data, name=name, allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != status:
                response.failure(f"{response.status_code}: the form was not accepted")
            return response


class StaffMember(LoggedIn):
    """A staff member recording cases, one step at a time."""

    @task
    def record_a_case(self):
        page = self.client.get(f"{MELDCODE}dossiers/nieuw/", name="new case form")
        self.wait()  # reading and typing
        data = form_data(page.text, form_id=None)
        data.update({"person_reference": "Leerling groep 6", "age_group": "4-12"})
        response = self.post(f"{MELDCODE}dossiers/nieuw/", data, "new case POST")
        step_url = response.headers.get("Location")
        if not step_url:
            return
        case_url = step_url.split("stap/")[0]
        for step, fields in STEPS.items():
            url = f"{case_url}stap/{step}/"
            page = self.client.get(url, name=f"step {step}")
            self.wait()
            data = form_data(page.text)
            data.update({f"{step}-{name}": value for name, value in fields.items()})
            if self.post(url, data, f"step {step} POST").status_code != 302:
                return
        self.client.get(case_url, name="case page")
        self.wait()
        self.client.get(f"{MELDCODE}dossiers/", name="my cases")


class PeerMember(LoggedIn):
    """The same mix, request for request and pause for pause, against what an
    organisation would publish instead: the form page (6 fields, stores a submission and
    renders its landing page) where ours has a form, the plain copy of a step page where
    ours shows a page, the plain index page for "Mijn dossiers"."""

    @task
    def record_a_case(self):
        form, step, index = PEER_PAGES["form"], PEER_PAGES["step"], PEER_PAGES["index"]
        answers = dict(STEPS["weging"])
        self.client.get(form, name="peer: form page (new case form)")
        self.wait()
        self.post(form, answers, "peer: form page POST (new case)", status=200)
        for name in STEPS:
            self.client.get(step, name=f"peer: plain page (step {name})")
            self.wait()
            self.post(form, answers, f"peer: form page POST (step {name})", status=200)
        self.client.get(step, name="peer: plain page (case page)")
        self.wait()
        self.client.get(index, name="peer: index page (my cases)")
