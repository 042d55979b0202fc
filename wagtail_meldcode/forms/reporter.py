"""The reporter's function and phone number, asked once for the report summary."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ReporterDetails

#: Digits with the usual separators and an optional leading +, e.g. "06-12345678",
#: "+31 20 123 45 67".
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{7,}$")


class ReporterDetailsForm(forms.ModelForm):
    class Meta:
        model = ReporterDetails
        fields = ["function", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
                   "function": forms.TextInput(attrs={"autocomplete": "organization-title"})}

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not PHONE.match(phone) or sum(c.isdigit() for c in phone) < 8:
            raise forms.ValidationError(
                _("Enter a phone number with at least 8 digits, e.g. 06-12345678."))
        return phone
