from __future__ import annotations

from fastapi import APIRouter

from cxloop.accounts import service as accounts_service
from cxloop.accounts.schemas import MeRead, TokenCreate, TokenCreated
from cxloop.api.deps import CurrentUser, SessionDep

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.get("/me", response_model=MeRead)
def read_me(principal: CurrentUser) -> MeRead:
    return MeRead(
        user_id=principal.user_id,
        username=principal.username,
        display_name=principal.display_name,
        role=principal.role,
        organization_id=principal.organization_id,
        unit_id=principal.unit_id,
        language=principal.language,
    )


@router.post("/tokens", response_model=TokenCreated, status_code=201)
def create_token(body: TokenCreate, principal: CurrentUser, session: SessionDep) -> TokenCreated:
    return TokenCreated(
        token=accounts_service.create_token(session, user_id=principal.user_id, name=body.name)
    )
