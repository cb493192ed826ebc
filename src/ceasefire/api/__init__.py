"""The REST API and the page, served by `ceasefire serve`: a thin shell over the store and the engine."""

from ceasefire.api.app import Settings, create_app

__all__ = ["Settings", "create_app"]
