"""Negative feedback posted through the API opens a recovery case, due in working time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.factories import World
from tests.feedback.feedback_factories import post

from cxloop.cases.models import RecoveryCase

SH = ZoneInfo("Asia/Shanghai")


def _set_resolution(client: TestClient, world: World, priority: str, minutes: int) -> None:
    response = client.put(
        f"/api/v1/sla-policies/{priority}",
        json={"first_response_minutes": 120, "resolution_minutes": minutes},
        headers=world.auth("admin_zhao"),
    )
    assert response.status_code == 200, response.text


def _case(client: TestClient, world: World, item: dict[str, object]) -> dict[str, object]:
    ref = item["case"]
    assert isinstance(ref, dict), item
    response = client.get(f"/api/v1/cases/{ref['id']}", headers=world.auth("handler_li"))
    assert response.status_code == 200, response.text
    case = response.json()
    assert case["feedback_ids"] == [item["id"]]
    return dict(case)


def _local(value: object) -> datetime:
    return datetime.fromisoformat(str(value)).astimezone(SH)


def test_a_rating_1_item_is_due_on_the_first_working_day_after_national_day(
    client: TestClient, world: World
) -> None:
    _set_resolution(client, world, "high", 540)  # rating 1 is high priority: one working day
    item = post(
        client,
        world,
        source_ref="nd-1",
        rating=1,
        unit="HP-A-01",
        received_at="2026-09-30T16:00:00+08:00",
    )
    case = _case(client, world, item)
    assert case["priority"] == "high" and case["status"] == "new"
    assert _local(case["opened_at"]) == datetime(2026, 9, 30, 16, 0, tzinfo=SH)
    assert _local(case["resolution_due_at"]) == datetime(2026, 10, 8, 16, 0, tzinfo=SH)
    # The first response (two working hours) is due on the same afternoon.
    assert _local(case["first_response_due_at"]) == datetime(2026, 9, 30, 18, 0, tzinfo=SH)


def test_three_working_days_count_the_make_up_saturday(client: TestClient, world: World) -> None:
    _set_resolution(client, world, "high", 3 * 540)
    item = post(client, world, source_ref="mk-1", rating=1, received_at="2026-10-08T16:00:00+08:00")
    case = _case(client, world, item)
    assert _local(case["resolution_due_at"]) == datetime(2026, 10, 12, 16, 0, tzinfo=SH)


def test_scores_alone_open_cases_by_the_default_rule(
    client: TestClient, session: Session, world: World
) -> None:
    opened = {
        "rating 2": post(client, world, source_ref="r2", rating=2),
        "csat 2": post(client, world, channel="survey", source_ref="c2", csat=2),
        "nps 4": post(client, world, channel="survey", source_ref="n4", nps=4),
    }
    quiet = {
        "rating 3": post(client, world, source_ref="r3", rating=3),
        "csat 3": post(client, world, channel="survey", source_ref="c3", csat=3),
        "nps 5": post(client, world, channel="survey", source_ref="n5", nps=5),
    }
    assert {k: v["case"] is not None for k, v in opened.items()} == dict.fromkeys(opened, True)
    assert {k: v["case"] is not None for k, v in quiet.items()} == dict.fromkeys(quiet, False)
    # An NPS of 5 is a detractor (negative) even though the rule opens no case for it.
    assert {k: v["is_negative"] for k, v in quiet.items()} == {
        "rating 3": False,
        "csat 3": False,
        "nps 5": True,
    }
    count = session.scalar(
        select(func.count(RecoveryCase.id)).where(RecoveryCase.organization_id == world.org.id)
    )
    assert count == 3


def test_sending_the_same_complaint_again_opens_no_second_case(
    client: TestClient, session: Session, world: World
) -> None:
    first = post(client, world, source_ref="dup", rating=1)
    again = post(client, world, source_ref="dup", rating=1)
    assert first["case"]["id"] == again["case"]["id"]
    count = session.scalar(
        select(func.count(RecoveryCase.id)).where(RecoveryCase.organization_id == world.org.id)
    )
    assert count == 1


def test_batch_results_name_the_case_each_item_opened(client: TestClient, world: World) -> None:
    items = [
        {"channel": "qr_rating", "source_ref": "b-1", "rating": 1},
        {"channel": "qr_rating", "source_ref": "b-2", "rating": 5},
    ]
    response = client.post(
        "/api/v1/feedback/batch", json={"items": items}, headers=world.auth("handler_li")
    )
    results = response.json()["results"]
    assert results[0]["case"]["status"] == "new"
    assert results[1]["case"] is None
    detail = client.get(f"/api/v1/feedback/{results[0]['id']}", headers=world.auth("handler_li"))
    assert detail.json()["case"]["id"] == results[0]["case"]["id"]


def test_a_failed_request_stores_neither_the_item_nor_its_case(
    client: TestClient, session: Session, world: World
) -> None:
    bad = {"channel": "qr_rating", "source_ref": "x", "rating": 1, "staff": "NOBODY"}
    response = client.post("/api/v1/feedback", json=bad, headers=world.auth("handler_li"))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "org.unknown_staff"
    count = session.scalar(
        select(func.count(RecoveryCase.id)).where(RecoveryCase.organization_id == world.org.id)
    )
    assert count == 0


def test_a_question_read_as_negative_opens_no_case_a_complaint_does(
    client: TestClient, world: World
) -> None:
    # the review-trained model reads this plain question as negative; its type is inquiry
    question = post(
        client, world, channel="hotline", source_ref="q1", text="我想问一下不动产登记需要带什么材料"
    )
    complaint = post(
        client, world, channel="hotline", source_ref="q2", text="窗口工作人员态度很差，等了三个小时"
    )
    assert question["sentiment"] == "negative"
    assert question["case"] is None
    assert complaint["sentiment"] == "negative"
    assert complaint["case"] is not None
