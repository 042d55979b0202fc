"""The basismodel installs exactly the content recorded in ``tests/data/``.

The fixtures hold, per sector, every installed page's fields and StreamField JSON and every
signal list with its items in order (see ``tests/basismodel_content.py``). Any change to a
text, a block, the order of blocks or signals shows up here as a difference.
"""

import json

import pytest

from tests.basismodel_content import dump, fixture_path, install, to_json
from wagtail_meldcode.choices import Sector

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("sector", Sector.values)
def test_installs_exactly_the_recorded_content(home, sector):
    expected = json.loads(fixture_path(sector).read_text(encoding="utf-8"))
    install(home, sector)
    installed = json.loads(to_json(dump(home)))
    assert installed["meldcode"] == expected["meldcode"]
    assert installed["signal_lists"] == expected["signal_lists"]
    assert [step["title"] for step in installed["steps"]] == [
        step["title"] for step in expected["steps"]
    ]
    for got, want in zip(installed["steps"], expected["steps"], strict=True):
        step = f"step {want['step_number']}"
        assert [block["type"] for block in got["body"]] == [
            block["type"] for block in want["body"]
        ], step
        for number, (block, recorded) in enumerate(zip(got["body"], want["body"], strict=True)):
            assert block == recorded, f"{step}, block {number} ({recorded['type']})"
        assert got == want, step
