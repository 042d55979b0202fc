"""The legal route for a worry about someone who works for the organisation, per sector.

The meldcode's five steps are for violence at home. When a staff member suspects that a
colleague harmed a pupil, child or client, the law of the sector gives the route:

- education (WPO art. 4a, WVO art. 3, WEC art. 4a): the staff member informs the school
  board (bevoegd gezag) at once; the board consults the confidential inspector
  (vertrouwensinspecteur) of the education inspectorate at once; when that gives a
  reasonable suspicion of a sexual offence, the board reports it to the police, and tells
  the parents beforehand.
- childcare (Wet kinderopvang art. 1.51b): the employee informs the owner (houder) at
  once; the owner consults the confidential inspector at once and reports to the police
  on a reasonable suspicion. When the owner is the one suspected, the employee goes to the
  confidential inspector directly.
- health care (Wkkgz art. 11) and youth care (Jeugdwet art. 4.3.1): the provider reports
  violence in the care relationship to the health and youth care inspectorate (IGJ)
  without delay; social support (Wmo 2015 art. 3.4): to the municipality's supervisor.

Each sector's :class:`Route` lists its steps: who records each (the reporting staff
member or the board), with whole sentences for titles and guidance. Each step is due one
working day after the step before it, since the law says "at once" (see
:func:`wagtail_meldcode.lifecycle.colleague_step_recorded`); an unrecorded step is
reminded to whoever has it, and escalated one working day later.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .choices import Sector

#: Who records a step: the staff member who reported the worry, or the board.
REPORTER, BOARD = "reporter", "board"

#: The working days after the step before it that a step is due (the law's "at once"),
#: and the working days after that before an unrecorded step is escalated.
DUE_AFTER = 1
ESCALATE_AFTER = 1


@dataclass(frozen=True)
class RouteStep:
    """One step of a route: its slug in the URL, who records it, its title and guidance."""

    slug: str
    actor: str
    title: str
    guidance: str = ""


@dataclass(frozen=True)
class Route:
    """The steps of one sector's route, and the sentences that name its people."""

    steps: tuple
    #: Who the board is, as the heading of the board's role ("Het bevoegd gezag").
    board: str
    #: What the law asks, shown when the worry is opened.
    summary: str
    #: Shown when the colleague concerned is a member of the board group.
    board_concerned: str
    #: The informing step is about the parents (True) or about the client.
    parents: bool = True
    #: A reasonable suspicion after consulting the confidential inspector makes a police
    #: report compulsory (aangifteplicht).
    report_compulsory: bool = False
    #: The parents are told before the police report is made.
    parents_before_report: bool = False

    def step(self, slug):
        return next(step for step in self.steps if step.slug == slug)

    def number(self, slug):
        """The step's number, from 1."""
        return [step.slug for step in self.steps].index(slug) + 1


SEEN = RouteStep(
    "gezien", REPORTER, _("What was seen"),
    _("Write down what you saw or heard yourself, or who told you, as facts with the date. "
      "Do not investigate further and do not confront your colleague: that is up to the "
      "board."),
)
MEASURES_GUIDANCE = _(
    "What the organisation did to protect the children or clients and to deal with the "
    "colleague: for example a change of duties, suspension, support for those involved. "
    "Saving this step closes the case."
)
INSPECTOR_GUIDANCE = _(
    "Consult the confidential inspector (vertrouwensinspecteur) of the education "
    "inspectorate at once, on {phone}. The consultation tells whether there is a "
    "reasonable suspicion of a criminal offence."
)


def _inspector_steps(board_step, informed_step, measures_step):
    return (
        SEEN,
        board_step,
        RouteStep("inspecteur", BOARD, _("Consulting the confidential inspector"),
                  INSPECTOR_GUIDANCE),
        RouteStep("aangifte", BOARD, _("Decision on a police report"),
                  _("With a reasonable suspicion after the consultation, the board reports "
                    "it to the police: that is compulsory. Record the decision and why.")),
        informed_step,
        measures_step,
    )


def _care_steps(board_step, report_step):
    return (
        SEEN,
        board_step,
        report_step,
        RouteStep("aangifte", BOARD, _("Decision on a police report"),
                  _("Does the board report it to the police as well? Record the decision and "
                    "why.")),
        RouteStep("informeren", BOARD, _("Informing the client"),
                  _("Record when and how the client or their representative was told, or why "
                    "not.")),
        RouteStep("maatregelen", BOARD, _("Measures taken"), MEASURES_GUIDANCE),
    )


