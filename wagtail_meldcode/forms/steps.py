"""The forms of the five steps of a case."""

import dataclasses

from django import forms
from django.db import transaction
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .. import afwegingskader, lifecycle, wording
from ..choices import (
    CaseStatus,
    ConsultationWith,
    ParentalProblem,
    ReportDiscussed,
    SignalKind,
    SignalSource,
    is_adult,
)
from ..models import Case, Consultation, Conversation, Decision, Signal, Weighing
from ..models.followup import FollowUpOutcome
from ..models.pages import STEP_SLUGS
from ..models.settings import MeldcodeSettings
from ..models.signals import SignalListItem
from ..questions import QUESTIONS, SUGGESTION_TEXTS
from .base import (
    LongTextField,
    YesNoField,
    check_past_date,
    check_planned_date,
    row_formset,
)
from .step import Section, StepForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ListedChoiceIterator(ModelChoiceIterator):
    """Choices from a short queryset, read once: Django's own reads it anew each time,
    through a server-side cursor (three round trips on PostgreSQL)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class LongSelect(forms.Select):
    """A select that renders its options without a template include for each."""

    template_name = "wagtail_meldcode/widgets/long_select.html"


class SignalListItemChoiceField(forms.ModelChoiceField):
    """Signals of the organisation's signal lists, grouped by list."""

    widget = LongSelect

    def __init__(self, **kwargs):
        super().__init__(
            queryset=SignalListItem.objects.select_related("signal_list").order_by(
                "signal_list__form_of_violence", "signal_list__age_group",
                "signal_list__title", "sort_order",
            ),
            required=False, label=_("From the signal list"), **kwargs,
        )

    _grouped = None
    #: The case's age group: its lists come first (set by the form).
    age_group = None

    def __deepcopy__(self, memo):
        field = super().__deepcopy__(memo)
        field._grouped = None  # every form reads the lists afresh
        return field

    def _grouped_choices(self):
        # Read once per form: the widget looks at the choices twice when it renders.
        if self._grouped is None:
            groups = {}
            for item in self.queryset:
                if item.signal_list_id not in groups:
                    groups[item.signal_list_id] = (item.signal_list.age_group,
                                                   str(item.signal_list), [])
                groups[item.signal_list_id][2].append((item.pk, item.text))
            # The lists of the case's age group first; the others keep their order.
            ordered = sorted(groups.values(), key=lambda group: group[0] != self.age_group)
            self._grouped = [("", "---------"), *((title, items) for _age, title, items
                                                  in ordered)]
        return self._grouped

    def _get_choices(self):
        # Lazy: read the lists when the form renders, not when the form class is made.
        return CallableChoiceIterator(self._grouped_choices)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


# Step 1: signals ---------------------------------------------------------------------


