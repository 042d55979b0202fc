"""Horizontal bar charts as server-rendered SVG, readable at a glance and without script.

Each chart comes with a table of the same numbers on the page; the SVG has a title for
screen readers.
"""

import dataclasses
import math
import textwrap

#: Geometry in SVG user units; the SVG scales down to the width of its container.
BAR_AREA = 300
BAR_HEIGHT = 20
#: The labels' font size, and the height of each line of a label.
FONT_SIZE = 14
LINE_HEIGHT = 17
#: A label longer than this wraps onto more lines.
LINE_CHARS = 36
#: How wide characters run, in ems, in a wide sans-serif font (DejaVu Sans, the fallback
#: of many Linux desktops, rounded up): an upper bound, so that no label is cut off at the
#: left whatever font the browser picks.
NARROW, WIDE = set("fijlrtI .,:;'!|()[]/-"), set("mwMW%@")
EM_NARROW, EM_DEFAULT, EM_CAPITAL, EM_WIDE = 0.42, 0.66, 0.8, 1.0
#: Room between the label and the bar, and right of the bar for its value ("<5", "1234").
GAP = 10
VALUE_ROOM = 56
ROW_GAP = 10


def text_width(text):
    """The most room ``text`` takes at ``FONT_SIZE``, in SVG user units."""
    ems = sum(EM_NARROW if c in NARROW else EM_WIDE if c in WIDE
              else EM_CAPITAL if c.isupper() else EM_DEFAULT for c in text)
    return math.ceil(ems * FONT_SIZE)


def label_lines(label):
    """``label`` as the lines it is shown in: whole words, at most ``LINE_CHARS`` each."""
    return textwrap.wrap(str(label), LINE_CHARS, break_on_hyphens=False) or [""]


@dataclasses.dataclass
class Bar:
    lines: list
    #: What is shown next to the bar: a number, or "<5" for a suppressed count.
    value: object
    width: int
    #: The top of the bar's row, and the room its label has in front of it.
    top: int
    label_width: int

    @property
    def label(self):
        return " ".join(self.lines)

    @property
    def height(self):
        return max(BAR_HEIGHT, len(self.lines) * LINE_HEIGHT)

    @property
    def y(self):
        """The top of the bar, level with the middle of its label."""
        return self.top + (self.height - BAR_HEIGHT) // 2

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT - 5

    @property
    def label_y(self):
        """The baseline of the label's first line."""
        return self.top + FONT_SIZE - 1 + max(0, BAR_HEIGHT - len(self.lines) * LINE_HEIGHT) // 2

    @property
    def line_height(self):
        return LINE_HEIGHT

    @property
    def value_x(self):
        return self.label_width + self.width + 8


@dataclasses.dataclass
class BarChart:
    """A bar per ``(label, value)``; values that are not numbers get no bar."""

    id: str
    title: str
    items: list

    @property
    def label_width(self):
        """Room for the longest line of the labels, and the gap before the bars."""
        return max((text_width(line) for label, _value in self.items
                    for line in label_lines(label)), default=0) + GAP

    @property
    def label_x(self):
        """Where the labels end (they are right-aligned there)."""
        return self.label_width - GAP

    @property
    def width(self):
        return self.label_width + BAR_AREA + VALUE_ROOM

    @property
    def bars(self):
        numbers = [value for _label, value in self.items if isinstance(value, int)]
        largest = max(numbers, default=0) or 1
        label_width = self.label_width
        bars, top = [], 4
        for label, value in self.items:
            bar = Bar(label_lines(label), value,
                      round(BAR_AREA * value / largest) if isinstance(value, int) else 0,
                      top, label_width)
            bars.append(bar)
            top += bar.height + ROW_GAP
        return bars

    @property
    def height(self):
        return sum(bar.height + ROW_GAP for bar in self.bars) + 4

    @property
    def bar_height(self):
        return BAR_HEIGHT
