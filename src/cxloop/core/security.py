"""Password hashing (argon2id), API tokens and CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import Parameters, PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
"""argon2id with the library's RFC 9106 low-memory defaults (t=3, m=64 MiB, p=4)."""
TOKEN_PREFIX = "cxl_"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def use_password_parameters(parameters: Parameters | None) -> None:
    """Hash new passwords with other argon2 parameters (``None``: back to the defaults).

    Why: the test suite creates five personas per database test, and the production cost (~90 ms a
    hash, by design) would dominate its run time; tests switch to ``argon2.profiles.CHEAPEST``.
    Verification reads the parameters stored in each hash, so hashes of either kind keep verifying.
    """
    global _hasher
    _hasher = PasswordHasher() if parameters is None else PasswordHasher.from_parameters(parameters)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_api_token() -> str:
    """A bearer token. Only its SHA-256 is stored, so a database leak does not leak tokens."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_token(secret_key: str, session_id: str) -> str:
    """A CSRF token bound to the login session (synchroniser token, HMAC of the session id)."""
    return hmac.new(secret_key.encode(), f"csrf:{session_id}".encode(), hashlib.sha256).hexdigest()


def csrf_matches(secret_key: str, session_id: str, candidate: str | None) -> bool:
    if not candidate:
        return False
    return hmac.compare_digest(csrf_token(secret_key, session_id), candidate)
