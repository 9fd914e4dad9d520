"""The layer that talks to Google: sign-in, credentials, and the Docs and Drive calls.

Nothing here knows what a deal room looks like: the Google Doc writer and
reader build and read the document's content and hand this package finished
requests. ``googleapiclient`` and ``google.auth`` are imported only inside
the functions that need them, so importing this package costs nothing.
"""
