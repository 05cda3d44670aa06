"""Analysis on ingest: stored per item and equal to ``cxloop.text.analyze``, or explicitly absent.

Two paths, both real: the text library analyses each item while it is stored; when the library
cannot be imported (it is built separately and may lag behind), items are stored "not analysed"
and the scores alone decide whether they are negative and whether a case opens.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.factories import World
from tests.feedback.feedback_factories import post, text_engine_problem

from cxloop.feedback.models import Analysis, FeedbackAspect

COMPLAINT = "排队两个小时，工作人员态度很差，再也不来了"
PRAISE = "The staff were friendly and the queue moved quickly. Thank you!"

needs_text = pytest.mark.skipif(
    text_engine_problem() is not None, reason=str(text_engine_problem())
)


@pytest.fixture
def without_text_library(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The situation before ``cxloop.text`` lands: importing it fails."""
    monkeypatch.setitem(sys.modules, "cxloop.text", None)
    yield


@needs_text
def test_an_item_with_text_is_analysed_on_ingest_exactly_as_cxloop_text_analyze(
    client: TestClient, session: Session, world: World
) -> None:
    from cxloop.text import analyze

    expected = analyze(COMPLAINT)
    item = post(client, world, channel="hotline", source_ref="h-1", text=COMPLAINT)
    assert item["analysis_status"] == "analysed"
    assert item["analysed_at"] is not None
    analysis = item["analysis"]
    assert analysis["result"] == expected.to_dict()
    assert analysis["sentiment"] == expected.sentiment.label
    assert analysis["type"] == expected.type.label
    assert analysis["model_version"] == expected.model_version
    assert analysis["masked_text"] == expected.masked_text
    assert item["sentiment"] == expected.sentiment.label
    assert item["language"] == expected.language
    assert [(a["aspect"], a["polarity"]) for a in item["aspects"]] == sorted(
        (a.key, a.polarity) for a in expected.aspects
    )
    stored = session.scalars(
        select(FeedbackAspect).where(FeedbackAspect.feedback_id == item["id"])
    ).all()
    assert len(stored) == len(expected.aspects) > 0


@needs_text
def test_each_item_of_a_batch_gets_its_own_analysis(
    client: TestClient, session: Session, world: World
) -> None:
    from cxloop.text import analyze

    texts = [COMPLAINT, PRAISE, "", "办事窗口太少，建议多开几个"]
    items = [
        {"channel": "app", "source_ref": f"t-{i}", "text": text, "rating": 3}
        for i, text in enumerate(texts)
    ]
    response = client.post(
        "/api/v1/feedback/batch", json={"items": items}, headers=world.auth("handler_li")
    )
    ids = [r["id"] for r in response.json()["results"]]
    assert len(ids) == 4
    by_feedback = {
        a.feedback_id: a.result
        for a in session.scalars(select(Analysis).where(Analysis.feedback_id.in_(ids)))
    }
    assert set(by_feedback) == {ids[0], ids[1], ids[3]}  # the empty text has nothing to read
    for index in (0, 1, 3):
        assert by_feedback[ids[index]] == analyze(texts[index]).to_dict()


@needs_text
def test_a_negative_text_with_a_good_score_still_opens_a_case(
    client: TestClient, world: World
) -> None:
    from cxloop.text import analyze

    assert analyze(COMPLAINT).sentiment.label == "negative"
    assert analyze(PRAISE).sentiment.label != "negative"
    complaint = post(client, world, source_ref="a", rating=4, text=COMPLAINT)
    praise = post(client, world, source_ref="b", rating=4, text=PRAISE)
    assert complaint["is_negative"] is True and complaint["case"] is not None
    assert praise["is_negative"] is False and praise["case"] is None


def test_without_the_text_library_items_are_stored_not_analysed(
    client: TestClient, session: Session, world: World, without_text_library: None
) -> None:
    item = post(client, world, source_ref="a", rating=4, text=COMPLAINT)
    assert item["analysis_status"] == "not_analysed"
    assert item["analysis"] is None and item["aspects"] == [] and item["sentiment"] is None
    assert item["analysed_at"] is None
    assert item["is_negative"] is False and item["case"] is None
    assert session.scalar(select(Analysis).where(Analysis.feedback_id == item["id"])) is None


def test_without_the_text_library_scores_alone_mark_negative_and_open_cases(
    client: TestClient, world: World, without_text_library: None
) -> None:
    bad = post(client, world, source_ref="a", rating=1, text=COMPLAINT)
    detractor = post(client, world, channel="survey", source_ref="b", nps=6, text=COMPLAINT)
    assert bad["analysis_status"] == detractor["analysis_status"] == "not_analysed"
    assert bad["is_negative"] is True and bad["case"] is not None
    # nps 6 is a detractor (negative) but the default rule opens cases from nps <= 4 only.
    assert detractor["is_negative"] is True and detractor["case"] is None


def test_the_inbox_filters_items_not_analysed_by_score(
    client: TestClient, world: World, without_text_library: None
) -> None:
    bad = post(client, world, source_ref="a", csat=2, text=COMPLAINT)
    post(client, world, source_ref="b", csat=5, text=PRAISE)
    response = client.get(
        "/api/v1/feedback", params={"negative": "true"}, headers=world.auth("analyst_chen")
    )
    assert [i["id"] for i in response.json()["items"]] == [bad["id"]]
    assert response.json()["items"][0]["analysis_status"] == "not_analysed"
