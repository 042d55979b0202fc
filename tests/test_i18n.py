"""The Dutch translation is shipped compiled, complete, and used."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

import example_site.intranet
import wagtail_meldcode
from tests import services
from wagtail_meldcode.choices import Sector

APPS = [Path(wagtail_meldcode.__file__).parent, Path(example_site.intranet.__file__).parent]


def catalogue(app):
    return app / "locale" / "nl" / "LC_MESSAGES"


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_compiled_catalogue_matches_the_po_file(app):
    po = polib.pofile(str(catalogue(app) / "django.po"))
    assert po.percent_translated() == 100, [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]
    with open(catalogue(app) / "django.mo", "rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            for n, form in ((1, 0), (2, 1)):
                translated = compiled.ngettext(entry.msgid, entry.msgid_plural, n)
                assert translated == entry.msgstr_plural[form], entry.msgid
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_every_marked_string_is_in_the_catalogue(app, tmp_path):
    """Run makemessages on a copy: a string missing from the .po would show in English."""
    if shutil.which("xgettext") is None:
        message = "GNU gettext (xgettext) is needed to extract messages"
        if services.in_ci():
            pytest.fail(message)
        pytest.skip(message)
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "nl", "--no-obsolete"],
        cwd=copy, env=environment, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    shipped = {e.msgid for e in polib.pofile(str(catalogue(app) / "django.po"))}
    extracted = {e.msgid for e in polib.pofile(str(catalogue(copy) / "django.po"))}
    assert extracted - shipped == set(), "run `make messages` and translate the new strings"


def test_dutch_is_the_default_language(settings):
    assert settings.LANGUAGE_CODE == "nl"
    with translation.override("nl"):
        assert str(Sector.KINDEROPVANG.label) == "Kinderopvang"
        assert translation.gettext("Previous step") == "Vorige stap"
    with translation.override("en"):
        assert translation.gettext("Previous step") == "Previous step"
