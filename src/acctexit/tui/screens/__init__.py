"""Screens: the dashboard, dialogs and forms."""
