"""Recovery actions and approvals in real headless Chromium, on both databases.

A handler records a recovery action from the case page; a material one above the organisation's
approval limit (200 CNY by default, ``cases.sla.Settings.approval_limit``) puts the case in
``pending_approval`` until a unit head approves or rejects it from the same page. A handler is
offered no approve button, and a request forged around the page is refused by the server.

While the case waits, a panel at the top of the page says what waits, who asked, when and why, and
carries the unit head's decision (a note, required to reject); the action form says beforehand that
another material action above the limit would be refused. Refusals name commands and states in the
reader's language.

Each test opens its own case through ``cases.service`` (the state before the story starts) and then
works it only through the browser; the stored state is read back through the service.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from tests.web.conftest import LiveServer, browser_login
from tests.web.web_factories import case_in_progress

from cxloop.accounts.service import principal_for
from cxloop.cases import service as cases_service
from cxloop.cases.schemas import CaseRead

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _case_in_progress(live: LiveServer, title: str) -> int:
    with live.session_factory() as session:
        return case_in_progress(session, live.world, title)


def _stored(live: LiveServer, case_id: int) -> CaseRead:
    with live.session_factory() as session:
        return cases_service.get_case(session, organization_id=live.world.org.id, case_id=case_id)


def _add_action(page: Any, kind: str, amount: str | None, note: str) -> None:
    form = page.locator("[data-testid=action-form]")
    form.locator("select[name=kind]").select_option(kind)
    if amount is not None:
        form.locator("input[name=amount]").fill(amount)
    form.locator("input[name=note]").fill(note)
    page.click("[data-testid=submit-action]")


def _action_rows(page: Any) -> list[list[str]]:
    rows: list[list[str]] = page.locator("[data-testid=actions] tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))"
    )
    return rows


def _event_kinds(page: Any) -> list[str]:
    kinds: list[str] = page.locator("[data-testid=event]").evaluate_all(
        "items => items.map(i => i.getAttribute('data-kind'))"
    )
    return kinds


def _forge_post(
    page: Any,
    url: str,
    *,
    json_body: dict[str, Any] | None = None,
    form: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POST from inside the signed-in page with its valid CSRF token, as a handler could from the
    browser's console: only the server's authorisation stands in the way."""
    token = page.locator("meta[name=csrf-token]").get_attribute("content")
    assert token
    answer: dict[str, Any] = page.evaluate(
        """async ([url, token, json, form]) => {
            const init = json === null
                ? {method: 'POST', body: new URLSearchParams({...form, csrf_token: token})}
                : {method: 'POST', body: JSON.stringify(json),
                   headers: {'Content-Type': 'application/json', 'X-CSRF-Token': token}};
            const r = await fetch(url, {...init, redirect: 'manual'});
            return {status: r.status, type: r.headers.get('content-type'), text: await r.text()};
        }""",
        [url, token, json_body, form or {}],
    )
    return answer


def test_a_refund_above_the_limit_waits_for_the_unit_head_who_approves_it(
    new_page: Callable[..., Any], live_server: LiveServer
) -> None:
    world = live_server.world
    case_id = _case_in_progress(live_server, "Refund above the limit")
    handler = new_page("en-US")
    browser_login(handler, "handler_li", then=f"/cases/{case_id}")

    _add_action(handler, "refund", "350", "Refund of the licence fee")
    handler.wait_for_selector("[data-testid=case-page][data-status=pending_approval]")

    assert "Waiting for approval" in handler.locator("h1").inner_text()
    rows = _action_rows(handler)
    assert len(rows) == 1
    assert rows[0][:5] == [
        "Refund",
        "Material",
        "350.00 CNY",
        "Waiting for approval",
        "Refund of the licence fee",
    ]
    requested = handler.locator("[data-testid=event][data-kind=approval_requested]")
    assert requested.count() == 1
    assert "Refund of the licence fee" in requested.inner_text()
    assert "李娜" in requested.inner_text()
    # the handler waits: no decision buttons on the page, and the panel says what waits
    assert handler.locator("[data-testid=cmd-approve]").count() == 0
    assert handler.locator("[data-testid=cmd-reject]").count() == 0
    panel = handler.locator("[data-testid=approval-panel]")
    assert panel.is_visible()
    assert "Waiting for approval: recovery action" in panel.inner_text()
    assert panel.locator("[data-testid=approval-what]").inner_text() == (
        "Refund · Material · 350.00 CNY"
    )
    assert panel.locator("[data-testid=approval-by]").inner_text() == "李娜"
    assert (
        panel.locator("[data-testid=approval-reason]").inner_text() == "Refund of the licence fee"
    )
    assert panel.locator("[data-testid=approval-at]").inner_text() != "—"
    assert panel.locator("[data-testid=approval-waiting]").is_visible()
    stored = _stored(live_server, case_id)
    assert stored.status == "pending_approval"
    assert len(stored.actions) == 1
    action = stored.actions[0]
    assert (action.status, action.needs_approval, action.nature) == ("proposed", True, "material")
    assert stored.approval_request is not None
    assert stored.approval_request["action_id"] == action.id

    head = new_page("en-US")
    browser_login(head, "head_wang", then=f"/cases/{case_id}")
    assert head.locator("[data-testid=cmd-approve]").inner_text() == "Approve"
    assert head.locator("[data-testid=cmd-reject]").inner_text() == "Reject"
    assert head.locator("[data-testid=approval-panel] [data-testid=decision-form]").is_visible()
    head.click("[data-testid=cmd-approve]")  # no note: approving needs none
    head.wait_for_selector("[data-testid=case-page][data-status=in_progress]")

    assert "In progress" in head.locator("h1").inner_text()
    assert head.locator("[data-testid=approval-panel]").count() == 0
    assert [row[3] for row in _action_rows(head)] == ["Approved"]
    decided = head.locator("[data-testid=event][data-kind=approved]")
    assert decided.count() == 1
    assert "王强" in decided.locator(".actor").inner_text()
    assert "Waiting for approval → In progress" in decided.inner_text()
    assert head.locator("[data-testid=cmd-approve]").count() == 0  # nothing left to decide
    kinds = _event_kinds(head)
    assert kinds.index("approval_requested") < kinds.index("approved")
    stored = _stored(live_server, case_id)
    assert stored.status == "in_progress"
    assert stored.approval_request is None
    assert stored.actions[0].status == "approved"
    assert stored.actions[0].decided_by_id == world.users["head_wang"].id
    assert stored.actions[0].decided_at is not None


