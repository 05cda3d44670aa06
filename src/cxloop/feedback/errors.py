"""Errors of the feedback domain that need their own HTTP status."""

from __future__ import annotations

from cxloop.core.errors import CxError


class PayloadTooLarge(CxError):
    """More items in one request than a batch may hold: split it (the importer does)."""

    status_code = 413
    default_code = "request.too_large"
