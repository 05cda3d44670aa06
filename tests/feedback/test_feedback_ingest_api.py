"""POST /api/v1/feedback and /feedback/batch: idempotency, per-item errors naming the field."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.factories import World

from cxloop.customers.models import Customer
from cxloop.feedback.models import Feedback

SMALLEST = {"channel": "qr_rating", "source_ref": "r-1", "rating": 1}


def _count(session: Session, organization_id: int) -> int:
    return (
        session.scalar(
            select(func.count(Feedback.id)).where(Feedback.organization_id == organization_id)
        )
        or 0
    )


def test_the_smallest_item_is_stored_once_when_posted_twice(
    client: TestClient, session: Session, world: World
) -> None:
    first = client.post("/api/v1/feedback", json=SMALLEST, headers=world.auth("handler_li"))
    assert first.status_code == 201, first.text
    again = client.post("/api/v1/feedback", json=SMALLEST, headers=world.auth("handler_li"))
    assert again.status_code == 200, again.text
    assert again.json()["id"] == first.json()["id"]
    assert first.json()["created"] is True and again.json()["created"] is False
    assert _count(session, world.org.id) == 1


def test_the_organisation_comes_from_the_token(
    client: TestClient, session: Session, world: World
) -> None:
    ours = client.post("/api/v1/feedback", json=SMALLEST, headers=world.auth("handler_li"))
    theirs = client.post("/api/v1/feedback", json=SMALLEST, headers=world.auth("outsider_bob"))
    assert ours.status_code == 201 and theirs.status_code == 201
    assert ours.json()["id"] != theirs.json()["id"]
    assert _count(session, world.org.id) == 1
    assert _count(session, world.other_org.id) == 1


def test_unit_service_and_staff_are_given_by_code(client: TestClient, world: World) -> None:
    item = SMALLEST | {"unit": "HP-A-01", "service": "biz-licence", "staff": "S001"}
    response = client.post("/api/v1/feedback", json=item, headers=world.auth("handler_li"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["unit"], body["service"], body["staff"]) == ("HP-A-01", "biz-licence", "S001")


def test_a_customer_is_created_by_external_id_and_updated_not_erased(
    client: TestClient, session: Session, world: World
) -> None:
    auth = world.auth("handler_li")
    customer = {"external_id": "c-88", "name": "刘先生", "phone": "13800138000"}
    r1 = client.post("/api/v1/feedback", json=SMALLEST | {"customer": customer}, headers=auth)
    assert r1.status_code == 201, r1.text
    r2 = client.post(
        "/api/v1/feedback",
        json={
            "channel": "hotline",
            "source_ref": "h-1",
            "csat": 4,
            "customer": {"external_id": "c-88", "email": "liu@example.cn"},
        },
        headers=auth,
    )
    assert r2.status_code == 201, r2.text
    assert r1.json()["customer"]["id"] == r2.json()["customer"]["id"]
    stored = session.scalars(select(Customer).where(Customer.organization_id == world.org.id)).all()
    assert len(stored) == 1
    assert (stored[0].name, stored[0].phone, stored[0].email) == (
        "刘先生",
        "13800138000",
        "liu@example.cn",
    )


def _error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "details"}
    return dict(body["error"])


def test_an_out_of_range_score_is_rejected_naming_the_field(
    client: TestClient, world: World
) -> None:
    response = client.post(
        "/api/v1/feedback", json=SMALLEST | {"nps": 11}, headers=world.auth("handler_li")
    )
    assert response.status_code == 422
    error = _error(response)
    assert error["code"] == "feedback.invalid"
    assert error["details"][0]["field"] == "nps"
    assert "nps" in error["message"]


def test_an_unknown_unit_is_rejected_naming_the_code_in_both_languages(
    client: TestClient, world: World
) -> None:
    item = SMALLEST | {"unit": "NOPE"}
    en = client.post("/api/v1/feedback", json=item, headers=world.auth("handler_li"))
    zh = client.post(
        "/api/v1/feedback",
        json=item,
        headers=world.auth("handler_li") | {"Accept-Language": "zh-CN"},
    )
    assert en.status_code == zh.status_code == 422
    assert _error(en)["code"] == _error(zh)["code"] == "org.unknown_unit"
    assert _error(en)["details"][0]["field"] == "unit"
    assert _error(en)["message"] == "No unit with code NOPE in this organisation."
    assert "NOPE" in _error(zh)["message"]
    assert _error(zh)["message"] != _error(en)["message"]


def test_a_malformed_date_is_rejected_naming_the_field(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/feedback",
        json=SMALLEST | {"occurred_at": "30/09/2026 16:00"},
        headers=world.auth("handler_li"),
    )
    assert response.status_code == 422
    error = _error(response)
    assert error["code"] == "feedback.invalid_datetime"
    assert error["details"][0]["field"] == "occurred_at"
    assert "30/09/2026 16:00" in error["message"]


def test_an_item_without_scores_or_text_is_rejected(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/feedback",
        json={"channel": "qr_rating", "source_ref": "r-1"},
        headers=world.auth("handler_li"),
    )
    assert response.status_code == 422
    assert _error(response)["code"] == "feedback.empty"


def test_an_unknown_channel_and_an_unknown_field_are_rejected(
    client: TestClient, world: World
) -> None:
    auth = world.auth("handler_li")
    channel = client.post("/api/v1/feedback", json=SMALLEST | {"channel": "pigeon"}, headers=auth)
    assert _error(channel)["code"] == "feedback.unknown_channel"
    assert _error(channel)["details"][0]["field"] == "channel"
    extra = client.post("/api/v1/feedback", json=SMALLEST | {"ratign": 2}, headers=auth)
    assert _error(extra)["code"] == "feedback.invalid"
    assert _error(extra)["details"][0]["field"] == "ratign"


def test_posting_without_a_token_is_refused(client: TestClient, world: World) -> None:
    response = client.post("/api/v1/feedback", json=SMALLEST)
    assert response.status_code == 401
    assert _error(response)["code"] == "auth.required"


def _batch(n: int, *, prefix: str = "b") -> list[dict[str, Any]]:
    return [
        {"channel": "qr_rating", "source_ref": f"{prefix}-{i}", "rating": 1 + i % 5, "unit": "HP-A"}
        for i in range(n)
    ]


def test_a_batch_of_1000_with_3_invalid_items_stores_997_and_reports_the_3(
    client: TestClient, session: Session, world: World
) -> None:
    items = _batch(1000)
    items[10]["rating"] = 9
    items[500]["unit"] = "NOPE"
    items[999]["occurred_at"] = "yesterday"
    response = client.post(
        "/api/v1/feedback/batch", json={"items": items}, headers=world.auth("handler_li")
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["created"], body["duplicates"], body["errors"]) == (997, 0, 3)
    assert len(body["results"]) == 1000
    assert [r["index"] for r in body["results"]] == list(range(1000))
    bad = {r["index"]: r["error"] for r in body["results"] if r["status"] == "error"}
    assert {i: e["details"][0]["field"] for i, e in bad.items()} == {
        10: "rating",
        500: "unit",
        999: "occurred_at",
    }
    assert all(r["id"] is not None for r in body["results"] if r["status"] == "created")
    assert _count(session, world.org.id) == 997


def test_duplicates_within_a_batch_and_across_batches_are_stored_once(
    client: TestClient, session: Session, world: World
) -> None:
    auth = world.auth("handler_li")
    items = _batch(3)
    first = client.post("/api/v1/feedback/batch", json={"items": [*items, items[0]]}, headers=auth)
    body = first.json()
    assert [r["status"] for r in body["results"]] == ["created", "created", "created", "duplicate"]
    assert body["results"][3]["id"] == body["results"][0]["id"]
    second = client.post("/api/v1/feedback/batch", json={"items": _batch(4)}, headers=auth)
    statuses = [r["status"] for r in second.json()["results"]]
    assert statuses == ["duplicate", "duplicate", "duplicate", "created"]
    assert [r["id"] for r in second.json()["results"][:3]] == [r["id"] for r in body["results"][:3]]
    assert _count(session, world.org.id) == 4


def test_a_batch_over_1000_items_is_refused_as_too_large(
    client: TestClient, session: Session, world: World
) -> None:
    response = client.post(
        "/api/v1/feedback/batch", json={"items": _batch(1001)}, headers=world.auth("handler_li")
    )
    assert response.status_code == 413
    error = _error(response)
    assert error["code"] == "request.too_large"
    assert "1000" in error["message"]
    assert _count(session, world.org.id) == 0


def test_a_batch_item_that_is_not_an_object_is_an_error_of_its_own(
    client: TestClient, world: World
) -> None:
    response = client.post(
        "/api/v1/feedback/batch",
        json={"items": ["nonsense", SMALLEST]},
        headers=world.auth("handler_li"),
    )
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["error", "created"]
    assert results[0]["error"]["details"][0]["field"] == "item"
