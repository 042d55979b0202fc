"""A new case reaches its coordinator's mailbox through the real worker and Redis."""

from django.contrib.auth.models import User
from django.urls import reverse
from wagtail.models import Site

from tests.helpers import open_case
from tests.smtp import SMTPServer
from tests.test_reminders_worker import (  # noqa: F401 - fixtures, two of them autouse
    broker,
    needs_postgres,
    no_worker_outlives_its_test,
    pytestmark,
    start_worker,
)
from tests.workers import wait_for
from wagtail_meldcode.models import CaseNotice
from wagtail_meldcode.roles import ensure_roles


def test_the_coordinator_of_a_new_case_gets_one_e_mail_from_the_worker(
        meldcode, broker, client, tmp_path):  # noqa: F811
    roles = ensure_roles(meldcode_page=meldcode, site=Site.objects.get(is_default_site=True))
    staff = User.objects.create_user("sanne", "sanne@example.org")
    staff.groups.add(roles.staff)
    coordinator = User.objects.create_user("anna", "anna@example.org")
    coordinator.groups.add(roles.coordinators)
    client.force_login(staff)

    with SMTPServer() as smtp:
        case, _wizard = open_case(client, person="Leerling groep 6, J.")  # publishes on commit
        worker = start_worker(broker, smtp.port, tmp_path)
        try:
            wait_for(lambda: CaseNotice.objects.filter(sent_at__isnull=False).exists(),
                     message="the notice sent")
        finally:
            worker.stop()
        [message] = smtp.messages

    assert (message["To"], message["Subject"]) == ("anna@example.org",
                                                   f"Nieuw dossier {case.reference}")
    body = message.get_payload(decode=True).decode()
    assert f"http://127.0.0.1:8000{reverse('meldcode_cases:case', args=[case.pk])}" in body
    assert "Leerling" not in body
    notice = CaseNotice.objects.get()
    assert message["Message-ID"] == notice.message_id("127.0.0.1")  # the admin link's host
