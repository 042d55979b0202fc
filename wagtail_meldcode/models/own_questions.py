"""The organisation's own questions (eigen vragen) in a step, and the answers to them.

Editors add questions to a step page with Wagtail's form builder; the case wizard asks
the live page's questions after the fixed fields of that step. An answer is stored per
case, step and the question's ``clean_name`` (which Wagtail never changes once a
question is published), together with the label and the choices as they were when it
was given: a question renamed, reordered or deleted later never loses or misattributes
an answer.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.forms.models import AbstractFormField

from ..fields import EncryptedJSONField
from .pages import MeldcodePage

#: The kinds of question an editor may add: no e-mail, URL, file or hidden fields.
OWN_FIELD_TYPES = (
    ("singleline", _("Single line text")),
    ("multiline", _("Multi-line text")),
    ("number", _("Number")),
    ("date", _("Date")),
    ("dropdown", _("Drop down")),
    ("radio", _("Radio buttons")),
    ("checkboxes", _("Checkboxes")),
    ("checkbox", _("Single checkbox")),
)
#: The kinds whose answers are one or more of the question's choices; only these may
#: count in the evaluation report.
CHOICE_TYPES = frozenset({"dropdown", "radio", "checkboxes"})


def choice_list(text):
    """The choices in an editor's text: one per line, or separated by commas when it is
    a single line (as Wagtail's form builder reads them); empty entries left out."""
    lines = text.strip().splitlines()
    parts = lines if len(lines) > 1 else text.split(",")
    return [choice for part in parts if (choice := part.strip().rstrip(",").strip())]


def shown(field_type, value):
    """An answer as the dossier shows it: checkboxes joined, a date written out, a
    single checkbox as yes."""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if field_type == "checkbox":
        return _("Yes") if value else _("No")
    if field_type == "date" and (day := parse_date(str(value))):
        return date_format(day, "j F Y")
    return str(value)


class OwnQuestionQuerySet(models.QuerySet):
    def of_meldcode(self, meldcode):
        """The questions of the live step pages of ``meldcode`` (a page, or an expression
        of its ``path``). Step pages are children of a meldcode only."""
        path = meldcode.path if hasattr(meldcode, "path") else meldcode
        return self.filter(page__live=True, page__path__startswith=path)

    def of_case(self, case):
        """The questions of the live step pages of the meldcode of ``case`` (its page's
        path read in the same query unless the case holds its page already)."""
        if type(case).meldcode.is_cached(case):
            return self.of_meldcode(case.meldcode)
        return self.of_meldcode(Subquery(
            MeldcodePage.objects.filter(pk=case.meldcode_id).values("path")[:1]))


class OwnQuestion(AbstractFormField):
    """A question of the organisation's own in one step of its meldcode."""

    page = ParentalKey(
        "wagtail_meldcode.MeldcodeStepPage", on_delete=models.CASCADE,
        related_name="own_questions",
    )
    field_type = models.CharField(_("field type"), max_length=16, choices=OWN_FIELD_TYPES)
    field_type.required_on_save = True
    choices = models.TextField(
        _("choices"), blank=True,
        help_text=_("One choice per line. Only for drop downs, radio buttons and "
                    "checkboxes."),
    )
    #: Not used: a case starts without answers.
    default_value = None
    counts_in_evaluation = models.BooleanField(
        _("count in the evaluation"), default=False,
        help_text=_("Show how often each choice was given in the evaluation report "
                    "(anonymised). Only for drop downs, radio buttons and checkboxes."),
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldPanel("required"),
        FieldPanel("field_type", classname="formbuilder-type", required_on_save=True),
        FieldPanel("choices", classname="formbuilder-choices"),
        FieldPanel("counts_in_evaluation"),
    ]

    objects = OwnQuestionQuerySet.as_manager()

    class Meta(AbstractFormField.Meta):
        verbose_name = _("own question")
        verbose_name_plural = _("own questions")

    def __str__(self):
        return self.label

    def as_asked(self):
        """What an answer keeps of the question: its label, kind and choices."""
        return {
            "label": self.label,
            "field_type": self.field_type,
            "choices": choice_list(self.choices) if self.field_type in CHOICE_TYPES else [],
        }


def live_questions(meldcode, case=None):
    """Every question of the live step pages of ``meldcode``, each with its ``step`` and,
    with ``case``, the case's stored ``answer`` to it (see :attr:`OwnAnswer.answer`; None
    when there is none). One query, then kept on the page object for the request (see
    :func:`forget_live_questions`)."""
    key = case.pk if case is not None else None
    cached = getattr(meldcode, "_live_own_questions", None)
    if cached is None or cached[0] != key:
        questions = OwnQuestion.objects.of_meldcode(meldcode).annotate(
            step=F("page__step_number"))
        if case is not None:
            questions = questions.annotate(answer=Subquery(
                OwnAnswer.objects.filter(case=case, step=OuterRef("step"),
                                         clean_name=OuterRef("clean_name"))
                .values("answer")[:1],
                output_field=EncryptedJSONField(null=True),
            ))
        cached = (key, list(questions.order_by("page__step_number", "sort_order", "pk")))
        meldcode._live_own_questions = cached
    return cached[1]


def forget_live_questions(meldcode):
    """Read the questions and answers afresh next time (answers were just stored)."""
    meldcode.__dict__.pop("_live_own_questions", None)


def unanswered(case):
    """``(step, label)`` of the required questions of steps 1 to 4 that ``case`` has not
    answered, in step order; no query beyond :func:`live_questions`."""
    return [(q.step, q.label) for q in live_questions(case.meldcode, case)
            if q.required and q.step < 5 and q.answer is None]


class OwnAnswerManager(models.Manager):
    def record(self, case, step, answers, *, earlier, user):
        """Store ``answers`` of ``case`` in ``step``: ``{name: (question as asked, value or
        None)}``; None removes an earlier answer. ``earlier`` are the stored values by
        name; an answer that did not change keeps its label and date. At most two
        queries, however many questions there are. Returns whether anything changed."""
        now = timezone.now()
        changed, removed = [], []
        for name, (asked, value) in answers.items():
            if value is None:
                if name in earlier:
                    removed.append(name)
            elif name not in earlier or earlier[name] != value:
                changed.append(self.model(
                    case=case, step=step, clean_name=name, answer={**asked, "value": value},
                    answered_by=user, answered_at=now,
                ))
        if removed:
            self.filter(case=case, step=step, clean_name__in=removed).delete()
        if changed:
            self.bulk_create(
                changed, update_conflicts=True, unique_fields=["case", "step", "clean_name"],
                update_fields=["answer", "answered_by", "answered_at"],
            )
        return bool(changed or removed)

    def for_dossier(self, case):
        """The answers of ``case`` by step, ``{step: [answer]}``: in the order of the
        questions, then those no longer asked (marked ``asked_now = False``). Two
        queries."""
        order = {
            (step, name): position for position, (step, name) in enumerate(
                OwnQuestion.objects.of_case(case)
                .order_by("page__step_number", "sort_order", "pk")
                .values_list("page__step_number", "clean_name")
            )
        }
        by_step = {}
        for answer in self.filter(case=case).order_by("pk"):
            answer.asked_now = (answer.step, answer.clean_name) in order
            by_step.setdefault(answer.step, []).append(answer)
        for answers in by_step.values():
            answers.sort(key=lambda a: order.get((a.step, a.clean_name), len(order)))
        return by_step


class OwnAnswer(models.Model):
    """The answer of one case to one own question of a step, encrypted, with the
    question as it was asked (see :meth:`OwnQuestion.as_asked`)."""

    case = models.ForeignKey("wagtail_meldcode.Case", on_delete=models.CASCADE,
                             related_name="own_answers")
    step = models.PositiveSmallIntegerField(_("step"))
    clean_name = models.CharField(max_length=255)
    #: ``{"label", "field_type", "choices", "value"}``; the value as JSON (a date as
    #: "2026-03-01", a number as a string, checkboxes as a list).
    answer = EncryptedJSONField(_("answer"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)

    objects = OwnAnswerManager()

    class Meta:
        ordering = ["step", "pk"]
        verbose_name = _("answer to an own question")
        verbose_name_plural = _("answers to own questions")
        constraints = [
            models.UniqueConstraint(fields=["case", "step", "clean_name"],
                                    name="meldcode_unique_own_answer"),
        ]

    def __str__(self):
        return f"{self.case_id} {self.step} {self.clean_name}"

    @property
    def label(self):
        return self.answer["label"]

    @property
    def value(self):
        return self.answer["value"]

    def shown(self):
        return shown(self.answer.get("field_type"), self.value)
