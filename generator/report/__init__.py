"""The portfolio report: many deals on one page, for the seller's team only.

``dealroom report`` reads each plan and its recorded history
(:mod:`generator.report.deals`: one row per deal), then looks across the
deals (:mod:`generator.report.portfolio`: slippage by kind of step, planned
against actual durations, projections that moved, dates that improved alone).
The same :class:`~generator.report.portfolio.Portfolio` is written as a
terminal table (:mod:`generator.report.terminal`), a self-contained HTML page
(:mod:`generator.report.page`) or JSON (:mod:`generator.report.data`,
documented in docs/report.md). The report is internal: it holds the seller's
health findings and is never written into a buyer's folder.
"""
