"""The pages in real headless Chromium (Debian's), against a live uvicorn server on each database.

Handlers are covered on both databases by the TestClient tests; here the browser proves what only
a browser can: HTMX swaps, ECharts drawing on a canvas, forms and redirects, and that a page never
reaches outside 127.0.0.1.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

import pytest
from tests.web.conftest import LiveServer, browser_login
from tests.web.web_factories import ITEMS

from cxloop.cases import service as cases_service
from cxloop.feedback import service as feedback_service

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _chart_series(page: Any, element_id: str) -> list[dict[str, Any]]:
    page.wait_for_function(
        f"document.getElementById('{element_id}').getAttribute('data-drawn') === 'yes'"
    )
    series: list[dict[str, Any]] = page.evaluate(
        f"""() => {{
            const chart = echarts.getInstanceByDom(document.getElementById('{element_id}'));
            return chart.getOption().series.map(s => ({{name: s.name, type: s.type, data: s.data}}));
        }}"""
    )
    return series


def test_a_wrong_password_shows_a_localised_error(new_page: Callable[..., Any]) -> None:
    english = new_page("en-US")
    browser_login(english, "handler_li", "wrong password")
    chinese = new_page("zh-CN")
    browser_login(chinese, "handler_li", "wrong password")

    assert (
        english.locator("[data-testid=login-error]").inner_text() == "Wrong user name or password."
    )
    assert chinese.locator("[data-testid=login-error]").inner_text() == "用户名或密码错误。"
    assert urlparse(english.url).path == "/login"


def test_the_dashboard_draws_tiles_with_n_and_both_charts_without_leaving_127_0_0_1(
    new_page: Callable[..., Any], live_server: LiveServer
) -> None:
    page = new_page("en-US")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    browser_login(page, "analyst_chen")

    page.wait_for_selector("[data-testid=tile-satisfaction_rate]")
    tile = page.locator("[data-testid=tile-satisfaction_rate]")
    assert tile.get_attribute("data-n") == str(live_server.seeded.rated)
    assert re.search(r"95% CI \d+\.\d% – \d+\.\d%", tile.inner_text())
    assert page.locator(".tile").count() == 12

    trend = _chart_series(page, "trend-chart")
    assert [s["type"] for s in trend] == ["line", "line", "line"]  # band base, band, value
    assert any(v is not None for v in trend[2]["data"])
    assert any(v is not None for v in trend[1]["data"])  # the interval band has width
    aspects = _chart_series(page, "aspect-chart")
    assert aspects[0]["type"] == "bar" and sum(aspects[0]["data"]) > 0
    assert aspects[1]["type"] == "line" and aspects[1]["data"][-1] == 100
    assert page.locator("#trend-chart canvas").count() == 1

    page.select_option("[data-testid=trend-metric]", "negative_share")
    page.wait_for_function(
        "echarts.getInstanceByDom(document.getElementById('trend-chart'))"
        ".getOption().series[2].name.startsWith('Negative')"
    )

    assert requested, "no request recorded"
    outside = [url for url in requested if urlparse(url).hostname != "127.0.0.1"]
    assert outside == []


def test_the_inbox_filter_narrows_the_list_through_htmx(new_page: Callable[..., Any]) -> None:
    page = new_page("en-US")
    browser_login(page, "handler_li")
    page.goto("/feedback")
    rows = page.locator("[data-testid=feedback-row]")
    assert rows.count() == len(ITEMS)
    swaps: list[str] = []
    page.on("request", lambda r: swaps.append(r.headers.get("hx-target", "")))

    page.select_option("[data-testid=filter-sentiment]", "negative")
    page.wait_for_function(
        f"document.querySelectorAll('[data-testid=feedback-row]').length < {len(ITEMS)}"
    )
    narrowed = rows.count()
    page.fill("[data-testid=filter-q]", "排队")
    page.wait_for_function(
        f"document.querySelectorAll('[data-testid=feedback-row]').length < {narrowed}"
    )

    assert 0 < rows.count() < narrowed
    assert "feedback-results" in swaps  # HTMX asked for the fragment, not a whole page
    assert "sentiment=negative" in page.url  # the filtered view has its own address


def test_a_case_is_worked_from_acknowledge_to_a_follow_up_that_closes_it(
    new_page: Callable[..., Any], live_server: LiveServer
) -> None:
    world = live_server.world
    with live_server.session_factory() as session:
        filters = cases_service.CaseFilters(unit_ids=[world.unit_a.id], statuses=["new"])
        case = cases_service.list_cases(
            session, organization_id=world.org.id, filters=filters
        ).items[0]
    page = new_page("en-US")
    browser_login(page, "handler_li")
    page.goto(f"/cases/{case.id}")

    page.click("[data-testid=cmd-acknowledge]")
    page.wait_for_selector("[data-testid=case-page][data-status=acknowledged]")
    page.click("[data-testid=cmd-start]")
    page.wait_for_selector("[data-testid=case-page][data-status=in_progress]")

    page.select_option("[name=root_cause_aspect]", "timeliness")
    page.select_option("[name=resolution_code]", "recovered")
    page.click("[data-testid=submit-resolve]")  # no contact logged yet: refused, with an alert
    alert = page.wait_for_selector("[data-testid=alert]")
    assert "contact" in alert.inner_text()
    assert page.locator("[data-testid=case-page]").get_attribute("data-status") == "in_progress"

    page.select_option("[data-testid=contact-outcome]", "reached")
    page.fill("[data-testid=contact-form] textarea[name=note]", "Apologised, explained the queue")
    page.click("[data-testid=submit-contact]")
    page.wait_for_selector("[data-testid=event][data-kind=contact_logged]")
    page.select_option("[name=root_cause_aspect]", "timeliness")
    page.select_option("[name=resolution_code]", "recovered")
    page.click("[data-testid=submit-resolve]")
    page.wait_for_selector("[data-testid=case-page][data-status=resolved]")
    page.check("[data-testid=score-5]")
    page.click("[data-testid=submit-follow-up]")
    page.wait_for_selector("[data-testid=case-page][data-status=closed]")

    kinds = page.locator("[data-testid=event]").evaluate_all(
        "items => items.map(i => i.getAttribute('data-kind'))"
    )
    for kind in ("opened", "acknowledged", "started", "contact_logged", "resolved", "followed_up"):
        assert kind in kinds
    timeline = page.locator("[data-testid=timeline]").inner_text()
    assert "李娜" in timeline  # every event names its actor
    assert page.locator("[data-testid=follow-up-score]").inner_text() == "5 / 5"
    # closed: only reopening is left, no more contacts or follow-ups
    assert page.locator("[data-testid=form-reopen]").count() == 1
    assert page.locator("[data-testid=contact-form]").count() == 0
    assert page.locator("[data-testid=follow-up-form]").count() == 0


def test_chinese_and_english_pages_and_the_language_switch(new_page: Callable[..., Any]) -> None:
    page = new_page("zh-CN")
    browser_login(page, "analyst_chen")
    page.wait_for_selector("[data-testid=tile-nps]")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("h1").first.inner_text() == "仪表盘"
    assert "好差评满意率" in page.locator("[data-testid=tile-satisfaction_rate]").inner_text()

    page.click("[data-testid=lang-en]")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("h1").first.inner_text() == "Dashboard"
    page.goto("/cases?assignee=any")
    assert "Case workbench" in page.locator("h1").inner_text()


def test_a_person_corrects_the_reading_on_the_detail_page_and_the_inbox_counts_it(
    new_page: Callable[..., Any], live_server: LiveServer
) -> None:
    # its own item, so the other tests' counts stay as they were
    world = live_server.world
    text = "窗口工作人员很耐心，一次就办好了，谢谢"
    with live_server.session_factory() as session:
        report = feedback_service.ingest_items(
            session,
            organization_id=world.org.id,
            items=[{"channel": "app", "source_ref": "browser-correct", "text": text}],
        )
        session.commit()
        fid = report.outcomes[0].id
    page = new_page("zh-CN")
    browser_login(page, "analyst_chen", then=f"/feedback/{fid}")
    assert "正面" in page.locator("[data-testid=sentiment]").inner_text()
    assert page.locator("[data-testid=sentiment-corrected]").count() == 0

    page.click("[data-testid=correct] summary")
    page.select_option("[data-testid=correct-sentiment] select[name=value]", "negative")
    page.click("[data-testid=correct-sentiment] button")
    badge = page.wait_for_selector("[data-testid=sentiment-corrected]")
    assert "陈静" in badge.inner_text()
    assert "模型判断：正面" in page.locator("[data-testid=sentiment]").inner_text()

    page.select_option("[data-testid=correct-aspect] select[name=value]", "facilities")
    page.click("[data-testid=correct-aspect] button")
    page.wait_for_selector("[data-testid=aspects] [data-aspect=facilities][data-polarity=negative]")
    page.click("[data-testid=remove-facilities]")
    page.wait_for_selector("[data-testid=corrections] li:nth-child(3)")
    assert page.locator("[data-aspect=facilities]").count() == 0
    history = page.locator("[data-testid=corrections]").inner_text()
    assert "与设施设备无关" in history, history

    page.goto("/feedback?sentiment=negative&q=" + "耐心")
    ids = page.locator("[data-testid=feedback-row]").evaluate_all(
        "rows => rows.map(r => r.getAttribute('data-id'))"
    )
    assert str(fid) in ids
    marker = page.locator(
        f"[data-testid=feedback-row][data-id='{fid}'] [data-testid=row-corrected]"
    )
    assert marker.is_visible() and marker.inner_text() == "已人工纠正"
    assert (marker.get_attribute("title") or "").startswith("有人纠正过机器")
