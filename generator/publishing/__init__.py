"""Publishing a version: recorded in the history, then written for the buyer.

``publish`` is the order of the steps; ``lock`` makes publishes of one deal
take turns; ``folders`` keeps the deal's output folder in line with the
history (``v<N>/`` per version, the current files, nothing else of dealroom's).
"""
