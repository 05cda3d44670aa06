"""Trend buckets in the organisation's local time, aspects with their Pareto, and targets."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.factories import World
from tests.metrics.metrics_factories import add_feedback


def _trend(client: TestClient, world: World, **params: Any) -> Any:
    response = client.get(
        "/api/v1/metrics/trend", params=params, headers=world.auth("analyst_chen")
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_daily_trend_lists_every_local_day_including_empty_ones(
    session: Session, world: World, client: TestClient
) -> None:
    org = world.org.id
    # 5 Oct 01:00 in Shanghai is still 4 Oct in UTC: it belongs to the 5th.
    add_feedback(
        session, organization_id=org, received_at=datetime(2026, 10, 4, 17, 0, tzinfo=UTC), nps=10
    )
    add_feedback(
        session, organization_id=org, received_at=datetime(2026, 10, 5, 8, 0, tzinfo=UTC), nps=0
    )
    add_feedback(
        session, organization_id=org, received_at=datetime(2026, 10, 7, 8, 0, tzinfo=UTC), nps=9
    )
    session.commit()

    body = _trend(
        client, world, metric="nps", interval="day", **{"from": "2026-10-04", "to": "2026-10-07"}
    )

    assert (body["metric"], body["interval"]) == ("nps", "day")
    points = body["points"]
    assert len(points) == 4
    assert [p["period"] for p in points] == ["2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"]
    assert [p["n"] for p in points] == [0, 2, 0, 1]
    assert [p["value"] for p in points] == [None, 0.0, None, 100.0]


def test_weekly_buckets_start_on_monday_in_local_time(
    session: Session, world: World, client: TestClient
) -> None:
    org = world.org.id
    # Sunday 11 Oct 23:30 local (15:30 UTC) closes the week of Monday 5 Oct;
    # Sunday 11 Oct 16:30 UTC is Monday 12 Oct 00:30 local and opens the next one.
    add_feedback(
        session,
        organization_id=org,
        received_at=datetime(2026, 10, 11, 15, 30, tzinfo=UTC),
        rating=1,
        is_negative=True,
    )
    add_feedback(
        session,
        organization_id=org,
        received_at=datetime(2026, 10, 11, 16, 30, tzinfo=UTC),
        rating=5,
    )
    add_feedback(
        session, organization_id=org, received_at=datetime(2026, 10, 13, 2, 0, tzinfo=UTC), rating=4
    )
    session.commit()

    body = _trend(
        client,
        world,
        metric="volume",
        interval="week",
        **{"from": "2026-10-07", "to": "2026-10-20"},
    )

    points = body["points"]
    assert len(points) == 3
    assert [p["period"] for p in points] == ["2026-10-05", "2026-10-12", "2026-10-19"]
    assert [p["value"] for p in points] == [1, 2, 0]


def test_monthly_negative_share_with_intervals(
    session: Session, world: World, client: TestClient
) -> None:
    org = world.org.id
    add_feedback(
        session,
        organization_id=org,
        received_at=datetime(2026, 9, 10, 2, 0, tzinfo=UTC),
        rating=1,
        is_negative=True,
    )
    add_feedback(
        session, organization_id=org, received_at=datetime(2026, 9, 11, 2, 0, tzinfo=UTC), rating=5
    )
    add_feedback(
        session, organization_id=org, received_at=datetime(2026, 11, 1, 2, 0, tzinfo=UTC), rating=5
    )
    session.commit()

    body = _trend(
        client,
        world,
        metric="negative_share",
        interval="month",
        **{"from": "2026-09-01", "to": "2026-11-30"},
    )

    points = body["points"]
    assert len(points) == 3
    assert [p["period"] for p in points] == ["2026-09-01", "2026-10-01", "2026-11-01"]
    assert [(p["n"], p["value"]) for p in points] == [(2, 0.5), (0, None), (1, 0.0)]
    assert points[0]["ci_low"] < 0.5 < points[0]["ci_high"]
    assert points[1]["ci_low"] is None


def test_trend_rejects_an_unknown_metric(world: World, client: TestClient) -> None:
    response = client.get(
        "/api/v1/metrics/trend", params={"metric": "happiness"}, headers=world.auth("analyst_chen")
    )

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "metric"


def test_aspects_count_mentions_by_polarity_with_a_pareto_of_the_negative_ones(
    session: Session, world: World, client: TestClient
) -> None:
    org = world.org.id
    for _ in range(3):
        add_feedback(
            session,
            organization_id=org,
            is_negative=True,
            aspects={"timeliness": "negative", "attitude": "positive"},
        )
    add_feedback(session, organization_id=org, is_negative=True, aspects={"digital": "negative"})
    add_feedback(session, organization_id=org, aspects={"environment": "positive"})
    add_feedback(session, organization_id=world.other_org.id, aspects={"price": "negative"})
    session.commit()

    response = client.get(
        "/api/v1/metrics/aspects",
        params={"from": "2026-10-01", "to": "2026-10-31"},
        headers=world.auth("analyst_chen"),
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total_negative"] == 4
    rows = {row["aspect"]: row for row in body["items"]}
    assert len(rows) == 4
    assert [row["aspect"] for row in body["items"]][:2] == ["timeliness", "digital"]
    assert (rows["timeliness"]["negative"], rows["timeliness"]["positive"]) == (3, 0)
    assert (rows["attitude"]["negative"], rows["attitude"]["positive"]) == (0, 3)
    assert rows["timeliness"]["negative_cumulative_share"] == 0.75
    assert rows["digital"]["negative_cumulative_share"] == 1.0
    assert rows["environment"]["negative_cumulative_share"] is None
    assert body["vital_few"] == ["timeliness", "digital"]


def test_a_target_is_shown_next_to_the_value_it_applies_to(
    session: Session, world: World, client: TestClient
) -> None:
    for score in (10, 9, 9, 7, 3):
        add_feedback(session, organization_id=world.org.id, nps=score)
    session.commit()
    created = client.post(
        "/api/v1/targets",
        json={
            "metric": "nps",
            "period_start_on": "2026-10-01",
            "period_end_on": "2026-12-31",
            "value": 50,
        },
        headers=world.auth("analyst_chen"),
    )
    unit_target = client.post(
        "/api/v1/targets",
        json={
            "metric": "nps",
            "unit": "HP-A",
            "period_start_on": "2026-10-01",
            "period_end_on": "2026-12-31",
            "value": 10,
        },
        headers=world.auth("analyst_chen"),
    )
    assert created.status_code == 201, created.text
    assert unit_target.status_code == 201, unit_target.text

    summary = client.get(
        "/api/v1/metrics/summary",
        params={"from": "2026-10-01", "to": "2026-10-31"},
        headers=world.auth("analyst_chen"),
    ).json()
    listed = client.get("/api/v1/targets", headers=world.auth("analyst_chen")).json()

    target = summary["metrics"]["nps"]["target"]
    assert target == {"id": created.json()["id"], "value": 50.0, "direction": "up", "met": False}
    assert summary["metrics"]["csat"]["target"] is None
    assert len(listed["items"]) == 2
    assert [t["unit"] for t in listed["items"]] == ["HP-A", None]


def test_a_handler_cannot_set_targets_and_bob_does_not_see_ours(
    world: World, client: TestClient
) -> None:
    body = {
        "metric": "csat",
        "period_start_on": "2026-10-01",
        "period_end_on": "2026-10-31",
        "value": 0.9,
    }
    refused = client.post("/api/v1/targets", json=body, headers=world.auth("handler_li"))
    created = client.post("/api/v1/targets", json=body, headers=world.auth("head_wang"))

    bobs = client.get("/api/v1/targets", headers=world.auth("outsider_bob")).json()

    assert refused.status_code == 403
    assert created.status_code == 201
    assert bobs["items"] == []


def test_daily_complaints_add_analysed_complaints_to_unanalysed_negative_items(
    session: Session, world: World, client: TestClient
) -> None:
    org = world.org.id
    day1 = datetime(2026, 10, 5, 2, 0, tzinfo=UTC)
    day2 = datetime(2026, 10, 6, 2, 0, tzinfo=UTC)
    add_feedback(session, organization_id=org, received_at=day1, rating=1, is_negative=True)
    add_feedback(
        session, organization_id=org, received_at=day1, is_negative=False, feedback_type="complaint"
    )
    add_feedback(
        session,
        organization_id=org,
        received_at=day2,
        rating=1,
        is_negative=True,
        feedback_type="inquiry",
    )
    add_feedback(
        session,
        organization_id=org,
        received_at=day2,
        rating=2,
        is_negative=True,
        feedback_type="complaint",
    )
    session.commit()

    body = _trend(client, world, metric="complaints", **{"from": "2026-10-05", "to": "2026-10-06"})

    points = body["points"]
    assert len(points) == 2
    assert [(p["value"], p["n"]) for p in points] == [(2, 2), (1, 2)]
