"""The feedback inbox, one item's detail, and the forms that correct the text engine's reading.

Filters are a plain GET form, so every filtered view has a URL; HTMX swaps only the result list
(``#feedback-results``) and appends the next page (``#feedback-more``) using the service's cursor.

The detail page shows the model's reading beside what people decided, and takes corrections
(sentiment, type, an aspect set with a polarity or removed) through the same service function as
``POST /api/v1/feedback/{id}/corrections``; the item then shows and counts the person's word.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from cxloop.api.deps import SessionDep, SettingsDep
from cxloop.cases.schemas import ASPECTS
from cxloop.feedback import service as feedback_service
from cxloop.feedback.models import Channel, Sentiment
from cxloop.feedback.schemas import CorrectionIn
from cxloop.text import FEEDBACK_TYPES
from cxloop.web.auth import CurrentPageUser
from cxloop.web.pages.common import (
    CSRF,
    PERIOD_DAYS,
    FormData,
    blank_to_none,
    page,
    page_router,
    period_choice,
    unit_choices,
    user_names,
    wants_fragment,
)

router = page_router()
PAGE_SIZE = 25

# The score filter on the five-level rating: 差评 (1-2), 基本满意 (3), 好评 (4-5).
SCORE_BANDS: dict[str, tuple[int, int]] = {"bad": (1, 2), "neutral": (3, 3), "good": (4, 5)}
# The "corrected by a person" filter, with the API's values; anything else means no filter.
CORRECTED_CHOICES: dict[str, bool] = {"true": True, "false": False}


@router.get("/feedback", response_class=HTMLResponse)
def inbox(
    request: Request,
    session: SessionDep,
    user: CurrentPageUser,
    period: str | None = None,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    unit: str | None = None,
    channel: str | None = None,
    sentiment: str | None = None,
    type: str | None = None,
    aspect: str | None = None,
    score: str | None = None,
    corrected: str | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    cursor: str | None = None,
) -> HTMLResponse:
    choice = period_choice(period, start, end, tz_name=user.timezone)
    band = SCORE_BANDS.get(score or "")
    said = CORRECTED_CHOICES.get(corrected or "")
    chosen = {
        "unit": blank_to_none(unit),
        "channel": blank_to_none(channel),
        "sentiment": blank_to_none(sentiment),
        "type": blank_to_none(type),
        "aspect": blank_to_none(aspect),
        "score": score if band else None,
        "corrected": corrected if said is not None else None,
        "q": blank_to_none(q),
    }
    filters = feedback_service.FeedbackFilters(
        start=choice.start_on.isoformat(),
        end=choice.end_on.isoformat(),
        unit=chosen["unit"],
        channel=chosen["channel"],
        sentiment=chosen["sentiment"],
        type=chosen["type"],
        aspect=chosen["aspect"],
        corrected=said,
        rating_min=band[0] if band else None,
        rating_max=band[1] if band else None,
        q=chosen["q"],
    )
    result = feedback_service.list_feedback(
        session,
        organization_id=user.organization_id,
        filters=filters,
        cursor=blank_to_none(cursor),
        limit=PAGE_SIZE,
    )
    query = urlencode({**choice.query(), **{k: v for k, v in chosen.items() if v}})
    context = {
        "active": "feedback",
        "items": result.items,
        "next_cursor": result.next_cursor,
        "query": query,
        "choice": choice,
        "periods": PERIOD_DAYS,
        "chosen": chosen,
        "units": unit_choices(session, organization_id=user.organization_id),
        "channels": [c.value for c in Channel],
        "sentiments": [s.value for s in Sentiment],
        "types": list(FEEDBACK_TYPES),
        "aspects": ASPECTS,
        "score_bands": list(SCORE_BANDS),
        "corrected_choices": list(CORRECTED_CHOICES),
    }
    if wants_fragment(request, "feedback-more"):
        return page(request, user, "feedback/_rows.html", context)
    if wants_fragment(request, "feedback-results"):
        return page(request, user, "feedback/_results.html", context)
    return page(request, user, "feedback/inbox.html", context)


@router.get("/feedback/{feedback_id}", response_class=HTMLResponse)
def detail(
    request: Request, session: SessionDep, user: CurrentPageUser, feedback_id: int
) -> HTMLResponse:
    item = feedback_service.get_feedback(
        session, organization_id=user.organization_id, feedback_id=feedback_id
    )
    analysis = item.analysis or {}
    corrections = feedback_service.list_corrections(
        session, organization_id=user.organization_id, feedback_id=feedback_id
    )
    found_pii = bool((analysis.get("result") or {}).get("pii"))
    return page(
        request,
        user,
        "feedback/detail.html",
        {
            "active": "feedback",
            "item": item,
            "analysis": item.analysis,
            "found_pii": found_pii,
            "shown_text": analysis.get("masked_text") if found_pii else item.text,
            "emotions": ((analysis.get("result") or {}).get("emotions") or {}).get("scores", {}),
            "corrections": corrections,
            "person": _people_said(corrections),
            "names": user_names(session, organization_id=user.organization_id),
            "sentiments": [s.value for s in Sentiment],
            "types": list(FEEDBACK_TYPES),
            "aspects": ASPECTS,
        },
    )


def _people_said(corrections: list[Any]) -> dict[str, Any]:
    """The newest sentiment and type correction (the ones the item now shows), or absent."""
    said: dict[str, Any] = {}
    for c in corrections:
        if c.field in ("sentiment", "type"):
            said[c.field] = c
    return said


@router.post("/feedback/{feedback_id}/corrections", dependencies=CSRF)
def correct(
    session: SessionDep,
    user: CurrentPageUser,
    settings: SettingsDep,
    feedback_id: int,
    form: FormData,
) -> Response:
    """One correction from the detail page's forms; back to the page, which shows its effect."""
    try:
        data = CorrectionIn(
            field=form.get("field", ""),
            value=form.get("value", ""),
            polarity=blank_to_none(form.get("polarity")),
            remove=form.get("remove") == "1",
        )
    except ValidationError as exc:
        raise feedback_service.pydantic_error(
            exc,
            "feedback.invalid_correction",
            field=form.get("field", ""),
            value=form.get("value", ""),
        ) from exc
    feedback_service.add_correction(
        session,
        organization_id=user.organization_id,
        feedback_id=feedback_id,
        user_id=user.principal.user_id,
        data=data,
        model_dir=settings.text_model,
    )
    return RedirectResponse(f"/feedback/{feedback_id}#correct", status_code=303)
