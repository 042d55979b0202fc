"""What each page and pass costs in queries, named one by one.

One rule for every test here: the queries a request (or a pass) makes are captured and
compared, in order, with the expected list of named queries (kind and table, see
:func:`named`). A query added, lost or changed fails with a diff of the two lists; check
whether the change is needed, and if it is, update the list with the reason. Where a
page must not cost more with more rows (cases, signal lists, own questions, follow-ups),
the list is checked with few and with many.
"""

import datetime
import difflib
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from formdata import form_data
from tests.builders import make_case
from tests.helpers import do_steps_1_to_3, open_case, published, weigh
from tests.test_admin_cases import make_cases as make_listed_cases
from tests.test_dossier import add_rows, dossier  # noqa: F401 (a fixture)
from tests.test_evaluation import URL as EVALUATION_URL
from tests.test_evaluation import YEAR_2025
from tests.test_evaluation import make_cases as make_evaluated_cases
from tests.test_my_cases import make_cases as make_my_cases
from tests.test_own_questions import publish_questions
from tests.test_reminders import due_cases, make_due
from tests.test_step_requests import WEIGHING
from wagtail_meldcode.choices import AgeGroup, CaseStatus, FormOfViolence
from wagtail_meldcode.models import (
    Case,
    CaseDraft,
    CaseEvent,
    Decision,
    FollowUp,
    MeldcodeStepPage,
    SignalList,
    SignalListItem,
    Weighing,
)
from wagtail_meldcode.models.followup import due_moment
from wagtail_meldcode.reminders import deliver, dispatch
from wagtail_meldcode.views.cases import MY_CASES_PER_PAGE

pytestmark = pytest.mark.django_db

_STRING = re.compile(r"'(?:[^']|'')*'")
_NAME = r'"?(\w+)"?'
_CURSOR = re.compile(r"^DECLARE .*? CURSOR (?:WITH HOLD )?FOR ")


def _top_level(sql):
    """``sql`` (without string literals) with every parenthesised part emptied."""
    out, depth = [], 0
    for char in sql:
        if char == ")":
            depth -= 1
        if depth == 0:
            out.append(char)
        if char == "(":
            depth += 1
    return "".join(out)


def _first_part(sql):
    """What the parentheses that open ``sql`` hold."""
    depth = 0
    for end, char in enumerate(sql):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return sql[1:end]
    raise ValueError(sql)


def named(sql):
    """A query by its kind and tables: ``SELECT wagtailcore_page + wagtailcore_site`` (the
    table it reads, then the tables it joins), ``INSERT ...``, ``UPDATE ...``,
    ``DELETE ...``, ``SAVEPOINT``. Subqueries count with the query they are part of."""
    # PostgreSQL reads a queryset's iterator() through a server-side cursor.
    sql = _CURSOR.sub("", _STRING.sub("''", sql))
    top = " ".join(_top_level(sql).split())
    if top.startswith("()"):  # PostgreSQL puts the parts of a UNION in parentheses
        return named(_first_part(sql)) + " UNION"
    kind = top.split(" ", 1)[0].upper()
    if kind == "SELECT":
        union = " UNION" if " UNION " in top else ""
        if " FROM () " in f"{top} ":  # a count of a subquery's rows, for instance
            inner = _first_part(sql[sql.index(" FROM (") + 6:])
            return f"SELECT FROM ({named(inner)}){union}"
        main = re.search(rf"\bFROM {_NAME}", top)
        joins = re.findall(rf"\bJOIN {_NAME}", top)
        tables = " + ".join([main.group(1) if main else "(no table)", *joins])
        return f"SELECT {tables}{union}"
    if kind == "INSERT":
        # SQLite's INSERT OR IGNORE is PostgreSQL's ON CONFLICT DO NOTHING.
        found = re.match(rf"INSERT (OR IGNORE )?INTO {_NAME}", top)
        conflict = found.group(1) or " ON CONFLICT " in top
        return f"INSERT {found.group(2)}" + (" ON CONFLICT" if conflict else "")
    if kind in ("UPDATE", "DELETE"):
        return f"{kind} " + re.search(rf"^(?:UPDATE|DELETE FROM) {_NAME}", top).group(1)
    return " ".join(top.split(" ")[:2] if kind in ("RELEASE", "SET") else [kind])


