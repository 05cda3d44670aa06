"""The summary's feedback numbers against hand-computed expectations, on both databases."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.factories import World
from tests.metrics.metrics_factories import add_feedback

OCTOBER = {"from": "2026-10-01", "to": "2026-10-31"}


def _summary(client: TestClient, world: World, persona: str = "analyst_chen", **params: Any) -> Any:
    response = client.get(
        "/api/v1/metrics/summary", params={**OCTOBER, **params}, headers=world.auth(persona)
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_nps_of_three_promoters_one_passive_one_detractor_is_40(
    session: Session, world: World, client: TestClient
) -> None:
    for score in (10, 9, 9, 7, 3):
        add_feedback(session, organization_id=world.org.id, nps=score)
    session.commit()

    nps = _summary(client, world)["metrics"]["nps"]

    assert nps["n"] == 5
    assert nps["value"] == 40.0
    assert nps["ci_low"] < 40.0 < nps["ci_high"]
    assert nps["ci_low"] >= -100.0 and nps["ci_high"] <= 100.0


def test_csat_is_the_share_of_four_and_five(
    session: Session, world: World, client: TestClient
) -> None:
    for score in (5, 4, 3, 2, 1):
        add_feedback(session, organization_id=world.org.id, csat=score)
    add_feedback(session, organization_id=world.org.id, nps=10)  # no CSAT answer: not counted
    session.commit()

    csat = _summary(client, world)["metrics"]["csat"]

    assert csat["n"] == 5
    assert csat["value"] == 0.4
    assert 0.0 <= csat["ci_low"] < 0.4 < csat["ci_high"] <= 1.0


def test_ces_is_the_mean_effort_with_a_t_interval(
    session: Session, world: World, client: TestClient
) -> None:
    for score in (2, 4, 6):
        add_feedback(session, organization_id=world.org.id, ces=score)
    session.commit()

    ces = _summary(client, world)["metrics"]["ces"]

    assert ces["n"] == 3
    assert ces["value"] == 4.0
    # mean 4, sd 2, se 2/sqrt(3), t(0.975, 2) = 4.302653
    half = 4.302653 * 2 / math.sqrt(3)
    assert math.isclose(ces["ci_low"], 4.0 - half, rel_tol=1e-5)
    assert math.isclose(ces["ci_high"], 4.0 + half, rel_tol=1e-5)


def test_satisfaction_rate_counts_basically_satisfied_and_bad_ratings_count_one_and_two(
    session: Session, world: World, client: TestClient
) -> None:
    for score in (5, 4, 3, 2, 1, 1):
        add_feedback(session, organization_id=world.org.id, channel="qr_rating", rating=score)
    session.commit()

    metrics = _summary(client, world)["metrics"]

    assert metrics["satisfaction_rate"]["n"] == 6
    assert metrics["satisfaction_rate"]["value"] == 0.5
    assert metrics["bad_ratings"]["n"] == 6
    assert metrics["bad_ratings"]["value"] == 3


def test_complaints_are_analysed_complaints_plus_unanalysed_negative_items(
    session: Session, world: World, client: TestClient
) -> None:
    org = world.org.id
    add_feedback(
        session, organization_id=org, rating=1, is_negative=True, feedback_type="complaint"
    )
    add_feedback(session, organization_id=org, rating=1, is_negative=True)  # not analysed yet
    add_feedback(session, organization_id=org, rating=2, is_negative=True, feedback_type="inquiry")
    add_feedback(session, organization_id=org, rating=5, feedback_type="praise")
    session.commit()

    metrics = _summary(client, world)["metrics"]

    assert metrics["volume"]["value"] == 4
    assert metrics["complaints"]["n"] == 4
    assert metrics["complaints"]["value"] == 2
    assert metrics["negative_share"]["n"] == 4
    assert metrics["negative_share"]["value"] == 0.75


def test_an_empty_period_gives_n_zero_and_no_value_for_every_metric(
    world: World, client: TestClient
) -> None:
    metrics = _summary(client, world)["metrics"]

    assert len(metrics) == 16
    for name in ("nps", "csat", "ces", "satisfaction_rate", "negative_share", "sla_compliance"):
        assert metrics[name] == {
            "value": None,
            "n": 0,
            "ci_low": None,
            "ci_high": None,
            "target": None,
        }, name
    assert metrics["volume"]["value"] == 0
    assert metrics["resolution_hours"]["value"] is None


def test_dates_are_local_days_of_the_organisation_inclusive(
    session: Session, world: World, client: TestClient
) -> None:
    org = world.org.id
    inside = [
        datetime(2026, 9, 30, 16, 0, tzinfo=UTC),  # 1 Oct 00:00 in Shanghai
        datetime(2026, 10, 31, 15, 59, tzinfo=UTC),  # 31 Oct 23:59 in Shanghai
    ]
    outside = [
        datetime(2026, 9, 30, 15, 59, tzinfo=UTC),  # 30 Sep 23:59 in Shanghai
        datetime(2026, 10, 31, 16, 0, tzinfo=UTC),  # 1 Nov 00:00 in Shanghai
    ]
    for at in inside + outside:
        add_feedback(session, organization_id=org, received_at=at, rating=5)
    session.commit()

    body = _summary(client, world)

    assert body["metrics"]["volume"]["value"] == 2
    assert body["period"] == {"from": "2026-10-01", "to": "2026-10-31", "timezone": "Asia/Shanghai"}


def test_a_unit_filter_includes_the_units_under_it(
    session: Session, world: World, client: TestClient
) -> None:
    org = world.org.id
    add_feedback(session, organization_id=org, unit_id=world.unit_a.id, rating=5)
    add_feedback(session, organization_id=org, unit_id=world.window_a1.id, rating=1)
    add_feedback(session, organization_id=org, unit_id=world.unit_b.id, rating=1)
    add_feedback(session, organization_id=org, rating=1)
    session.commit()

    unit_a = _summary(client, world, unit="HP-A")["metrics"]["satisfaction_rate"]
    window = _summary(client, world, unit="HP-A-01")["metrics"]["satisfaction_rate"]
    centre = _summary(client, world, unit="HP")["metrics"]["satisfaction_rate"]

    assert (unit_a["n"], unit_a["value"]) == (2, 0.5)
    assert (window["n"], window["value"]) == (1, 0.0)
    assert centre["n"] == 3


def test_service_and_channel_filters_narrow_the_count(
    session: Session, world: World, client: TestClient
) -> None:
    org = world.org.id
    add_feedback(
        session, organization_id=org, service_id=world.service.id, channel="qr_rating", rating=5
    )
    add_feedback(
        session, organization_id=org, service_id=world.service.id, channel="survey", rating=1
    )
    add_feedback(session, organization_id=org, channel="qr_rating", rating=1)
    session.commit()

    by_service = _summary(client, world, service="biz-licence")["metrics"]["volume"]
    by_channel = _summary(client, world, channel="qr_rating")["metrics"]["volume"]
    both = _summary(client, world, service="biz-licence", channel="qr_rating")["metrics"]

    assert by_service["value"] == 2
    assert by_channel["value"] == 2
    assert both["volume"]["value"] == 1
    assert both["satisfaction_rate"]["value"] == 1.0


def test_each_organisation_sees_only_its_own_numbers(
    session: Session, world: World, client: TestClient
) -> None:
    add_feedback(session, organization_id=world.org.id, nps=10)
    add_feedback(session, organization_id=world.other_org.id, nps=0)
    add_feedback(session, organization_id=world.other_org.id, nps=0)
    session.commit()

    ours = _summary(client, world)["metrics"]["nps"]
    bobs = _summary(client, world, persona="outsider_bob")["metrics"]["nps"]

    assert (ours["n"], ours["value"]) == (1, 100.0)
    assert (bobs["n"], bobs["value"]) == (2, -100.0)


def test_an_unknown_unit_code_is_a_clear_error(world: World, client: TestClient) -> None:
    response = client.get(
        "/api/v1/metrics/summary", params={"unit": "NOPE"}, headers=world.auth("analyst_chen")
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "metrics.unknown_unit"
    assert "NOPE" in error["message"]


def test_a_period_that_ends_before_it_starts_is_refused(world: World, client: TestClient) -> None:
    response = client.get(
        "/api/v1/metrics/summary",
        params={"from": "2026-10-31", "to": "2026-10-01"},
        headers=world.auth("analyst_chen"),
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "metrics.invalid_period"


def test_the_summary_needs_a_signed_in_user(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/metrics/summary")

    assert response.status_code == 401
