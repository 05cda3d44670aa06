"""The VERIFY step: summary, trend and aspect metrics, and KPI targets.

The numbers are counted by SQL in the owning domains (``feedback.aggregates``,
``cases.aggregates``); this module resolves the request (organisation, local period, unit subtree,
service) and turns counts into values with intervals (``metrics.compute``). One code path for the
API, the web dashboard and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cxloop import stats
from cxloop.cases import aggregates as case_aggregates
from cxloop.core.clock import utcnow
from cxloop.core.errors import BadRequest
from cxloop.core.pagination import Page, decode_cursor, encode_cursor
from cxloop.feedback import aggregates as feedback_aggregates
from cxloop.metrics import compute
from cxloop.metrics.models import Target
from cxloop.metrics.period import Period, buckets, check_bucket_count, resolve_period
from cxloop.metrics.schemas import (
    AspectRow,
    AspectsRead,
    Direction,
    Filters,
    MetricValue,
    PeriodRead,
    SummaryMetric,
    SummaryRead,
    TargetCreate,
    TargetRead,
    TargetRef,
    TrendInterval,
    TrendMetric,
    TrendPoint,
    TrendRead,
)
from cxloop.org import service as org_service


@dataclass(frozen=True)
class Scope:
    """A request resolved against the organisation: its local period and the ids of its filters."""

    organization_id: int
    period: Period
    unit_id: int | None
    unit_ids: list[int] | None
    service_id: int | None
    channel: str | None
    filters: Filters

    def feedback(self) -> feedback_aggregates.FeedbackScope:
        return feedback_aggregates.FeedbackScope(
            organization_id=self.organization_id,
            start_at=self.period.start_at,
            end_at=self.period.end_at,
            unit_ids=self.unit_ids,
            service_id=self.service_id,
            channel=self.channel,
        )

    def cases(self) -> case_aggregates.CaseScope:
        return case_aggregates.CaseScope(
            organization_id=self.organization_id,
            start_at=self.period.start_at,
            end_at=self.period.end_at,
            unit_ids=self.unit_ids,
            service_id=self.service_id,
        )


def resolve_scope(
    session: Session,
    *,
    organization_id: int,
    start_on: date | None = None,
    end_on: date | None = None,
    unit: str | None = None,
    service: str | None = None,
    channel: str | None = None,
    now: datetime | None = None,
) -> Scope:
    """Turn codes into ids (a unit includes its subtree) and local dates into a UTC range."""
    org = org_service.get_organization(session, organization_id)
    period = resolve_period(
        tz_name=org.timezone, now=now or utcnow(), start_on=start_on, end_on=end_on
    )
    unit_id = unit_ids = service_id = None
    if unit:
        found = org_service.find_unit_by_code(session, organization_id=organization_id, code=unit)
        if found is None:
            raise BadRequest("metrics.unknown_unit", details={"field": "unit"}, unit_code=unit)
        unit_id = found.id
        unit_ids = org_service.unit_subtree_ids(
            session, organization_id=organization_id, unit_id=found.id
        )
    if service:
        found_service = org_service.find_service_by_code(
            session, organization_id=organization_id, code=service
        )
        if found_service is None:
            raise BadRequest(
                "metrics.unknown_service", details={"field": "service"}, service_code=service
            )
        service_id = found_service.id
    return Scope(
        organization_id=organization_id,
        period=period,
        unit_id=unit_id,
        unit_ids=unit_ids,
        service_id=service_id,
        channel=channel or None,
        filters=Filters(unit=unit or None, service=service or None, channel=channel or None),
    )


def feedback_metric(name: str, t: feedback_aggregates.FeedbackTotals) -> compute.Metric:
    """One feedback metric from the additive totals (the same code for a summary and a bucket)."""
    if name == "volume":
        return compute.count_metric(t.volume, t.volume)
    if name == "nps":
        return compute.nps_metric(t.promoters, t.passives, t.detractors)
    if name == "csat":
        return compute.proportion_metric(t.csat_top, t.csat_n)
    if name == "ces":
        return compute.mean_metric(t.ces_n, t.ces_sum, t.ces_sum_sq)
    if name == "satisfaction_rate":
        return compute.proportion_metric(t.rating_satisfied, t.rating_n)
    if name == "bad_ratings":
        return compute.count_metric(t.rating_bad, t.rating_n)
    if name == "negative_share":
        return compute.proportion_metric(t.negative, t.volume)
    if name == "complaints":
        return compute.count_metric(t.complaints, t.volume)
    raise ValueError(f"unknown feedback metric {name!r}")


def case_metrics(c: case_aggregates.CaseTotals) -> dict[str, compute.Metric]:
    return {
        "open_cases": compute.count_metric(c.open, c.open),
        "overdue_cases": compute.count_metric(c.overdue, c.open),
        "first_response_hours": compute.duration_hours_metric(
            c.first_response_median_minutes, c.first_response_n
        ),
        "resolution_hours": compute.duration_hours_metric(
            c.resolution_median_minutes, c.resolved_n
        ),
        "sla_compliance": compute.proportion_metric(c.resolved_within_sla, c.resolved_n),
        "follow_up_rate": compute.proportion_metric(c.followed_up, c.done_n),
        "recovery_satisfaction": compute.mean_metric(
            c.follow_up_n, c.follow_up_sum, c.follow_up_sum_sq
        ),
        "recovery_satisfied_share": compute.proportion_metric(c.follow_up_satisfied, c.follow_up_n),
    }


FEEDBACK_METRICS = (
    "volume",
    "nps",
    "csat",
    "ces",
    "satisfaction_rate",
    "bad_ratings",
    "negative_share",
    "complaints",
)


def summary(
    session: Session,
    *,
    organization_id: int,
    start_on: date | None = None,
    end_on: date | None = None,
    unit: str | None = None,
    service: str | None = None,
    channel: str | None = None,
    now: datetime | None = None,
) -> SummaryRead:
    """Every KPI of the period with its ``n``, interval and, where one applies, its target.

    Case metrics ignore the channel filter (a case may group feedback from several channels).
    """
    now = now or utcnow()
    scope = resolve_scope(
        session,
        organization_id=organization_id,
        start_on=start_on,
        end_on=end_on,
        unit=unit,
        service=service,
        channel=channel,
        now=now,
    )
    totals = feedback_aggregates.feedback_totals(session, scope=scope.feedback())
    values: dict[str, compute.Metric] = {
        name: feedback_metric(name, totals) for name in FEEDBACK_METRICS
    }
    values.update(case_metrics(case_aggregates.case_totals(session, scope=scope.cases(), now=now)))
    targets = _applicable_targets(session, scope)
    metrics: dict[SummaryMetric, MetricValue] = {}
    for name, value in values.items():
        key = SummaryMetric(name)
        metrics[key] = MetricValue(**value, target=_target_ref(targets.get(key), value["value"]))
    return SummaryRead(period=_period_read(scope.period), filters=scope.filters, metrics=metrics)


def trend(
    session: Session,
    *,
    organization_id: int,
    metric: TrendMetric,
    interval: TrendInterval = TrendInterval.day,
    start_on: date | None = None,
    end_on: date | None = None,
    unit: str | None = None,
    service: str | None = None,
    channel: str | None = None,
    now: datetime | None = None,
) -> TrendRead:
    """One metric per local day, week (from Monday) or month, empty buckets included with n = 0.

    Buckets are labelled by their first day; the first and last bucket may be partial (only the
    days inside the period are counted).
    """
    scope = resolve_scope(
        session,
        organization_id=organization_id,
        start_on=start_on,
        end_on=end_on,
        unit=unit,
        service=service,
        channel=channel,
        now=now,
    )
    check_bucket_count(scope.period, interval.value)
    by_bucket = feedback_aggregates.feedback_totals_by_bucket(
        session,
        scope=scope.feedback(),
        interval=interval.value,
        offset_minutes=scope.period.offset_minutes,
    )
    empty = feedback_aggregates.FeedbackTotals()
    points = [
        TrendPoint(
            period=start,
            **feedback_metric(metric.value, by_bucket.get(start.isoformat(), empty)),
        )
        for start in buckets(scope.period, interval.value)
    ]
    return TrendRead(
        metric=metric, interval=interval, timezone=scope.period.timezone, points=points
    )


def aspects(
    session: Session,
    *,
    organization_id: int,
    start_on: date | None = None,
    end_on: date | None = None,
    unit: str | None = None,
    service: str | None = None,
    channel: str | None = None,
    now: datetime | None = None,
) -> AspectsRead:
    """Negative / positive mentions per aspect and the Pareto of the negative ones."""
    scope = resolve_scope(
        session,
        organization_id=organization_id,
        start_on=start_on,
        end_on=end_on,
        unit=unit,
        service=service,
        channel=channel,
        now=now,
    )
    rows = feedback_aggregates.aspect_counts(session, scope=scope.feedback())
    negatives = {r.aspect: r.negative for r in rows if r.negative > 0}
    cumulative, vital_few = _pareto(negatives)
    items = [
        AspectRow(
            aspect=r.aspect,
            negative=r.negative,
            positive=r.positive,
            neutral=r.neutral,
            total=r.total,
            negative_cumulative_share=cumulative.get(r.aspect),
        )
        for r in rows
    ]
    return AspectsRead(items=items, total_negative=sum(negatives.values()), vital_few=vital_few)


def _pareto(counts: dict[str, int]) -> tuple[dict[str, float], list[str]]:
    """Cumulative shares and the vital few (80%), by :func:`cxloop.stats.pareto`."""
    if not counts:
        return {}, []
    result = stats.pareto(counts)
    shares = dict(zip(result.labels, result.cumulative_shares, strict=True))
    return shares, list(result.vital_few)


def _period_read(period: Period) -> PeriodRead:
    return PeriodRead(start_on=period.start_on, end_on=period.end_on, timezone=period.timezone)


# --- targets -----------------------------------------------------------------------------------


def _applicable_targets(session: Session, scope: Scope) -> dict[SummaryMetric, Target]:
    """Per metric, the target set for exactly this unit and service whose period overlaps the
    summary's (the latest-starting one when several do)."""
    stmt = (
        select(Target)
        .where(
            Target.organization_id == scope.organization_id,
            Target.period_start_on <= scope.period.end_on,
            Target.period_end_on >= scope.period.start_on,
            Target.unit_id.is_(None) if scope.unit_id is None else Target.unit_id == scope.unit_id,
            Target.service_id.is_(None)
            if scope.service_id is None
            else Target.service_id == scope.service_id,
        )
        .order_by(Target.period_start_on, Target.id)
    )
    found: dict[SummaryMetric, Target] = {}
    for target in session.scalars(stmt):
        if target.metric in SummaryMetric.__members__:
            found[SummaryMetric(target.metric)] = target
    return found


