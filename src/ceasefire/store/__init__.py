"""Storage: the only stage that holds database connections and writes SQL.

Deals are kept as their full extracted record plus indexed columns for filtering; analysts'
corrections are kept apart and applied when deals are read.
"""

from ceasefire.store.corrections import Correction
from ceasefire.store.errors import StoreError
from ceasefire.store.query import DealQuery
from ceasefire.store.store import DEFAULT_URL, Store, content_hash, database_url

__all__ = ["DEFAULT_URL", "Correction", "DealQuery", "Store", "StoreError", "content_hash", "database_url"]
