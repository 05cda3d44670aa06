"""Case histories for the demo, driven through the cases service (one code path for everything).

Filled in once ``cxloop.cases.service`` exists; until then the demo says so instead of writing
case rows behind the cases domain's back.
"""

from __future__ import annotations

import importlib
from datetime import date

from sqlalchemy.orm import Session


def build_case_histories(
    session: Session, *, organizations: dict[str, int], seed: int, today: date
) -> tuple[dict[str, int], list[str]]:
    """Cases per status, and notes for the operator."""
    try:
        importlib.import_module("cxloop.cases.service")
    except ModuleNotFoundError:
        return {}, ["no case histories: the cases service is not there yet"]
    return {}, ["case histories not built"]
