"""Non-interactive subcommands (catalog, plan, import, export, verify)."""
