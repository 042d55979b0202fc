"""The organisation's own questions as form fields, and the editor's checks on them."""

import dataclasses
import datetime
import decimal
import json

from django import forms
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.utils import get_field_clean_name

from ..conf import get_setting
from ..models.own_questions import CHOICE_TYPES, choice_list, shown
from .base import EARLIEST_DATE, PLAN_AHEAD, LongTextField

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
#: The longest text an answer in one line takes.
SINGLE_LINE_MAX_LENGTH = 255
#: The most characters one choice takes.
CHOICE_MAX_LENGTH = 200
#: The most choices one question offers.
MAX_CHOICES = 100
#: The largest number a number question takes (a number of children, a score).
NUMBER_LIMIT = decimal.Decimal("999999999")


class OwnDateField(forms.DateField):
    """A date from :data:`~.base.EARLIEST_DATE` up to :data:`~.base.PLAN_AHEAD` ahead."""

    def validate(self, value):
        super().validate(value)
        if value and value < EARLIEST_DATE:
            raise forms.ValidationError(_("This date is too long ago: check the year."))
        if value and value > timezone.localdate() + PLAN_AHEAD:
            raise forms.ValidationError(_("Choose a date within two years from today."))


class OwnQuestionsBuilder(FormBuilder):
    """Wagtail's form builder with the fields and limits of the case forms."""

    def create_singleline_field(self, field, options):
        return forms.CharField(max_length=SINGLE_LINE_MAX_LENGTH, **options)

    def create_multiline_field(self, field, options):
        return LongTextField(**options)

    def create_number_field(self, field, options):
        return forms.DecimalField(max_digits=15, decimal_places=4, min_value=-NUMBER_LIMIT,
                                  max_value=NUMBER_LIMIT, **options)

    def create_date_field(self, field, options):
        return OwnDateField(widget=DATE_INPUT, **options)

    def create_dropdown_field(self, field, options):
        options["choices"] = [("", "---------"), *self.get_formatted_field_choices(field)]
        return forms.ChoiceField(**options)

    def create_checkboxes_field(self, field, options):
        options["choices"] = self.get_formatted_field_choices(field)
        return forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, **options)

    def get_formatted_field_choices(self, field):
        return [(choice, choice) for choice in choice_list(field.choices)]

    def get_field_options(self, field):
        options = super().get_field_options(field)
        del options["initial"]  # a case starts empty; an earlier answer is its initial
        return options


