"""Signal lists (signalenkaarten): the signals an organisation looks out for."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index

from ..choices import AgeGroup, FormOfViolence


class SignalList(index.Indexed, ClusterableModel):
    """A list of signals for one age group and one form of violence."""

    title = models.CharField(_("title"), max_length=200)
    age_group = models.CharField(_("age group"), max_length=20, choices=AgeGroup.choices)
    form_of_violence = models.CharField(
        _("form of violence"), max_length=40, choices=FormOfViolence.choices
    )
    introduction = models.TextField(_("introduction"), blank=True)
    #: Set on the lists the basismodel installs, so installing it again finds them.
    basismodel_key = models.CharField(max_length=100, blank=True, editable=False, db_index=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("age_group"),
        FieldPanel("form_of_violence"),
        FieldPanel("introduction"),
        InlinePanel("items", label=_("Signals"), min_num=1),
    ]

    search_fields = [
        index.SearchField("title"),
        index.FilterField("age_group"),
        index.FilterField("form_of_violence"),
    ]

    class Meta:
        ordering = ["form_of_violence", "age_group", "title"]
        verbose_name = _("signal list")
        verbose_name_plural = _("signal lists")

    def __str__(self):
        return f"{self.title} ({self.get_age_group_display()})"


class SignalListItem(Orderable):
    """One signal on a signal list; case forms can pick it."""

    signal_list = ParentalKey(SignalList, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(_("signal"), max_length=500)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self):
        return self.text
