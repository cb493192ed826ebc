"""The consolidate stage: mentions from many articles become one record per real deal."""

from __future__ import annotations

from ceasefire.consolidate.merge import merge
from ceasefire.store import DealQuery, Store


def rebuild(store: Store) -> int:
    """Regroup every stored mention into deals and replace the stored deals; returns how many."""
    deals = merge(list(store.mentions()))
    with store.transaction():
        stale = {d.id for d in store.deals(DealQuery(include_rejected=True))} - {d.id for d in deals}
        store.delete_deals(sorted(stale))
        store.save_deals(deals)
    return len(deals)
