"""The /api/v1/cases routes end to end: filters, detail, commands, actions, contacts, follow-up."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.cases.cases_factories import RESOLVE, add_feedback, open_case, sh
from tests.factories import World


def _open(session: Session, world: World, **kw: object) -> int:
    case = open_case(session, world, **kw)  # type: ignore[arg-type]
    session.commit()
    return case.id


def test_list_is_newest_first_with_a_cursor(
    client: TestClient, session: Session, world: World
) -> None:
    ids = [_open(session, world, received_at=sh(2026, 11, 10 + i, 10)) for i in range(3)]
    first = client.get("/api/v1/cases?limit=2", headers=world.auth("handler_li"))
    assert first.status_code == 200
    body = first.json()
    assert [c["id"] for c in body["items"]] == [ids[2], ids[1]]
    second = client.get(
        "/api/v1/cases", params={"cursor": body["next_cursor"]}, headers=world.auth("handler_li")
    )
    assert [c["id"] for c in second.json()["items"]] == [ids[0]]
    assert second.json()["next_cursor"] is None


def test_list_filters_by_status_unit_assignee_priority_and_text(
    client: TestClient, session: Session, world: World
) -> None:
    urgent = _open(session, world, urgency="critical")
    normal = _open(session, world, rating=2)
    auth = world.auth("head_wang")
    r = client.post(
        f"/api/v1/cases/{normal}/transitions",
        json={"command": "acknowledge"},
        headers=world.auth("handler_li"),
    )
    assert r.status_code == 200
    number = r.json()["number"]

    def ids(**params: object) -> list[int]:
        resp = client.get("/api/v1/cases", params=params, headers=auth)
        assert resp.status_code == 200, resp.text
        return [c["id"] for c in resp.json()["items"]]

    assert ids(status=["new"]) == [urgent]
    assert sorted(ids(status=["new", "acknowledged"])) == sorted([urgent, normal])
    assert sorted(ids(unit="HP")) == sorted([urgent, normal])
    assert ids(unit="HP-B") == []
    assert ids(assignee="handler_li") == [normal]
    assert ids(priority="urgent") == [urgent]
    assert ids(q=number) == [normal]
    mine = client.get("/api/v1/cases", params={"assignee": "me"}, headers=world.auth("handler_li"))
    assert [c["id"] for c in mine.json()["items"]] == [normal]
    bad = client.get("/api/v1/cases", params={"unit": "NOPE"}, headers=auth)
    assert bad.status_code == 422
    assert bad.json()["error"]["details"]["field"] == "unit"


def test_overdue_filter(client: TestClient, session: Session, world: World) -> None:
    late = _open(session, world, received_at=sh(2026, 1, 5, 10))
    response = client.get(
        "/api/v1/cases", params={"overdue": "true"}, headers=world.auth("admin_zhao")
    )
    assert [c["id"] for c in response.json()["items"]] == [late]


def test_detail_has_timeline_due_times_and_feedback(
    client: TestClient, session: Session, world: World
) -> None:
    case_id = _open(session, world, received_at=sh(2026, 9, 30, 16), urgency="critical")
    response = client.get(f"/api/v1/cases/{case_id}", headers=world.auth("analyst_chen"))
    assert response.status_code == 200
    body = response.json()
    assert body["resolution_due_at"].startswith("2026-10-08T08:00:00")
    assert len(body["events"]) == 1
    assert body["events"][0]["kind"] == "opened"
    assert len(body["feedback_ids"]) == 1
    assert body["actions"] == [] and body["contacts"] == [] and body["follow_ups"] == []


def test_outsider_gets_404_for_another_organisations_case(
    client: TestClient, session: Session, world: World
) -> None:
    case_id = _open(session, world)
    bob = world.auth("outsider_bob")
    assert client.get(f"/api/v1/cases/{case_id}", headers=bob).status_code == 404
    r = client.post(
        f"/api/v1/cases/{case_id}/transitions", json={"command": "acknowledge"}, headers=bob
    )
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "case.not_found"
    assert client.get("/api/v1/cases", headers=bob).json()["items"] == []


def test_refused_command_is_a_409_naming_state_and_command(
    client: TestClient, session: Session, world: World
) -> None:
    case_id = _open(session, world)
    r = client.post(
        f"/api/v1/cases/{case_id}/transitions",
        json={"command": "resolve", **RESOLVE},
        headers=world.auth("handler_li"),
    )
    assert r.status_code == 409
    error = r.json()["error"]
    assert error["code"] == "case.invalid_transition"
    assert error["details"] == {"state": "new", "command": "resolve"}
    assert "“New”" in error["message"] and "“Resolve”" in error["message"]  # labels, not codes


def test_validation_errors_name_the_field(
    client: TestClient, session: Session, world: World
) -> None:
    case_id = _open(session, world)
    auth = world.auth("handler_li")
    missing = client.post(f"/api/v1/cases/{case_id}/transitions", json={}, headers=auth)
    assert missing.status_code == 422
    assert missing.json()["error"]["details"][0]["field"] == "command"
    score = client.post(f"/api/v1/cases/{case_id}/follow-up", json={"score": 9}, headers=auth)
    assert score.status_code == 422
    assert score.json()["error"]["details"][0]["field"] == "score"
    returned = client.post(
        f"/api/v1/cases/{case_id}/transitions", json={"command": "return"}, headers=auth
    )
    assert returned.status_code == 422
    assert returned.json()["error"]["details"][0]["field"] == "reason"


def test_a_case_is_worked_from_complaint_to_closed_through_the_api(
    client: TestClient, session: Session, world: World
) -> None:
    case_id = _open(session, world)
    li, wang = world.auth("handler_li"), world.auth("head_wang")
    url = f"/api/v1/cases/{case_id}"
    assert (
        client.post(f"{url}/transitions", json={"command": "acknowledge"}, headers=li).status_code
        == 200
    )
    assert (
        client.post(f"{url}/transitions", json={"command": "start"}, headers=li).status_code == 200
    )
    contact = client.post(
        f"{url}/contacts",
        json={"channel": "phone", "outcome": "reached", "note": "致歉"},
        headers=li,
    )
    assert contact.status_code == 201
    assert len(contact.json()["contacts"]) == 1
    action = client.post(
        f"{url}/actions", json={"kind": "refund", "amount": "500", "note": "退费"}, headers=li
    )
    assert action.status_code == 201
    assert action.json()["status"] == "proposed"
    action_id = action.json()["id"]
    assert client.get(url, headers=li).json()["status"] == "pending_approval"
    denied = client.post(
        f"{url}/actions/{action_id}/decision", json={"decision": "approve"}, headers=li
    )
    assert denied.status_code == 403
    approved = client.post(
        f"{url}/actions/{action_id}/decision", json={"decision": "approve"}, headers=wang
    )
    assert approved.status_code == 200
    assert approved.json()["status"] == "in_progress"
    assert approved.json()["actions"][0]["status"] == "approved"
    no_cause = client.post(
        f"{url}/transitions",
        json={"command": "resolve", "resolution_code": "recovered"},
        headers=li,
    )
    assert no_cause.status_code == 422
    assert no_cause.json()["error"]["code"] == "case.root_cause_required"
    resolved = client.post(f"{url}/transitions", json={"command": "resolve", **RESOLVE}, headers=li)
    assert resolved.status_code == 200
    assert resolved.json()["resolution_working_minutes"] is not None
    follow = client.post(f"{url}/follow-up", json={"score": 5, "comment": "满意"}, headers=li)
    assert follow.status_code == 201
    body = follow.json()
    assert (body["status"], body["follow_up_score"]) == ("closed", 5)
    kinds = [e["kind"] for e in body["events"]]
    assert kinds == [
        "opened",
        "acknowledged",
        "started",
        "contact_logged",
        "approval_requested",
        "approved",
        "resolved",
        "followed_up",
    ]


def test_analyst_may_read_but_not_act(client: TestClient, session: Session, world: World) -> None:
    case_id = _open(session, world)
    chen = world.auth("analyst_chen")
    assert client.get(f"/api/v1/cases/{case_id}", headers=chen).status_code == 200
    r = client.post(
        f"/api/v1/cases/{case_id}/transitions", json={"command": "acknowledge"}, headers=chen
    )
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "case.forbidden"


def test_open_a_case_by_hand_from_feedback_or_from_scratch(
    client: TestClient, session: Session, world: World
) -> None:
    item = add_feedback(session, world, received_at=sh(2026, 11, 24, 9), rating=3)
    session.commit()
    li = world.auth("handler_li")
    made = client.post(
        "/api/v1/cases",
        json={
            "title": "来电投诉：窗口推诿",
            "feedback_ids": [item.id],
            "priority": "high",
            "assignee": "me",
        },
        headers=li,
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["status"], body["priority"], body["feedback_ids"]) == ("new", "high", [item.id])
    assert body["assignee_id"] == world.users["handler_li"].id
    assert body["unit_id"] == world.unit_a.id
    again = client.post("/api/v1/cases", json={"feedback_ids": [item.id]}, headers=li)
    assert again.status_code == 409
    scratch = client.post("/api/v1/cases", json={"title": "信件", "unit": "HP-B"}, headers=li)
    assert scratch.status_code == 201
    assert scratch.json()["unit_id"] == world.unit_b.id
    foreign = client.post(
        "/api/v1/cases", json={"feedback_ids": [item.id]}, headers=world.auth("outsider_bob")
    )
    assert foreign.status_code == 422
    assert foreign.json()["error"]["details"]["field"] == "feedback_ids"


def test_sla_policies_are_listed_for_all_and_changed_by_admins(
    client: TestClient, world: World
) -> None:
    listed = client.get("/api/v1/sla-policies", headers=world.auth("handler_li"))
    assert listed.status_code == 200
    assert [p["priority"] for p in listed.json()] == ["urgent", "high", "normal", "low"]
    body = {"first_response_minutes": 60, "resolution_minutes": 1080}
    denied = client.put("/api/v1/sla-policies/normal", json=body, headers=world.auth("head_wang"))
    assert denied.status_code == 403
    changed = client.put("/api/v1/sla-policies/normal", json=body, headers=world.auth("admin_zhao"))
    assert changed.status_code == 200
    assert (changed.json()["first_response_minutes"], changed.json()["is_default"]) == (60, False)
    unknown = client.put(
        "/api/v1/sla-policies/whenever", json=body, headers=world.auth("admin_zhao")
    )
    assert unknown.status_code == 422


def test_error_messages_are_localised(client: TestClient, session: Session, world: World) -> None:
    case_id = _open(session, world)
    r = client.post(
        f"/api/v1/cases/{case_id}/transitions",
        json={"command": "reopen", "reason": "x"},
        headers={**world.auth("handler_li"), "Accept-Language": "zh-CN"},
    )
    assert r.status_code == 409
    assert "不能执行" in r.json()["error"]["message"]


def test_opened_range_filter_needs_aware_datetimes(
    client: TestClient, session: Session, world: World
) -> None:
    early = _open(session, world, received_at=sh(2026, 11, 2, 10))
    late = _open(session, world, received_at=sh(2026, 11, 20, 10))
    auth = world.auth("admin_zhao")
    window = {"opened_from": "2026-11-10T00:00:00+08:00", "opened_to": "2026-11-30T00:00:00+08:00"}
    inside = client.get("/api/v1/cases", params=window, headers=auth)
    assert [c["id"] for c in inside.json()["items"]] == [late]
    before = client.get("/api/v1/cases", params={"opened_to": "2026-11-10T00:00:00Z"}, headers=auth)
    assert [c["id"] for c in before.json()["items"]] == [early]
    naive = client.get("/api/v1/cases", params={"opened_from": "2026-11-10T00:00:00"}, headers=auth)
    assert naive.status_code == 422
    assert naive.json()["error"]["details"][0]["field"] == "opened_from"
