"""Customers: the people who give feedback. Contact details are personal data."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cxloop.core.db import Base, IdMixin, IdType, TimestampMixin


class Customer(IdMixin, TimestampMixin, Base):
    __tablename__ = "customer"
    __table_args__ = (UniqueConstraint("organization_id", "external_id"),)

    organization_id: Mapped[int] = mapped_column(IdType, ForeignKey("organization.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    segment: Mapped[str | None] = mapped_column(String(64))
    value_tier: Mapped[str | None] = mapped_column(String(32))
    consent_contact: Mapped[bool] = mapped_column(Boolean, default=True)
    consent_research: Mapped[bool] = mapped_column(Boolean, default=False)
