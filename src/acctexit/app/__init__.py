"""Use cases: what the TUI and the command line ask for, above the domain and the store."""
