"""Mounts the pages and the vendored static files onto the app."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from cxloop.web.pages import api_docs
from cxloop.web.pages import cases as case_pages
from cxloop.web.pages import dashboard as dashboard_pages
from cxloop.web.pages import feedback as feedback_pages
from cxloop.web.pages import login as login_pages


def mount_web(app: FastAPI) -> None:
    """Static files are served from the package itself, so the pages work offline from a wheel."""
    static_dir = resources.files("cxloop.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")
    for module in (login_pages, dashboard_pages, feedback_pages, case_pages, api_docs):
        app.include_router(module.router)
