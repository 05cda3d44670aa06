"""Recovery-case use cases: open, command, act, contact, follow up, read.

``apply_command`` is the one code path for every change of state, whoever asks (API, web page,
CLI, worker, demo). Services only ``flush()``; the caller owns the transaction.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from cxloop.accounts.models import Role
from cxloop.accounts.service import Principal
from cxloop.cases import commands, effects, queries, sla
from cxloop.cases.deadlines import check_deadlines
from cxloop.cases.models import (
    OPEN_STATUSES,
    ActionNature,
    ActionStatus,
    CaseEvent,
    CasePriority,
    RecoveryAction,
    RecoveryCase,
    SlaPolicy,
)
from cxloop.cases.opening import (
    matches_rule,
    open_case,
    open_case_for_feedback,
    open_cases_for_feedback,
    priority_for,
)
from cxloop.cases.queries import CaseFilters, case_for_feedback, get_case, list_cases
from cxloop.cases.schemas import (
    ActionCreate,
    ActionRead,
    CaseListItem,
    CaseRead,
    SlaPolicyRead,
    SlaPolicyUpdate,
)
from cxloop.cases.sla import calendar_for
from cxloop.cases.workflow import (
    TRANSITIONS,
    CaseCommand,
    InvalidTransition,
    allowed_commands,
    next_status,
)
from cxloop.core.clock import utcnow
from cxloop.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from cxloop.org import service as org_service

__all__ = [
    "CaseFilters",
    "add_recovery_action",
    "apply_command",
    "calendar_for",
    "case_for_feedback",
    "check_deadlines",
    "commands_for",
    "decide_action",
    "get_case",
    "list_cases",
    "list_sla_policies",
    "log_contact",
    "matches_rule",
    "open_case",
    "open_case_for_feedback",
    "open_cases_for_feedback",
    "priority_for",
    "record_follow_up",
    "run_command",
    "update_sla_policy",
]

MATERIAL_KINDS = frozenset({"refund", "voucher", "upgrade"})
APPROVERS = frozenset({Role.unit_head, Role.admin})


def authorize(session: Session, actor: Principal | None, case: RecoveryCase, command: str) -> None:
    """Who may do what. None is the system (worker, rule). Other tenants never get this far."""
    if actor is None:
        return
    if actor.organization_id != case.organization_id:
        raise NotFound("case.not_found", details={"case_id": case.id})
    if command == CaseCommand.auto_close:
        raise Forbidden("case.forbidden", command=command)
    if actor.role == Role.admin:
        return
    if actor.role == Role.analyst:
        raise Forbidden("case.forbidden", command=command)
    if command in (CaseCommand.approve, CaseCommand.reject) and actor.role not in APPROVERS:
        raise Forbidden("case.approver_required", command=command)
    if case.assignee_id == actor.user_id:
        return
    if actor.unit_id is not None and case.unit_id is not None:
        scope = org_service.unit_subtree_ids(
            session, organization_id=actor.organization_id, unit_id=actor.unit_id
        )
        if case.unit_id in scope:
            return
    raise Forbidden("case.forbidden", command=command)


def _parse(model: type[BaseModel], payload: dict[str, Any]) -> Any:
    """Validate a command payload; a 422 that names each field to fix (as the API layer does)."""
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        details = [
            {
                "field": ".".join(str(p) for p in err.get("loc", ())),
                "reason": err.get("msg", ""),
                "type": err.get("type", ""),
            }
            for err in exc.errors()
        ]
        raise ValidationFailed("request.invalid", details=details) from exc


def apply_command(
    session: Session,
    *,
    organization_id: int,
    case_id: int,
    command: str,
    actor: Principal | None,
    payload: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> CaseRead:
    """Run one command on a case: the transition table decides, the handler acts, one event.

    ``now`` lets the worker and the demo date a command; the API never passes it.
    """
    case = queries.get_case_row(session, organization_id=organization_id, case_id=case_id)
    _apply(session, case=case, command=command, actor=actor, payload=payload or {}, now=now)
    return queries.to_read(session, case)


def commands_for(
    session: Session, *, organization_id: int, case_id: int, actor: Principal
) -> list[str]:
    """The commands this person may run on the case now: allowed by the transition table in its
    state and by :func:`authorize`. Pages show a button for each and no other. ``add_action`` is
    not a transition but is authorised the same way; it is listed while the case is open."""
    case = queries.get_case_row(session, organization_id=organization_id, case_id=case_id)
    candidates = allowed_commands(case.status)
    if case.status in OPEN_STATUSES:
        candidates = [*candidates, "add_action"]
    allowed = []
    for command in candidates:
        try:
            authorize(session, actor, case, command)
        except Forbidden:
            continue
        allowed.append(command)
    return allowed


def run_command(
    session: Session,
    *,
    organization_id: int,
    case_id: int,
    command: str,
    actor: Principal | None,
    payload: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> None:
    """:func:`apply_command` without reading the case back, for callers that run many commands
    and show none of them (the demo plays thousands of cases; the read is most of the cost)."""
    case = queries.get_case_row(session, organization_id=organization_id, case_id=case_id)
    _apply(session, case=case, command=command, actor=actor, payload=payload or {}, now=now)


def _apply(
    session: Session,
    *,
    case: RecoveryCase,
    command: str,
    actor: Principal | None,
    payload: dict[str, Any],
    now: datetime | None,
) -> CaseEvent:
    if command == CaseCommand.open or command not in commands.PAYLOADS:
        raise Conflict(
            "case.invalid_transition",
            details={"state": case.status, "command": command},
            state=case.status,
            command=command,
        )
    authorize(session, actor, case, command)
    if (case.status, command) not in TRANSITIONS:
        raise Conflict(
            "case.invalid_transition",
            details={"state": case.status, "command": command},
            state=case.status,
            command=command,
        )
    parsed = _parse(commands.PAYLOADS[command], payload)
    satisfied = None
    if command == CaseCommand.record_follow_up:
        satisfied = parsed.is_satisfied if parsed.is_satisfied is not None else parsed.score >= 4
    try:
        to_status = next_status(case.status, command, satisfied=satisfied)
    except InvalidTransition as exc:  # pragma: no cover - checked above
        raise Conflict("case.invalid_transition", state=exc.state, command=command) from exc
    ctx = effects.Ctx(
        session=session,
        case=case,
        actor=actor,
        payload=parsed,
        now=now or utcnow(),
        cal=sla.calendar_for(session, organization_id=case.organization_id),
        settings=sla.settings_for(session, organization_id=case.organization_id),
        to_status=to_status,
    )
    return commands.run(ctx, command)


def log_contact(
    session: Session,
    *,
    organization_id: int,
    case_id: int,
    actor: Principal | None,
    payload: dict[str, Any],
) -> CaseRead:
    return apply_command(
        session,
        organization_id=organization_id,
        case_id=case_id,
        command=CaseCommand.log_contact,
        actor=actor,
        payload=payload,
    )


def record_follow_up(
    session: Session,
    *,
    organization_id: int,
    case_id: int,
    actor: Principal | None,
    payload: dict[str, Any],
) -> CaseRead:
    return apply_command(
        session,
        organization_id=organization_id,
        case_id=case_id,
        command=CaseCommand.record_follow_up,
        actor=actor,
        payload=payload,
    )


def approval_limit(session: Session, *, organization_id: int) -> Decimal:
    """The amount above which a material recovery action waits for a supervisor's approval.

    The case page shows it beside the action form so that a handler knows beforehand; the rule
    itself is applied in :func:`add_recovery_action`.
    """
    return sla.settings_for(session, organization_id=organization_id).approval_limit


def add_recovery_action(
    session: Session,
    *,
    organization_id: int,
    case_id: int,
    actor: Principal | None,
    payload: dict[str, Any],
    now: datetime | None = None,
) -> ActionRead:
    """Record a recovery action; material ones above the organisation's limit wait for approval."""
    case = queries.get_case_row(session, organization_id=organization_id, case_id=case_id)
    authorize(session, actor, case, "add_action")
    data: ActionCreate = _parse(ActionCreate, payload)
    when = now or utcnow()
    nature = data.nature or (
        ActionNature.material if data.kind in MATERIAL_KINDS else ActionNature.emotional
    )
    limit = approval_limit(session, organization_id=organization_id)
    needs_approval = nature == ActionNature.material and (data.amount or 0) > limit
    if case.status not in OPEN_STATUSES or (
        needs_approval and (case.status, CaseCommand.request_approval) not in TRANSITIONS
    ):
        command = CaseCommand.request_approval if needs_approval else "add_action"
        raise Conflict(
            "case.invalid_transition",
            details={"state": case.status, "command": command},
            state=case.status,
            command=command,
        )
    action = RecoveryAction(
        case_id=case.id,
        kind=data.kind,
        nature=nature,
        amount=data.amount,
        currency=data.currency.upper(),
        note=data.note,
        status=ActionStatus.proposed if needs_approval else ActionStatus.approved,
        needs_approval=needs_approval,
        created_by_id=actor.user_id if actor else None,
    )
    session.add(action)
    session.flush()
    if needs_approval:
        _apply(
            session,
            case=case,
            command=CaseCommand.request_approval,
            actor=actor,
            payload={"kind": "action", "action_id": action.id, "reason": data.note},
            now=when,
        )
    else:
        effects.note_event(
            session,
            case,
            kind="action_added",
            actor_id=actor.user_id if actor else None,
            at=when,
            data={"action_id": action.id, "kind": str(data.kind), "nature": str(nature)},
        )
        session.flush()
    return ActionRead.model_validate(action)


