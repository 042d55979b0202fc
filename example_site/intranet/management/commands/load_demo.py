import json
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, PageViewRestriction, Site, Task, Workflow

from wagtail_meldcode.choices import (
    ContactRole,
    Sector,
)
from wagtail_meldcode.models import (
    Case,
    MeldcodePage,
    MeldcodeSettings,
    MeldcodeStepPage,
    OwnQuestion,
    SsoGroupRole,
)
from wagtail_meldcode.models.roles import RoleField
from wagtail_meldcode.roles import ensure_roles

from ...demo_cases import closed_case, helped_case, started_case
from ...demo_history import create_history
from ...models import HomePage

#: The groups of make demo-sso's identity provider, and the role each gives.
SSO_DEMO_GROUPS = {
    "meldcode-medewerkers": RoleField.STAFF,
    "meldcode-aandachtsfunctionarissen": RoleField.COORDINATORS,
    "meldcode-management": RoleField.MANAGEMENT,
}

#: username -> (first name, last name, role attribute of wagtail_meldcode.roles.Roles)
DEMO_USERS = {
    "medewerker": ("Sanne", "de Vries", "staff"),
    "aandachtsfunctionaris": ("Jeroen", "Bakker", "coordinators"),
    "beheerder": ("Fatima", "El Amrani", "editors"),
    "leidinggevende": ("Anouk", "Visser", "management"),
    "bestuurder": ("Karin", "Jansen", "board"),
}


