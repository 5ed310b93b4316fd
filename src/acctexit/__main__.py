"""`python -m acctexit` is the same as `acctexit-tui`."""

from acctexit.cli import main

raise SystemExit(main())
