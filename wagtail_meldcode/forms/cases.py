"""Opening a case."""

from django import forms

from .. import wording
from ..models import Case


class NewCaseForm(forms.ModelForm):
    """Who a new case is about; the rest is asked in step 1."""

    class Meta:
        model = Case
        fields = ["person_reference", "age_group"]

    def __init__(self, *args, sector, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_reference"].help_text = wording.for_sector(sector).pseudonym_help