def test_a_unit_head_rejects_a_voucher_on_the_chinese_page(
    new_page: Callable[..., Any], live_server: LiveServer
) -> None:
    world = live_server.world
    case_id = _case_in_progress(live_server, "代金券超出限额")
    handler = new_page("zh-CN")
    browser_login(handler, "handler_li", then=f"/cases/{case_id}")
    assert "记录挽回措施" in handler.locator("[data-testid=action-form]").inner_text()

    _add_action(handler, "voucher", "500", "赠送500元代金券")
    handler.wait_for_selector("[data-testid=case-page][data-status=pending_approval]")

    assert "待审批" in handler.locator("h1").inner_text()
    row = _action_rows(handler)[0]
    assert row[:5] == ["代金券", "物质补偿", "500.00 CNY", "待审批", "赠送500元代金券"]
    assert (
        "申请审批"
        in handler.locator("[data-testid=event][data-kind=approval_requested]").inner_text()
    )

    head = new_page("zh-CN")
    browser_login(head, "head_wang", then=f"/cases/{case_id}")
    assert head.locator("[data-testid=cmd-approve]").inner_text() == "批准"
    assert head.locator("[data-testid=cmd-reject]").inner_text() == "驳回"
    panel = head.locator("[data-testid=approval-panel]")
    assert "待审批：挽回措施" in panel.inner_text()
    assert panel.locator("[data-testid=approval-what]").inner_text() == (
        "代金券 · 物质补偿 · 500.00 CNY"
    )
    assert "审批意见（驳回时必填）" in panel.inner_text()
    # a rejection without a reason does not leave the browser
    head.click("[data-testid=cmd-reject]")
    note = head.locator("[data-testid=decision-note]")
    assert note.evaluate("el => el.matches(':invalid')")
    assert head.locator("[data-testid=case-page]").get_attribute("data-status") == (
        "pending_approval"
    )
    assert _stored(live_server, case_id).status == "pending_approval"
    note.fill("本月补偿预算已用完，请改为100元以内")
    head.click("[data-testid=cmd-reject]")
    head.wait_for_selector("[data-testid=case-page][data-status=in_progress]")

    assert "办理中" in head.locator("h1").inner_text()
    assert [r[3] for r in _action_rows(head)] == ["已驳回"]
    decided = head.locator("[data-testid=event][data-kind=rejected]")
    assert decided.count() == 1
    assert "已驳回" in decided.inner_text() and "王强" in decided.inner_text()
    assert "待审批 → 办理中" in decided.inner_text()
    assert "代金券 · 物质补偿 · 500.00 CNY" in decided.inner_text()
    assert decided.locator("[data-testid=decision-note]").inner_text() == (
        "驳回理由: 本月补偿预算已用完，请改为100元以内"
    )
    assert head.locator("[data-testid=event][data-kind=approved]").count() == 0
    stored = _stored(live_server, case_id)
    assert stored.status == "in_progress"
    assert stored.approval_request is None
    assert [(a.status, a.decided_by_id) for a in stored.actions] == [
        ("rejected", world.users["head_wang"].id)
    ]
    rejected = next(e for e in stored.events if e.kind == "rejected")
    assert rejected.data["note"] == "本月补偿预算已用完，请改为100元以内"

    # the case goes on: the handler can offer something within the limit instead
    handler.reload()
    _add_action(handler, "voucher", "100", "改为100元代金券")
    handler.wait_for_selector("[data-testid=event][data-kind=action_added]")
    assert [r[3] for r in _action_rows(handler)] == ["已驳回", "已批准"]
    assert handler.locator("[data-testid=case-page]").get_attribute("data-status") == "in_progress"


