"""The worker job ``feedback.analyze_pending``: items stored without analysis get one later."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker
from tests.factories import World, build_world

from cxloop.analysis.models import Analysis
from cxloop.app import create_app
from cxloop.cases.models import RecoveryCase
from cxloop.core.db import make_sessionmaker
from cxloop.core.settings import Settings
from cxloop.feedback import service as feedback_service
from cxloop.feedback.models import Feedback
from cxloop.worker import runner

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
COMPLAINT = "工作人员态度很差，排队两个小时没人管"
TEXTS = [COMPLAINT, "Very helpful staff, thank you", "建议增加周末办理时间"]
JOB = "feedback.analyze_pending"


def _store_unanalysed(session: Session, organization_id: int, texts: list[str]) -> list[int]:
    report = feedback_service.ingest_items(
        session,
        organization_id=organization_id,
        items=[
            {"channel": "app", "source_ref": f"p-{i}", "text": t, "rating": 4}
            for i, t in enumerate(texts)
        ],
        analyze=False,
        now=NOW,
    )
    ids = [o.id for o in report.outcomes]
    assert report.created == len(texts) and all(ids)
    return [i for i in ids if i is not None]


def _pending(session: Session) -> int:
    session.expire_all()
    return (
        session.scalar(select(func.count(Feedback.id)).where(Feedback.analysed_at.is_(None))) or 0
    )


def test_with_analysis_on_ingest_switched_off_items_arrive_not_analysed(
    settings: Settings, session_factory: sessionmaker[Session], world: World
) -> None:
    app = create_app(
        settings.model_copy(update={"analyze_on_ingest": False}), session_factory=session_factory
    )
    with TestClient(app) as client:
        response = client.post(
            "/api/v1/feedback",
            json={"channel": "app", "source_ref": "a-1", "text": COMPLAINT, "rating": 4},
            headers=world.auth("handler_li"),
        )
    assert response.status_code == 201, response.text
    assert response.json()["analysis_status"] == "not_analysed"
    assert response.json()["analysis"] is None


def test_the_job_analyses_pending_items_like_cxloop_text_analyze_and_opens_cases(
    session: Session, session_factory: sessionmaker[Session], world: World
) -> None:
    from cxloop.text import analyze

    ids = _store_unanalysed(session, world.org.id, TEXTS)
    session.commit()
    assert _pending(session) == 3
    assert runner.run_once(session_factory, now=NOW, names=[JOB]) == {JOB: 3}
    assert _pending(session) == 0
    stored = {a.feedback_id: a.result for a in session.scalars(select(Analysis))}
    assert stored == {fid: analyze(text).to_dict() for fid, text in zip(ids, TEXTS, strict=True)}
    # Negative texts open cases by the rule although every rating is 4.
    negative = [t for t in TEXTS if analyze(t).sentiment.label == "negative"]
    assert COMPLAINT in negative and len(negative) < len(TEXTS)
    cases = session.scalars(
        select(RecoveryCase).where(RecoveryCase.organization_id == world.org.id)
    )
    assert sorted(c.title for c in cases) == sorted(negative)
    assert runner.run_once(session_factory, now=NOW, names=[JOB]) == {JOB: 0}


def test_items_without_text_are_never_claimed(session: Session, world: World) -> None:
    feedback_service.ingest_items(
        session,
        organization_id=world.org.id,
        items=[{"channel": "qr_rating", "source_ref": "s-1", "rating": 2}],
        analyze=False,
        now=NOW,
    )
    assert feedback_service.claim_unanalysed(session, now=NOW) == []


def _seed(engine: Engine, n: int) -> list[int]:
    factory = make_sessionmaker(engine)
    with factory() as session:
        world = build_world(session)
        ids = _store_unanalysed(session, world.org.id, [f"第{i}条：等了很久" for i in range(n)])
        session.commit()
    return ids


def test_a_claimed_item_is_not_claimed_again_and_a_dead_worker_loses_nothing(
    committed_engine: Engine,
) -> None:
    ids = _seed(committed_engine, 4)
    factory = make_sessionmaker(committed_engine)
    with factory() as dead:
        assert feedback_service.claim_unanalysed(dead, now=NOW, limit=4) == ids
        dead.rollback()  # the worker died before committing: its claims are gone with it
    with factory() as first:
        assert feedback_service.claim_unanalysed(first, now=NOW, limit=2) == ids[:2]
        first.commit()
    with factory() as second:
        assert feedback_service.claim_unanalysed(second, now=NOW, limit=10) == ids[2:]
        second.commit()
    with factory() as third:
        assert feedback_service.claim_unanalysed(third, now=NOW) == []


def test_concurrent_workers_skip_each_others_locked_items(committed_engine: Engine) -> None:
    if committed_engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers; FOR UPDATE SKIP LOCKED is PostgreSQL's")
    ids = _seed(committed_engine, 4)
    factory = make_sessionmaker(committed_engine)
    with factory() as first, factory() as second:
        mine = feedback_service.claim_unanalysed(first, now=NOW, limit=2)
        theirs = feedback_service.claim_unanalysed(second, now=NOW, limit=10)
        assert (mine, theirs) == (ids[:2], ids[2:])
        first.rollback()
        second.rollback()


def test_the_job_uses_the_text_model_the_settings_name(
    session: Session,
    session_factory: sessionmaker[Session],
    settings: Settings,
    world: World,
    tmp_path: Path,
) -> None:
    _store_unanalysed(session, world.org.id, [COMPLAINT])
    session.commit()
    missing = settings.model_copy(update={"text_model_dir": tmp_path / "no-such-model"})

    assert runner.run_once(session_factory, settings=missing, now=NOW, names=[JOB]) == {JOB: -1}
    assert _pending(session) == 1
    assert runner.run_once(session_factory, settings=settings, now=NOW, names=[JOB]) == {JOB: 1}
    assert _pending(session) == 0
