"""The Dutch translation is shipped compiled, complete, and used."""

import gettext
from pathlib import Path

import polib
import pytest
from django.utils import translation

import example_site
import wagtail_meldcode

CATALOGUES = [
    Path(wagtail_meldcode.__file__).parent / "locale" / "nl" / "LC_MESSAGES",
    Path(example_site.__file__).parent / "locale" / "nl" / "LC_MESSAGES",
]


@pytest.mark.parametrize("folder", CATALOGUES, ids=lambda p: p.parts[-5])
def test_compiled_catalogue_matches_the_po_file(folder):
    po = polib.pofile(str(folder / "django.po"))
    assert po.percent_translated() == 100, [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]
    with open(folder / "django.mo", "rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_every_marked_string_is_in_the_catalogue():
    """Strings marked in code but missing from the .po would show in English."""
    from wagtail_meldcode import blocks, choices, questions  # noqa: F401
    from wagtail_meldcode.models import MeldcodeSettings

    po = polib.pofile(str(CATALOGUES[0] / "django.po"))
    msgids = {entry.msgid for entry in po}
    samples = [
        questions.QUESTIONS[1].text, choices.FormOfViolence.FEMALE_GENITAL_MUTILATION.label,
        MeldcodeSettings._meta.get_field("retention_years").verbose_name,
    ]
    for sample in samples:
        assert str(sample._proxy____args[0]) in msgids


def test_dutch_is_the_default_language(settings):
    assert settings.LANGUAGE_CODE == "nl"
    with translation.override("nl"):
        assert str(wagtail_meldcode.choices.Sector.KINDEROPVANG.label) == "Kinderopvang"
        assert translation.gettext("Previous step") == "Vorige stap"
    with translation.override("en"):
        assert translation.gettext("Previous step") == "Previous step"