def check_queries(expected, captured):
    """Fail, with a diff, unless the ``captured`` queries are ``expected``, in order."""
    made = [named(query["sql"]) for query in captured]
    if made != expected:
        diff = "\n".join(difflib.unified_diff(expected, made, "expected", "made", lineterm=""))
        sql = "\n".join(f"{n:3} {q['sql'][:160]}" for n, q in enumerate(captured, 1))
        pytest.fail(f"The queries changed:\n{diff}\n\nThe queries made:\n{sql}", pytrace=False)


def request_queries(expected, client, url, data=None, status=200, **params):
    """Check the queries of a GET of ``url`` (or a POST of ``data``) against ``expected``;
    return the response, which must have ``status``."""
    with CaptureQueriesContext(connection) as captured:
        if data is None:
            response = client.get(url, params)
        else:
            response = client.post(url, data)
    assert response.status_code == status
    check_queries(expected, captured)
    return response


# The parts many requests share ------------------------------------------------------------

#: Every request of a logged-in user who handles case data, before any view runs.
REQUEST = [
    "SELECT django_session",
    "SELECT auth_user",
    "SELECT otp_totp_totpdevice",  # the second factor (django-otp)
    # The user's groups: their roles, and Wagtail's group view restriction.
    "SELECT auth_group + auth_user_groups",
    "SELECT wagtail_meldcode_meldcodesettings",  # of the sites where they have a role
]
#: Wagtail's admin, on every admin page: the user's permissions and profile.
ADMIN = [
    "SELECT auth_permission + auth_user_user_permissions + django_content_type",
    "SELECT auth_permission + auth_group_permissions + django_content_type",
    "SELECT wagtailusers_userprofile",
]
#: The coordinator's tasks, counted for the label of the "Meldcode" menu: the cases (a
#: union of a count per kind, each from its partial index), then their follow-ups
#: (``worklist.coordinator_task_count``, once per request).
MENU_TASKS = ["SELECT wagtail_meldcode_case UNION", "SELECT wagtail_meldcode_followup"]
#: The admin menu: Wagtail's own items, then the meldcode's evaluation item asks the
#: permission module twice (the site settings where the user has a role; the sites the
#: user coordinates were read earlier in the request), and the tasks are counted.
ADMIN_MENU = [
    "SELECT wagtailcore_locale",
    "SELECT wagtailcore_grouppagepermission + auth_group + auth_user_groups + "
    "wagtailcore_page + auth_permission",
    "SELECT wagtailcore_groupcollectionpermission + auth_group + auth_user_groups + "
    "wagtailcore_collection + auth_permission",
    "SELECT wagtailcore_groupsitepermission + auth_group + auth_user_groups + auth_permission",
    *["SELECT wagtail_meldcode_meldcodesettings"] * 2,
    *MENU_TASKS,
]
#: The admin menu on a page that did not ask for the sites the user coordinates before:
#: the count of the tasks asks.
ADMIN_MENU_ASKING = [*ADMIN_MENU[:4], *["SELECT wagtail_meldcode_meldcodesettings"] * 3,
                     *MENU_TASKS]
#: Wagtail routing to the meldcode page: the site, the home page (specific), the meldcode
#: page and its specific page.
ROUTE = [
    "SELECT wagtailcore_site + wagtailcore_page",
    "SELECT intranet_homepage + wagtailcore_page",
    "SELECT wagtailcore_page",
    "SELECT wagtail_meldcode_meldcodepage + wagtailcore_page",
]
#: Page privacy: the ancestors' aliases and the view restrictions.
PRIVACY = ["SELECT wagtailcore_page", "SELECT wagtailcore_pageviewrestriction"]
#: The groups of the home page's view restriction (for a logged-in user).
PRIVACY_GROUPS = ["SELECT auth_group + wagtailcore_pageviewrestriction_groups"]
#: The meldcode's step pages, for the route and the step navigation, in one query.
STEPS = ["SELECT wagtail_meldcode_meldcodesteppage + wagtailcore_page"]
#: The signal lists in a step's content, and their signals.
SIGNAL_LISTS = ["SELECT wagtail_meldcode_signallist", "SELECT wagtail_meldcode_signallistitem"]


# Step pages (the meldcode's guidance) ----------------------------------------------------

#: A published step page for a visitor: the site, the home page (specific), the meldcode
#: page (and its specific page), the ancestors' aliases and the view restrictions (page
#: privacy), the meldcode's steps, the site's meldcode settings (Veilig Thuis comes before
#: the content), the signal lists and their signals.
VISITOR_STEP_PAGE = [*ROUTE, *STEPS, *PRIVACY, "SELECT wagtail_meldcode_meldcodesettings",
                     *SIGNAL_LISTS]


