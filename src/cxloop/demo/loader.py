"""How the demo's generated rows reach the database: through the owning domains' services.

Feedback goes through the feedback domain's bulk ingestion (which also runs the batch text analysis
and opens cases by the organisation's rule) when that service offers one. Until it does, the demo
falls back to a plain bulk insert of the feedback rows with ``is_negative`` derived from the scores
only (rating <= 2, csat <= 2, nps <= 6) and no analysis — never invented labels. The fallback is
transitional and marked as such in the result so the CLI can say which path it took.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from cxloop.demo.generate import FeedbackSpec
from cxloop.demo.rhythm import IncidentSpec
from cxloop.org import service as org_service

BATCH = 2000
# Names the feedback service may give its bulk path, most specific first.
_BULK_NAMES = ("ingest_bulk", "bulk_ingest", "ingest_many", "ingest_batch", "create_feedback_batch")


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None


def feedback_bulk_function() -> Callable[..., Any] | None:
    """The feedback service's bulk ingestion function, or None while it has none."""
    module = _module("cxloop.feedback.service")
    if module is None:
        return None
    for name in _BULK_NAMES:
        fn = getattr(module, name, None)
        if callable(fn):
            return fn
    return None


def ingest_feedback(
    session: Session, *, organization_id: int, specs: Sequence[FeedbackSpec]
) -> str:
    """Store the items; returns which path was taken (``"service"`` or ``"direct"``)."""
    bulk = feedback_bulk_function()
    if bulk is not None:
        params = inspect.signature(bulk).parameters
        for start in range(0, len(specs), BATCH):
            chunk = [s.as_item() for s in specs[start : start + BATCH]]
            kwargs: dict[str, Any] = {"organization_id": organization_id, "items": chunk}
            if "analyze" in params:
                kwargs["analyze"] = True
            bulk(session, **kwargs)
        session.flush()
        return "service"
    _insert_direct(session, organization_id=organization_id, specs=specs)
    return "direct"


def _negative_from_scores(spec: FeedbackSpec) -> bool:
    return (
        (spec.rating is not None and spec.rating <= 2)
        or (spec.csat is not None and spec.csat <= 2)
        or (spec.nps is not None and spec.nps <= 6)
    )


def _insert_direct(
    session: Session, *, organization_id: int, specs: Sequence[FeedbackSpec]
) -> None:
    from cxloop.feedback.models import Feedback

    # org_service.code_maps would do, but on SQLAlchemy 2.1 dict(result.tuples()) takes the result
    # for a mapping (it has keys()) and fails; the three lists are small.
    units = {u.code: u.id for u in org_service.list_units(session, organization_id=organization_id)}
    services = {
        s.code: s.id for s in org_service.list_services(session, organization_id=organization_id)
    }
    staff = {s.code: s.id for s in org_service.list_staff(session, organization_id=organization_id)}
    for start in range(0, len(specs), BATCH):
        rows = [
            {
                "organization_id": organization_id,
                "channel": s.channel,
                "source_ref": s.source_ref,
                "received_at": s.received_at,
                "occurred_at": s.received_at,
                "unit_id": units.get(s.unit),
                "service_id": services.get(s.service or ""),
                "staff_id": staff.get(s.staff or ""),
                "nps": s.nps,
                "csat": s.csat,
                "ces": s.ces,
                "rating": s.rating,
                "text": s.text,
                "language": s.language,
                "extra": {"demo": True},
                "is_negative": _negative_from_scores(s),
            }
            for s in specs[start : start + BATCH]
        ]
        session.execute(insert(Feedback), rows)
    session.flush()


def record_incident(
    session: Session, *, organization_id: int, spec: IncidentSpec, affected: int
) -> None:
    """An ``incident`` row, through the incidents service when it has one."""
    module = _module("cxloop.incidents.service")
    unit = (
        org_service.find_unit_by_code(session, organization_id=organization_id, code=spec.unit)
        if spec.unit
        else None
    )
    fields: dict[str, Any] = {
        "organization_id": organization_id,
        "unit_id": unit.id if unit else None,
        "title": spec.title,
        "kind": spec.kind,
        "description": spec.description,
        "started_at": spec.started_at,
        "ended_at": spec.ended_at,
        "affected_count": affected,
    }
    create = getattr(module, "create_incident", None) if module is not None else None
    if callable(create):
        accepted = inspect.signature(create).parameters
        create(session, **{k: v for k, v in fields.items() if k in accepted})
        return
    from cxloop.incidents.models import Incident

    session.add(Incident(**fields))
    session.flush()
