"""The organisation's own questions: edited on the step pages, asked in the wizard, kept
in the dossier whatever the editor changes later."""

import uuid

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from tests.helpers import day, do_steps_1_to_3, error_summary, errors, open_case, weigh
from tests.test_dossier import pdf_text, text_of
from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.models import Case, MeldcodeStepPage, OwnAnswer, OwnQuestion
from wagtail_meldcode.roles import ensure_roles

pytestmark = pytest.mark.django_db

GROUP = {"label": "Groep of klas", "field_type": "dropdown", "required": True,
         "choices": "Groep 5\nGroep 6\nGroep 7"}

STEP_1 = {
    "person_reference": "Leerling groep 6", "age_group": "4-12",
    "signals-0-description": "Blauwe plek op de wang.", "signals-0-kind": "fact",
    "signals-0-source": "own", "signals-0-observed_on": day(-2),
}


@pytest.fixture
def roles(meldcode):
    return ensure_roles(meldcode_page=meldcode, site=Site.objects.get(is_default_site=True))


@pytest.fixture
def worker(roles, client):
    """A staff member, logged in with ``client``."""
    user = User.objects.create_user("sanne", first_name="Sanne", last_name="de Vries")
    user.groups.add(roles.staff)
    client.force_login(user)
    return user


def make_user(username, group):
    user = User.objects.create_user(username, first_name=username.title())
    user.groups.add(group)
    return user


def step_page(meldcode, number):
    return MeldcodeStepPage.objects.child_of(meldcode).get(step_number=number)


def publish_questions(meldcode, number, *questions):
    """Give step ``number`` exactly ``questions`` (dicts, or OwnQuestion rows to keep) and
    publish it, as an editor does."""
    page = step_page(meldcode, number)
    page.own_questions = [q if isinstance(q, OwnQuestion) else OwnQuestion(**q)
                          for q in questions]
    page.save_revision().publish()
    return page


def own(name):
    return f"own-{name}"


def test_the_step_asks_the_own_questions_after_its_fixed_fields(meldcode, worker, client):
    publish_questions(meldcode, 1, {**GROUP, "help_text": "Zoals in het leerlingvolgsysteem."})
    case, wizard = open_case(client)
    content = client.get(wizard.url("signalen")).content.decode()
    assert content.index('id="signalen-signals-title"') < content.index("Groep of klas")
    assert 'name="signalen-own-groep_of_klas"' in content
    assert "Zoals in het leerlingvolgsysteem." in content
    assert '<option value="Groep 6">Groep 6</option>' in content


def test_a_required_own_question_must_be_answered_and_is_stored(meldcode, worker, client):
    publish_questions(meldcode, 1, GROUP)
    case, wizard = open_case(client)
    response = wizard.post("signalen", STEP_1)
    assert response.status_code == 200
    assert errors(response)[0] == "<li>Dit is een verplicht veld.</li>"
    assert not OwnAnswer.objects.exists()
    # What was typed is kept as the step's draft, shown with its error.
    assert "Blauwe plek op de wang." in response.content.decode()

    response = wizard.post("signalen", {own("groep_of_klas"): "Groep 6"})
    assert response.status_code == 302, errors(response)
    answer = OwnAnswer.objects.get(case=case)
    assert (answer.step, answer.clean_name, answer.answered_by) == (1, "groep_of_klas", worker)
    assert answer.answer == {"label": "Groep of klas", "field_type": "dropdown",
                             "choices": ["Groep 5", "Groep 6", "Groep 7"], "value": "Groep 6"}
    # Shown again when the step is opened again.
    assert 'value="Groep 6" selected' in client.get(wizard.url("signalen")).content.decode()


