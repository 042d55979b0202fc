"""The case (dossier) and what is recorded in each of its five steps."""

import re
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import (
    AgeGroup,
    CaseKind,
    CaseStatus,
    ConsultationWith,
    FormOfViolence,
    HypothesisOutcome,
    NoConversationReason,
    ParentalProblem,
    ReportDiscussed,
    SignalKind,
    SignalSource,
    is_adult,
)
from ..encryption import search_hash
from ..fields import EncryptedJSONField, EncryptedTextField

#: Forms of violence for which step 2 needs Veilig Thuis or an expert.
EXPERT_REQUIRED_FORMS = (
    FormOfViolence.FEMALE_GENITAL_MUTILATION,
    FormOfViolence.HONOUR_RELATED_VIOLENCE,
)

# No vowels and no look-alikes: a reference never spells a word or mixes up 0 and O.
_REFERENCE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ23456789"


def new_reference():
    """A random case reference such as ``MC-7KQ4-XP2M``; it tells nothing about the case."""
    chars = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"MC-{chars[:4]}-{chars[4:]}"


def may_be_in_reference(text):
    """Whether ``text`` can be part of a case reference: letters, digits and dashes only."""
    return re.fullmatch(r"[A-Za-z0-9-]+", text) is not None


class Case(models.Model):
    """A case (dossier): one concern about one person, taken through the five steps."""

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, default=new_reference, editable=False
    )
    meldcode = models.ForeignKey(
        "wagtail_meldcode.MeldcodePage", verbose_name=_("meldcode"),
        on_delete=models.PROTECT, related_name="cases",
    )
    #: The published revision of the meldcode page that was in force when the case began.
    meldcode_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("site"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT,
        related_name="meldcode_cases",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("coordinator"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="meldcode_coordinated_cases",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices,
                            default=CaseKind.MELDCODE, db_default=CaseKind.MELDCODE,
                            editable=False)
    #: On a worry about a colleague: who the colleague concerned is (name and function).
    colleague_description = EncryptedTextField(
        _("colleague concerned"), max_length=200, blank=True,
        help_text=_("Name and function. Stored encrypted; the colleague never sees the case."),
    )
    #: On a worry about a colleague: the colleague concerned, where they have an account.
    #: They never see the case, whatever groups they are in (see ``permissions``).
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account of the colleague"), null=True,
        blank=True, on_delete=models.PROTECT, related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    current_step = models.PositiveSmallIntegerField(_("current step"), default=1)
    #: Help did not work: step 5 is reopened to decide on a report after all.
    reconsider_report = models.BooleanField(_("consider reporting after all"), default=False)
    #: The steps the case went past, or was decided without, that still lack something
    #: ("2,3"); kept by :mod:`wagtail_meldcode.lifecycle` for the lists and the dashboard.
    incomplete_steps = models.CharField(_("incomplete steps"), max_length=20, blank=True,
                                         default="", db_default="", editable=False)

    # Step 1: the person concerned.
    person_reference = EncryptedTextField(
        _("person (pseudonym)"), max_length=100,
        help_text=_("A pseudonym or initials, not the full name, e.g. 'leerling groep 6, J.'"),
    )
    #: The pseudonym's keyed hash, for the coordinators' search by exact pseudonym (see
    #: :func:`~wagtail_meldcode.encryption.search_hash`); kept by :meth:`save`.
    person_reference_hash = models.CharField(max_length=64, blank=True, default="",
                                             db_default="", db_index=True, editable=False)
    person_name = EncryptedTextField(
        _("full name"), max_length=200, blank=True,
        help_text=_("Optional. Stored encrypted; only people with access to the case see it."),
    )
    age_group = models.CharField(_("age group"), max_length=20, choices=AgeGroup.choices)

    #: Step 1, kindcheck (adult clients only): parental problems, care for children or
    #: pregnancy, number and ages of the children, who shares the care. Health data, so
    #: stored encrypted as one value.
    kindcheck = EncryptedJSONField(_("kindcheck"), default=dict, blank=True)

    # Step 3: why there was no conversation, when there was none.
    no_conversation_reason = models.CharField(
        _("reason for no conversation"), max_length=20, choices=NoConversationReason.choices,
        blank=True,
    )
    no_conversation_explanation = EncryptedTextField(_("explanation"), blank=True)

    close_reason = EncryptedTextField(_("reason for closing"), blank=True)

    created_at = models.DateTimeField(_("opened at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    step_entered_at = models.DateTimeField(default=timezone.now, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    # Retention (bewaartermijn): see wagtail_meldcode.retention.
    #: The purge date the coordinators were warned about, and when: a case is purged only
    #: once the warning for its current purge date is old enough.
    purge_warned_on = models.DateField(null=True, blank=True, editable=False)
    purge_warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: When the content was removed; what is left is an anonymous stub for the statistics.
    purged_at = models.DateTimeField(_("content removed at"), null=True, blank=True,
                                     editable=False)

    # Not in Wagtail's reference index: the meldcode page's "usage" would list every case
    # to anyone who edits the page, and each save of a case would cost four queries more.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["site", "status"]),
            # The coordinators' listing: unassigned cases, then the others, by last change.
            models.Index(fields=["coordinator", "updated_at", "id"],
                         name="meldcode_case_mine_recent"),
            models.Index(fields=["site", "updated_at", "id"], name="meldcode_case_site_recent"),
            # What waits for a coordinator (worklist.COORDINATOR_CASES, MISSING_ITEMS): few
            # cases each, counted for the menu and listed first by last change.
            models.Index(fields=["site", "updated_at", "id"], name="meldcode_case_unassigned",
                         condition=Q(status="open", coordinator__isnull=True)),
            models.Index(fields=["site", "updated_at", "id"], name="meldcode_case_missing",
                         condition=Q(status="open") & ~Q(incomplete_steps="")),
            models.Index(fields=["site", "updated_at", "id"], name="meldcode_case_waiting",
                         condition=Q(status="open", current_step=5)),
            models.Index(fields=["site"], name="meldcode_case_purge_warned",
                         condition=Q(purge_warned_on__isnull=False, purged_at__isnull=True)),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, update_fields=None, **kwargs):
        """Save, with the pseudonym's search hash brought up to date when it is saved."""
        # A full save of a case loaded without its pseudonym saves the loaded fields only.
        saves_pseudonym = ("person_reference" not in self.get_deferred_fields()
                           if update_fields is None else "person_reference" in update_fields)
        if saves_pseudonym:
            self.person_reference_hash = search_hash(self.person_reference)
            if update_fields is not None:
                update_fields = {*update_fields, "person_reference_hash"}
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def is_adult(self):
        """Whether the case is about an adult client (the kindcheck applies)."""
        return is_adult(self.age_group)

    @property
    def incomplete_step_numbers(self):
        return [int(step) for step in self.incomplete_steps.split(",") if step]

    @property
    def is_colleague_case(self):
        """Is the case a worry about a colleague (see :mod:`wagtail_meldcode.colleague`)?"""
        return self.kind == CaseKind.COLLEAGUE

    @property
    def is_closed(self):
        return self.status == CaseStatus.CLOSED

    @property
    def is_purged(self):
        return self.purged_at is not None

    def parental_problems(self):
        """The labels of the parental problems the kindcheck recorded, in the usual order."""
        codes = set((self.kindcheck or {}).get("parental_problems") or ())
        return [label for code, label in ParentalProblem.choices if code in codes]

    def active_legal_hold(self):
        """The legal hold (vernietigingsstop) in force, or None."""
        return self.legal_holds.filter(lifted_at__isnull=True).first()

    def needs_expert_consultation(self):
        """Signals of genital mutilation or honour-related violence need expert advice."""
        return self.signals.filter(form_of_violence__in=EXPERT_REQUIRED_FORMS).exists()

    def latest_decision(self):
        return self.decisions.order_by("-decided_at", "-pk").first()


class Signal(models.Model):
    """A signal (step 1): a fact or a hypothesis, with its source and date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="signals")
    description = EncryptedTextField(_("description"))
    kind = models.CharField(
        _("fact or hypothesis"), max_length=20, choices=SignalKind.choices,
        default=SignalKind.FACT,
    )
    source = models.CharField(
        _("source"), max_length=20, choices=SignalSource.choices,
        default=SignalSource.OWN_OBSERVATION,
    )
    source_name = EncryptedTextField(
        _("who (third party)"), max_length=200, blank=True,
        help_text=_("Name and function of the person who told you."),
    )
    observed_on = models.DateField(_("date"))
    form_of_violence = models.CharField(
        _("form of violence"), max_length=40, choices=FormOfViolence.choices, blank=True
    )
    signal_list_item = models.ForeignKey(
        "wagtail_meldcode.SignalListItem", verbose_name=_("from the signal list"),
        null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    #: A later entry that confirms or refutes an earlier hypothesis points at it.
    follows_up = models.ForeignKey(
        "self", verbose_name=_("confirms or refutes"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="follow_up_entries",
    )
    hypothesis_outcome = models.CharField(
        _("outcome for the hypothesis"), max_length=20, choices=HypothesisOutcome.choices,
        blank=True,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["observed_on", "pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self):
        return f"{self.case} {self.get_kind_display()} {self.observed_on}"


class Consultation(models.Model):
    """A consultation (step 2): with a colleague, the coordinator, Veilig Thuis or an expert."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consultations")
    with_whom = models.CharField(_("with"), max_length=20, choices=ConsultationWith.choices)
    consulted_name = EncryptedTextField(_("name and function"), max_length=200, blank=True)
    consulted_on = models.DateField(_("date"))
    anonymous = models.BooleanField(
        _("anonymous"), default=False,
        help_text=_("Advice asked without names of the people involved."),
    )
    advice = EncryptedTextField(_("advice"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["consulted_on", "pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self):
        return f"{self.case} {self.get_with_whom_display()} {self.consulted_on}"


class Conversation(models.Model):
    """A conversation with the people involved (step 3)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="conversations")
    with_whom = EncryptedTextField(_("with whom"), max_length=200)
    held_on = models.DateField(_("date"))
    purpose_explained = models.BooleanField(_("purpose explained"), default=False)
    facts_presented = models.BooleanField(_("facts presented"), default=False)
    reaction = EncryptedTextField(_("reaction"))
    interpretation = EncryptedTextField(_("interpretation afterwards"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self):
        return f"{self.case} {self.held_on}"


class Weighing(models.Model):
    """Weighing (afweging, step 4): questions 1 and 2 of the afwegingskader."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="weighing")
    suspicion = models.BooleanField(_("suspicion"))
    acute_unsafety = models.BooleanField(_("acute unsafety"), null=True, blank=True)
    structural_unsafety = models.BooleanField(_("structural unsafety"), null=True, blank=True)
    reasoning = EncryptedTextField(_("reasoning"))
    risk_instrument = models.CharField(_("risk assessment instrument"), max_length=200, blank=True)
    risk_result = EncryptedTextField(_("result of the instrument"), blank=True)
    weighed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    weighed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("weighing")
        verbose_name_plural = _("weighings")

    def __str__(self):
        return f"{self.case} {self.weighed_at:%Y-%m-%d}"


class Decision(models.Model):
    """Decision (besluit, step 5): questions 3 to 5 and the professional's two decisions.

    A case can be decided again (after failed help); the latest decision counts.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    can_help = models.BooleanField(_("effective help possible"), null=True, blank=True)
    help_accepted = models.BooleanField(_("help accepted"), null=True, blank=True)
    help_effective = models.BooleanField(_("help leads to safety"), null=True, blank=True)
    #: The framework's suggestion, as it was when the decision was taken.
    suggested_report = models.BooleanField()
    suggested_help = models.BooleanField(null=True)
    report = models.BooleanField(_("report to Veilig Thuis"))
    help = models.BooleanField(_("offer or organise help"))
    deviation_reason = EncryptedTextField(_("reason for deviating"), blank=True)

    # The report (when report is True).
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    veilig_thuis_reference = EncryptedTextField(
        _("Veilig Thuis reference"), max_length=100, blank=True
    )
    report_discussed = models.CharField(
        _("discussed with the client beforehand"), max_length=20,
        choices=ReportDiscussed.choices, blank=True,
    )
    report_discussion = EncryptedTextField(_("how it was discussed, or why not"), blank=True)
    client_reaction = EncryptedTextField(_("reaction and objections"), blank=True)

    # The help (when help is True).
    help_plan = EncryptedTextField(_("help plan"), blank=True)
    help_provider = EncryptedTextField(_("who provides the help"), max_length=200, blank=True)
    first_check_on = models.DateField(_("first check on"), null=True, blank=True)
    check_interval_days = models.PositiveSmallIntegerField(
        _("interval between checks (days)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    help_ends_on = models.DateField(_("follow up until"), null=True, blank=True)

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.case} {self.decided_at:%Y-%m-%d}"

    @property
    def deviates(self):
        return bool(self.deviation_reason)


class CaseDraft(models.Model):
    """What was typed in one step of a case, encrypted: the wizard's storage.

    ``version`` goes up with every save, so a second person saving the same step from a
    stale form is told instead of overwriting.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="drafts")
    step = models.CharField(max_length=20)
    #: The form data typed but not yet saved as the step's records; None when there is none.
    data = EncryptedJSONField(null=True, blank=True)
    #: The data failed validation when it was posted: show it with its errors.
    show_errors = models.BooleanField(default=False, db_default=False)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="meldcode_unique_case_draft")
        ]

    def __str__(self):
        return f"{self.case} {self.step}"


class ColleagueStep(models.Model):
    """What was recorded in one step of a worry about a colleague, encrypted as one value.

    The steps and their fields differ per sector (see :mod:`wagtail_meldcode.colleague`);
    ``data`` holds the step form's cleaned values, dates as ISO strings.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="colleague_steps")
    step = models.CharField(max_length=20)
    data = EncryptedJSONField(default=dict)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="meldcode_unique_colleague_step")
        ]
        verbose_name = _("step of a worry about a colleague")
        verbose_name_plural = _("steps of a worry about a colleague")

    def __str__(self):
        return f"{self.case} {self.step}"