def embed_lists(step, count):
    """Make ``count`` extra signal lists and embed every list there is in the step."""
    for n in range(count):
        signal_list = SignalList(
            title=f"Lijst {n}", age_group=AgeGroup.AGE_4_12,
            form_of_violence=FormOfViolence.PHYSICAL_NEGLECT,
        )
        signal_list.items = [SignalListItem(text=f"Signaal {n}.{i}") for i in range(8)]
        signal_list.save()
    step.body = [("signal_list", signal_list) for signal_list in SignalList.objects.all()]
    step.save_revision().publish()
    return SignalList.objects.count()


def test_a_visitors_step_page_with_5_or_50_signal_lists(meldcode, client):
    step = MeldcodeStepPage.objects.get(step_number=1)
    SignalList.objects.all().delete()
    for count, total in ((5, 5), (45, 50)):
        assert embed_lists(step, count) == total
        client.get(step.url)  # warm what is cached across requests (content types, roots)
        content = request_queries(VISITOR_STEP_PAGE, client, step.url).content.decode()
        assert content.count('class="mc-block mc-signals"') == total
    assert "Signaal 44.7" in content


#: A published step page for staff: Wagtail up to the meldcode page, then its steps in one
#: query, the signal lists in the step's content and their signals.
STAFF_STEP_PAGE = [*REQUEST, *ROUTE, *STEPS, *PRIVACY, *PRIVACY_GROUPS, *SIGNAL_LISTS]


def test_a_staff_members_step_page(staff, client):
    step = MeldcodeStepPage.objects.live().get(step_number=1)
    client.get(step.url)
    content = request_queries(STAFF_STEP_PAGE, client, step.url).content.decode()
    assert content.count('class="mc-steps__item"') == 5
    assert 'href="tel:0800-2000"' in content


# The case wizard -------------------------------------------------------------------------


#: Step 4 of a case with nothing recorded: the case with its weighing, the audit event,
#: the case's drafts, the meldcode's own questions with the case's answers, the step's
#: guidance page (whose content for step 4 has no signal lists), and for the state of each
#: step in the step bar the case's signals, consultations and conversations.
CASE = [*REQUEST, *ROUTE, *PRIVACY, *PRIVACY_GROUPS]
#: What a case step page reads after the case: the audit event of the read, the case's
#: drafts, the own questions of the meldcode's live steps with the case's answers.
CASE_STEP_READ = [
    "INSERT wagtail_meldcode_caseevent",
    "SELECT wagtail_meldcode_casedraft",
    "SELECT wagtail_meldcode_ownquestion + wagtail_meldcode_meldcodesteppage + "
    "wagtailcore_page",
]
#: The case's records that the step bar shows the state of each step from.
STEP_BAR = ["SELECT wagtail_meldcode_signal", "SELECT wagtail_meldcode_consultation",
            "SELECT wagtail_meldcode_conversation"]
#: The case with its weighing, in one query.
CASE_WITH_WEIGHING = ["SELECT wagtail_meldcode_case + wagtail_meldcode_weighing"]
CASE_STEP_4 = [*CASE, *CASE_WITH_WEIGHING, *CASE_STEP_READ, *STEPS, *STEP_BAR]


def test_step_4_of_a_new_case(staff, client, case_at_step_4):
    url = f"/meldcode/dossiers/{case_at_step_4.reference}/stap/weging/"
    client.get(url)
    response = request_queries(CASE_STEP_4, client, url)
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert 'href="tel:0800-2000"' in response.content.decode()


#: A valid POST of step 4 (weighing): the case with its weighing; the step's draft row,
#: made if missing, locked and read (INSERT ... ON CONFLICT); the own questions of the
#: meldcode's live step pages with the case's answers; the weighing saved; what the case
#: lacks for the steps it went past (its signals' forms of violence, its consultations,
#: its conversations); the case updated (its step and incomplete steps); the audit event;
#: the draft cleared (version + 1); all in one transaction (a savepoint in tests).
def step_4_post(weighing, *stalled):
    """The queries of a valid POST of step 4: ``weighing`` saves it, ``stalled`` ends
    the case's stalled reminders."""
    return [
        *CASE, *CASE_WITH_WEIGHING,
        "SAVEPOINT",
        "INSERT wagtail_meldcode_casedraft ON CONFLICT",
        "SELECT wagtail_meldcode_ownquestion + wagtail_meldcode_meldcodesteppage + "
        "wagtailcore_page",
        weighing,
        *stalled,
        *STEP_BAR,  # what the case lacks, for the steps it went past
        "UPDATE wagtail_meldcode_case",  # its step and incomplete steps
        "INSERT wagtail_meldcode_caseevent",
        "UPDATE wagtail_meldcode_casedraft",  # cleared, version + 1
        "RELEASE SAVEPOINT",
    ]


