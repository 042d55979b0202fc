"""Opening a case."""

from django import forms

from ..models import Case


class NewCaseForm(forms.ModelForm):
    """Who a new case is about; the rest is asked in step 1."""

    class Meta:
        model = Case
        fields = ["person_reference", "age_group"]
