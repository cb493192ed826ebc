"""Who may write: whoever holds the operator's bearer token. No token configured means no writes at all."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ceasefire.api.errors import api_error

bearer = HTTPBearer(auto_error=False, description="The token the operator gave `ceasefire serve`.")


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    """403 when the server has no token (writes stay closed); 401 when the token sent is missing or wrong."""
    expected: str | None = request.app.state.settings.token
    if not expected:
        raise api_error(403, "no_token")
    given = credentials.credentials if credentials else ""
    if not secrets.compare_digest(given.encode(), expected.encode()):
        raise api_error(401, "bad_token")
