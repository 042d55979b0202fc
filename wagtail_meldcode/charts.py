"""Horizontal bar charts as server-rendered SVG, readable at a glance and without script.

Each chart comes with a table of the same numbers on the page; the SVG has a title and
a description for screen readers.
"""

import dataclasses

#: Geometry in SVG user units; the SVG scales to the width of its container.
WIDTH = 640
LABEL_WIDTH = 280
BAR_AREA = 300
ROW_HEIGHT = 30
BAR_HEIGHT = 20


@dataclasses.dataclass
class Bar:
    label: str
    #: What is shown next to the bar: a number, or "<5" for a suppressed count.
    value: object
    width: int
    y: int

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT - 5

    @property
    def value_x(self):
        return LABEL_WIDTH + self.width + 8


@dataclasses.dataclass
class BarChart:
    """A bar per ``(label, value)``; values that are not numbers get no bar."""

    id: str
    title: str
    items: list

    width = WIDTH
    label_width = LABEL_WIDTH

    @property
    def bars(self):
        numbers = [value for _label, value in self.items if isinstance(value, int)]
        largest = max(numbers, default=0) or 1
        return [
            Bar(label, value,
                round(BAR_AREA * value / largest) if isinstance(value, int) else 0,
                index * ROW_HEIGHT + 4)
            for index, (label, value) in enumerate(self.items)
        ]

    @property
    def height(self):
        return len(self.items) * ROW_HEIGHT + 8

    @property
    def bar_height(self):
        return BAR_HEIGHT
