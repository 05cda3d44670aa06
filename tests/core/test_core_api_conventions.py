from __future__ import annotations

from fastapi.testclient import TestClient
from tests.factories import World


def test_healthz_answers_without_login(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_api_without_token_is_a_json_error_with_a_stable_code(client: TestClient) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "auth.required"


def test_error_messages_follow_the_accept_language(client: TestClient) -> None:
    zh = client.get("/api/v1/me", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).json()
    en = client.get("/api/v1/me", headers={"Accept-Language": "en-GB"}).json()
    assert zh["error"]["code"] == en["error"]["code"] == "auth.required"
    assert zh["error"]["message"] != en["error"]["message"]
    assert "登录" in zh["error"]["message"]


def test_a_revoked_or_made_up_token_is_refused(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer cxl_made_up"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "auth.invalid_token"


def test_a_token_identifies_its_user(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/me", headers=world.auth("handler_li"))
    assert response.status_code == 200
    assert response.json()["username"] == "handler_li"
    assert response.json()["organization_id"] == world.org.id


def test_bob_sees_only_his_organisations_units(client: TestClient, world: World) -> None:
    ours = client.get("/api/v1/units", headers=world.auth("admin_zhao")).json()["items"]
    bobs = client.get("/api/v1/units", headers=world.auth("outsider_bob")).json()["items"]
    assert len(ours) == 4
    assert [u["code"] for u in bobs] == ["FRONT"]


def test_unknown_route_is_a_json_not_found(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "resource.not_found"
