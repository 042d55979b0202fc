"""The organisation's settings, per site, edited in the Wagtail admin."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from ..choices import DEFAULT_RETENTION_YEARS
from ..conf import get_setting
from .roles import ROLES_PERMISSION, RoleField

#: Rules per staff group that a site's settings may hold (a bound on the formset).
MAX_COORDINATOR_RULES = 50
#: Provider groups mapped to roles that a site's settings may hold.
MAX_SSO_GROUP_ROLES = 50

#: The retention period when neither the site nor the sector sets one.
FALLBACK_RETENTION_YEARS = 20


def default_followup_interval():
    return get_setting("FOLLOWUP_INTERVAL_DAYS")


def default_stalled_after():
    return get_setting("STALLED_AFTER")


def default_reminder_hour():
    return get_setting("REMINDER_HOUR")


@register_setting(icon="cog")
class MeldcodeSettings(ClusterableModel, BaseSiteSetting):
    """Meldcode settings of one site: contacts, roles, new cases, follow-up and retention."""

    veilig_thuis_phone = models.CharField(
        _("Veilig Thuis phone number"),
        max_length=30,
        default="0800-2000",
        help_text=_("Free of charge and available day and night."),
    )
    confidential_inspector_phone = models.CharField(
        _("confidential inspector's phone number"),
        max_length=30,
        default="0900-1113111",
        help_text=_(
            "The reporting line of the confidential inspectors (vertrouwensinspecteurs) of "
            "the education inspectorate, for a worry about a colleague in education and "
            "childcare."
        ),
    )
    staff_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("staff group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Members may read the meldcode and record cases."),
    )
    coordinators_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("coordinators group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The coordinators (aandachtsfunctionarissen): they see every case of this "
            "site and receive reminders and escalations."
        ),
    )
    management_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("management group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Members see anonymised evaluation figures, never individual cases."),
    )
    board_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("board group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The school board, childcare owner or care provider's board (bevoegd gezag, "
            "houder, bestuurder): they handle a worry about a colleague. The coordinators "
            "do not see those cases."
        ),
    )
    board_alternate_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("board group when a board member is concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Handles a worry about a colleague who is a member of the board group, for "
            "example the supervisory board (raad van toezicht)."
        ),
    )
    default_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator of new cases"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Gets every new case that no rule per staff group below gives to someone else. "
            "Leave empty to let new cases wait unassigned: then every coordinator is told."
        ),
    )
    followup_interval_days = models.PositiveSmallIntegerField(
        _("default follow-up interval (days)"),
        default=default_followup_interval,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Days between two checks that organised help is working."),
    )
    reminder_hour = models.PositiveSmallIntegerField(
        _("reminder hour"),
        default=default_reminder_hour,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
        help_text=_("Hour of the day (Dutch time) at which follow-up reminders are sent."),
    )
    notify_owner = models.BooleanField(
        _("remind the case owner too"),
        default=True,
        help_text=_("Send follow-up reminders to the staff member who owns the case as well."),
    )
    stalled_after_days = models.PositiveSmallIntegerField(
        _("stalled after (days)"),
        default=default_stalled_after,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("A case that stays this long in one step is flagged as stalled."),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("retention period (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(115)],
        help_text=_(
            "How long a closed case is kept before its content is removed. Leave empty for "
            "the period of the meldcode's sector: 20 years for health care, youth care, "
            "social support and justice, 5 for education and childcare. Check the period "
            "that applies to your organisation."
        ),
    )

    panels = [
        FieldPanel("veilig_thuis_phone"),
        FieldPanel("confidential_inspector_phone"),
        MultiFieldPanel(
            [
                FieldPanel(role.value, permission=ROLES_PERMISSION) for role in RoleField
            ],
            heading=_("Roles"),
            help_text=_(
                "Who sees cases is an access decision: only administrators with two-factor "
                "login may change these groups, and each change is told to the coordinators."
            ),
        ),
        MultiFieldPanel(
            [InlinePanel("sso_group_roles", heading=_("Provider groups"), label=_("group"),
                         max_num=MAX_SSO_GROUP_ROLES)],
            heading=_("Roles from the identity provider"),
            permission=ROLES_PERMISSION,
            help_text=_(
                "With single sign-on: members of these groups at the identity provider get "
                "the role at every login, and lose it when the group is taken away there. "
                "With at least one group here, the role groups above are kept by the "
                "provider only. Someone in none of these groups gets no access."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("default_coordinator"),
                InlinePanel("coordinator_rules", heading=_("Per staff group"),
                            label=_("rule"), max_num=MAX_COORDINATOR_RULES),
            ],
            heading=_("New cases"),
            help_text=_(
                "Who gets a new case and is told at once. The first rule that matches one "
                "of the groups of the staff member who opens the case applies."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("followup_interval_days"),
                FieldPanel("reminder_hour"),
                FieldPanel("notify_owner"),
                FieldPanel("stalled_after_days"),
            ],
            heading=_("Follow-up"),
        ),
        FieldPanel("retention_years"),
    ]

    class Meta:
        verbose_name = _("meldcode settings")
        verbose_name_plural = _("meldcode settings")
        permissions = [
            ("change_meldcode_roles", _("Can change which groups hold the meldcode roles")),
        ]

    def retention_years_for(self, sector):
        """The retention period in years of a case under a meldcode of ``sector``."""
        if self.retention_years:
            return self.retention_years
        return DEFAULT_RETENTION_YEARS.get(sector, FALLBACK_RETENTION_YEARS)


class CoordinatorRule(Orderable):
    """A new case opened by a member of ``group`` (a group of staff) goes to ``coordinator``."""

    site_settings = ParentalKey(MeldcodeSettings, on_delete=models.CASCADE,
                                related_name="coordinator_rules")
    group = models.ForeignKey("auth.Group", verbose_name=_("staff group"),
                              on_delete=models.CASCADE, related_name="+")
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("coordinator"),
                                    on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("group"), FieldPanel("coordinator")]

    class Meta(Orderable.Meta):
        verbose_name = _("coordinator per staff group")
        verbose_name_plural = _("coordinators per staff group")
