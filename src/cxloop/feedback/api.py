"""HTTP routes of the feedback domain: thin, they call service.py."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response, status

from cxloop.api.deps import CurrentUser, SessionDep, SettingsDep
from cxloop.api.errors import request_language
from cxloop.core.errors import CxError
from cxloop.core.pagination import Page
from cxloop.feedback import service as feedback_service
from cxloop.feedback.errors import PayloadTooLarge
from cxloop.feedback.ingest import ItemOutcome
from cxloop.feedback.schemas import (
    BatchResult,
    CorrectionIn,
    CorrectionRead,
    FeedbackListItem,
    FeedbackRead,
    ItemError,
    ItemResult,
)

router = APIRouter(prefix="/api/v1", tags=["feedback"])


def _error(exc: CxError, lang: str) -> ItemError:
    details = exc.details if isinstance(exc.details, list) else []
    return ItemError(code=exc.code, message=exc.message(lang), details=details)


def _result(outcome: ItemOutcome, lang: str) -> ItemResult:
    return ItemResult(
        index=outcome.index,
        status=outcome.status,
        id=outcome.id,
        error=_error(outcome.error, lang) if outcome.error is not None else None,
        case=outcome.case,
    )


@router.post(
    "/feedback",
    response_model=FeedbackRead,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "Already stored (same channel and source_ref)"}},
)
def post_feedback(
    session: SessionDep,
    principal: CurrentUser,
    settings: SettingsDep,
    response: Response,
    item: Annotated[dict[str, Any], Body(description="One feedback item")],
) -> FeedbackRead:
    """Store one item: 201 when new, 200 with the stored item when it was sent before."""
    read, created = feedback_service.ingest_one(
        session,
        organization_id=principal.organization_id,
        item=item,
        actor_id=principal.user_id,
        analyze=settings.analyze_on_ingest,
        model_dir=settings.text_model,
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return read


@router.post("/feedback/batch", response_model=BatchResult)
def post_batch(
    request: Request,
    session: SessionDep,
    principal: CurrentUser,
    settings: SettingsDep,
    items: Annotated[list[Any], Body(embed=True, description="Up to 1,000 items")],
) -> BatchResult:
    """Store up to 1,000 items; one result per item, by index. Bad items never block good ones."""
    if len(items) > feedback_service.MAX_BATCH:
        raise PayloadTooLarge(
            "request.too_large",
            details=[{"field": "items", "reason": f"{len(items)} items"}],
            limit=feedback_service.MAX_BATCH,
        )
    report = feedback_service.ingest_items(
        session,
        organization_id=principal.organization_id,
        items=items,
        actor_id=principal.user_id,
        analyze=settings.analyze_on_ingest,
        model_dir=settings.text_model,
    )
    lang = request_language(request)
    return BatchResult(
        results=[_result(o, lang) for o in report.outcomes],
        created=report.created,
        duplicates=report.duplicates,
        errors=report.errors,
    )


@router.get("/feedback", response_model=Page[FeedbackListItem])
def list_feedback(
    session: SessionDep,
    principal: CurrentUser,
    start: Annotated[str | None, Query(alias="from", description="ISO date or datetime")] = None,
    end: Annotated[
        str | None, Query(alias="to", description="ISO date (inclusive) or datetime")
    ] = None,
    unit: Annotated[str | None, Query(description="Unit code; includes its subtree")] = None,
    service: Annotated[str | None, Query(description="Service code")] = None,
    channel: str | None = None,
    sentiment: str | None = None,
    type: Annotated[
        str | None, Query(description="complaint, suggestion, inquiry, praise or other")
    ] = None,
    aspect: str | None = None,
    negative: bool | None = None,
    corrected: Annotated[
        bool | None, Query(description="true: a person corrected the reading; false: nobody did")
    ] = None,
    rating_min: Annotated[int | None, Query(ge=1, le=5)] = None,
    rating_max: Annotated[int | None, Query(ge=1, le=5)] = None,
    nps_min: Annotated[int | None, Query(ge=0, le=10)] = None,
    nps_max: Annotated[int | None, Query(ge=0, le=10)] = None,
    csat_min: Annotated[int | None, Query(ge=1, le=5)] = None,
    csat_max: Annotated[int | None, Query(ge=1, le=5)] = None,
    q: Annotated[str | None, Query(description="Text contains (case-insensitive)")] = None,
    customer: Annotated[str | None, Query(description="Customer external id")] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Page[FeedbackListItem]:
    filters = feedback_service.FeedbackFilters(
        start=start,
        end=end,
        unit=unit,
        service=service,
        channel=channel,
        sentiment=sentiment,
        type=type,
        aspect=aspect,
        negative=negative,
        corrected=corrected,
        rating_min=rating_min,
        rating_max=rating_max,
        nps_min=nps_min,
        nps_max=nps_max,
        csat_min=csat_min,
        csat_max=csat_max,
        q=q,
        customer=customer,
    )
    return feedback_service.list_feedback(
        session,
        organization_id=principal.organization_id,
        filters=filters,
        cursor=cursor,
        limit=limit,
    )


@router.get("/feedback/{feedback_id}", response_model=FeedbackRead)
def get_feedback(session: SessionDep, principal: CurrentUser, feedback_id: int) -> FeedbackRead:
    return feedback_service.get_feedback(
        session, organization_id=principal.organization_id, feedback_id=feedback_id
    )


@router.post(
    "/feedback/{feedback_id}/corrections",
    response_model=CorrectionRead,
    status_code=status.HTTP_201_CREATED,
)
def add_correction(
    session: SessionDep,
    principal: CurrentUser,
    settings: SettingsDep,
    feedback_id: int,
    body: CorrectionIn,
) -> CorrectionRead:
    """A person's label (sentiment, type or aspect); feeds ``cxloop text train --data``."""
    return feedback_service.add_correction(
        session,
        organization_id=principal.organization_id,
        feedback_id=feedback_id,
        user_id=principal.user_id,
        data=body,
        model_dir=settings.text_model,
    )


@router.get("/feedback/{feedback_id}/corrections", response_model=list[CorrectionRead])
def list_corrections(
    session: SessionDep, principal: CurrentUser, feedback_id: int
) -> list[CorrectionRead]:
    return feedback_service.list_corrections(
        session, organization_id=principal.organization_id, feedback_id=feedback_id
    )