def to_stored(value):
    """A cleaned answer as JSON: a date as ISO text, a number as text."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    return value


def is_empty(value):
    return value in (None, "", [], False)


def own_prefix(step_prefix):
    """The prefix of the own questions' fields in a step's form."""
    return f"{step_prefix}-own" if step_prefix else "own"


#: The key in a step's draft under which the questions asked are kept (see
#: :func:`draft_with_questions`).
ASKED_KEY = "__asked__"


class OwnQuestionsForm(forms.Form):
    """The own questions of one step, for one case.

    ``questions`` are the live step page's questions, each with the case's stored
    ``answer`` (see :func:`~wagtail_meldcode.models.own_questions.live_questions`),
    ``draft`` the step's stored draft. A draft may hold answers to questions that were
    deleted since it was typed: :attr:`orphans`.
    """

    def __init__(self, data=None, *, prefix, questions, draft=None, **kwargs):
        self.questions = list(questions)
        #: The stored values of the answers, by question name.
        self.answers = {q.clean_name: q.answer["value"] for q in self.questions
                        if getattr(q, "answer", None)}
        self.draft = draft
        super().__init__(data, prefix=prefix, **kwargs)
        builder = OwnQuestionsBuilder(self.questions)
        self.fields.update(builder.formfields)
        for question in self.questions:
            if question.clean_name not in self.answers:
                continue
            self.initial[question.clean_name] = self.answers[question.clean_name]
            if lost := self.lost_choices(question):
                field = self.fields[question.clean_name]
                note = format_lazy(_("Earlier answer, no longer one of the choices: {}. It "
                                     "is kept unless you choose another."), ", ".join(lost))
                field.help_text = (format_lazy("{} {}", field.help_text, note)
                                   if field.help_text else note)

    def lost_choices(self, question):
        """The choices of the case's earlier answer to ``question`` that the question no
        longer offers: such an answer stays unless another is chosen."""
        value = self.answers.get(question.clean_name)
        if value is None or question.field_type not in CHOICE_TYPES:
            return []
        offered = set(choice_list(question.choices))
        given = value if isinstance(value, list) else [value]
        return [choice for choice in given if choice not in offered]

    @cached_property
    def orphans(self):
        """The answers in the draft to questions that are no longer asked (:class:`Orphan`)."""
        return orphans(self.draft, self.prefix, self.questions)

    def answers_to_store(self):
        """``{name: (question as asked, value or None)}`` for every question of the step
        and every orphan: None means "no answer" (an earlier answer is removed)."""
        result = {}
        for question in self.questions:
            value = to_stored(self.cleaned_data.get(question.clean_name))
            if is_empty(value) and self.lost_choices(question):
                continue  # keep the answer that is no longer one of the choices
            result[question.clean_name] = (question.as_asked(),
                                           None if is_empty(value) else value)
        for orphan in self.orphans:
            result[orphan.name] = (orphan.asked, orphan.value)
        return result


# Drafts ------------------------------------------------------------------------------


def _asked_in(data, prefix):
    """The questions a draft was typed against (see :func:`draft_with_questions`)."""
    raw = data.get(f"{prefix}-{ASKED_KEY}") if data is not None else None
    try:
        asked = json.loads(raw) if raw else {}
    except (TypeError, ValueError):
        return {}
    return asked if isinstance(asked, dict) else {}


@dataclasses.dataclass(frozen=True)
class Orphan:
    """An answer in a draft to a question that is no longer asked."""

    name: str
    #: The question as it was asked (see :meth:`OwnQuestion.as_asked`).
    asked: dict
    value: object

    @property
    def label(self):
        return self.asked["label"]

    def shown(self):
        return shown(self.asked.get("field_type"), self.value)


def orphans(draft, prefix, questions):
    """The answers in ``draft`` (a step's draft data) to questions not among
    ``questions`` any more, as :class:`Orphan`."""
    if not draft:
        return []
    current = {question.clean_name for question in questions}
    found = []
    for name, asked in _asked_in(draft, prefix).items():
        if name in current or not isinstance(asked, dict) or "label" not in asked:
            continue
        values = [value for value in draft.getlist(f"{prefix}-{name}") if value]
        if values:
            multiple = asked.get("field_type") == "checkboxes"
            found.append(Orphan(name, asked, values if multiple else values[-1]))
    return found


def draft_with_questions(data, earlier, prefix, questions):
    """What a step's draft keeps: ``data`` as typed, with the questions as asked now (so
    an answer keeps its label if the question is deleted before the step is saved), and
    the answers the ``earlier`` draft held to questions deleted since."""
    data = data.copy()
    data.pop(f"{prefix}-{ASKED_KEY}", None)  # only ever what the server saw asked
    asked = {}
    for orphan in orphans(earlier, prefix, questions):
        asked[orphan.name] = orphan.asked
        value = orphan.value
        if not data.getlist(f"{prefix}-{orphan.name}"):
            data.setlist(f"{prefix}-{orphan.name}", value if isinstance(value, list) else [value])
    asked.update((question.clean_name, question.as_asked()) for question in questions)
    if asked:
        data[f"{prefix}-{ASKED_KEY}"] = json.dumps(asked)
    return data


# The editor's checks ----------------------------------------------------------------


def _normalised(label):
    return " ".join(str(label).casefold().split()).rstrip(":?").strip()


def fixed_labels(step_form):
    """The labels of the fixed fields of a step's form (main form and rows), normalised."""
    classes = [step_form.form_class, *(formset.form for formset in
                                       step_form.formset_classes.values())]
    labels = set()
    for form_class in classes:
        for name, field in form_class.base_fields.items():
            labels.add(_normalised(field.label or name.replace("_", " ")))
    return labels


def check_own_questions(forms_, step_form):
    """Add errors to the editor's question forms ``forms_`` (a formset's forms, cleaned)
    of a step whose case form is ``step_form``: too many questions, a label taken by a
    fixed field or another question, malformed choices, a count that cannot be made.
    Returns the message for the whole list, or None."""
    kept = [form for form in forms_
            if form.cleaned_data and not form.cleaned_data.get("DELETE")]
    fixed = fixed_labels(step_form)
    seen = {}
    for form in kept:
        data = form.cleaned_data
        label = data.get("label") or ""
        name = form.instance.clean_name or (get_field_clean_name(label) if label else "")
        if label and not name:
            form.add_error("label", _("Use letters or digits in the label."))
        elif label and _normalised(label) in fixed:
            form.add_error("label", _(
                "This step already asks a question with this label. Choose another label."))
        elif name in seen:
            form.add_error("label", _(
                "Another question of this step has the same name (%(name)s). Choose "
                "another label.") % {"name": name})
        seen.setdefault(name, form)
        _check_choices(form, data)
    limit = get_setting("MAX_OWN_QUESTIONS")
    if len(kept) > limit:
        return _("A step has at most %(limit)s own questions; remove %(extra)s.") % {
            "limit": limit, "extra": len(kept) - limit}
    return None


def _check_choices(form, data):
    field_type = data.get("field_type")
    choices = choice_list(data.get("choices") or "")
    if field_type in CHOICE_TYPES:
        if len(choices) < 2:
            form.add_error("choices", _("Give at least two choices, one per line."))
        elif len(set(choices)) != len(choices):
            form.add_error("choices", _("Each choice may appear only once."))
        elif len(choices) > MAX_CHOICES:
            form.add_error("choices", _("Give at most %(limit)s choices.")
                           % {"limit": MAX_CHOICES})
        elif any(len(choice) > CHOICE_MAX_LENGTH for choice in choices):
            form.add_error("choices", _("A choice has at most %(limit)s characters.")
                           % {"limit": CHOICE_MAX_LENGTH})
    elif data.get("choices", "").strip():
        form.add_error("choices", _("Only drop downs, radio buttons and checkboxes have "
                                    "choices."))
    if data.get("counts_in_evaluation") and field_type not in CHOICE_TYPES:
        form.add_error("counts_in_evaluation", _(
            "Only drop downs, radio buttons and checkboxes can count in the evaluation."))
