"""The calendar of the demo: seasonal and weekly rhythms, working days and the two incidents.

Why separate: these are the knobs a person tunes to make the demo look like a real year, and they
are pure functions of the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")
GOV_MONTH = {
    1: 0.8,
    2: 0.7,
    3: 1.15,
    4: 1.2,
    5: 1.15,
    6: 1.1,
    7: 1.0,
    8: 0.9,
    9: 1.0,
    10: 0.85,
    11: 1.0,
    12: 1.1,
}
HOTEL_MONTH = {
    1: 0.8,
    2: 1.0,
    3: 0.85,
    4: 0.95,
    5: 1.05,
    6: 1.05,
    7: 1.3,
    8: 1.35,
    9: 1.0,
    10: 1.25,
    11: 0.85,
    12: 0.9,
}
GOV_WEEKDAY = [1.3, 1.1, 1.0, 1.0, 0.9, 0.8, 0.8]  # Monday first; weekend = make-up working day
HOTEL_WEEKDAY = [0.8, 0.8, 0.85, 0.9, 1.2, 1.4, 1.1]
GOV_NEGATIVE = {"timeliness": 25, "attitude": 15, "process": 18, "competence": 8, "communication": 10,
                "environment": 5, "facilities": 6, "digital": 6, "price": 2, "quality": 3, "safety": 1,
                "accessibility": 2, "conduct": 1}  # fmt: skip
GOV_POSITIVE = {"attitude": 35, "timeliness": 25, "competence": 12, "process": 10, "environment": 6,
                "digital": 5, "facilities": 3, "accessibility": 2, "communication": 2}  # fmt: skip
HOTEL_NEGATIVE = {"environment": 22, "facilities": 18, "timeliness": 15, "attitude": 12, "quality": 15,
                  "price": 8, "digital": 4, "communication": 4, "safety": 2}  # fmt: skip
HOTEL_POSITIVE = {"attitude": 30, "environment": 25, "quality": 15, "facilities": 10, "timeliness": 10,
                  "price": 5, "digital": 3, "communication": 2}  # fmt: skip


@dataclass(frozen=True)
class IncidentSpec:
    org_slug: str
    unit: str | None
    title: str
    kind: str
    description: str
    started_at: datetime
    ended_at: datetime
    aspect: str
    days: tuple[date, ...]


def is_workday(day: date) -> bool:
    """Mainland China working days (holidays closed, make-up Saturdays open)."""
    try:
        import chinese_calendar

        return bool(chinese_calendar.is_workday(day))
    except (ImportError, NotImplementedError):
        return day.weekday() < 5


def is_holiday(day: date) -> bool:
    try:
        import chinese_calendar

        return bool(chinese_calendar.is_holiday(day)) and day.weekday() < 5
    except (ImportError, NotImplementedError):
        return False


def _snap_to_workday(day: date, *, forward: bool = True) -> date:
    step = timedelta(days=1 if forward else -1)
    while not is_workday(day):
        day += step
    return day


def plan_incidents(start: date, today: date) -> list[IncidentSpec]:
    """The two incidents, placed at fixed fractions of the period so every demo shows them."""
    span = (today - start).days
    outage_day = _snap_to_workday(start + timedelta(days=int(span * 0.55)))
    outage_next = _snap_to_workday(outage_day + timedelta(days=1))
    deadline = _snap_to_workday(start + timedelta(days=int(span * 0.82)))
    queue_days: list[date] = []
    day = deadline
    while len(queue_days) < 5:
        if is_workday(day):
            queue_days.append(day)
        day -= timedelta(days=1)
    queue_days.reverse()

    def at(d: date, hh: int, mm: int = 0) -> datetime:
        return datetime.combine(d, time(hh, mm), tzinfo=TZ).astimezone(UTC)

    return [
        IncidentSpec(
            "jianghai-gov",
            "CENTRE",
            "“一窗通办”系统宕机",
            "outage",
            "系统故障：“一窗通办”综合受理系统宕机，全中心窗口无法受理业务，网上办事大厅同时中断。",
            at(outage_day, 9, 20),
            at(outage_next, 16, 40),
            "digital",
            (outage_day, outage_next),
        ),
        IncidentSpec(
            "jianghai-gov",
            "SB",
            "社保窗口排队拥堵（缴费基数申报截止前）",
            "queue",
            f"社保缴费基数申报截止日（{deadline.isoformat()}）前五个工作日，社保窗口排队超过两小时。",
            at(queue_days[0], 9, 0),
            at(queue_days[-1], 17, 30),
            "timeliness",
            tuple(queue_days),
        ),
    ]
