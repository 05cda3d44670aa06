"""API shapes of customers: what a sender may tell us about the person behind a feedback item."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class CustomerIn(BaseModel):
    """A customer as a sender knows them; ``external_id`` is the sender's own, stable id."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    external_id: str = Field(min_length=1, max_length=128)
    name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=32)
    email: str | None = Field(default=None, max_length=254)
    segment: str | None = Field(default=None, max_length=64)


class CustomerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    external_id: str
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    segment: str | None = None
    value_tier: str | None = None
