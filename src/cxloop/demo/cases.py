"""Case histories for the demo, driven through the cases service (one code path for everything).

Ingestion has already opened a case for every item the organisation's rule calls negative. This
module plays each case forward the way a team of handlers would have worked it, dating every
command in the past (``apply_command(now=...)``), so the workbench, the timeline and the metrics
(response and resolution times, SLA compliance, 回访 rate, recovery satisfaction) show a believable
operation: old cases mostly closed after a follow-up, some reopened or unreachable, recent ones
spread over every open state, a few overdue. Deterministic for a seed: each case draws from a
generator seeded by the demo seed and the case id.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from cxloop.accounts import service as accounts_service
from cxloop.accounts.service import Principal
from cxloop.cases import service as cases_service
from cxloop.cases.schemas import CaseListItem
from cxloop.core.clock import utcnow
from cxloop.core.errors import CxError
from cxloop.demo.rhythm import TZ

# The states a demo must show (a workbench with one of each is what people look at first).
SHOWCASE = (
    "new",
    "acknowledged",
    "in_progress",
    "pending_customer",
    "pending_approval",
    "resolved",
    "closed",
    "merged",
)
MERGE_SHARE = 0.03  # young cases that turn out to repeat the one before (same customer, same issue)

# Root causes a handler would record, per sector, most frequent first (weights follow).
ROOT_CAUSES: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "government": (
        ("timeliness", "process", "attitude", "digital", "competence", "communication"),
        (30, 25, 15, 12, 10, 8),
    ),
    "hotel": (
        ("quality", "environment", "attitude", "facilities", "timeliness", "price"),
        (25, 20, 15, 15, 15, 10),
    ),
}


@dataclass(frozen=True)
class Team:
    """Who works an organisation's cases: the handler owns them, the approver decides money."""

    handler: Principal
    approver: Principal


def principal(session: Session, username: str) -> Principal:
    user = accounts_service.get_user_by_username(session, username)
    return accounts_service.principal_for(user, via="demo")


class _Player:
    """Plays one case forward; every command is dated ``self.at`` and moves the clock on."""

    def __init__(
        self,
        session: Session,
        *,
        organization_id: int,
        case: CaseListItem,
        team: Team,
        rng: random.Random,
        end: datetime,
    ) -> None:
        self.session = session
        self.organization_id = organization_id
        self.case = case
        self.team = team
        self.rng = rng
        self.at = case.opened_at
        self.end = end

    def wait(self, low_hours: float, high_hours: float) -> bool:
        """Advance the clock; False when that would pass the demo's "now" (the story stops)."""
        at = self.at + timedelta(hours=self.rng.uniform(low_hours, high_hours))
        if at >= self.end:
            return False
        self.at = at
        return True

    def run(
        self, command: str, payload: dict[str, Any] | None = None, *, approver: bool = False
    ) -> None:
        cases_service.run_command(
            self.session,
            organization_id=self.organization_id,
            case_id=self.case.id,
            command=command,
            actor=self.team.approver if approver else self.team.handler,
            payload=payload or {},
            now=self.at,
        )

    def add_action(self, kind: str, amount: int | None = None, note: str | None = None) -> None:
        cases_service.add_recovery_action(
            self.session,
            organization_id=self.organization_id,
            case_id=self.case.id,
            actor=self.team.handler,
            payload={"kind": kind, "amount": amount, "note": note},
            now=self.at,
        )


