"""Login, logout, CSRF, the safe ``next`` redirect and tenant isolation of the pages (both DBs)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from tests.factories import PASSWORD, World
from tests.web.conftest import csrf_from, login
from tests.web.web_factories import Seeded

from cxloop.accounts.service import SESSION_COOKIE


def test_unauthenticated_pages_redirect_to_login_with_the_page_as_next(
    client: TestClient, world: World
) -> None:
    for path, expected in (
        ("/", "/login?next=/"),
        ("/feedback?channel=hotline", "/login?next=/feedback%3Fchannel%3Dhotline"),
        ("/cases/1", "/login?next=/cases/1"),
        ("/dashboard/trend.json", "/login?next=/dashboard/trend.json"),
    ):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == expected


def test_healthz_static_files_and_the_login_form_answer_without_login(
    client: TestClient, world: World
) -> None:
    assert client.get("/healthz").status_code == 200
    assert client.get("/static/vendor/echarts/echarts.min.js").status_code == 200
    assert client.get("/static/vendor/htmx/htmx.min.js").status_code == 200
    form = client.get("/login")
    assert form.status_code == 200
    assert 'name="csrf_token"' in form.text


def test_an_htmx_request_without_login_is_told_to_redirect_the_whole_page(
    client: TestClient, world: World
) -> None:
    response = client.get("/feedback", headers={"HX-Request": "true"}, follow_redirects=False)

    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/login?next=/feedback"


def test_a_wrong_password_shows_the_localised_error_and_sets_no_session(
    client: TestClient, world: World
) -> None:
    token = csrf_from(client.get("/login").text)
    english = client.post(
        "/login",
        data={"username": "handler_li", "password": "nope", "csrf_token": token},
    )
    chinese = client.post(
        "/login",
        data={"username": "handler_li", "password": "nope", "csrf_token": token},
        headers={"Accept-Language": "zh-CN,zh;q=0.9"},
    )

    assert english.status_code == 401
    assert "Wrong user name or password." in english.text
    assert chinese.status_code == 401
    assert "用户名或密码错误" in chinese.text
    assert SESSION_COOKIE not in client.cookies


def test_signing_in_goes_to_next_but_never_to_another_site(
    client: TestClient, world: World
) -> None:
    for next_url, expected in (
        ("/cases?status=open", "/cases?status=open"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
    ):
        client.cookies.clear()
        token = csrf_from(client.get("/login").text)
        response = client.post(
            "/login",
            data={
                "username": "handler_li",
                "password": PASSWORD,
                "csrf_token": token,
                "next": next_url,
            },
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert response.headers["location"] == expected, next_url


def test_a_post_without_the_csrf_token_is_a_403_page(
    signed_in: Callable[[str], TestClient], seeded: Seeded
) -> None:
    client = signed_in("handler_li")

    response = client.post("/cases/1/commands/acknowledge", data={})
    login_without_token = client.post("/login", data={"username": "x", "password": "y"})
    logout_with_a_wrong_token = client.post("/logout", data={"csrf_token": "0" * 64})

    for page in (response, login_without_token, logout_with_a_wrong_token):
        assert page.status_code == 403
        assert "text/html" in page.headers["content-type"]
        assert 'data-code="auth.csrf_failed"' in page.text
        assert "The form has expired" in page.text


def test_outsider_bob_gets_a_404_page_for_another_organisations_case_and_feedback(
    signed_in: Callable[[str], TestClient], seeded: Seeded
) -> None:
    client = signed_in("admin_zhao")
    own_case = client.get("/cases?assignee=any")
    assert own_case.status_code == 200
    assert 'data-testid="case-row"' in own_case.text

    client = signed_in("outsider_bob")
    case_page = client.get("/cases/1")
    feedback_page = client.get(f"/feedback/{seeded.feedback_ids[0]}")
    queue = client.get("/cases?assignee=any")

    assert case_page.status_code == 404
    assert 'data-code="case.not_found"' in case_page.text
    assert feedback_page.status_code == 404
    assert 'data-code="feedback.not_found"' in feedback_page.text
    assert 'data-testid="case-row"' not in queue.text


def test_logging_out_ends_the_session(signed_in: Callable[[str], TestClient], world: World) -> None:
    client = signed_in("analyst_chen")
    token = csrf_from(client.get("/").text)

    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert client.get("/", follow_redirects=False).status_code == 303


def test_chinese_browsers_get_chinese_pages_and_the_switch_overrides_it(
    client: TestClient, world: World
) -> None:
    login(client, "analyst_chen")
    zh = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}

    chinese = client.get("/", headers=zh)
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    switched = client.get("/lang/en?next=/", headers=zh, follow_redirects=False)
    after_switch = client.get("/", headers=zh)

    assert '<html lang="zh-CN">' in chinese.text and "仪表盘" in chinese.text
    assert '<html lang="en">' in english.text and "Dashboard" in english.text
    assert switched.status_code == 303 and switched.headers["location"] == "/"
    assert '<html lang="en">' in after_switch.text
    assert client.get("/lang/fr", follow_redirects=False).status_code == 404


def test_a_form_sent_without_login_comes_back_to_its_page_not_to_the_post_url(
    client: TestClient, world: World
) -> None:
    form = client.get("/login")
    token = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    base = str(client.base_url).rstrip("/")

    response = client.post(
        "/cases/7/contacts",
        data={"csrf_token": token, "outcome": "reached"},
        headers={"Referer": f"{base}/cases/7"},
        follow_redirects=False,
    )
    stray = client.post(
        "/cases/7/contacts",
        data={"csrf_token": token, "outcome": "reached"},
        headers={"Referer": "https://elsewhere.example/cases/7"},
        follow_redirects=False,
    )

    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/cases/7"
    assert stray.status_code == 303
    assert stray.headers["location"] == "/login?next=/"
