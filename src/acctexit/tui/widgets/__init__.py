"""Dashboard panes and small display widgets."""
