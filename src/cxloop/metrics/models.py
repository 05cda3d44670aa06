"""KPI targets per scope and period."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cxloop.core.db import Base, IdMixin, IdType, TimestampMixin


class Target(IdMixin, TimestampMixin, Base):
    """A goal for one metric (``nps``, ``csat``, ``satisfaction_rate``...) in a scope and period."""

    __tablename__ = "target"

    organization_id: Mapped[int] = mapped_column(IdType, ForeignKey("organization.id"), index=True)
    metric: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("unit.id"))
    service_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("service.id"))
    period_start_on: Mapped[date] = mapped_column(Date)
    period_end_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    direction: Mapped[str] = mapped_column(String(8), default="up")