def _play(p: _Player, *, sector: str, target: str) -> str:
    """Drive the case towards ``target``; returns the state it reached before "now" stopped it."""
    rng = p.rng
    causes, weights = ROOT_CAUSES.get(sector, ROOT_CAUSES["government"])
    if target == "new":
        return "new"
    if not p.wait(0.1, 2):
        return "new"
    p.run("assign", {"assignee": p.team.handler.username, "note": "派单"}, approver=True)
    if not p.wait(0.2, 6):
        return "new"
    p.run("acknowledge")
    if target == "acknowledged" or not p.wait(0.5, 10):
        return "acknowledged"
    p.run("start")
    unreachable = target == "closed" and rng.random() < 0.08
    for _ in range(2 if unreachable else (1 if rng.random() < 0.8 else 2)):
        outcome = (
            "no_answer"
            if unreachable
            else rng.choice(["reached", "reached", "reached", "left_message"])
        )
        p.run("log_contact", {"channel": "phone", "direction": "outbound", "outcome": outcome})
        if not p.wait(0.2, 4):
            return "in_progress"
    if not unreachable:
        p.add_action("apology", note="当面/电话致歉")
    if target == "in_progress":
        return "in_progress"
    if target == "pending_customer":
        p.run("wait_for_customer", {"note": "等待客户补充材料"})
        return "pending_customer"
    if target == "pending_approval" or (target == "closed" and rng.random() < 0.1):
        p.add_action("voucher", amount=rng.choice([300, 500, 800]), note="补偿券")
        if target == "pending_approval" or not p.wait(2, 20):
            return "pending_approval"
        p.run("approve", approver=True)
        if not p.wait(0.5, 6):
            return "in_progress"
    if not p.wait(1, 40):
        return "in_progress"
    code = (
        "unreachable"
        if unreachable
        else rng.choice(["recovered"] * 6 + ["partially_recovered"] * 2 + ["not_recovered"])
    )
    p.run(
        "resolve", {"root_cause_aspect": rng.choices(causes, weights)[0], "resolution_code": code}
    )
    if target == "resolved" or not p.wait(20, 72):
        return "resolved"
    if unreachable:
        return "resolved"  # nobody to call back: the deadline worker auto-closes it later
    satisfied = rng.random() < 0.82
    if satisfied:
        p.run("record_follow_up", {"score": rng.choice([4, 4, 5, 5, 5]), "channel": "phone"})
        return "closed"
    p.run("record_follow_up", {"score": rng.choice([1, 2, 2, 3]), "comment": "问题没有真正解决"})
    if not p.wait(1, 24):
        return "in_progress"
    p.run("log_contact", {"channel": "visit", "direction": "outbound", "outcome": "reached"})
    if not p.wait(2, 30):
        return "in_progress"
    p.run(
        "resolve",
        {"root_cause_aspect": rng.choices(causes, weights)[0], "resolution_code": "recovered"},
    )
    if not p.wait(20, 60):
        return "resolved"
    p.run("record_follow_up", {"score": rng.choice([3, 4, 4, 5]), "channel": "phone"})
    return "closed"


def _target(rng: random.Random, age_days: float) -> str:
    """The state a case of this age would be in: old ones done, young ones still open."""
    if age_days > 14:
        return rng.choices(["closed", "resolved", "in_progress"], [92, 5, 3])[0]
    if age_days > 4:
        return rng.choices(
            [
                "closed",
                "resolved",
                "in_progress",
                "pending_customer",
                "pending_approval",
                "acknowledged",
            ],
            [45, 20, 15, 8, 6, 6],
        )[0]
    if age_days > 1:
        return rng.choices(
            ["new", "acknowledged", "in_progress", "pending_customer", "resolved"],
            [5, 20, 55, 10, 10],
        )[0]
    return rng.choices(["new", "acknowledged", "in_progress"], [55, 30, 15])[0]


def _all_new_cases(session: Session, organization_id: int) -> list[CaseListItem]:
    filters = cases_service.CaseFilters(statuses=["new"])
    items: list[CaseListItem] = []
    cursor: str | None = None
    while True:
        page = cases_service.list_cases(
            session, organization_id=organization_id, filters=filters, cursor=cursor, limit=500
        )
        items.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            return sorted(items, key=lambda c: (c.opened_at, c.id))


def build_case_histories(
    session: Session,
    *,
    organizations: dict[str, int],
    teams: dict[str, Team],
    sectors: dict[str, str],
    seed: int,
    today: date,
) -> tuple[dict[str, int], list[str]]:
    """Play every rule-opened case forward; returns the count of cases per state, and notes."""
    end = min(utcnow(), datetime.combine(today, time.max, tzinfo=TZ))
    reached: Counter[str] = Counter()
    notes: list[str] = []
    for slug, organization_id in organizations.items():
        team = teams[slug]
        previous: tuple[CaseListItem, str] | None = None
        # Every state shows up at least once in the recent cases, whatever the volume.
        missing = [s for s in SHOWCASE if s != "merged"]
        merged_here = False
        cases = _all_new_cases(session, organization_id)
        for index, case in enumerate(cases):
            # Seeded by position, not id: ids differ between databases, the story must not.
            rng = random.Random(f"{seed}:{slug}:{index}")
            age_days = (end - case.opened_at).total_seconds() / 86400
            player = _Player(
                session, organization_id=organization_id, case=case, team=team, rng=rng, end=end
            )
            young = age_days < 10
            target = _target(rng, age_days)
            if young and missing and index >= len(cases) - 200:
                target = missing[0]
            try:
                if (
                    previous is not None
                    and previous[1] in ("new", "acknowledged", "in_progress")
                    and young
                    and (rng.random() < MERGE_SHARE or not merged_here)
                    and player.wait(0.5, 3)
                ):
                    player.run("merge", {"into_case_id": previous[0].id}, approver=True)
                    reached["merged"] += 1
                    merged_here = True
                    continue
                state = _play(player, sector=sectors[slug], target=target)
            except CxError as exc:  # a story the workflow refuses is a demo bug: say so, go on
                notes.append(f"case {case.number}: {exc.code} {exc.details}")
                continue
            reached[state] += 1
            previous = (case, state)
            if state in missing:
                missing.remove(state)
    return dict(reached), notes
