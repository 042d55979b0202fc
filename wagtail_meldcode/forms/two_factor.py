"""The code a user types for the second factor."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=16,
        help_text=_("The six digits your authenticator app shows now, or a backup code."),
    )  # rendered by two_factor/code_form.html, with the autocomplete hints a phone needs

    def __init__(self, *args, devices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.devices = devices
        self.device = None

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        for device in self.devices:
            if device.verify_token(code):
                self.device = device
                return code
        # The same message for a wrong, an old and a throttled code.
        raise forms.ValidationError(_("That code is not right. Try the code shown now."))
