"""Metrics summary on 1,000,000 feedback rows, SQLite and PostgreSQL, against a Python baseline.

    .venv/bin/python bench/bench_metrics.py            # 1,000,000 rows
    .venv/bin/python bench/bench_metrics.py --quick    # 100,000 rows
    .venv/bin/python bench/bench_metrics.py --rows 250000 --backend sqlite

For each backend: a fresh database migrated to head, one organisation with a small unit tree,
synthetic feedback rows (one year, every score type, ~40% with an analysis row) inserted with fast
bulk paths (executemany on SQLite, COPY on PostgreSQL), then ANALYZE. The timed operation is
``cxloop.metrics.service.summary`` (the function behind ``GET /api/v1/metrics/summary``) over the
whole year, with and without a unit filter. The baseline, measured in the same run on the same
database, is what the summary would cost without SQL aggregates: select the score columns of the
period into Python and count there. Both give the same numbers (checked before timing).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from databases import scratch_database
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

import cxloop.models  # noqa: F401  (all tables)
from cxloop.core import migrate
from cxloop.core.db import make_engine, make_sessionmaker
from cxloop.feedback.models import Feedback
from cxloop.metrics import service as metrics_service
from cxloop.org import service as org_service

END = date(2026, 11, 24)
START = END - timedelta(days=364)
COLUMNS = (
    "organization_id, channel, source_ref, received_at, unit_id, service_id, nps, csat, ces, "
    "rating, is_negative, metadata, created_at, analysed_at"
)


def _rows(
    n: int, org_id: int, unit_ids: list[int], service_ids: list[int]
) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(2026)
    # Rows arrive in time order, as ingestion writes them: evenly spread over the year.
    at = datetime(START.year, START.month, START.day, tzinfo=UTC) - timedelta(hours=8)
    mean_gap = 365 * 86400 / n
    now = datetime(2026, 11, 24, tzinfo=UTC)
    for i in range(n):
        at += timedelta(seconds=rng.expovariate(1 / mean_gap) * 0.999)
        kind = rng.random()
        nps = csat = ces = rating = None
        if kind < 0.6:
            rating = rng.choices((1, 2, 3, 4, 5), (5, 4, 8, 25, 58))[0]
        else:
            nps = rng.choices(range(11), (2, 1, 2, 3, 3, 5, 6, 12, 18, 22, 26))[0]
            csat = rng.choices((1, 2, 3, 4, 5), (4, 5, 12, 35, 44))[0]
            ces = rng.randint(1, 7)
        negative = (rating is not None and rating <= 2) or (nps is not None and nps <= 6)
        yield (
            org_id,
            "qr_rating" if rating is not None else "survey",
            f"b-{i}",
            at,
            rng.choice(unit_ids),
            rng.choice(service_ids),
            nps,
            csat,
            ces,
            rating,
            negative,
            "{}",
            now,
            now if i % 5 < 2 else None,  # ~40% analysed
        )


def _prepare_org(engine: Engine) -> tuple[int, list[int], list[int]]:
    with Session(engine) as session:
        org = org_service.create_organization(session, slug="bench", name="Bench centre")
        centre = org_service.create_unit(session, organization_id=org.id, code="C", name="Centre")
        units = []
        for d in range(5):
            dept = org_service.create_unit(
                session, organization_id=org.id, code=f"D{d}", name=f"Dept {d}", parent_id=centre.id
            )
            for w in range(4):
                units.append(
                    org_service.create_unit(
                        session,
                        organization_id=org.id,
                        code=f"D{d}-W{w}",
                        name=f"Window {d}.{w}",
                        kind="window",
                        parent_id=dept.id,
                    ).id
                )
        services = [
            org_service.create_service(
                session, organization_id=org.id, code=f"S{k}", name=f"S{k}"
            ).id
            for k in range(10)
        ]
        session.commit()
        return org.id, units, services


def _fill_sqlite(
    engine: Engine, n: int, org_id: int, units: list[int], services: list[int]
) -> None:
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("BEGIN")
        marks = ", ".join("?" * 14)
        batch: list[tuple[Any, ...]] = []
        for row in _rows(n, org_id, units, services):
            batch.append(
                tuple(
                    v.replace(tzinfo=None).isoformat(" ") if isinstance(v, datetime) else v
                    for v in row
                )
            )
            if len(batch) == 50_000:
                cur.executemany(f"INSERT INTO feedback ({COLUMNS}) VALUES ({marks})", batch)
                batch.clear()
        if batch:
            cur.executemany(f"INSERT INTO feedback ({COLUMNS}) VALUES ({marks})", batch)
        cur.execute(
            "INSERT INTO analysis (feedback_id, model_version, sentiment, sentiment_score, "
            "feedback_type, result, created_at) SELECT id, 'bench', 'negative', -0.5, "
            "CASE WHEN is_negative THEN 'complaint' ELSE 'praise' END, '{}', created_at "
            "FROM feedback WHERE analysed_at IS NOT NULL"
        )
        cur.execute(  # denormalised onto the row, as the analysis path does
            "UPDATE feedback SET feedback_type = CASE WHEN is_negative THEN 'complaint' ELSE 'praise' END "
            "WHERE analysed_at IS NOT NULL"
        )
        cur.execute("COMMIT")
        cur.execute("ANALYZE")
    finally:
        raw.close()


def _fill_postgres(
    engine: Engine, n: int, org_id: int, units: list[int], services: list[int]
) -> None:
    raw = engine.raw_connection()
    try:
        dbapi: Any = raw.driver_connection
        with dbapi.cursor() as cur:
            with cur.copy(f"COPY feedback ({COLUMNS}) FROM STDIN") as copy:
                for row in _rows(n, org_id, units, services):
                    copy.write_row(row)
            cur.execute(
                "INSERT INTO analysis (feedback_id, model_version, sentiment, sentiment_score, "
                "feedback_type, result, created_at) SELECT id, 'bench', 'negative', -0.5, "
                "CASE WHEN is_negative THEN 'complaint' ELSE 'praise' END, '{}', created_at "
                "FROM feedback WHERE analysed_at IS NOT NULL"
            )
            cur.execute(  # denormalised onto the row, as the analysis path does
                "UPDATE feedback SET feedback_type = CASE WHEN is_negative THEN 'complaint' ELSE 'praise' END "
                "WHERE analysed_at IS NOT NULL"
            )
        dbapi.commit()
        dbapi.autocommit = True
        with dbapi.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
        dbapi.autocommit = False
    finally:
        raw.close()


def _baseline(session: Session, org_id: int, unit_ids: list[int] | None) -> dict[str, Any]:
    """The summary's feedback numbers computed in Python from the selected rows."""
    period = metrics_service.resolve_scope(
        session, organization_id=org_id, start_on=START, end_on=END
    ).period
    stmt = select(
        Feedback.nps,
        Feedback.csat,
        Feedback.ces,
        Feedback.rating,
        Feedback.is_negative,
        Feedback.analysed_at,
        Feedback.feedback_type,
    ).where(
        Feedback.organization_id == org_id,
        Feedback.received_at >= period.start_at,
        Feedback.received_at < period.end_at,
    )
    if unit_ids is not None:
        stmt = stmt.where(Feedback.unit_id.in_(unit_ids))
    volume = negative = complaints = 0  # complaints: analysed as one, or unanalysed and negative
    promoters = detractors = nps_n = csat_n = csat_top = ces_n = ces_sum = 0
    rating_n = rating_ok = 0
    for nps, csat, ces, rating, is_neg, analysed_at, ftype in session.execute(stmt):
        volume += 1
        negative += bool(is_neg)
        complaints += (ftype == "complaint") if analysed_at is not None else bool(is_neg)
        if nps is not None:
            nps_n += 1
            promoters += nps >= 9
            detractors += nps <= 6
        if csat is not None:
            csat_n += 1
            csat_top += csat >= 4
        if ces is not None:
            ces_n += 1
            ces_sum += ces
        if rating is not None:
            rating_n += 1
            rating_ok += rating >= 3
    return {
        "volume": volume,
        "negative_share": negative / volume,
        "complaints": complaints,
        "nps": 100 * (promoters - detractors) / nps_n,
        "csat": csat_top / csat_n,
        "ces": ces_sum / ces_n,
        "satisfaction_rate": rating_ok / rating_n,
    }


