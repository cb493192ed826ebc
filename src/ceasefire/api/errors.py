"""The API's messages to users, written once, each saying what to do."""

from __future__ import annotations

from fastapi import HTTPException

from ceasefire.store import StoreError

MESSAGES = {
    "no_token": "writes are turned off because the operator set no token; start the server with "
    "`ceasefire serve --token-file FILE` or the CEASEFIRE_TOKEN environment variable.",
    "bad_token": "writing needs the operator's token: send the header `Authorization: Bearer TOKEN`.",
    "too_large": "the request body is over this server's limit of {limit} bytes; send fewer articles at a "
    "time, or ask the operator to raise `ceasefire serve --max-body-mb`.",
    "no_document": "no document with id {doc_id!r}; the ids are in each deal's evidence.",
    "body": 'send articles as JSON ({{"articles": [{{"title": ..., "text": ...}}]}}) or as one file '
    "in a multipart form field named 'file'.",
}


def api_error(status: int, key: str, **details: object) -> HTTPException:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return HTTPException(status, MESSAGES[key].format(**details), headers=headers)


def store_error(error: StoreError) -> HTTPException:
    """The store's refusal, as the HTTP status that fits it."""
    return HTTPException(404 if error.key == "no_deal" else 422, str(error))
