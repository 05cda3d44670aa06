"""HTTP routes of the cases domain: thin, they call service.py.

Every signed-in user of the organisation may read its cases; who may change them is decided by
``service.authorize`` (the same rule for the web pages, the CLI and the worker). Another
organisation's case is a 404, never a 403.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query
from fastapi.exceptions import RequestValidationError

from cxloop.accounts import service as accounts_service
from cxloop.accounts.models import Role
from cxloop.accounts.service import Principal
from cxloop.api.deps import CurrentUser, SessionDep, require_role
from cxloop.cases import service
from cxloop.cases.models import CasePriority, CaseStatus
from cxloop.cases.schemas import (
    ActionCreate,
    ActionDecision,
    ActionRead,
    CaseCreate,
    CaseListItem,
    CaseRead,
    ContactCreate,
    FollowUpCreate,
    SlaPolicyRead,
    SlaPolicyUpdate,
)
from cxloop.core.errors import ValidationFailed
from cxloop.core.pagination import Page
from cxloop.org import service as org_service

router = APIRouter(prefix="/api/v1", tags=["cases"])

Admin = Annotated[Principal, Depends(require_role(Role.admin))]


@router.get("/cases", response_model=Page[CaseListItem])
def list_cases(
    session: SessionDep,
    principal: CurrentUser,
    status: Annotated[list[CaseStatus] | None, Query(description="Repeatable.")] = None,
    unit: Annotated[str | None, Query(description="Unit code; includes its subtree.")] = None,
    assignee: Annotated[str | None, Query(description='Username, or "me".')] = None,
    priority: CasePriority | None = None,
    overdue: bool = False,
    q: Annotated[str | None, Query(max_length=200, description="Number or title.")] = None,
    opened_from: datetime | None = None,
    opened_to: datetime | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Page[CaseListItem]:
    """Cases newest first, with cursor pagination."""
    org_id = principal.organization_id
    unit_ids = None
    if unit:
        found = org_service.find_unit_by_code(session, organization_id=org_id, code=unit)
        if found is None:
            raise ValidationFailed("case.unknown_unit", details={"field": "unit"}, unit_code=unit)
        unit_ids = org_service.unit_subtree_ids(session, organization_id=org_id, unit_id=found.id)
    assignee_id = None
    if assignee == "me":
        assignee_id = principal.user_id
    elif assignee:
        user = accounts_service.find_user_by_username(session, assignee)
        if user is None or user.organization_id != org_id:
            raise ValidationFailed(
                "case.unknown_assignee", details={"field": "assignee"}, username=assignee
            )
        assignee_id = user.id
    for name, value in (("opened_from", opened_from), ("opened_to", opened_to)):
        if value is not None and value.tzinfo is None:
            raise RequestValidationError(
                [{"loc": ("query", name), "msg": "needs a time zone", "type": "timezone_aware"}]
            )
    filters = service.CaseFilters(
        statuses=[str(s) for s in status or []],
        unit_ids=unit_ids,
        assignee_id=assignee_id,
        priority=priority,
        overdue=overdue,
        q=q,
        opened_from=opened_from,
        opened_to=opened_to,
    )
    return service.list_cases(
        session, organization_id=org_id, filters=filters, cursor=cursor, limit=limit
    )


@router.post("/cases", response_model=CaseRead, status_code=201)
def open_case(session: SessionDep, principal: CurrentUser, body: CaseCreate) -> CaseRead:
    """Open a case by hand, from feedback ids or from scratch."""
    return service.open_case(
        session, organization_id=principal.organization_id, actor=principal, data=body
    )


@router.get("/cases/{case_id}", response_model=CaseRead)
def get_case(session: SessionDep, principal: CurrentUser, case_id: int) -> CaseRead:
    """One case with its timeline, actions, contacts, follow-ups and linked feedback."""
    return service.get_case(session, organization_id=principal.organization_id, case_id=case_id)


@router.post("/cases/{case_id}/transitions", response_model=CaseRead)
def transition(
    session: SessionDep,
    principal: CurrentUser,
    case_id: int,
    body: Annotated[
        dict[str, Any],
        Body(examples=[{"command": "resolve", "root_cause_aspect": "timeliness"}]),
    ],
) -> CaseRead:
    """Run a command: `{"command": "acknowledge"}`, `{"command": "resolve", ...payload}`."""
    payload = dict(body)
    command = payload.pop("command", None)
    if not isinstance(command, str) or not command:
        raise RequestValidationError(
            [{"loc": ("body", "command"), "msg": "Field required", "type": "missing"}]
        )
    return service.apply_command(
        session,
        organization_id=principal.organization_id,
        case_id=case_id,
        command=command,
        actor=principal,
        payload=payload,
    )


@router.post("/cases/{case_id}/actions", response_model=ActionRead, status_code=201)
def add_action(
    session: SessionDep, principal: CurrentUser, case_id: int, body: ActionCreate
) -> ActionRead:
    """Record a recovery action; material ones above the limit wait for a unit head."""
    return service.add_recovery_action(
        session,
        organization_id=principal.organization_id,
        case_id=case_id,
        actor=principal,
        payload=body.model_dump(exclude_unset=True),
    )


@router.post("/cases/{case_id}/actions/{action_id}/decision", response_model=CaseRead)
def decide_action(
    session: SessionDep, principal: CurrentUser, case_id: int, action_id: int, body: ActionDecision
) -> CaseRead:
    """A unit head approves or rejects the action the case waits for."""
    return service.decide_action(
        session,
        organization_id=principal.organization_id,
        case_id=case_id,
        action_id=action_id,
        actor=principal,
        decision=body.decision,
        note=body.note,
    )


@router.post("/cases/{case_id}/contacts", response_model=CaseRead, status_code=201)
def log_contact(
    session: SessionDep, principal: CurrentUser, case_id: int, body: ContactCreate
) -> CaseRead:
    """Log a call, message or visit; the first one counts as the first response."""
    return service.log_contact(
        session,
        organization_id=principal.organization_id,
        case_id=case_id,
        actor=principal,
        payload=body.model_dump(mode="json"),
    )


@router.post("/cases/{case_id}/follow-up", response_model=CaseRead, status_code=201)
def record_follow_up(
    session: SessionDep, principal: CurrentUser, case_id: int, body: FollowUpCreate
) -> CaseRead:
    """回访: satisfied closes the case, dissatisfied reopens it."""
    return service.record_follow_up(
        session,
        organization_id=principal.organization_id,
        case_id=case_id,
        actor=principal,
        payload=body.model_dump(mode="json", exclude_unset=True),
    )


@router.get("/sla-policies", response_model=list[SlaPolicyRead])
def list_sla_policies(session: SessionDep, principal: CurrentUser) -> list[SlaPolicyRead]:
    """Working-minute targets per priority (defaults are created on first use)."""
    return service.list_sla_policies(session, organization_id=principal.organization_id)


@router.put("/sla-policies/{priority}", response_model=SlaPolicyRead)
def update_sla_policy(
    session: SessionDep, principal: Admin, priority: CasePriority, body: SlaPolicyUpdate
) -> SlaPolicyRead:
    """Change a priority's targets (admin); open cases keep the due times they have."""
    return service.update_sla_policy(
        session, organization_id=principal.organization_id, priority=priority, data=body
    )
