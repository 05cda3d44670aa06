"""A person's correction is what the item shows and counts, and a later analysis cannot undo it."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, Table, select, text
from sqlalchemy.orm import Session
from tests.factories import World, build_world
from tests.feedback.feedback_factories import correct, label, post

from cxloop.analysis.models import Analysis
from cxloop.cases.models import CaseFeedback
from cxloop.core import migrate
from cxloop.core.db import make_sessionmaker
from cxloop.feedback import aggregates as feedback_aggregates
from cxloop.feedback import service as feedback_service
from cxloop.feedback.models import Feedback
from cxloop.feedback.schemas import CorrectionIn
from cxloop.text import analyze

COMPLAINT = "排队两个小时，工作人员态度很差，再也不来了"
PRAISE = "The staff were friendly and the queue moved quickly. Thank you!"
LATER = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


def _correct(
    client: TestClient, world: World, feedback_id: int, persona: str = "analyst_chen", **body: Any
) -> Any:
    response = client.post(
        f"/api/v1/feedback/{feedback_id}/corrections", json=body, headers=world.auth(persona)
    )
    assert response.status_code == 201, response.text
    return response.json()


def _item(client: TestClient, world: World, feedback_id: int) -> Any:
    response = client.get(f"/api/v1/feedback/{feedback_id}", headers=world.auth("handler_li"))
    assert response.status_code == 200, response.text
    return response.json()


def _negatives(client: TestClient, world: World) -> set[int]:
    response = client.get(
        "/api/v1/feedback", params={"sentiment": "negative"}, headers=world.auth("handler_li")
    )
    assert response.status_code == 200, response.text
    return {i["id"] for i in response.json()["items"]}


def test_a_sentiment_correction_is_what_the_item_shows_filters_and_counts(
    client: TestClient, session: Session, world: World
) -> None:
    assert analyze(PRAISE).sentiment.label == "positive"
    item = post(client, world, source_ref="a", rating=4, text=PRAISE)
    assert item["sentiment"] == "positive" and item["is_negative"] is False
    assert item["id"] not in _negatives(client, world)

    assert _item(client, world, item["id"])["sentiment_corrected"] is False
    _correct(client, world, item["id"], field="sentiment", value="negative")

    shown = _item(client, world, item["id"])
    assert shown["sentiment"] == "negative" and shown["is_negative"] is True
    assert shown["sentiment_corrected"] is True
    assert shown["analysis"]["sentiment"] == "positive"  # the model's reading is kept as it was
    assert item["id"] in _negatives(client, world)
    totals = feedback_aggregates.feedback_totals(
        session, scope=feedback_aggregates.FeedbackScope(organization_id=world.org.id)
    )
    assert totals.negative == 1


def test_correcting_a_low_rated_item_to_positive_keeps_it_negative_by_its_score(
    client: TestClient, world: World
) -> None:
    item = post(client, world, source_ref="a", rating=1, text=PRAISE)
    assert item["is_negative"] is True
    _correct(client, world, item["id"], field="sentiment", value="positive")
    shown = _item(client, world, item["id"])
    assert shown["sentiment"] == "positive"
    assert shown["is_negative"] is True  # the person's own 1 star still counts as negative


def test_the_newest_sentiment_correction_wins(client: TestClient, world: World) -> None:
    item = post(client, world, source_ref="a", rating=3, text=PRAISE)
    _correct(client, world, item["id"], field="sentiment", value="negative")
    _correct(client, world, item["id"], persona="head_wang", field="sentiment", value="neutral")
    shown = _item(client, world, item["id"])
    assert shown["sentiment"] == "neutral" and shown["is_negative"] is False


def test_aspect_corrections_set_polarity_add_and_remove_what_the_pareto_counts(
    client: TestClient, session: Session, world: World
) -> None:
    item = post(client, world, source_ref="a", rating=3)  # no text: only people's aspects
    fid = item["id"]
    label(
        session, fid, sentiment="negative", aspects={"timeliness": "negative", "price": "neutral"}
    )

    _correct(client, world, fid, field="aspect", value="price", remove=True)
    _correct(client, world, fid, field="aspect", value="attitude")  # polarity: the item's
    _correct(client, world, fid, field="aspect", value="timeliness", polarity="positive")

    shown = _item(client, world, fid)
    assert [(a["aspect"], a["polarity"], a["is_corrected"]) for a in shown["aspects"]] == [
        ("attitude", "negative", True),
        ("timeliness", "positive", True),
    ]
    counts = {
        a.aspect: (a.negative, a.positive, a.neutral)
        for a in feedback_aggregates.aspect_counts(
            session, scope=feedback_aggregates.FeedbackScope(organization_id=world.org.id)
        )
    }
    assert counts == {"attitude": (1, 0, 0), "timeliness": (0, 1, 0)}


def test_an_aspect_set_without_polarity_keeps_the_models_polarity(
    client: TestClient, session: Session, world: World
) -> None:
    item = post(client, world, source_ref="a", rating=3)
    label(session, item["id"], sentiment="positive", aspects={"price": "negative"})
    _correct(client, world, item["id"], field="aspect", value="price")
    assert [
        (a["aspect"], a["polarity"], a["is_corrected"])
        for a in _item(client, world, item["id"])["aspects"]
    ] == [("price", "negative", True)]


def test_a_removed_aspect_can_be_given_back(
    client: TestClient, session: Session, world: World
) -> None:
    item = post(client, world, source_ref="a", rating=3)
    label(session, item["id"], sentiment="negative", aspects={"price": "negative"})
    _correct(client, world, item["id"], field="aspect", value="price", remove=True)
    assert _item(client, world, item["id"])["aspects"] == []
    _correct(client, world, item["id"], field="aspect", value="price", polarity="neutral")
    assert [(a["aspect"], a["polarity"]) for a in _item(client, world, item["id"])["aspects"]] == [
        ("price", "neutral")
    ]


def test_corrections_made_before_the_analysis_survive_it(session: Session, world: World) -> None:
    report = feedback_service.ingest_items(
        session,
        organization_id=world.org.id,
        items=[{"channel": "app", "source_ref": "w-1", "text": COMPLAINT, "rating": 4}],
        analyze=False,
    )
    fid = report.outcomes[0].id
    assert fid is not None
    expected = analyze(COMPLAINT)
    assert expected.sentiment.label == "negative"
    assert {"timeliness", "attitude"} <= set(expected.aspect_keys)
    for data in (
        CorrectionIn(field="sentiment", value="neutral"),
        CorrectionIn(field="aspect", value="timeliness", remove=True),
        CorrectionIn(field="aspect", value="facilities", polarity="negative"),
    ):
        correct(session, world, fid, data)

    assert feedback_service.analyze_pending(session, now=LATER) == 1

    row = session.get(Feedback, fid)
    assert row is not None and row.analysed_at is not None
    assert row.sentiment == "neutral" and row.is_negative is False
    stored = session.scalar(select(Analysis).where(Analysis.feedback_id == fid))
    assert stored is not None and stored.sentiment == "negative"  # the model's reading, kept
    read = feedback_service.get_feedback(session, organization_id=world.org.id, feedback_id=fid)
    keys = {a.aspect: (a.polarity, a.is_corrected) for a in read.aspects}
    assert "timeliness" not in keys
    assert keys["facilities"] == ("negative", True)
    assert keys["attitude"][1] is False  # the model's other aspects stay
    # the person said neutral, so the negative text opened no case
    assert session.scalar(select(CaseFeedback).where(CaseFeedback.feedback_id == fid)) is None


def test_correcting_a_missed_complaint_to_negative_opens_its_case_once(
    client: TestClient, session: Session, world: World
) -> None:
    item = post(client, world, source_ref="a", text=PRAISE)  # no score, read positive
    assert item["case"] is None
    first = _correct(client, world, item["id"], field="sentiment", value="negative")
    assert first["case"] is not None and first["case"]["status"] == "new"
    model_type = analyze(PRAISE).type.label
    assert model_type != "complaint"
    followed = _item(client, world, item["id"])  # the type follows the person's sentiment
    assert followed["type"] == "complaint" and followed["type_corrected"] is False
    assert followed["analysis"]["type"] == model_type
    again = _correct(client, world, item["id"], field="type", value="complaint")
    assert again["case"]["id"] == first["case"]["id"]
    shown = _item(client, world, item["id"])
    assert shown["type"] == "complaint" and shown["type_corrected"] is True
    assert shown["analysis"]["type"] == model_type
    links = session.scalars(select(CaseFeedback).where(CaseFeedback.feedback_id == item["id"]))
    assert len(list(links)) == 1
    assert _item(client, world, item["id"])["case"]["id"] == first["case"]["id"]


def test_a_positive_correction_opens_no_case(client: TestClient, world: World) -> None:
    item = post(client, world, source_ref="a", text=PRAISE)
    assert _correct(client, world, item["id"], field="sentiment", value="positive")["case"] is None


def test_polarity_and_remove_belong_to_aspect_corrections_only(
    client: TestClient, world: World
) -> None:
    item = post(client, world, source_ref="a", rating=3, text=PRAISE)
    url = f"/api/v1/feedback/{item['id']}/corrections"
    auth = world.auth("analyst_chen")
    for body, option in (
        ({"field": "sentiment", "value": "negative", "polarity": "negative"}, "polarity"),
        ({"field": "type", "value": "complaint", "remove": True}, "remove"),
        ({"field": "aspect", "value": "price", "remove": True, "polarity": "negative"}, "polarity"),
    ):
        response = client.post(url, json=body, headers=auth)
        assert response.status_code == 422, body
        error = response.json()["error"]
        assert error["code"] == "feedback.invalid_correction_option"
        assert error["details"][0]["field"] == option
        assert option in error["message"]
    chinese = client.post(
        url,
        json={"field": "sentiment", "value": "negative", "polarity": "negative"},
        headers=auth | {"Accept-Language": "zh-CN"},
    )
    assert "方面" in chinese.json()["error"]["message"]
    bad_polarity = client.post(
        url, json={"field": "aspect", "value": "price", "polarity": "awful"}, headers=auth
    )
    assert bad_polarity.status_code == 422
    assert bad_polarity.json()["error"]["details"][0]["field"] == "polarity"
    listed = client.get(url, headers=auth).json()
    assert listed == []  # nothing refused was kept


def test_bob_cannot_correct_another_organisations_item(client: TestClient, world: World) -> None:
    item = post(client, world, source_ref="a", rating=3, text=PRAISE)
    response = client.post(
        f"/api/v1/feedback/{item['id']}/corrections",
        json={"field": "sentiment", "value": "negative"},
        headers=world.auth("outsider_bob"),
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "feedback.not_found"
    assert _item(client, world, item["id"])["sentiment"] == "positive"


def test_the_aspect_export_is_what_people_left_and_none_when_they_removed_all(
    client: TestClient, session: Session, world: World
) -> None:
    kept = post(client, world, source_ref="a", rating=2)
    emptied = post(client, world, source_ref="b", rating=2)
    untouched = post(client, world, source_ref="c", rating=2)
    for item in (kept, emptied, untouched):
        session.execute(
            cast(Table, Feedback.__table__)
            .update()
            .where(Feedback.id == item["id"])
            .values(text=f"门禁坏了{item['id']}")
        )
    session.commit()
    label(session, kept["id"], sentiment="negative", aspects={"timeliness": "negative"})
    label(session, emptied["id"], sentiment="negative", aspects={"price": "negative"})
    label(session, untouched["id"], sentiment="negative", aspects={"price": "negative"})
    _correct(client, world, kept["id"], field="aspect", value="facilities")
    _correct(client, world, emptied["id"], field="aspect", value="price", remove=True)

    rows = list(
        feedback_service.corrected_labels(session, organization_id=world.org.id, field="aspect")
    )
    assert rows == [
        (kept["id"], f"门禁坏了{kept['id']}", "facilities;timeliness"),
        (emptied["id"], f"门禁坏了{emptied['id']}", "none"),
    ]


def test_two_people_setting_the_same_aspect_at_once_do_not_collide(
    committed_engine: Engine,
) -> None:
    engine = committed_engine
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs two open transactions")
    factory = make_sessionmaker(engine)
    with factory() as setup:
        world = build_world(setup)
        report = feedback_service.ingest_items(
            setup,
            organization_id=world.org.id,
            items=[{"channel": "app", "source_ref": "race", "rating": 2}],
        )
        fid = report.outcomes[0].id
        assert fid is not None
        org_id, li, wang = (
            world.org.id,
            world.users["handler_li"].id,
            world.users["head_wang"].id,
        )
        setup.commit()

    def correct(session: Session, user_id: int, polarity: str) -> None:
        feedback_service.add_correction(
            session,
            organization_id=org_id,
            feedback_id=fid,
            user_id=user_id,
            data=CorrectionIn(field="aspect", value="price", polarity=polarity),
        )

    errors: list[BaseException] = []

    def second() -> None:
        try:
            with factory() as other:
                correct(other, wang, "positive")
                other.commit()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    with factory() as first:
        correct(first, li, "negative")
        thread = threading.Thread(target=second)
        thread.start()
        with engine.connect() as probe:  # wait until the second writer waits on the first
            waiting = 0
            for _ in range(200):
                waiting = probe.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        " AND datname = current_database()"
                    )
                )
                if waiting or not thread.is_alive():
                    break
                probe.rollback()  # a transaction sees one snapshot of the activity view
                time.sleep(0.05)
            activity = probe.execute(
                text(
                    "SELECT state, wait_event_type, wait_event, left(query, 80) FROM"
                    " pg_stat_activity WHERE datname = current_database()"
                )
            ).all()
        assert waiting, f"the second correction never waited on the first: {errors} {activity}"
        first.commit()
        thread.join(timeout=10)
    assert errors == []
    with factory() as check:
        read = feedback_service.get_feedback(check, organization_id=org_id, feedback_id=fid)
        assert [(a.aspect, a.polarity, a.is_corrected) for a in read.aspects] == [
            ("price", "positive", True)  # the later word wins, as a replay would say
        ]
        history = feedback_service.list_corrections(check, organization_id=org_id, feedback_id=fid)
        assert [c.user_id for c in history] == [li, wang]


def test_the_inbox_filters_by_type_the_model_gave_or_a_person_corrected(
    client: TestClient, world: World
) -> None:
    question = "请问社保卡补办需要带什么材料？"
    assert analyze(question).type.label == "inquiry"
    assert analyze(PRAISE).type.label == "praise"
    asked = post(client, world, source_ref="a", text=question)
    praised = post(client, world, source_ref="b", text=PRAISE)
    auth = world.auth("handler_li")

    def of_type(value: str) -> list[int]:
        response = client.get("/api/v1/feedback", params={"type": value}, headers=auth)
        assert response.status_code == 200, response.text
        return [i["id"] for i in response.json()["items"]]

    assert of_type("inquiry") == [asked["id"]]
    assert of_type("praise") == [praised["id"]]
    _correct(client, world, praised["id"], field="type", value="suggestion")
    assert of_type("praise") == []
    assert of_type("suggestion") == [praised["id"]]
    assert _item(client, world, praised["id"])["type"] == "suggestion"


def test_the_type_migration_fills_the_column_from_analyses_and_corrections(
    committed_engine: Engine,
) -> None:
    engine = committed_engine
    factory = make_sessionmaker(engine)
    with factory() as session:
        world = build_world(session)
        report = feedback_service.ingest_items(
            session,
            organization_id=world.org.id,
            items=[
                {"channel": "app", "source_ref": "m-1", "text": PRAISE},
                {"channel": "app", "source_ref": "m-2", "text": PRAISE},
                {"channel": "app", "source_ref": "m-3", "rating": 2},
            ],
        )
        ids = [o.id for o in report.outcomes]
        assert None not in ids and ids[1] is not None
        feedback_service.add_correction(
            session,
            organization_id=world.org.id,
            feedback_id=ids[1],
            user_id=None,
            data=CorrectionIn(field="type", value="complaint"),
        )
        session.commit()
    migrate.downgrade(engine, "0002")  # both of this session's migrations, with rows in place
    migrate.upgrade(engine)
    with engine.connect() as conn:
        types = {
            int(fid): kind
            for fid, kind in conn.execute(text("SELECT id, feedback_type FROM feedback"))
        }
    assert [types.get(i or 0) for i in ids] == ["praise", "complaint", None]


def test_a_type_correction_moves_the_complaint_count(
    client: TestClient, session: Session, world: World
) -> None:
    item = post(client, world, source_ref="a", text=PRAISE)
    scope = feedback_aggregates.FeedbackScope(organization_id=world.org.id)
    assert feedback_aggregates.feedback_totals(session, scope=scope).complaints == 0
    _correct(client, world, item["id"], field="type", value="complaint")
    session.expire_all()
    assert feedback_aggregates.feedback_totals(session, scope=scope).complaints == 1
    by_day = feedback_aggregates.feedback_totals_by_bucket(
        session, scope=scope, interval="day", offset_minutes=480
    )
    assert sum(t.complaints for t in by_day.values()) == 1


def _types(client: TestClient, world: World, kind: str) -> set[int]:
    response = client.get(
        "/api/v1/feedback", params={"type": kind}, headers=world.auth("handler_li")
    )
    assert response.status_code == 200, response.text
    return {i["id"] for i in response.json()["items"]}


def test_the_type_follows_a_sentiment_correction_and_comes_back_when_it_is_taken_back(
    client: TestClient, world: World
) -> None:
    assert analyze(COMPLAINT).type.label == "complaint"
    item = post(client, world, source_ref="a", text=COMPLAINT)
    assert item["id"] in _types(client, world, "complaint")

    _correct(client, world, item["id"], field="sentiment", value="positive")
    shown = _item(client, world, item["id"])
    assert shown["type"] == "praise" and shown["type_corrected"] is False
    assert shown["analysis"]["type"] == "complaint"  # the model's reading is kept
    assert item["id"] not in _types(client, world, "complaint")
    assert item["id"] in _types(client, world, "praise")

    _correct(client, world, item["id"], field="sentiment", value="negative")  # as the model read
    assert _item(client, world, item["id"])["type"] == "complaint"


def test_a_persons_type_outranks_the_type_a_sentiment_correction_implies(
    client: TestClient, world: World
) -> None:
    item = post(client, world, source_ref="a", text=COMPLAINT)
    _correct(client, world, item["id"], field="type", value="suggestion")
    _correct(client, world, item["id"], field="sentiment", value="positive")  # later, other field
    shown = _item(client, world, item["id"])
    assert shown["type"] == "suggestion" and shown["type_corrected"] is True


def test_a_sentiment_set_before_the_analysis_decides_the_type_once_it_comes(
    session: Session, world: World
) -> None:
    report = feedback_service.ingest_items(
        session,
        organization_id=world.org.id,
        items=[{"channel": "app", "source_ref": "w-2", "text": COMPLAINT}],
        analyze=False,
    )
    fid = report.outcomes[0].id
    assert fid is not None
    correct(session, world, fid, CorrectionIn(field="sentiment", value="positive"))
    row = session.get(Feedback, fid)
    assert row is not None and row.feedback_type is None  # no reading yet to follow
    assert feedback_service.analyze_pending(session, now=LATER) == 1
    shown = session.execute(
        select(Feedback.sentiment, Feedback.feedback_type).where(Feedback.id == fid)
    ).one()
    assert tuple(shown) == ("positive", "praise")
    assert session.scalar(select(CaseFeedback).where(CaseFeedback.feedback_id == fid)) is None


ONE_ASPECT = "排队两个小时，太慢了"


def _aspects(client: TestClient, world: World, feedback_id: int) -> dict[str, tuple[str, bool]]:
    return {
        a["aspect"]: (a["polarity"], a["is_corrected"])
        for a in _item(client, world, feedback_id)["aspects"]
    }


def test_the_one_aspect_of_a_text_follows_a_sentiment_correction_and_comes_back(
    client: TestClient, world: World
) -> None:
    assert [(a.key, a.polarity) for a in analyze(ONE_ASPECT).aspects] == [
        ("timeliness", "negative")
    ]
    item = post(client, world, source_ref="a", text=ONE_ASPECT)
    _correct(client, world, item["id"], field="sentiment", value="positive")
    assert _aspects(client, world, item["id"]) == {"timeliness": ("positive", False)}
    listed = client.get(
        "/api/v1/feedback", params={"aspect": "timeliness"}, headers=world.auth("handler_li")
    )
    assert [i["id"] for i in listed.json()["items"]] == [item["id"]]  # the aspect is kept
    _correct(client, world, item["id"], field="sentiment", value="negative")  # as the model read
    assert _aspects(client, world, item["id"]) == {"timeliness": ("negative", False)}


def test_the_aspects_of_a_text_about_several_things_keep_the_models_reading(
    client: TestClient, world: World
) -> None:
    item = post(client, world, source_ref="a", text=COMPLAINT)
    before = _aspects(client, world, item["id"])
    assert len(before) >= 2
    _correct(client, world, item["id"], field="sentiment", value="positive")
    assert _aspects(client, world, item["id"]) == before


def test_an_aspect_a_person_judged_is_not_moved_by_their_sentiment(
    client: TestClient, world: World
) -> None:
    item = post(client, world, source_ref="a", text=ONE_ASPECT)
    _correct(client, world, item["id"], field="aspect", value="timeliness", polarity="neutral")
    _correct(client, world, item["id"], field="sentiment", value="positive")
    assert _aspects(client, world, item["id"]) == {"timeliness": ("neutral", True)}
