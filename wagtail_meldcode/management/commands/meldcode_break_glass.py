"""Print a one-time login link for a superuser, for when single sign-on is down."""

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from ...permissions import break_glass_users
from ...sso.break_glass import MAX_AGE, make_token


class Command(BaseCommand):
    help = ("Print a login link for a superuser that works once, for ten minutes, without "
            "the identity provider (break-glass). Two-factor login still follows.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--base-url", default="",
                            help="The site's address, e.g. https://intranet.example.nl")

    def handle(self, username, base_url, **options):
        user = break_glass_users().filter(username=username).first()
        if user is None:
            raise CommandError(f"No active superuser {username!r}.")
        path = reverse("meldcode_break_glass", kwargs={"token": make_token(user)})
        self.stdout.write(f"{base_url.rstrip('/')}{path}")
        self.stderr.write(f"The link works once, for {MAX_AGE // 60} minutes.")
