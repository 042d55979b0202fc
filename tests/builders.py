"""Small builders of the tests' data: a site's meldcode, its role groups, people, cases.

Each makes only what its name says; the fixtures in ``conftest.py`` combine them. Only
``tests/test_demo.py`` runs ``load_demo``, to test the demo itself.
"""

import io

from django.contrib.auth.models import User
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction, Site

from example_site.intranet.demo_cases import closed_case, helped_case, new_case, started_case
from example_site.intranet.demo_history import create_history
from example_site.intranet.management.commands.load_demo import DEMO_USERS, Command
from example_site.intranet.models import HomePage
from wagtail_meldcode.models import MeldcodePage
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


#: A case of ``owner`` on ``meldcode``'s site: ``make_case(meldcode, owner, **fields)``.
make_case = new_case
#: The demo's three stages of a case: ``make_started_case(meldcode, owner)``,
#: ``make_helped_case(meldcode, owner, coordinator)``, ``make_closed_case(meldcode, owner)``.
make_started_case, make_helped_case, make_closed_case = started_case, helped_case, closed_case