def _time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = fn()  # warm-up (and imports)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def run(backend: str, rows: int, repeat: int) -> list[str]:
    lines = []
    with scratch_database(backend, name="bench_metrics") as url:
        engine = make_engine(url)
        migrate.upgrade(engine)
        org_id, units, services = _prepare_org(engine)
        t0 = time.perf_counter()
        (_fill_sqlite if backend == "sqlite" else _fill_postgres)(
            engine, rows, org_id, units, services
        )
        load = time.perf_counter() - t0
        factory = make_sessionmaker(engine)
        with factory() as session:
            count = session.scalar(text("SELECT count(*) FROM feedback"))
            assert count == rows, count
            for label, unit in (("whole organisation", None), ("one department (D2)", "D2")):
                unit_ids = (
                    None
                    if unit is None
                    else metrics_service.resolve_scope(
                        session, organization_id=org_id, unit=unit
                    ).unit_ids
                )

                def summary(unit: str | None = unit) -> Any:
                    return metrics_service.summary(
                        session, organization_id=org_id, start_on=START, end_on=END, unit=unit
                    )

                def baseline(unit_ids: list[int] | None = unit_ids) -> Any:
                    return _baseline(session, org_id, unit_ids)

                t_sql, result = _time(summary, repeat)
                t_py, expected = _time(baseline, max(1, repeat // 2))
                for key, value in expected.items():
                    got = result.metrics[key].value
                    assert abs(float(got) - float(value)) < 1e-9, (key, got, value)
                lines.append(
                    f"| {backend} | {rows:,} | {label} | {result.metrics['volume'].value:,} "
                    f"| {t_sql * 1000:.0f} ms | {t_py * 1000:.0f} ms | {t_py / t_sql:.1f}x |"
                )
        engine.dispose()
        print(f"{backend}: loaded {rows:,} rows in {load:.1f}s", flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="100,000 rows")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = 100_000 if args.quick else args.rows
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    lines = [
        "| backend | rows | scope | items counted | summary (SQL aggregates) | baseline (rows into Python) | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for backend in backends:
        lines.extend(run(backend, rows, args.repeat))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
