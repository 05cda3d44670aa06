"""The dashboard: every KPI with its n and 95% interval, a trend, the aspect Pareto, open cases.

The numbers come from ``metrics.service`` (the same code path as the API); this page only chooses
the period and unit, and shapes the results for the tiles and for the two ECharts charts, which
fetch their data as JSON from the endpoints below (nothing is loaded from outside the app).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from cxloop.api.deps import SessionDep
from cxloop.cases import service as cases_service
from cxloop.cases.models import OPEN_STATUSES
from cxloop.core.i18n import translate
from cxloop.metrics import service as metrics_service
from cxloop.metrics.schemas import MetricValue, SummaryMetric, TrendInterval, TrendMetric
from cxloop.org import service as org_service
from cxloop.web.auth import CurrentPageUser
from cxloop.web.pages.common import (
    PERIOD_DAYS,
    PeriodChoice,
    blank_to_none,
    page,
    page_router,
    period_choice,
    unit_choices,
)

router = page_router()

PeriodQ = Annotated[str | None, Query()]
FromQ = Annotated[str | None, Query(alias="from")]
ToQ = Annotated[str | None, Query(alias="to")]

# (metric, how to show it): share = 0..1 as a percentage, score = NPS points, mean = a 1-5 mean,
# hours = working hours (a median: no interval), count = a plain count.
TILES: tuple[tuple[str, str], ...] = (
    ("nps", "score"),
    ("csat", "share"),
    ("satisfaction_rate", "share"),
    ("negative_share", "share"),
    ("complaints", "count"),
    ("open_cases", "count"),
    ("overdue_cases", "count"),
    ("first_response_hours", "hours"),
    ("resolution_hours", "hours"),
    ("sla_compliance", "share"),
    ("follow_up_rate", "share"),
    ("recovery_satisfaction", "mean"),
)
SHARE_TRENDS = frozenset({"csat", "satisfaction_rate", "negative_share"})
OPEN_CASES_SHOWN = 10


@dataclass(frozen=True)
class Tile:
    metric: str
    kind: str
    value: MetricValue


def _scope(
    user: CurrentPageUser, period: str | None, start: str | None, end: str | None
) -> PeriodChoice:
    return period_choice(period, start, end, tz_name=user.timezone)


@router.get("/", response_class=HTMLResponse)
def dashboard(
    request: Request,
    session: SessionDep,
    user: CurrentPageUser,
    period: PeriodQ = None,
    start: FromQ = None,
    end: ToQ = None,
    unit: str | None = None,
    metric: TrendMetric = TrendMetric.nps,
    interval: TrendInterval = TrendInterval.week,
) -> HTMLResponse:
    org_id = user.organization_id
    choice = _scope(user, period, start, end)
    unit_code = blank_to_none(unit)
    summary = metrics_service.summary(
        session,
        organization_id=org_id,
        start_on=choice.start_on,
        end_on=choice.end_on,
        unit=unit_code,
    )
    tiles = [Tile(name, kind, summary.metrics[SummaryMetric(name)]) for name, kind in TILES]
    unit_ids = None
    if unit_code:
        found = org_service.find_unit_by_code(session, organization_id=org_id, code=unit_code)
        if found is not None:
            unit_ids = org_service.unit_subtree_ids(
                session, organization_id=org_id, unit_id=found.id
            )
    overdue = cases_service.list_cases(
        session,
        organization_id=org_id,
        filters=cases_service.CaseFilters(overdue=True, unit_ids=unit_ids),
        limit=OPEN_CASES_SHOWN,
    )
    open_cases = cases_service.list_cases(
        session,
        organization_id=org_id,
        filters=cases_service.CaseFilters(statuses=sorted(OPEN_STATUSES), unit_ids=unit_ids),
        limit=OPEN_CASES_SHOWN,
    )
    query = {**choice.query(), **({"unit": unit_code} if unit_code else {})}
    return page(
        request,
        user,
        "dashboard/index.html",
        {
            "active": "dashboard",
            "choice": choice,
            "periods": PERIOD_DAYS,
            "unit": unit_code or "",
            "units": unit_choices(session, organization_id=org_id),
            "tiles": tiles,
            "metric": metric.value,
            "interval": interval.value,
            "trend_metrics": [m.value for m in TrendMetric],
            "intervals": [i.value for i in TrendInterval],
            "query": urlencode(query),
            "overdue": overdue.items,
            "open_cases": open_cases.items,
            "overdue_ids": {c.id for c in overdue.items},
        },
    )


def _scaled(value: float | int | None, factor: float) -> float | None:
    return None if value is None else round(float(value) * factor, 4)


@router.get("/dashboard/trend.json")
def trend_data(
    session: SessionDep,
    user: CurrentPageUser,
    period: PeriodQ = None,
    start: FromQ = None,
    end: ToQ = None,
    unit: str | None = None,
    metric: TrendMetric = TrendMetric.nps,
    interval: TrendInterval = TrendInterval.week,
) -> JSONResponse:
    """The points of one metric with their interval band, shares already in percent."""
    choice = _scope(user, period, start, end)
    trend = metrics_service.trend(
        session,
        organization_id=user.organization_id,
        metric=metric,
        interval=interval,
        start_on=choice.start_on,
        end_on=choice.end_on,
        unit=blank_to_none(unit),
    )
    factor = 100.0 if metric.value in SHARE_TRENDS else 1.0
    body: dict[str, Any] = {
        "metric": metric.value,
        "label": translate(f"web.metric.{metric.value}", user.lang),
        "unit": "%" if factor == 100.0 else "",
        "interval": interval.value,
        "band_label": translate("web.dashboard.interval_band", user.lang),
        "n_label": translate("web.n", user.lang),
        "points": [
            {
                "period": p.period.isoformat(),
                "value": _scaled(p.value, factor),
                "n": p.n,
                "ci_low": _scaled(p.ci_low, factor),
                "ci_high": _scaled(p.ci_high, factor),
            }
            for p in trend.points
        ],
    }
    return JSONResponse(body)


@router.get("/dashboard/aspects.json")
def aspect_data(
    session: SessionDep,
    user: CurrentPageUser,
    period: PeriodQ = None,
    start: FromQ = None,
    end: ToQ = None,
    unit: str | None = None,
) -> JSONResponse:
    """Negative mentions per aspect, most first, with the cumulative (Pareto) share in percent."""
    choice = _scope(user, period, start, end)
    result = metrics_service.aspects(
        session,
        organization_id=user.organization_id,
        start_on=choice.start_on,
        end_on=choice.end_on,
        unit=blank_to_none(unit),
    )
    rows = sorted(
        (r for r in result.items if r.negative > 0), key=lambda r: (-r.negative, r.aspect)
    )
    return JSONResponse(
        {
            "labels": [translate(f"web.aspect.{r.aspect}", user.lang) for r in rows],
            "keys": [r.aspect for r in rows],
            "negative": [r.negative for r in rows],
            "cumulative": [round(100.0 * (r.negative_cumulative_share or 0.0), 2) for r in rows],
            "vital_few": result.vital_few,
            "total_negative": result.total_negative,
            "bar_label": translate("web.dashboard.negative_mentions", user.lang),
            "line_label": translate("web.dashboard.cumulative_share", user.lang),
        }
    )
