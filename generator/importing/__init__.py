"""Importing the buyer's edits: from an edited document to a merged plan.

- :mod:`~generator.importing.cell_values` reads what a buyer typed into a cell
  (dates in the plan's locale, status words, people's names), never guessing;
- :mod:`~generator.importing.changeset` compares the document with the stored
  revision it was made from and lists the buyer's edits;
- :mod:`~generator.importing.merge` merges them with the seller's changes made
  since (three-way) and finds the conflicts;
- :mod:`~generator.importing.plan_edits` writes the merged values into the plan
  file's text, leaving every other line as the seller wrote it;
- :mod:`~generator.importing.apply` does it all under the deal's lock and
  records the revision.
"""
