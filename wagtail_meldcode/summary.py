"""The report to Veilig Thuis, prepared.

Veilig Thuis takes a professional's report by phone or through a regional web form,
and asks for it in a fixed order: who reports, who is involved, the concerns (facts
with their date and source, hypotheses apart), injuries and documents, what was
discussed with the people concerned, who was consulted, the network, and what the
organisation keeps doing. :func:`summary` gathers what a case recorded in that order;
nothing here reads another case.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import SignalKind, SignalSource


def one_year_before(day):
    """The same date a year before ``day`` (29 February gives 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def summary(dossier, user, details):
    """What the summary shows beside the dossier's own context ``dossier`` (see
    :func:`.views.dossier.case_context`): the reporter ``user`` with their
    :class:`~.models.ReporterDetails` ``details`` (None while not given); the facts, and
    the hypotheses apart, each with what confirmed or refuted it; the attachments (not
    those removed by hand), those older than a year marked; the network; and the latest
    decision."""
    case = dossier["case"]
    signals = list(dossier["signals"])
    decisions = list(dossier["decisions"])
    decision = decisions[-1] if decisions else None
    year_ago = one_year_before(timezone.localdate())
    return {
        "reporter": {"user": user, "details": details,
                     "organisation": case.site.site_name or case.site.hostname},
        "facts": [s for s in signals if s.kind == SignalKind.FACT],
        # Each hypothesis with the later signals that confirm or refute it.
        "hypotheses": [(h, [s for s in signals if s.follows_up_id == h.pk])
                       for h in signals if h.kind == SignalKind.HYPOTHESIS],
        # Not those removed by hand: a wrong file is no evidence.
        "attachments": [{**row, "older_than_a_year": row["attachment"].dated_on < year_ago}
                        for row in dossier["attachments"]
                        if row["attachment"].removed_at is None],
        "decisions": decisions,
        "decision": decision,
        "network": network(case, signals, decision),
    }


def network(case, signals, decision):
    """The people around the case that the dossier names, as ``(role, who)`` pairs in
    the order recorded: who else cares for the children (the kindcheck), who told of a
    signal, and who provides the help."""
    people = []
    shared_care = (case.kindcheck or {}).get("shared_care")
    if shared_care:
        people.append((_("Also cares for the children"), shared_care))
    for signal in signals:
        if signal.source != SignalSource.THIRD_PARTY or not signal.source_name:
            continue
        entry = (_("Told us of a signal"), signal.source_name)
        if entry not in people:
            people.append(entry)
    if decision is not None and decision.help and decision.help_provider:
        people.append((_("Provides the help"), decision.help_provider))
    return people