def _target_ref(target: Target | None, value: float | None) -> TargetRef | None:
    if target is None:
        return None
    direction = Direction(target.direction)
    met = None
    if value is not None:
        met = value >= target.value if direction == Direction.up else value <= target.value
    return TargetRef(id=target.id, value=target.value, direction=direction, met=met)


def create_target(session: Session, *, organization_id: int, data: TargetCreate) -> TargetRead:
    unit_id = service_id = None
    if data.unit:
        unit = org_service.find_unit_by_code(
            session, organization_id=organization_id, code=data.unit
        )
        if unit is None:
            raise BadRequest("metrics.unknown_unit", details={"field": "unit"}, unit_code=data.unit)
        unit_id = unit.id
    if data.service:
        svc = org_service.find_service_by_code(
            session, organization_id=organization_id, code=data.service
        )
        if svc is None:
            raise BadRequest(
                "metrics.unknown_service", details={"field": "service"}, service_code=data.service
            )
        service_id = svc.id
    target = Target(
        organization_id=organization_id,
        metric=data.metric.value,
        unit_id=unit_id,
        service_id=service_id,
        period_start_on=data.period_start_on,
        period_end_on=data.period_end_on,
        value=data.value,
        direction=data.direction.value,
    )
    session.add(target)
    session.flush()
    return TargetRead(
        id=target.id,
        metric=data.metric,
        unit=data.unit or None,
        service=data.service or None,
        period_start_on=target.period_start_on,
        period_end_on=target.period_end_on,
        value=target.value,
        direction=data.direction,
    )


