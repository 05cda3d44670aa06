"""Background jobs of the cases domain (run by ``cxloop.worker`` as ``cases.check_deadlines``)."""

from __future__ import annotations

from cxloop.cases.deadlines import check_deadlines

__all__ = ["check_deadlines"]
