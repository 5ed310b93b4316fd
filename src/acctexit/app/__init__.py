"""The application layer: the use cases the TUI and the CLI share.

`database` opens the store (and names its errors for the UIs); `workspace` reads it
and derives what the screens show (a `Snapshot`, its plan computed once per change);
`actions` holds every change a user can make, importing a file included; `search` is
the one rule for finding platforms and accounts by what the user types; `report`
builds the progress report; `export` writes the database out in every format;
`integrity` checks the database and its log. Nothing here imports Textual; nothing
above this package touches the store or applies a domain rule.
"""
