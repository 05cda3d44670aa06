"""The text engine's readings, stored: the ``analysis`` and ``feedback_aspect`` tables.

They belong to the analysis domain because only :mod:`cxloop.analysis.service` writes them; the
feedback item they describe stays in ``feedback`` and is referred to by a foreign key, so the
feedback domain knows nothing of model versions or aspect polarity. Table names, columns and
constraints are those of the initial migration: moving the classes here changed no schema.

``analysis`` is the model's reading and is never edited. ``feedback_aspect`` is what the item is
about as the app counts it: the model's aspects, with people's corrections replayed over them
(``is_corrected``), through :func:`cxloop.analysis.service.apply_aspect_corrections`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from cxloop.core.db import Base, IdMixin, IdType, TimestampMixin
from cxloop.core.types import JSONType

__all__ = ["Analysis", "FeedbackAspect"]


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
    is_corrected: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Set by a person (a correction), not by the model."""
