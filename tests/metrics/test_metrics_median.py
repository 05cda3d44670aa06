"""The one median function behind the duration metrics, on both databases."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, cast, literal, select, union_all
from sqlalchemy.orm import Session

from cxloop.cases.aggregates import median


def _values(*numbers: int | None) -> tuple[Any, Any]:
    """An inline table of numbers (UNION ALL of literals: portable where VALUES aliases are not)."""
    rows = [select(cast(literal(n), Integer).label("x")) for n in numbers]
    table = union_all(*rows).subquery("v")
    return table, table.c.x


def test_median_of_an_odd_count_is_the_middle_value(session: Session) -> None:
    table, x = _values(540, 30, 120, None, 60, 9000)

    assert median(session, x, source=table) == (120.0, 5)


def test_median_of_an_even_count_is_the_mean_of_the_two_middle_values(session: Session) -> None:
    table, x = _values(30, 120, 60, 9000)

    assert median(session, x, source=table) == (90.0, 4)


def test_median_respects_the_filter_and_is_none_when_nothing_matches(session: Session) -> None:
    table, x = _values(10, 20, 30, 40)

    assert median(session, x, source=table, where=[x > 15]) == (30.0, 3)
    assert median(session, x, source=table, where=[x > 100]) == (None, 0)
