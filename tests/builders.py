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

from example_site.intranet.demo_cases import closed_case, helped_case, new_case, started_case
from example_site.intranet.demo_history import create_history
from example_site.intranet.management.commands.load_demo import DEMO_USERS, Command
from example_site.intranet.models import HomePage
from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.models import Case, FollowUp, MeldcodePage
from wagtail_meldcode.models.followup import FollowUpKind
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
    restriction.groups.add(roles.staff, roles.coordinators, roles.editors, roles.board)
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


#: A case of ``owner`` on ``meldcode``'s site: ``make_case(meldcode, owner, **fields)``.
make_case = new_case
#: The demo's three stages of a case: ``make_started_case(meldcode, owner)``,
#: ``make_helped_case(meldcode, owner, coordinator)``, ``make_closed_case(meldcode, owner)``.
make_started_case, make_helped_case, make_closed_case = started_case, helped_case, closed_case


def make_listing_cases(meldcode, owner, coordinator, now=None):
    """Cases of every kind the coordinators' listing puts first, each changed at its own
    moment, and one closed case. Returns the references in the listing's default order:
    unassigned, an overdue check, missing items, waiting for a decision, then the others,
    each by last change (the closed case is not listed)."""
    now = now or timezone.now()
    open_, help_, reported = CaseStatus.OPEN, CaseStatus.HELP, CaseStatus.REPORTED
    # reference: (status, step, coordinated, incomplete steps, follow-up, minutes ago)
    kinds = {
        "MC-ORDR-0001": (open_, 1, False, "", None, 50),
        "MC-ORDR-0002": (open_, 3, False, "", "overdue", 5),  # unassigned comes first
        "MC-ORDR-0003": (help_, 5, True, "", "overdue", 40),
        "MC-ORDR-0004": (help_, 5, False, "", "overdue", 60),  # not open: not "unassigned"
        "MC-ORDR-0005": (open_, 3, True, "2", None, 30),
        "MC-ORDR-0006": (open_, 5, True, "1", None, 70),  # missing items before waiting
        "MC-ORDR-0007": (open_, 5, True, "", None, 20),
        "MC-ORDR-0008": (reported, 5, True, "", None, 1),
        "MC-ORDR-0009": (open_, 2, True, "", None, 10),
        "MC-ORDR-0010": (open_, 2, True, "", "stalled", 15),  # stalled is not overdue
        "MC-ORDR-0011": (CaseStatus.CLOSED, 5, False, "", None, 0),
        "MC-ORDR-0012": (help_, 5, True, "", "pending", 80),
    }
    for reference, (status, step, coordinated, incomplete, followup, ago) in kinds.items():
        case = make_case(meldcode, owner, reference=reference, status=status,
                         current_step=step, coordinator=coordinator if coordinated else None,
                         incomplete_steps=incomplete, person_reference=f"Leerling {reference}")
        if followup:
            escalated = now if followup in ("overdue", "stalled") else None
            due = now + datetime.timedelta(days=-3 if escalated else 7)
            FollowUp.objects.create(
                case=case, due_on=due.date(), due_at=due, reminded_at=escalated,
                escalated_at=escalated,
                kind=FollowUpKind.STALLED if followup == "stalled" else FollowUpKind.CHECK)
        Case.objects.filter(pk=case.pk).update(updated_at=now - datetime.timedelta(minutes=ago))
    return ["MC-ORDR-0002", "MC-ORDR-0001", "MC-ORDR-0003", "MC-ORDR-0004", "MC-ORDR-0005",
            "MC-ORDR-0006", "MC-ORDR-0007", "MC-ORDR-0008", "MC-ORDR-0009", "MC-ORDR-0010",
            "MC-ORDR-0012"]
