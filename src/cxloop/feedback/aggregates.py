"""SQL aggregates over the feedback tables, for the metrics domain.

Why here and not in ``metrics``: the feedback tables belong to the feedback domain, so the queries
that read them live in its folder; ``metrics.service`` calls these functions and never touches the
tables itself. Every function returns sums and counts computed by the database (COUNT / SUM /
CASE), never rows: a summary over a million items moves one row into Python, a trend one row per
bucket.

Local dates: buckets are computed in SQL from ``received_at`` shifted by a fixed UTC offset in
minutes (``offset_minutes``; +480 for Asia/Shanghai, which has no daylight saving time). The same
expression works on SQLite (``date(received_at, '+480 minutes')``) and PostgreSQL
(``timezone('UTC', received_at) + interval``). Weeks start on Monday.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, Literal, TypeVar

from sqlalchemy import Date, Select, and_, case, cast, func, literal_column, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from cxloop.analysis.models import FeedbackAspect
from cxloop.feedback.models import Feedback

Interval = Literal["day", "week", "month"]
SelectT = TypeVar("SelectT", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class FeedbackScope:
    """Which feedback a metric counts: one organisation, a half-open UTC time range, optional filters.

    ``unit_ids`` is the already-expanded subtree of the unit filter (None = every unit).
    """

    organization_id: int
    start_at: datetime | None = None
    end_at: datetime | None = None
    unit_ids: Sequence[int] | None = None
    service_id: int | None = None
    channel: str | None = None


@dataclass(frozen=True)
class FeedbackTotals:
    """The additive building blocks of every feedback metric (sums can be rolled up across buckets)."""

    volume: int = 0
    negative: int = 0
    complaints: int = 0
    nps_n: int = 0
    promoters: int = 0
    detractors: int = 0
    csat_n: int = 0
    csat_top: int = 0
    ces_n: int = 0
    ces_sum: int = 0
    ces_sum_sq: int = 0
    rating_n: int = 0
    rating_satisfied: int = 0
    rating_bad: int = 0

    @property
    def passives(self) -> int:
        return self.nps_n - self.promoters - self.detractors

    @classmethod
    def from_row(cls, row: Any) -> FeedbackTotals:
        mapping = row._mapping
        return cls(**{f.name: int(mapping[f.name] or 0) for f in fields(cls)})


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _total_columns() -> list[Any]:
    """The aggregate columns, named after the fields of :class:`FeedbackTotals`.

    ``complaints``: an analysed item typed as a complaint (the model's type, or a person's
    correction of it: ``feedback_type``), or, while an item is not analysed (``analysed_at`` is
    null), a negative item (``is_negative`` from its scores), so the count is meaningful for items
    stored with analysis switched off and never drops while they wait for
    ``feedback.analyze_pending``.
    """
    f = Feedback
    return [
        func.count(f.id).label("volume"),
        _flag(f.is_negative.is_(True)).label("negative"),
        _flag(
            or_(
                and_(f.analysed_at.is_(None), f.is_negative.is_(True)),
                and_(f.analysed_at.is_not(None), f.feedback_type == "complaint"),
            )
        ).label("complaints"),
        func.count(f.nps).label("nps_n"),
        _flag(f.nps >= 9).label("promoters"),
        _flag(f.nps <= 6).label("detractors"),
        func.count(f.csat).label("csat_n"),
        _flag(f.csat >= 4).label("csat_top"),
        func.count(f.ces).label("ces_n"),
        func.coalesce(func.sum(f.ces), 0).label("ces_sum"),
        func.coalesce(func.sum(f.ces * f.ces), 0).label("ces_sum_sq"),
        func.count(f.rating).label("rating_n"),
        _flag(f.rating >= 3).label("rating_satisfied"),
        _flag(f.rating <= 2).label("rating_bad"),
    ]


def _where(stmt: SelectT, scope: FeedbackScope) -> SelectT:
    f = Feedback
    stmt = stmt.where(f.organization_id == scope.organization_id)
    if scope.start_at is not None:
        stmt = stmt.where(f.received_at >= scope.start_at)
    if scope.end_at is not None:
        stmt = stmt.where(f.received_at < scope.end_at)
    if scope.unit_ids is not None:
        stmt = stmt.where(f.unit_id.in_(list(scope.unit_ids)))
    if scope.service_id is not None:
        stmt = stmt.where(f.service_id == scope.service_id)
    if scope.channel is not None:
        stmt = stmt.where(f.channel == scope.channel)
    return stmt


def feedback_totals(session: Session, *, scope: FeedbackScope) -> FeedbackTotals:
    """All feedback metrics' counts and sums for one scope, in one scan (complaints: see
    :func:`_total_columns`)."""
    return FeedbackTotals.from_row(
        session.execute(_where(select(*_total_columns()).select_from(Feedback), scope)).one()
    )


def local_bucket(
    session: Session, column: Any, *, interval: Interval, offset_minutes: int
) -> ColumnElement[Any]:
    """The local day / week (Monday) / month start of a UTC timestamp column, as SQL.

    One fixed offset per organisation: right for zones without daylight saving time (all of
    China); elsewhere an item within an hour of midnight on a DST-shifted day may land in the
    neighbouring bucket, which a trend chart can live with.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        shift: ColumnElement[Any] = literal_column(f"'{int(offset_minutes):+d} minutes'")
        if interval == "day":
            return func.date(column, shift)
        if interval == "week":
            # 'weekday 0' moves forward to the next Sunday (or stays on one); -6 days is its Monday.
            return func.date(
                column, shift, literal_column("'weekday 0'"), literal_column("'-6 days'")
            )
        return func.strftime("%Y-%m-01", column, shift)
    local = func.timezone("UTC", column) + literal_column(
        f"interval '{int(offset_minutes)} minutes'"
    )
    if interval == "day":
        return cast(local, Date)
    return cast(func.date_trunc(interval, local), Date)


