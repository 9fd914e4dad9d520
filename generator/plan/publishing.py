"""Where a plan is published, as the plan file may say (``publishing:``).

These settings are about delivery, not about the deal: they never enter the
plan model or its snapshots, so changing them is not a new revision, and the
buyer never sees them.

.. code-block:: yaml

    publishing:
      google_folder: https://drive.google.com/drive/folders/1AbC...   # or the folder's id
"""

from __future__ import annotations

import re

from generator.record import Record

PUBLISHING_KEYS = ("google_folder",)

_FOLDER_ID = re.compile(r"[A-Za-z0-9_-]{10,200}")
_FOLDER_LINK = re.compile(r"https://drive\.google\.com/drive/(?:u/\d+/)?folders/(?P<id>[A-Za-z0-9_-]{10,200})"
                          r"(?:[/?#][^\s]*)?")


class Publishing(Record):
    """How the seller publishes this plan, beyond the command's flags."""

    google_folder: str | None = None
    """The id of the Google Drive folder a new Google Doc is created in."""


def drive_folder_id(given: str) -> str | None:
    """The folder id in ``given`` (an id, or a drive.google.com folder link); None when neither."""
    given = given.strip()
    link = _FOLDER_LINK.fullmatch(given)
    if link:
        return link["id"]
    return given if _FOLDER_ID.fullmatch(given) else None


FOLDER_HELP = ("a Google Drive folder's id or its link (https://drive.google.com/drive/folders/...)")


def read_publishing(r, root) -> Publishing:
    """The ``publishing:`` section, every value checked (errors go to ``r``)."""
    node = r.mapping(root, (), "publishing", required=False)
    if node is None:
        return Publishing()
    path = ("publishing",)
    r.known_keys(node, path, PUBLISHING_KEYS)
    given = r.text(node, path, "google_folder")
    folder = drive_folder_id(given) if given else None
    if given and folder is None:
        r.error(path + ("google_folder",), f"'{given}' is not {FOLDER_HELP}")
    return Publishing(google_folder=folder)
