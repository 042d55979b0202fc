"""The meldcode pages: page-type rules, five unique steps, routing and rendering."""

import io
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from example_site.intranet.models import HomePage
from tests.helpers import verify_second_factor
from wagtail_meldcode.models import MeldcodePage, MeldcodeStepPage


class MeldcodeTreeMixin:
    def setUp(self):
        super().setUp()
        root = Page.get_first_root_node()
        self.home = root.add_child(instance=HomePage(title="Intranet", slug="intranet"))
        Site.objects.update(root_page=self.home)
        call_command(
            "meldcode_install_basismodel", sector="jeugdhulp", parent=str(self.home.pk),
            stdout=io.StringIO(),
        )
        self.meldcode = MeldcodePage.objects.get()
        self.steps = list(self.meldcode.get_steps())
        self.user = self.create_test_user()  # a superuser, for the admin views
        # Django TestCase: set up before pytest's fixtures, so log in past 2FA here.
        self.client.force_login(self.user, backend="django.contrib.auth.backends.ModelBackend")
        verify_second_factor(self.client, self.user)


class PageTypeRulesTests(MeldcodeTreeMixin, WagtailPageTestCase):
    def test_parent_and_subpage_types(self):
        self.assertAllowedSubpageTypes(MeldcodePage, {MeldcodeStepPage})
        self.assertAllowedParentPageTypes(MeldcodeStepPage, {MeldcodePage})
        self.assertAllowedSubpageTypes(MeldcodeStepPage, set())

    def test_a_step_only_lives_under_a_meldcode(self):
        self.assertCanNotCreateAt(HomePage, MeldcodeStepPage)
        self.assertCanCreateAt(HomePage, MeldcodePage)

    def test_no_sixth_step(self):
        self.assertEqual(len(self.steps), 5)
        self.assertFalse(MeldcodeStepPage.can_create_at(self.meldcode))
        response = self.client.get(
            f"/admin/pages/add/wagtail_meldcode/meldcodesteppage/{self.meldcode.pk}/"
        )
        self.assertRedirects(response, "/admin/")  # Wagtail's answer to PermissionDenied
        self.assertEqual(MeldcodeStepPage.objects.child_of(self.meldcode).count(), 5)

    def test_model_refuses_a_sixth_step(self):
        with self.assertRaises(ValidationError):
            self.meldcode.add_child(
                instance=MeldcodeStepPage(title="Extra", step_number=3, summary="x")
            )
        self.assertEqual(MeldcodeStepPage.objects.child_of(self.meldcode).count(), 5)

    def test_admin_refuses_a_duplicate_step_number(self):
        self.steps[4].delete()
        self.assertCanCreateAt(MeldcodePage, MeldcodeStepPage)
        response = self.client.post(
            f"/admin/pages/add/wagtail_meldcode/meldcodesteppage/{self.meldcode.pk}/",
            nested_form_data({
                "title": "Nog een stap 2", "slug": "nog-een-stap-2", "step_number": 2,
                "summary": "Dubbel.", "body": streamfield([]), "action-publish": "publish",
            }),
        )
        self.assertEqual(response.status_code, 200)
        self.assertFormError(
            response.context["form"], "step_number",
            "Deze meldcode heeft al een pagina voor stap 2.",
        )
        self.assertEqual(MeldcodeStepPage.objects.child_of(self.meldcode).count(), 4)

    def test_admin_creates_the_missing_step(self):
        self.steps[4].delete()
        self.assertCanCreate(
            self.meldcode, MeldcodeStepPage,
            nested_form_data({
                "title": "Stap 5: Beslissen", "slug": "stap-5", "step_number": 5,
                "summary": "Twee besluiten.",
                "body": streamfield([("text", rich_text("<p>Beslis over melden.</p>"))]),
                "own_questions": inline_formset([]),
            }),
        )
        self.assertFalse(MeldcodeStepPage.can_create_at(self.meldcode))

    def test_publishing_needs_a_summary(self):
        step = self.steps[1]
        response = self.client.post(
            f"/admin/pages/{step.pk}/edit/",
            nested_form_data({
                "title": step.title, "slug": step.slug, "step_number": 2, "summary": "",
                "body": streamfield([]), "own_questions": inline_formset([]),
                "action-publish": "publish",
            }),
        )
        self.assertEqual(response.status_code, 200)
        step.refresh_from_db()
        self.assertNotEqual(step.summary, "")

    def test_pages_are_editable(self):
        self.assertPageIsEditable(
            self.meldcode,
            nested_form_data({
                "title": self.meldcode.title, "slug": "meldcode", "sector": "jeugdhulp",
                "adopted_on": "", "introduction": rich_text("<p>Onze meldcode.</p>"),
                "contacts": streamfield([("contact", {
                    "role": "aandachtsfunctionaris", "name": "Anouk Jansen",
                    "function": "Gedragswetenschapper", "phone": "030 123 4567",
                    "email": "anouk@example.org",
                })]),
                "professional_secrecy": rich_text(""), "veilig_thuis": rich_text(""),
            }),
        )
        for step in self.steps:
            self.assertPageIsEditable(
                step,
                nested_form_data({
                    "title": step.title, "slug": step.slug, "step_number": step.step_number,
                    "summary": step.summary,
                    "body": streamfield([
                        ("heading", "Zo werken wij"),
                        ("checklist", {"title": "Voorbereiding", "items": streamfield(
                            [("item", "Lees het dossier")])}),
                    ]),
                }),
            )