class CaseDetailsForm(forms.ModelForm):
    """The person concerned and, for adults, the kindcheck; its questions in the words of
    the sector (:mod:`wagtail_meldcode.wording`)."""

    kc_parental_problems = forms.MultipleChoiceField(
        required=False, choices=ParentalProblem.choices, widget=forms.CheckboxSelectMultiple,
    )
    kc_cares_for_children = YesNoField()
    kc_pregnant = YesNoField()
    kc_children_count = forms.IntegerField(
        label=_("Number of children"), required=False, min_value=1, max_value=30
    )
    kc_children_ages = forms.CharField(label=_("Ages of the children"), required=False,
                                       max_length=200)
    kc_shared_care = forms.CharField(
        label=_("Who else cares for the children?"), required=False, max_length=500
    )

    class Meta:
        model = Case
        fields = ["person_reference", "person_name", "age_group"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.words = wording.for_case(self.instance)
        self.fields["person_reference"].help_text = self.words.pseudonym_help
        self.fields["kc_parental_problems"].label = self.words.parental_problems
        self.fields["kc_cares_for_children"].label = self.words.cares_for_children
        self.fields["kc_pregnant"].label = self.words.pregnant
        for key, value in (self.instance.kindcheck or {}).items():
            self.initial.setdefault(f"kc_{key}", value)

    def clean(self):
        cleaned_data = super().clean()
        if not is_adult(cleaned_data.get("age_group")):
            return cleaned_data
        for field in ("kc_cares_for_children", "kc_pregnant"):
            if cleaned_data.get(field) is None:
                self.add_error(field, _("The kindcheck needs an answer to this question."))
        if cleaned_data.get("kc_cares_for_children"):
            if not cleaned_data.get("kc_children_count"):
                self.add_error("kc_children_count", self.words.children_count_missing)
            if not cleaned_data.get("kc_children_ages"):
                self.add_error("kc_children_ages", _("What are the ages of the children?"))
        return cleaned_data

    def kindcheck(self):
        if not is_adult(self.cleaned_data["age_group"]):
            return {}
        return {
            name[3:]: self.cleaned_data[name]
            for name in self.fields if name.startswith("kc_")
        }


class SignalForm(forms.ModelForm):
    signal_list_item = SignalListItemChoiceField()

    class Meta:
        model = Signal
        fields = [
            "signal_list_item", "description", "kind", "source", "source_name",
            "observed_on", "form_of_violence", "follows_up", "hypothesis_outcome",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
            "source": forms.RadioSelect,
            "observed_on": DATE_INPUT,
        }
        help_texts = {
            "description": _("Describe what you saw or heard, as factually as you can."),
        }

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].required = False
        self.fields["follows_up"].iterator = ListedChoiceIterator
        self.fields["follows_up"].queryset = Signal.objects.filter(
            case=case, kind=SignalKind.HYPOTHESIS
        ).exclude(pk=self.instance.pk)
        self.fields["follows_up"].label_from_instance = lambda s: s.description[:80]
        self.fields["signal_list_item"].age_group = getattr(case, "age_group", None)

    def clean(self):
        cleaned_data = super().clean()
        item = cleaned_data.get("signal_list_item")
        if not cleaned_data.get("description"):
            if item:
                cleaned_data["description"] = item.text
            else:
                self.add_error("description", _("Describe the signal or pick one from a list."))
        if item and not cleaned_data.get("form_of_violence"):
            cleaned_data["form_of_violence"] = item.signal_list.form_of_violence
        if (cleaned_data.get("source") == SignalSource.THIRD_PARTY
                and not cleaned_data.get("source_name")):
            self.add_error("source_name", _("Say who told you (name and function)."))
        if bool(cleaned_data.get("follows_up")) != bool(cleaned_data.get("hypothesis_outcome")):
            self.add_error(
                "hypothesis_outcome",
                _("Choose the hypothesis and whether this entry confirms or refutes it."),
            )
        check_past_date(self, "observed_on")
        return cleaned_data


class SignalsStep(StepForm):
    """Step 1: who the case is about, the kindcheck, and the signals."""

    number = 1
    form_class = CaseDetailsForm
    formset_classes = {
        "signals": row_formset(Case, Signal, SignalForm),
    }

    formset_labels = {"signals": (_("Signals"), _("Signal"), _("Add another signal"))}

    def get_form_kwargs(self, initial):
        return {"initial": initial, "instance": self.case}

    def get_formset_kwargs(self, name):
        return {"instance": self.case, "form_kwargs": {"case": self.case}}

    def sections(self):
        form = self.form
        adult = is_adult(form["age_group"].value() or self.case.age_group)
        return [
            Section(_("Who is the case about?"),
                    [form["person_reference"], form["person_name"], form["age_group"]]),
            Section(
                form.words.kindcheck_heading,
                [form[name] for name in form.fields if name.startswith("kc_")],
                notes=(form.words.kindcheck_note,),
                foldable=True,
                open=adult or any(form[name].errors for name in form.fields
                                  if name.startswith("kc_")),
            ),
        ]

    def clean(self):
        if not self.rows("signals"):
            self.add_error(_("Record at least one signal."))

    @transaction.atomic(savepoint=False)
    def save(self):
        case = self.form.save(commit=False)
        case.kindcheck = self.form.kindcheck()
        case.save()
        super().save()


