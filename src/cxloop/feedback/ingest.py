"""Set-based ingestion: the one code path behind the single POST, the batch API and the importer.

A batch of 1,000 items costs a fixed number of statements, not 1,000 ORM round trips: codes are
resolved from three dictionaries, customers are upserted in one statement, feedback rows go in with
one ``INSERT ... ON CONFLICT DO NOTHING ... RETURNING`` (idempotency rests on the unique constraint
``(organization_id, channel, source_ref)``, so it is race-safe), one query finds the ids of the
duplicates, all texts are analysed in one ``analyze_batch`` call, and the cases of all created
items are opened (or joined) in one ``open_cases_for_feedback`` call.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select, tuple_, update
from sqlalchemy.orm import Session

from cxloop.analysis import service as analysis_service
from cxloop.cases import service as cases_service
from cxloop.cases.schemas import FeedbackSignal
from cxloop.core.clock import utcnow
from cxloop.core.db import dialect_insert
from cxloop.core.errors import CxError
from cxloop.customers import service as customers_service
from cxloop.feedback.models import Feedback
from cxloop.feedback.schemas import CaseRef
from cxloop.feedback.signals import signal_for
from cxloop.feedback.validation import CodeMaps, ValidItem, validate_item
from cxloop.org import service as org_service

logger = logging.getLogger(__name__)

MAX_BATCH = 1_000


@dataclass
class ItemOutcome:
    """What happened to one item of a batch, by its index in the batch."""

    index: int
    status: str  # "created" | "duplicate" | "error"
    id: int | None = None
    error: CxError | None = None
    case: CaseRef | None = None


@dataclass
class IngestReport:
    outcomes: list[ItemOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def duplicates(self) -> int:
        return self.count("duplicate")

    @property
    def errors(self) -> int:
        return self.count("error")


def _insert_rows(session: Session, rows: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    """Insert what is new; (channel, source_ref) -> id of each row this statement created."""
    if not rows:
        return {}
    table = Feedback.__table__
    stmt = (
        dialect_insert(session)(table)
        .on_conflict_do_nothing(
            index_elements=[table.c.organization_id, table.c.channel, table.c.source_ref]
        )
        .returning(table.c.id, table.c.channel, table.c.source_ref)
    )
    # Column keys, not attribute names: the JSON column is called "metadata" in the table.
    params = [{("metadata" if k == "extra" else k): v for k, v in row.items()} for row in rows]
    result = session.execute(stmt, params)
    return {(channel, ref): fid for fid, channel, ref in result}


def _existing_ids(
    session: Session, organization_id: int, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        rows = session.execute(
            select(Feedback.id, Feedback.channel, Feedback.source_ref).where(
                Feedback.organization_id == organization_id,
                tuple_(Feedback.channel, Feedback.source_ref).in_(chunk),
            )
        )
        found.update({(channel, ref): fid for fid, channel, ref in rows})
    return found


def record_analyses(
    session: Session, *, stored: Sequence[analysis_service.StoredAnalysis], now: datetime
) -> None:
    """Denormalise the analyses onto the feedback rows (one bulk update by primary key).

    The analysis domain stores its reading in its own tables; the columns lists and metrics filter
    on belong to this row, so this domain writes them, for ingest and the later job alike.
    """
    if not stored:
        return
    session.execute(
        update(Feedback),
        [
            {
                "id": s.feedback_id,
                "sentiment": s.sentiment,
                "feedback_type": s.feedback_type,
                "language": s.language,
                "is_negative": s.is_negative,
                "analysed_at": now,
            }
            for s in stored
        ],
    )
    session.flush()


def _signal(
    feedback_id: int, row: dict[str, Any], stored: analysis_service.StoredAnalysis | None
) -> FeedbackSignal:
    if stored is None:
        return signal_for(
            row, feedback_id=feedback_id, sentiment=None, urgency=None, feedback_type=None
        )
    return signal_for(
        row,
        feedback_id=feedback_id,
        sentiment=stored.sentiment,
        urgency=stored.urgency,
        feedback_type=stored.feedback_type,
    )


def ingest_items(
    session: Session,
    *,
    organization_id: int,
    items: Sequence[Any],
    actor_id: int | None = None,
    analyze: bool = True,
    model_dir: str | None = None,
    now: datetime | None = None,
) -> IngestReport:
    """Validate, store, analyse and route a batch of raw items (dicts); one outcome per item.

    Invalid items never block valid ones. The same (channel, source_ref) twice — in the database
    already or earlier in this batch — is stored once and reported as "duplicate" with the stored id.
    """
    now = now or utcnow()
    org = org_service.get_organization(session, organization_id)
    tz = ZoneInfo(org.timezone)
    maps = CodeMaps(*org_service.code_maps(session, organization_id=organization_id))
    outcomes: dict[int, ItemOutcome] = {}
    first: dict[tuple[str, str], ValidItem] = {}
    repeats: list[tuple[int, tuple[str, str]]] = []
    for index, raw in enumerate(items):
        try:
            valid = validate_item(
                index, raw, organization_id=organization_id, maps=maps, tz=tz, now=now
            )
        except CxError as exc:
            outcomes[index] = ItemOutcome(index=index, status="error", error=exc)
            continue
        key = (valid.row["channel"], valid.row["source_ref"])
        if key in first:
            repeats.append((index, key))
        else:
            first[key] = valid

    customers = [v.customer for v in first.values() if v.customer is not None]
    if customers:
        ids = customers_service.upsert_customers(
            session, organization_id=organization_id, customers=customers
        )
        for valid in first.values():
            if valid.customer is not None:
                valid.row["customer_id"] = ids[valid.customer.external_id]

    created = _insert_rows(session, [v.row for v in first.values()])
    missing = [key for key in first if key not in created]
    existing = _existing_ids(session, organization_id, missing) if missing else {}
    for key, valid in first.items():
        if key in created:
            outcomes[valid.index] = ItemOutcome(valid.index, "created", id=created[key])
        else:
            outcomes[valid.index] = ItemOutcome(valid.index, "duplicate", id=existing.get(key))
    for index, key in repeats:
        outcomes[index] = ItemOutcome(index, "duplicate", id=created.get(key) or existing.get(key))

    new = [(created[key], v) for key, v in first.items() if key in created]
    stored: dict[int, analysis_service.StoredAnalysis] = {}
    if analyze:
        targets = [
            analysis_service.AnalysisTarget(
                feedback_id=fid,
                organization_id=organization_id,
                text=v.row["text"],
                score_negative=v.row["is_negative"],
                language=v.row["language"],
            )
            for fid, v in new
            if v.row["text"]
        ]
        try:
            analyses = analysis_service.analyse_texts(
                [t.text for t in targets], model_dir=model_dir
            )
        except Exception:
            # Accepted feedback is never lost to the text engine: the items are stored "not
            # analysed", their scores still open cases, and feedback.analyze_pending retries.
            logger.exception(
                "text analysis failed on ingest; %d items stored unanalysed", len(targets)
            )
            analyses = None
        if analyses is not None:
            results = analysis_service.store_analyses(
                session, targets=targets, results=analyses, now=now
            )
            record_analyses(session, stored=results, now=now)
            stored = {s.feedback_id: s for s in results}
    cases = cases_service.open_cases_for_feedback(
        session,
        organization_id=organization_id,
        signals=[_signal(fid, valid.row, stored.get(fid)) for fid, valid in new],
        actor_id=actor_id,
    )
    for (_, valid), case in zip(new, cases, strict=True):
        if case is not None:
            outcomes[valid.index].case = CaseRef(
                id=case.id, number=case.number, status=str(case.status)
            )
    session.flush()
    return IngestReport(outcomes=[outcomes[i] for i in range(len(items))])
