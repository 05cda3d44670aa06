"""API shapes of the metrics domain: summary, trend, aspects, targets."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class SummaryMetric(StrEnum):
    """Every number of the summary; targets may be set on any of them."""

    volume = "volume"
    nps = "nps"
    csat = "csat"
    ces = "ces"
    satisfaction_rate = "satisfaction_rate"
    bad_ratings = "bad_ratings"
    negative_share = "negative_share"
    complaints = "complaints"
    open_cases = "open_cases"
    overdue_cases = "overdue_cases"
    first_response_hours = "first_response_hours"
    resolution_hours = "resolution_hours"
    sla_compliance = "sla_compliance"
    follow_up_rate = "follow_up_rate"
    recovery_satisfaction = "recovery_satisfaction"
    recovery_satisfied_share = "recovery_satisfied_share"


class TrendMetric(StrEnum):
    nps = "nps"
    csat = "csat"
    ces = "ces"
    satisfaction_rate = "satisfaction_rate"
    negative_share = "negative_share"
    complaints = "complaints"
    volume = "volume"
    bad_ratings = "bad_ratings"


class TrendInterval(StrEnum):
    day = "day"
    week = "week"
    month = "month"


class Direction(StrEnum):
    """Whether the target is a floor (NPS, CSAT: up) or a ceiling (complaints, hours: down)."""

    up = "up"
    down = "down"


class TargetRef(BaseModel):
    id: int
    value: float
    direction: Direction
    met: bool | None = Field(description="None while the metric has no value.")


class MetricValue(BaseModel):
    """One number with how many answers it rests on and its 95% interval (None where meaningless)."""

    value: int | float | None
    n: int
    ci_low: float | None = None
    ci_high: float | None = None
    target: TargetRef | None = None


class PeriodRead(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    start_on: date = Field(serialization_alias="from")
    end_on: date = Field(serialization_alias="to")
    timezone: str


class Filters(BaseModel):
    unit: str | None = None
    service: str | None = None
    channel: str | None = None


class SummaryRead(BaseModel):
    period: PeriodRead
    filters: Filters
    metrics: dict[SummaryMetric, MetricValue]


class TrendPoint(BaseModel):
    period: date
    value: int | float | None
    n: int
    ci_low: float | None = None
    ci_high: float | None = None


class TrendRead(BaseModel):
    metric: TrendMetric
    interval: TrendInterval
    timezone: str
    points: list[TrendPoint]


class AspectRow(BaseModel):
    aspect: str
    negative: int
    positive: int
    neutral: int
    total: int
    negative_cumulative_share: float | None = Field(
        description="Pareto: share of all negative mentions reached up to this aspect (0..1)."
    )


class AspectsRead(BaseModel):
    items: list[AspectRow]
    total_negative: int
    vital_few: list[str] = Field(
        description="The leading aspects that together reach 80% of the negative mentions."
    )


class TargetCreate(BaseModel):
    metric: SummaryMetric
    unit: str | None = Field(default=None, description="Unit code; none = the whole organisation.")
    service: str | None = Field(default=None, description="Service code.")
    period_start_on: date
    period_end_on: date
    value: float
    direction: Direction = Direction.up

    @model_validator(mode="after")
    def _period_in_order(self) -> TargetCreate:
        if self.period_end_on < self.period_start_on:
            raise ValueError("period_end_on is before period_start_on")
        return self


class TargetRead(BaseModel):
    id: int
    metric: SummaryMetric
    unit: str | None
    service: str | None
    period_start_on: date
    period_end_on: date
    value: float
    direction: Direction