#: The first save makes the weighing and moves the case to step 5, which ends its
#: "stalled" reminders; a second save changes the weighing and moves nothing.
STEP_4_FIRST_POST = step_4_post("INSERT wagtail_meldcode_weighing",
                                "UPDATE wagtail_meldcode_followup")
STEP_4_POST = step_4_post("UPDATE wagtail_meldcode_weighing")


def test_saving_step_4_twice(staff, client, case_at_step_4):
    url = f"/meldcode/dossiers/{case_at_step_4.reference}/stap/weging/"
    data = {**form_data(client.get(url).content.decode()),
            **{f"weging-{name}": value for name, value in WEIGHING.items()}}
    for version, expected in ((0, STEP_4_FIRST_POST), (1, STEP_4_POST)):
        data["draft_version"] = str(version)
        response = request_queries(expected, client, url, data, status=302)
        assert response["Location"].endswith("/stap/besluit/")

    weighing = Weighing.objects.get(case=case_at_step_4)
    assert weighing.reasoning == WEIGHING["reasoning"]
    draft = CaseDraft.objects.get(case=case_at_step_4, step="weging")
    assert (draft.version, draft.data) == (2, None)
    assert CaseEvent.objects.filter(case=case_at_step_4, action="save_step").count() == 2
    # Nothing was recorded in steps 1 to 3, which the case went past.
    assert Case.objects.get(pk=case_at_step_4.pk).incomplete_steps == "1,2,3"


#: Each step of a case weighed after steps 1 to 3: the step's own records and choices on
#: top of what every case step reads (the rows of its list, the signal lists and
#: hypotheses in step 1, the latest decision and the site's follow-up interval in step 5).
#: The case, with its meldcode page and site (for the own questions and the guidance) and
#: its owner, in one query.
CASE_WITH_PAGES = [
    "SELECT wagtail_meldcode_case + wagtail_meldcode_meldcodepage + wagtailcore_page + "
    "wagtailcore_locale + django_content_type + wagtailcore_site + wagtailcore_page + "
    "wagtailcore_locale + django_content_type + auth_user",
]
CASE_STEPS = {
    "signalen": [
        *CASE, *CASE_WITH_PAGES, *CASE_STEP_READ, *STEPS,
        "SELECT wagtail_meldcode_weighing", *STEP_BAR,
        # The signals of the list, each with the signal list item it was picked from,
        # for the form, its hypotheses to follow up and the choices of signal lists.
        *["SELECT wagtail_meldcode_signal",
          "SELECT wagtail_meldcode_signallistitem + wagtail_meldcode_signallist"] * 3,
        "SELECT wagtail_meldcode_signal",
        "SELECT wagtail_meldcode_injurymark",  # how many marks the body map holds
        *SIGNAL_LISTS,
    ],
    "overleg": [*CASE, *CASE_WITH_PAGES, *CASE_STEP_READ, *STEPS,
                "SELECT wagtail_meldcode_weighing", *STEP_BAR,
                "SELECT wagtail_meldcode_consultation"],
    "gesprek": [*CASE, *CASE_WITH_PAGES, *CASE_STEP_READ, *STEPS,
                "SELECT wagtail_meldcode_weighing", *STEP_BAR,
                "SELECT wagtail_meldcode_conversation"],
    "weging": CASE_STEP_4,
    "besluit": [
        *CASE, *CASE_WITH_WEIGHING, *CASE_STEP_READ,
        "SELECT wagtail_meldcode_decision",  # the latest decision
        # The site's follow-up interval.
        "SELECT wagtailcore_site", "SELECT wagtail_meldcode_meldcodesettings",
        *STEPS, *STEP_BAR,
        "SELECT wagtail_meldcode_decision",
    ],
}


