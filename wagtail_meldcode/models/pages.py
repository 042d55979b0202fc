"""The organisation's own meldcode, published as Wagtail pages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import ContactBlock, StepBodyBlock
from ..choices import Sector
from ..colleague import route_for

#: Every meldcode has exactly these five steps.
STEP_NUMBERS = (1, 2, 3, 4, 5)

#: How many steps there are: what "step 2 of 5" counts to, wherever it is shown.
STEP_COUNT = len(STEP_NUMBERS)

#: The steps' names in a case's URLs (``.../stap/<name>/``), in order.
STEP_SLUGS = ("signalen", "overleg", "gesprek", "weging", "besluit")

#: The steps' names, as the dossier and the coordinator's actions show them.
STEP_NAMES = (_("Step 1: signals"), _("Step 2: consultation"), _("Step 3: conversation"),
              _("Step 4: weighing"), _("Step 5: decisions"))


class MeldcodePage(RoutablePageMixin, Page):
    """The organisation's meldcode: the index above its five step pages.

    Routable: the staff routes for recording cases hang below it.
    """

    sector = models.CharField(_("sector"), max_length=40, choices=Sector.choices)
    adopted_on = models.DateField(
        _("adopted on"), null=True, blank=True,
        help_text=_("The date the organisation adopted this meldcode."),
    )
    introduction = RichTextField(
        _("introduction"), blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ul", "ol"],
    )
    contacts = StreamField(
        [("contact", ContactBlock())], verbose_name=_("roles and contacts"), blank=True
    )
    professional_secrecy = RichTextField(
        _("professional secrecy and the right to report"),
        blank=True,
        features=["h3", "bold", "italic", "link", "ul", "ol"],
    )
    veilig_thuis = RichTextField(
        _("Veilig Thuis"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("When and how to contact Veilig Thuis. The phone number comes from the "
                    "meldcode settings."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("sector"), FieldPanel("adopted_on")], heading=_("Scope")),
        FieldPanel("introduction"),
        FieldPanel("contacts"),
        FieldPanel("professional_secrecy"),
        FieldPanel("veilig_thuis"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("professional_secrecy"),
    ]

    subpage_types = ["wagtail_meldcode.MeldcodeStepPage"]
    template = "wagtail_meldcode/meldcode_page.html"

    class Meta:
        verbose_name = _("meldcode")
        verbose_name_plural = _("meldcodes")

    def get_steps(self):
        """Return the live step pages of this meldcode, in step order."""
        return MeldcodeStepPage.objects.child_of(self).live().order_by("step_number")

    def route(self, request, path_components):
        # The children of a meldcode are its five step pages: one query fetches them as
        # step pages, for the route and for the step navigation, instead of Wagtail's
        # query for a plain Page, then its specific page, then the live steps.
        if path_components and not self._is_subpage_route(path_components):
            steps = list(
                MeldcodeStepPage.objects.filter(path__startswith=self.path, depth=self.depth + 1)
                .order_by("step_number")
            )
            step = next((s for s in steps if s.slug == path_components[0]), None)
            if step is not None:
                step._cached_parent_obj = self
                step._live_steps = [s for s in steps if s.live]
                return step.route(request, path_components[1:])
        return super().route(request, path_components)

    def _is_subpage_route(self, path_components):
        if not self.live:
            return False
        try:
            self.resolve_subpage("/" + "/".join(path_components) + "/")
        except Http404:
            return False
        return True

    @property
    def has_colleague_route(self):
        """Does the sector have a legal route for a worry about a colleague?"""
        return route_for(self.sector) is not None

    #: The staff views of the routes below, by route name, and the links to them for the
    #: index page (``case_links(request, page)``): handed over by ``apps.py`` once every
    #: module is loaded, because a model imports no views and no permission rules.
    route_views = {}
    case_links = None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["steps"] = self.get_steps()
        context["step_count"] = STEP_COUNT
        context.update(self.case_links(request, self))
        return context

    # Staff routes for cases. The views check access themselves, through the permission
    # module; the page's own privacy settings apply on top.

    @path("dossiers/", name="cases")
    def cases_route(self, request):
        return self.route_views["cases"](request, self)

    @path("dossiers/nieuw/", name="new_case")
    def new_case_route(self, request):
        return self.route_views["new_case"](request, self)

    @path("dossiers/collega/nieuw/", name="new_colleague_case")
    def new_colleague_case_route(self, request):
        return self.route_views["new_colleague_case"](request, self)

    @re_path(r"^dossiers/(?P<reference>MC-[A-Z0-9-]+)/$", name="case")
    def case_route(self, request, reference):
        return self.route_views["case"](request, self, reference)

    @re_path(r"^dossiers/(?P<reference>MC-[A-Z0-9-]+)/pdf/$", name="case_pdf")
    def case_pdf_route(self, request, reference):
        return self.route_views["case_pdf"](request, self, reference)

    @re_path(r"^dossiers/(?P<reference>MC-[A-Z0-9-]+)/meldingsoverzicht/$",
             name="case_summary")
    def case_summary_route(self, request, reference):
        return self.route_views["case_summary"](request, self, reference)

    @re_path(r"^dossiers/(?P<reference>MC-[A-Z0-9-]+)/meldingsoverzicht/pdf/$",
             name="case_summary_pdf")
    def case_summary_pdf_route(self, request, reference):
        return self.route_views["case_summary_pdf"](request, self, reference)

    @re_path(r"^dossiers/(?P<reference>MC-[A-Z0-9-]+)/advies/$", name="case_advice")
    def case_advice_route(self, request, reference):
        return self.route_views["case_advice"](request, self, reference)

    @re_path(r"^dossiers/(?P<reference>MC-[A-Z0-9-]+)/stap/(?P<step>[a-z]+)/$",
             name="case_step")
    def case_step_route(self, request, reference, step):
        return self.route_views["case_step"](request, self, reference, step)

    @re_path(r"^dossiers/(?P<reference>MC-[A-Z0-9-]+)/controle/(?P<pk>[0-9]+)/$",
             name="followup")
    def followup_route(self, request, reference, pk):
        return self.route_views["followup"](request, self, reference, int(pk))

    @re_path(r"^dossiers/(?P<reference>MC-[A-Z0-9-]+)/bijlagen/nieuw/$", name="attachment_add")
    def attachment_add_route(self, request, reference):
        return self.route_views["attachment_add"](request, self, reference)

    @re_path(r"^dossiers/(?P<reference>MC-[A-Z0-9-]+)/bijlagen/(?P<pk>[0-9]+)/$",
             name="attachment")
    def attachment_route(self, request, reference, pk):
        return self.route_views["attachment"](request, self, reference, int(pk))

    @re_path(r"^dossiers/(?P<reference>MC-[A-Z0-9-]+)/bijlagen/(?P<pk>[0-9]+)/bekijken/$",
             name="attachment_inline")
    def attachment_inline_route(self, request, reference, pk):
        return self.route_views["attachment_inline"](request, self, reference, int(pk))

    @re_path(r"^dossiers/(?P<reference>MC-[A-Z0-9-]+)/bijlagen/(?P<pk>[0-9]+)/verwijderen/$",
             name="attachment_remove")
    def attachment_remove_route(self, request, reference, pk):
        return self.route_views["attachment_remove"](request, self, reference, int(pk))
    @re_path(r"^dossiers/(?P<reference>MC-[A-Z0-9-]+)/lichaamskaart/$", name="bodymap")
    def bodymap_route(self, request, reference):
        return self.route_views["bodymap"](request, self, reference)

    @re_path(r"^dossiers/(?P<reference>MC-[A-Z0-9-]+)/lichaamskaart/(?P<pk>[0-9]+)/$",
             name="bodymap_mark")
    def bodymap_mark_route(self, request, reference, pk):
        return self.route_views["bodymap_mark"](request, self, reference, int(pk))

    @re_path(r"^dossiers/(?P<reference>MC-[A-Z0-9-]+)/lichaamskaart/(?P<pk>[0-9]+)/verwijderen/$",
             name="bodymap_remove")
    def bodymap_remove_route(self, request, reference, pk):
        return self.route_views["bodymap_remove"](request, self, reference, int(pk))

    @path("afdrukken/", name="print")
    def print_route(self, request):
        """The whole meldcode, index and five steps, on one page for printing."""
        context = self.get_context(request)
        context["steps"] = list(self.get_steps())
        return TemplateResponse(request, "wagtail_meldcode/meldcode_print.html", context)


class MeldcodeStepPage(Page):
    """One of the five steps of the meldcode, with the organisation's guidance."""

    step_number = models.PositiveSmallIntegerField(
        _("step"), choices=[(n, str(n)) for n in STEP_NUMBERS]
    )
    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences on what this step is about.")
    )
    body = StreamField(StepBodyBlock(), verbose_name=_("content"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("step_number"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel(
            "own_questions", heading=_("Our own questions"), label=_("question"),
            help_text=_("Questions of your organisation that staff answer in this step of "
                        "a case, after the fixed questions of the meldcode."),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtail_meldcode.MeldcodePage"]
    subpage_types = []
    # The editor's form (wagtail_meldcode.forms.pages.MeldcodeStepPageForm) checks the own
    # questions against the step's fixed fields: it is attached in apps.py, because the
    # step forms import the models.
    template = "wagtail_meldcode/meldcode_step_page.html"

    class Meta:
        verbose_name = _("meldcode step")
        verbose_name_plural = _("meldcode steps")

    @classmethod
    def can_create_at(cls, parent):
        """A meldcode has five steps: no sixth can be added."""
        return (
            super().can_create_at(parent)
            and MeldcodeStepPage.objects.child_of(parent).count() < len(STEP_NUMBERS)
        )

    def clean(self):
        super().clean()
        if not self.path or self.step_number is None:
            return
        siblings = MeldcodeStepPage.objects.sibling_of(self).exclude(pk=self.pk)
        if self.pk is None and siblings.count() >= len(STEP_NUMBERS):
            raise ValidationError(_("A meldcode has exactly five steps."))
        if siblings.filter(step_number=self.step_number).exists():
            raise ValidationError(
                {"step_number": _("This meldcode already has a page for step %(number)s.")
                 % {"number": self.step_number}}
            )

    def get_records_to_keep(self):
        """The "what to record" lists of this step, for the case forms."""
        return [block.value for block in self.body if block.block_type == "what_to_record"]

    #: The kinds of block shown beside a case's step form, as guidance while recording.
    guidance_block_types = ("what_to_record", "checklist")

    def guidance_blocks(self):
        """The blocks of this step shown beside a case's step form, in the page's order."""
        return [block for block in self.body if block.block_type in self.guidance_block_types]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        meldcode = self.get_parent().specific
        steps = getattr(self, "_live_steps", None)
        if steps is None:  # not served through the meldcode's route (e.g. a preview)
            steps = list(meldcode.get_steps())
        meldcode_url = meldcode.get_url(request)
        links = [
            {"page": step, "url": child_url(meldcode_url, step.slug),
             "label": _("Step %(number)s") % {"number": step.step_number},
             "current": step.pk == self.pk}
            for step in steps
        ]
        index = next((i for i, link in enumerate(links) if link["current"]), None)
        previous_link = links[index - 1] if index else None
        next_link = links[index + 1] if index is not None and index + 1 < len(links) else None
        context.update(
            meldcode=meldcode,
            meldcode_url=meldcode_url,
            steps=steps,
            step_count=STEP_COUNT,
            step_links=links,
            previous_step=previous_link and previous_link["page"],
            previous_step_url=previous_link and previous_link["url"],
            next_step=next_link and next_link["page"],
            next_step_url=next_link and next_link["url"],
        )
        return context


def child_url(parent_url, slug):
    """The URL of a child page, built from its parent's URL as Wagtail builds page URLs.

    The step navigation links eight pages; ``{% pageurl %}`` reverses a URL for each.
    """
    if getattr(settings, "WAGTAIL_APPEND_SLASH", True):
        return f"{parent_url.rstrip('/')}/{slug}/"
    return f"{parent_url.rstrip('/')}/{slug}"