def test_an_action_at_the_limit_or_without_money_needs_no_approval(
    new_page: Callable[..., Any], live_server: LiveServer
) -> None:
    case_id = _case_in_progress(live_server, "Within the limit")
    page = new_page("en-US")
    browser_login(page, "handler_li", then=f"/cases/{case_id}")

    _add_action(page, "refund", "200", "Exactly the limit")
    page.wait_for_selector("[data-testid=event][data-kind=action_added]")
    _add_action(page, "apology", None, "Apologised in person")
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=event][data-kind=action_added]').length === 2"
    )

    assert page.locator("[data-testid=case-page]").get_attribute("data-status") == "in_progress"
    rows = _action_rows(page)
    assert len(rows) == 2
    assert [r[:4] for r in rows] == [
        ["Refund", "Material", "200.00 CNY", "Approved"],
        ["Apology", "Emotional", "—", "Approved"],
    ]
    assert page.locator("[data-testid=event][data-kind=approval_requested]").count() == 0
    stored = _stored(live_server, case_id)
    assert stored.status == "in_progress"
    assert [(a.kind, a.needs_approval) for a in stored.actions] == [
        ("refund", False),
        ("apology", False),
    ]


def test_a_handler_sees_no_approve_button_and_a_forged_approval_is_refused(
    new_page: Callable[..., Any], live_server: LiveServer
) -> None:
    case_id = _case_in_progress(live_server, "Forged approval")
    page = new_page("en-US")
    browser_login(page, "handler_li", then=f"/cases/{case_id}")
    _add_action(page, "upgrade", "999", "Upgrade to the express service")
    page.wait_for_selector("[data-testid=case-page][data-status=pending_approval]")
    assert page.locator("[data-testid=cmd-approve]").count() == 0
    assert page.locator("[data-testid=cmd-reject]").count() == 0
    action_id = _stored(live_server, case_id).actions[0].id

    form_post = _forge_post(page, f"/cases/{case_id}/commands/approve")
    api_post = _forge_post(
        page,
        f"/api/v1/cases/{case_id}/actions/{action_id}/decision",
        json_body={"decision": "approve"},
    )
    reject_post = _forge_post(page, f"/cases/{case_id}/commands/reject")

    assert form_post["status"] == 403
    assert form_post["type"].startswith("text/html")
    assert 'data-code="case.approver_required"' in form_post["text"]
    assert "Only a unit head or an admin may run “Approve”." in form_post["text"]
    assert api_post["status"] == 403
    assert api_post["type"].startswith("application/json")
    assert '"code":"case.approver_required"' in api_post["text"].replace(" ", "")
    assert reject_post["status"] == 403
    # nothing moved: the case still waits, the action is still only proposed
    stored = _stored(live_server, case_id)
    assert stored.status == "pending_approval"
    assert [(a.status, a.decided_by_id) for a in stored.actions] == [("proposed", None)]
    assert [e.kind for e in stored.events if e.kind in ("approved", "rejected")] == []

    # one approval at a time: the form says before submit that a second material action above
    # the limit would be refused, and the server refuses one forged around the form
    page.reload()
    waiting = page.locator("[data-testid=action-while-waiting]")
    assert "no further material action above 200 CNY can be requested" in waiting.inner_text()
    _add_action(page, "refund", "300", "A second refund")
    amount = page.locator("[data-testid=action-form] input[name=amount]")
    assert amount.evaluate("el => el.matches(':invalid')")
    assert amount.get_attribute("max") == "200"
    assert page.locator("[data-testid=alert]").count() == 0
    forged = _forge_post(
        page,
        f"/cases/{case_id}/actions",
        form={"kind": "refund", "amount": "300", "note": "A second refund"},
    )
    assert forged["status"] == 409
    assert 'data-code="case.invalid_transition"' in forged["text"]
    assert (
        "A case in state “Waiting for approval” cannot take the command “Request approval”."
        in forged["text"]
    )
    assert page.locator("[data-testid=case-page]").get_attribute("data-status") == (
        "pending_approval"
    )
    assert [a.note for a in _stored(live_server, case_id).actions] == [
        "Upgrade to the express service"
    ]

    # what the service still allows while the case waits: no money, or money within the limit
    _add_action(page, "apology", "300", "Apologised for the delay")  # emotional: no cap
    page.wait_for_selector("[data-testid=event][data-kind=action_added]")
    _add_action(page, "refund", "150", "Refund of the postage")
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=event][data-kind=action_added]').length === 2"
    )
    assert page.locator("[data-testid=case-page]").get_attribute("data-status") == (
        "pending_approval"
    )
    assert [(a.kind, a.status) for a in _stored(live_server, case_id).actions] == [
        ("upgrade", "proposed"),
        ("apology", "approved"),
        ("refund", "approved"),
    ]


