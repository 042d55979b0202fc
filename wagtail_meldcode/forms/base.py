"""The limits every case form keeps to (text length, dates, rows) and its yes/no field."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

#: The most characters a free-text field takes: room for a long account, not for a book
#: (a megabyte of text made its PDF take half a minute).
LONG_TEXT_MAX_LENGTH = 10_000
#: The earliest date a case may mention; anything older is a typing error.
EARLIEST_DATE = datetime.date(1900, 1, 1)
#: How far ahead a planned date (a check, the end of the help) may lie.
PLAN_AHEAD = datetime.timedelta(days=2 * 365)
#: The most rows a list in a step holds (signals, consultations, conversations).
MAX_ROWS = 100


def _with_limit(help_text, limit):
    hint = gettext("At most %(limit)s characters.") % {
        "limit": number_format(limit, force_grouping=True)}
    return f"{help_text} {hint}" if help_text else hint


#: The help text of a field followed by its length limit, in the language of the moment.
with_limit = lazy(_with_limit, str)


class LongTextField(forms.CharField):
    """Free text in a textarea, at most :data:`LONG_TEXT_MAX_LENGTH` characters; the help
    text says so and the browser stops typing there."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, max_length=None, help_text="", **kwargs):
        max_length = max_length or LONG_TEXT_MAX_LENGTH
        super().__init__(max_length=max_length, help_text=with_limit(help_text, max_length),
                         **kwargs)


def check_past_date(form, name):
    """The date in ``name`` happened: not in the future, not before :data:`EARLIEST_DATE`."""
    day = form.cleaned_data.get(name)
    if day and day > timezone.localdate():
        form.add_error(name, _("This date is in the future."))
    elif day and day < EARLIEST_DATE:
        form.add_error(name, _("This date is too long ago: check the year."))


def check_planned_date(form, name):
    """The date in ``name`` is planned at most :data:`PLAN_AHEAD` from today."""
    day = form.cleaned_data.get(name)
    if day and day > timezone.localdate() + PLAN_AHEAD:
        form.add_error(name, _("Choose a date within two years from today."))


class RowFormSet(forms.BaseInlineFormSet):
    """The rows of a list in a step, at most :data:`MAX_ROWS` (a larger count is refused,
    never built)."""

    default_error_messages = {
        "too_many_forms": ngettext_lazy(
            "This list holds at most %(num)d entry.",
            "This list holds at most %(num)d entries.",
            "num",
        ),
    }


def row_formset(parent_model, model, form):
    """The formset of a step's list of ``model`` rows of a ``parent_model`` (the case)."""
    return forms.inlineformset_factory(
        parent_model, model, form=form, formset=RowFormSet, extra=1, can_delete=True,
        max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True,
    )


class YesNoField(forms.TypedChoiceField):
    """A yes/no question as radio buttons, None when unanswered."""

    def __init__(self, *, label=None, required=False, open_label=None, **kwargs):
        choices = [("yes", _("Yes")), ("no", _("No"))]
        if open_label:
            choices.append(("open", open_label))
        super().__init__(
            label=label, required=required, choices=choices, widget=forms.RadioSelect,
            coerce=self.to_bool, empty_value=None, **kwargs,
        )

    @staticmethod
    def to_bool(value):
        """"yes" is True, "no" is False, anything else (unanswered, "open") is None."""
        return {"yes": True, "no": False}.get(value)

    def prepare_value(self, value):
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value
