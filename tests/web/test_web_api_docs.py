"""The API documentation: behind the login, and Swagger UI served from the package (no CDN)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.factories import World


def test_the_schema_and_the_docs_need_a_login(client: TestClient, world: World) -> None:
    schema = client.get("/openapi.json")
    docs = client.get("/docs", follow_redirects=False)

    assert schema.status_code == 401
    assert schema.json()["error"]["code"]
    assert docs.status_code == 303
    assert docs.headers["location"] == "/login?next=/docs"


def test_a_signed_in_caller_gets_the_schema_and_an_offline_swagger_page(
    client: TestClient, world: World
) -> None:
    schema = client.get("/openapi.json", headers=world.auth("analyst_chen"))
    docs = client.get("/docs", headers=world.auth("analyst_chen"))

    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/feedback/batch" in paths and "/api/v1/cases/{case_id}/transitions" in paths
    assert "/docs" not in paths and "/login" not in paths
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    bundle = client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000
