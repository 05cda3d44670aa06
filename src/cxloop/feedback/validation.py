"""Per-item validation of incoming feedback: each item is judged on its own.

Why not one Pydantic model for a whole batch: one bad item would reject the other 999. Here every
item becomes either a ready-to-insert row or a :class:`CxError` that names the field to fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from pydantic import ValidationError

from cxloop.core.errors import CxError, ValidationFailed
from cxloop.customers.schemas import CustomerIn
from cxloop.feedback.models import Channel
from cxloop.feedback.schemas import FeedbackIn

CHANNELS = frozenset(c.value for c in Channel)
SCORES = ("nps", "csat", "ces", "rating")


@dataclass(frozen=True)
class CodeMaps:
    """Code -> id for the organisation's units, services and staff (one query each per batch)."""

    units: dict[str, int]
    services: dict[str, int]
    staff: dict[str, int]


@dataclass
class ValidItem:
    """A checked item: the row to insert (without customer_id yet) and its customer, if any."""

    index: int
    row: dict[str, Any]
    customer: CustomerIn | None


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "item"


def pydantic_error(exc: ValidationError, code: str = "feedback.invalid", **params: Any) -> CxError:
    """The first problem names the field in the message; every problem is listed in details.

    ``code`` and ``params`` for a message of another shape (a correction names its value)."""
    errors = exc.errors(include_url=False, include_context=False, include_input=False)
    details = [
        {"field": _field(tuple(err["loc"])), "reason": err["msg"], "type": err["type"]}
        for err in errors
    ]
    first = details[0] if details else {"field": "item", "reason": ""}
    return ValidationFailed(
        code, details=details, **({"field": first["field"], "reason": first["reason"]} | params)
    )


def _field_error(error_code: str, field: str, reason: str, **params: Any) -> CxError:
    exc = ValidationFailed(
        error_code,
        details=[{"field": field, "reason": reason, "type": error_code}],
        field=field,
        reason=reason,
    )
    # Set afterwards: the org catalogue's messages use a {code} placeholder, which cannot be
    # passed as a keyword next to CxError's own ``code`` argument.
    exc.params.update(params)
    return exc


def parse_datetime(value: datetime | str | None, *, field: str, tz: tzinfo) -> datetime | None:
    """ISO 8601 (a trailing Z allowed); a value without offset is local time of the organisation."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("z", "Z"))
        except ValueError as exc:
            raise _field_error(
                "feedback.invalid_datetime", field, "not an ISO 8601 date or time", value=value
            ) from exc
    else:
        parsed = value
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(UTC)


def _resolve(code: str | None, table: dict[str, int], field: str, error_code: str) -> int | None:
    if code is None:
        return None
    found = table.get(code)
    if found is None:
        raise _field_error(error_code, field, f"unknown code {code}", code=code)
    return found


def validate_item(
    index: int,
    raw: Any,
    *,
    organization_id: int,
    maps: CodeMaps,
    tz: tzinfo,
    now: datetime,
) -> ValidItem:
    """Check one raw item; raises a CxError naming the field, or returns the row to insert."""
    if not isinstance(raw, Mapping):
        raise _field_error("feedback.invalid", "item", "an item must be a JSON object")
    try:
        item = FeedbackIn.model_validate(dict(raw))
    except ValidationError as exc:
        raise pydantic_error(exc) from exc
    if item.channel not in CHANNELS:
        raise _field_error(
            "feedback.unknown_channel",
            "channel",
            f"one of {', '.join(sorted(CHANNELS))}",
            channel=item.channel,
        )
    text = item.text or None
    if text is None and all(getattr(item, name) is None for name in SCORES):
        raise _field_error("feedback.empty", "text", "give at least one score or a text")
    row: dict[str, Any] = {
        "organization_id": organization_id,
        "channel": item.channel,
        "source_ref": item.source_ref,
        "unit_id": _resolve(item.unit, maps.units, "unit", "org.unknown_unit"),
        "service_id": _resolve(item.service, maps.services, "service", "org.unknown_service"),
        "staff_id": _resolve(item.staff, maps.staff, "staff", "org.unknown_staff"),
        "occurred_at": parse_datetime(item.occurred_at, field="occurred_at", tz=tz),
        "received_at": parse_datetime(item.received_at, field="received_at", tz=tz) or now,
        "nps": item.nps,
        "csat": item.csat,
        "ces": item.ces,
        "rating": item.rating,
        "text": text,
        "language": item.language,
        "extra": item.metadata,
        "customer_id": None,
        "sentiment": None,
        "is_negative": is_negative_by_scores(item.rating, item.csat, item.nps),
        "analysed_at": None,
        "created_at": now,
    }
    return ValidItem(index=index, row=row, customer=item.customer)


def is_negative_by_scores(rating: int | None, csat: int | None, nps: int | None) -> bool:
    """Scores alone mark an item negative: a bad rating or CSAT, or an NPS detractor (0–6)."""
    return (
        (rating is not None and rating <= 2)
        or (csat is not None and csat <= 2)
        or (nps is not None and nps <= 6)
    )
