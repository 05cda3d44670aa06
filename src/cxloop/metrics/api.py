"""HTTP routes of the metrics domain: thin, they call service.py."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1", tags=["metrics"])
