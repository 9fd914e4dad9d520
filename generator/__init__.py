"""dealroom: a mutual action plan in one YAML file, rendered for the buyer.

The package is the library; :mod:`generator.cli` is a thin command layer
over it. Heavy dependencies (WeasyPrint, the Google client) are imported only
by the writers that need them.
"""

__version__ = "0.1.0"
