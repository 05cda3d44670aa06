"""Feedback items and the labels people put on them.

What the text engine understood of an item lives in :mod:`cxloop.analysis.models`; only the
denormalised ``sentiment`` / ``feedback_type`` / ``is_negative`` / ``analysed_at`` stay here, for plain indexed filters.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from cxloop.core.db import Base, IdMixin, IdType, TimestampMixin
from cxloop.core.types import JSONType, UTCDateTime


class Channel(StrEnum):
    survey = "survey"
    qr_rating = "qr_rating"
    hotline = "hotline"
    online_review = "online_review"
    email = "email"
    app = "app"
    wechat = "wechat"
    sms = "sms"
    interview = "interview"
    employee = "employee"
    social = "social"
    other = "other"


class Sentiment(StrEnum):
    positive = "positive"
    neutral = "neutral"
    negative = "negative"


class Feedback(IdMixin, TimestampMixin, Base):
    """One voice: a rating, a survey answer, a hotline record, a review.

    ``source_ref`` is the sender's own id for the item; with the channel it makes re-sending idempotent.
    ``is_negative`` is derived from the scores and, once analysed, from the text sentiment.
    """

    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("organization_id", "channel", "source_ref"),
        CheckConstraint("nps IS NULL OR (nps BETWEEN 0 AND 10)", name="nps_range"),
        CheckConstraint("csat IS NULL OR (csat BETWEEN 1 AND 5)", name="csat_range"),
        CheckConstraint("ces IS NULL OR (ces BETWEEN 1 AND 7)", name="ces_range"),
        CheckConstraint("rating IS NULL OR (rating BETWEEN 1 AND 5)", name="rating_range"),
        Index("ix_feedback_org_received", "organization_id", "received_at"),
        Index("ix_feedback_org_unanalysed", "organization_id", "analysed_at"),
    )

    organization_id: Mapped[int] = mapped_column(IdType, ForeignKey("organization.id"))
    channel: Mapped[str] = mapped_column(String(32))
    source_ref: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    occurred_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    unit_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("unit.id"), index=True)
    service_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("service.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("staff.id"))
    customer_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("customer.id"), index=True)
    nps: Mapped[int | None] = mapped_column(SmallInteger)
    csat: Mapped[int | None] = mapped_column(SmallInteger)
    ces: Mapped[int | None] = mapped_column(SmallInteger)
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    text: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    extra: Mapped[dict[str, Any]] = mapped_column("metadata", JSONType, default=dict)
    # Denormalised from the analysis so that lists and metrics filter with plain indexed SQL.
    sentiment: Mapped[str | None] = mapped_column(String(16))
    feedback_type: Mapped[str | None] = mapped_column(String(16))
    is_negative: Mapped[bool] = mapped_column(Boolean, default=False)
    analysed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Correction(IdMixin, TimestampMixin, Base):
    """A person's label on an item (sentiment, type, aspect); feeds `cxloop text train --data`.

    The table is append-only, the item's history of what people said. What the item shows and
    counts (its ``sentiment`` and ``is_negative`` here, its aspect rows in the analysis domain) is
    these corrections replayed in order over the model's reading, so a later analysis of the item
    cannot undo a person's word. An aspect correction either sets the aspect (with ``polarity``, or
    the item's sentiment when none is given) or, with ``is_removal``, says the item is not about it.
    """

    __tablename__ = "correction"

    feedback_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("feedback.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("user_account.id"))
    field: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(64))
    polarity: Mapped[str | None] = mapped_column(String(16))
    is_removal: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
