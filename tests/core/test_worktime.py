"""Working-time arithmetic: table-driven over holidays, make-up days, weekends and odd starts."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from cxloop.core.worktime import (
    WorkCalendar,
    add_working_minutes,
    is_working_day,
    working_minutes_between,
)

SH = ZoneInfo("Asia/Shanghai")
CN = WorkCalendar()
PLAIN = WorkCalendar(holidays="none")
DAY = 540


def sh(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=SH)


ADD_CASES = [
    # (calendar, start, minutes, due, why)
    (CN, sh(2026, 9, 30, 16), DAY, sh(2026, 10, 8, 16), "national day holiday is skipped"),
    (CN, sh(2026, 10, 8, 16), 3 * DAY, sh(2026, 10, 12, 16), "make-up saturday 10 oct counts"),
    (PLAIN, sh(2026, 10, 8, 16), 3 * DAY, sh(2026, 10, 13, 16), "no holidays: weekend skipped"),
    (PLAIN, sh(2026, 9, 30, 16), DAY, sh(2026, 10, 1, 16), "no holidays: 1 oct is a thursday"),
    (CN, sh(2026, 11, 20, 17), 120, sh(2026, 11, 23, 10), "friday evening rolls to monday"),
    (CN, sh(2026, 11, 24, 20), 60, sh(2026, 11, 25, 10), "start overnight counts from opening"),
    (CN, sh(2026, 11, 25, 7), 60, sh(2026, 11, 25, 10), "start before opening"),
    (CN, sh(2026, 11, 28, 11), 30, sh(2026, 11, 30, 9, 30), "start on a saturday"),
    (CN, sh(2026, 10, 3, 11), 60, sh(2026, 10, 8, 10), "start on a holiday"),
    (CN, sh(2026, 11, 24, 16), 120, sh(2026, 11, 24, 18), "due exactly at closing stays there"),
    (CN, sh(2026, 11, 24, 10), 0, sh(2026, 11, 24, 10), "zero minutes is the start"),
    (
        WorkCalendar(start=time(8, 30), end=time(17, 0)),
        sh(2026, 11, 24, 16),
        DAY,
        sh(2026, 11, 25, 16, 30),
        "custom working hours 08:30-17:00",
    ),
]


@pytest.mark.parametrize(("cal", "start", "minutes", "due", "why"), ADD_CASES)
def test_add_working_minutes_lands_on_the_expected_due_time(
    cal: WorkCalendar, start: datetime, minutes: int, due: datetime, why: str
) -> None:
    assert add_working_minutes(cal, start, minutes) == due, why


def test_add_working_minutes_returns_utc() -> None:
    result = add_working_minutes(CN, sh(2026, 11, 24, 10), 60)
    assert result.tzinfo == UTC
    assert result == datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


BETWEEN_CASES = [
    (CN, sh(2026, 9, 30, 16), sh(2026, 10, 8, 16), DAY, "across the holiday"),
    (CN, sh(2026, 10, 8, 16), sh(2026, 10, 12, 16), 3 * DAY, "across a make-up saturday"),
    (CN, sh(2026, 11, 24, 10), sh(2026, 11, 24, 9), 0, "end before start"),
    (CN, sh(2026, 11, 24, 19), sh(2026, 11, 25, 8), 0, "overnight only"),
    (CN, sh(2026, 11, 28, 9), sh(2026, 11, 29, 18), 0, "a weekend only"),
    (CN, sh(2026, 11, 24, 17, 30), sh(2026, 11, 25, 9, 45), 75, "evening and morning parts"),
    (PLAIN, sh(2026, 10, 1, 9), sh(2026, 10, 2, 18), 2 * DAY, "plain calendar works 1-2 oct"),
]


@pytest.mark.parametrize(("cal", "a", "b", "expected", "why"), BETWEEN_CASES)
def test_working_minutes_between_counts_only_working_hours(
    cal: WorkCalendar, a: datetime, b: datetime, expected: int, why: str
) -> None:
    assert working_minutes_between(cal, a, b) == expected, why


@pytest.mark.parametrize("minutes", [1, 59, 540, 541, 1600, 5 * 540])
def test_working_minutes_between_inverts_add_working_minutes(minutes: int) -> None:
    start = sh(2026, 9, 29, 15, 17)
    assert working_minutes_between(CN, start, add_working_minutes(CN, start, minutes)) == minutes


def test_make_up_saturday_is_a_working_day_and_holiday_weekday_is_not() -> None:
    assert is_working_day(CN, sh(2026, 10, 10).date()) is True
    assert is_working_day(CN, sh(2026, 10, 5).date()) is False
    assert is_working_day(PLAIN, sh(2026, 10, 10).date()) is False


def test_years_without_holiday_data_fall_back_to_monday_to_friday() -> None:
    assert add_working_minutes(CN, sh(2031, 1, 3, 16), DAY) == sh(2031, 1, 6, 16)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_minutes(CN, datetime(2026, 11, 24, 10), 60)  # noqa: DTZ001


def test_a_day_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="end after"):
        WorkCalendar(start=time(18, 0), end=time(9, 0))
