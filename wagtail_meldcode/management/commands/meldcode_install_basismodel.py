from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page, Site

from ...basismodel import SIGNAL_LISTS, meldcode_page, step_pages
from ...choices import Sector
from ...models import MeldcodePage, MeldcodeStepPage, SignalList, SignalListItem


class Command(BaseCommand):
    help = (
        "Create the organisation's meldcode from the national basismodel: a published "
        "meldcode page with its five steps and a starter set of signal lists. Running it "
        "again only adds what is missing; pages editors have changed are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sector", required=True,
            help="One of: " + ", ".join(Sector.values),
        )
        parser.add_argument(
            "--parent",
            help="Parent page: its id or its URL path on the default site (default: the "
                 "default site's root page).",
        )

    def handle(self, *args, sector, parent=None, **options):
        if sector not in Sector.values:
            raise CommandError(
                f"Unknown sector {sector!r}. Choose one of: {', '.join(Sector.values)}."
            )
        parent_page = self.get_parent(parent)
        with transaction.atomic():
            lists = self.install_signal_lists()
            meldcode, created = self.install_meldcode(parent_page, Sector(sector))
            steps = self.install_steps(meldcode, Sector(sector), lists)
        if created or steps or lists.created:
            self.stdout.write(self.style.SUCCESS(
                f"Installed meldcode '{meldcode.title}' at {self.address(meldcode)}: "
                f"{'new page' if created else 'existing page'}, {steps} new step page(s), "
                f"{lists.created} new signal list(s)."
            ))
        else:
            self.stdout.write(
                f"Meldcode at {self.address(meldcode)} is complete; nothing changed.")

    @staticmethod
    def address(meldcode):
        """Where people open the meldcode: its URL on its site (``url_path`` is the page's
        place in Wagtail's tree, which starts with the site's home page)."""
        return meldcode.get_full_url() or meldcode.url_path

    def get_parent(self, parent):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if parent is None:
            if site is None:
                raise CommandError("There is no default site; pass --parent.")
            return site.root_page.specific
        if parent.isdigit():
            page = Page.objects.filter(pk=int(parent)).first()
        elif site is not None:
            path = "".join(f"{part}/" for part in parent.split("/") if part)
            page = Page.objects.filter(url_path=site.root_page.url_path + path).first()
        else:
            page = None
        if page is None:
            raise CommandError(f"No page found for --parent {parent!r}.")
        return page.specific

    def install_signal_lists(self):
        existing = dict(
            SignalList.objects.filter(basismodel_key__gt="").values_list("basismodel_key", "pk")
        )
        created = 0
        for data in SIGNAL_LISTS:
            if data["key"] in existing:
                continue
            signal_list = SignalList(
                basismodel_key=data["key"],
                title=data["title"],
                age_group=data["age_group"],
                form_of_violence=data["form_of_violence"],
                introduction=data["introduction"],
            )
            # The order given, explicitly: not every version of modelcluster numbers a list
            # assigned in code (on Wagtail 7.4 the signals came out in any order).
            signal_list.items = [SignalListItem(text=text, sort_order=number)
                                 for number, text in enumerate(data["items"])]
            signal_list.save()
            existing[data["key"]] = signal_list.pk
            created += 1
        return _SignalLists(existing, created)

    def install_meldcode(self, parent, sector):
        data = meldcode_page(sector)
        page = MeldcodePage.objects.child_of(parent).filter(slug=data["slug"]).first()
        if page is not None:
            if page.sector != sector:
                raise CommandError(
                    f"A meldcode for sector {page.sector!r} already exists at {page.url_path}."
                )
            return page, False
        if not MeldcodePage.can_create_at(parent):
            raise CommandError(
                f"A meldcode page cannot be created under '{parent.title}' "
                f"({type(parent).__name__})."
            )
        page = MeldcodePage(sector=sector, show_in_menus=True, **data)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page, True

    def install_steps(self, meldcode, sector, lists):
        present = set(
            MeldcodeStepPage.objects.child_of(meldcode).values_list("step_number", flat=True)
        )
        created = 0
        for data in step_pages(sector):
            if data["step_number"] in present:
                continue
            body = [lists.resolve(block) for block in data["body"]]
            page = MeldcodeStepPage(**{**data, "body": body})
            meldcode.add_child(instance=page)
            page.save_revision().publish()
            created += 1
        return created


class _SignalLists:
    """The installed signal lists by key, to resolve references in step bodies."""

    def __init__(self, pks_by_key, created):
        self.pks_by_key = pks_by_key
        self.created = created

    def resolve(self, block):
        if block["type"] != "signal_list":
            return block
        return {"type": "signal_list", "value": self.pks_by_key[block["value"]["list"]]}
