"""Runs the domains' background jobs: state-driven, so a crash or a second worker loses nothing.

Each job is ``job(session, *, now) -> int`` living in a domain's ``tasks.py``: it finds the rows that
need work through an indexed column, claims them with a compare-and-set update and returns how
many it handled. The runner only owns the transaction (one per job run) and the schedule.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from cxloop.core.clock import utcnow
from cxloop.core.db import run_after_commit

log = logging.getLogger("cxloop.worker")

Job = Callable[..., int]

# name -> "module:function"; a job whose module is not installed is skipped.
JOBS: dict[str, str] = {
    "feedback.analyze_pending": "cxloop.feedback.tasks:analyze_pending",
    "cases.check_deadlines": "cxloop.cases.tasks:check_deadlines",
}


def load_jobs(names: list[str] | None = None) -> dict[str, Job]:
    jobs: dict[str, Job] = {}
    for name, target in JOBS.items():
        if names and name not in names:
            continue
        module_name, _, attr = target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        func = getattr(module, attr, None)
        if func is not None:
            jobs[name] = func
    return jobs


def run_once(
    factory: sessionmaker[Session], *, now: datetime | None = None, names: list[str] | None = None
) -> dict[str, int]:
    """Run every job once, each in its own transaction; a failing job does not stop the others."""
    results: dict[str, int] = {}
    for name, job in load_jobs(names).items():
        session = factory()
        try:
            handled = job(session, now=now or utcnow())
            session.commit()
            run_after_commit(session)
            results[name] = int(handled or 0)
        except Exception:
            session.rollback()
            log.exception("job %s failed", name)
            results[name] = -1
        finally:
            session.close()
    return results


def run_forever(
    factory: sessionmaker[Session],
    *,
    interval_seconds: float = 30.0,
    stop: threading.Event | None = None,
) -> None:
    stop = stop or threading.Event()
    while not stop.is_set():
        results = run_once(factory)
        if any(v for v in results.values()):
            log.info("worker pass: %s", results)
        stop.wait(interval_seconds)


def start_in_thread(
    factory: sessionmaker[Session], *, interval_seconds: float = 30.0
) -> threading.Event:
    """The single-machine default: background work inside the server process."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run_forever,
        args=(factory,),
        kwargs={"interval_seconds": interval_seconds, "stop": stop},
        name="cxloop-worker",
        daemon=True,
    )
    thread.start()
    return stop
