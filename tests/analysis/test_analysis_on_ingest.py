"""Analysis on ingest: stored per item and equal to ``cxloop.text.analyze``, or deliberately later.

Two real paths: with ``analyze_on_ingest`` on (the default) each item is analysed while it is
stored; with it off, items are stored "not analysed", the scores alone decide whether they are
negative and whether a case opens, and the worker job ``feedback.analyze_pending`` analyses them
later with the same result ingestion would have given.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from tests.factories import World
from tests.feedback.feedback_factories import post

from cxloop.analysis.models import Analysis, FeedbackAspect
from cxloop.app import create_app
from cxloop.core.settings import Settings
from cxloop.feedback import service as feedback_service
from cxloop.feedback.models import Feedback
from cxloop.text import analyze
from cxloop.worker import runner

COMPLAINT = "排队两个小时，工作人员态度很差，再也不来了"
PRAISE = "The staff were friendly and the queue moved quickly. Thank you!"
JOB = "feedback.analyze_pending"
LATER = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def not_analysing(
    settings: Settings, session_factory: sessionmaker[Session]
) -> Iterator[TestClient]:
    """A client of an app configured with ``analyze_on_ingest = False``."""
    app = create_app(
        settings.model_copy(update={"analyze_on_ingest": False}), session_factory=session_factory
    )
    with TestClient(app) as client:
        yield client


def test_an_item_with_text_is_analysed_on_ingest_exactly_as_cxloop_text_analyze(
    client: TestClient, session: Session, world: World
) -> None:
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


def test_each_item_of_a_batch_gets_its_own_analysis(
    client: TestClient, session: Session, world: World
) -> None:
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


def test_a_negative_text_with_a_good_score_still_opens_a_case(
    client: TestClient, world: World
) -> None:
    assert analyze(COMPLAINT).sentiment.label == "negative"
    assert analyze(PRAISE).sentiment.label != "negative"
    complaint = post(client, world, source_ref="a", rating=4, text=COMPLAINT)
    praise = post(client, world, source_ref="b", rating=4, text=PRAISE)
    assert complaint["is_negative"] is True and complaint["case"] is not None
    assert praise["is_negative"] is False and praise["case"] is None


def test_a_text_engine_that_fails_on_ingest_loses_nothing_the_items_wait_unanalysed(
    session: Session, world: World, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    report = feedback_service.ingest_items(
        session,
        organization_id=world.org.id,
        items=[
            {"channel": "app", "source_ref": "m-1", "text": COMPLAINT, "rating": 1},
            {"channel": "app", "source_ref": "m-2", "text": PRAISE, "rating": 5},
        ],
        model_dir=str(tmp_path / "no-such-model"),
    )
    session.commit()
    assert [o.status for o in report.outcomes] == ["created", "created"]
    rows = session.scalars(select(Feedback).order_by(Feedback.source_ref)).all()
    assert [r.analysed_at for r in rows] == [None, None]
    assert [r.is_negative for r in rows] == [True, False]
    assert report.outcomes[0].case is not None  # the rating alone opens the case
    assert "text analysis failed on ingest" in caplog.text


def test_the_app_refuses_to_start_with_a_text_model_that_does_not_load(
    db_url: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=db_url, text_model_dir=tmp_path / "no-such-model")
    with pytest.raises(FileNotFoundError), TestClient(create_app(settings)):
        pass


def test_with_analysis_on_ingest_off_items_are_stored_not_analysed(
    not_analysing: TestClient, session: Session, world: World
) -> None:
    item = post(not_analysing, world, source_ref="a", rating=4, text=COMPLAINT)
    assert item["analysis_status"] == "not_analysed"
    assert item["analysis"] is None and item["aspects"] == [] and item["sentiment"] is None
    assert item["analysed_at"] is None
    assert item["is_negative"] is False and item["case"] is None
    assert session.scalar(select(Analysis).where(Analysis.feedback_id == item["id"])) is None


def test_with_analysis_on_ingest_off_scores_alone_mark_negative_and_open_cases(
    not_analysing: TestClient, world: World
) -> None:
    bad = post(not_analysing, world, source_ref="a", rating=1, text=COMPLAINT)
    detractor = post(not_analysing, world, channel="survey", source_ref="b", nps=6, text=COMPLAINT)
    assert bad["analysis_status"] == detractor["analysis_status"] == "not_analysed"
    assert bad["is_negative"] is True and bad["case"] is not None
    # nps 6 is a detractor (negative) but the default rule opens cases from nps <= 4 only.
    assert detractor["is_negative"] is True and detractor["case"] is None


def test_the_inbox_filters_items_not_analysed_by_score(
    not_analysing: TestClient, world: World
) -> None:
    bad = post(not_analysing, world, source_ref="a", csat=2, text=COMPLAINT)
    post(not_analysing, world, source_ref="b", csat=5, text=PRAISE)
    response = not_analysing.get(
        "/api/v1/feedback", params={"negative": "true"}, headers=world.auth("analyst_chen")
    )
    assert [i["id"] for i in response.json()["items"]] == [bad["id"]]
    assert response.json()["items"][0]["analysis_status"] == "not_analysed"


def test_the_job_later_gives_an_item_stored_unanalysed_what_ingest_would_have(
    not_analysing: TestClient,
    client: TestClient,
    session_factory: sessionmaker[Session],
    settings: Settings,
    world: World,
) -> None:
    expected = analyze(COMPLAINT)
    assert expected.sentiment.label == "negative"
    later = post(not_analysing, world, source_ref="later", rating=4, text=COMPLAINT)
    now = post(client, world, source_ref="now", rating=4, text=COMPLAINT)
    assert later["case"] is None and now["case"] is not None

    assert runner.run_once(session_factory, settings=settings, now=LATER, names=[JOB]) == {JOB: 1}

    response = client.get(f"/api/v1/feedback/{later['id']}", headers=world.auth("analyst_chen"))
    assert response.status_code == 200, response.text
    item = response.json()
    assert item["analysis_status"] == "analysed"
    assert item["analysis"]["result"] == expected.to_dict() == now["analysis"]["result"]
    for key in ("sentiment", "language", "is_negative", "aspects"):
        assert item[key] == now[key], key
    assert item["case"] is not None  # the negative text opened a case by the rule, as on ingest
    assert runner.run_once(session_factory, settings=settings, now=LATER, names=[JOB]) == {JOB: 0}