def test_every_kind_of_question_is_stored_as_typed(meldcode, worker, client):
    publish_questions(
        meldcode, 4,
        {"label": "Mentor", "field_type": "singleline", "required": False},
        {"label": "Toelichting mentor", "field_type": "multiline", "required": False},
        {"label": "Score", "field_type": "number", "required": False},
        {"label": "Datum overdracht", "field_type": "date", "required": False},
        {"label": "Instrument", "field_type": "radio", "required": False,
         "choices": "LIRIK, ARIJ"},
        {"label": "Betrokken", "field_type": "checkboxes", "required": False,
         "choices": "Ouders\nIB\nDirectie"},
        {"label": "Dossier bij directie gemeld", "field_type": "checkbox",
         "required": False},
    )
    case, wizard = open_case(client)
    response = wizard.post("weging", {
        "suspicion": "no", "reasoning": "Geen zorgen meer.",
        own("mentor"): "Meneer Jansen", own("toelichting_mentor"): "Kent het gezin.\nGoed.",
        own("score"): "12.50", own("datum_overdracht"): "2026-11-02",
        own("instrument"): "ARIJ", own("betrokken"): ["Ouders", "Directie"],
        own("dossier_bij_directie_gemeld"): "on",
    })
    assert response.status_code == 302, errors(response)
    values = {a.clean_name: a.value for a in OwnAnswer.objects.filter(case=case, step=4)}
    assert values == {
        "mentor": "Meneer Jansen", "toelichting_mentor": "Kent het gezin.\nGoed.",
        "score": "12.5", "datum_overdracht": "2026-11-02", "instrument": "ARIJ",
        "betrokken": ["Ouders", "Directie"], "dossier_bij_directie_gemeld": True,
    }
    page = text_of(client.get(f"/meldcode/dossiers/{case.reference}/").content.decode())
    assert ("Vragen van onze organisatie Mentor Meneer Jansen Toelichting mentor Kent het "
            "gezin. Goed. Score 12.5 Datum overdracht 2 november 2026 Instrument ARIJ "
            "Betrokken Ouders, Directie Dossier bij directie gemeld Ja") in page


def test_bad_answers_get_a_dutch_message_beside_the_field(meldcode, worker, client):
    publish_questions(
        meldcode, 4,
        {"label": "Score", "field_type": "number", "required": False},
        {"label": "Datum overdracht", "field_type": "date", "required": False},
        {"label": "Instrument", "field_type": "radio", "required": False,
         "choices": "LIRIK, ARIJ"},
    )
    case, wizard = open_case(client)
    response = wizard.post("weging", {
        "suspicion": "no", "reasoning": "Geen zorgen meer.", own("score"): "twaalf",
        own("datum_overdracht"): "1850-01-01", own("instrument"): "Iets anders",
    })
    assert errors(response)[:3] == [
        '<li>Voer een getal in.</li>',
        "<li>Deze datum ligt te ver terug: controleer het jaar.</li>",
        "<li>Selecteer een geldige keuze. Iets anders is geen beschikbare keuze.</li>",
    ]
    assert not OwnAnswer.objects.exists()


