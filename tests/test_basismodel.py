"""``manage.py meldcode_install_basismodel``: creates, is idempotent, rejects bad input."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from wagtail.models import Page, PageLogEntry, Revision

from wagtail_meldcode.basismodel import SIGNAL_LISTS
from wagtail_meldcode.choices import AgeGroup, FormOfViolence, Sector
from wagtail_meldcode.models import MeldcodePage, MeldcodeStepPage, SignalList, SignalListItem

pytestmark = pytest.mark.django_db


def install(**options):
    out = io.StringIO()
    call_command("meldcode_install_basismodel", stdout=out, **options)
    return out.getvalue()


def snapshot():
    """Everything the command may touch, to compare before and after."""
    return (
        list(Page.objects.order_by("path").values_list("path", "title", "live", "latest_revision")),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        list(SignalList.objects.order_by("pk").values_list("pk", "title")),
        SignalListItem.objects.count(),
    )


#: How many signal lists step 1 shows per sector: those of the age groups the sector
#: works with (4-12 and 12-18 in education, 0-4 and 4-12 in childcare, all children in
#: youth care, adults in health care and social support), and in justice the adults'
#: lists and the three of children who witness domestic violence.
STEP_1_SIGNAL_LISTS = {"onderwijs": 5 + 3, "kinderopvang": 4 + 5, "jeugdhulp": 4 + 5 + 3,
                       "gezondheidszorg": 3, "maatschappelijke_ondersteuning": 3,
                       "justitie": 3 + 3}


@pytest.mark.parametrize("sector", Sector.values)
def test_creates_a_published_meldcode_for_every_sector(home, sector):
    install(sector=sector, parent=str(home.pk))
    meldcode = MeldcodePage.objects.child_of(home).get()
    assert meldcode.live and meldcode.sector == sector
    assert meldcode.url == "/meldcode/"
    steps = list(MeldcodeStepPage.objects.child_of(meldcode).order_by("path"))
    assert [s.step_number for s in steps] == [1, 2, 3, 4, 5]
    assert all(step.live and not step.has_unpublished_changes for step in steps)
    for step in steps:
        assert step.summary
        assert len(step.get_records_to_keep()) == 1, step.title
        assert step.get_records_to_keep()[0]["items"]
    step1_lists = [b.value for b in steps[0].body if b.block_type == "signal_list"]
    assert len(step1_lists) == STEP_1_SIGNAL_LISTS[sector] and all(step1_lists)
    frameworks = {b.value["questions"] for s in steps for b in s.body
                  if b.block_type == "afwegingskader"}
    assert frameworks == {"4", "5"}


def test_starter_signal_lists_cover_every_age_group_and_form(home):
    install(sector="onderwijs", parent=str(home.pk))
    assert SignalList.objects.count() == len(SIGNAL_LISTS)
    assert set(SignalList.objects.values_list("age_group", flat=True)) == set(AgeGroup.values)
    assert set(SignalList.objects.values_list("form_of_violence", flat=True)) == set(
        FormOfViolence.values
    )
    signals = {data["key"]: list(data["items"]) for data in SIGNAL_LISTS}
    for signal_list in SignalList.objects.prefetch_related("items"):
        items = [item.text for item in signal_list.items.all()]
        assert items == signals[signal_list.basismodel_key], signal_list


def test_default_parent_is_the_default_sites_root(home):
    install(sector="kinderopvang")
    assert MeldcodePage.objects.child_of(home).count() == 1


def test_parent_by_url_path(home):
    other = home.add_child(instance=Page(title="Zorg", slug="zorg"))
    install(sector="gezondheidszorg", parent="/zorg/")
    assert MeldcodePage.objects.child_of(other).get().url == "/zorg/meldcode/"


def test_running_twice_changes_nothing(home):
    first = install(sector="onderwijs", parent=str(home.pk))
    assert "Installed meldcode" in first
    before = snapshot()
    second = install(sector="onderwijs", parent=str(home.pk))
    assert "nothing changed" in second
    assert snapshot() == before


def test_adds_only_what_is_missing_and_keeps_edits(home):
    install(sector="onderwijs", parent=str(home.pk))
    meldcode = MeldcodePage.objects.get()
    step2 = MeldcodeStepPage.objects.get(step_number=2)
    step2.summary = "Onze eigen tekst voor stap 2."
    step2.save_revision().publish()
    MeldcodeStepPage.objects.get(step_number=4).delete()
    SignalList.objects.filter(basismodel_key=SIGNAL_LISTS[0]["key"]).delete()

    install(sector="onderwijs", parent=str(home.pk))
    steps = MeldcodeStepPage.objects.child_of(meldcode)
    assert sorted(steps.values_list("step_number", flat=True)) == [1, 2, 3, 4, 5]
    assert steps.get(step_number=2).summary == "Onze eigen tekst voor stap 2."
    assert SignalList.objects.count() == len(SIGNAL_LISTS)


def test_unknown_sector_is_refused_and_nothing_is_created(home):
    before = snapshot()
    with pytest.raises(CommandError, match="Unknown sector 'scholen'.*onderwijs"):
        install(sector="scholen", parent=str(home.pk))
    assert snapshot() == before


@pytest.mark.parametrize("parent", ["999999", "/bestaat-niet/"])
def test_unknown_parent_is_refused_and_nothing_is_created(home, parent):
    before = snapshot()
    with pytest.raises(CommandError, match="No page found"):
        install(sector="onderwijs", parent=parent)
    assert snapshot() == before


def test_parent_that_cannot_hold_a_meldcode_is_refused(home):
    install(sector="onderwijs", parent=str(home.pk))
    step = MeldcodeStepPage.objects.get(step_number=1)
    before = snapshot()
    with pytest.raises(CommandError, match="cannot be created under"):
        install(sector="onderwijs", parent=str(step.pk))
    assert snapshot() == before


def test_other_sector_at_the_same_place_is_refused(home):
    install(sector="onderwijs", parent=str(home.pk))
    before = snapshot()
    with pytest.raises(CommandError, match="already exists"):
        install(sector="justitie", parent=str(home.pk))
    assert snapshot() == before


def test_a_failure_halfway_leaves_the_tree_as_it_was(home, monkeypatch):
    from wagtail_meldcode.management.commands import meldcode_install_basismodel as command

    original = command.step_pages

    def broken_steps(sector):
        steps = original(sector)
        steps[3]["step_number"] = 2  # a duplicate: the model refuses it
        return steps

    monkeypatch.setattr(command, "step_pages", broken_steps)
    before = snapshot()
    with pytest.raises(ValidationError, match="(stap|step) 2"):
        install(sector="onderwijs", parent=str(home.pk))
    assert snapshot() == before


def test_signals_installed_without_an_order_are_numbered_by_the_migration(home):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "wagtail_meldcode.migrations.0016_number_signal_list_items")
    install(sector="onderwijs", parent=str(home.pk))
    SignalListItem.objects.update(sort_order=None)  # as the installer left them
    migration.number_items(apps, None)
    assert not SignalListItem.objects.filter(sort_order__isnull=True).exists()
    signals = {data["key"]: list(data["items"]) for data in SIGNAL_LISTS}
    for signal_list in SignalList.objects.all():
        items = list(SignalListItem.objects.filter(signal_list=signal_list)
                     .order_by("sort_order").values_list("text", flat=True))
        assert items == signals[signal_list.basismodel_key], signal_list