def decide_action(
    session: Session,
    *,
    organization_id: int,
    case_id: int,
    action_id: int,
    actor: Principal | None,
    decision: str,
    note: str | None = None,
) -> CaseRead:
    """A unit head approves or rejects the action the case is waiting for."""
    case = queries.get_case_row(session, organization_id=organization_id, case_id=case_id)
    action = session.get(RecoveryAction, action_id)
    if action is None or action.case_id != case.id:
        raise NotFound("case.action_not_found", details={"action_id": action_id})
    request = case.approval_request or {}
    if request.get("kind") != "action" or request.get("action_id") != action.id:
        raise Conflict("case.action_not_pending", details={"action_id": action_id})
    command = CaseCommand.approve if decision == "approve" else CaseCommand.reject
    return apply_command(
        session,
        organization_id=organization_id,
        case_id=case_id,
        command=command,
        actor=actor,
        payload={"note": note} if note else {},
    )


def list_sla_policies(session: Session, *, organization_id: int) -> list[SlaPolicyRead]:
    table_ = sla.policies(session, organization_id=organization_id)
    order: list[str] = [
        CasePriority.urgent,
        CasePriority.high,
        CasePriority.normal,
        CasePriority.low,
    ]
    rows = sorted(
        table_.values(), key=lambda p: order.index(p.priority) if p.priority in order else 9
    )
    return [SlaPolicyRead.model_validate(p) for p in rows]


def update_sla_policy(
    session: Session, *, organization_id: int, priority: str, data: SlaPolicyUpdate
) -> SlaPolicyRead:
    """Change a priority's targets; cases opened from now on use them (open cases keep theirs)."""
    if priority not in {p.value for p in CasePriority}:
        raise NotFound("case.unknown_priority", details={"priority": priority})
    policy: SlaPolicy = sla.policies(session, organization_id=organization_id)[priority]
    policy.first_response_minutes = data.first_response_minutes
    policy.resolution_minutes = data.resolution_minutes
    policy.is_default = False
    if data.name:
        policy.name = data.name
    session.flush()
    return SlaPolicyRead.model_validate(policy)


def find_case_item(session: Session, *, organization_id: int, case_id: int) -> CaseListItem | None:
    case = session.get(RecoveryCase, case_id)
    if case is None or case.organization_id != organization_id:
        return None
    return CaseListItem.model_validate(case)