def test_no_plaintext_of_an_own_answer_in_the_database(meldcode, worker, client):
    canary = f"KANARIE{uuid.uuid4().hex}"
    publish_questions(meldcode, 4, {"label": "Mentor", "field_type": "singleline",
                                    "required": False})
    case, wizard = open_case(client)
    wizard.post("weging", {own("mentor"): f"{canary}-concept"}, save_draft="1")
    response = wizard.post("weging", {"suspicion": "no", "reasoning": "Geen zorgen.",
                                      own("mentor"): f"{canary}-antwoord"})
    assert response.status_code == 302, errors(response)
    assert OwnAnswer.objects.get(case=case).value == f"{canary}-antwoord"
    with connection.cursor() as cursor:
        rows = []
        for table in ("wagtail_meldcode_ownanswer", "wagtail_meldcode_casedraft",
                      "wagtail_meldcode_caseevent"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            rows.extend(cursor.fetchall())
    assert len(rows) > 2
    assert canary not in repr(rows)


def answer_group(meldcode, client, choice="Groep 6"):
    """A case whose step 1 answered "Groep of klas" with ``choice``, and steps 2-3."""
    case, wizard = open_case(client)
    response = wizard.post("signalen", {**STEP_1, own("groep_of_klas"): choice})
    assert response.status_code == 302, errors(response)
    do_steps_1_to_3(wizard)  # the stored answer is shown, and posted again
    return case, wizard


def test_the_answer_keeps_its_label_when_the_question_is_renamed_and_deleted(
        meldcode, roles, worker, client):
    publish_questions(meldcode, 1, GROUP)
    case, _wizard = answer_group(meldcode, client)
    coordinator = make_user("jeroen", roles.coordinators)
    case_url = f"/meldcode/dossiers/{case.reference}/"

    def shown():
        client.force_login(worker)
        page = text_of(client.get(case_url).content.decode())
        pdf = pdf_text(client.get(f"{case_url}pdf/"))
        client.force_login(coordinator)
        admin = text_of(client.get(f"/admin/meldcode_cases/{case.pk}/dossier/").content.decode())
        return page, pdf, admin

    for text in shown():
        assert "Vragen van onze organisatie Groep of klas Groep 6 Stap 2" in text

    question = step_page(meldcode, 1).own_questions.get()
    question.label = "Klas"
    publish_questions(meldcode, 1, question)
    assert step_page(meldcode, 1).own_questions.get().clean_name == "groep_of_klas"
    for text in shown():
        assert "Vragen van onze organisatie Groep of klas Groep 6 Stap 2" in text

    publish_questions(meldcode, 1)
    for text in shown():
        assert ("Vragen van onze organisatie Groep of klas niet meer gevraagd Groep 6 "
                "Stap 2") in text


def test_a_choice_no_longer_offered_is_kept_unless_another_is_chosen(
        meldcode, worker, client):
    publish_questions(meldcode, 1, {**GROUP, "required": False})
    case, wizard = answer_group(meldcode, client, "Groep 7")
    question = step_page(meldcode, 1).own_questions.get()
    question.choices = "Groep 5\nGroep 6\nGroep 8"
    publish_questions(meldcode, 1, question)

    content = client.get(wizard.url("signalen")).content.decode()
    assert ("Eerder antwoord, niet meer een van de keuzes: Groep 7. Het blijft staan tenzij "
            "je iets anders kiest.") in content
    assert wizard.post("signalen", {}).status_code == 302
    assert OwnAnswer.objects.get(case=case).value == "Groep 7"
    assert wizard.post("signalen", {own("groep_of_klas"): "Groep 8"}).status_code == 302
    assert OwnAnswer.objects.get(case=case).value == "Groep 8"


def test_an_answer_in_a_draft_to_a_deleted_question_is_kept(meldcode, worker, client):
    publish_questions(meldcode, 1, {**GROUP, "required": False},
                      {"label": "Mentor", "field_type": "singleline", "required": False})
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    wizard.post("signalen", {own("groep_of_klas"): "Groep 5", own("mentor"): "Juf Ans"},
                save_draft="1")
    assert not OwnAnswer.objects.exists()
    publish_questions(meldcode, 1, step_page(meldcode, 1).own_questions.get(label="Mentor"))

    content = text_of(client.get(wizard.url("signalen")).content.decode())
    assert ("Je concept beantwoordde vragen die niet meer worden gesteld. De antwoorden "
            "worden bij deze stap bewaard als je hem opslaat: Groep of klas Groep 5") in content
    # Saving the draft again (another step) keeps it, then saving the step stores it.
    wizard.post("signalen", {}, wizard_goto_step="overleg")
    response = wizard.post("signalen", {})
    assert response.status_code == 302, errors(response)
    answers = {a.clean_name: (a.label, a.value) for a in OwnAnswer.objects.filter(case=case)}
    assert answers == {"groep_of_klas": ("Groep of klas", "Groep 5"),
                       "mentor": ("Mentor", "Juf Ans")}
    page = text_of(client.get(f"/meldcode/dossiers/{case.reference}/").content.decode())
    assert "Mentor Juf Ans Groep of klas niet meer gevraagd Groep 5" in page


def test_a_required_question_added_later_is_missing_in_open_cases_only(
        meldcode, worker, client):
    open_one, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes")
    closed, closing = open_case(client, person="Leerling groep 7")
    do_steps_1_to_3(closing)
    weigh(closing, "no")
    assert closing.post("besluit", {"close_reason": "Geen zorgen."}).status_code == 302

    publish_questions(meldcode, 1, GROUP)
    open_one.refresh_from_db()
    closed.refresh_from_db()
    assert open_one.incomplete_steps == "1"
    assert (closed.status, closed.incomplete_steps) == (CaseStatus.CLOSED, "")

    response = wizard.post("besluit", {
        "can_help": "yes", "help_accepted": "yes", "help_effective": "yes",
        "report": "no", "help": "yes", "help_plan": "Wekelijks gesprek.",
        "help_provider": "SMW", "first_check_on": day(7), "check_interval_days": "7",
        "help_ends_on": day(30),
    })
    assert "Stap 1</a>: Beantwoord de vraag \u201cGroep of klas\u201d." in error_summary(response)
    assert Case.objects.get(pk=open_one.pk).status == CaseStatus.OPEN

    assert wizard.post("signalen", {own("groep_of_klas"): "Groep 6"}).status_code == 302
    assert Case.objects.get(pk=open_one.pk).incomplete_steps == ""


# The editor ----------------------------------------------------------------------------


@pytest.fixture
def editor(roles, client):
    user = make_user("fatima", roles.editors)
    client.force_login(user)
    return user


def edit_step_1(client, meldcode, *questions, action="action-publish"):
    """Post the editor's form of step 1 with ``questions``."""
    page = step_page(meldcode, 1)
    return client.post(f"/admin/pages/{page.pk}/edit/", nested_form_data({
        "title": page.title, "slug": page.slug, "step_number": 1, "summary": page.summary,
        "body": streamfield([]), "comments": inline_formset([]),
        "own_questions": inline_formset([
            {"label": "", "help_text": "", "required": "on", "field_type": "singleline",
             "choices": "", "counts_in_evaluation": "", **question}
            for question in questions
        ]),
        action: "1",
    }))


def test_an_editor_adds_a_question_and_publishes_it(meldcode, editor, client):
    response = edit_step_1(client, meldcode, {
        "label": "Groep of klas", "field_type": "dropdown", "choices": "Groep 5\nGroep 6",
        "counts_in_evaluation": "on", "help_text": "Zoals in het leerlingvolgsysteem.",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    question = step_page(meldcode, 1).own_questions.get()
    assert (question.clean_name, question.label, question.counts_in_evaluation,
            question.required) == ("groep_of_klas", "Groep of klas", True, True)


def test_a_saved_draft_of_the_page_is_not_asked_yet(meldcode, editor, worker, client):
    response = edit_step_1(client, meldcode, {"label": "Mentor"}, action="action-save")
    assert response.status_code == 302
    assert not OwnQuestion.objects.exists()
    client.force_login(worker)
    _case, wizard = open_case(client)
    content = client.get(wizard.url("signalen")).content.decode()
    assert "Vragen van onze organisatie" not in content and "Mentor" not in content


EDITOR_ERRORS = [
    ({"label": "Leeftijdsgroep"},
     "Deze stap stelt al een vraag met dit label. Kies een ander label."),
    ({"label": "???"}, "Gebruik letters of cijfers in het label."),
    ({"label": "Mentor", "field_type": "dropdown", "choices": "Meneer Jansen"},
     "Geef minstens twee keuzes, één per regel."),
    ({"label": "Mentor", "field_type": "radio", "choices": "Ja\nNee\nJa"},
     "Elke keuze mag maar één keer voorkomen."),
    ({"label": "Mentor", "field_type": "dropdown",
      "choices": "\n".join(f"Keuze {n}" for n in range(101))},
     "Geef hoogstens 100 keuzes."),
    ({"label": "Mentor", "choices": "Ja\nNee"},
     "Alleen keuzelijsten, keuzerondjes en selectievakjes hebben keuzes."),
    ({"label": "Mentor", "counts_in_evaluation": "on"},
     "Alleen keuzelijsten, keuzerondjes en selectievakjes kunnen meetellen in de "
     "evaluatie."),
    ({"label": "Mentor", "field_type": "email"},
     "Selecteer een geldige keuze. email is geen beschikbare keuze."),
]


@pytest.mark.parametrize(("question", "message"), EDITOR_ERRORS)
def test_the_editor_refuses_a_bad_question(meldcode, editor, client, question, message):
    response = edit_step_1(client, meldcode, question)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OwnQuestion.objects.exists()


def test_two_questions_with_the_same_name_are_refused(meldcode, editor, client):
    response = edit_step_1(client, meldcode, {"label": "Groep of klas"},
                           {"label": "Groep of klas?"})
    assert response.status_code == 200
    assert ("Een andere vraag van deze stap heeft dezelfde naam (groep_of_klas). Kies een "
            "ander label.") in response.content.decode()
    assert not OwnQuestion.objects.exists()


def test_more_questions_than_the_limit_are_refused(meldcode, editor, client, settings):
    settings.MELDCODE_MAX_OWN_QUESTIONS = 2
    response = edit_step_1(client, meldcode, *({"label": f"Vraag {n}"} for n in range(3)))
    assert response.status_code == 200
    assert ("Een stap heeft hoogstens 2 eigen vragen; haal er 1 weg."
            in response.content.decode())
    assert not OwnQuestion.objects.exists()
    assert edit_step_1(client, meldcode, *({"label": f"Vraag {n}"} for n in range(2))
                       ).status_code == 302
    assert OwnQuestion.objects.count() == 2


# The evaluation ------------------------------------------------------------------------


def test_counted_questions_appear_in_the_evaluation_per_choice(meldcode, worker):
    from wagtail_meldcode.evaluation import evaluate

    publish_questions(
        meldcode, 1, {**GROUP, "required": False, "counts_in_evaluation": True},
        {"label": "Betrokken", "field_type": "checkboxes", "required": False,
         "choices": "Ouders\nIB", "counts_in_evaluation": True},
        {"label": "Instrument", "field_type": "radio", "required": False,
         "choices": "LIRIK\nARIJ"},
    )
    site = Site.objects.get(is_default_site=True)
    asked = {q.clean_name: q.as_asked() for q in step_page(meldcode, 1).own_questions.all()}
    groups = ["Groep 5"] * 7 + ["Groep 6"] * 5 + ["Groep 9"] + [None] * 2
    for number, group in enumerate(groups):
        case = Case.objects.create(meldcode=meldcode, site=site, owner=worker,
                                   person_reference=f"Leerling {number}", age_group="4-12")
        involved = ["Ouders", "IB"] if number < 6 else ["IB"] if number == 6 else None
        OwnAnswer.objects.record(case, 1, {
            "groep_of_klas": (asked["groep_of_klas"], group),
            "betrokken": (asked["betrokken"], involved),
            "instrument": (asked["instrument"], "ARIJ"),
        }, earlier={}, user=worker)

    today = timezone.localdate(Case.objects.first().created_at)
    report = evaluate([site], today, today)
    # The own questions' columns, before the three of the worries about a colleague.
    shown = {label: report.total.shown(name) for name, label in report.columns[-11:-3]}
    assert shown == {
        "Groep of klas: Groep 5": 7, "Groep of klas: Groep 6": 5,
        "Groep of klas: Groep 7": 0,
        "Groep of klas: Andere keuze (niet meer aangeboden)": "<5",
        "Groep of klas: Geen antwoord": "<5",
        "Betrokken: Ouders": 6, "Betrokken: IB": 7,
        "Betrokken: Andere keuze (niet meer aangeboden)": 0,
    }
    assert [str(q.heading) for q in report.questions] == [
        "Groep of klas (stap 1)", "Betrokken (stap 1)"]
    header, _rows = report.table()
    assert header[-11:-3] == list(shown)


def test_a_forged_list_of_questions_in_a_post_is_not_kept(meldcode, worker, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    forged = '{"verzonnen": {"label": "Verzonnen vraag", "field_type": "singleline"}}'
    wizard.post("signalen", {"own-__asked__": forged, "own-verzonnen": "Nep"},
                save_draft="1")
    assert wizard.post("signalen", {}).status_code == 302
    assert not OwnAnswer.objects.exists()


def test_the_purge_removes_the_answers(meldcode, worker, client):
    from django.utils import timezone

    from wagtail_meldcode.retention import purge

    publish_questions(meldcode, 1, GROUP)
    case, _wizard = answer_group(meldcode, client)
    assert case.own_answers.count() == 1
    purge(case, timezone.now())
    assert not OwnAnswer.objects.exists()


def test_reordered_questions_keep_their_answers(meldcode, worker, client):
    publish_questions(meldcode, 4,
                      {"label": "Mentor", "field_type": "singleline", "required": False},
                      {"label": "Instrument", "field_type": "singleline", "required": False})
    case, wizard = open_case(client)
    response = wizard.post("weging", {"suspicion": "no", "reasoning": "Geen zorgen.",
                                      own("mentor"): "Juf Ans", own("instrument"): "LIRIK"})
    assert response.status_code == 302, errors(response)
    mentor, instrument = step_page(meldcode, 4).own_questions.order_by("sort_order")
    instrument.sort_order, mentor.sort_order = 0, 1  # as the editor's drag and drop does
    publish_questions(meldcode, 4, instrument, mentor)

    content = client.get(wizard.url("weging")).content.decode()
    assert content.index('value="LIRIK"') < content.index('value="Juf Ans"')
    page = text_of(client.get(f"/meldcode/dossiers/{case.reference}/").content.decode())
    assert "Vragen van onze organisatie Instrument LIRIK Mentor Juf Ans" in page


def test_labels_help_texts_and_answers_are_escaped(meldcode, roles, worker, client):
    script = '<script>alert("x")</script>'
    publish_questions(meldcode, 1, {"label": f"Mentor {script}", "field_type": "singleline",
                                    "required": False, "help_text": f"Hulp {script}"})
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    name = step_page(meldcode, 1).own_questions.get().clean_name
    assert wizard.post("signalen", {own(name): f"Juf {script}"}).status_code == 302
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    step = client.get(wizard.url("signalen")).content.decode()
    coordinator = make_user("jeroen", roles.coordinators)
    client.force_login(coordinator)
    admin = client.get(f"/admin/meldcode_cases/{case.pk}/dossier/").content.decode()
    for content in (step, admin):
        assert script not in content
    assert f"Mentor {escaped}" in step and f"Hulp {escaped}" in step
    assert f"Mentor {escaped}" in admin and f"Juf {escaped}" in admin
