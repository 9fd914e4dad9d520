"""One module per command: load, call the library, print."""
