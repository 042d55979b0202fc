"""The forms of a worry about a colleague: opening it, and each step of its route.

Each step's form is a plain form whose cleaned values are stored as one encrypted
:class:`~wagtail_meldcode.models.ColleagueStep`; the route of the meldcode's sector
(:mod:`wagtail_meldcode.colleague`) says which steps there are and who records them.
"""

import json

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .. import colleague as routes
from .. import wording
from ..lifecycle import MissingItem
from ..models import Case, ColleagueStep, MeldcodeSettings
from .base import LongTextField, YesNoField, check_past_date
from .step import Section, StepForm
from .steps import DATE_INPUT


def _date_field(label, required=True, help_text=""):
    return forms.DateField(label=label, required=required, widget=DATE_INPUT,
                           help_text=help_text)


class NewColleagueCaseForm(forms.ModelForm):
    """Who the worry is about, and which colleague it concerns."""

    class Meta:
        model = Case
        fields = ["person_reference", "age_group", "colleague_description", "colleague"]
        labels = {"colleague": _("Their account in this intranet")}
        help_texts = {"colleague": _(
            "Choose your colleague's account where they have one: then they can never open "
            "this case, whatever role they have.")}

    def __init__(self, *args, sector, colleagues, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["colleague_description"].required = True
        self.fields["person_reference"].help_text = wording.for_sector(sector).pseudonym_help
        field = self.fields["colleague"]
        field.queryset = colleagues.exclude(pk=user.pk)
        field.empty_label = _("No account, or I do not know it")
        field.label_from_instance = _full_name

    def clean_colleague(self):
        colleague = self.cleaned_data.get("colleague")
        if colleague is not None and colleague.pk == self.user.pk:
            raise forms.ValidationError(_("You cannot report a worry about yourself here."))
        return colleague


def _full_name(user):
    return user.get_full_name() or user.get_username()


class ColleagueStepForm(StepForm):
    """One step of the route: a main form, stored as the step's encrypted record."""

    #: The slug of the route step (see :mod:`wagtail_meldcode.colleague`).
    slug = None

    def __init__(self, *args, case, **kwargs):
        self.route = routes.route_for(case.meldcode.sector)
        self.number = self.route.number(self.slug)
        self.records = {record.step: record for record in case.colleague_steps.all()}
        super().__init__(*args, case=case, **kwargs)

    def get_form_kwargs(self, initial):
        record = self.records.get(self.slug)
        return {"initial": initial or (record.data if record else None)}

    def recorded(self, slug):
        """What step ``slug`` holds, as stored ({} when it is not recorded yet)."""
        record = self.records.get(slug)
        return record.data if record else {}

    def sections(self):
        step = self.route.step(self.slug)
        return [Section("", [self.form[name] for name in self.form.fields],
                        notes=(step.guidance,) if step.guidance else ())]

    def save_own_answers(self):
        """The organisation's own questions belong to the meldcode's steps, not here."""

    @transaction.atomic(savepoint=False)
    def save(self):
        data = json.loads(json.dumps(self.form.cleaned_data, cls=DjangoJSONEncoder))
        ColleagueStep.objects.update_or_create(
            case=self.case, step=self.slug,
            defaults={"data": data, "recorded_by": self.user, "recorded_at": timezone.now()},
        )


class SeenForm(forms.Form):
    observed = LongTextField(label=_("What did you see or hear?"),
                             help_text=_("Facts: what, where, who was there."))
    observed_on = _date_field(_("When"))
    observed_by = forms.CharField(
        label=_("Seen or heard by"), max_length=200,
        help_text=_("Yourself, or the name and function of whoever told you."))

    def clean(self):
        check_past_date(self, "observed_on")
        return self.cleaned_data


class SeenStep(ColleagueStepForm):
    slug = "gezien"
    form_class = SeenForm


#: How the board was told.
HOW_INFORMED = [
    ("in_person", _("In person")),
    ("phone", _("By phone")),
    ("writing", _("In writing")),
]


class BoardInformedForm(forms.Form):
    informed_on = _date_field(_("Told on"))
    informed_whom = forms.CharField(label=_("Whom did you tell?"), max_length=200,
                                    help_text=_("Name and function."))
    how = forms.ChoiceField(label=_("How"), choices=HOW_INFORMED,
                            widget=forms.RadioSelect)

    def clean(self):
        check_past_date(self, "informed_on")
        return self.cleaned_data


class BoardInformedStep(ColleagueStepForm):
    slug = "bestuur"
    form_class = BoardInformedForm


class InspectorForm(forms.Form):
    consulted_on = _date_field(_("Consulted on"))
    inspector = forms.CharField(label=_("Confidential inspector"), max_length=200,
                                required=False, help_text=_("Optional: their name."))
    advice = LongTextField(label=_("Outcome of the consultation"))
    reasonable_suspicion = YesNoField(
        label=_("Does the consultation give a reasonable suspicion of a criminal offence?"),
        required=True)

    def clean(self):
        check_past_date(self, "consulted_on")
        return self.cleaned_data


class InspectorStep(ColleagueStepForm):
    slug = "inspecteur"
    form_class = InspectorForm

    def sections(self):
        sections = super().sections()
        phone = MeldcodeSettings.for_site(self.case.site).confidential_inspector_phone
        sections[0].notes = tuple(str(note).format(phone=phone) for note in sections[0].notes)
        return sections


class AuthorityReportForm(forms.Form):
    reported_on = _date_field(_("Reported on"))
    reference = forms.CharField(label=_("Reference of the report"), max_length=100,
                                required=False)
    response = LongTextField(label=_("Response"), required=False,
                             help_text=_("Optional: what the supervisor said or asked."))

    def clean(self):
        check_past_date(self, "reported_on")
        return self.cleaned_data


class AuthorityReportStep(ColleagueStepForm):
    slug = "melding"
    form_class = AuthorityReportForm


class PoliceForm(forms.Form):
    police_report = YesNoField(label=_("Does the board report it to the police?"),
                               required=True)
    reasoning = LongTextField(label=_("Why"))
    reported_on = _date_field(_("Reported to the police on"), required=False,
                              help_text=_("When the report was made."))

    def clean(self):
        if self.cleaned_data.get("police_report") and not self.cleaned_data.get("reported_on"):
            self.add_error("reported_on", _("When was the report made?"))
        check_past_date(self, "reported_on")
        return self.cleaned_data


class PoliceStep(ColleagueStepForm):
    slug = "aangifte"
    form_class = PoliceForm

    def clean(self):
        suspicion = self.recorded("inspecteur").get("reasonable_suspicion")
        if (self.route.report_compulsory and suspicion is True
                and self.form.cleaned_data.get("police_report") is False):
            self.add_error(_(
                "The consultation gave a reasonable suspicion: then the law requires a "
                "police report."))


class InformedForm(forms.Form):
    informed = YesNoField(label=_("Were they told?"), required=True)
    informed_on = _date_field(_("Told on"), required=False)
    how = LongTextField(label=_("How, and their reaction; or why not"))

    def clean(self):
        if self.cleaned_data.get("informed") and not self.cleaned_data.get("informed_on"):
            self.add_error("informed_on", _("When were they told?"))
        check_past_date(self, "informed_on")
        return self.cleaned_data


class InformedStep(ColleagueStepForm):
    slug = "informeren"
    form_class = InformedForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["informed"].label = (
            _("Were the parents told?") if self.route.parents else _("Was the client told?"))

    def clean(self):
        police = self.recorded("aangifte")
        if not (self.route.parents_before_report and police.get("police_report")):
            return
        informed_on = self.form.cleaned_data.get("informed_on")
        reported_on = parse_date(police.get("reported_on") or "")
        if not self.form.cleaned_data.get("informed") or (
                informed_on and reported_on and informed_on > reported_on):
            self.add_error(_(
                "The parents are told before the police report is made: record when that "
                "was, on or before the day of the report."))


class MeasuresForm(forms.Form):
    measures = LongTextField(label=_("Measures taken"))


class MeasuresStep(ColleagueStepForm):
    """The last step: saving it closes the case, once every earlier step is recorded."""

    slug = "maatregelen"
    form_class = MeasuresForm

    @property
    def missing(self):
        return missing_steps(self.route, self.records)

    def clean(self):
        if self.missing:
            self.add_error(_("Record every earlier step before you close the case."))


def missing_steps(route, records):
    """The steps before the last of ``route`` that ``records`` (by slug) lack, as
    :class:`~wagtail_meldcode.lifecycle.MissingItem` rows."""
    return [
        MissingItem(number, step.slug, format_lazy(_("Not recorded yet: {}"), step.title))
        for number, step in enumerate(route.steps[:-1], start=1) if step.slug not in records
    ]


#: The step form of each route step, by slug.
STEP_FORMS = {form.slug: form for form in (
    SeenStep, BoardInformedStep, InspectorStep, AuthorityReportStep, PoliceStep, InformedStep,
    MeasuresStep,
)}


def steps_of(route):
    """``(slug, form class)`` of each step of ``route``, in order: the wizard's form list."""
    return [(step.slug, STEP_FORMS[step.slug]) for step in route.steps]
