"""Mounts the pages and the vendored static files onto the app."""

from __future__ import annotations

from fastapi import FastAPI


def mount_web(app: FastAPI) -> None:
    """Pages are added by the web package; until then the app serves the API only."""
