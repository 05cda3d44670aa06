"""Feedback items and what the text engine understood of them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
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
    is_negative: Mapped[bool] = mapped_column(Boolean, default=False)
    analysed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Analysis(IdMixin, TimestampMixin, Base):
    """The text engine's reading of one item, kept whole with its model version."""

    __tablename__ = "analysis"

    feedback_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("feedback.id", ondelete="CASCADE"), unique=True
    )
    model_version: Mapped[str] = mapped_column(String(64))
    sentiment: Mapped[str] = mapped_column(String(16))
    sentiment_score: Mapped[float] = mapped_column(Float)
    feedback_type: Mapped[str | None] = mapped_column(String(16))
    emotion: Mapped[str | None] = mapped_column(String(32))
    urgency: Mapped[str | None] = mapped_column(String(16))
    masked_text: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class FeedbackAspect(IdMixin, Base):
    """One aspect an item mentions, with its polarity: what Pareto charts and filters count."""

    __tablename__ = "feedback_aspect"
    __table_args__ = (
        UniqueConstraint("feedback_id", "aspect"),
        Index("ix_feedback_aspect_org_aspect", "organization_id", "aspect"),
    )

    feedback_id: Mapped[int] = mapped_column(IdType, ForeignKey("feedback.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(IdType, ForeignKey("organization.id"))
    aspect: Mapped[str] = mapped_column(String(32))
    polarity: Mapped[str] = mapped_column(String(16))


class Correction(IdMixin, TimestampMixin, Base):
    """A person's label on an item (sentiment, type, aspect); feeds `cxloop text train --data`."""

    __tablename__ = "correction"

    feedback_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("feedback.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("user_account.id"))
    field: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(64))
