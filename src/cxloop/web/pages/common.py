"""What every page module shares: the router class, rendering for the viewer, periods, names.

Page handlers stay thin: they turn query strings and forms into the arguments of a domain service,
call it, and render. Everything that more than one page needs lives here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from cxloop.accounts import service as accounts_service
from cxloop.core.clock import utcnow
from cxloop.core.errors import ValidationFailed
from cxloop.org import service as org_service
from cxloop.web.auth import PageUser, verify_csrf
from cxloop.web.routing import PageRoute, is_htmx
from cxloop.web.templating import render, zone

PERIOD_DAYS = ("7", "30", "90")


async def form_data(request: Request) -> dict[str, str]:
    """The posted form as strings, read before the (synchronous) handler runs in the thread pool."""
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


FormData = Annotated[dict[str, str], Depends(form_data)]
CSRF = [Depends(verify_csrf)]
"""Dependencies of every page that changes something: the CSRF token is checked first."""
DEFAULT_PERIOD = "30"


def page_router() -> APIRouter:
    """Pages are not part of the public API: no OpenAPI entries, errors rendered as pages."""
    return APIRouter(route_class=PageRoute, include_in_schema=False)


def page(
    request: Request,
    user: PageUser,
    template: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        template,
        {"user": user, **context},
        lang=user.lang,
        tz_name=user.timezone,
        status_code=status_code,
    )


def wants_fragment(request: Request, target: str) -> bool:
    """HTMX asks for one part of a page by naming the element it will swap."""
    return is_htmx(request) and request.headers.get("hx-target") == target


def blank_to_none(value: str | None) -> str | None:
    """An empty form field means "no filter", never a filter on the empty string."""
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None


@dataclass(frozen=True)
class PeriodChoice:
    """The period selector's state: a preset number of days or a custom range of local days."""

    key: str
    start_on: date
    end_on: date

    def query(self) -> dict[str, str]:
        if self.key == "custom":
            return {
                "period": "custom",
                "from": self.start_on.isoformat(),
                "to": self.end_on.isoformat(),
            }
        return {"period": self.key}


def _parse_day(value: str | None, field: str) -> date | None:
    text = blank_to_none(value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationFailed(
            "request.invalid", details=[{"field": field, "reason": "not an ISO date"}]
        ) from exc


def period_choice(
    period: str | None,
    start: str | None,
    end: str | None,
    *,
    tz_name: str,
    now: datetime | None = None,
) -> PeriodChoice:
    """Last 7/30/90 local days up to today, or the custom range (missing ends filled in)."""
    today = (now or utcnow()).astimezone(zone(tz_name)).date()
    if period == "custom":
        end_on = _parse_day(end, "to") or today
        start_on = _parse_day(start, "from") or end_on - timedelta(days=29)
        return PeriodChoice("custom", start_on, end_on)
    key = period if period in PERIOD_DAYS else DEFAULT_PERIOD
    return PeriodChoice(key, today - timedelta(days=int(key) - 1), today)


def user_names(session: Session, *, organization_id: int) -> dict[int, str]:
    """Display names by user id, to show who did what on a timeline or a queue."""
    return {
        u.id: u.display_name or u.username
        for u in accounts_service.list_users(session, organization_id=organization_id)
    }


def unit_choices(session: Session, *, organization_id: int) -> list[tuple[str, str]]:
    """(code, name) of every unit, for the unit filters."""
    return [
        (u.code, u.name) for u in org_service.list_units(session, organization_id=organization_id)
    ]
