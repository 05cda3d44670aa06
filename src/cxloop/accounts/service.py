"""Users, passwords, API tokens and signed session cookies."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from cxloop.accounts.models import ApiToken, Role, UserAccount
from cxloop.core.clock import utcnow
from cxloop.core.errors import Conflict, NotAuthenticated, NotFound
from cxloop.core.security import hash_password, new_api_token, token_digest, verify_password

SESSION_COOKIE = "cxloop_session"
SESSION_MAX_AGE_SECONDS = 12 * 3600


@dataclass(frozen=True)
class Principal:
    """Who is calling, and through what: every service call is scoped to ``organization_id``."""

    user_id: int
    organization_id: int
    username: str
    display_name: str
    role: Role
    unit_id: int | None
    language: str | None
    via: str  # "token" | "cookie"
    session_id: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.admin


def principal_for(user: UserAccount, *, via: str, session_id: str | None = None) -> Principal:
    return Principal(
        user_id=user.id,
        organization_id=user.organization_id,
        username=user.username,
        display_name=user.display_name or user.username,
        role=Role(user.role),
        unit_id=user.unit_id,
        language=user.language,
        via=via,
        session_id=session_id,
    )


def create_user(
    session: Session,
    *,
    organization_id: int,
    username: str,
    password: str,
    role: Role = Role.handler,
    display_name: str = "",
    unit_id: int | None = None,
    email: str | None = None,
    language: str | None = None,
) -> UserAccount:
    if find_user_by_username(session, username) is not None:
        raise Conflict("user.duplicate_username", username=username)
    user = UserAccount(
        organization_id=organization_id,
        username=username,
        password_hash=hash_password(password),
        role=role,
        display_name=display_name or username,
        unit_id=unit_id,
        email=email,
        language=language,
        is_active=True,
    )
    session.add(user)
    session.flush()
    return user


def find_user_by_username(session: Session, username: str) -> UserAccount | None:
    return session.scalar(select(UserAccount).where(UserAccount.username == username))


def get_user_by_username(session: Session, username: str) -> UserAccount:
    user = find_user_by_username(session, username)
    if user is None:
        raise NotFound("user.not_found", username=username)
    return user


def find_user(session: Session, user_id: int) -> UserAccount | None:
    return session.get(UserAccount, user_id)


def get_user(session: Session, *, organization_id: int, user_id: int) -> UserAccount:
    user = session.get(UserAccount, user_id)
    if user is None or user.organization_id != organization_id:
        raise NotFound("resource.not_found")
    return user


def list_users(session: Session, *, organization_id: int) -> list[UserAccount]:
    return list(
        session.scalars(
            select(UserAccount)
            .where(UserAccount.organization_id == organization_id)
            .order_by(UserAccount.username)
        )
    )


def authenticate(session: Session, *, username: str, password: str) -> UserAccount:
    """Check a password; the same error for an unknown user and a wrong password."""
    user = find_user_by_username(session, username)
    if user is None or not user.is_active or not verify_password(user.password_hash, password):
        raise NotAuthenticated("auth.invalid_credentials")
    user.last_login_at = utcnow()
    session.flush()
    return user


def create_token(session: Session, *, user_id: int, name: str = "") -> str:
    """Create an API token and return it in clear, the only time it is ever visible."""
    token = new_api_token()
    session.add(ApiToken(user_id=user_id, name=name, token_digest=token_digest(token)))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> UserAccount:
    row = session.scalar(select(ApiToken).where(ApiToken.token_digest == token_digest(token)))
    if row is None or row.revoked_at is not None:
        raise NotAuthenticated("auth.invalid_token")
    user = session.get(UserAccount, row.user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated("auth.invalid_token")
    return user


def revoke_tokens(session: Session, *, user_id: int) -> int:
    rows = list(
        session.scalars(
            select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        )
    )
    for row in rows:
        row.revoked_at = utcnow()
    session.flush()
    return len(rows)


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="cxloop.session")


def issue_session_cookie(secret_key: str, user: UserAccount) -> str:
    """A signed cookie value holding the user id and a random session id (the CSRF binding)."""
    return _serializer(secret_key).dumps({"uid": user.id, "sid": secrets.token_urlsafe(16)})


def read_session_cookie(secret_key: str, value: str) -> tuple[int, str] | None:
    try:
        data = _serializer(secret_key).loads(value, max_age=SESSION_MAX_AGE_SECONDS)
    except BadSignature:
        return None
    if not isinstance(data, dict) or "uid" not in data or "sid" not in data:
        return None
    return int(data["uid"]), str(data["sid"])
