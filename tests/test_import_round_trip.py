"""read(write(plan)) == plan: a Word deal room imported unedited has no edits.

For every example, both themes and two locales whose dates read differently
(en_GB: 5 Dec 2026, en_US: Dec 5, 2026), the published version rendered
again as .docx reads back with an empty change set.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from test_import import ROOT, TODAY, dealroom

EXAMPLES = sorted(p.stem for p in (ROOT / "examples").glob("*.yaml"))


@pytest.fixture(scope="module", params=EXAMPLES)
def published(request, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp(request.param)
    shutil.copyfile(ROOT / "examples" / f"{request.param}.yaml", folder / "plan.yaml")
    done = dealroom("publish", "plan.yaml", "--to", "html", "--today", TODAY, cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder


@pytest.mark.parametrize("theme", ["default", "print"])
@pytest.mark.parametrize("locale", ["en_GB", "en_US", "de_DE"])
def test_an_unedited_word_deal_room_imports_as_no_edits(published, theme, locale, tmp_path):
    out = tmp_path / "word"
    done = dealroom("render", "plan.yaml", "--to", "docx", "--theme", theme, "--locale", locale,
                    "-o", str(out), "--today", TODAY, cwd=published)
    assert done.returncode == 0, done.stderr
    (docx,) = out.glob("*/*.docx")
    imported = dealroom("import", "plan.yaml", str(docx), "--json", "--today", TODAY, cwd=published)
    assert imported.returncode == 0, imported.stderr
    data = json.loads(imported.stdout)
    assert (data["document"]["version"], data["edits"], data["notices"]) == (1, [], [])
