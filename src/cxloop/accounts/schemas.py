from __future__ import annotations

from pydantic import BaseModel


class MeRead(BaseModel):
    user_id: int
    username: str
    display_name: str
    role: str
    organization_id: int
    unit_id: int | None
    language: str | None


class TokenCreate(BaseModel):
    name: str = ""


class TokenCreated(BaseModel):
    token: str