class Command(BaseCommand):
    help = (
        "Set up the demo intranet: a home page behind login, the basismodel meldcode, the "
        "role groups and one demo user per role. Existing data is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sector", default=Sector.ONDERWIJS, choices=Sector.values)
        parser.add_argument(
            "--no-history", action="store_true",
            help="Leave out the year of closed cases that fills the evaluation report.",
        )
        parser.add_argument(
            "--sso", action="store_true",
            help="Map the groups of make demo-sso's identity provider to the site's roles.",
        )

    def handle(self, *args, sector, no_history=False, sso=False, **options):
        with transaction.atomic():
            site, home = self.ensure_home()
            call_command(
                "meldcode_install_basismodel", sector=sector, parent=str(home.pk),
                stdout=self.stdout,
            )
            meldcode = MeldcodePage.objects.child_of(home).get(slug="meldcode")
            self.ensure_contacts(meldcode)
            self.name_workflow_in_dutch()
            self.ensure_own_questions(meldcode)
            roles = ensure_roles(meldcode_page=meldcode, site=site)
            restriction, _created = PageViewRestriction.objects.get_or_create(
                page=home, defaults={"restriction_type": PageViewRestriction.GROUPS}
            )
            restriction.groups.add(roles.staff, roles.coordinators, roles.editors,
                                   roles.management, roles.board)
            passwords = self.ensure_users(roles)
            self.ensure_cases(meldcode, site, history=not no_history)
            if sso:
                self.ensure_provider_groups(site)
        self.report(passwords)

    def ensure_provider_groups(self, site):
        """The provider groups of ``tests/oidc_provider/demo.py`` give the site's roles."""
        site_settings = MeldcodeSettings.for_site(site)
        for claim_value, role in SSO_DEMO_GROUPS.items():
            SsoGroupRole.objects.get_or_create(site_settings=site_settings,
                                               claim_value=claim_value, role=role)

    def ensure_home(self):
        site = Site.objects.filter(is_default_site=True).first()
        if site is not None and isinstance(site.root_page.specific, HomePage):
            return site, site.root_page.specific
        root = Page.get_first_root_node()
        home = HomePage.objects.first()
        if home is None:
            home = HomePage(
                title="Intranet", slug="intranet",
                introduction="<p>Welkom op het intranet. Hier vind je de meldcode "
                             "huiselijk geweld en kindermishandeling van onze organisatie.</p>",
            )
            root.add_child(instance=home)
            home.save_revision().publish()
        old_root = site.root_page if site else None
        if site is None:
            site = Site(is_default_site=True)
        # Links in reminder e-mails point at the site's own address: the demo server.
        site.hostname, site.port, site.root_page = "127.0.0.1", 8000, home
        site.site_name = site.site_name or settings.WAGTAIL_SITE_NAME
        site.save()
        # Wagtail's own welcome page is replaced by the home page, if nothing hangs below it.
        if old_root is not None and old_root.specific_class is Page and old_root.is_leaf():
            old_root.delete()
        return site, home

    def name_workflow_in_dutch(self):
        """Wagtail's default workflow and its task are named in English when created."""
        Workflow.objects.filter(name="Moderators approval").update(
            name="Goedkeuring door moderatoren")
        Task.objects.filter(name="Moderators approval").update(
            name="Goedkeuring door moderatoren")

    def ensure_contacts(self, meldcode):
        """Name the demo coordinator on the meldcode page, once."""
        if meldcode.contacts:
            return
        first_name, last_name, _role = DEMO_USERS["aandachtsfunctionaris"]
        meldcode.contacts = [("contact", {
            "role": ContactRole.COORDINATOR, "name": f"{first_name} {last_name}",
            "function": "", "phone": "030 700 1234",
            "email": "aandachtsfunctionaris@example.org",
        })]
        meldcode.save_revision().publish()

    def ensure_own_questions(self, meldcode):
        """Two questions of the demo organisation's own, once: the pupil's group in step 1
        (a department outside education) and the risk instrument in step 4."""
        if OwnQuestion.objects.of_meldcode(meldcode).exists():
            return
        if meldcode.sector == Sector.ONDERWIJS:
            first = OwnQuestion(
                label="Groep of klas", field_type="dropdown", required=False,
                choices="\n".join(["Groep 1-2", *(f"Groep {n}" for n in range(3, 9))]),
                help_text="De groep van de leerling op het moment van de eerste zorg.",
                counts_in_evaluation=True,
            )
        else:
            first = OwnQuestion(
                label="Afdeling of team", field_type="dropdown", required=False,
                choices="Team Noord\nTeam Zuid\nTeam Centrum", counts_in_evaluation=True,
            )
        instrument = OwnQuestion(
            label="Gebruikt risicotaxatie-instrument", field_type="radio", required=False,
            choices="Ja\nNee\nNiet nodig bij deze zorg", counts_in_evaluation=True,
            help_text="Bijvoorbeeld LIRIK, ARIJ of CARE-NL.",
        )
        for number, question in ((1, first), (4, instrument)):
            question.sort_order = 0  # the first of the step (an empty order sorts apart)
            step = MeldcodeStepPage.objects.child_of(meldcode).get(step_number=number)
            step.own_questions.add(question)
            step.save_revision().publish()

    def ensure_cases(self, meldcode, site, history=True):
        """Once: three current cases of the demo staff member, one per stage of the
        meldcode, and (with ``history``) a year of closed ones for the evaluation report."""
        if Case.objects.exists():
            return
        owner = get_user_model().objects.get(username="medewerker")
        coordinator = get_user_model().objects.get(username="aandachtsfunctionaris")
        if history:
            create_history(meldcode, site, coordinator)
        started_case(meldcode, owner)
        helped_case(meldcode, owner, coordinator)
        closed_case(meldcode, owner)

    def ensure_users(self, roles):
        """Create the demo users; return the passwords that are still the demo ones."""
        User = get_user_model()
        store = settings.VAR_DIR / "demo-passwords.json"
        known = json.loads(store.read_text()) if store.exists() else {}
        passwords = {}
        for username, (first_name, last_name, role) in DEMO_USERS.items():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name, "last_name": last_name,
                    "email": f"{username}@example.org",
                },
            )
            if created:
                known[username] = secrets.token_urlsafe(12)
                user.set_password(known[username])
                user.save()
            user.groups.add(getattr(roles, role))
            if username in known and user.check_password(known[username]):
                passwords[username] = known[username]
        if settings.DEBUG:
            # Demo only: remember the generated passwords so the next run can show them.
            store.parent.mkdir(parents=True, exist_ok=True)
            store.touch(mode=0o600)
            store.write_text(json.dumps(passwords))
        return passwords

    def report(self, passwords):
        self.stdout.write(self.style.SUCCESS("Demo intranet ready."))
        for username in DEMO_USERS:
            if username in passwords and settings.DEBUG:
                line = f"  {username:<24} password: {passwords[username]}"
            else:
                line = f"  {username:<24} password not shown (only with DEBUG, and only " \
                       "while it is the generated one)"
            self.stdout.write(line)
        self.stdout.write("Set a password yourself with: python manage.py changepassword USERNAME")
