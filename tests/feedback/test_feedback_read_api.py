"""GET /api/v1/feedback (filters, keyset cursor) and GET /api/v1/feedback/{id}."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.factories import World
from tests.feedback.feedback_factories import correct, label, post
from tests.sql_statements import statements

from cxloop.feedback import service as feedback_service
from cxloop.feedback.schemas import CorrectionIn


def _ids(
    client: TestClient, world: World, persona: str = "analyst_chen", **params: Any
) -> list[int]:
    response = client.get("/api/v1/feedback", params=params, headers=world.auth(persona))
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"items", "next_cursor"}
    return [item["id"] for item in body["items"]]


def test_the_list_is_newest_first_and_filters_by_time_unit_service_and_channel(
    client: TestClient, world: World
) -> None:
    sep = post(
        client,
        world,
        source_ref="a",
        rating=5,
        unit="HP-A-01",
        service="biz-licence",
        received_at="2026-09-30T16:00:00+08:00",
    )
    octo = post(
        client,
        world,
        source_ref="b",
        rating=2,
        unit="HP-B",
        received_at="2026-10-08T09:30:00+08:00",
    )
    hot = post(
        client,
        world,
        channel="hotline",
        source_ref="c",
        csat=1,
        unit="HP-A",
        received_at="2026-10-09T10:00:00+08:00",
    )
    assert _ids(client, world) == [hot["id"], octo["id"], sep["id"]]
    # Dates are local (Asia/Shanghai) and "to" includes its whole day.
    assert _ids(client, world, **{"from": "2026-10-01", "to": "2026-10-08"}) == [octo["id"]]
    assert _ids(client, world, **{"from": "2026-10-08T09:30:00+08:00"}) == [hot["id"], octo["id"]]
    # A unit includes its subtree: HP-A holds the window HP-A-01.
    assert _ids(client, world, unit="HP-A") == [hot["id"], sep["id"]]
    assert _ids(client, world, unit="HP") == [hot["id"], octo["id"], sep["id"]]
    assert _ids(client, world, service="biz-licence") == [sep["id"]]
    assert _ids(client, world, channel="hotline") == [hot["id"]]
    assert _ids(client, world, negative="true") == [hot["id"], octo["id"]]


def test_the_list_filters_by_score_ranges_text_and_customer(
    client: TestClient, world: World
) -> None:
    low = post(
        client, world, source_ref="a", rating=1, text="排队太久了", customer={"external_id": "c-1"}
    )
    mid = post(client, world, source_ref="b", rating=3, nps=7, text="Queue was LONG today")
    high = post(client, world, source_ref="c", rating=5, nps=10, csat=5, text="100% 满意")
    assert _ids(client, world, rating_min=3) == [high["id"], mid["id"]]
    assert _ids(client, world, rating_max=2) == [low["id"]]
    assert _ids(client, world, nps_min=8) == [high["id"]]
    assert _ids(client, world, nps_max=7) == [mid["id"]]
    assert _ids(client, world, csat_min=4, csat_max=5) == [high["id"]]
    assert _ids(client, world, q="long") == [mid["id"]]
    assert _ids(client, world, q="排队") == [low["id"]]
    assert _ids(client, world, q="%") == [high["id"]]  # a literal percent sign, not a wildcard
    assert _ids(client, world, customer="c-1") == [low["id"]]
    assert _ids(client, world, customer="nobody") == []


def test_the_list_filters_by_sentiment_and_aspect(
    client: TestClient, session: Session, world: World
) -> None:
    # Scores only, so the text engine stores nothing and the labels are exactly these.
    slow = post(client, world, source_ref="a", rating=2)
    rude = post(client, world, source_ref="b", rating=1)
    label(session, slow["id"], sentiment="negative", aspects={"timeliness": "negative"})
    label(session, rude["id"], sentiment="negative", aspects={"attitude": "negative"})
    assert sorted(_ids(client, world, sentiment="negative")) == sorted([slow["id"], rude["id"]])
    assert _ids(client, world, sentiment="positive") == []
    assert _ids(client, world, aspect="attitude") == [rude["id"]]
    assert _ids(client, world, aspect="attitude", sentiment="negative", rating_max=1) == [
        rude["id"]
    ]


def test_an_unknown_unit_filter_or_a_malformed_date_is_a_clear_error(
    client: TestClient, world: World
) -> None:
    auth = world.auth("analyst_chen")
    unit = client.get("/api/v1/feedback", params={"unit": "NOPE"}, headers=auth)
    assert unit.status_code == 400
    assert unit.json()["error"]["code"] == "org.unknown_unit"
    assert unit.json()["error"]["details"][0]["field"] == "unit"
    day = client.get("/api/v1/feedback", params={"from": "last week"}, headers=auth)
    assert day.status_code == 400
    assert day.json()["error"]["code"] == "feedback.invalid_datetime"
    assert day.json()["error"]["details"][0]["field"] == "from"
    score = client.get("/api/v1/feedback", params={"rating_min": 9}, headers=auth)
    assert score.status_code == 422
    assert score.json()["error"]["details"][0]["field"] == "rating_min"
    cursor = client.get("/api/v1/feedback", params={"cursor": "!!"}, headers=auth)
    assert cursor.json()["error"]["code"] == "request.invalid_cursor"


def test_the_cursor_is_stable_while_new_items_arrive(client: TestClient, world: World) -> None:
    old = [
        post(
            client,
            world,
            source_ref=f"old-{i}",
            rating=4,
            received_at=f"2026-11-0{i + 1}T10:00:00+08:00",
        )["id"]
        for i in range(5)
    ]
    # Two items at the same instant: the id breaks the tie, so neither is skipped nor repeated.
    twin = post(client, world, source_ref="twin", rating=4, received_at="2026-11-03T10:00:00+08:00")
    auth = world.auth("analyst_chen")
    first = client.get("/api/v1/feedback", params={"limit": 3}, headers=auth).json()
    assert [i["id"] for i in first["items"]] == [old[4], old[3], twin["id"]]
    assert first["next_cursor"]
    # A newer item does not shift the pages; one older than the cursor shows up where it belongs.
    post(client, world, source_ref="new-1", rating=1, received_at="2026-11-20T10:00:00+08:00")
    behind = post(
        client, world, source_ref="new-2", rating=1, received_at="2026-11-02T12:00:00+08:00"
    )
    rest = client.get(
        "/api/v1/feedback", params={"limit": 3, "cursor": first["next_cursor"]}, headers=auth
    ).json()
    assert [i["id"] for i in rest["items"]] == [old[2], behind["id"], old[1]]
    last = client.get(
        "/api/v1/feedback", params={"limit": 3, "cursor": rest["next_cursor"]}, headers=auth
    ).json()
    assert [i["id"] for i in last["items"]] == [old[0]]
    assert last["next_cursor"] is None


def test_the_detail_says_not_analysed_when_there_is_no_analysis(
    client: TestClient, world: World
) -> None:
    scores_only = post(client, world, source_ref="a", rating=4)
    detail = client.get(
        f"/api/v1/feedback/{scores_only['id']}", headers=world.auth("analyst_chen")
    ).json()
    assert detail["analysis_status"] == "no_text"
    assert detail["analysis"] is None and detail["aspects"] == []
    assert detail["analysed_at"] is None


def test_another_organisations_item_is_a_404_for_outsider_bob(
    client: TestClient, world: World
) -> None:
    ours = post(client, world, source_ref="a", rating=1, text="排队太久")
    bob = world.auth("outsider_bob")
    response = client.get(f"/api/v1/feedback/{ours['id']}", headers=bob)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "feedback.not_found"
    assert client.get("/api/v1/feedback", headers=bob).json()["items"] == []
    correction = client.post(
        f"/api/v1/feedback/{ours['id']}/corrections",
        json={"field": "sentiment", "value": "positive"},
        headers=bob,
    )
    assert correction.status_code == 404


def test_the_list_says_which_items_a_person_corrected_and_filters_by_it(
    client: TestClient, session: Session, world: World
) -> None:
    by_api = post(client, world, source_ref="a", rating=2, received_at="2026-10-01T09:00:00+08:00")
    by_service = post(
        client, world, source_ref="b", rating=4, received_at="2026-10-02T09:00:00+08:00"
    )
    untouched = post(
        client, world, source_ref="c", rating=5, received_at="2026-10-03T09:00:00+08:00"
    )
    auth = world.auth("analyst_chen")
    assert [
        i["corrected"] for i in client.get("/api/v1/feedback", headers=auth).json()["items"]
    ] == [
        False,
        False,
        False,
    ]
    assert _ids(client, world, corrected="true") == []

    response = client.post(
        f"/api/v1/feedback/{by_api['id']}/corrections",
        json={"field": "sentiment", "value": "negative"},
        headers=auth,
    )
    assert response.status_code == 201, response.text
    # An aspect correction counts too: a person checked the reading, whatever they changed.
    correct(
        session,
        world,
        by_service["id"],
        CorrectionIn(field="aspect", value="timeliness", polarity="negative"),
        persona="head_wang",
    )
    session.commit()

    items = client.get("/api/v1/feedback", headers=auth).json()["items"]
    assert {i["id"]: i["corrected"] for i in items} == {
        untouched["id"]: False,
        by_service["id"]: True,
        by_api["id"]: True,
    }
    assert _ids(client, world, corrected="true") == [by_service["id"], by_api["id"]]
    assert _ids(client, world, corrected="false") == [untouched["id"]]
    assert _ids(client, world, corrected="true", negative="true") == [by_api["id"]]
    # The filter holds across pages (keyset cursor).
    first = client.get(
        "/api/v1/feedback", params={"corrected": "true", "limit": 1}, headers=auth
    ).json()
    assert [i["id"] for i in first["items"]] == [by_service["id"]]
    rest = client.get(
        "/api/v1/feedback",
        params={"corrected": "true", "limit": 1, "cursor": first["next_cursor"]},
        headers=auth,
    ).json()
    assert [i["id"] for i in rest["items"]] == [by_api["id"]] and rest["next_cursor"] is None
    detail = client.get(f"/api/v1/feedback/{by_api['id']}", headers=auth).json()
    assert detail["corrected"] is True and detail["sentiment_corrected"] is True
    assert (
        client.get(f"/api/v1/feedback/{untouched['id']}", headers=auth).json()["corrected"] is False
    )
    # Another organisation's corrections are not ours to see.
    bob = world.auth("outsider_bob")
    assert client.get("/api/v1/feedback", params={"corrected": "true"}, headers=bob).json() == {
        "items": [],
        "next_cursor": None,
    }


def test_a_corrected_filter_that_is_not_true_or_false_is_a_clear_error(
    client: TestClient, world: World
) -> None:
    response = client.get(
        "/api/v1/feedback",
        params={"corrected": "maybe"},
        headers=world.auth("analyst_chen") | {"Accept-Language": "en"},
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "request.invalid"
    assert error["details"][0]["field"] == "corrected"
    assert error["details"][0]["type"] == "bool_parsing"


def test_the_corrected_flag_costs_no_query_per_item(
    client: TestClient, session: Session, world: World
) -> None:
    ids = [post(client, world, source_ref=f"n-{i}", rating=3)["id"] for i in range(4)]

    def count() -> int:
        session.expire_all()  # both counts start from the same, cold identity map
        with statements(session) as seen:
            page = feedback_service.list_feedback(session, organization_id=world.org.id)
        assert len(page.items) == 4
        return len(seen)

    none_corrected = count()
    for fid in ids:
        correct(session, world, fid, CorrectionIn(field="type", value="inquiry"))
    session.flush()
    all_corrected = count()
    page = feedback_service.list_feedback(session, organization_id=world.org.id)
    assert [i.corrected for i in page.items] == [True] * 4
    assert all_corrected == none_corrected


@pytest.mark.parametrize(
    ("field", "value"),
    [("type", "bogus"), ("sentiment", "angry"), ("channel", "pigeon"), ("aspect", "vibes")],
)
def test_a_filter_value_outside_its_vocabulary_is_refused(
    client: TestClient, world: World, field: str, value: str
) -> None:
    response = client.get(
        "/api/v1/feedback", params={field: value}, headers=world.auth("handler_li")
    )
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "request.invalid"
    assert error["details"][0]["field"] == field