@pytest.mark.parametrize("step", list(CASE_STEPS))
def test_each_case_step_with_1_or_1000_cases(staff, client, step):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes")
    client.get(wizard.url(step))
    request_queries(CASE_STEPS[step], client, wizard.url(step))
    Case.objects.bulk_create(
        Case(meldcode=case.meldcode, site=case.site, owner=case.owner, age_group="4-12",
             person_reference=f"Leerling {n}", reference=f"MC-BULK-{n:04d}")
        for n in range(999)
    )
    request_queries(CASE_STEPS[step], client, wizard.url(step))


#: Step 4 of a new case, opened and then saved: the same with thirty own questions in
#: step 4 (and thirty required ones in step 1, which the case then lacks) as with none.
OWN_QUESTIONS_STEP_4 = CASE_STEP_4
OWN_QUESTIONS_STEP_4_POST = STEP_4_FIRST_POST


def test_step_4_with_thirty_own_questions_or_none(meldcode, staff, client):
    def open_and_save():
        _case, wizard = open_case(client)
        url = wizard.url("weging")
        request_queries(OWN_QUESTIONS_STEP_4, client, url)
        data = wizard.form_data("weging")
        data.update({"weging-suspicion": "no", "weging-reasoning": "Geen zorgen."})
        request_queries(OWN_QUESTIONS_STEP_4_POST, client, url, data, status=302)

    open_and_save()
    publish_questions(meldcode, 4, *(
        {"label": f"Vraag {n}", "field_type": "singleline", "required": False}
        for n in range(30)
    ))
    publish_questions(meldcode, 1, *(
        {"label": f"Vraag {n}", "field_type": "singleline", "required": True}
        for n in range(30)
    ))
    open_and_save()


# Lists and dossiers ----------------------------------------------------------------------

#: "Mijn taken": drafts, cases that lack something, checks due, feedback due.
STAFF_TASKS = [
    "SELECT wagtail_meldcode_casedraft + wagtail_meldcode_case",
    "SELECT wagtail_meldcode_case",
    *["SELECT wagtail_meldcode_followup + wagtail_meldcode_case"] * 2,
]
#: "Mijn dossiers": the counts of the lists (current and closed, then transferred), the
#: current cases of one page, the user's tasks and their unread notices.
MY_CASES = [*CASE, "SELECT wagtail_meldcode_case",
            "SELECT wagtail_meldcode_casenotice + wagtail_meldcode_case",
            "SELECT wagtail_meldcode_case", *STAFF_TASKS,
            "SELECT wagtail_meldcode_casenotice + wagtail_meldcode_case + auth_user"]


def test_my_cases_with_2_or_52_cases(staff, client):
    make_my_cases(staff, 2)
    client.get("/meldcode/dossiers/")
    request_queries(MY_CASES, client, "/meldcode/dossiers/")
    make_my_cases(staff, 3 * MY_CASES_PER_PAGE, start=2)
    make_my_cases(staff, 10, status=CaseStatus.CLOSED, start=100)
    request_queries(MY_CASES, client, "/meldcode/dossiers/")


#: The case page of the owner, and the admin case view of the coordinator: the same with
#: one or four decisions, answered checks and events by other people.
DOSSIER = [
    "SELECT wagtail_meldcode_followup + auth_user",  # the follow-ups, who answered them
    "SELECT wagtail_meldcode_ownquestion + wagtail_meldcode_meldcodesteppage + "
    "wagtailcore_page",
    "SELECT wagtail_meldcode_ownanswer",
    # The attachments, with the records they belong to and who removed one by hand.
    "SELECT wagtail_meldcode_attachment + wagtail_meldcode_signal + "
    "wagtail_meldcode_consultation + wagtail_meldcode_conversation + auth_user",
    # The marks of the body map, with the signals they belong to (one query, however many).
    "SELECT wagtail_meldcode_injurymark + wagtail_meldcode_signal",
]
#: The records of the steps and the chronology, each with the people named in it.
RECORDS = [
    "SELECT wagtail_meldcode_signal + wagtail_meldcode_signallistitem + "
    "wagtail_meldcode_signal",
    "SELECT wagtail_meldcode_consultation",
    "SELECT wagtail_meldcode_conversation",
    "SELECT wagtail_meldcode_decision + auth_user",
    "SELECT wagtail_meldcode_caseevent + auth_user",
]
#: The case with its owner, coordinator and weighing (and who weighed).
CASE_WITH_PEOPLE = ("wagtail_meldcode_case + auth_user + auth_user + "
                    "wagtail_meldcode_weighing + auth_user")
