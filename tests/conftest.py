import shutil
import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests import builders, services
from tests.helpers import do_steps_1_to_3, open_case, verify_second_factor


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
    return builders.build_home()


@pytest.fixture
def meldcode(home):
    """The basismodel meldcode for education, published under the home page."""
    return builders.install_meldcode(home)


@pytest.fixture
def roles(meldcode):
    """The role groups of the meldcode's site; its pages are for them only."""
    return builders.give_roles(meldcode)


@pytest.fixture
def people(roles):
    """One person per role, by username: ``medewerker``, ``aandachtsfunctionaris``,
    ``beheerder``, ``leidinggevende`` and ``bestuurder``."""
    return builders.make_people(roles)


@pytest.fixture
def own_questions(meldcode):
    """The demo organisation's two questions of its own, in steps 1 and 4."""
    builders.ask_own_questions(meldcode)


@pytest.fixture
def staff(people, client):
    """The staff member ``medewerker``, logged in with ``client``."""
    client.force_login(people["medewerker"])
    return people["medewerker"]


@pytest.fixture
def helped_case(meldcode, people):
    """A case of ``medewerker`` decided as help, coordinated by ``aandachtsfunctionaris``."""
    return builders.make_helped_case(meldcode, people["medewerker"],
                                     people["aandachtsfunctionaris"])


@pytest.fixture
def case_at_step_4(staff, meldcode):
    """A case of ``staff`` in step 4, with nothing recorded yet."""
    return builders.make_case(meldcode, staff, person_reference="Leerling groep 6",
                              current_step=4, meldcode_revision=None)


@pytest.fixture
def demo_editor(db):
    """An editor (beheerder) of the meldcode, in the editors' role group."""
    from wagtail_meldcode.roles import ensure_roles

    user = User.objects.create_user("beheerder", password="x" * 16)
    user.groups.add(ensure_roles().editors)
    return user


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """A real OpenID Connect provider (django-oauth-toolkit, ``tests/oidc_provider``) in a
    process of its own, with the intranet registered as its client (``testserver``)."""
    try:
        import mozilla_django_oidc  # noqa: F401
        import oauth2_provider  # noqa: F401
    except ImportError as error:
        _require("The OpenID Connect packages", f"{error} (pip install -e .[oidc])")
    from django.conf import settings

    from tests.oidc_provider.server import ProviderServer

    provider = ProviderServer(tmp_path_factory.mktemp("oidc_provider")).start()
    provider.register_client(settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET,
                             ["http://testserver"])
    yield provider
    provider.stop()


@pytest.fixture
def sso(oidc_provider, settings):
    """Single sign-on against :func:`oidc_provider`, which issues sound tokens."""
    for name, value in oidc_provider.settings().items():
        setattr(settings, name, value)
    oidc_provider.set_fault("")
    yield oidc_provider
    oidc_provider.set_fault("")


@pytest.fixture(scope="session")
def saml_idp(tmp_path_factory):
    """A real SAML 2.0 identity provider (pysaml2, ``tests/saml_idp``) in a process of its
    own, with keys and certificates made for this run. pysaml2 needs the ``xmlsec1``
    program (Debian package ``xmlsec1``)."""
    try:
        import djangosaml2  # noqa: F401
        import saml2  # noqa: F401
    except ImportError as error:
        _require("The SAML packages", f"{error} (pip install -e .[saml])")
    if shutil.which("xmlsec1") is None:
        _require("xmlsec1", "the program is not installed (apt-get install xmlsec1)")
    from tests.saml_idp.server import IdpServer

    idp = IdpServer(tmp_path_factory.mktemp("saml_idp")).start()
    yield idp
    idp.stop()


@pytest.fixture
def saml(saml_idp, settings):
    """Single sign-on against :func:`saml_idp`, which issues sound assertions."""
    settings.SAML_CONFIG = saml_idp.settings()
    saml_idp.set_fault("")
    yield saml_idp
    saml_idp.set_fault("")


@pytest.fixture
def canary():
    """A word that is in no text of the project: what a storage must never hold in clear."""
    return f"KANARIE{uuid.uuid4().hex}"


@pytest.fixture
def case(staff, client):
    """A case of ``medewerker`` (logged in with ``client``) about a child (4 to 12 years),
    with steps 1 to 3 recorded."""
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    return case
