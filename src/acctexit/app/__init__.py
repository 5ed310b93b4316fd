"""The application layer: the use cases the TUI and the CLI share.

`workspace` reads the store and derives what the screens show (a `Snapshot`, its plan
computed once per change); `actions` holds every change a user can make; `search` is
the one rule for finding platforms and accounts by what the user types; `report`
builds the progress report. Nothing here imports Textual; nothing above this package
touches the store or applies a domain rule.
"""
