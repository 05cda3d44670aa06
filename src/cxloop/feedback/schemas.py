"""API shapes of the feedback domain: what a sender posts, what a reader gets back."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cxloop.customers.schemas import CustomerIn, CustomerRead

MAX_TEXT_LENGTH = 20_000
AnalysisStatus = Literal["analysed", "not_analysed", "no_text"]
ItemStatus = Literal["created", "duplicate", "error"]


class FeedbackIn(BaseModel):
    """One item as a sender posts it. Unit, service and staff are referred to by their codes.

    Dates are ISO 8601 strings (or datetimes from a spreadsheet); a time without an offset is read
    in the organisation's time zone. Checked further by the service: channel, codes, "not empty".
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)

    channel: str = Field(min_length=1, max_length=32)
    source_ref: str = Field(min_length=1, max_length=200)
    unit: str | None = Field(default=None, max_length=64)
    service: str | None = Field(default=None, max_length=64)
    staff: str | None = Field(default=None, max_length=64)
    occurred_at: datetime | str | None = None
    received_at: datetime | str | None = None
    nps: int | None = Field(default=None, ge=0, le=10)
    csat: int | None = Field(default=None, ge=1, le=5)
    ces: int | None = Field(default=None, ge=1, le=7)
    rating: int | None = Field(default=None, ge=1, le=5)
    text: str | None = Field(default=None, max_length=MAX_TEXT_LENGTH)
    language: str | None = Field(default=None, max_length=16)
    customer: CustomerIn | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_missing(cls, data: Any) -> Any:
        """Spreadsheets and CSV files send "" for an empty cell: that means "not given"."""
        if not isinstance(data, dict):
            return data
        cleaned = {
            key: None if isinstance(value, str) and not value.strip() else value
            for key, value in data.items()
        }
        customer = cleaned.get("customer")
        if isinstance(customer, str | int):
            cleaned["customer"] = {"external_id": str(customer)}
        if cleaned.get("metadata") is None:
            cleaned.pop("metadata", None)
        return cleaned


class CaseRef(BaseModel):
    id: int
    number: str
    status: str


class AspectRead(BaseModel):
    aspect: str
    polarity: str
    is_corrected: bool = False
    """Set by a person's correction rather than found by the model."""


class FeedbackListItem(BaseModel):
    """One row of the inbox."""

    id: int
    channel: str
    source_ref: str
    received_at: datetime
    occurred_at: datetime | None = None
    unit: str | None = None
    service: str | None = None
    staff: str | None = None
    customer_id: int | None = None
    nps: int | None = None
    csat: int | None = None
    ces: int | None = None
    rating: int | None = None
    text: str | None = None
    language: str | None = None
    sentiment: str | None = None
    type: str | None = None
    """The item's type: a person's correction (the newest), else the model's."""
    is_negative: bool = False
    analysed_at: datetime | None = None
    analysis_status: AnalysisStatus = "not_analysed"
    corrected: bool = False
    """Whether a person corrected the reading (at least one correction: sentiment, type or an
    aspect); ``FeedbackRead`` says which fields."""


class FeedbackRead(FeedbackListItem):
    """The detail: analysis, aspects, customer and the case it belongs to."""

    metadata: dict[str, Any] = Field(default_factory=dict)
    analysis: dict[str, Any] | None = None
    """The text engine's own reading, as the model gave it (people's corrections never edit it)."""
    type_corrected: bool = False
    sentiment_corrected: bool = False
    """Whether ``sentiment`` (and ``is_negative``) carry a person's correction."""
    aspects: list[AspectRead] = Field(default_factory=list)
    customer: CustomerRead | None = None
    case: CaseRef | None = None
    created: bool | None = None


class ItemError(BaseModel):
    code: str
    message: str
    details: list[dict[str, Any]] = Field(default_factory=list)


class ItemResult(BaseModel):
    index: int
    status: ItemStatus
    id: int | None = None
    error: ItemError | None = None
    case: CaseRef | None = None


class BatchResult(BaseModel):
    results: list[ItemResult]
    created: int
    duplicates: int
    errors: int


class CorrectionIn(BaseModel):
    """A person's label: ``{"field": "sentiment", "value": "negative"}``; for an aspect, with an
    optional ``polarity``, or ``"remove": true`` to say the item is not about it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    field: Literal["sentiment", "type", "aspect"]
    value: str = Field(min_length=1, max_length=64)
    polarity: Literal["negative", "neutral", "positive"] | None = None
    remove: bool = False


class CorrectionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    feedback_id: int
    user_id: int | None = None
    field: str
    value: str
    polarity: str | None = None
    is_removal: bool = False
    created_at: datetime
    case: CaseRef | None = None
    """On a new correction: the case the item belongs to once the case rule was asked again."""
