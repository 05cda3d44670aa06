"""Counting the SQL a block of code sends: the tests that keep a query count flat with its input."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session


@contextmanager
def statements(session: Session) -> Iterator[list[str]]:
    """The SQL statements sent while the block runs (an executemany counts once)."""
    seen: list[str] = []
    bind = session.connection()

    def record(*args: Any) -> None:
        seen.append(args[2])

    event.listen(bind, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(bind, "before_cursor_execute", record)