def test_an_extension_request_is_approved_and_moves_the_resolution_deadline(
    new_page: Callable[..., Any], live_server: LiveServer
) -> None:
    case_id = _case_in_progress(live_server, "延期申请")
    before = _stored(live_server, case_id).resolution_due_at
    assert before is not None
    handler = new_page("zh-CN")
    browser_login(handler, "handler_li", then=f"/cases/{case_id}")

    handler.click("[data-testid=form-extend] summary")
    handler.fill("[data-testid=form-extend] input[name=days]", "2")
    handler.fill("[data-testid=form-extend] input[name=reason]", "需要现场核查")
    handler.click("[data-testid=submit-extend]")
    handler.wait_for_selector("[data-testid=case-page][data-status=pending_approval]")
    assert "需要现场核查" in handler.locator("[data-testid=timeline]").inner_text()
    assert handler.locator("[data-testid=cmd-approve]").count() == 0
    panel = handler.locator("[data-testid=approval-panel]")
    assert "待审批：延期申请" in panel.inner_text()
    assert panel.locator("[data-testid=approval-what]").inner_text() == "延期 2 个工作日"
    assert panel.locator("[data-testid=approval-reason]").inner_text() == "需要现场核查"
    promised = panel.locator("[data-testid=approval-new-due]").inner_text()
    assert promised != "—"
    waiting = _stored(live_server, case_id)
    assert waiting.approval_request is not None
    assert waiting.approval_request["kind"] == "extension"
    assert waiting.resolution_due_at == before  # not moved before the decision

    head = new_page("zh-CN")
    browser_login(head, "head_wang", then=f"/cases/{case_id}")
    head.click("[data-testid=cmd-approve]")
    head.wait_for_selector("[data-testid=case-page][data-status=in_progress]")

    decided = head.locator("[data-testid=event][data-kind=approved]")
    assert decided.count() == 1 and "王强" in decided.inner_text()
    assert f"新的办结时限：{promised}" in decided.inner_text()  # the deadline the panel promised
    stored = _stored(live_server, case_id)
    assert stored.status == "in_progress" and stored.approval_request is None
    assert stored.resolution_due_at is not None and stored.resolution_due_at > before
    event = next(e for e in stored.events if e.kind == "approved")
    assert datetime.fromisoformat(event.data["previous_due_at"]) == before
    assert datetime.fromisoformat(event.data["new_due_at"]) == stored.resolution_due_at


def test_refusals_on_the_chinese_page_name_the_command_and_the_state_in_chinese(
    new_page: Callable[..., Any], live_server: LiveServer
) -> None:
    world = live_server.world
    case_id = _case_in_progress(live_server, "陈旧页面")
    page = new_page("zh-CN")
    browser_login(page, "handler_li", then=f"/cases/{case_id}")
    assert page.locator("[data-testid=action-limit-hint]").inner_text() == (
        "超过 200 元的物质补偿需要部门负责人审批。"
    )

    # meanwhile a colleague's refund above the limit puts the case into pending_approval; this page
    # still shows the form as it was
    with live_server.session_factory() as session:
        cases_service.add_recovery_action(
            session,
            organization_id=world.org.id,
            case_id=case_id,
            actor=principal_for(world.users["head_wang"], via="token"),
            payload={"kind": "refund", "amount": "260", "note": "同事已申请退款"},
        )
        session.commit()
    _add_action(page, "voucher", "300", "再送代金券")
    alert = page.wait_for_selector("[data-testid=alert]")
    assert alert.get_attribute("data-code") == "case.invalid_transition"
    text = alert.inner_text()
    assert "处于「待审批」状态的工单不能执行「申请审批」。" in text
    assert "pending_approval" not in text and "request_approval" not in text

    page.reload()
    assert "审批结束前，不能再申请超过 200 元的物质补偿" in (
        page.locator("[data-testid=action-while-waiting]").inner_text()
    )
    forged = _forge_post(page, f"/cases/{case_id}/commands/approve")
    assert forged["status"] == 403
    assert "只有部门负责人或管理员可以执行「批准」。" in forged["text"]
    assert [a.note for a in _stored(live_server, case_id).actions] == ["同事已申请退款"]
