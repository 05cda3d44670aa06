"""The demo: deterministic for a seed, with the rhythms and incidents it promises, on both databases."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cxloop.accounts.models import UserAccount
from cxloop.analysis.models import Analysis
from cxloop.demo import loader
from cxloop.demo.builder import build_demo
from cxloop.demo.generate import generate
from cxloop.demo.plan import all_plans
from cxloop.demo.rhythm import TZ
from cxloop.feedback.models import Correction, Feedback
from cxloop.incidents.models import Incident
from cxloop.org.models import Organization, Unit

TODAY = date(2026, 11, 24)


def _snapshot(session: Session) -> list[tuple[Any, ...]]:
    rows = session.execute(
        select(
            Organization.slug,
            Feedback.channel,
            Feedback.source_ref,
            Feedback.received_at,
            Unit.code,
            Feedback.rating,
            Feedback.nps,
            Feedback.csat,
            Feedback.ces,
            Feedback.text,
        )
        .join(Organization, Organization.id == Feedback.organization_id)
        .join(Unit, Unit.id == Feedback.unit_id)
        .order_by(Organization.slug, Feedback.channel, Feedback.source_ref)
    ).all()
    return [tuple(r) for r in rows]


def test_the_same_seed_gives_identical_feedback_and_another_seed_differs() -> None:
    plans = all_plans()

    first = generate(plans, seed=11, today=TODAY, months=2)
    again = generate(plans, seed=11, today=TODAY, months=2)
    other = generate(plans, seed=12, today=TODAY, months=2)

    assert len(first.items["jianghai-gov"]) > 1000
    assert first.items == again.items
    assert first.items != other.items


def test_the_government_centre_is_closed_on_public_holidays_and_open_on_make_up_days() -> None:
    data = generate(all_plans(), seed=5, today=TODAY, months=3)
    days = Counter(s.received_at.astimezone(TZ).date() for s in data.items["jianghai-gov"])

    national_day = [date(2026, 10, d) for d in range(1, 8)]
    assert sum(days[d] for d in national_day) == 0
    assert days[date(2026, 10, 10)] > 0  # Saturday, a make-up working day
    assert days[date(2026, 10, 11)] == 0  # an ordinary Sunday


def test_hotels_are_busier_at_weekends_and_the_centre_on_mondays() -> None:
    data = generate(all_plans(), seed=5, today=TODAY, months=6)
    hotel = Counter(s.received_at.astimezone(TZ).weekday() for s in data.items["yunqi-hotels"])
    centre = Counter(s.received_at.astimezone(TZ).weekday() for s in data.items["jianghai-gov"])

    assert len(hotel) == 7
    assert hotel[5] > hotel[1] * 1.4  # Saturday vs Tuesday
    assert centre[0] > centre[4]  # Monday vs Friday


def test_both_incidents_show_as_bursts_of_bad_experiences() -> None:
    data = generate(all_plans(), seed=9, today=TODAY, months=6)
    outage, queue = data.incidents
    items = data.items["jianghai-gov"]

    def negative_share(selected: list[Any]) -> float:
        bad = [s for s in selected if s.rating is not None and s.rating <= 2]
        rated = [s for s in selected if s.rating is not None]
        return len(bad) / len(rated)

    on_outage = [s for s in items if s.received_at.astimezone(TZ).date() in outage.days]
    sb_windows = {"W05", "W06", "W07", "W08"}
    on_queue = [
        s
        for s in items
        if s.received_at.astimezone(TZ).date() in queue.days and s.unit in sb_windows
    ]
    elsewhere = [s for s in items if s not in on_outage and s.unit in sb_windows]

    assert (outage.kind, len(outage.days), queue.kind, len(queue.days)) == ("outage", 2, "queue", 5)
    assert data.affected[outage.title] > 0
    assert negative_share(on_outage) > 3 * negative_share(elsewhere)
    assert negative_share(on_queue) > 3 * negative_share(elsewhere)
    assert any("系统" in (s.text or "") or "网上" in (s.text or "") for s in on_outage)


def test_build_demo_stores_every_generated_item_incidents_and_logins(session: Session) -> None:
    result = build_demo(session, seed=3, months=1, today=TODAY, password="pw-demo-1", scale=0.3)
    expected = generate(all_plans(), seed=3, today=TODAY, months=1, scale=0.3)

    stored = session.scalar(select(func.count(Feedback.id)))
    assert stored == sum(len(v) for v in expected.items.values())
    assert result.feedback == {k: len(v) for k, v in expected.items.items()}
    assert session.scalar(select(func.count(Incident.id))) == 2
    assert len(result.logins) == 6
    assert {login.username for login in result.logins} >= {"admin", "handler", "head", "analyst"}
    languages = set(session.scalars(select(Feedback.language).where(Feedback.text.is_not(None))))
    assert languages == {"zh", "en"}
    channels = set(session.scalars(select(Feedback.channel)))
    assert {"qr_rating", "hotline", "online_review", "survey", "email"} <= channels


def test_the_analyst_corrects_texts_the_engine_read_against_their_writing(
    session: Session,
) -> None:
    result = build_demo(session, seed=3, months=1, today=TODAY, scale=0.3, with_cases=False)
    corrections = session.scalars(select(Correction).order_by(Correction.id)).all()
    assert 0 < len(corrections) == sum(result.corrections.values())
    assert max(result.corrections.values()) <= loader.CORRECTIONS_PER_ORG
    analyst = session.scalar(select(UserAccount).where(UserAccount.username == "analyst"))
    assert analyst is not None
    for c in corrections:
        row = session.get(Feedback, c.feedback_id)
        model = session.scalar(select(Analysis).where(Analysis.feedback_id == c.feedback_id))
        assert row is not None and model is not None
        assert c.field == "sentiment" and row.sentiment == c.value != model.sentiment
        if row.organization_id == result.organizations["jianghai-gov"]:
            assert c.user_id == analyst.id


def test_building_twice_with_one_seed_gives_identical_rows(session: Session) -> None:
    nested = session.begin_nested()
    build_demo(session, seed=21, months=1, today=TODAY, scale=0.2, with_cases=False)
    first = _snapshot(session)
    nested.rollback()
    nested = session.begin_nested()
    build_demo(session, seed=21, months=1, today=TODAY, scale=0.2, with_cases=False)
    second = _snapshot(session)
    nested.rollback()
    build_demo(session, seed=22, months=1, today=TODAY, scale=0.2, with_cases=False)
    third = _snapshot(session)

    assert len(first) > 500
    assert first == second
    assert first != third


def test_if_empty_leaves_an_existing_database_alone(session: Session) -> None:
    build_demo(session, seed=1, months=1, today=TODAY, scale=0.1, with_cases=False)
    before = session.scalar(select(func.count(Feedback.id)))

    again = build_demo(session, seed=1, months=1, today=TODAY, if_empty=True)

    assert again.created is False
    assert session.scalar(select(func.count(Feedback.id))) == before


def test_the_demo_command_builds_and_prints_the_login(
    fresh_database_url: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "CXLOOP_DATABASE_URL": fresh_database_url,
        "CXLOOP_DATA_DIR": str(tmp_path),
    }

    def cxloop(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cxloop.cli.main", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    assert cxloop("db", "upgrade").returncode == 0
    built = cxloop("demo", "--seed", "4", "--months", "1", "--password", "pw-cli-demo")
    skipped = cxloop("demo", "--if-empty")

    assert built.returncode == 0, built.stderr
    assert "pw-cli-demo" in built.stdout
    assert "admin" in built.stdout
    assert skipped.returncode == 0, skipped.stderr
    assert "nothing to do" in skipped.stdout
    saved = (tmp_path / "demo-login.txt").read_text(encoding="utf-8").splitlines()
    assert len(saved) == 6
    assert saved[0].startswith("admin pw-cli-demo")
