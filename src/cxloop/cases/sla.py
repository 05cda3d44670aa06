"""SLA policies, the organisation's working calendar and case settings, and the next deadline.

Policies are created lazily: the first case of an organisation creates the four defaults, so a
fresh tenant has working deadlines without any set-up, and an admin can change them later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cxloop.cases.models import CasePriority, CaseStatus, RecoveryCase, SlaPolicy
from cxloop.cases.schemas import CaseRule
from cxloop.core.db import session_cache
from cxloop.core.worktime import WorkCalendar, add_working_minutes
from cxloop.org import service as org_service

HOUR = 60
DAY = 540  # one working day of the default 09:00–18:00 calendar

# priority -> (first response, resolution) in working minutes.
DEFAULT_POLICIES: dict[str, tuple[int, int]] = {
    CasePriority.urgent: (2 * HOUR, 1 * DAY),
    CasePriority.high: (4 * HOUR, 2 * DAY),
    CasePriority.normal: (1 * DAY, 3 * DAY),
    CasePriority.low: (1 * DAY, 5 * DAY),
}

_CACHE_KEY = "sla_policies"


@dataclass(frozen=True)
class CaseSettings:
    """The organisation's case settings (``organization.settings``), with their defaults."""

    rule: CaseRule
    approval_limit: Decimal  # material recovery above this amount needs a unit head
    reopen_days: int  # calendar days after closing during which a case can be reopened
    auto_close_days: int  # working days a resolved case waits for a follow-up


def _parse_time(value: str, default: time) -> time:
    try:
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))
    except (ValueError, AttributeError):
        return default


def calendar_for(session: Session, *, organization_id: int) -> WorkCalendar:
    """The organisation's working calendar (holidays, working hours, time zone)."""
    org = org_service.get_organization(session, organization_id)
    return WorkCalendar(
        start=_parse_time(org.workday_start, time(9, 0)),
        end=_parse_time(org.workday_end, time(18, 0)),
        tz=org.timezone or "Asia/Shanghai",
        holidays="cn" if (org.calendar or "cn") == "cn" else "none",
    )


def settings_for(session: Session, *, organization_id: int) -> CaseSettings:
    org = org_service.get_organization(session, organization_id)
    raw: dict[str, Any] = dict(org.settings or {})
    rule_raw = raw.get("case_rule")
    return CaseSettings(
        rule=CaseRule.model_validate(rule_raw) if isinstance(rule_raw, dict) else CaseRule(),
        approval_limit=Decimal(str(raw.get("case_approval_limit", 200))),
        reopen_days=int(str(raw.get("case_reopen_days", 15))),
        auto_close_days=int(str(raw.get("case_auto_close_days", 3))),
    )


def policies(session: Session, *, organization_id: int) -> dict[str, SlaPolicy]:
    """The organisation's policies by priority, creating the missing defaults.

    Cached on the session: a batch of 1,000 ingested items looks them up once.
    """
    cache: dict[int, dict[str, SlaPolicy]] = session_cache(session, _CACHE_KEY)
    found = cache.get(organization_id)
    if found is not None:  # a rollback drops the cache, so these rows are still there
        return found
    rows = session.scalars(select(SlaPolicy).where(SlaPolicy.organization_id == organization_id))
    by_priority = {row.priority or "": row for row in rows}
    for priority, (first, resolution) in DEFAULT_POLICIES.items():
        if priority not in by_priority:
            policy = SlaPolicy(
                organization_id=organization_id,
                name=f"default {priority}",
                priority=priority,
                first_response_minutes=first,
                resolution_minutes=resolution,
                is_default=True,
            )
            session.add(policy)
            by_priority[priority] = policy
    session.flush()
    cache[organization_id] = by_priority
    return by_priority


def forget_policies(session: Session) -> None:
    session_cache(session, _CACHE_KEY).clear()


def policy_for(session: Session, *, organization_id: int, priority: str) -> SlaPolicy:
    table = policies(session, organization_id=organization_id)
    return table.get(priority) or table[CasePriority.normal]


def auto_close_at(cal: WorkCalendar, case: RecoveryCase, days: int) -> datetime | None:
    if case.resolved_at is None:
        return None
    return add_working_minutes(cal, case.resolved_at, days * cal.minutes_per_day)


def next_check(cal: WorkCalendar, case: RecoveryCase, auto_close_days: int) -> datetime | None:
    """The earliest moment the deadline worker has something to do for this case.

    A running first-response clock, a running resolution clock (not while pending_customer: that
    clock is paused), or the auto-close time of a resolved case. Breached clocks are not checked
    again: a breach is reported once.
    """
    status = case.status
    candidates: list[datetime] = []
    active = status in (
        CaseStatus.new,
        CaseStatus.acknowledged,
        CaseStatus.in_progress,
        CaseStatus.pending_customer,
        CaseStatus.pending_approval,
    )
    if (
        active
        and case.first_response_at is None
        and not case.is_first_response_breached
        and case.first_response_due_at is not None
    ):
        candidates.append(case.first_response_due_at)
    if (
        active
        and status != CaseStatus.pending_customer
        and not case.is_resolution_breached
        and case.resolution_due_at is not None
    ):
        candidates.append(case.resolution_due_at)
    if status == CaseStatus.resolved:
        closing = auto_close_at(cal, case, auto_close_days)
        if closing is not None:
            candidates.append(closing)
    return min(candidates) if candidates else None


def reopen_deadline(case: RecoveryCase, days: int) -> datetime | None:
    if case.closed_at is None:
        return None
    return case.closed_at + timedelta(days=days)
