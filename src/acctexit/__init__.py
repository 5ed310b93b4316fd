"""acctexit-tui: get your accounts off a phone number before it is recycled."""

__version__ = "0.1.0"
