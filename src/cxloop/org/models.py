"""Organisation tree: tenants, units (centre > department > window), service catalogue, staff."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cxloop.core.db import Base, IdMixin, IdType, TimestampMixin
from cxloop.core.types import JSONType


class Sector(StrEnum):
    government = "government"
    property = "property"
    hotel = "hotel"
    transit = "transit"
    airline = "airline"
    hospital = "hospital"
    other = "other"


class Organization(IdMixin, TimestampMixin, Base):
    """A tenant. Everything else belongs to exactly one organisation."""

    __tablename__ = "organization"

    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(32), default=Sector.other)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    language: Mapped[str] = mapped_column(String(16), default="zh-CN")
    # Working calendar: "cn" = mainland China public holidays and make-up working days.
    calendar: Mapped[str] = mapped_column(String(16), default="cn")
    workday_start: Mapped[str] = mapped_column(String(5), default="09:00")
    workday_end: Mapped[str] = mapped_column(String(5), default="18:00")
    settings: Mapped[dict[str, object]] = mapped_column(JSONType, default=dict)


class Unit(IdMixin, TimestampMixin, Base):
    """A node of the organisation tree: centre, department, window, branch, hotel, floor."""

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("organization_id", "code"),)

    organization_id: Mapped[int] = mapped_column(IdType, ForeignKey("organization.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("unit.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), default="department")


class Service(IdMixin, TimestampMixin, Base):
    """A catalogue item: 营业执照办理, room cleaning, luggage delivery."""

    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("organization_id", "code"),)

    organization_id: Mapped[int] = mapped_column(IdType, ForeignKey("organization.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("unit.id"))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))


class Staff(IdMixin, TimestampMixin, Base):
    """A person who serves customers (may or may not have a login)."""

    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("organization_id", "code"),)

    organization_id: Mapped[int] = mapped_column(IdType, ForeignKey("organization.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("unit.id"))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
