"""The one place that reads the wall clock, so tests can move it with time-machine."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Timezone-aware now in UTC; never a naive datetime."""
    return datetime.now(UTC)
