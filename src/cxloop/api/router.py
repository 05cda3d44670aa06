"""Assembles every domain's routes under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from cxloop.accounts import api as accounts_api
from cxloop.cases import api as cases_api
from cxloop.feedback import api as feedback_api
from cxloop.metrics import api as metrics_api
from cxloop.org import api as org_api

api_router = APIRouter()
for module in (accounts_api, org_api, feedback_api, cases_api, metrics_api):
    api_router.include_router(module.router)
