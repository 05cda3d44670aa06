"""The page handlers on both databases: what each page shows, from real services and data."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.factories import World
from tests.web.conftest import csrf_from
from tests.web.web_factories import ITEMS, Seeded

from cxloop.cases import service as cases_service
from cxloop.feedback import service as feedback_service
from cxloop.feedback.schemas import CorrectionIn
from cxloop.web.pages import feedback as feedback_pages


def _tile(html: str, metric: str) -> str:
    found = re.search(
        rf'<article class="tile" data-testid="tile-{metric}" data-n="(\d+)">(.*?)</article>',
        html,
        re.S,
    )
    assert found is not None, f"no tile for {metric}"
    return found.group(0)


def test_every_dashboard_tile_shows_its_n_and_shares_show_their_95_percent_interval(
    signed_in: Callable[[str], TestClient], seeded: Seeded
) -> None:
    html = signed_in("analyst_chen").get("/").text

    for metric in (
        "nps", "csat", "satisfaction_rate", "negative_share", "complaints", "open_cases",
        "overdue_cases", "first_response_hours", "resolution_hours", "sla_compliance",
        "follow_up_rate", "recovery_satisfaction",
    ):  # fmt: skip
        assert 'data-testid="n"' in _tile(html, metric)
    rating = _tile(html, "satisfaction_rate")
    assert f'data-n="{seeded.rated}"' in rating
    satisfied = sum(1 for i in ITEMS if i[2] is not None and i[2] >= 3)
    assert f"{100 * satisfied / seeded.rated:.1f}%" in rating
    assert re.search(r"95% CI \d+\.\d% – \d+\.\d%", rating), rating
    assert f'data-n="{seeded.with_nps}"' in _tile(html, "nps")
    assert re.search(r"95% CI -?\d+\.\d – -?\d+\.\d", _tile(html, "nps"))


def test_the_unit_filter_narrows_the_dashboard_to_the_units_subtree(
    signed_in: Callable[[str], TestClient], seeded: Seeded
) -> None:
    html = signed_in("analyst_chen").get("/?unit=HP-B").text

    expected = sum(1 for i in ITEMS if i[0] == "HP-B" and i[2] is not None)
    assert expected > 0
    assert f'data-n="{expected}"' in _tile(html, "satisfaction_rate")


def test_the_trend_data_has_the_interval_band_and_shares_in_percent(
    signed_in: Callable[[str], TestClient], seeded: Seeded
) -> None:
    client = signed_in("analyst_chen")

    body = client.get("/dashboard/trend.json?metric=satisfaction_rate&interval=day").json()

    assert len(body["points"]) == 30
    assert body["unit"] == "%"
    filled = [p for p in body["points"] if p["n"] > 0]
    assert sum(p["n"] for p in filled) == seeded.rated
    assert all(0 <= p["ci_low"] <= p["value"] <= p["ci_high"] <= 100 for p in filled)
    assert all(p["value"] is None for p in body["points"] if p["n"] == 0)


def test_the_aspect_data_is_a_pareto_of_negative_mentions(
    signed_in: Callable[[str], TestClient], seeded: Seeded
) -> None:
    body = signed_in("analyst_chen").get("/dashboard/aspects.json").json()

    assert len(body["negative"]) >= 2
    assert body["negative"] == sorted(body["negative"], reverse=True)
    assert body["cumulative"] == sorted(body["cumulative"])
    assert body["cumulative"][-1] == 100.0
    assert sum(body["negative"]) == body["total_negative"]
    assert "Waiting and timeliness" in body["labels"]


def test_the_inbox_filters_by_sentiment_and_htmx_gets_only_the_results(
    signed_in: Callable[[str], TestClient], seeded: Seeded
) -> None:
    client = signed_in("handler_li")
    everything = client.get("/feedback").text
    negative = client.get(
        "/feedback?sentiment=negative",
        headers={"HX-Request": "true", "HX-Target": "feedback-results"},
    )

    assert everything.count('data-testid="feedback-row"') == len(ITEMS)
    rows = negative.text.count('data-testid="feedback-row"')
    assert 0 < rows < len(ITEMS)
    assert negative.text.lstrip().startswith('<section id="feedback-results"')
    assert "<html" not in negative.text


def test_the_inbox_filters_by_type_and_shows_each_rows_type(
    signed_in: Callable[[str], TestClient], session: Session, world: World, seeded: Seeded
) -> None:
    client = signed_in("handler_li")
    expected = {
        i.id
        for i in feedback_service.list_feedback(
            session, organization_id=world.org.id, filters=feedback_service.FeedbackFilters()
        ).items
        if i.type == "complaint"
    }
    assert 0 < len(expected) < len(ITEMS)
    page = client.get("/feedback?type=complaint").text
    shown = set(re.findall(r'data-testid="feedback-row" data-id="(\d+)"', page))
    assert shown == {str(i) for i in expected}
    assert 'data-testid="filter-type"' in page and 'value="complaint" selected' in page
    assert page.count('data-testid="row-type">Complaint<') == len(expected)


def _row_ids(page: str) -> list[str]:
    return re.findall(r'data-testid="feedback-row" data-id="(\d+)"', page)


def _badged_ids(page: str) -> set[str]:
    """The rows that carry the "corrected by a person" badge."""
    rows = re.findall(r'<tr data-testid="feedback-row" data-id="(\d+)"[^>]*>(.*?)</tr>', page, re.S)
    return {row_id for row_id, cells in rows if 'data-testid="row-corrected"' in cells}


def test_the_inbox_marks_the_items_a_person_corrected_and_filters_by_it(
    signed_in: Callable[[str], TestClient],
    session: Session,
    world: World,
    seeded: Seeded,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = signed_in("handler_li")
    assert 'data-testid="row-corrected"' not in client.get("/feedback").text
    by_form, by_service = seeded.feedback_ids[0], seeded.feedback_ids[3]
    token = csrf_from(client.get(f"/feedback/{by_form}").text)
    corrected = client.post(
        f"/feedback/{by_form}/corrections",
        data={"csrf_token": token, "field": "type", "value": "suggestion"},
        follow_redirects=False,
    )
    assert corrected.status_code == 303
    feedback_service.add_correction(
        session,
        organization_id=world.org.id,
        feedback_id=by_service,
        user_id=world.users["analyst_chen"].id,
        data=CorrectionIn(field="aspect", value="price", remove=True),
    )
    session.commit()
    both = {str(by_form), str(by_service)}

    everything = client.get("/feedback").text
    only = client.get("/feedback?corrected=true").text
    others = client.get("/feedback?corrected=false").text
    nonsense = client.get("/feedback?corrected=maybe").text

    assert len(_row_ids(everything)) == len(ITEMS)
    assert _badged_ids(everything) == both
    assert 'title="A person corrected the machine&#39;s reading' in everything
    assert everything.count(">Corrected by a person</span>") == 2
    assert sorted(_row_ids(only)) == sorted(both) and _badged_ids(only) == both
    assert 'data-testid="filter-corrected"' in only and 'value="true" selected' in only
    assert len(_row_ids(others)) == len(ITEMS) - 2
    assert not set(_row_ids(others)) & both and _badged_ids(others) == set()
    assert len(_row_ids(nonsense)) == len(ITEMS)  # not a choice: no filter, like the score band
    assert (
        "selected" not in nonsense.split('data-testid="filter-corrected"')[1].split("</select>")[0]
    )
    chinese = client.get("/feedback?corrected=true", headers={"Accept-Language": "zh-CN"}).text
    assert chinese.count(">已人工纠正</span>") == 2 and 'title="有人纠正过机器' in chinese
    # HTMX gets the filtered list alone, and "Load more" keeps the filter.
    monkeypatch.setattr(feedback_pages, "PAGE_SIZE", 1)
    fragment = client.get(
        "/feedback?corrected=true",
        headers={"HX-Request": "true", "HX-Target": "feedback-results"},
    ).text
    assert fragment.lstrip().startswith('<section id="feedback-results"')
    assert len(_row_ids(fragment)) == 1 and "corrected=true&cursor=" in fragment


def test_the_inbox_searches_text_and_filters_by_score_band(
    signed_in: Callable[[str], TestClient], seeded: Seeded
) -> None:
    client = signed_in("handler_li")

    found = client.get("/feedback?q=排队").text
    bad = client.get("/feedback?score=bad").text

    assert found.count('data-testid="feedback-row"') == sum(
        1 for i in ITEMS if i[4] and "排队" in i[4]
    )
    assert bad.count('data-testid="feedback-row"') == sum(1 for i in ITEMS if i[2] in (1, 2))


def test_the_inbox_pages_with_the_cursor(
    signed_in: Callable[[str], TestClient], seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feedback_pages, "PAGE_SIZE", 5)  # a small page, not a stub
    client = signed_in("handler_li")

    first = client.get("/feedback").text
    cursor = re.search(r"cursor=([^\"&]+)", first)
    assert cursor is not None
    more = client.get(
        f"/feedback?cursor={cursor.group(1)}",
        headers={"HX-Request": "true", "HX-Target": "feedback-more"},
    ).text
    first_ids = re.findall(r'data-testid="feedback-row" data-id="(\d+)"', first)
    more_ids = re.findall(r'data-testid="feedback-row" data-id="(\d+)"', more)
    assert len(first_ids) == 5 and len(more_ids) == 5
    assert not set(first_ids) & set(more_ids)


def test_the_feedback_detail_shows_masked_text_analysis_and_the_linked_case(
    signed_in: Callable[[str], TestClient], seeded: Seeded
) -> None:
    client = signed_in("handler_li")

    phone = client.get(f"/feedback/{seeded.phone_item_id}").text
    scores_only = client.get(f"/feedback/{seeded.feedback_ids[8]}").text

    assert "13812345678" not in phone
    assert "138****5678" in phone
    assert 'data-testid="pii-masked"' in phone
    assert 'data-testid="analysis"' in phone
    assert 'data-testid="linked-case"' in phone
    assert 'data-testid="not-analysed"' in scores_only
    assert "No text to analyse" in scores_only


def test_the_queue_defaults_to_my_open_cases(
    signed_in: Callable[[str], TestClient], session: Session, world: World, seeded: Seeded
) -> None:
    client = signed_in("handler_li")
    assert 'data-testid="case-row"' not in client.get("/cases").text

    page = cases_service.list_cases(session, organization_id=world.org.id)
    in_unit_a = cases_service.list_cases(
        session,
        organization_id=world.org.id,
        filters=cases_service.CaseFilters(unit_ids=[world.unit_a.id]),
    )
    assert len(page.items) > len(in_unit_a.items) > 1
    case = in_unit_a.items[-1]
    token = csrf_from(client.get(f"/cases/{case.id}").text)
    assigned = client.post(
        f"/cases/{case.id}/commands/assign",
        data={"csrf_token": token, "assignee_id": str(world.users["handler_li"].id)},
        follow_redirects=False,
    )
    assert assigned.status_code == 303

    mine = client.get("/cases").text
    anyone = client.get("/cases?assignee=any").text
    assert re.findall(r'data-testid="case-row" data-id="(\d+)"', mine) == [str(case.id)]
    assert anyone.count('data-testid="case-row"') == len(page.items)


def test_the_case_page_offers_only_the_commands_this_viewer_may_run_now(
    signed_in: Callable[[str], TestClient], session: Session, world: World, seeded: Seeded
) -> None:
    filters = cases_service.CaseFilters(unit_ids=[world.unit_a.id])
    case = cases_service.list_cases(session, organization_id=world.org.id, filters=filters).items[0]

    handler = signed_in("handler_li").get(f"/cases/{case.id}").text
    analyst = signed_in("analyst_chen").get(f"/cases/{case.id}").text

    assert 'data-testid="cmd-acknowledge"' in handler
    assert 'data-testid="cmd-start"' not in handler  # a new case is acknowledged first
    assert 'data-testid="cmd-approve"' not in handler
    assert 'data-testid="timeline"' in analyst and 'data-kind="opened"' in analyst
    assert 'data-testid="commands"' not in analyst  # analysts read, they do not act
    assert 'data-testid="contact-form"' not in analyst


def test_an_invalid_command_comes_back_as_a_localised_alert(
    signed_in: Callable[[str], TestClient], session: Session, world: World, seeded: Seeded
) -> None:
    filters = cases_service.CaseFilters(unit_ids=[world.unit_a.id])
    case = cases_service.list_cases(session, organization_id=world.org.id, filters=filters).items[0]
    client = signed_in("head_wang")
    token = csrf_from(client.get(f"/cases/{case.id}").text)
    htmx = {"HX-Request": "true", "HX-Boosted": "true", "X-CSRF-Token": token}

    wrong_state = client.post(f"/cases/{case.id}/commands/resolve", data={}, headers=htmx)
    zh = client.post(
        f"/cases/{case.id}/commands/start", data={}, headers={**htmx, "Accept-Language": "zh-CN"}
    )
    not_a_page = client.post(f"/cases/{case.id}/commands/start", data={"csrf_token": token})

    assert wrong_state.status_code == 409
    assert wrong_state.headers["HX-Retarget"] == "#flash"
    assert 'data-code="case.invalid_transition"' in wrong_state.text
    assert "cannot take the command “Resolve”" in wrong_state.text
    assert zh.status_code == 409 and "<html" not in zh.text
    assert not_a_page.status_code == 409 and '<section class="error-page"' in not_a_page.text


def test_the_detail_page_takes_corrections_and_shows_them_beside_the_models_reading(
    signed_in: Callable[[str], TestClient], session: Session, world: World, seeded: Seeded
) -> None:
    fid = seeded.phone_item_id
    client = signed_in("handler_li")
    before = client.get(f"/feedback/{fid}").text
    assert 'data-testid="correct"' in before and 'data-testid="sentiment-corrected"' not in before
    model_said = feedback_service.get_feedback(
        session, organization_id=world.org.id, feedback_id=fid
    ).analysis
    assert model_said is not None
    token = csrf_from(before)
    url = f"/feedback/{fid}/corrections"

    sentiment = client.post(
        url,
        data={"csrf_token": token, "field": "sentiment", "value": "neutral"},
        follow_redirects=False,
    )
    aspect = client.post(
        url,
        data={"csrf_token": token, "field": "aspect", "value": "price", "polarity": "positive"},
        follow_redirects=False,
    )
    assert sentiment.status_code == aspect.status_code == 303
    assert sentiment.headers["location"] == f"/feedback/{fid}#correct"
    after = client.get(f"/feedback/{fid}").text
    assert 'data-testid="sentiment-corrected"' in after and "set by 李娜" in after
    assert f"model: {model_said['sentiment'].capitalize()}" in after
    assert 'data-aspect="price" data-polarity="positive"' in after
    assert after.count('<li><span class="actor">李娜</span>') == 2  # the history

    removed = client.post(
        url,
        data={"csrf_token": token, "field": "aspect", "value": "price", "remove": "1"},
        follow_redirects=False,
    )
    assert removed.status_code == 303
    assert 'data-aspect="price"' not in client.get(f"/feedback/{fid}").text


def test_a_bad_correction_form_is_refused_with_a_localised_message_and_nothing_kept(
    signed_in: Callable[[str], TestClient], session: Session, world: World, seeded: Seeded
) -> None:
    fid = seeded.phone_item_id
    client = signed_in("handler_li")
    token = csrf_from(client.get(f"/feedback/{fid}").text)
    url = f"/feedback/{fid}/corrections"
    no_token = client.post(url, data={"field": "sentiment", "value": "negative"})
    bad = client.post(
        url,
        data={"csrf_token": token, "field": "sentiment", "value": "awful"},
        headers={"Accept-Language": "zh-CN"},
    )
    unknown_field = client.post(url, data={"csrf_token": token, "field": "mood", "value": "x"})
    assert no_token.status_code == 403
    assert bad.status_code == 422 and "awful 不是有效的sentiment" in bad.text
    assert unknown_field.status_code == 422
    assert 'data-code="feedback.invalid_correction"' in unknown_field.text
    assert (
        feedback_service.list_corrections(session, organization_id=world.org.id, feedback_id=fid)
        == []
    )