DOSSIER_PAGE = [*CASE, f"SELECT {CASE_WITH_PEOPLE}", "INSERT wagtail_meldcode_caseevent",
                *DOSSIER, *RECORDS]
#: The admin case view: the coordinator's actions each ask the permission module (the
#: site settings) and whether a legal hold stands; the forms offer the site's
#: coordinators and staff.
ADMIN_DOSSIER = [
    *REQUEST, *ADMIN,
    "SELECT wagtail_meldcode_case + wagtail_meldcode_meldcodepage + wagtailcore_page + "
    "wagtailcore_site + auth_user + auth_user + wagtail_meldcode_weighing + auth_user",
    "INSERT wagtail_meldcode_caseevent",
    *DOSSIER,
    "SELECT wagtail_meldcode_followup",  # the next check
    "SELECT wagtail_meldcode_legalhold",  # the retention section
    *["SELECT wagtail_meldcode_legalhold"] * 2,  # placing or lifting one, in the menu
    *ADMIN_MENU_ASKING,
    *RECORDS,
]


def test_the_dossier_with_one_or_four_of_every_row(dossier, client):  # noqa: F811
    coordinator = Client()
    coordinator.force_login(User.objects.get(username="aandachtsfunctionaris"))
    pages = [(DOSSIER_PAGE, client, f"/meldcode/dossiers/{dossier.reference}/"),
             (ADMIN_DOSSIER, coordinator, f"/admin/meldcode_cases/{dossier.pk}/dossier/")]
    for _expected, who, url in pages:
        who.get(url)  # what is cached across requests
    for expected, who, url in pages:
        request_queries(expected, who, url)
    add_rows(dossier, 3)
    assert Decision.objects.filter(case=dossier).count() == 4
    for expected, who, url in pages:
        request_queries(expected, who, url)


#: The coordinator's case listing in the admin, with pages and another order.
def admin_cases(by_kind=True):
    """The case listing's queries. The ids of a page, in the default order (the cases
    that wait for a coordinator first): PostgreSQL takes each kind's page in a UNION,
    SQLite sorts once; both sort once in another order (``by_kind=False``) and for a
    search."""
    union = " UNION" if by_kind and connection.vendor == "postgresql" else ""
    return [
        *REQUEST, *ADMIN,
        "SELECT wagtail_meldcode_meldcodesettings",  # the sites the user coordinates
        "SELECT wagtail_meldcode_case",  # the count
        f"SELECT wagtail_meldcode_case{union}",  # the page's ids
        "SELECT wagtail_meldcode_case + auth_user + auth_user",  # its rows, with people
        "SELECT wagtail_meldcode_signal",  # their forms of violence
        *ADMIN_MENU,
        "SELECT auth_user + auth_user_groups",  # the coordinators to filter by
    ]


def test_the_admin_case_listing_with_more_staff_pages_or_order(people, client):
    coordinator = people["aandachtsfunctionaris"]
    client.force_login(coordinator)
    make_listed_cases(120)
    Case.objects.filter(reference__lt="MC-LIST-0060").update(coordinator=coordinator)
    client.get("/admin/meldcode_cases/")  # the session's first request records its start
    request_queries(admin_cases(), client, "/admin/meldcode_cases/")
    staff = Group.objects.get(user__username="medewerker")
    for n in range(30):
        User.objects.create_user(f"extra-{n}", last_name=f"Extra {n}").groups.add(staff)
    for params in ({}, {"p": 2}, {"p": 3}):
        request_queries(admin_cases(), client, "/admin/meldcode_cases/", **params)
    for params in ({"ordering": "current_step"}, {"q": "LIST-000"}, {"q": "Leerling 7"}):
        request_queries(admin_cases(by_kind=False), client, "/admin/meldcode_cases/",
                        **params)


#: The case listing, the evaluation report and its CSV, for 10 and for 10,000 cases.
#: The report reads each table once, whatever the number of cases.
REPORT = [
    *REQUEST, *ADMIN,
    *["SELECT wagtail_meldcode_meldcodesettings"] * 2,
    "INSERT wagtail_meldcode_caseevent",
    "SELECT wagtailcore_site",
    # The worries about a colleague, counted apart.
    "SELECT wagtail_meldcode_case",
    "SELECT wagtail_meldcode_followup",
    "SELECT wagtail_meldcode_meldcodepage + wagtailcore_page",
    "SELECT wagtail_meldcode_ownquestion + wagtail_meldcode_meldcodesteppage + "
    "wagtailcore_page",
    "SELECT wagtail_meldcode_case",
]
EVALUATION = {"/admin/meldcode_cases/": admin_cases(),
              EVALUATION_URL: [*REPORT, *ADMIN_MENU_ASKING], EVALUATION_URL + "csv/": REPORT}


