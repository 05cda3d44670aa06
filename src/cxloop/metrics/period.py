"""Reporting periods in the organisation's local time.

A manager in Shanghai who asks for ``from=2026-10-01&to=2026-10-31`` means the local days 1 to 31
October inclusive, i.e. the UTC range [2026-09-30 16:00, 2026-10-31 16:00). All metrics queries take
such a half-open UTC range, and the trend buckets use the organisation's UTC offset.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cxloop.core.errors import BadRequest

Interval = Literal["day", "week", "month"]
DEFAULT_DAYS = 30
MAX_BUCKETS = 1000


@dataclass(frozen=True)
class Period:
    """Local days ``start_on``..``end_on`` inclusive, and the UTC range they cover."""

    start_on: date
    end_on: date
    timezone: str
    start_at: datetime
    end_at: datetime
    offset_minutes: int


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Asia/Shanghai")


def local_midnight_utc(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=tz).astimezone(UTC)


def local_today(now: datetime, tz_name: str) -> date:
    return now.astimezone(zone(tz_name)).date()


def resolve_period(
    *, tz_name: str, now: datetime, start_on: date | None = None, end_on: date | None = None
) -> Period:
    """The period asked for; by default the last 30 local days up to and including today."""
    tz = zone(tz_name)
    end = end_on or local_today(now, tz_name)
    start = start_on or (end - timedelta(days=DEFAULT_DAYS - 1))
    if start > end:
        raise BadRequest(
            "metrics.invalid_period",
            details={"from": start.isoformat(), "to": end.isoformat()},
            start=start.isoformat(),
            end=end.isoformat(),
        )
    start_at = local_midnight_utc(start, tz)
    offset = tz.utcoffset(datetime.combine(start, time(12, 0)))
    return Period(
        start_on=start,
        end_on=end,
        timezone=tz.key,
        start_at=start_at,
        end_at=local_midnight_utc(end + timedelta(days=1), tz),
        offset_minutes=int(offset.total_seconds() // 60) if offset is not None else 0,
    )


def bucket_start(day: date, interval: Interval) -> date:
    """The first day of the bucket holding ``day``: itself, its Monday, or the 1st of its month."""
    if interval == "day":
        return day
    if interval == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def buckets(period: Period, interval: Interval) -> Iterator[date]:
    """Every bucket start from the one holding ``start_on`` to the one holding ``end_on``."""
    current = bucket_start(period.start_on, interval)
    last = bucket_start(period.end_on, interval)
    while current <= last:
        yield current
        if interval == "day":
            current += timedelta(days=1)
        elif interval == "week":
            current += timedelta(days=7)
        else:
            current = (current + timedelta(days=32)).replace(day=1)


def check_bucket_count(period: Period, interval: Interval) -> None:
    days = (period.end_on - period.start_on).days + 1
    per = {"day": 1, "week": 7, "month": 28}[interval]
    if days // per > MAX_BUCKETS:
        raise BadRequest(
            "metrics.too_many_buckets",
            details={"interval": interval, "limit": MAX_BUCKETS},
            limit=MAX_BUCKETS,
        )
