"""People who sign in, and the tokens integrators use."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cxloop.core.db import Base, IdMixin, IdType, TimestampMixin
from cxloop.core.types import UTCDateTime


class Role(StrEnum):
    """What a user may do. Ordered from most to least powerful."""

    admin = "admin"
    analyst = "analyst"
    unit_head = "unit_head"
    handler = "handler"


class UserAccount(IdMixin, TimestampMixin, Base):
    __tablename__ = "user_account"

    organization_id: Mapped[int] = mapped_column(IdType, ForeignKey("organization.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("unit.id"))
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.handler)
    language: Mapped[str | None] = mapped_column(String(16))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ApiToken(IdMixin, TimestampMixin, Base):
    """A bearer token; only its SHA-256 digest is stored."""

    __tablename__ = "api_token"

    user_id: Mapped[int] = mapped_column(IdType, ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
