"""Format readers: what a buyer's edited document says, in plain records.

Word now (:mod:`generator.readers.word_xml`, the only module that reads
WordprocessingML), Google Docs next. A reader knows its format and nothing of
plans; the import compares what it read with the published revision.
"""
