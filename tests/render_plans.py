"""Plans for the rendering tests: the enterprise example with planted strings."""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
ENTERPRISE = ROOT / "examples" / "enterprise.yaml"


def _yaml():
    yaml = YAML(typ="rt")
    yaml.width = 4096
    return yaml


def edited_example(edit, path: Path = ENTERPRISE) -> str:
    """The example's YAML text after ``edit(tree)`` changed it."""
    yaml = _yaml()
    tree = yaml.load(path.read_text(encoding="utf-8"))
    edit(tree)
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def plant_canaries(tree) -> list[str]:
    """Put a unique canary string in every seller-only field; return them all."""
    canaries: list[str] = []

    def canary(where: str) -> str:
        value = f"CANARY{len(canaries):03d}x{where}"
        canaries.append(value)
        return value

    tree["deal"]["internal"] = canary("deal")
    for person in tree["people"]:
        person["internal"] = {key: canary(f"{person['id']}-{key}")
                              for key in ("power", "engagement", "notes")}
    for task in tree["tasks"]:
        task["internal"] = canary(f"task-{task['id']}")
    for risk in tree["risks"]:
        risk["internal"] = canary(f"risk-{risk['id']}")
    tree["risks"].append({"id": "hidden-risk", "title": canary("hidden-risk-title"),
                          "mitigation": canary("hidden-risk-mitigation"), "shared": False})
    for assumption in tree["assumptions"]:
        assumption["internal"] = canary("assumption")
    tree["assumptions"].append({"text": canary("hidden-assumption"), "shared": False})
    tree.setdefault("freezes", []).append({"from": "2027-01-11", "to": "2027-01-12", "side": "seller",
                                           "reason": canary("hidden-freeze"), "shared": False})
    return canaries
