"""ceasefire: negotiated deals in conflict reporting, sourced and geocoded."""

__version__ = "0.1.0"
