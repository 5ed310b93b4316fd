"""Pure domain logic: models, risk and plan. No I/O, no Textual."""
