"""Page routes answer in HTML, whatever goes wrong.

The API renders every error as JSON; a person in a browser must instead see a page in their
language (or be sent to the login form). ``PageRoute`` wraps each page handler so that a missing
login becomes a redirect, and a ``CxError`` (not found, forbidden, CSRF, invalid command) becomes a
localised error page, or an alert swapped into the page for HTMX requests, never a stack trace.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from cxloop.core.errors import CxError
from cxloop.web.auth import LoginRequired, PageUser, page_language
from cxloop.web.templating import render

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def login_redirect(request: Request, exc: LoginRequired) -> Response:
    if is_htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": exc.location})
    return RedirectResponse(exc.location, status_code=303)


def error_page(
    request: Request,
    *,
    code: str,
    status_code: int,
    params: dict[str, Any],
    details: Any = None,
) -> Response:
    """The error in the viewer's language; inside the layout when the viewer is known."""
    user: PageUser | None = getattr(request.state, "page_user", None)
    settings = request.app.state.settings
    lang = user.lang if user else page_language(request, settings, None)
    fields = (
        [d["field"] for d in details if isinstance(d, dict) and d.get("field")]
        if isinstance(details, list)
        else []
    )
    context = {
        "user": user,
        "code": code,
        "status_code": status_code,
        "params": params,
        "fields": fields,
    }
    if is_htmx(request):
        return render(
            request,
            "base/_alert.html",
            context,
            lang=lang,
            tz_name=user.timezone if user else None,
            status_code=status_code,
            headers={"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"},
        )
    return render(
        request,
        "errors/error.html",
        context,
        lang=lang,
        tz_name=user.timezone if user else None,
        status_code=status_code,
    )


class PageRoute(APIRoute):
    """An APIRoute whose failures are pages (see the module docstring)."""

    def get_route_handler(self) -> Handler:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await original(request)
            except LoginRequired as exc:
                return login_redirect(request, exc)
            except CxError as exc:
                return error_page(
                    request,
                    code=exc.code,
                    status_code=exc.status_code,
                    params=exc.params,
                    details=exc.details,
                )
            except RequestValidationError:
                return error_page(request, code="request.invalid", status_code=422, params={})

        return handler
