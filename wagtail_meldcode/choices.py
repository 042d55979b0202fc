"""The fixed vocabularies of the meldcode: sectors, age groups and forms of violence."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """The sectors the Wet verplichte meldcode applies to."""

    ONDERWIJS = "onderwijs", _("Education")
    KINDEROPVANG = "kinderopvang", _("Childcare")
    GEZONDHEIDSZORG = "gezondheidszorg", _("Health care")
    JEUGDHULP = "jeugdhulp", _("Youth care")
    MAATSCHAPPELIJKE_ONDERSTEUNING = "maatschappelijke_ondersteuning", _("Social support")
    JUSTITIE = "justitie", _("Justice")


#: Default retention of a closed case in years, per sector. Health care, youth care and
#: social support keep case files for 20 years (WGBO, Jeugdwet, Wmo); the others keep them
#: shorter. An organisation sets its own period in the site settings.
DEFAULT_RETENTION_YEARS = {
    Sector.ONDERWIJS: 5,
    Sector.KINDEROPVANG: 5,
    Sector.GEZONDHEIDSZORG: 20,
    Sector.JEUGDHULP: 20,
    Sector.MAATSCHAPPELIJKE_ONDERSTEUNING: 20,
    Sector.JUSTITIE: 20,
}


class AgeGroup(models.TextChoices):
    """Age groups of a signal list (signalenkaart)."""

    AGE_0_4 = "0-4", _("0 to 4 years")
    AGE_4_12 = "4-12", _("4 to 12 years")
    AGE_12_18 = "12-18", _("12 to 18 years")
    ADULTS = "adults", _("Adults")


def is_adult(age_group):
    """Whether ``age_group`` (an :class:`AgeGroup` value, or None) is that of adults: the
    kindcheck asks about adult clients only. Forms pass the value typed, the case its own
    (:attr:`~wagtail_meldcode.models.Case.is_adult`)."""
    return age_group == AgeGroup.ADULTS


class FormOfViolence(models.TextChoices):
    """Forms of domestic violence and child abuse a signal can point to."""

    PHYSICAL_ABUSE = "physical_abuse", _("Physical abuse")
    PHYSICAL_NEGLECT = "physical_neglect", _("Physical neglect")
    PSYCHOLOGICAL_ABUSE = "psychological_abuse", _("Psychological abuse")
    PSYCHOLOGICAL_NEGLECT = "psychological_neglect", _("Psychological neglect")
    SEXUAL_ABUSE = "sexual_abuse", _("Sexual abuse")
    WITNESS_DOMESTIC_VIOLENCE = "witness_domestic_violence", _("Witnessing domestic violence")
    FEMALE_GENITAL_MUTILATION = "female_genital_mutilation", _("Female genital mutilation")
    HONOUR_RELATED_VIOLENCE = "honour_related_violence", _("Honour-related violence")
    ELDER_ABUSE = "elder_abuse", _("Elder abuse")


class ContactRole(models.TextChoices):
    """Roles a contact in the organisation's meldcode can have."""

    COORDINATOR = "aandachtsfunctionaris", _("Coordinator (aandachtsfunctionaris)")
    MANAGER = "leidinggevende", _("Manager")
    CARE_COORDINATOR = "zorgcoordinator", _("Care coordinator")
    CONFIDENTIAL_ADVISER = "vertrouwenspersoon", _("Confidential adviser")
    EXPERT = "deskundige", _("Expert")
    OTHER = "overig", _("Other")


class CaseKind(models.TextChoices):
    """What a case is about: the meldcode's five steps, or the legal route for a worry
    about someone who works for the organisation (see :mod:`wagtail_meldcode.colleague`)."""

    MELDCODE = "meldcode", _("Meldcode")
    COLLEAGUE = "colleague", _("Worry about a colleague")


class CaseStatus(models.TextChoices):
    """Where a case stands."""

    OPEN = "open", _("In progress")
    HELP = "help", _("Help being followed")
    REPORTED = "reported", _("Reported to Veilig Thuis")
    REPORTED_AND_HELP = "reported_help", _("Reported to Veilig Thuis; help being followed")
    CLOSED = "closed", _("Closed")


class SignalKind(models.TextChoices):
    FACT = "fact", _("Fact")
    HYPOTHESIS = "hypothesis", _("Hypothesis")


class SignalSource(models.TextChoices):
    OWN_OBSERVATION = "own", _("Own observation")
    THIRD_PARTY = "third_party", _("Third party")


class HypothesisOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    REFUTED = "refuted", _("Refuted")


class ParentalProblem(models.TextChoices):
    """Problems of an adult client that the kindcheck asks about."""

    VIOLENCE = "violence", _("Violence")
    ADDICTION = "addiction", _("Addiction")
    PSYCHIATRIC = "psychiatric", _("Serious psychiatric problems")
    INTELLECTUAL_DISABILITY = "intellectual_disability", _("Intellectual disability")


class ConsultationWith(models.TextChoices):
    COLLEAGUE = "colleague", _("Colleague")
    COORDINATOR = "coordinator", _("Coordinator (aandachtsfunctionaris)")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis (advice)")
    EXPERT = "expert", _("Expert")


class NoConversationReason(models.TextChoices):
    """The only reasons to skip the conversation of step 3."""

    SAFETY = "safety", _(
        "The safety of the client, of myself or of someone else is at risk"
    )
    CONTACT_BREAK = "contact_break", _(
        "There are good reasons to expect the client to break off contact"
    )


class ReportDiscussed(models.TextChoices):
    YES = "yes", _("Yes, discussed beforehand")
    NO_SAFETY = "no_safety", _("No: someone's safety would be at risk")
    NO_CONTACT_BREAK = "no_contact_break", _("No: the client would break off contact")
