"""Mail: the recap e-mail, its headers, sending it, and what counts as an address.

``recap`` writes the draft from a buyer edition; ``headers`` writes and checks
every header line that holds text from the plan; ``sending`` hands the draft
to an SMTP server; ``addresses`` is the one rule for e-mail addresses, which
the plan loader uses too.
"""