# Step 2: consultation ------------------------------------------------------------------


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["with_whom", "consulted_name", "consulted_on", "anonymous", "advice"]
        widgets = {
            "consulted_on": DATE_INPUT,
            "advice": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned_data = super().clean()
        check_past_date(self, "consulted_on")
        return cleaned_data


class ConsultationsStep(StepForm):
    """Step 2: consultations with a colleague, the coordinator, Veilig Thuis or an expert."""

    number = 2
    form_class = forms.Form
    formset_labels = {
        "consultations": (_("Consultations"), _("Consultation"), _("Add another consultation")),
    }
    formset_classes = {
        "consultations": row_formset(Case, Consultation, ConsultationForm),
    }

    def clean(self):
        rows = self.rows("consultations")
        if not rows:
            self.add_error(_("Record at least one consultation."))
        experts = {ConsultationWith.VEILIG_THUIS, ConsultationWith.EXPERT}
        if self.case.needs_expert_consultation() and not any(
            row.cleaned_data.get("with_whom") in experts for row in rows
        ):
            self.add_error(_(
                "There are signals of female genital mutilation or honour-related violence: "
                "consult Veilig Thuis or an expert before you complete this step."
            ))


# Step 3: conversation ------------------------------------------------------------------


class NoConversationForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["no_conversation_reason", "no_conversation_explanation"]
        widgets = {
            "no_conversation_reason": forms.RadioSelect,
            "no_conversation_explanation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["no_conversation_reason"]
        field.choices = wording.for_case(self.instance).choices(
            choice for choice in field.choices if choice[0])
        field.label = _("If there was no conversation: why not?")

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("no_conversation_reason") and not cleaned_data.get(
            "no_conversation_explanation"
        ):
            self.add_error("no_conversation_explanation", _("Explain the reason."))
        return cleaned_data


class ConversationForm(forms.ModelForm):
    class Meta:
        model = Conversation
        fields = [
            "with_whom", "held_on", "purpose_explained", "facts_presented", "reaction",
            "interpretation",
        ]
        widgets = {
            "held_on": DATE_INPUT,
            "reaction": forms.Textarea(attrs={"rows": 3}),
            "interpretation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["with_whom"].help_text = wording.for_case(case).conversation_with_help

    def clean(self):
        cleaned_data = super().clean()
        check_past_date(self, "held_on")
        return cleaned_data


class ConversationsStep(StepForm):
    """Step 3: the conversations with the people involved, or why there was none."""

    number = 3
    form_class = NoConversationForm
    formset_labels = {
        "conversations": (_("Conversations"), _("Conversation"), _("Add another conversation")),
    }

    def sections(self):
        return [Section(_("No conversation"), [self.form[name] for name in self.form.fields],
                        notes=(_("Skip the conversation only for one of these reasons."),))]
    formset_classes = {
        "conversations": row_formset(Case, Conversation, ConversationForm),
    }

    def get_form_kwargs(self, initial):
        return {"initial": initial, "instance": self.case}

    def get_formset_kwargs(self, name):
        return {"instance": self.case, "form_kwargs": {"case": self.case}}

    def clean(self):
        if not self.rows("conversations") and not self.form.cleaned_data.get(
            "no_conversation_reason"
        ):
            self.add_error(_("Record the conversation, or the reason there was none."))

    @transaction.atomic(savepoint=False)
    def save(self):
        self.form.save()
        super().save()


# Step 4: weighing ----------------------------------------------------------------------


class WeighingForm(forms.ModelForm):
    suspicion = YesNoField(
        label=format_lazy("{}: {}", _("Question 1"), QUESTIONS[0].text), required=True
    )
    acute_unsafety = YesNoField(label=_("Question 2: is there acute unsafety?"))
    structural_unsafety = YesNoField(label=_("Question 2: is there structural unsafety?"))

    class Meta:
        model = Weighing
        fields = [
            "suspicion", "acute_unsafety", "structural_unsafety", "reasoning",
            "risk_instrument", "risk_result",
        ]
        widgets = {
            "reasoning": forms.Textarea(attrs={"rows": 4}),
            "risk_result": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "reasoning": _("How did you weigh the signals, the advice and the conversation?"),
            "risk_instrument": _("Optional: the risk assessment instrument you used."),
        }

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("suspicion"):
            for field in ("acute_unsafety", "structural_unsafety"):
                if cleaned_data.get(field) is None:
                    self.add_error(field, _("With a suspicion, answer question 2 as well."))
        if cleaned_data.get("risk_result") and not cleaned_data.get("risk_instrument"):
            self.add_error("risk_instrument", _("Which instrument gave this result?"))
        return cleaned_data


class WeighingStep(StepForm):
    """Step 4: questions 1 and 2 of the afwegingskader."""

    number = 4
    form_class = WeighingForm
    case_related = ("weighing",)

    def sections(self):
        form = self.form
        return [
            # Each field says its question's number ("Vraag 1: ..."): the headings do not.
            Section(_("Is there a suspicion?"), [form["suspicion"]]),
            Section(_("Is there unsafety?"), [form["acute_unsafety"], form["structural_unsafety"]],
                    notes=(QUESTIONS[1].text, *QUESTIONS[1].guidance)),
            Section(_("Your weighing"),
                    [form["reasoning"], form["risk_instrument"], form["risk_result"]]),
        ]

    def get_form_kwargs(self, initial):
        return {"initial": initial, "instance": getattr(self.case, "weighing", None)}

    def save(self):
        weighing = self.form.save(commit=False)
        weighing.case = self.case
        weighing.weighed_by = self.user
        weighing.weighed_at = timezone.now()
        weighing.save()


# Step 5: decision ----------------------------------------------------------------------

#: The questions of step 5, in order, with the field that answers each.
DECISION_QUESTIONS = ("can_help", "help_accepted", "help_effective")
#: The help and its follow-up, when help is decided.
HELP_FIELDS = ("help_plan", "help_provider", "first_check_on", "check_interval_days",
               "help_ends_on")


def check_help_dates(form):
    """The dates of a help plan: the first check not in the past, the end not before it,
    and both within :data:`~.base.PLAN_AHEAD`."""
    first, end = form.cleaned_data.get("first_check_on"), form.cleaned_data.get("help_ends_on")
    if first and first < timezone.localdate():
        form.add_error("first_check_on", _("The first check cannot be in the past."))
    if first and end and end < first:
        form.add_error("help_ends_on", _("The end date comes before the first check."))
    check_planned_date(form, "first_check_on")
    check_planned_date(form, "help_ends_on")



class DecisionForm(forms.ModelForm):
    can_help = YesNoField(label=format_lazy("{}: {}", _("Question 3"), QUESTIONS[2].text))
    help_accepted = YesNoField(label=format_lazy("{}: {}", _("Question 4"), QUESTIONS[3].text))
    help_effective = YesNoField(
        label=format_lazy("{}: {}", _("Question 5"), QUESTIONS[4].text)
    )
    report = YesNoField(label=_("Decision 1: is a report to Veilig Thuis necessary?"),
                        required=True)
    help = YesNoField(label=_("Decision 2: is offering or organising help (also) possible?"),
                      required=True)
    close_reason = LongTextField(label=_("Why is the case closed?"), required=False)

    class Meta:
        model = Decision
        fields = [
            "can_help", "help_accepted", "help_effective", "report", "help",
            "deviation_reason", "reported_on", "veilig_thuis_reference", "report_discussed",
            "report_discussion", "client_reaction", *HELP_FIELDS,
        ]
        widgets = {
            "deviation_reason": forms.Textarea(attrs={"rows": 3}),
            "reported_on": DATE_INPUT,
            "report_discussed": forms.RadioSelect,
            "report_discussion": forms.Textarea(attrs={"rows": 3}),
            "client_reaction": forms.Textarea(attrs={"rows": 3}),
            "help_plan": forms.Textarea(attrs={"rows": 4}),
            "first_check_on": DATE_INPUT,
            "help_ends_on": DATE_INPUT,
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.weighing = getattr(case, "weighing", None)
        words = wording.for_case(case)
        self.fields["report_discussed"].label = words.report_discussed
        self.fields["report_discussed"].choices = words.choices(
            c for c in self.fields["report_discussed"].choices if c[0]
        )
        self.fields["client_reaction"].label = words.reaction
        #: What the earlier steps lack (see :mod:`wagtail_meldcode.lifecycle`), once cleaned.
        self.missing = []
        if self.unsafe:
            # The report stands; questions 3-5 may stay open, to be answered with Veilig Thuis.
            for name in DECISION_QUESTIONS:
                self.fields[name] = YesNoField(
                    label=self.fields[name].label,
                    open_label=_("Not yet: to be answered together with Veilig Thuis"),
                )
        if self.no_suspicion:
            # Nothing to decide but closing the case, and why.
            for name in list(self.fields):
                if name != "close_reason":
                    del self.fields[name]
            self.fields["close_reason"].required = True
        if not self.instance.pk:
            self.initial.setdefault(
                "check_interval_days",
                MeldcodeSettings.for_site(case.site).followup_interval_days,
            )

    @property
    def unsafe(self):
        """Question 2 was answered yes: a report is needed whatever questions 3-5 say."""
        return bool(self.weighing and (self.weighing.acute_unsafety
                                       or self.weighing.structural_unsafety))

    @property
    def no_suspicion(self):
        """Question 1 was answered no: the only decision is to close the case."""
        return self.weighing is not None and self.weighing.suspicion is False

    def answers(self):
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return afwegingskader.Answers(
            suspicion=self.weighing.suspicion,
            acute_unsafety=self.weighing.acute_unsafety,
            structural_unsafety=self.weighing.structural_unsafety,
            **{name: data.get(name) for name in DECISION_QUESTIONS},
        )

    def clean(self):
        cleaned_data = super().clean()
        if self.no_suspicion:
            cleaned_data.update(report=False, help=False,
                                **dict.fromkeys(DECISION_QUESTIONS))
        self.missing = lifecycle.missing_items(self.case, report=cleaned_data.get("report"))
        if self.missing:
            raise forms.ValidationError(_(
                "The decisions cannot be saved yet: complete what the earlier steps lack "
                "(listed below). What you typed here is kept."
            ))
        try:
            self.outcome = afwegingskader.weigh(self.answers())
        except ValueError:
            # Questions 3 to 5 are asked in order until the first "no": flag every open one.
            for name in DECISION_QUESTIONS:
                if cleaned_data.get(name) is False:
                    break
                if cleaned_data.get(name) is None:
                    self.add_error(name, _("The afwegingskader needs an answer here."))
            return cleaned_data
        report, help_ = cleaned_data.get("report"), cleaned_data.get("help")
        if report is None or help_ is None:
            return cleaned_data
        if afwegingskader.deviates(self.outcome, report, help_) and not cleaned_data.get(
            "deviation_reason"
        ):
            self.add_error(
                "deviation_reason",
                _("Your decision differs from the afwegingskader: write down why."),
            )
        if report:
            self.require("reported_on", "report_discussed")
            if cleaned_data.get("report_discussed") not in ("", None, ReportDiscussed.YES):
                self.require("report_discussion")
        if help_:
            self.require(*HELP_FIELDS)
            check_help_dates(self)
        if not report and not help_:
            self.require("close_reason")
        check_past_date(self, "reported_on")
        return cleaned_data

    def require(self, *names):
        for name in names:
            if self.cleaned_data.get(name) in (None, ""):
                self.add_error(name, _("This field is required for this decision."))


class DecisionStep(StepForm):
    """Step 5: questions 3 to 5 and the two decisions."""

    number = 5
    form_class = DecisionForm
    case_related = ("weighing",)

    def sections(self):
        form = self.form
        fields = lambda *names: [form[name] for name in names]  # noqa: E731
        if form.no_suspicion:
            return [Section(_("Closing the case"), fields("close_reason"), notes=(_(
                "Steps 1 to 3 gave no suspicion (question 1): the case is closed. Write "
                "down why."),))]
        return [
            Section(_("Questions 3 to 5"), fields(*DECISION_QUESTIONS),
                    template="wagtail_meldcode/case/advice.html"),
            Section(_("Your decisions"), fields("report", "help", "deviation_reason")),
            Section(_("The report"), fields(
                "reported_on", "veilig_thuis_reference", "report_discussed",
                "report_discussion", "client_reaction")),
            Section(_("The help and its follow-up"), fields(*HELP_FIELDS)),
            Section(_("Closing the case"), fields("close_reason"),
                    notes=(_("Only when you neither report nor offer help."),)),
        ]

    def get_form_kwargs(self, initial):
        latest = self.case.latest_decision()
        if latest is not None:
            # A new decision starts from the last one; it does not change it.
            latest.pk = None
            if self.case.reconsider_report:
                # The help did not work: question 5 is asked anew.
                latest.help_effective = None
        return {"initial": initial, "instance": latest, "case": self.case}

    @property
    def missing(self):
        """What the earlier steps lack, found when the decisions were posted."""
        return self.form.missing

    def failed_check(self):
        """The check-in that found the help not working, when step 5 is open again for it."""
        if not self.case.reconsider_report:
            return None
        return (self.case.followups.filter(outcome=FollowUpOutcome.NOT_WORKING)
                .select_related("answered_by").order_by("-answered_at").first())

    def previous_decision(self):
        """The decision taken before step 5 opened again, shown as history."""
        if self.case.status != CaseStatus.OPEN:
            return None
        return self.case.latest_decision()

    def suggestion(self):
        """The framework's outcome for the answers as shown, or None while incomplete."""
        if self.form.weighing is None:
            return None
        if getattr(self.form, "outcome", None) is not None:
            return self.form.outcome
        answers = {
            name: YesNoField.to_bool(self.form[name].value()) for name in DECISION_QUESTIONS
        }
        try:
            return afwegingskader.weigh(
                dataclasses.replace(self.form.answers(), **answers)
            )
        except ValueError:
            return None

    def suggestion_text(self):
        outcome = self.suggestion()
        return SUGGESTION_TEXTS[outcome.suggestion] if outcome else None

    def save(self):
        return lifecycle.decide(
            self.case, self.form.save(commit=False), outcome=self.form.outcome,
            user=self.user, close_reason=self.form.cleaned_data["close_reason"],
        )


#: The wizard's steps, in order: (URL name, form).
STEPS = tuple(zip(STEP_SLUGS, (SignalsStep, ConsultationsStep, ConversationsStep,
                               WeighingStep, DecisionStep), strict=True))
