"""Write access: an API key sent as ``X-API-Key`` or ``Authorization: Bearer``."""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request
from fastapi.security import APIKeyHeader, HTTPBearer

#: Declared for the OpenAPI document (``/docs`` shows an Authorize button); checked below.
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)
bearer = HTTPBearer(auto_error=False)


def presented_key(request: Request) -> str | None:
    """The key a request carries, from either header, or None."""
    key = request.headers.get("x-api-key")
    if key:
        return key
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def has_key(request: Request) -> bool:
    """Whether the request carries the server's API key (extraction budgets are larger then)."""
    expected: str | None = request.app.state.config.api_key
    key = presented_key(request)
    return bool(expected and key and hmac.compare_digest(key.encode(), expected.encode()))


def require_write_key(request: Request) -> None:
    """Dependency for write endpoints: 403 when writes are disabled, 401 on a wrong/missing key."""
    expected: str | None = request.app.state.config.api_key
    if not expected:
        raise HTTPException(403, "writes are disabled: start the server with --api-key or $ACCORDING_API_KEY")
    key = presented_key(request)
    if key is None:
        raise HTTPException(401, "this endpoint needs an API key (X-API-Key or Authorization: Bearer)",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(key.encode(), expected.encode()):
        raise HTTPException(401, "invalid API key", headers={"WWW-Authenticate": "Bearer"})
