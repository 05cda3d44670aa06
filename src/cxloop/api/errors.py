"""Every API error is JSON ``{"error": {"code", "message", "details"}}`` with a stable code."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from cxloop.core.errors import CxError
from cxloop.core.i18n import negotiate, translate

log = logging.getLogger("cxloop.api")

_HTTP_CODES = {
    401: "auth.required",
    403: "auth.forbidden",
    404: "resource.not_found",
    405: "request.method_not_allowed",
    413: "request.too_large",
}


def request_language(request: Request) -> str:
    principal = getattr(request.state, "principal", None)
    if principal is not None and principal.language:
        return str(principal.language)
    default = request.app.state.settings.default_language
    return negotiate(request.headers.get("accept-language"), default=default)


def _field_path(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) if parts else ".".join(str(p) for p in loc)


def validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic errors as ``[{"field", "reason", "type"}]``: the field a person must fix, named."""
    return [
        {
            "field": _field_path(tuple(err.get("loc", ()))),
            "reason": err.get("msg", ""),
            "type": err.get("type", ""),
        }
        for err in errors
    ]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(CxError)
    async def _cx_error(request: Request, exc: CxError) -> JSONResponse:
        return JSONResponse(exc.to_body(request_language(request)), status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        code = "request.invalid"
        if any(err.get("type") == "json_invalid" for err in errors):
            code = "request.invalid_json"
        body = {
            "error": {
                "code": code,
                "message": translate(f"error.{code}", request_language(request)),
                "details": validation_details(errors),
            }
        }
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "request.invalid")
        body = {
            "error": {
                "code": code,
                "message": translate(f"error.{code}", request_language(request)),
                "details": None,
            }
        }
        return JSONResponse(
            body, status_code=exc.status_code, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        code = "server.internal"
        body = {
            "error": {
                "code": code,
                "message": translate(f"error.{code}", request_language(request)),
                "details": None,
            }
        }
        return JSONResponse(body, status_code=500)
