from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailMeldcodeAppConfig(AppConfig):
    name = "wagtail_meldcode"
    label = "wagtail_meldcode"
    verbose_name = _("Meldcode")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, signal_handlers  # noqa: F401 (checks registers itself)
        from .forms.pages import MeldcodeStepPageForm
        from .forms.settings import MeldcodeSettingsForm
        from .models import MeldcodePage, MeldcodeSettings, MeldcodeStepPage
        from .views.cases import ROUTE_VIEWS, case_links

        # The settings form records role changes through the domain layer, the step
        # page's form checks the own questions against the step forms, and the meldcode
        # page's routes serve the staff views: the models may import none of them, so
        # they are attached here, once every module is loaded.
        MeldcodeSettings.base_form_class = MeldcodeSettingsForm
        MeldcodeStepPage.base_form_class = MeldcodeStepPageForm
        MeldcodePage.route_views = ROUTE_VIEWS
        MeldcodePage.case_links = staticmethod(case_links)
        signal_handlers.register()
