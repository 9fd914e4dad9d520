"""Format readers: what a buyer's edited document says, in plain records.

Word (:mod:`generator.readers.word_xml`, the only module that reads
WordprocessingML) and Google Docs (:mod:`generator.readers.google_doc`, from
the Docs API's JSON and Drive's comments) both give a
:class:`~generator.readers.word_document.WordDocument`, which
:func:`~generator.readers.word.deal_document` reads in plan terms. A format
reader knows its format and nothing of plans; the import compares what it
read with the published revision.
"""