SCHOOL = Route(
    steps=_inspector_steps(
        RouteStep("bestuur", REPORTER, _("Informing the school board"),
                  _("Tell the school board (bevoegd gezag) at once, by phone or in person, and "
                    "record when and whom you told.")),
        RouteStep("informeren", BOARD, _("Informing the parents"),
                  _("Before a police report is made, the board tells the parents. Record when "
                    "and how, and their reaction.")),
        RouteStep("maatregelen", BOARD, _("Measures taken"), MEASURES_GUIDANCE),
    ),
    board=_("The school board"),
    summary=_(
        "A worry that someone who works at the school committed a sexual offence against a "
        "pupil follows its own legal route: you tell the school board at once; the board "
        "consults the confidential inspector at once and, on a reasonable suspicion, tells "
        "the parents and reports it to the police. The coordinators do not see this case; "
        "the school board does."
    ),
    board_concerned=_(
        "Your colleague is a member of the school board: the case goes to the group the "
        "organisation chose for that, not to the school board. You can always consult the "
        "confidential inspector of the education inspectorate yourself, on {phone}."
    ),
    report_compulsory=True,
    parents_before_report=True,
)

CHILDCARE = Route(
    steps=_inspector_steps(
        RouteStep("bestuur", REPORTER, _("Informing the owner"),
                  _("Tell the owner of the childcare organisation (houder) at once, by phone "
                    "or in person, and record when and whom you told.")),
        RouteStep("informeren", BOARD, _("Informing the parents"),
                  _("Record when and how the parents were told, and their reaction, or why "
                    "not.")),
        RouteStep("maatregelen", BOARD, _("Measures taken"), MEASURES_GUIDANCE),
    ),
    board=_("The owner"),
    summary=_(
        "A worry that a colleague committed violence or a sexual offence against a child "
        "follows its own legal route: you tell the owner (houder) at once; the owner "
        "consults the confidential inspector at once and, on a reasonable suspicion, "
        "reports it to the police. The coordinators do not see this case; the owner does."
    ),
    board_concerned=_(
        "Your colleague is the owner, or one of the group that acts as owner: then the law "
        "asks you to go to the confidential inspector directly, on {phone}. Record what "
        "you did in the step about informing the board."
    ),
    report_compulsory=True,
)


def _care_route(report_step, summary):
    return Route(
        steps=_care_steps(
            RouteStep("bestuur", REPORTER, _("Informing the board"),
                      _("Tell the board of the organisation (bestuurder) at once, by phone or "
                        "in person, and record when and whom you told.")),
            report_step,
        ),
        board=_("The board"),
        summary=summary,
        board_concerned=_(
            "Your colleague is a member of the board: the case goes to the group the "
            "organisation chose for that, not to the board."
        ),
        parents=False,
    )


CARE = _care_route(
    RouteStep("melding", BOARD, _("Report to the inspectorate"),
              _("The board reports violence in the care relationship to the Inspectie "
                "Gezondheidszorg en Jeugd (IGJ) without delay. Record when, and its "
                "reference.")),
    _("A worry that a colleague committed violence against a client follows its own legal "
      "route: you tell the board at once, and the board reports it to the Inspectie "
      "Gezondheidszorg en Jeugd without delay. The coordinators do not see this case; the "
      "board does."),
)

SOCIAL_SUPPORT = _care_route(
    RouteStep("melding", BOARD, _("Report to the municipality's supervisor"),
              _("The board reports violence in the care relationship to the supervisor the "
                "municipality appointed (toezichthouder Wmo) without delay. Record when, and "
                "its reference.")),
    _("A worry that a colleague committed violence against a client follows its own legal "
      "route: you tell the board at once, and the board reports it to the municipality's "
      "supervisor without delay. The coordinators do not see this case; the board does."),
)

#: The route of each sector. Justice has none in the laws above, so its meldcode does not
#: offer one.
ROUTES = {
    Sector.ONDERWIJS: SCHOOL,
    Sector.KINDEROPVANG: CHILDCARE,
    Sector.GEZONDHEIDSZORG: CARE,
    Sector.JEUGDHULP: CARE,
    Sector.MAATSCHAPPELIJKE_ONDERSTEUNING: SOCIAL_SUPPORT,
}


def route_for(sector):
    """The route of ``sector`` (a :class:`~.choices.Sector` value), or None when it has
    none."""
    return ROUTES.get(sector)
