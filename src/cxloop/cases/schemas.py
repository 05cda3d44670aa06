"""Pydantic shapes of the cases domain: what callers send and what they get back."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from cxloop import text
from cxloop.cases.models import (
    ActionKind,
    ActionNature,
    CasePriority,
    ContactChannel,
    ContactDirection,
    ContactOutcome,
    ResolutionCode,
)

# The 13 aspect keys of DESIGN.md: a root cause is one of them.
ASPECTS: tuple[str, ...] = text.ASPECTS


class FeedbackSignal(BaseModel):
    """What the feedback domain tells the cases domain about one ingested item."""

    feedback_id: int
    unit_id: int | None = None
    service_id: int | None = None
    staff_id: int | None = None
    customer_id: int | None = None
    channel: str
    received_at: datetime
    rating: int | None = None
    csat: int | None = None
    nps: int | None = None
    ces: int | None = None
    sentiment: str | None = None
    urgency: str | None = None
    feedback_type: str | None = None
    text: str | None = None


class CaseRule(BaseModel):
    """When an item opens a case; stored per organisation in ``organization.settings["case_rule"]``.

    A threshold set to None is not checked. Any one matching condition opens a case.

    With ``top_box_overrides_text`` (the default) the person's own top score outranks the
    model's reading of their words: a negative text under a rating or csat of 5 or an NPS of 9–10
    opens no case, since "不到半小时就办完了" under five stars is praise that a model misread far
    more often than a hidden complaint. A critical urgency (self-harm, a safety hazard) opens a
    case whatever the scores say.

    Without ``inquiries_by_text`` (the default) an item the text engine types as an inquiry opens
    no case on a negative reading of its words alone: a question asks for an answer, not for
    recovery, and the review-trained model reads plain questions (我想问一下不动产登记需要带什么材料)
    as negative. Its scores and a critical urgency still open one.
    """

    enabled: bool = True
    rating_max: int | None = 2
    csat_max: int | None = 2
    nps_max: int | None = 4
    ces_min: int | None = None
    negative_sentiment: bool = True
    inquiries_by_text: bool = False
    top_box_overrides_text: bool = True
    critical_urgency: bool = True


# ---- command payloads (POST /cases/{id}/transitions) ---------------------------------------


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EmptyPayload(_Payload):
    note: str | None = None


class AssignPayload(_Payload):
    assignee: str | None = Field(default=None, description='username, or "me"')
    assignee_id: int | None = None
    note: str | None = None


class ReasonPayload(_Payload):
    reason: str = Field(min_length=1, max_length=2000)


class OptionalReasonPayload(_Payload):
    reason: str | None = None


class ContactCreate(_Payload):
    channel: ContactChannel = ContactChannel.phone
    direction: ContactDirection = ContactDirection.outbound
    outcome: ContactOutcome
    note: str | None = None


class ApprovalRequestPayload(_Payload):
    kind: Literal["action", "extension"] = "action"
    action_id: int | None = None
    minutes: int | None = Field(default=None, gt=0)
    reason: str | None = None


class ExtendPayload(_Payload):
    """延期: how much more working time, in minutes or in working days."""

    minutes: int | None = Field(default=None, gt=0)
    days: int | None = Field(default=None, gt=0)
    reason: str = Field(min_length=1, max_length=2000)


class ResolvePayload(_Payload):
    root_cause_aspect: str | None = None
    root_cause_note: str | None = None
    resolution_code: ResolutionCode | None = None
    resolution_note: str | None = None


class FollowUpCreate(_Payload):
    score: int = Field(ge=1, le=5)
    is_satisfied: bool | None = None
    comment: str | None = None
    channel: ContactChannel | None = None


class MergePayload(_Payload):
    into_case_id: int


class ActionCreate(_Payload):
    kind: ActionKind
    nature: ActionNature | None = None
    amount: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)
    currency: str = Field(default="CNY", min_length=3, max_length=3)
    note: str | None = None


class ActionDecision(_Payload):
    decision: Literal["approve", "reject"]
    note: str | None = None


class CaseCreate(_Payload):
    """Open a case by hand: from feedback ids, or from scratch."""

    title: str = Field(default="", max_length=200)
    feedback_ids: list[int] = Field(default_factory=list)
    unit: str | None = Field(default=None, description="unit code")
    service: str | None = Field(default=None, description="service code")
    customer_id: int | None = None
    priority: CasePriority = CasePriority.normal
    assignee: str | None = None


# ---- reads ------------------------------------------------------------------------------------


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CaseListItem(_Read):
    id: int
    number: str
    title: str
    status: str
    priority: str
    unit_id: int | None
    service_id: int | None
    customer_id: int | None
    assignee_id: int | None
    opened_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    first_response_due_at: datetime | None
    resolution_due_at: datetime | None
    is_first_response_breached: bool
    is_resolution_breached: bool
    is_escalated: bool
    reopen_count: int
    follow_up_score: int | None


class EventRead(_Read):
    id: int
    kind: str
    command: str | None
    from_status: str | None
    to_status: str | None
    actor_id: int | None
    at: datetime
    data: dict[str, Any]


class ActionRead(_Read):
    id: int
    kind: str
    nature: str
    amount: Decimal | None
    currency: str
    note: str | None
    status: str
    needs_approval: bool
    decided_by_id: int | None
    decided_at: datetime | None
    created_by_id: int | None
    done_at: datetime | None
    created_at: datetime


class ContactRead(_Read):
    id: int
    channel: str
    direction: str
    outcome: str
    note: str | None
    actor_id: int | None
    at: datetime


class FollowUpRead(_Read):
    id: int
    score: int
    is_satisfied: bool
    comment: str | None
    channel: str | None
    actor_id: int | None
    at: datetime


class CaseRead(CaseListItem):
    organization_id: int
    sla_policy_id: int | None
    acknowledged_at: datetime | None
    first_response_working_minutes: int | None
    resolution_working_minutes: int | None
    paused_at: datetime | None
    paused_minutes: int
    root_cause_aspect: str | None
    root_cause_note: str | None
    resolution_code: str | None
    resolution_note: str | None
    followed_up_at: datetime | None
    merged_into_id: int | None
    approval_request: dict[str, Any] | None
    next_check_at: datetime | None
    created_at: datetime
    updated_at: datetime
    feedback_ids: list[int] = Field(default_factory=list)
    events: list[EventRead] = Field(default_factory=list)
    actions: list[ActionRead] = Field(default_factory=list)
    contacts: list[ContactRead] = Field(default_factory=list)
    follow_ups: list[FollowUpRead] = Field(default_factory=list)


class SlaPolicyRead(_Read):
    id: int
    name: str
    priority: str | None
    first_response_minutes: int
    resolution_minutes: int
    is_default: bool


class SlaPolicyUpdate(_Payload):
    name: str | None = Field(default=None, max_length=100)
    first_response_minutes: int = Field(gt=0)
    resolution_minutes: int = Field(gt=0)