def list_targets(
    session: Session,
    *,
    organization_id: int,
    metric: SummaryMetric | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[TargetRead]:
    """The organisation's targets, newest first (keyset pagination on id)."""
    stmt = select(Target).where(Target.organization_id == organization_id)
    if metric is not None:
        stmt = stmt.where(Target.metric == metric.value)
    if cursor:
        key = decode_cursor(cursor)
        if len(key) != 1 or not isinstance(key[0], int):
            raise BadRequest("request.invalid_cursor", details={"cursor": cursor})
        stmt = stmt.where(Target.id < key[0])
    rows = list(session.scalars(stmt.order_by(Target.id.desc()).limit(limit + 1)))
    unit_codes = {
        u.id: u.code for u in org_service.list_units(session, organization_id=organization_id)
    }
    service_codes = {
        s.id: s.code for s in org_service.list_services(session, organization_id=organization_id)
    }
    items = [
        TargetRead(
            id=t.id,
            metric=SummaryMetric(t.metric),
            unit=unit_codes.get(t.unit_id) if t.unit_id else None,
            service=service_codes.get(t.service_id) if t.service_id else None,
            period_start_on=t.period_start_on,
            period_end_on=t.period_end_on,
            value=t.value,
            direction=Direction(t.direction),
        )
        for t in rows[:limit]
    ]
    next_cursor = encode_cursor([rows[limit - 1].id]) if len(rows) > limit else None
    return Page[TargetRead](items=items, next_cursor=next_cursor)


__all__ = [
    "aspects",
    "create_target",
    "list_targets",
    "resolve_scope",
    "summary",
    "trend",
]
