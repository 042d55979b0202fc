"""StreamField blocks for the pages of the organisation's meldcode."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from .choices import ContactRole
from .questions import questions_for_step


class ChecklistBlock(blocks.StructBlock):
    """A list of points to check off, e.g. what to prepare for a conversation."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    items = blocks.ListBlock(blocks.CharBlock(max_length=500), label=_("Items"))

    class Meta:
        icon = "tasks"
        label = _("Checklist")
        template = "wagtail_meldcode/blocks/checklist.html"


class RecordListBlock(blocks.StructBlock):
    """What staff must record in this step; the case forms show it beside the step."""

    title = blocks.CharBlock(label=_("Title"), max_length=200, default=_("What to record"))
    items = blocks.ListBlock(blocks.CharBlock(max_length=500), label=_("Items"))

    class Meta:
        icon = "doc-full"
        label = _("What to record")
        template = "wagtail_meldcode/blocks/record_list.html"


class NoticeBlock(blocks.StructBlock):
    """A highlighted notice: information or a warning."""

    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Warning"))],
        default="info",
        label=_("Kind"),
    )
    title = blocks.CharBlock(label=_("Title"), max_length=200, required=False)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul", "ol"])
    link = blocks.ChoiceBlock(
        choices=[("colleague_route", _("Record a worry about a colleague"))],
        required=False, label=_("Link below the text"),
        help_text=_("Staff find the route for a worry about a colleague here (in the sectors "
                    "that have one)."),
    )

    class Meta:
        icon = "warning"
        label = _("Notice")
        template = "wagtail_meldcode/blocks/notice.html"


class ContactBlock(blocks.StructBlock):
    """A person to contact: the coordinator, a manager, an expert."""

    role = blocks.ChoiceBlock(choices=ContactRole.choices, label=_("Role"))
    name = blocks.CharBlock(label=_("Name"), max_length=200)
    function = blocks.CharBlock(label=_("Function"), max_length=200, required=False)
    phone = blocks.CharBlock(label=_("Phone"), max_length=50, required=False)
    email = blocks.EmailBlock(label=_("E-mail"), required=False)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["role_label"] = dict(ContactRole.choices).get(value.get("role"), "")
        return context

    class Meta:
        icon = "user"
        label = _("Contact")
        template = "wagtail_meldcode/blocks/contact.html"


class SignalListChooserBlock(SnippetChooserBlock):
    """An embedded signal list (signalenkaart), rendered with its signals.

    Lists and their signals are fetched in bulk, so a page costs the same number of
    queries whether it embeds one list or fifty.
    """

    def __init__(self, **kwargs):
        super().__init__("wagtail_meldcode.SignalList", **kwargs)

    def bulk_to_python(self, values):
        lists = self.model_class.objects.prefetch_related("items").in_bulk(values)
        return [lists.get(pk) for pk in values]

    class Meta:
        icon = "list-ul"
        label = _("Signal list")
        template = "wagtail_meldcode/blocks/signal_list.html"


class AfwegingskaderBlock(blocks.StructBlock):
    """The questions of the afwegingskader, in their fixed order and wording."""

    questions = blocks.ChoiceBlock(
        choices=[
            ("4", _("Questions 1 and 2 (step 4: weigh)")),
            ("5", _("Questions 3 to 5 (step 5: decide)")),
            ("all", _("All five questions")),
        ],
        default="all",
        label=_("Questions"),
    )
    intro = blocks.RichTextBlock(
        label=_("Introduction"), required=False, features=["bold", "italic", "link"]
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        which = value.get("questions")
        context["questions"] = questions_for_step(None if which == "all" else int(which))
        return context

    class Meta:
        icon = "help"
        label = _("Afwegingskader questions")
        template = "wagtail_meldcode/blocks/afwegingskader.html"


class StepBodyBlock(blocks.StreamBlock):
    """The content of a step page."""

    heading = blocks.CharBlock(
        label=_("Heading"), max_length=200, form_classname="title",
        template="wagtail_meldcode/blocks/heading.html",
    )
    text = blocks.RichTextBlock(
        label=_("Text"), features=["h3", "bold", "italic", "link", "ul", "ol"]
    )
    checklist = ChecklistBlock()
    notice = NoticeBlock()
    contact = ContactBlock()
    signal_list = SignalListChooserBlock()
    afwegingskader = AfwegingskaderBlock()
    what_to_record = RecordListBlock()
