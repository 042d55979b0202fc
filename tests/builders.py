"""Small builders of the tests' data: a site's meldcode, its role groups, people, cases.

Each makes only what its name says; the fixtures in ``conftest.py`` combine them. Only
``tests/test_demo.py`` runs ``load_demo``, to test the demo itself.
"""

import datetime
import io

from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from example_site.intranet.demo_history import create_history
from example_site.intranet.management.commands.load_demo import DEMO_USERS, Command
from example_site.intranet.models import HomePage
from wagtail_meldcode.choices import AgeGroup, CaseStatus, FormOfViolence
from wagtail_meldcode.models import (
    Case,
    Consultation,
    Conversation,
    Decision,
    MeldcodePage,
    MeldcodeSettings,
    Signal,
    Weighing,
)
from wagtail_meldcode.models.followup import schedule_followup
from wagtail_meldcode.roles import ensure_roles


def build_home():
    """A home page as the default site's root, in place of Wagtail's welcome page."""
    home = HomePage(title="Intranet", slug="intranet")
    Page.get_first_root_node().add_child(instance=home)
    Site.objects.update(root_page=home)
    # A queryset update sends no signal: drop the root paths an earlier test left cached,
    # or links are built with that site's address.
    Site.clear_site_root_paths_cache()
    return home


def install_meldcode(home, sector="onderwijs"):
    """The basismodel meldcode for ``sector``, published under ``home`` by its installer."""
    call_command("meldcode_install_basismodel", sector=sector, parent=str(home.pk),
                 stdout=io.StringIO())
    return MeldcodePage.objects.child_of(home).get(slug="meldcode")


def give_roles(meldcode):
    """The role groups for ``meldcode``'s site, and its home page visible to staff,
    coordinators and editors only (page privacy), as an organisation sets it up."""
    home = meldcode.get_parent()
    roles = ensure_roles(meldcode_page=meldcode, site=meldcode.get_site())
    restriction = PageViewRestriction.objects.create(
        page=home, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(roles.staff, roles.coordinators, roles.editors)
    return roles


def make_person(username, *groups, first_name="", last_name=""):
    """A user in ``groups``, with an e-mail address at example.org."""
    user = User.objects.create_user(username, email=f"{username}@example.org",
                                    first_name=first_name, last_name=last_name)
    user.groups.add(*groups)
    return user


def make_people(roles):
    """One person per role, named as in the demo (``medewerker``, ``aandachtsfunctionaris``,
    ``beheerder``, ``leidinggevende``); returned by username."""
    return {
        username: make_person(username, getattr(roles, role), first_name=first_name,
                              last_name=last_name)
        for username, (first_name, last_name, role) in DEMO_USERS.items()
    }


def ask_own_questions(meldcode):
    """The demo organisation's two questions of its own (step 1 and step 4)."""
    Command().ensure_own_questions(meldcode)


def name_coordinator(meldcode):
    """The coordinator ``aandachtsfunctionaris`` as the meldcode page's contact."""
    Command().ensure_contacts(meldcode)


def make_history(meldcode, coordinator):
    """A year of closed cases of a former colleague, for the evaluation report."""
    create_history(meldcode, meldcode.get_site(), coordinator)


def make_case(meldcode, owner, **fields):
    """A case of ``owner`` on ``meldcode``'s site, under the revision in force."""
    fields = {"meldcode_revision": meldcode.live_revision, "age_group": AgeGroup.AGE_4_12,
              "person_reference": "Leerling groep 7, S.", **fields}
    return Case.objects.create(meldcode=meldcode, site=meldcode.get_site(), owner=owner,
                               **fields)


def make_started_case(meldcode, owner):
    """An open case in step 2, with the signal its owner recorded in step 1."""
    case = make_case(meldcode, owner, person_reference="Leerling groep 5, R.", current_step=2)
    Signal.objects.create(case=case, description="Komt sinds twee weken zonder lunch.",
                          observed_on=timezone.localdate() - datetime.timedelta(days=3),
                          form_of_violence=FormOfViolence.PHYSICAL_NEGLECT)
    return case


def make_closed_case(meldcode, owner):
    """A case closed in step 5: no suspicion after all."""
    return make_case(meldcode, owner, person_reference="Leerling groep 3, M.", current_step=5,
                     status=CaseStatus.CLOSED, closed_at=timezone.now(),
                     close_reason="De blauwe plekken kwamen van een val bij het turnen.")


def make_helped_case(meldcode, owner, coordinator):
    """A case with every step recorded, decided as help, its first check due in a week."""
    today = timezone.localdate()
    ago = lambda days: today - datetime.timedelta(days=days)  # noqa: E731
    case = make_case(meldcode, owner, coordinator=coordinator, current_step=5,
                     status=CaseStatus.HELP)
    Signal.objects.create(
        case=case, description="Vertelt dat ouders elke avond hard ruziemaken.",
        observed_on=ago(30), form_of_violence=FormOfViolence.WITNESS_DOMESTIC_VIOLENCE)
    Consultation.objects.create(
        case=case, with_whom="coordinator", consulted_on=ago(28),
        consulted_name=coordinator.get_full_name(), advice="Eerst een gesprek met beide ouders.")
    Conversation.objects.create(
        case=case, with_whom="Beide ouders", held_on=ago(21), purpose_explained=True,
        facts_presented=True, reaction="Ouders herkennen de spanningen en willen hulp.")
    Weighing.objects.create(
        case=case, suspicion=True, acute_unsafety=False, structural_unsafety=False,
        reasoning="Zorgen over de thuissituatie, geen acuut gevaar; ouders werken mee.",
        weighed_by=owner)
    decision = Decision.objects.create(
        case=case, can_help=True, help_accepted=True, help_effective=True,
        suggested_report=False, suggested_help=True, report=False, help=True,
        help_plan="Ouders gaan naar opvoedondersteuning bij het wijkteam.",
        help_provider="Wijkteam", first_check_on=today + datetime.timedelta(days=7),
        check_interval_days=28, help_ends_on=today + datetime.timedelta(days=91),
        decided_by=owner)
    schedule_followup(case, decision.first_check_on,
                      MeldcodeSettings.for_site(case.site).reminder_hour, decision=decision)
    return case