class RenderingTests(MeldcodeTreeMixin, WagtailPageTestCase):
    def test_every_page_is_routable_and_renders(self):
        self.client.logout()
        self.assertPageIsRoutable(self.meldcode)
        self.assertPageIsRenderable(self.meldcode)
        self.assertPageIsRoutable(self.meldcode, "afdrukken/")
        self.assertPageIsRenderable(self.meldcode, "afdrukken/")
        for step in self.steps:
            self.assertPageIsRoutable(step)
            self.assertPageIsRenderable(step)

    def test_index_lists_the_five_steps_in_order(self):
        response = self.client.get(self.meldcode.url)
        content = response.content.decode()
        positions = [content.index(step.title) for step in self.steps]
        self.assertEqual(positions, sorted(positions))
        self.assertContains(response, "0800-2000")
        self.assertContains(response, 'href="/meldcode/afdrukken/"')

    def test_step_navigation(self):
        response = self.client.get(self.steps[1].url)
        self.assertContains(response, "Stap 2 van 5")
        self.assertContains(response, f'rel="prev" href="{self.steps[0].url}"')
        self.assertContains(response, f'rel="next" href="{self.steps[2].url}"')
        self.assertContains(response, f'href="{self.steps[1].url}" aria-current="page"')
        first = self.client.get(self.steps[0].url)
        self.assertNotContains(first, 'rel="prev"')
        last = self.client.get(self.steps[4].url)
        self.assertNotContains(last, 'rel="next"')

    def test_accessible_landmarks(self):
        response = self.client.get(self.steps[0].url)
        content = response.content.decode()
        self.assertIn('<html lang="nl">', content)
        self.assertIn('<main id="main"', content)
        self.assertIn('href="#main"', content)
        self.assertEqual(content.count("<h1"), 1)

    def test_step_blocks_render(self):
        step1 = self.client.get(self.steps[0].url)
        self.assertContains(step1, 'class="mc-block mc-signals"')
        self.assertContains(step1, 'class="mc-block mc-record"')
        step4 = self.client.get(self.steps[3].url)
        self.assertContains(step4, "Heb je een vermoeden van acute en/of structurele onveiligheid?")
        self.assertContains(step4, "Acute onveiligheid")
        self.assertNotContains(step4, "Kan ik effectieve hulp bieden of organiseren")
        step5 = self.client.get(self.steps[4].url)
        self.assertContains(step5, "Kan ik effectieve hulp bieden of organiseren")

    def test_print_version_has_every_step(self):
        response = self.client.get(self.meldcode.url + "afdrukken/")
        for step in self.steps:
            self.assertContains(response, step.title)
            self.assertContains(
                response, f'<p class="mc-page__kicker">Stap {step.step_number} van 5</p>', count=1)
        self.assertContains(response, "data-mc-print")
        # Signal lists fold on screen, and are unfolded on paper.
        self.assertContains(response, '<details class="mc-block mc-signals" open>')
        self.assertNotContains(self.client.get(self.steps[0].url), "mc-signals\" open")
        self.assertContains(response, "wagtail_meldcode/js/print.js")

    def test_print_stylesheet_hides_navigation_and_breaks_pages_per_step(self):
        response = self.client.get(self.steps[0].url)
        self.assertContains(response, "wagtail_meldcode/css/meldcode.css")
        css = Path(finders.find("wagtail_meldcode/css/meldcode.css")).read_text()
        print_rules = css[css.index("@media print"):]
        for selector in (".mc-header", ".mc-steps", ".mc-pager", ".mc-no-print"):
            self.assertIn(selector, print_rules.split("display: none")[0])
        self.assertIn(".mc-print-step { break-before: page; }", css)

    def test_draft_steps_are_not_listed(self):
        self.steps[2].unpublish()
        response = self.client.get(self.steps[1].url)
        self.assertNotContains(response, self.steps[2].title)
        self.assertContains(response, f'rel="next" href="{self.steps[3].url}"')

    @override_settings(LANGUAGE_CODE="en")
    def test_english_interface(self):
        response = self.client.get(self.steps[1].url)
        self.assertContains(response, "Step 2 of 5")
        self.assertContains(response, "Previous step")
