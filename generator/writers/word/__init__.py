"""The Word deal room's parts, below :mod:`generator.writers.docx`.

- :mod:`.styles`: the theme as Word styles (fonts, colours, the table style, the page);
- :mod:`.parts`: the raw WordprocessingML python-docx has no API for (fields,
  custom properties, settings, row properties, hyperlinks, a reproducible zip);
- :mod:`.prose`: Markdown a person wrote, as paragraphs and runs;
- :mod:`.tables`: a styled table with a repeated header row and fixed widths;
- :mod:`.plan_tables`: the workstream tables, the contract with ``dealroom import``;
- :mod:`.pictures`: the swimlane timeline and the logos as pictures Word shows;
- :mod:`.sections`: what the deal room says, section by section (the timeline
  on a page turned sideways).
"""
