"""The case workbench: the queue, one case with its timeline, and the forms that move it.

Every change goes through ``cases.service`` (``apply_command``, ``log_contact``,
``add_recovery_action``, ``record_follow_up``), the same code path as the API. A page only shows
the commands the transition table allows in the case's state *and* that ``service.authorize``
allows for the viewer, so a button never leads to a "forbidden". A refused command (say, resolving
without a logged contact) comes back as a localised alert, swapped into the page by HTMX.

While a case waits for approval, a panel at its top says what waits (the recovery action, or the
extension and the deadline it would give), who asked, when and why; a unit head decides there,
with a note that a rejection must carry. The action form says beforehand what the service would
refuse while the case waits (another material action above the approval limit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cxloop.api.deps import SessionDep
from cxloop.cases import service as cases_service
from cxloop.cases.models import (
    OPEN_STATUSES,
    ActionKind,
    ActionNature,
    CasePriority,
    CaseStatus,
    ContactChannel,
    ContactDirection,
    ContactOutcome,
    ResolutionCode,
)
from cxloop.cases.schemas import ASPECTS, ActionRead, CaseListItem, CaseRead
from cxloop.core.clock import utcnow
from cxloop.core.errors import ValidationFailed
from cxloop.core.worktime import WorkCalendar, add_working_minutes, working_minutes_between
from cxloop.web.auth import CurrentPageUser
from cxloop.web.pages.common import (
    CSRF,
    FormData,
    blank_to_none,
    page,
    page_router,
    user_names,
    wants_fragment,
)

router = page_router()
PAGE_SIZE = 30

# Commands a person runs from the page (auto_close belongs to the worker, request_approval to the
# recovery-action form, approve and reject to the approval panel); those with fields get a small
# form, the others a button.
BUTTONS = ("acknowledge", "start", "wait_for_customer", "customer_replied")
DECISIONS = ("approve", "reject")
REQUEST_EVENTS = ("approval_requested", "extension_requested")
FORMS = ("assign", "return", "extend", "escalate", "resolve", "reopen", "merge")
STATUS_CHOICES = ("open", "all", *[s.value for s in CaseStatus])


def _form_fields(form: dict[str, str], names: tuple[str, ...]) -> dict[str, str]:
    """The non-empty form fields: an empty input means "not given" to the payload models."""
    values = {name: blank_to_none(form.get(name)) for name in names}
    return {k: v for k, v in values.items() if v is not None}


# Form fields each command takes (the payload models of ``cases.schemas`` check them).
COMMAND_FIELDS: dict[str, tuple[str, ...]] = {
    "assign": ("assignee_id", "note"),
    "return": ("reason",),
    "extend": ("days", "reason"),
    "escalate": ("reason",),
    "resolve": ("root_cause_aspect", "root_cause_note", "resolution_code", "resolution_note"),
    "reopen": ("reason",),
    "merge": ("into_case_id",),
    "log_contact": ("channel", "direction", "outcome", "note"),
    "record_follow_up": ("score", "comment", "channel"),
}


def working_time_left(cal: WorkCalendar, now: datetime, due: datetime | None) -> float | None:
    """Working hours until ``due`` (negative once it has passed), as the SLA clock counts them."""
    if due is None:
        return None
    if due >= now:
        return working_minutes_between(cal, now, due) / 60.0
    return -working_minutes_between(cal, due, now) / 60.0


@dataclass(frozen=True)
class PendingApproval:
    """What the case waits for, as the approval panel shows it."""

    kind: str  # "action" or "extension"
    action: ActionRead | None
    minutes: int | None
    working_days: int | None  # the extension in whole working days, when it is a whole number
    due_if_approved: datetime | None
    requested_by_id: int | None
    requested_at: datetime | None
    reason: str | None


def pending_approval(case: CaseRead, cal: WorkCalendar) -> PendingApproval | None:
    """The request the case waits for; the new deadline is computed as approving would."""
    if case.status != CaseStatus.pending_approval:
        return None
    request = case.approval_request or {}
    kind = str(request.get("kind") or "action")
    action_id = request.get("action_id")
    action = next((a for a in case.actions if a.id == action_id), None)
    minutes = int(request["minutes"]) if request.get("minutes") else None
    per_day = cal.minutes_per_day
    days = minutes // per_day if minutes and per_day and minutes % per_day == 0 else None
    due = case.resolution_due_at
    asked = [e for e in case.events if e.kind in REQUEST_EVENTS]
    return PendingApproval(
        kind=kind,
        action=action,
        minutes=minutes,
        working_days=days,
        due_if_approved=add_working_minutes(cal, due, minutes) if due and minutes else None,
        requested_by_id=request.get("requested_by_id"),
        requested_at=asked[-1].at if asked else None,
        reason=request.get("reason") or (action.note if action else None),
    )


def parse_moment(value: object) -> datetime | None:
    """An ISO time kept in an event's data, for ``fmt.datetime``."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def is_overdue(case: CaseListItem, now: datetime) -> bool:
    """The queue's red flag, the same rule as ``cases.queries.overdue_clause`` for one row."""
    if case.status not in OPEN_STATUSES:
        return False
    if case.is_first_response_breached or case.is_resolution_breached:
        return True
    first_due = case.first_response_due_at
    if case.first_response_at is None and first_due is not None and first_due < now:
        return True
    due = case.resolution_due_at
    return case.status != CaseStatus.pending_customer and due is not None and due < now


