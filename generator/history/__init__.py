"""The plan's history: every published version, and what changed between them.

``store`` keeps the revisions in SQLite (``store_schema`` its migrations,
``store_rows`` reading and checking a row); ``snapshot`` turns a plan into the
plain data a revision holds and back; ``changes`` says what changed between
two snapshots; ``past`` is what a deal room shows of the versions before;
``revisions`` gives the health rules the past they need.
"""