def test_listing_and_evaluation_with_ten_or_ten_thousand_cases(people, client):
    client.force_login(people["aandachtsfunctionaris"])
    params = {"/admin/meldcode_cases/": {}, EVALUATION_URL: YEAR_2025,
              EVALUATION_URL + "csv/": YEAR_2025}
    make_evaluated_cases(10, datetime.date(2025, 3, 3), report=True, help=True, signal_days=2)
    for url, expected in EVALUATION.items():
        client.get(url, params[url])
        request_queries(expected, client, url, **params[url])
    cases = make_evaluated_cases(9_990, datetime.date(2025, 6, 2), report=False, help=True,
                                 signal_days=5, start=10)
    now = timezone.now()
    FollowUp.objects.bulk_create(
        FollowUp(case=case, due_on=now.date(), due_at=now, status="done", outcome="partly",
                 answered_at=now) for case in cases[::3]
    )
    assert Case.objects.filter(reference__startswith="MC-EVAL-").count() == 10_000
    for url, expected in EVALUATION.items():
        # Making the cases can take longer than the session's last-seen resolution on a
        # busy machine: a request first writes the session, as in the first round.
        client.get(url, params[url])
        request_queries(expected, client, url, **params[url])


# The coordinators' dashboard -------------------------------------------------------------

#: The admin dashboard of a coordinator, with the panels of due follow-ups and of cases
#: waiting for a decision or stalled.
DASHBOARD = [
    *REQUEST, *ADMIN,
    "SELECT wagtailcore_site + wagtailcore_page",
    "SELECT wagtailcore_grouppagepermission + auth_group + auth_user_groups + "
    "wagtailcore_page + auth_permission",
    "SELECT wagtailcore_groupcollectionpermission + auth_group + auth_user_groups + "
    "wagtailcore_collection + auth_permission",
    "SELECT wagtailcore_locale",
    "SELECT wagtailcore_groupsitepermission + auth_group + auth_user_groups + auth_permission",
    *["SELECT wagtail_meldcode_meldcodesettings"] * 3,
    *MENU_TASKS,
    # The notices panel: the coordinator's unread notices, counted, then the first rows.
    # Its cases and the follow-ups' are the coordinator's (permissions.coordinated_cases,
    # worries about a colleague left out), read as a subquery.
    "SELECT wagtail_meldcode_casenotice",
    "SELECT wagtail_meldcode_casenotice + wagtail_meldcode_case + "
    "wagtail_meldcode_meldcodepage + wagtailcore_page + wagtailcore_site",
    # The follow-ups panel: due, overdue and escalated, each counted and its first rows.
    *["SELECT wagtail_meldcode_followup",
      "SELECT wagtail_meldcode_followup + wagtail_meldcode_case + "
      "wagtail_meldcode_meldcodepage + wagtailcore_page"] * 3,
    # The cases panel: each list counted, then its first rows (new without a
    # coordinator, waiting for a decision, incomplete); stalled cases are those with a
    # "stalled" follow-up; cases removed soon link to the admin, on their site.
    *["SELECT wagtail_meldcode_case",
      "SELECT wagtail_meldcode_case + wagtail_meldcode_meldcodepage + wagtailcore_page"] * 3,
    "SELECT FROM (SELECT wagtail_meldcode_case + wagtail_meldcode_followup)",
    "SELECT wagtail_meldcode_case + wagtail_meldcode_followup + "
    "wagtail_meldcode_meldcodepage + wagtailcore_page",
    "SELECT wagtail_meldcode_case",
    "SELECT wagtail_meldcode_case + wagtailcore_site + wagtail_meldcode_meldcodepage + "
    "wagtailcore_page",
    # Wagtail's own panels: workflow tasks, recent edits.
    "SELECT wagtailcore_workflowstate + wagtailcore_taskstate + wagtailcore_task",
    "SELECT wagtailcore_task",
    "SELECT wagtailcore_groupapprovaltask + wagtailcore_task",
    "SELECT auth_group + wagtailcore_groupapprovaltask_groups",
    "SELECT wagtailcore_pagelogentry",
    "SELECT wagtailcore_page",
]


