"""The body map (lichaamskaart) of step 1: injuries marked on an outline of a body.

Two outlines, a child's and an adult's (chosen by the case's age group), each a front and
a back view side by side in one coordinate system: the SVG ``viewBox`` of the figure, not
pixels on a screen. Each outline is made of named regions (the head seen from the front,
the left upper arm seen from the back, ...), simple shapes that do not overlap, each
with an anchor point (its centre).

A mark is placed in one of two ways that give the same data: a click on the drawing gives
a point, and the region is the one that holds the point; a region chosen from the list
gives the region, and the point is its anchor. Both outlines have the same regions, so a
mark drawn on one is shown on the other at its region's anchor (the age group of a case
can change).
"""

import dataclasses

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import is_adult
from .models.audit import Action, record_event
from .models.bodymap import InjuryKind, InjuryMark

# The views: where each lies in the figure's coordinates, and its name.
FRONT, BACK = "front", "back"
VIEW_LABELS = {FRONT: pgettext_lazy("body map", "front"), BACK: pgettext_lazy("body map", "back")}
#: The left edge of each view in the figure, and the width and height of the figure.
VIEW_OFFSETS = {FRONT: 0, BACK: 220}
WIDTH, HEIGHT = 420, 470
#: Where the body starts below the views' titles.
TOP = 26

# The parts of the body, seen from the front and from the back. Left and right are the
# person's own: seen from the front, their right arm is on the left of the drawing.
PART_LABELS = {
    "head": _("head"),
    "neck": _("neck"),
    "chest": _("chest"),
    "abdomen": _("abdomen"),
    "pelvis": _("pelvis and groin"),
    "upper-back": _("upper back"),
    "lower-back": _("lower back"),
    "buttocks": _("buttocks"),
    "right-upper-arm": _("right upper arm"),
    "left-upper-arm": _("left upper arm"),
    "right-forearm": _("right forearm"),
    "left-forearm": _("left forearm"),
    "right-hand": _("right hand"),
    "left-hand": _("left hand"),
    "right-thigh": _("right thigh"),
    "left-thigh": _("left thigh"),
    "right-lower-leg": _("right lower leg"),
    "left-lower-leg": _("left lower leg"),
    "right-foot": _("right foot"),
    "left-foot": _("left foot"),
}

#: The trunk's three parts, as seen from the front and from the back.
TRUNK = {FRONT: ("chest", "abdomen", "pelvis"), BACK: ("upper-back", "lower-back", "buttocks")}


@dataclasses.dataclass(frozen=True)
class Region:
    """A named part of one view of an outline: an ellipse (``cx, cy, rx, ry``) or a
    rectangle (``x, y, width, height``), in the figure's coordinates."""

    key: str
    view: str
    part: str
    shape: str
    geometry: tuple

    @property
    def label(self):
        """The region's name as staff read it, e.g. "hoofd, voorkant"."""
        return pgettext_lazy("body map region", "%(part)s, %(view)s") % {
            "part": PART_LABELS[self.part], "view": VIEW_LABELS[self.view]}

    @property
    def anchor(self):
        """Where a mark is put when the region is chosen from the list: its centre."""
        if self.shape == "ellipse":
            cx, cy, _rx, _ry = self.geometry
            return (float(cx), float(cy))
        x, y, width, height = self.geometry
        return (x + width / 2, y + height / 2)

    @property
    def data_geometry(self):
        """The shape's numbers for the page's script, which hit-tests as :meth:`contains`."""
        return ",".join(str(n) for n in self.geometry)

    def contains(self, x, y):
        """Whether the point ``(x, y)`` lies in the region (its edge included)."""
        if self.shape == "ellipse":
            cx, cy, rx, ry = self.geometry
            return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1
        left, top, width, height = self.geometry
        return left <= x <= left + width and top <= y <= top + height


@dataclasses.dataclass(frozen=True)
class Figure:
    """An outline of a body (a child's or an adult's), front and back."""

    key: str
    label: str
    regions: tuple

    width = WIDTH
    height = HEIGHT

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"

    @property
    def views(self):
        """``(view, title, x of its centre)`` for the titles above the two views."""
        return [(view, VIEW_LABELS[view], offset + 100) for view, offset in VIEW_OFFSETS.items()]

    def region(self, key):
        """The region ``key``, or None."""
        return next((r for r in self.regions if r.key == key), None)

    def region_at(self, x, y):
        """The region that holds the point ``(x, y)``, or None outside the body."""
        return next((r for r in self.regions if r.contains(x, y)), None)

    def choices(self):
        """The regions as choices, grouped by view, for the list form."""
        return [
            (VIEW_LABELS[view].capitalize(), [(r.key, r.label) for r in self.regions
                                              if r.view == view])
            for view in VIEW_OFFSETS
        ]


def _outline(key, label, sizes):
    """The regions of an outline from the shapes of one view, drawn as a front view
    (``sizes``: part, side, shape, geometry with x around the centre line 100)."""
    regions = []
    for view, offset in VIEW_OFFSETS.items():
        for part, shape, geometry in sizes:
            if part in TRUNK[FRONT]:
                part = TRUNK[view][TRUNK[FRONT].index(part)]
            elif view == BACK and part.startswith(("left-", "right-")):
                # Seen from the back, the person's left is on the left of the drawing.
                side, rest = part.split("-", 1)
                part = f"{'right' if side == 'left' else 'left'}-{rest}"
            x, y, *size = geometry
            regions.append(Region(f"{view}-{part}", view, part, shape,
                                  (x + offset, y + TOP, *size)))
    return Figure(key, label, tuple(regions))


