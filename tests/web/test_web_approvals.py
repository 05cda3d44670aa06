"""The approval experience on the case page and the messages around it, on both databases.

A case waits for approval (a refund above the limit, or an extension): the page says what waits,
who asked, when and why; a unit head decides there with a note, which a rejection must carry; the
action form says beforehand what would be refused while the case waits. Error messages name
commands and states in the reader's language, in the API's JSON and on the page, while the JSON
``code`` and ``details`` stay the stable codes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.factories import World
from tests.web.conftest import csrf_from
from tests.web.web_factories import case_in_progress

from cxloop.accounts.service import principal_for
from cxloop.cases import service as cases_service
from cxloop.cases.schemas import CaseRead
from cxloop.core.i18n import label, translate

HTMX = {"HX-Request": "true", "HX-Boosted": "true"}


def _waiting_for_a_refund(session: Session, world: World, amount: str = "350") -> int:
    case_id = case_in_progress(session, world)
    cases_service.add_recovery_action(
        session,
        organization_id=world.org.id,
        case_id=case_id,
        actor=principal_for(world.users["handler_li"], via="token"),
        payload={"kind": "refund", "amount": amount, "note": "Refund of the licence fee"},
    )
    session.commit()
    return case_id


def _stored(session: Session, world: World, case_id: int) -> CaseRead:
    session.expire_all()
    return cases_service.get_case(session, organization_id=world.org.id, case_id=case_id)


def _panel(page: str) -> str:
    found = re.search(r'<section class="panel approval-panel".*?</section>', page, re.S)
    assert found is not None, "no approval panel on the page"
    return found.group(0)


def _text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _post(client: TestClient, url: str, data: dict[str, str], lang: str = "en") -> Any:
    token = csrf_from(client.get(url.split("/commands")[0].split("/actions")[0]).text)
    return client.post(
        url,
        data={"csrf_token": token, **data},
        headers={**HTMX, "X-CSRF-Token": token, "Accept-Language": lang},
        follow_redirects=False,
    )


# --- 1. commands and states in the reader's language ------------------------------------------


def test_labels_come_from_the_pages_table_and_unknown_values_stay_as_they_are() -> None:
    assert label("web.status", "pending_approval", "zh-CN") == "待审批"
    assert label("web.command", "approve", "zh-CN") == "批准"
    assert label("web.command", "approve", "en") == "Approve"
    assert label("web.command", "no_such_command", "zh-CN") == "no_such_command"
    # the page's button and the message's word are one entry
    assert translate("web.command.reject", "zh-CN") in translate(
        "error.case.approver_required", "zh-CN", command="reject"
    )
    # ordinary format specs are not mistaken for tables (an unknown key is its own template)
    assert translate("[{a:>4}|{b:.1f}]", "en", a="ab", b=2.25) == "[  ab|2.2]"


def test_api_messages_name_commands_and_states_in_the_readers_language(
    client: TestClient, session: Session, world: World
) -> None:
    case_id = _waiting_for_a_refund(session, world)
    action_id = _stored(session, world, case_id).actions[0].id

    def post(url: str, body: dict[str, Any], persona: str, lang: str) -> Any:
        return client.post(url, json=body, headers={**world.auth(persona), "Accept-Language": lang})

    decision = f"/api/v1/cases/{case_id}/actions/{action_id}/decision"
    actions = f"/api/v1/cases/{case_id}/actions"
    second = {"kind": "refund", "amount": "300", "note": "A second refund"}
    zh_forbidden = post(decision, {"decision": "approve"}, "handler_li", "zh-CN")
    en_forbidden = post(decision, {"decision": "approve"}, "handler_li", "en-US")
    zh_refused = post(actions, second, "handler_li", "zh-CN")
    en_refused = post(actions, second, "handler_li", "en")

    assert zh_forbidden.status_code == en_forbidden.status_code == 403
    assert zh_forbidden.json()["error"]["message"] == "只有部门负责人或管理员可以执行「批准」。"
    assert en_forbidden.json()["error"]["message"] == (
        "Only a unit head or an admin may run “Approve”."
    )
    assert zh_refused.status_code == en_refused.status_code == 409
    assert zh_refused.json()["error"]["message"] == "处于「待审批」状态的工单不能执行「申请审批」。"
    assert en_refused.json()["error"]["message"] == (
        "A case in state “Waiting for approval” cannot take the command “Request approval”."
    )
    # the contract for integrators is unchanged: stable codes, raw values in details
    for answer in (zh_forbidden, en_forbidden):
        assert answer.json()["error"]["code"] == "case.approver_required"
        assert answer.json()["error"]["details"] is None
    for answer in (zh_refused, en_refused):
        assert answer.json()["error"]["code"] == "case.invalid_transition"
        assert answer.json()["error"]["details"] == {
            "state": "pending_approval",
            "command": "request_approval",
        }
    assert len(_stored(session, world, case_id).actions) == 1


def test_page_alerts_name_commands_and_states_in_the_readers_language(
    signed_in: Callable[[str], TestClient], session: Session, world: World
) -> None:
    case_id = _waiting_for_a_refund(session, world)
    client = signed_in("handler_li")
    approve = f"/cases/{case_id}/commands/approve"
    actions = f"/cases/{case_id}/actions"
    second = {"kind": "refund", "amount": "300", "note": "A second refund"}

    zh_forbidden = _post(client, approve, {}, "zh-CN")
    en_forbidden = _post(client, approve, {}, "en")
    zh_refused = _post(client, actions, second, "zh-CN")
    en_refused = _post(client, actions, second, "en")

    assert zh_forbidden.status_code == en_forbidden.status_code == 403
    assert 'data-code="case.approver_required"' in zh_forbidden.text
    assert "只有部门负责人或管理员可以执行「批准」。" in _text(zh_forbidden.text)
    assert "Only a unit head or an admin may run “Approve”." in _text(en_forbidden.text)
    assert zh_refused.status_code == en_refused.status_code == 409
    assert 'data-code="case.invalid_transition"' in en_refused.text
    assert "处于「待审批」状态的工单不能执行「申请审批」。" in _text(zh_refused.text)
    assert (
        "A case in state “Waiting for approval” cannot take the command “Request approval”."
        in _text(en_refused.text)
    )
    for answer in (zh_forbidden, zh_refused, en_refused):
        assert "pending_approval" not in _text(answer.text)
        assert "request_approval" not in _text(answer.text)
    assert "approve" not in _text(zh_forbidden.text)


# --- 2. a note with the decision; a rejection needs one ---------------------------------------


def test_a_rejection_from_the_page_needs_a_reason_and_the_timeline_shows_it(
    signed_in: Callable[[str], TestClient], session: Session, world: World
) -> None:
    case_id = _waiting_for_a_refund(session, world)
    head = signed_in("head_wang")
    page = head.get(f"/cases/{case_id}").text
    form = re.search(r'<form[^>]*data-testid="decision-form".*?</form>', page, re.S)
    assert form is not None
    assert 'name="note"' in form.group(0) and "required" in form.group(0)
    assert f'formaction="/cases/{case_id}/commands/approve" formnovalidate' in form.group(0)

    reject = f"/cases/{case_id}/commands/reject"
    missing = _post(head, reject, {"note": "   "}, "zh-CN")
    missing_en = _post(head, reject, {}, "en")

    assert missing.status_code == missing_en.status_code == 422
    assert 'data-code="case.reject_reason_required"' in missing.text
    assert "驳回时请填写理由" in _text(missing.text)
    assert "Give a reason for the rejection" in _text(missing_en.text)
    assert _stored(session, world, case_id).status == "pending_approval"

    done = _post(head, reject, {"note": "Above this month's budget; offer a voucher"})
    assert done.status_code == 303
    stored = _stored(session, world, case_id)
    assert stored.status == "in_progress"
    assert stored.actions[0].status == "rejected"
    rejected = [e for e in stored.events if e.kind == "rejected"]
    assert len(rejected) == 1
    assert rejected[0].data["note"] == "Above this month's budget; offer a voucher"

    shown = signed_in("handler_li").get(f"/cases/{case_id}").text
    event = re.search(r'<li data-testid="event" data-kind="rejected">.*?</li>', shown, re.S)
    assert event is not None
    assert "Reason for rejection: Above this month's budget; offer a voucher" in _text(
        event.group(0)
    )
    assert "Refund · Material · 350.00 CNY" in _text(event.group(0))
    assert 'data-testid="approval-panel"' not in shown


def test_a_handler_forging_a_bare_rejection_is_told_only_a_unit_head_may_reject(
    signed_in: Callable[[str], TestClient], session: Session, world: World
) -> None:
    case_id = _waiting_for_a_refund(session, world)
    answer = _post(signed_in("handler_li"), f"/cases/{case_id}/commands/reject", {})
    assert answer.status_code == 403
    assert 'data-code="case.approver_required"' in answer.text
    assert _stored(session, world, case_id).status == "pending_approval"


def test_an_approval_note_is_optional_and_an_api_note_shows_on_the_page(
    client: TestClient,
    signed_in: Callable[[str], TestClient],
    session: Session,
    world: World,
) -> None:
    quiet = _waiting_for_a_refund(session, world)
    noted = _waiting_for_a_refund(session, world)
    head = signed_in("head_wang")
    assert _post(head, f"/cases/{quiet}/commands/approve", {}).status_code == 303
    action_id = _stored(session, world, noted).actions[0].id
    api = client.post(
        f"/api/v1/cases/{noted}/actions/{action_id}/decision",
        json={"decision": "approve", "note": "Approved as an exception"},
        headers=world.auth("head_wang"),
    )
    assert api.status_code == 200, api.text

    assert _stored(session, world, quiet).actions[0].status == "approved"
    quiet_page = head.get(f"/cases/{quiet}").text
    assert 'data-testid="decision-note"' not in quiet_page
    noted_page = head.get(f"/cases/{noted}").text
    assert "Decision note: Approved as an exception" in _text(noted_page)


# --- 3. the approval panel ----------------------------------------------------------------------


def test_the_panel_says_which_action_waits_who_asked_when_and_why(
    signed_in: Callable[[str], TestClient], session: Session, world: World
) -> None:
    case_id = _waiting_for_a_refund(session, world)
    stored = _stored(session, world, case_id)
    requested = [e for e in stored.events if e.kind == "approval_requested"]
    assert len(requested) == 1

    handler_page = signed_in("handler_li").get(f"/cases/{case_id}").text
    panel = _panel(handler_page)
    text = _text(panel)
    assert 'data-kind="action"' in panel
    assert "Waiting for approval: recovery action" in text
    assert "Requested Refund · Material · 350.00 CNY" in text
    assert "Requested by 李娜" in text
    assert "Reason Refund of the licence fee" in text
    at = re.search(r'data-testid="approval-at">([^<]+)<', panel)
    assert at is not None and at.group(1) != "—"
    assert 'data-testid="approval-waiting"' in panel
    assert 'data-testid="decision-form"' not in panel  # the handler waits
    assert 'data-testid="cmd-approve"' not in handler_page

    head_page = signed_in("head_wang").get(f"/cases/{case_id}").text
    head_panel = _panel(head_page)
    assert head_page.index('data-testid="approval-panel"') < head_page.index(
        'data-testid="timeline"'
    )
    assert 'data-testid="decision-form"' in head_panel
    assert head_panel.count('data-testid="cmd-approve"') == 1
    assert head_page.count('data-testid="cmd-approve"') == 1  # only in the panel
    assert 'data-testid="approval-waiting"' not in head_panel

    zh = signed_in("handler_li").get(f"/cases/{case_id}", headers={"Accept-Language": "zh-CN"})
    zh_panel = _text(_panel(zh.text))
    assert "待审批：挽回措施" in zh_panel
    assert "申请内容 退款 · 物质补偿 · 350.00 CNY" in zh_panel
    assert "申请人 李娜" in zh_panel


def test_the_panel_of_an_extension_shows_the_deadline_it_would_give(
    signed_in: Callable[[str], TestClient], session: Session, world: World
) -> None:
    case_id = case_in_progress(session, world)
    handler = signed_in("handler_li")
    asked = _post(
        handler, f"/cases/{case_id}/commands/extend", {"days": "2", "reason": "Site visit"}
    )
    assert asked.status_code == 303
    before = _stored(session, world, case_id).resolution_due_at
    panel = _text(_panel(handler.get(f"/cases/{case_id}").text))
    assert "Waiting for approval: extension" in panel
    assert "Requested Extension by 2 working day(s)" in panel
    assert "Reason Site visit" in panel
    promised = re.search(r"Resolution due if approved (.+?) Requested by", panel)
    assert promised is not None

    head = signed_in("head_wang")
    assert _post(head, f"/cases/{case_id}/commands/approve", {}).status_code == 303
    stored = _stored(session, world, case_id)
    assert stored.resolution_due_at is not None and before is not None
    assert stored.resolution_due_at > before
    page = head.get(f"/cases/{case_id}").text
    event = re.search(r'<li data-testid="event" data-kind="approved">.*?</li>', page, re.S)
    assert event is not None
    assert f"New resolution due: {promised.group(1)}" in _text(event.group(0))


# --- 4. the action form while the case waits ----------------------------------------------------


def test_while_waiting_the_action_form_says_what_would_be_refused_and_the_rest_still_goes(
    signed_in: Callable[[str], TestClient], session: Session, world: World
) -> None:
    fresh = case_in_progress(session, world)
    case_id = _waiting_for_a_refund(session, world)
    handler = signed_in("handler_li")

    normal = handler.get(f"/cases/{fresh}").text
    assert 'data-testid="action-limit-hint"' in normal
    assert "Material actions above 200 CNY need a unit head's approval." in _text(normal)
    assert 'data-testid="action-while-waiting"' not in normal and "data-max-amount" not in normal

    waiting = handler.get(f"/cases/{case_id}").text
    assert 'data-testid="action-while-waiting"' in waiting
    assert "no further material action above 200 CNY can be requested" in _text(waiting)
    form = re.search(r'<form[^>]*data-testid="action-form"[^>]*>', waiting)
    assert form is not None
    assert 'data-max-amount="200"' in form.group(0)
    assert 'data-material-kinds="refund upgrade voucher"' in form.group(0)
    zh = handler.get(f"/cases/{case_id}", headers={"Accept-Language": "zh-CN"}).text
    assert "审批结束前，不能再申请超过 200 元的物质补偿" in _text(zh)

    # what the service allows while waiting: within the limit, or without money
    url = f"/cases/{case_id}/actions"
    assert _post(handler, url, {"kind": "apology", "note": "Apologised"}).status_code == 303
    assert (
        _post(handler, url, {"kind": "refund", "amount": "150", "note": "Small"}).status_code == 303
    )
    refused = _post(handler, url, {"kind": "voucher", "amount": "201", "note": "Too much"})
    assert refused.status_code == 409
    stored = _stored(session, world, case_id)
    assert stored.status == "pending_approval"
    assert [(a.kind, a.status) for a in stored.actions] == [
        ("refund", "proposed"),
        ("apology", "approved"),
        ("refund", "approved"),
    ]
