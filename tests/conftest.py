import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page, Site

from example_site.intranet.models import HomePage
from tests import services
from tests.helpers import verify_second_factor
from wagtail_meldcode.models import MeldcodePage


def _require(service, reason):
    """A missing service fails the run in CI and is skipped, loudly, elsewhere."""
    if reason is None:
        return
    message = f"{service} is not reachable: {reason}"
    if services.in_ci():
        pytest.fail(f"{message} (required with CI=true)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _second_factor_with_force_login(monkeypatch):
    """``client.force_login`` logs in past the second factor too, so tests that are not
    about the login reach the pages; ``tests/test_security.py`` logs in for real."""
    force_login = Client.force_login

    def login_verified(client, user, backend="django.contrib.auth.backends.ModelBackend"):
        force_login(client, user, backend)
        verify_second_factor(client, user)

    monkeypatch.setattr(Client, "force_login", login_verified)


@pytest.fixture(scope="session")
def redis_url():
    """URL of a real Redis database the tests may flush."""
    url = services.redis_url()
    _require("Redis", services.check_redis(url))
    return url


@pytest.fixture
def home(db):
    """A home page as the default site's root, in place of Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = HomePage(title="Intranet", slug="intranet")
    root.add_child(instance=home)
    Site.objects.update(root_page=home)
    # A queryset update sends no signal: drop the root paths an earlier test left cached
    # (the demo's site on 127.0.0.1:8000), or links are built with that site's address.
    Site.clear_site_root_paths_cache()
    return home


@pytest.fixture
def meldcode(home):
    """The basismodel meldcode for education, published under the home page."""
    call_command("meldcode_install_basismodel", sector="onderwijs", parent=str(home.pk),
                 stdout=io.StringIO())
    return MeldcodePage.objects.child_of(home).get(slug="meldcode")


@pytest.fixture
def demo(db):
    """The demo intranet as ``make demo`` sets it up, without the year of closed cases
    (``tests/test_evaluation.py`` loads those where it needs them)."""
    call_command("load_demo", "--no-history", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def staff(demo, client):
    """The demo staff member, logged in with ``client``."""
    user = User.objects.get(username="medewerker")
    client.force_login(user)
    return user


@pytest.fixture
def demo_editor(db):
    """An editor (beheerder) of the meldcode, in the editors' role group."""
    from wagtail_meldcode.roles import ensure_roles

    user = User.objects.create_user("beheerder", password="x" * 16)
    user.groups.add(ensure_roles().editors)
    return user
