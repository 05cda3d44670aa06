"""Cursor pagination: every list is ``{"items": [...], "next_cursor": ...}``.

A cursor is the opaque, URL-safe encoding of the sort key of the last item returned (keyset
pagination), so pages stay stable while new items arrive and deep pages cost no OFFSET scan.
"""

from __future__ import annotations

import base64
import json
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from cxloop.core.errors import BadRequest

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def encode_cursor(key: list[Any]) -> str:
    raw = json.dumps(key, separators=(",", ":"), default=str).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("request.invalid_cursor", details={"cursor": cursor}) from exc
    if not isinstance(value, list):
        raise BadRequest("request.invalid_cursor", details={"cursor": cursor})
    return value
