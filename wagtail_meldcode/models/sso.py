"""Single sign-on: who a user is at the identity provider, which provider groups give a
site's roles, and the append-only log of sign-ons, refusals and role changes.

Users are keyed by the provider's issuer and subject (OpenID Connect ``iss`` + ``sub``;
SAML: the IdP's entity ID + the persistent NameID), never by
e-mail address: an address can be reused or changed at the provider, a subject cannot.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from .audit import AppendOnlyQuerySet, append_only
from .roles import RoleField
from .settings import MeldcodeSettings


class SsoIdentity(models.Model):
    """The account of ``user`` at one identity provider."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="sso_identities")
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(_("first sign-on"), default=timezone.now)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"],
                                    name="meldcode_unique_sso_identity"),
        ]

    def __str__(self):
        return f"{self.issuer} {self.subject}"


class SsoGroupRole(Orderable):
    """Members of the provider group ``claim_value`` hold ``role`` on the site."""

    site_settings = ParentalKey(MeldcodeSettings, on_delete=models.CASCADE,
                                related_name="sso_group_roles")
    claim_value = models.CharField(
        _("group at the identity provider"), max_length=255,
        help_text=_("The value in the token's group claim: a group name, or its object ID "
                    "at Microsoft Entra ID."),
    )
    role = models.CharField(_("role"), max_length=30, choices=RoleField.choices)

    panels = [FieldPanel("claim_value"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("role from a provider group")
        verbose_name_plural = _("roles from provider groups")

    def __str__(self):
        return f"{self.claim_value} -> {self.role}"


class SsoProtocol(models.TextChoices):
    OIDC = "oidc", "OpenID Connect"
    SAML = "saml", "SAML 2.0"


class SsoAction(models.TextChoices):
    LOGIN = "login", _("Signed on")
    REFUSED = "refused", _("Sign-on refused")
    ROLES = "roles", _("Roles changed at sign-on")
    LOGOUT = "logout", _("Signed off")


@append_only
class SsoEvent(models.Model):
    """One sign-on, refused sign-on or change of roles: append-only, like case events."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING,
                             db_constraint=False, related_name="+")
    username = models.CharField(_("user"), max_length=150, blank=True)
    #: The protocol of the sign-on; empty for a break-glass login.
    protocol = models.CharField(_("protocol"), max_length=10, choices=SsoProtocol.choices,
                                blank=True)
    issuer = models.CharField(_("identity provider"), max_length=255, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=SsoAction.choices)
    #: Why a sign-on was refused (a fixed code, see ``wagtail_meldcode.sso.signon.Refusal``).
    reason = models.CharField(_("reason"), max_length=40, blank=True)
    #: Group names, each with its role and site, one per line.
    roles_added = models.TextField(_("roles added"), blank=True)
    roles_removed = models.TextField(_("roles removed"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("single sign-on event")
        verbose_name_plural = _("single sign-on events")

    def __str__(self):
        return f"{self.action} {self.username or self.subject} {self.at:%Y-%m-%d %H:%M}"


class SamlAssertionUse(models.Model):
    """A SAML assertion that signed someone on: the same assertion is never accepted
    twice (a replay). Rows are deleted once the assertion has expired anyway."""

    assertion_id = models.CharField(max_length=255, unique=True)
    issuer = models.CharField(max_length=255)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("used SAML assertion")
        verbose_name_plural = _("used SAML assertions")

    def __str__(self):
        return self.assertion_id
