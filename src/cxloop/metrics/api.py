"""HTTP routes of the metrics domain: thin, they call service.py.

Every signed-in user of an organisation may read its metrics; setting targets is for analysts,
unit heads and admins.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from cxloop.accounts.models import Role
from cxloop.accounts.service import Principal
from cxloop.api.deps import CurrentUser, SessionDep, require_role
from cxloop.core.pagination import Page
from cxloop.metrics import service
from cxloop.metrics.schemas import (
    AspectsRead,
    SummaryMetric,
    SummaryRead,
    TargetCreate,
    TargetRead,
    TrendInterval,
    TrendMetric,
    TrendRead,
)

router = APIRouter(prefix="/api/v1", tags=["metrics"])

FromQ = Annotated[
    date | None,
    Query(alias="from", description="First local day (inclusive); default 29 days before `to`."),
]
ToQ = Annotated[
    date | None, Query(alias="to", description="Last local day (inclusive); default today.")
]
UnitQ = Annotated[str | None, Query(description="Unit code; includes the units under it.")]
ServiceQ = Annotated[str | None, Query(description="Service code.")]
ChannelQ = Annotated[str | None, Query(description="Feedback channel, e.g. qr_rating.")]
TargetSetter = Annotated[Principal, Depends(require_role(Role.analyst, Role.unit_head))]


@router.get("/metrics/summary", response_model=SummaryRead, response_model_by_alias=True)
def get_summary(
    session: SessionDep,
    principal: CurrentUser,
    start_on: FromQ = None,
    end_on: ToQ = None,
    unit: UnitQ = None,
    service_code: Annotated[str | None, Query(alias="service", description="Service code.")] = None,
    channel: ChannelQ = None,
) -> SummaryRead:
    """Every KPI of the period, each with its n, 95% interval and target where one applies."""
    return service.summary(
        session,
        organization_id=principal.organization_id,
        start_on=start_on,
        end_on=end_on,
        unit=unit,
        service=service_code,
        channel=channel,
    )


@router.get("/metrics/trend", response_model=TrendRead)
def get_trend(
    session: SessionDep,
    principal: CurrentUser,
    metric: Annotated[TrendMetric, Query(description="Which metric to follow.")],
    interval: Annotated[
        TrendInterval, Query(description="Bucket size, in local time.")
    ] = TrendInterval.day,
    start_on: FromQ = None,
    end_on: ToQ = None,
    unit: UnitQ = None,
    service_code: Annotated[str | None, Query(alias="service", description="Service code.")] = None,
    channel: ChannelQ = None,
) -> TrendRead:
    """One metric per local day, week (from Monday) or month; empty buckets have n = 0."""
    return service.trend(
        session,
        organization_id=principal.organization_id,
        metric=metric,
        interval=interval,
        start_on=start_on,
        end_on=end_on,
        unit=unit,
        service=service_code,
        channel=channel,
    )


@router.get("/metrics/aspects", response_model=AspectsRead)
def get_aspects(
    session: SessionDep,
    principal: CurrentUser,
    start_on: FromQ = None,
    end_on: ToQ = None,
    unit: UnitQ = None,
    service_code: Annotated[str | None, Query(alias="service", description="Service code.")] = None,
    channel: ChannelQ = None,
) -> AspectsRead:
    """Mentions per aspect (negative, positive) and the Pareto of the negative ones."""
    return service.aspects(
        session,
        organization_id=principal.organization_id,
        start_on=start_on,
        end_on=end_on,
        unit=unit,
        service=service_code,
        channel=channel,
    )


@router.get("/targets", response_model=Page[TargetRead])
def get_targets(
    session: SessionDep,
    principal: CurrentUser,
    metric: SummaryMetric | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Page[TargetRead]:
    return service.list_targets(
        session,
        organization_id=principal.organization_id,
        metric=metric,
        cursor=cursor,
        limit=limit,
    )


@router.post("/targets", response_model=TargetRead, status_code=201)
def post_target(session: SessionDep, principal: TargetSetter, body: TargetCreate) -> TargetRead:
    """Set a KPI target for the organisation, a unit or a service over a period."""
    return service.create_target(session, organization_id=principal.organization_id, data=body)
