"""Fixtures for the text engine: the public data sets, copied in by the repository's own step.

The data sets are not in git (licences, see MODEL_CARD.md); ``scripts/text/copy_data.py`` copies
them from ``CXLOOP_SHARED_DATA`` (default ``/work/shared/data``) into ``data/text`` with a SHA-256
check. Without that folder the tests that need the data are skipped with the reason in the summary.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

from cxloop.text import Analyzer, load_model

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("CXLOOP_SHARED_DATA", "/work/shared/data"))


def _copy_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("copy_data", REPO / "scripts/text/copy_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def text_data() -> Path:
    """``data/text`` with every data set copied and checked; skips loudly when the source is absent."""
    dest = REPO / "data" / "text"
    if not SHARED.is_dir():
        pytest.skip(
            f"TEXT DATA ABSENT: {SHARED} not found (set CXLOOP_SHARED_DATA); quality tests skipped"
        )
    rc = _copy_module().copy_all(SHARED, dest, quiet=True)
    if rc != 0:
        pytest.fail(f"copying the text data from {SHARED} failed (see stderr)")
    return dest


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """The bundled analyzer, loaded once."""
    return load_model()