def _bucket_key(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def feedback_totals_by_bucket(
    session: Session, *, scope: FeedbackScope, interval: Interval, offset_minutes: int
) -> dict[str, FeedbackTotals]:
    """Totals per local bucket (``"2026-10-05"`` = the bucket's first day); empty buckets are absent."""
    bucket = local_bucket(
        session, Feedback.received_at, interval=interval, offset_minutes=offset_minutes
    ).label("bucket")
    stmt = _where(select(bucket, *_total_columns()).select_from(Feedback), scope).group_by(bucket)
    return {_bucket_key(row.bucket): FeedbackTotals.from_row(row) for row in session.execute(stmt)}


@dataclass(frozen=True)
class AspectCount:
    aspect: str
    negative: int
    positive: int
    neutral: int

    @property
    def total(self) -> int:
        return self.negative + self.positive + self.neutral


def aspect_counts(session: Session, *, scope: FeedbackScope) -> list[AspectCount]:
    """Mentions per aspect and polarity for the scope's feedback, most negative first."""
    fa = FeedbackAspect
    stmt = select(
        fa.aspect,
        _flag(fa.polarity == "negative").label("negative"),
        _flag(fa.polarity == "positive").label("positive"),
        _flag(and_(fa.polarity != "negative", fa.polarity != "positive")).label("neutral"),
    ).select_from(fa)
    stmt = stmt.join(Feedback, Feedback.id == fa.feedback_id).where(
        fa.organization_id == scope.organization_id
    )
    stmt = _where(stmt, scope).group_by(fa.aspect)
    rows = [
        AspectCount(
            aspect=str(r.aspect),
            negative=int(r.negative),
            positive=int(r.positive),
            neutral=int(r.neutral),
        )
        for r in session.execute(stmt)
    ]
    return sorted(rows, key=lambda a: (-a.negative, -a.total, a.aspect))