def test_the_dashboard_with_few_or_many_due_follow_ups(helped_case, client):
    client.force_login(User.objects.get(username="aandachtsfunctionaris"))
    make_due(helped_case, due_moment(timezone.localdate() - datetime.timedelta(days=1), 9))
    client.get("/admin/")
    request_queries(DASHBOARD, client, "/admin/")
    for days in range(2, 30):
        make_due(helped_case, due_moment(timezone.localdate() - datetime.timedelta(days=days), 9))
    request_queries(DASHBOARD, client, "/admin/")


def test_the_dashboard_with_few_or_many_cases_waiting(helped_case, client):
    client.force_login(User.objects.get(username="aandachtsfunctionaris"))

    def waiting(reference):
        return Case.objects.create(
            meldcode=helped_case.meldcode, site=helped_case.site, owner=helped_case.owner,
            person_reference=reference, age_group="4-12", current_step=5)

    stalled = make_case(helped_case.meldcode, helped_case.owner, current_step=2)
    FollowUp.objects.create(case=stalled, kind="stalled", due_on=timezone.localdate(),
                            due_at=timezone.now())
    waiting("y")
    client.get("/admin/")
    request_queries(DASHBOARD, client, "/admin/")
    for n in range(20):
        waiting(f"z{n}")
    request_queries(DASHBOARD, client, "/admin/")


# Reminders -------------------------------------------------------------------------------

#: A dispatch pass: open cases that stalled; the due follow-ups; the site's settings (for
#: who gets what); their deliveries; marking them reminded; nothing to escalate; the
#: unsent deliveries; marking them enqueued; in a savepoint (in a test, the pass runs
#: inside the test's transaction).
DISPATCH = [
    "SAVEPOINT",
    "SELECT wagtail_meldcode_meldcodesettings",
    "SELECT wagtail_meldcode_followup + wagtail_meldcode_case + auth_user + auth_user",
    "SELECT wagtail_meldcode_meldcodesettings",
    "INSERT wagtail_meldcode_reminderdelivery ON CONFLICT",
    "UPDATE wagtail_meldcode_followup",
    "SELECT wagtail_meldcode_followup + wagtail_meldcode_case + auth_user + auth_user",
    "SELECT wagtail_meldcode_reminderdelivery",
    "UPDATE wagtail_meldcode_reminderdelivery",
    "RELEASE SAVEPOINT",
]


@pytest.mark.parametrize("count", [2, 40])
def test_a_dispatch_pass_for_few_or_many_due(
        helped_case, count, django_capture_on_commit_callbacks, settings):
    settings.MELDCODE_SEND_BATCH = 7
    helped_case.followups.update(status="cancelled")
    due_at = due_moment(timezone.localdate() - datetime.timedelta(days=1), 9)
    due_cases(helped_case, count, due_at)
    with CaptureQueriesContext(connection) as captured, \
            django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert dispatch(timezone.now()) == 2 * count  # coordinator and owner
    check_queries(DISPATCH, captured)
    batches = published(callbacks, "send_reminder")
    assert [len(batch) for batch in batches] == [7] * (2 * count // 7) + (
        [2 * count % 7] if 2 * count % 7 else [])
    assert len(callbacks) == 1  # one broker connection for all the batches


#: Sending, per e-mail: the row with what the e-mail needs (its recipient, follow-up, case
#: reference and meldcode page), marking it sent, in a savepoint.
SEND_ONE_EMAIL = [
    "SAVEPOINT",
    "SELECT wagtail_meldcode_reminderdelivery + auth_user + wagtail_meldcode_followup + "
    "wagtail_meldcode_case + wagtail_meldcode_meldcodepage + wagtailcore_page",
    "UPDATE wagtail_meldcode_reminderdelivery",
    "RELEASE SAVEPOINT",
]


def test_sending_two_or_five_e_mails_reads_no_case_content(
        helped_case, django_capture_on_commit_callbacks):
    due_cases(helped_case, 4, due_moment(timezone.localdate(), 0))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert dispatch(timezone.now()) == 8
    [batch] = published(callbacks, "send_reminder")
    deliver(batch[:1])  # the site's root paths are cached from here on
    for emails in (batch[1:3], batch[3:]):
        with CaptureQueriesContext(connection) as captured:
            deliver(emails)
        check_queries(SEND_ONE_EMAIL * len(emails), captured)
        for query in captured:
            assert "person_reference" not in query["sql"]
            assert "person_name" not in query["sql"]
    assert len(mail.outbox) == 8
