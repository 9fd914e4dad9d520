"""``publish --to gdoc --dry-run``: the Google requests a publish would send, and nothing more.

Nothing is sent, recorded or written, and no sign-in is needed. The version
shown is the one the publish would write: the next one when the plan changed
since the latest revision, else the latest. When a Google Doc is recorded
for the deal, the requests are those that replace its content; the dry run
cannot read the document, so it shows them as for an empty one.
"""

from __future__ import annotations

from pathlib import Path


def run_dry_run(loaded, options, store: str | None, target, *, author: str | None = None,
                note: str | None = None, reasons: dict[str, str] | None = None) -> int:
    """Print the calls (the next revision as the publish would record it: by ``author``,
    with its ``note`` and ``reasons``); 0."""
    from generator.google.dry_run import describe
    from generator.history.store import published_revisions, recorded_google_docs
    from generator.publishing.google_doc import client_for, share_all, write_document
    from generator.publishing.publish import upcoming_revision
    from generator.rendering.render import edition

    deal_id = loaded.plan.deal.id
    revisions = published_revisions(Path(loaded.file), deal_id, store)
    upcoming = upcoming_revision(revisions[-1] if revisions else None, loaded, author=author,
                                 note=note, reasons=reasons or {}, published={})
    revisions += (upcoming,) if upcoming else ()
    states = () if target.new_document else recorded_google_docs(Path(loaded.file), deal_id, store)
    recorded = states[-1] if states else None
    client = client_for(target)
    if recorded:
        share_all(client, recorded.file_id, target.shares)
    existing = client.document(recorded.file_id, "SUGGESTIONS_INLINE") if recorded else None
    buyer = edition(loaded, options.replace(version=revisions[-1].number, revisions=revisions),
                    "buyer")
    write_document(client, buyer, existing, recorded, target)
    where = f"the deal's Google Doc {recorded.link}" if recorded else "a new Google Doc"
    print(f"dry run: version {revisions[-1].number} of {deal_id} into {where}; nothing is sent, "
          "recorded or written. The requests:\n")
    print(describe(client.calls))
    return 0

