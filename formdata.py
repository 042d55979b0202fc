"""What a browser would submit for a form, read from the page's HTML.

A development helper shared by ``tests/`` and ``benchmarks/`` (also the benchmark's locust
processes, which have no Django), so it lives beside both rather than inside either: the
harness does not import the test suite, and the tests do not import the harness. It is
not part of the installed ``wagtail_meldcode`` package (``setup.cfg`` packages only that)
and uses only the standard library.
"""

from html.parser import HTMLParser


class FormData(HTMLParser):
    """The values of the fields of ``<form id=form_id>`` (``None``: of forms without an id)."""

    def __init__(self, form_id="mc-wizard"):
        super().__init__()
        self.form_id = form_id
        self.data = {}
        self._in_form = False
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") in (self.form_id, None):
            self._in_form = True
        name = attrs.get("name")
        if not self._in_form or (not name and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button"):
                self.data[name] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""
        elif tag == "select":
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            # Browsers drop the newline that follows <textarea>.
            self.data[self._textarea] = self.data[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_data(html, form_id="mc-wizard"):
    parser = FormData(form_id)
    parser.feed(html)
    return parser.data
