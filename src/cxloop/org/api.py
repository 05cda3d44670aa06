from __future__ import annotations

from fastapi import APIRouter

from cxloop.api.deps import CurrentUser, SessionDep
from cxloop.core.pagination import Page
from cxloop.org import service as org_service
from cxloop.org.schemas import ServiceRead, StaffRead, UnitRead

router = APIRouter(prefix="/api/v1", tags=["organisation"])


@router.get("/units", response_model=Page[UnitRead])
def list_units(principal: CurrentUser, session: SessionDep) -> Page[UnitRead]:
    units = org_service.list_units(session, organization_id=principal.organization_id)
    return Page[UnitRead](items=[UnitRead.model_validate(u) for u in units])


@router.get("/services", response_model=Page[ServiceRead])
def list_services(principal: CurrentUser, session: SessionDep) -> Page[ServiceRead]:
    rows = org_service.list_services(session, organization_id=principal.organization_id)
    return Page[ServiceRead](items=[ServiceRead.model_validate(s) for s in rows])


@router.get("/staff", response_model=Page[StaffRead])
def list_staff(principal: CurrentUser, session: SessionDep) -> Page[StaffRead]:
    rows = org_service.list_staff(session, organization_id=principal.organization_id)
    return Page[StaffRead](items=[StaffRead.model_validate(s) for s in rows])
