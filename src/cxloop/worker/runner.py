"""Runs the domains' background jobs: state-driven, so a crash or a second worker loses nothing.

Each job is ``job(session, *, now, settings) -> int`` living in a domain's ``tasks.py``: it finds the rows that
need work through an indexed column, claims them with a compare-and-set update and returns how
many it handled. The runner only owns the transaction (one per job run) and the schedule.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from cxloop.cases import tasks as cases_tasks
from cxloop.core.clock import utcnow
from cxloop.core.db import run_after_commit
from cxloop.core.settings import Settings
from cxloop.feedback import tasks as feedback_tasks

log = logging.getLogger("cxloop.worker")

Job = Callable[..., int]

JOBS: dict[str, Job] = {
    "feedback.analyze_pending": feedback_tasks.analyze_pending,
    "cases.check_deadlines": cases_tasks.check_deadlines,
}


def load_jobs(names: list[str] | None = None) -> dict[str, Job]:
    """The jobs to run, by name (all of them when ``names`` is empty)."""
    unknown = sorted(set(names or ()) - set(JOBS))
    if unknown:
        raise ValueError(f"unknown job(s) {', '.join(unknown)}; known: {', '.join(JOBS)}")
    return {name: job for name, job in JOBS.items() if not names or name in names}


def run_once(
    factory: sessionmaker[Session],
    *,
    settings: Settings | None = None,
    now: datetime | None = None,
    names: list[str] | None = None,
) -> dict[str, int]:
    """Run every job once, each in its own transaction; a failing job does not stop the others."""
    settings = settings or Settings()
    results: dict[str, int] = {}
    for name, job in load_jobs(names).items():
        session = factory()
        try:
            handled = job(session, now=now or utcnow(), settings=settings)
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
    settings: Settings | None = None,
    interval_seconds: float = 30.0,
    stop: threading.Event | None = None,
) -> None:
    stop = stop or threading.Event()
    while not stop.is_set():
        results = run_once(factory, settings=settings)
        if any(v for v in results.values()):
            log.info("worker pass: %s", results)
        stop.wait(interval_seconds)


def start_in_thread(
    factory: sessionmaker[Session], *, settings: Settings, interval_seconds: float = 30.0
) -> threading.Event:
    """The single-machine default: background work inside the server process."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run_forever,
        args=(factory,),
        kwargs={"settings": settings, "interval_seconds": interval_seconds, "stop": stop},
        name="cxloop-worker",
        daemon=True,
    )
    thread.start()
    return stop
