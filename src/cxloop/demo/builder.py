"""Builds the demo: organisations, people, six months of feedback, incidents and case histories.

One entry point, :func:`build_demo`, used by ``cxloop demo`` and by ``make run`` (``--if-empty``).
It only flushes; the caller's unit of work commits. Deterministic for a seed and a ``today``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

import cxloop.models  # noqa: F401  (every table registered: the demo writes across domains)
from cxloop.accounts import service as accounts_service
from cxloop.accounts.models import Role
from cxloop.core.clock import utcnow
from cxloop.demo import cases as demo_cases
from cxloop.demo import loader
from cxloop.demo.generate import generate
from cxloop.demo.plan import OrgPlan, all_plans
from cxloop.demo.rhythm import TZ
from cxloop.org import service as org_service


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    organization: str


@dataclass
class DemoResult:
    created: bool
    today: date | None = None
    organizations: dict[str, int] = field(default_factory=dict)
    feedback: dict[str, int] = field(default_factory=dict)
    incidents: int = 0
    cases: dict[str, int] = field(default_factory=dict)
    corrections: dict[str, int] = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)
    password: str = ""
    rejected: int = 0
    notes: list[str] = field(default_factory=list)


# (username, role, organisation slug, unit code, display name)
PERSONAS = [
    ("admin", Role.admin, "jianghai-gov", None, "系统管理员"),
    ("handler", Role.handler, "jianghai-gov", "SB", "李娜"),
    ("head", Role.unit_head, "jianghai-gov", "SB", "王强"),
    ("analyst", Role.analyst, "jianghai-gov", None, "陈静"),
    ("hotel.admin", Role.admin, "yunqi-hotels", None, "Hotel admin"),
    ("hotel.handler", Role.handler, "yunqi-hotels", "SH", "Amy Wang"),
]

# Who corrects the text engine's misreadings in each organisation.
CORRECTORS = [("jianghai-gov", "analyst"), ("yunqi-hotels", "hotel.admin")]

# Who works each organisation's cases in the demo: (organisation, handler, approver of money).
TEAMS = [("jianghai-gov", "handler", "admin"), ("yunqi-hotels", "hotel.handler", "hotel.admin")]


def has_data(session: Session) -> bool:
    """True when any organisation exists: ``--if-empty`` then leaves the database alone."""
    return bool(org_service.list_organizations(session))


def _create_org(session: Session, plan: OrgPlan) -> int:
    org = org_service.create_organization(
        session, slug=plan.slug, name=plan.name, sector=plan.sector
    )
    unit_ids: dict[str, int] = {}
    for unit in plan.units:  # parents are listed before their children
        created = org_service.create_unit(
            session,
            organization_id=org.id,
            code=unit.code,
            name=unit.name,
            kind=unit.kind,
            parent_id=unit_ids.get(unit.parent) if unit.parent else None,
        )
        unit_ids[unit.code] = created.id
    for svc in plan.services:
        org_service.create_service(
            session,
            organization_id=org.id,
            code=svc.code,
            name=svc.name,
            unit_id=unit_ids.get(svc.unit) if svc.unit else None,
        )
    for person in plan.staff:
        org_service.create_staff(
            session,
            organization_id=org.id,
            code=person.code,
            name=person.name,
            unit_id=unit_ids[person.unit],
        )
    return org.id


def build_demo(
    session: Session,
    *,
    seed: int = 42,
    months: int = 6,
    today: date | None = None,
    if_empty: bool = False,
    password: str | None = None,
    scale: float = 1.0,
    with_cases: bool = True,
) -> DemoResult:
    """Create the demo organisations with their data; with ``if_empty``, only on an empty database.

    ``today`` defaults to the local date in Asia/Shanghai, read from the clock once, so a whole run
    shares one "now". ``scale`` multiplies the daily volumes (tests use small values).
    """
    if if_empty and has_data(session):
        return DemoResult(created=False)
    today = today or utcnow().astimezone(TZ).date()
    plans = all_plans()
    data = generate(plans, seed=seed, today=today, months=months, scale=scale)
    result = DemoResult(created=True, today=today, password=password or secrets.token_urlsafe(9))
    for plan in plans:
        result.organizations[plan.slug] = _create_org(session, plan)

    for username, role, slug, unit_code, display in PERSONAS:
        org_id = result.organizations[slug]
        unit = (
            org_service.find_unit_by_code(session, organization_id=org_id, code=unit_code)
            if unit_code
            else None
        )
        accounts_service.create_user(
            session,
            organization_id=org_id,
            username=username,
            password=result.password,
            role=role,
            display_name=display,
            unit_id=unit.id if unit else None,
        )
        result.logins.append(Login(username, role.value, slug))

    stored: dict[str, list[int | None]] = {}
    for plan in plans:
        specs = data.items[plan.slug]
        rejected, stored[plan.slug] = loader.ingest_feedback(
            session, organization_id=result.organizations[plan.slug], specs=specs
        )
        result.rejected += rejected
        result.feedback[plan.slug] = len(specs)
    if result.rejected:
        result.notes.append(f"{result.rejected} generated items were rejected by ingestion")

    for incident in data.incidents:
        loader.record_incident(
            session,
            organization_id=result.organizations[incident.org_slug],
            spec=incident,
            affected=data.affected.get(incident.title, 0),
        )
        result.incidents += 1

    if with_cases:
        teams = {
            slug: demo_cases.Team(
                handler=demo_cases.principal(session, handler),
                approver=demo_cases.principal(session, approver),
            )
            for slug, handler, approver in TEAMS
        }
        result.cases, notes = demo_cases.build_case_histories(
            session,
            organizations=result.organizations,
            teams=teams,
            sectors={plan.slug: plan.sector for plan in plans},
            seed=seed,
            today=today,
        )
        result.notes.extend(notes)
    # after the case histories, which play only the cases ingestion opened: a case a correction
    # opens today waits, new, in the queue
    for slug, username in CORRECTORS:
        result.corrections[slug], opened = loader.correct_misread(
            session,
            organization_id=result.organizations[slug],
            specs=data.items[slug],
            ids=stored[slug],
            user_id=demo_cases.principal(session, username).user_id,
        )
        if opened and with_cases:
            result.cases["new"] = result.cases.get("new", 0) + opened
    return result
