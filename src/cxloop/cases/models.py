"""Recovery cases: tables are written by the cases domain only.

The column names are a contract: the metrics, demo and web domains read them (metrics through
``cases/aggregates.py``). Durations are stored as working minutes at the moment they become
known, so aggregates never need calendar arithmetic in SQL.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from cxloop.core.clock import utcnow
from cxloop.core.db import Base, IdMixin, IdType, TimestampMixin
from cxloop.core.types import JSONType, UTCDateTime


class CaseStatus(StrEnum):
    """Where a case stands. Escalation, SLA breach and reopening are events, not states."""

    new = "new"  # 派单
    acknowledged = "acknowledged"  # 签收
    in_progress = "in_progress"  # 办理
    pending_customer = "pending_customer"  # waiting for the customer: SLA clock paused
    pending_approval = "pending_approval"  # waiting for a unit head: the clock keeps running
    resolved = "resolved"  # 办结
    closed = "closed"
    merged = "merged"


OPEN_STATUSES: frozenset[str] = frozenset(
    {
        CaseStatus.new,
        CaseStatus.acknowledged,
        CaseStatus.in_progress,
        CaseStatus.pending_customer,
        CaseStatus.pending_approval,
    }
)


class CasePriority(StrEnum):
    low = "low"
    normal = "normal"
    high = "high"
    urgent = "urgent"


class ResolutionCode(StrEnum):
    recovered = "recovered"
    partially_recovered = "partially_recovered"
    not_recovered = "not_recovered"
    unreachable = "unreachable"
    not_actionable = "not_actionable"
    duplicate = "duplicate"
    spam = "spam"


class ActionKind(StrEnum):
    apology = "apology"
    explanation = "explanation"
    fix = "fix"
    refund = "refund"
    voucher = "voucher"
    upgrade = "upgrade"
    expedite = "expedite"
    callback = "callback"


class ActionNature(StrEnum):
    material = "material"
    emotional = "emotional"


class ActionStatus(StrEnum):
    proposed = "proposed"
    approved = "approved"
    rejected = "rejected"
    done = "done"


class ContactChannel(StrEnum):
    phone = "phone"
    sms = "sms"
    email = "email"
    visit = "visit"
    wechat = "wechat"
    other = "other"


class ContactDirection(StrEnum):
    outbound = "outbound"
    inbound = "inbound"


class ContactOutcome(StrEnum):
    reached = "reached"
    no_answer = "no_answer"
    left_message = "left_message"
    refused = "refused"


class SlaPolicy(IdMixin, TimestampMixin, Base):
    """Working-minute targets per organisation and priority (``priority`` null = fallback)."""

    __tablename__ = "sla_policy"
    __table_args__ = (UniqueConstraint("organization_id", "priority"),)

    organization_id: Mapped[int] = mapped_column(IdType, ForeignKey("organization.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    priority: Mapped[str | None] = mapped_column(String(16))
    first_response_minutes: Mapped[int] = mapped_column(Integer)
    resolution_minutes: Mapped[int] = mapped_column(Integer)
    is_default: Mapped[bool] = mapped_column(Boolean, default=True)


class RecoveryCase(IdMixin, TimestampMixin, Base):
    """A negative experience with an owner and working-time deadlines.

    ``next_check_at`` is the earliest moment the deadline worker must look at the case again
    (a due time, or the auto-close time); it is null when nothing can happen without a person.
    """

    __tablename__ = "recovery_case"
    __table_args__ = (
        UniqueConstraint("organization_id", "number"),
        CheckConstraint(
            "follow_up_score IS NULL OR (follow_up_score BETWEEN 1 AND 5)",
            name="follow_up_score_range",
        ),
        Index("ix_recovery_case_org_status", "organization_id", "status"),
        Index("ix_recovery_case_org_opened", "organization_id", "opened_at"),
        Index("ix_recovery_case_org_customer", "organization_id", "customer_id"),
    )

    organization_id: Mapped[int] = mapped_column(IdType, ForeignKey("organization.id"))
    number: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(32), default=CaseStatus.new)
    priority: Mapped[str] = mapped_column(String(16), default=CasePriority.normal)
    unit_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("unit.id"), index=True)
    service_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("service.id"))
    customer_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("customer.id"))
    assignee_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("user_account.id"), index=True
    )
    sla_policy_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("sla_policy.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_response_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_response_working_minutes: Mapped[int | None] = mapped_column(Integer)
    resolution_working_minutes: Mapped[int | None] = mapped_column(Integer)
    is_first_response_breached: Mapped[bool] = mapped_column(Boolean, default=False)
    is_resolution_breached: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paused_minutes: Mapped[int] = mapped_column(Integer, default=0)
    root_cause_aspect: Mapped[str | None] = mapped_column(String(32))
    root_cause_note: Mapped[str | None] = mapped_column(Text)
    resolution_code: Mapped[str | None] = mapped_column(String(32))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    follow_up_score: Mapped[int | None] = mapped_column(SmallInteger)
    followed_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    is_escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    merged_into_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("recovery_case.id"))
    # What a pending_approval case waits for: {"kind": "action"|"extension", ...}.
    approval_request: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    next_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class CaseFeedback(IdMixin, TimestampMixin, Base):
    """Which feedback items a case groups; a feedback item belongs to at most one case."""

    __tablename__ = "case_feedback"

    case_id: Mapped[int] = mapped_column(IdType, ForeignKey("recovery_case.id"), index=True)
    feedback_id: Mapped[int] = mapped_column(IdType, ForeignKey("feedback.id"), unique=True)


class CaseEvent(IdMixin, TimestampMixin, Base):
    """The append-only timeline: one row per transition or notable fact (actor null = system)."""

    __tablename__ = "case_event"
    __table_args__ = (Index("ix_case_event_case_at", "case_id", "at"),)

    case_id: Mapped[int] = mapped_column(IdType, ForeignKey("recovery_case.id"))
    kind: Mapped[str] = mapped_column(String(32))
    command: Mapped[str | None] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)


class RecoveryAction(IdMixin, TimestampMixin, Base):
    """Something done for the customer: an apology, a refund, a voucher, a call back."""

    __tablename__ = "recovery_action"
    __table_args__ = (CheckConstraint("amount IS NULL OR amount >= 0", name="amount_positive"),)

    case_id: Mapped[int] = mapped_column(IdType, ForeignKey("recovery_case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    nature: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=ActionStatus.proposed)
    needs_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_by_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("user_account.id"))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CaseContact(IdMixin, TimestampMixin, Base):
    """A call, message or visit to or from the customer (the first one is a first response)."""

    __tablename__ = "case_contact"

    case_id: Mapped[int] = mapped_column(IdType, ForeignKey("recovery_case.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(16), default=ContactDirection.outbound)
    outcome: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class FollowUp(IdMixin, TimestampMixin, Base):
    """回访: how the customer felt about the recovery, on a 1–5 scale."""

    __tablename__ = "follow_up"
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),)

    case_id: Mapped[int] = mapped_column(IdType, ForeignKey("recovery_case.id"), index=True)
    score: Mapped[int] = mapped_column(SmallInteger)
    is_satisfied: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