@router.get("/cases", response_class=HTMLResponse)
def queue(
    request: Request,
    session: SessionDep,
    user: CurrentPageUser,
    status: str = "open",
    priority: str | None = None,
    assignee: str = "me",
    overdue: str | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    cursor: str | None = None,
) -> HTMLResponse:
    """By default the viewer's own open cases (一人一单: what is on my desk)."""
    names = user_names(session, organization_id=user.organization_id)
    now = utcnow()
    if status not in STATUS_CHOICES:
        raise ValidationFailed("request.invalid", details=[{"field": "status", "reason": status}])
    statuses = sorted(OPEN_STATUSES) if status == "open" else [] if status == "all" else [status]
    assignee_id: int | None = None
    if assignee == "me":
        assignee_id = user.principal.user_id
    elif assignee != "any":
        try:
            assignee_id = int(assignee)
        except ValueError as exc:
            raise ValidationFailed(
                "case.unknown_assignee", details={"field": "assignee"}, username=assignee
            ) from exc
        if assignee_id not in names:
            raise ValidationFailed(
                "case.unknown_assignee", details={"field": "assignee"}, username=assignee
            )
    chosen_priority = priority if priority in {p.value for p in CasePriority} else None
    filters = cases_service.CaseFilters(
        statuses=statuses,
        assignee_id=assignee_id,
        priority=chosen_priority,
        overdue=overdue == "1",
        q=blank_to_none(q),
    )
    result = cases_service.list_cases(
        session,
        organization_id=user.organization_id,
        filters=filters,
        cursor=blank_to_none(cursor),
        limit=PAGE_SIZE,
        now=now,
    )
    chosen = {
        "status": status,
        "priority": chosen_priority or "",
        "assignee": assignee,
        "overdue": "1" if overdue == "1" else "",
        "q": blank_to_none(q) or "",
    }
    context = {
        "active": "cases",
        "items": result.items,
        "next_cursor": result.next_cursor,
        "query": urlencode({k: v for k, v in chosen.items() if v}),
        "chosen": chosen,
        "names": names,
        "status_choices": STATUS_CHOICES,
        "priorities": [p.value for p in CasePriority],
        "late_ids": {c.id for c in result.items if is_overdue(c, now)},
    }
    if wants_fragment(request, "case-more"):
        return page(request, user, "cases/_rows.html", context)
    if wants_fragment(request, "case-results"):
        return page(request, user, "cases/_results.html", context)
    return page(request, user, "cases/queue.html", context)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def detail(
    request: Request, session: SessionDep, user: CurrentPageUser, case_id: int
) -> HTMLResponse:
    case = cases_service.get_case(session, organization_id=user.organization_id, case_id=case_id)
    commands = cases_service.commands_for(
        session, organization_id=user.organization_id, case_id=case_id, actor=user.principal
    )
    cal = cases_service.calendar_for(session, organization_id=user.organization_id)
    names = user_names(session, organization_id=user.organization_id)
    limit = cases_service.approval_limit(session, organization_id=user.organization_id)
    now = utcnow()
    return page(
        request,
        user,
        "cases/detail.html",
        {
            "active": "cases",
            "case": case,
            "names": names,
            "buttons": [c for c in BUTTONS if c in commands],
            "can_decide": all(c in commands for c in DECISIONS),
            "pending": pending_approval(case, cal),
            "actions_by_id": {a.id: a for a in case.actions},
            "approval_limit": limit,
            "material_kinds": sorted(cases_service.MATERIAL_KINDS),
            "parse_moment": parse_moment,
            "forms": [c for c in FORMS if c in commands],
            "can_contact": "log_contact" in commands,
            "can_follow_up": "record_follow_up" in commands,
            "can_act": "add_action" in commands,
            "first_response_left": None
            if case.first_response_at
            else working_time_left(cal, now, case.first_response_due_at),
            "resolution_left": None
            if case.resolved_at and case.status not in OPEN_STATUSES
            else working_time_left(cal, now, case.resolution_due_at),
            "aspects": ASPECTS,
            "resolution_codes": [c.value for c in ResolutionCode],
            "action_kinds": [k.value for k in ActionKind],
            "natures": [n.value for n in ActionNature],
            "contact_channels": [c.value for c in ContactChannel],
            "directions": [d.value for d in ContactDirection],
            "outcomes": [o.value for o in ContactOutcome],
            "assignees": sorted(names.items(), key=lambda kv: kv[1]),
        },
    )


