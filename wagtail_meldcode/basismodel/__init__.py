"""Starter content based on the national basismodel meldcode.

The ``meldcode_install_basismodel`` command builds an organisation's meldcode from the
files in this folder: the index page, the five step pages and a starter set of signal
lists. The texts are Dutch page content that an organisation adopts and then adapts to
its own practice; ``README.md`` here tells an editor where each text lives.

This module only reads those files: the JSON gives each page's fields and blocks, the HTML
files are Django templates for the rich text, and ``sectors/<sector>.json`` fills in what
differs per sector.
"""

import json
import re
from functools import cache
from pathlib import Path

from django.template import Context, Engine

from ..choices import AgeGroup, FormOfViolence, Sector

DATA_DIR = Path(__file__).resolve().parent

#: Marks a variable a text uses but the sector file does not define.
_MISSING = "\x00missing:"

#: Whitespace that only lays out an HTML file: around block tags it goes, elsewhere one
#: space stays (so a sentence may be wrapped over several lines).
_BLOCK_TAG = re.compile(r"\s*(</?(?:p|h2|h3|ul|ol|li)>)\s*")


def _load(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _signal_list(data):
    return {
        **data,
        "age_group": AgeGroup(data["age_group"]),
        "form_of_violence": FormOfViolence(data["form_of_violence"]),
        "items": tuple(data["items"]),
    }


#: The starter signal lists (signalenkaarten), from ``signal_lists.json``.
SIGNAL_LISTS = tuple(_signal_list(data) for data in _load("signal_lists.json"))


@cache
def _engine():
    # Texts go in as written: they are the basismodel's own HTML, not user input.
    return Engine(dirs=[str(DATA_DIR)], autoescape=False, string_if_invalid=_MISSING + "%s\x00")


def _context(sector):
    """The sector's texts and switches, and the keys of the signal lists step 1 shows."""
    sector = Sector(sector)
    profile = _load(f"sectors/{sector.value}.json")
    shown = profile["signal_lists"]
    return {
        **profile,
        "sector": sector.value,
        "signal_list_keys": [
            data["key"] for data in SIGNAL_LISTS
            if data["age_group"] in shown["age_groups"]
            or data["form_of_violence"] in shown["forms_of_violence"]
        ],
    }


def _render(template, context):
    text = template.render(Context(context))
    if _MISSING in text:
        name = text.split(_MISSING, 1)[1].split("\x00", 1)[0]
        raise ValueError(f"The basismodel text {template.origin.name} uses {{{{ {name} }}}}, "
                         f"which sectors/{context['sector']}.json does not define.")
    return text


def _build(value, context):
    """A value from a page file with the sector filled in.

    Strings are Django templates; ``{"template": "<file>.html"}`` is the rendered HTML
    file; items and blocks with ``"only_if": "<switch>"`` stay only when the sector's
    switch is true; ``{"type": "signal_lists"}`` becomes the sector's signal lists.
    """
    if isinstance(value, str):
        return _render(_engine().from_string(value), context)
    if isinstance(value, list):
        built = []
        for item in value:
            if isinstance(item, dict) and "only_if" in item and not context[item["only_if"]]:
                continue
            if item == {"type": "signal_lists"}:
                built += [{"type": "signal_list", "value": {"list": key}}
                          for key in context["signal_list_keys"]]
            else:
                built.append(_build(item, context))
        return built
    if isinstance(value, dict):
        if set(value) == {"template"}:
            html = _render(_engine().get_template(value["template"]), context)
            return _BLOCK_TAG.sub(r"\1", " ".join(html.split()))
        if set(value) == {"only_if", "text"}:
            return _build(value["text"], context)
        return {name: _build(item, context) for name, item in value.items() if name != "only_if"}
    return value


def meldcode_page(sector: Sector) -> dict:
    """Field values of the meldcode index page for this sector."""
    return _build(_load("pages/meldcode.json"), _context(sector))


def step_pages(sector: Sector) -> list[dict]:
    """Field values of the five step pages for this sector, in step order."""
    context = _context(sector)
    return [_build(_load(f"pages/step_{number}.json"), context) for number in range(1, 6)]
