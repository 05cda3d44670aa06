"""Believable feedback for the page tests, ingested through the feedback service.

A fixed list of items (Chinese and English, scores only, one with a phone number) received in the
last days before ``now``, so the dashboard's default period (last 30 days) holds all of them. The
feedback service analyses the texts and opens cases for the negative ones, as in production.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session
from tests.factories import World

from cxloop.accounts.service import principal_for
from cxloop.cases import service as cases_service
from cxloop.cases.schemas import CaseCreate
from cxloop.feedback import service as feedback_service

# (unit, channel, rating, nps, text, days ago)
ITEMS: tuple[tuple[str, str, int | None, int | None, str | None, int], ...] = (
    ("HP-A", "qr_rating", 1, None, "排队等了两个小时，工作人员态度很差", 1),
    ("HP-A", "qr_rating", 2, None, "材料要求太多，跑了三次还没办成", 2),
    ("HP-A", "hotline", 1, 2, "我的电话是13812345678，请尽快回电，排队太久了", 3),
    ("HP-A", "online_review", 2, 3, "The staff were rude and the wait was too long", 4),
    ("HP-B", "qr_rating", 1, None, "系统一直显示故障，网上预约不了", 5),
    ("HP-B", "survey", 5, 10, "服务很好，非常满意", 6),
    ("HP-A", "survey", 5, 9, "Great service, quick and friendly staff", 7),
    ("HP-B", "survey", 4, 8, "窗口人员很耐心，讲解清楚", 8),
    ("HP-A", "qr_rating", 3, None, None, 9),
    ("HP-B", "qr_rating", 4, None, None, 10),
    ("HP-A", "qr_rating", 5, None, None, 11),
    ("HP-B", "survey", 2, 4, "等待时间太长，没有人告知进度", 12),
)


@dataclass(frozen=True)
class Seeded:
    feedback_ids: list[int]
    rated: int
    with_nps: int
    negative_texts: int

    @property
    def phone_item_id(self) -> int:
        return self.feedback_ids[2]


def seed_feedback(session: Session, world: World, *, now: datetime) -> Seeded:
    """Ingest :data:`ITEMS`; the caller commits."""
    items = []
    for index, (unit, channel, rating, nps, text, days_ago) in enumerate(ITEMS):
        item: dict[str, object] = {
            "channel": channel,
            "source_ref": f"web-{index}",
            "unit": unit,
            "received_at": (now - timedelta(days=days_ago, hours=1)).isoformat(),
        }
        if rating is not None:
            item["rating"] = rating
        if nps is not None:
            item["nps"] = nps
        if text is not None:
            item["text"] = text
        items.append(item)
    report = feedback_service.ingest_items(session, organization_id=world.org.id, items=items)
    ids = [o.id for o in report.outcomes]
    assert report.errors == 0 and all(i is not None for i in ids), report.outcomes
    return Seeded(
        feedback_ids=[i for i in ids if i is not None],
        rated=sum(1 for i in ITEMS if i[2] is not None),
        with_nps=sum(1 for i in ITEMS if i[3] is not None),
        negative_texts=sum(1 for i in ITEMS if i[4] and i[2] is not None and i[2] <= 2),
    )


def case_in_progress(session: Session, world: World, title: str = "Approval") -> int:
    """A case of unit A assigned to handler_li, acknowledged and started (committed)."""
    handler = principal_for(world.users["handler_li"], via="token")
    case = cases_service.open_case(
        session,
        organization_id=world.org.id,
        actor=handler,
        data=CaseCreate(title=title, unit="HP-A", assignee="handler_li"),
    )
    for command in ("acknowledge", "start"):
        cases_service.apply_command(
            session, organization_id=world.org.id, case_id=case.id, command=command, actor=handler
        )
    session.commit()
    return case.id
