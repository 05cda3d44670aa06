"""Working-time arithmetic on a calendar with public holidays and make-up working days.

SLA deadlines in public service are counted in working time: "one working day" from Wednesday
16:00 before the National Day holiday is due at 16:00 on the first working day after it, and a
make-up Saturday (调休) counts as a working day. This module is pure (stdlib + chinese_calendar)
so that the worker, the API and the demo all compute the same due times.

One working day is the working hours of one day (09:00–18:00 = 540 minutes by default). Lunch
breaks are not modelled: deadlines are promised in whole working days or hours, and a break in
the middle only shifts hour-level deadlines by the break length.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import chinese_calendar

__all__ = ["WorkCalendar", "add_working_minutes", "is_working_day", "working_minutes_between"]


@lru_cache(maxsize=4096)
def _cn_is_workday(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        # Outside the years the library knows (published each winter): plain Monday–Friday.
        return day.weekday() < 5


@dataclass(frozen=True)
class WorkCalendar:
    """Working hours in a time zone, with holidays ``"cn"`` (mainland China) or ``"none"``."""

    start: time = time(9, 0)
    end: time = time(18, 0)
    tz: str = "Asia/Shanghai"
    holidays: str = "cn"
    zone: ZoneInfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("a working day must end after it starts")
        if self.holidays not in ("cn", "none"):
            raise ValueError(f"unknown holiday calendar {self.holidays!r}")
        object.__setattr__(self, "zone", ZoneInfo(self.tz))

    @property
    def minutes_per_day(self) -> int:
        """The length of one working day: the unit in which "N working days" are counted."""
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


def is_working_day(cal: WorkCalendar, day: date) -> bool:
    """Whether ``day`` has working hours: make-up Saturdays yes, public holidays no."""
    if cal.holidays == "cn":
        return _cn_is_workday(day)
    return day.weekday() < 5


def _window(cal: WorkCalendar, day: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(day, cal.start, tzinfo=cal.zone),
        datetime.combine(day, cal.end, tzinfo=cal.zone),
    )


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("working-time arithmetic needs timezone-aware datetimes")
    return value


def add_working_minutes(cal: WorkCalendar, start_at: datetime, minutes: int) -> datetime:
    """The moment ``minutes`` working minutes after ``start_at`` (returned in UTC).

    A start outside working hours (evening, weekend, holiday) starts counting at the next opening.
    A deadline that lands exactly on closing time stays there rather than jumping to the next
    morning. Zero minutes returns ``start_at`` unchanged.
    """
    current = _aware(start_at).astimezone(cal.zone)
    if minutes <= 0:
        return start_at.astimezone(UTC)
    remaining = timedelta(minutes=minutes)
    day = current.date()
    # A calendar always has working days: at most a few weeks of holidays in a row.
    for _ in range(366 * 10 + minutes // max(cal.minutes_per_day, 1) * 7):
        if is_working_day(cal, day):
            opens, closes = _window(cal, day)
            begin = max(current, opens)
            if begin < closes:
                available = closes - begin
                if remaining <= available:
                    return (begin + remaining).astimezone(UTC)
                remaining -= available
        day += timedelta(days=1)
        current = datetime.combine(day, time(0, 0), tzinfo=cal.zone)
    raise ValueError("no working time found in the calendar")  # pragma: no cover


def working_minutes_between(cal: WorkCalendar, a: datetime, b: datetime) -> int:
    """Whole working minutes from ``a`` to ``b`` (0 when ``b`` is not after ``a``)."""
    start = _aware(a).astimezone(cal.zone)
    stop = _aware(b).astimezone(cal.zone)
    if stop <= start:
        return 0
    total = timedelta()
    day = start.date()
    while day <= stop.date():
        if is_working_day(cal, day):
            opens, closes = _window(cal, day)
            begin, finish = max(start, opens), min(stop, closes)
            if finish > begin:
                total += finish - begin
        day += timedelta(days=1)
    return int(total.total_seconds() // 60)
