"""A non-editable install ships the templates and themes and works without the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True)
    (built,) = out.glob("dealroom-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_carries_templates_and_themes_inside_the_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/templates/new/plan.yaml.j2" in names
    assert "generator/themes/README.md" in names
    assert "generator/cli.py" in names
    assert not any(name.startswith(("tests/", "examples/")) for name in names)


@pytest.mark.slow
def test_an_installed_wheel_writes_a_starter_plan_away_from_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-m", "generator", "new", "plan.yaml", "--buyer", "Globex",
                           "--seller", "Acme", "--go-live", "2031-06-02"],
                          cwd=elsewhere, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "plan.yaml").read_text(encoding="utf-8").startswith("# Mutual action plan")
    imported = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"],
                              cwd=elsewhere, env=environment, capture_output=True, text=True)
    assert imported.stdout.startswith(str(site))
