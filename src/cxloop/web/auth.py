"""Who is looking at a page, in which language, and whether an unsafe request carries its CSRF token.

Pages identify the user with the same ``resolve_principal`` as the API, but a missing login is a
redirect to ``/login?next=...`` instead of a JSON 401. Every POST is checked against a synchroniser
token bound to the login session (or, on the login form itself, to a pre-session cookie), so a
foreign site cannot make a signed-in browser act.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from cxloop.accounts import service as accounts_service
from cxloop.accounts.service import SESSION_COOKIE, Principal
from cxloop.api.deps import SAFE_METHODS, SessionDep, SettingsDep, resolve_principal
from cxloop.core.errors import Forbidden, NotAuthenticated
from cxloop.core.i18n import SUPPORTED, negotiate, normalize
from cxloop.core.security import csrf_matches, csrf_token
from cxloop.core.settings import Settings
from cxloop.org import service as org_service

LANG_COOKIE = "cxloop_lang"
PRE_SESSION_COOKIE = "cxloop_pre"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class LoginRequired(Exception):
    """Raised by the page dependency; the page route turns it into a redirect to the login form."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url
        super().__init__(next_url)

    @property
    def location(self) -> str:
        return f"/login?next={quote(self.next_url, safe='/')}"


@dataclass(frozen=True)
class PageUser:
    """Everything a page needs about its viewer, resolved once per request."""

    principal: Principal
    lang: str
    csrf: str
    org_name: str
    timezone: str

    @property
    def organization_id(self) -> int:
        return self.principal.organization_id


def safe_next(candidate: str | None) -> str:
    """Only local paths: ``next`` must never send a user to another site after login."""
    if not candidate or not candidate.startswith("/") or candidate.startswith("//"):
        return "/"
    if "\\" in candidate or "\n" in candidate or "\r" in candidate:
        return "/"
    return candidate


def page_language(request: Request, settings: Settings, principal: Principal | None) -> str:
    """The switcher's cookie, then the user's own language, then the browser's, then the default."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in SUPPORTED:
        return str(chosen)
    if principal is not None and principal.language:
        return normalize(principal.language)
    default = normalize(settings.default_language)
    return negotiate(request.headers.get("accept-language"), default=default)


def csrf_binding(request: Request, settings: Settings) -> str | None:
    """What the CSRF token is bound to: the login session id, else the pre-session cookie."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        read = accounts_service.read_session_cookie(settings.ensure_secret_key(), cookie)
        if read is not None:
            return read[1]
    return request.cookies.get(PRE_SESSION_COOKIE) or None


def new_pre_session_id() -> str:
    return secrets.token_urlsafe(16)


def token_for(settings: Settings, binding: str) -> str:
    return csrf_token(settings.ensure_secret_key(), binding)


async def verify_csrf(request: Request, settings: SettingsDep) -> None:
    """Every unsafe page request carries the token, in the form or in HTMX's header."""
    if request.method in SAFE_METHODS:
        return
    candidate = request.headers.get(CSRF_HEADER)
    if not candidate:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            candidate = value if isinstance(value, str) else None
    binding = csrf_binding(request, settings)
    if binding is None or not csrf_matches(settings.ensure_secret_key(), binding, candidate):
        raise Forbidden("auth.csrf_failed")


def _current_path(request: Request) -> str:
    """Where to come back after the login: the page itself, or the page a form or an HTMX
    fragment was sent from (a POST URL answers only POSTs, so it is no page to return to)."""
    base = str(request.base_url).rstrip("/")
    # An HTMX fragment is not a page to come back to: return to the page that asked for it.
    origin = request.headers.get("hx-current-url")
    if origin is None and request.method not in SAFE_METHODS:
        origin = request.headers.get("referer")
    if origin and origin.startswith(base):
        return safe_next(origin[len(base) :] or "/")
    if request.method not in SAFE_METHODS:
        return "/"
    path = request.url.path
    if request.url.query:
        path = f"{path}?{request.url.query}"
    return safe_next(path)


def find_principal(request: Request, session: Session, settings: Settings) -> Principal | None:
    try:
        return resolve_principal(request, session, settings)
    except NotAuthenticated:
        return None


def get_page_user(request: Request, session: SessionDep, settings: SettingsDep) -> PageUser:
    principal = find_principal(request, session, settings)
    if principal is None:
        raise LoginRequired(_current_path(request))
    org = org_service.get_organization(session, principal.organization_id)
    user = PageUser(
        principal=principal,
        lang=page_language(request, settings, principal),
        csrf=token_for(settings, principal.session_id or ""),
        org_name=org.name,
        timezone=org.timezone,
    )
    request.state.principal = principal
    request.state.page_user = user
    return user


CurrentPageUser = Annotated[PageUser, Depends(get_page_user)]
