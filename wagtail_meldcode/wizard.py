"""The case wizard: django-formtools' NamedUrlWizardView over the five steps.

The database is the only storage. What a valid step contains is written to the case's
records at once; what was typed but not finished is kept as an encrypted draft per case and
step (:class:`~wagtail_meldcode.models.CaseDraft`). Nothing lives in the session or a
cookie, so a refresh, an expired session, a logout, a second tab or a second web server
loses nothing that was saved.
"""

import json

from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from formtools.wizard.storage.base import BaseStorage
from formtools.wizard.views import NamedUrlWizardView

from . import lifecycle
from .choices import CaseStatus
from .forms.base import MAX_ROWS, RowFormSet
from .forms.colleague import missing_steps
from .forms.own_questions import draft_with_questions, own_prefix
from .models import CaseDraft, MeldcodeStepPage
from .models.audit import Action, record_event
from .models.own_questions import live_questions
from .models.pages import STEP_SLUGS

#: The number of each of the meldcode's five steps, by its name in the URL.
STEP_NUMBERS = {name: number for number, name in enumerate(STEP_SLUGS, start=1)}

#: The most characters a step's draft holds (as stored): far more than a step with long
#: texts needs, and a bound on what one request can make every later visit read.
MAX_DRAFT_SIZE = 500_000


class DraftTooLarge(Exception):
    """What was typed is too large to keep as a draft; nothing was stored."""


def _upsert_draft(case, step):
    """SQL and parameters: insert the draft row of ``case`` and ``step`` unless it exists
    (then update nothing in it, which locks it), and return the row."""
    quote = connection.ops.quote_name
    columns = [field.column for field in CaseDraft._meta.concrete_fields]
    updated_at = CaseDraft._meta.get_field("updated_at").get_db_prep_value(
        timezone.now(), connection
    )
    sql = (
        f"INSERT INTO {quote(CaseDraft._meta.db_table)} "
        f"({quote('case_id')}, {quote('step')}, {quote('version')}, {quote('updated_at')}) "
        f"VALUES (%s, %s, 0, %s) "
        f"ON CONFLICT ({quote('case_id')}, {quote('step')}) "
        f"DO UPDATE SET {quote('step')} = EXCLUDED.{quote('step')} "
        f"RETURNING {', '.join(quote(column) for column in columns)}"
    )
    return sql, [case.pk, step, updated_at]


class CaseDraftStorage(BaseStorage):
    """Wizard storage in the database, one encrypted draft per case and step.

    ``reset()`` never deletes anything: formtools calls it on plain GETs. Drafts are read
    when first needed; a POST reads only its own step's draft, locked (:meth:`lock`).
    """

    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.case = request.meldcode_case
        self.drafts = {}
        self._all_read = False
        self.init_data()

    def reset(self):
        pass

    def draft(self, step):
        """The draft row of ``step``, or None."""
        if step not in self.drafts and not self._all_read:
            for draft in self.case.drafts.all():
                self.drafts.setdefault(draft.step, draft)
            self._all_read = True
        return self.drafts.get(step)

    def version(self, step):
        draft = self.draft(step)
        return draft.version if draft else 0

    def lock(self, step):
        """Lock the step's draft row until the transaction ends, and read it afresh.

        One statement makes the row when it is missing and locks it either way: a
        concurrent save of the same step waits here until this one commits, and then
        reads the version this one wrote.
        """
        if connection.features.can_return_columns_from_insert:
            self.drafts[step] = next(iter(CaseDraft.objects.raw(*_upsert_draft(self.case, step))))
            return
        CaseDraft.objects.get_or_create(case=self.case, step=step)
        self.drafts[step] = CaseDraft.objects.select_for_update().get(case=self.case, step=step)

    def get_step_data(self, step):
        draft = self.draft(step)
        return MultiValueDict(draft.data) if draft and draft.data else None

    def shows_errors(self, step):
        """Did the draft of ``step`` fail validation when it was posted?"""
        draft = self.draft(step)
        return bool(draft and draft.data and draft.show_errors)

    def set_step_data(self, step, cleaned_data, *, show_errors=False):
        """Keep what was typed in ``step`` as its draft (None: no draft any more);
        ``show_errors`` when it failed validation, so it is shown with its errors."""
        if isinstance(cleaned_data, MultiValueDict):
            cleaned_data = dict(cleaned_data.lists())
        cleaned_data = {k: v for k, v in (cleaned_data or {}).items()
                        if k != "csrfmiddlewaretoken"} or None
        # The wizard locked the row (see lock()), so counting up here is safe.
        if cleaned_data and len(json.dumps(cleaned_data, cls=DjangoJSONEncoder)) > MAX_DRAFT_SIZE:
            raise DraftTooLarge
        draft = self.draft(step) or CaseDraft.objects.get_or_create(
            case=self.case, step=step
        )[0]
        draft.version += 1
        draft.data = cleaned_data
        draft.show_errors = show_errors and cleaned_data is not None
        draft.updated_by = self.request.user
        draft.save()
        self.drafts[step] = draft