# Seen from the front: the person's right side is on the left of the drawing (x < 100).
ADULT = _outline("adult", _("adult"), (
    ("head", "ellipse", (100, 40, 24, 30)),
    ("neck", "rect", (90, 70, 20, 14)),
    ("chest", "rect", (62, 84, 76, 70)),
    ("abdomen", "rect", (62, 154, 76, 56)),
    ("pelvis", "rect", (62, 210, 76, 34)),
    ("right-upper-arm", "rect", (38, 86, 22, 70)),
    ("left-upper-arm", "rect", (140, 86, 22, 70)),
    ("right-forearm", "rect", (34, 158, 22, 64)),
    ("left-forearm", "rect", (144, 158, 22, 64)),
    ("right-hand", "ellipse", (45, 236, 12, 14)),
    ("left-hand", "ellipse", (155, 236, 12, 14)),
    ("right-thigh", "rect", (64, 246, 34, 90)),
    ("left-thigh", "rect", (102, 246, 34, 90)),
    ("right-lower-leg", "rect", (66, 338, 30, 78)),
    ("left-lower-leg", "rect", (104, 338, 30, 78)),
    ("right-foot", "ellipse", (81, 426, 16, 9)),
    ("left-foot", "ellipse", (119, 426, 16, 9)),
))

# A child: a larger head, a shorter trunk and shorter limbs.
CHILD = _outline("child", _("child"), (
    ("head", "ellipse", (100, 58, 36, 42)),
    ("neck", "rect", (92, 100, 16, 10)),
    ("chest", "rect", (66, 110, 68, 56)),
    ("abdomen", "rect", (66, 166, 68, 46)),
    ("pelvis", "rect", (66, 212, 68, 28)),
    ("right-upper-arm", "rect", (44, 112, 20, 56)),
    ("left-upper-arm", "rect", (136, 112, 20, 56)),
    ("right-forearm", "rect", (40, 170, 20, 50)),
    ("left-forearm", "rect", (140, 170, 20, 50)),
    ("right-hand", "ellipse", (50, 232, 11, 12)),
    ("left-hand", "ellipse", (150, 232, 11, 12)),
    ("right-thigh", "rect", (68, 242, 30, 76)),
    ("left-thigh", "rect", (102, 242, 30, 76)),
    ("right-lower-leg", "rect", (70, 320, 26, 66)),
    ("left-lower-leg", "rect", (104, 320, 26, 66)),
    ("right-foot", "ellipse", (83, 396, 15, 9)),
    ("left-foot", "ellipse", (117, 396, 15, 9)),
))

FIGURES = {figure.key: figure for figure in (CHILD, ADULT)}


def figure_for(case):
    """The outline for ``case``: an adult's for adult clients, else a child's."""
    return ADULT if is_adult(case.age_group) else CHILD


def content(figure, region, point, *, kind, size="", colour="", seen_on, note=""):
    """What a mark stores (encrypted, as one value): the outline and region, the point in
    the outline's coordinates, and what was seen."""
    return {
        "figure": figure.key, "region": region.key, "x": point[0], "y": point[1],
        "kind": kind, "size": size, "colour": colour, "seen_on": seen_on.isoformat(),
        "note": note,
    }


def add(request, case, role, data):
    """Add a mark to ``case`` from a valid form's ``data`` (see
    :class:`~wagtail_meldcode.forms.bodymap.InjuryMarkForm`) and log it."""
    with transaction.atomic():
        mark = InjuryMark.objects.create(
            case=case, signal=data["signal"], content=data["content"], created_by=request.user)
        record_event(request, Action.BODY_MAP, case=case, role=role, step=1)
    return mark


def change(request, mark, role, data):
    """Change ``mark`` to a valid form's ``data`` and log it."""
    with transaction.atomic():
        mark.signal = data["signal"]
        mark.content = data["content"]
        mark.save()
        record_event(request, Action.BODY_MAP, case=mark.case, role=role, step=1)
    return mark


def remove(request, mark, role):
    """Remove ``mark`` and log it."""
    with transaction.atomic():
        mark.delete()
        record_event(request, Action.BODY_MAP, case=mark.case, role=role, step=1)


@dataclasses.dataclass
class MarkRow:
    """A mark as the body map shows it: its number on the outline and in the table."""

    number: int
    mark: InjuryMark
    region: Region
    x: float
    y: float
    urls: dict = dataclasses.field(default_factory=dict)

    @property
    def text_y(self):
        """Where the baseline of the number goes, to centre it on the point."""
        return self.y + 3.5

    @property
    def kind_label(self):
        return InjuryKind(self.mark.content["kind"]).label

    @property
    def size(self):
        return self.mark.content.get("size", "")

    @property
    def colour(self):
        return self.mark.content.get("colour", "")

    @property
    def note(self):
        return self.mark.content.get("note", "")

    @property
    def seen_on(self):
        return self.mark.seen_on

    @property
    def signal(self):
        return self.mark.signal


def display(case, figure=None, marks=None):
    """The body map of ``case`` for :template:`wagtail_meldcode/case/bodymap_display.html`:
    ``{"figure": ..., "marks": [MarkRow, ...]}``, numbered in the order they were added.

    A mark drawn on the other outline is shown at its region's anchor on this one.
    """
    figure = figure or figure_for(case)
    if marks is None:
        marks = case.injury_marks.select_related("signal")
    rows = []
    for number, mark in enumerate(marks, start=1):
        region = figure.region(mark.content["region"])
        if mark.content["figure"] == figure.key:
            x, y = mark.content["x"], mark.content["y"]
        else:
            x, y = region.anchor
        rows.append(MarkRow(number, mark, region, x, y))
    return {"figure": figure, "marks": rows}
