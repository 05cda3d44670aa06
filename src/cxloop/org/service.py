"""Organisation tree use cases: tenants, units, services, staff; lookups by code."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cxloop.core.db import session_cache
from cxloop.core.errors import NotFound
from cxloop.org.models import Organization, Service, Staff, Unit


def create_organization(
    session: Session,
    *,
    slug: str,
    name: str,
    sector: str = "other",
    timezone: str = "Asia/Shanghai",
    language: str = "zh-CN",
) -> Organization:
    org = Organization(
        slug=slug, name=name, sector=sector, timezone=timezone, language=language, settings={}
    )
    session.add(org)
    session.flush()
    return org


def get_organization(session: Session, organization_id: int) -> Organization:
    """The organisation, loaded once per session.

    Every case command and ingested item reads its organisation's calendar and settings. The
    session's identity map holds rows only weakly, so without a strong reference each call
    would load the row again; ``session.info`` keeps it for the session's life (commit still
    expires and refreshes it as usual).
    """
    held: dict[int, Organization] = session_cache(session, "organizations")
    org = held.get(organization_id)
    if org is not None:
        return org
    org = session.get(Organization, organization_id)
    if org is None:
        raise NotFound("resource.not_found")
    held[organization_id] = org
    return org


def find_organization_by_slug(session: Session, slug: str) -> Organization | None:
    return session.scalar(select(Organization).where(Organization.slug == slug))


def list_organizations(session: Session) -> list[Organization]:
    return list(session.scalars(select(Organization).order_by(Organization.id)))


def create_unit(
    session: Session,
    *,
    organization_id: int,
    code: str,
    name: str,
    kind: str = "department",
    parent_id: int | None = None,
) -> Unit:
    unit = Unit(
        organization_id=organization_id, code=code, name=name, kind=kind, parent_id=parent_id
    )
    session.add(unit)
    session.flush()
    return unit


def create_service(
    session: Session, *, organization_id: int, code: str, name: str, unit_id: int | None = None
) -> Service:
    service = Service(organization_id=organization_id, code=code, name=name, unit_id=unit_id)
    session.add(service)
    session.flush()
    return service


def create_staff(
    session: Session, *, organization_id: int, code: str, name: str, unit_id: int | None = None
) -> Staff:
    staff = Staff(organization_id=organization_id, code=code, name=name, unit_id=unit_id)
    session.add(staff)
    session.flush()
    return staff


def find_unit_by_code(session: Session, *, organization_id: int, code: str) -> Unit | None:
    return session.scalar(
        select(Unit).where(Unit.organization_id == organization_id, Unit.code == code)
    )


def find_service_by_code(session: Session, *, organization_id: int, code: str) -> Service | None:
    return session.scalar(
        select(Service).where(Service.organization_id == organization_id, Service.code == code)
    )


def find_staff_by_code(session: Session, *, organization_id: int, code: str) -> Staff | None:
    return session.scalar(
        select(Staff).where(Staff.organization_id == organization_id, Staff.code == code)
    )


def code_maps(
    session: Session, *, organization_id: int
) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Code -> id for units, services and staff: bulk ingestion resolves codes without a query per row."""
    units = {
        code: id_
        for code, id_ in session.execute(
            select(Unit.code, Unit.id).where(Unit.organization_id == organization_id)
        )
    }
    services = {
        code: id_
        for code, id_ in session.execute(
            select(Service.code, Service.id).where(Service.organization_id == organization_id)
        )
    }
    staff = {
        code: id_
        for code, id_ in session.execute(
            select(Staff.code, Staff.id).where(Staff.organization_id == organization_id)
        )
    }
    return units, services, staff


def get_unit(session: Session, *, organization_id: int, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None or unit.organization_id != organization_id:
        raise NotFound("resource.not_found")
    return unit


def list_units(session: Session, *, organization_id: int) -> list[Unit]:
    return list(
        session.scalars(
            select(Unit).where(Unit.organization_id == organization_id).order_by(Unit.code)
        )
    )


def list_services(session: Session, *, organization_id: int) -> list[Service]:
    return list(
        session.scalars(
            select(Service).where(Service.organization_id == organization_id).order_by(Service.code)
        )
    )


def list_staff(session: Session, *, organization_id: int) -> list[Staff]:
    return list(
        session.scalars(
            select(Staff).where(Staff.organization_id == organization_id).order_by(Staff.code)
        )
    )


def unit_subtree_ids(session: Session, *, organization_id: int, unit_id: int) -> list[int]:
    """A unit and everything under it: filtering by a department includes its windows."""
    rows = session.execute(
        select(Unit.id, Unit.parent_id).where(Unit.organization_id == organization_id)
    ).all()
    children: dict[int | None, list[int]] = {}
    for uid, parent in rows:
        children.setdefault(parent, []).append(uid)
    result, stack = [], [unit_id]
    while stack:
        current = stack.pop()
        result.append(current)
        stack.extend(children.get(current, []))
    return result
