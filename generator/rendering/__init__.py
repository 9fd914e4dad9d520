"""Rendering: the deal room as the buyer reads it, its themes and templates.

:mod:`~generator.rendering.room` says what every buyer-facing writer shows,
:mod:`~generator.rendering.brief` what fits on one page for the economic buyer,
:mod:`~generator.rendering.edition` bundles a room with its theme, paper and
logos, and :mod:`~generator.rendering.render` turns a loaded plan into files.
"""
