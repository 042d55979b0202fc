"""The words a case uses for the person it is about and the people to talk with, per sector.

A school speaks of a pupil (leerling) and the parents, not of a client. Each sector has
its own whole sentences here, so that translators see complete sentences and Dutch
grammar stays right; nothing glues a noun into a sentence. The choices, after how each
sector's meldcode speaks (see the basismodel's sector files):

- education (onderwijs): the pupil (de leerling); the conversation is with the pupil or
  the parents.
- childcare (kinderopvang): the child (het kind); the conversation is with the parents. A
  case about an adult is rare there, so the kindcheck speaks of "the adult".
- youth care (jeugdhulp): the young person (de jeugdige); the conversation is with the
  young person or the parents. The kindcheck is about the adults youth care works with
  (parents in family support), its clients, as the sector's meldcode says.
- health care, social support and justice: the client (de cliënt).

The stored choices and the models' verbose names stay generic; forms and the dossier show
the sector's words from here.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .choices import NoConversationReason, ReportDiscussed, Sector


@dataclass(frozen=True)
class Wording:
    """The sentences of one sector that name the person a case is about."""

    #: Help text of the pseudonym, with an example the sector would write.
    pseudonym_help: str
    #: Step 1: the kindcheck's heading, its note, its questions and its missing answer.
    kindcheck_heading: str
    kindcheck_note: str
    parental_problems: str
    cares_for_children: str
    pregnant: str
    children_count_missing: str
    #: What the decision lacks while the kindcheck of an adult is not answered.
    kindcheck_missing: str
    #: Step 3: who a conversation can be with.
    conversation_with_help: str
    #: Step 5: the report discussed beforehand, and the reaction to it.
    report_discussed: str
    reaction: str
    #: The labels of :class:`~.choices.NoConversationReason` and
    #: :class:`~.choices.ReportDiscussed`, by value (the two share no value).
    choice_labels: dict

    def choices(self, choices):
        """``choices`` (``(value, label)`` pairs) with the labels in the sector's words."""
        return [(value, self.choice_labels.get(value, label)) for value, label in choices]

    def label(self, value):
        """The label of the stored choice ``value`` in the sector's words ("" for none)."""
        return self.choice_labels.get(value, "")


def _labels(sector_labels):
    """The labels of the stored choices, ``sector_labels`` (by value) in the sector's own
    words."""
    return {**dict(NoConversationReason.choices), **dict(ReportDiscussed.choices),
            **sector_labels}


PUPIL = Wording(
    pseudonym_help=_("A pseudonym or initials, not the full name, e.g. 'leerling groep 6, J.'"),
    kindcheck_heading=_("Kindcheck (adult pupils only)"),
    kindcheck_note=_("Does your adult pupil have problems that can put children at risk, and "
                     "does the pupil care for children or expect a baby?"),
    parental_problems=_("Does the pupil have one of these problems?"),
    cares_for_children=_("Does the pupil care for children?"),
    pregnant=_("Is the pupil pregnant?"),
    children_count_missing=_("How many children does the pupil care for?"),
    kindcheck_missing=_("Answer the kindcheck: the pupil is an adult."),
    conversation_with_help=_("For example: the pupil, the mother, both parents."),
    report_discussed=_("Discussed with the pupil or the parents beforehand"),
    reaction=_("Reaction and objections of the pupil or the parents"),
    choice_labels=_labels({
        NoConversationReason.SAFETY.value: _(
            "The safety of the pupil, of myself or of someone else is at risk"),
        NoConversationReason.CONTACT_BREAK.value: _(
            "There are good reasons to expect the pupil or the parents to break off contact"),
        ReportDiscussed.NO_CONTACT_BREAK.value: _(
            "No: the pupil or the parents would break off contact"),
    }),
)

CHILD = Wording(
    pseudonym_help=_(
        "A pseudonym or initials, not the full name, e.g. 'peuter groep Egeltjes, J.'"),
    kindcheck_heading=_("Kindcheck (adults only)"),
    kindcheck_note=_("Does the adult have problems that can put children at risk, and do "
                     "they care for children or expect a baby?"),
    parental_problems=_("Does the adult have one of these problems?"),
    cares_for_children=_("Does the adult care for children?"),
    pregnant=_("Is the adult pregnant?"),
    children_count_missing=_("How many children does the adult care for?"),
    kindcheck_missing=_("Answer the kindcheck: the case is about an adult."),
    conversation_with_help=_("For example: the mother, the father, both parents."),
    report_discussed=_("Discussed with the parents beforehand"),
    reaction=_("Reaction and objections of the parents"),
    choice_labels=_labels({
        NoConversationReason.SAFETY.value: _(
            "The safety of the child, of myself or of someone else is at risk"),
        NoConversationReason.CONTACT_BREAK.value: _(
            "There are good reasons to expect the parents to break off contact"),
        ReportDiscussed.NO_CONTACT_BREAK.value: _("No: the parents would break off contact"),
    }),
)

#: The kindcheck of youth care is about its adult clients, as for the client sectors.
_CLIENT_KINDCHECK = {
    "kindcheck_heading": _("Kindcheck (adult clients only)"),
    "kindcheck_note": _("Does your adult client have problems that can put children at "
                        "risk, and does the client care for children or expect a baby?"),
    "parental_problems": _("Does the client have one of these problems?"),
    "cares_for_children": _("Does the client care for children?"),
    "pregnant": _("Is the client pregnant?"),
    "children_count_missing": _("How many children does the client care for?"),
    "kindcheck_missing": _("Answer the kindcheck: the client is an adult."),
}

YOUNG_PERSON = Wording(
    pseudonym_help=_(
        "A pseudonym or initials, not the full name, e.g. 'jeugdige team Noord, J.'"),
    **_CLIENT_KINDCHECK,
    conversation_with_help=_("For example: the young person, the mother, both parents."),
    report_discussed=_("Discussed with the young person or the parents beforehand"),
    reaction=_("Reaction and objections of the young person or the parents"),
    choice_labels=_labels({
        NoConversationReason.SAFETY.value: _(
            "The safety of the young person, of myself or of someone else is at risk"),
        NoConversationReason.CONTACT_BREAK.value: _(
            "There are good reasons to expect the young person or the parents to break off "
            "contact"),
        ReportDiscussed.NO_CONTACT_BREAK.value: _(
            "No: the young person or the parents would break off contact"),
    }),
)

CLIENT = Wording(
    pseudonym_help=_(
        "A pseudonym or initials, not the full name, e.g. 'cliënt afdeling B, J.'"),
    **_CLIENT_KINDCHECK,
    conversation_with_help=_("For example: mother, both parents, the client."),
    report_discussed=_("Discussed with the client beforehand"),
    reaction=_("Reaction and objections of the client"),
    # The stored choices speak of the client already.
    choice_labels=_labels({}),
)

#: The words of each sector.
SECTOR_WORDING = {
    Sector.ONDERWIJS: PUPIL,
    Sector.KINDEROPVANG: CHILD,
    Sector.JEUGDHULP: YOUNG_PERSON,
    Sector.GEZONDHEIDSZORG: CLIENT,
    Sector.MAATSCHAPPELIJKE_ONDERSTEUNING: CLIENT,
    Sector.JUSTITIE: CLIENT,
}


def for_sector(sector):
    """The :class:`Wording` of ``sector`` (a :class:`~.choices.Sector` value)."""
    return SECTOR_WORDING[sector]


def for_case(case):
    """The :class:`Wording` of the sector of ``case``'s meldcode."""
    return for_sector(case.meldcode.sector)
