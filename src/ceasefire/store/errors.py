"""The store's messages to users, written once, each saying what to do."""

from __future__ import annotations

MESSAGES = {
    "bad_url": "cannot open database {url!r} ({why}). Give a SQLAlchemy URL such as sqlite:///ceasefire.db "
    "or postgresql://user:password@host/dbname.",
    "unreachable": "cannot open database {url} ({why}). Check that the server runs, the database exists "
    "and the URL names them, or that the SQLite file's folder exists and is writable.",
    "dialect": "database {url} uses {dialect}, which ceasefire does not support; use SQLite or PostgreSQL.",
    "action": "unknown correction action {action!r}; use one of: {choices}.",
    "field": "field {field!r} cannot be corrected; use one of: {choices}.",
    "needs_value": "a 'correct' action needs a field and a value (the new value as JSON, as in an export).",
    "required": "field {field!r} cannot be rejected, only corrected: every deal needs one.",
    "value": "bad value for {field!r}: {why}. Give it as an export writes it, e.g. {example}.",
    "no_deal": "no deal with id {deal_id!r}; list the ids with `ceasefire deals`.",
    "sort": "unknown sort {sort!r}; use one of: {choices}.",
    "limit": "limit and offset must be zero or more, got limit={limit!r} offset={offset!r}.",
}


class StoreError(ValueError):
    """A request the store refuses, with a message fit to show a user."""

    def __init__(self, key: str, **details: object) -> None:
        super().__init__(MESSAGES[key].format(**details))
        self.key = key
