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
