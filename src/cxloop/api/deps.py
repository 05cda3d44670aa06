"""Request-scoped dependencies: the session (the request owns the transaction) and the caller."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from cxloop.accounts import service as accounts_service
from cxloop.accounts.models import Role
from cxloop.accounts.service import SESSION_COOKIE, Principal
from cxloop.core.db import run_after_commit
from cxloop.core.errors import Forbidden, NotAuthenticated
from cxloop.core.security import csrf_matches
from cxloop.core.settings import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: commit when the handler returns, roll back when it raises.

    Used with ``scope="function"`` so the commit happens before the response is sent: a client
    never sees a 2xx for data that failed to commit.
    """
    session: Session = request.app.state.sessionmaker()
    try:
        yield session
        session.commit()
        run_after_commit(session)
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def resolve_principal(request: Request, session: Session, settings: Settings) -> Principal | None:
    """Bearer token first, then the signed session cookie; None when neither is present."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = accounts_service.user_for_token(session, header[7:].strip())
        return accounts_service.principal_for(user, via="token")
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        read = accounts_service.read_session_cookie(settings.ensure_secret_key(), cookie)
        if read is not None:
            user_id, session_id = read
            found = accounts_service.find_user(session, user_id)
            if found is not None and found.is_active:
                return accounts_service.principal_for(found, via="cookie", session_id=session_id)
    return None


def get_principal(request: Request, session: SessionDep, settings: SettingsDep) -> Principal:
    principal = resolve_principal(request, session, settings)
    if principal is None:
        raise NotAuthenticated("auth.required")
    # A cookie rides along with any request the browser makes: unsafe API calls made with it need
    # the CSRF header as well (a bearer token cannot be sent by a foreign page, so it needs none).
    if principal.via == "cookie" and request.method not in SAFE_METHODS:
        candidate = request.headers.get("x-csrf-token")
        if not csrf_matches(settings.ensure_secret_key(), principal.session_id or "", candidate):
            raise Forbidden("auth.csrf_failed")
    request.state.principal = principal
    return principal


CurrentUser = Annotated[Principal, Depends(get_principal)]


def require_role(*roles: Role) -> Callable[[Principal], Principal]:
    """Dependency factory: only these roles (admins always) may call the route."""

    def checker(principal: CurrentUser) -> Principal:
        if principal.role != Role.admin and principal.role not in roles:
            raise Forbidden("auth.forbidden")
        return principal

    return checker
