"""Typed errors with stable codes, rendered as ``{"error": {"code", "message", "details"}}``.

The code is the contract with integrators; the message is for people and is localised from the
catalogue key ``error.<code>`` (zh-CN and en).
"""

from __future__ import annotations

from typing import Any, ClassVar

from cxloop.core.i18n import translate


class CxError(Exception):
    """Base of every error a user can cause. Subclasses set ``status_code``; instances a ``code``."""

    status_code: ClassVar[int] = 400
    default_code: ClassVar[str] = "request.invalid"

    def __init__(self, code: str | None = None, *, details: Any = None, **params: Any) -> None:
        self.code = code or self.default_code
        self.details = details
        self.params = params
        super().__init__(self.code)

    def message(self, lang: str | None = None) -> str:
        return translate(f"error.{self.code}", lang, **self.params)

    def to_body(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "error": {"code": self.code, "message": self.message(lang), "details": self.details}
        }


class BadRequest(CxError):
    status_code = 400


class ValidationFailed(CxError):
    status_code = 422
    default_code = "request.invalid"


class NotAuthenticated(CxError):
    status_code = 401
    default_code = "auth.required"


class Forbidden(CxError):
    status_code = 403
    default_code = "auth.forbidden"


class NotFound(CxError):
    status_code = 404
    default_code = "resource.not_found"


class Conflict(CxError):
    status_code = 409
    default_code = "resource.conflict"
