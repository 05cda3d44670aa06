"""Signing in and out, and the language switch: the only pages that answer without a login.

The login form is protected against CSRF like every other form: before a session exists the token
is bound to a random pre-session cookie, so a foreign site cannot log a browser into its account.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from cxloop.accounts import service as accounts_service
from cxloop.accounts.service import SESSION_COOKIE, SESSION_MAX_AGE_SECONDS
from cxloop.api.deps import SessionDep, SettingsDep
from cxloop.core.errors import NotAuthenticated, NotFound
from cxloop.core.i18n import SUPPORTED
from cxloop.core.settings import Settings
from cxloop.web.auth import (
    LANG_COOKIE,
    PRE_SESSION_COOKIE,
    csrf_binding,
    find_principal,
    new_pre_session_id,
    page_language,
    safe_next,
    token_for,
    verify_csrf,
)
from cxloop.web.pages.common import page_router
from cxloop.web.templating import render

router = page_router()
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600


def _login_form(
    request: Request,
    settings: Settings,
    *,
    next_url: str,
    username: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    binding = csrf_binding(request, settings)
    fresh = binding is None
    if binding is None:
        binding = new_pre_session_id()
    lang = page_language(request, settings, None)
    response = render(
        request,
        "auth/login.html",
        {
            "user": None,
            "csrf": token_for(settings, binding),
            "next_url": next_url,
            "username": username,
            "error": error,
        },
        lang=lang,
        tz_name=None,
        status_code=status_code,
    )
    if fresh:
        response.set_cookie(
            PRE_SESSION_COOKIE,
            binding,
            httponly=True,
            samesite="lax",
            secure=settings.cookie_secure,
            path="/",
        )
    return response


@router.get("/login")
def login_form(
    request: Request, session: SessionDep, settings: SettingsDep, next: str | None = None
) -> Response:
    if find_principal(request, session, settings) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_form(request, settings, next_url=safe_next(next))


@router.post("/login", dependencies=[Depends(verify_csrf)])
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """A wrong password re-renders the form with the same error as an unknown user."""
    try:
        user = accounts_service.authenticate(session, username=username.strip(), password=password)
    except NotAuthenticated as exc:
        return _login_form(
            request,
            settings,
            next_url=safe_next(next),
            username=username,
            error=exc.code,
            status_code=401,
        )
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        accounts_service.issue_session_cookie(settings.ensure_secret_key(), user),
        max_age=SESSION_MAX_AGE_SECONDS,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )
    response.delete_cookie(PRE_SESSION_COOKIE, path="/")
    return response


@router.post("/logout", dependencies=[Depends(verify_csrf)])
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{code}")
def switch_language(code: str, settings: SettingsDep, next: str | None = None) -> Response:
    """Remember the choice in a cookie; it wins over the browser's Accept-Language."""
    if code not in SUPPORTED:
        raise NotFound("resource.not_found", details={"language": code})
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        LANG_COOKIE,
        code,
        max_age=LANG_COOKIE_MAX_AGE,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
    )
    return response
