"""Service failures that hit many people at once (outage, delay, queue crisis)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cxloop.core.db import Base, IdMixin, IdType, TimestampMixin
from cxloop.core.types import UTCDateTime


class Incident(IdMixin, TimestampMixin, Base):
    __tablename__ = "incident"

    organization_id: Mapped[int] = mapped_column(IdType, ForeignKey("organization.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("unit.id"))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), default="outage")
    description: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    affected_count: Mapped[int] = mapped_column(Integer, default=0)
