"""A stand-in for Google Docs v1 and Drive v3 on loopback, for tests: document model, buyer actions, server."""
