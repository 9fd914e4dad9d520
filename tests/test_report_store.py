"""``report`` with no plan given: every deal of a team's history store, as its latest
revision holds it, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from postgres import postgres_cluster, postgres_url, store_location  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parent.parent


def dealroom(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_the_whole_team_is_reported_from_the_store_without_plan_files(store_location, tmp_path):
    for name in ("enterprise", "midmarket"):
        seller = tmp_path / f"seller-{name}"
        seller.mkdir()
        shutil.copyfile(ROOT / "examples" / f"{name}.yaml", seller / "plan.yaml")
        done = dealroom("publish", "plan.yaml", "--to", "html", "--store", str(store_location),
                        "--today", "2026-12-01", cwd=seller)
        assert done.returncode == 0, done.stderr
    done = dealroom("report", "--json", "--store", str(store_location), "--today", "2026-12-01",
                    cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    deals = json.loads(done.stdout)["deals"]
    assert [d["deal_id"] for d in deals] == ["corvane-quillstone", "marlowe-shiftline"]
    from_file = dealroom("report", "--json", str(tmp_path / "seller-enterprise" / "plan.yaml"),
                         "--store", str(store_location), "--today", "2026-12-01", cwd=tmp_path)
    read, = json.loads(from_file.stdout)["deals"]
    stored = deals[0]
    for key in ("buyer_steps", "next_buyer_step", "projection", "findings"):
        assert stored[key] == read[key], key


def test_no_plan_and_no_store_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.delenv("DEALROOM_STORE", raising=False)
    done = dealroom("report", cwd=tmp_path)
    assert done.returncode == 2
    assert "give plan files or folders, or --store" in done.stderr