class CaseWizard(NamedUrlWizardView):
    """Record a case step by step, beside the organisation's guidance for each step."""

    storage_name = "wagtail_meldcode.wizard.CaseDraftStorage"
    template_name = "wagtail_meldcode/case/step.html"
    #: The MeldcodePage the routes hang below; set by the route.
    page = None
    #: The case, its role and whether the user may change it; set by the route.
    case = None
    role = None

    def get_prefix(self, request, *args, **kwargs):
        # One storage per case: two tabs on two cases never share anything.
        return f"case_{self.case.pk}"

    def get_step_url(self, step):
        return self.page.url + self.page.reverse_subpage(
            "case_step", kwargs={"reference": self.case.reference, "step": step}
        )

    def get_form_kwargs(self, step=None):
        step = step or self.steps.current
        return {
            "case": self.case, "user": self.request.user,
            "own_questions": self.own_questions(step),
            "own_draft": self.storage.get_step_data(step),
        }

    def number(self, step):
        """The number of ``step`` (its name), from 1."""
        return list(self.form_list).index(step) + 1

    def own_questions(self, step):
        """The organisation's own questions of ``step``, from its live page, each with
        the case's answer."""
        return [q for q in live_questions(self.page, self.case)
                if q.step == self.number(step)]

    def get_form(self, step=None, data=None, files=None):
        form = super().get_form(step, data, files)
        step = step or self.steps.current
        if (self.request.method == "GET" and data is not None
                and not self.storage.shows_errors(step)):
            # A draft to go on with: show it as typed, not as a list of errors.
            form.hide_errors()
        return form

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get(self, request, *args, **kwargs):
        step = kwargs.get("step")
        if step == self.done_step_name:
            # formtools would treat a GET of the done URL as finishing: a GET changes nothing.
            return redirect(self.case_url())
        # formtools only switches steps for a URL other than the current one; with a fresh
        # storage "current" is the first step, whose draft would then not be loaded.
        if step in self.form_list:
            self.storage.current_step = step
        return super().get(request, *args, **kwargs)

    @transaction.atomic
    def post(self, *args, **kwargs):
        step = kwargs.get("step")
        if step not in self.form_list:
            return redirect(self.get_step_url(self.steps.first))
        if self.request.POST.get(f"{self.prefix}-current_step") != step:
            # The step in the URL is the only step a POST may change: formtools would
            # process the step the form names, under the lock and version of another.
            raise SuspiciousOperation("The posted wizard step does not match the URL.")
        self.storage.current_step = step
        self.storage.lock(step)
        if str(self.storage.version(step)) != self.request.POST.get("draft_version"):
            return self.render_conflict()
        if self.request.POST.get("add_row"):
            return self.add_row(step, self.request.POST["add_row"])
        goto = self.request.POST.get("wizard_goto_step")
        to_bodymap = "goto_bodymap" in self.request.POST and self.bodymap_url(step)
        if goto in self.form_list or "save_draft" in self.request.POST or to_bodymap:
            # Leaving the step (back, another step, later): keep what was typed.
            try:
                self.save_draft(step)
            except DraftTooLarge:
                return self.render_too_large()
            if goto in self.form_list:
                return redirect(self.get_step_url(goto))
            if to_bodymap:
                return redirect(to_bodymap)
            messages.success(
                self.request,
                _("Step %(number)s of case %(reference)s is saved. You can go on later.")
                % {"number": self.number(step), "reference": self.case.reference},
            )
            return redirect(self.page.url + self.page.reverse_subpage("cases"))
        self.posting = True
        return super().post(*args, **kwargs)

    #: True while formtools handles a POST of the step: see :meth:`render`.
    posting = False

    def render(self, form=None, **kwargs):
        """Answer a POST that failed validation by keeping what was typed as the step's
        draft, marked to show its errors, and redirecting to the step: any way out of the
        page keeps it, and the browser's back button does not ask to post again."""
        if not (self.posting and form is not None and form.is_bound):
            return super().render(form, **kwargs)
        step = self.steps.current
        try:
            self.save_draft(step, show_errors=True)
        except DraftTooLarge:
            self.posting = False
            return self.render_too_large()
        return redirect(f"{self.get_step_url(step)}#mc-errors")

    def add_row(self, step, formset_prefix):
        """"Add another" without JavaScript: keep what was typed, with one more empty row."""
        data = self.request.POST.copy()
        total = f"{formset_prefix}-TOTAL_FORMS"
        count = int(data[total]) + 1 if data.get(total, "").isdigit() else 1
        if count > MAX_ROWS:
            messages.warning(self.request,
                             RowFormSet.default_error_messages["too_many_forms"]
                             % {"num": MAX_ROWS})
            count = MAX_ROWS
        data[total] = str(count)
        try:
            self.save_draft(step, data)
        except DraftTooLarge:
            return self.render_too_large()
        return redirect(f"{self.get_step_url(step)}#{formset_prefix}-{count - 1}")

    def save_draft(self, step, data=None, *, show_errors=False):
        data = draft_with_questions(
            data if data is not None else self.request.POST, self.storage.get_step_data(step),
            own_prefix(self.get_form_prefix(step)), self.own_questions(step),
        )
        self.storage.set_step_data(step, data, show_errors=show_errors)
        record_event(
            self.request, Action.SAVE_DRAFT, case=self.case, role=self.role,
            step=self.number(step),
        )

    def step_state(self, number, name, missing):
        """``complete``, ``attention`` (it lacks something though the case went past it,
        or its draft failed to save) or ``incomplete`` (not done yet)."""
        lacking = any(item.step == number for item in missing)
        if number == self.steps.count:
            decided = self.case.status != CaseStatus.OPEN
            if self.case.reconsider_report or (decided and self.case.incomplete_steps):
                return "attention"
            return "complete" if decided else "incomplete"
        if self.storage.shows_errors(name) or (lacking and number < self.case.current_step):
            return "attention"
        return "incomplete" if lacking else "complete"

    def render_too_large(self):
        """The step as posted, with what was typed still in it, and why nothing was kept."""
        form = self.get_form(data=self.request.POST, files=self.request.FILES)
        form.is_valid()
        form.add_error(_(
            "What you typed is too long to keep as a draft, so nothing was saved. Shorten "
            "the longest texts and save again."
        ))
        return self.render(form)

    def render_conflict(self):
        form = self.get_form(data=self.request.POST, files=self.request.FILES)
        form.is_valid()
        form.add_error(_(
            "Someone else saved this step in the meantime, so your changes were not saved. "
            "Copy what you typed, reload the step and add it again."
        ))
        record_event(
            self.request, Action.CONFLICT, case=self.case, role=self.role,
            step=self.number(self.steps.current),
        )
        return self.render(form, conflict=True)

    # Inside post()'s transaction: no savepoint of its own (an error ends the request).
    @transaction.atomic(savepoint=False)
    def process_step(self, form):
        """A valid step: write its records, move the case on, and drop the draft."""
        number = self.number(self.steps.current)
        form.save_own_answers()
        form.save()
        self.step_saved(number)
        record_event(self.request, Action.SAVE_STEP, case=self.case, role=self.role, step=number)
        return None  # the storage then clears the step's draft

    def step_saved(self, number):
        """Step ``number`` was saved complete: move the case on (see :mod:`.lifecycle`)."""
        lifecycle.step_recorded(self.case, number, self.steps.count)

    def render_done(self, form, **kwargs):
        # Every step was saved as it was completed; nothing to revalidate.
        self.done([form])
        return redirect(self.case_url())

    def case_url(self):
        return self.page.url + self.page.reverse_subpage(
            "case", kwargs={"reference": self.case.reference}
        )

    def done(self, form_list, **kwargs):
        """The last step was valid and saved: the decisions are taken."""
        action = Action.CLOSE if self.case.is_closed else Action.DECIDE
        record_event(self.request, action, case=self.case, role=self.role, step=self.steps.count)
        messages.success(self.request, _("The decisions for case %(reference)s are saved.")
                         % {"reference": self.case.reference})

    def render_next_step(self, form, **kwargs):
        messages.success(
            self.request, _("Step %(number)s is saved.")
            % {"number": self.number(self.steps.current)},
        )
        return super().render_next_step(form, **kwargs)

    def missing_items(self):
        """What the case lacks before its decisions (see :func:`lifecycle.missing_items`)."""
        return lifecycle.missing_items(self.case)

    def guidance(self, number):
        """The organisation's live step page of step ``number``, or None."""
        return (MeldcodeStepPage.objects.child_of(self.page).live()
                .filter(step_number=number).first())

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        step = self.steps.current
        number = self.number(step)
        guidance = self.guidance(number)
        if form.is_bound and form.show_errors:
            form.is_valid()  # the errors to show, and for step 5 what the steps lack
        missing = self.missing_items()
        step_links = [
            {"name": name, "number": n, "current": name == step, "url": self.get_step_url(name),
             "state": self.step_state(n, name, missing)}
            for n, name in enumerate(self.form_list, start=1)
        ]
        urls = {link["number"]: link["url"] for link in step_links}
        context.update(
            page=self.page,
            case=self.case,
            step_number=number,
            step_count=self.steps.count,
            step_links=step_links,
            missing_links=[(item, urls[item.step]) for item in getattr(form, "missing", ())],
            failed_check=getattr(form, "failed_check", lambda: None)(),
            previous_decision=getattr(form, "previous_decision", lambda: None)(),
            guidance=guidance,
            draft_version=self.storage.version(step),
            has_draft=bool(self.storage.get_step_data(step)),
            cases_url=self.page.url + self.page.reverse_subpage("cases"),
            case_url=self.case_url(),
            advice_url=self.page.url + self.page.reverse_subpage(
                "case_advice", kwargs={"reference": self.case.reference}
            ),
            bodymap_url=self.bodymap_url(step),
        )
        return context

    def bodymap_url(self, step):
        """The body map's URL when ``step`` is step 1 of the meldcode (signals), else None."""
        if self.case.is_colleague_case or self.number(step) != 1:
            return None
        return self.page.url + self.page.reverse_subpage(
            "bodymap", kwargs={"reference": self.case.reference})


class ColleagueCaseWizard(CaseWizard):
    """Record a worry about a colleague along the legal route of the meldcode's sector
    (see :mod:`.colleague`): the same drafts, locking and logging as the five steps."""

    template_name = "wagtail_meldcode/colleague/step.html"
    #: The route of the meldcode's sector, and what the page shows of it; set by the route.
    route = None
    route_context = None

    def get_context_data(self, form, **kwargs):
        return {**super().get_context_data(form=form, **kwargs), **self.route_context}

    def own_questions(self, step):
        return []

    def recorded(self):
        """The slugs of the steps the case holds."""
        return set(self.case.colleague_steps.values_list("step", flat=True))

    def step_saved(self, number):
        lifecycle.colleague_step_recorded(self.case, self.route, self.recorded())

    def missing_items(self):
        return missing_steps(self.route, self.recorded())

    def guidance(self, number):
        return self.route.steps[number - 1]

    def done(self, form_list, **kwargs):
        record_event(self.request, Action.CLOSE, case=self.case, role=self.role,
                     step=self.steps.count)
        messages.success(self.request, _("Case %(reference)s is complete and closed.")
                         % {"reference": self.case.reference})
