from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailMeldcodeAppConfig(AppConfig):
    name = "wagtail_meldcode"
    label = "wagtail_meldcode"
    verbose_name = _("Meldcode")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401
        from .forms.settings import MeldcodeSettingsForm
        from .models import MeldcodeSettings

        # The settings form records role changes through the domain layer, which the
        # models may not import: attached here, once every module is loaded.
        MeldcodeSettings.base_form_class = MeldcodeSettingsForm
