"""The plain formtools peer: a SessionWizardView whose first step has the weighing's fields."""

from django import forms
from django.http import HttpResponse
from formtools.wizard.views import SessionWizardView

YES_NO = [("yes", "Ja"), ("no", "Nee")]


class WeighingLikeForm(forms.Form):
    """As many fields, of the same kinds, as step 4 (weighing) of a case."""

    suspicion = forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect)
    acute_unsafety = forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect)
    structural_unsafety = forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect)
    reasoning = forms.CharField(widget=forms.Textarea)
    risk_instrument = forms.CharField(required=False, max_length=200)
    risk_result = forms.CharField(required=False, widget=forms.Textarea)


class NextForm(forms.Form):
    remark = forms.CharField(required=False)


class PeerWizard(SessionWizardView):
    form_list = [("weging", WeighingLikeForm), ("next", NextForm)]
    template_name = "peers/wizard.html"

    def done(self, form_list, **kwargs):
        return HttpResponse("done")