def _back(case_id: int) -> Response:
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/commands/{command}", dependencies=CSRF)
def run_command(
    session: SessionDep, user: CurrentPageUser, case_id: int, command: str, form: FormData
) -> Response:
    payload = _form_fields(form, COMMAND_FIELDS.get(command, ("note",)))
    # A rejection without a reason is refused by the service (case.reject_reason_required).
    cases_service.apply_command(
        session,
        organization_id=user.organization_id,
        case_id=case_id,
        command=command,
        actor=user.principal,
        payload=payload,
    )
    return _back(case_id)


@router.post("/cases/{case_id}/contacts", dependencies=CSRF)
def log_contact(
    session: SessionDep, user: CurrentPageUser, case_id: int, form: FormData
) -> Response:
    cases_service.log_contact(
        session,
        organization_id=user.organization_id,
        case_id=case_id,
        actor=user.principal,
        payload=_form_fields(form, COMMAND_FIELDS["log_contact"]),
    )
    return _back(case_id)


@router.post("/cases/{case_id}/follow-up", dependencies=CSRF)
def record_follow_up(
    session: SessionDep, user: CurrentPageUser, case_id: int, form: FormData
) -> Response:
    cases_service.record_follow_up(
        session,
        organization_id=user.organization_id,
        case_id=case_id,
        actor=user.principal,
        payload=_form_fields(form, COMMAND_FIELDS["record_follow_up"]),
    )
    return _back(case_id)


@router.post("/cases/{case_id}/actions", dependencies=CSRF)
def add_action(
    session: SessionDep, user: CurrentPageUser, case_id: int, form: FormData
) -> Response:
    cases_service.add_recovery_action(
        session,
        organization_id=user.organization_id,
        case_id=case_id,
        actor=user.principal,
        payload=_form_fields(form, ("kind", "nature", "amount", "note")),
    )
    return _back(case_id)
