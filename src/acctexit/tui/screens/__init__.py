"""Modal screens: welcome, number and account forms, platform picker, confirmation,
import preview and reconciliation.

Each is a `ModalScreen` that receives its data, touches no database, and returns
its answer with `dismiss()`; the dashboard does the I/O.
"""
