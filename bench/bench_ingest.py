"""Ingest throughput: items/s through the API in-process and through `cxloop import`.

    .venv/bin/python bench/bench_ingest.py              # 10,000 items per path and backend
    .venv/bin/python bench/bench_ingest.py --quick      # 2,000
    .venv/bin/python bench/bench_ingest.py --items 5000 --backend sqlite

For each backend (a fresh SQLite file; a fresh PostgreSQL database), migrated to head, one
organisation with a unit tree and an API token. Items are 5-level ratings over five units, half of
them with a Chinese or English text (so analysis on ingest and the case rule both run: ratings 1–2
open cases). Timed, each on its own fresh database:

- ``POST /api/v1/feedback/batch`` with 1,000 items per request (FastAPI TestClient, in-process),
  with analysis on ingest, and again with it switched off;
- ``cxloop import FILE.csv`` in a subprocess (process start included);
- baseline A: one ``POST /api/v1/feedback`` per item (the naive client), on a sample, as items/s;
- baseline B: a plain executemany INSERT of the same rows (no validation, analysis or cases),
  the floor of what any ingestion path can cost on this database.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from databases import scratch_database
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, insert, select

import cxloop.models  # noqa: F401  (all tables)
from cxloop.accounts import service as accounts_service
from cxloop.accounts.models import Role
from cxloop.app import create_app
from cxloop.core import migrate
from cxloop.core.db import make_engine, make_sessionmaker
from cxloop.core.settings import Settings
from cxloop.feedback.models import Feedback
from cxloop.org import service as org_service

UNITS = ["C", "C-A", "C-A-1", "C-B", "C-B-1"]
TEXTS = [
    "排队两个小时，工作人员态度很差",
    "办事效率很高，窗口人员很耐心，谢谢",
    "材料要求说明不清楚，来回跑了三趟",
    "The staff were friendly and the queue moved quickly.",
    "Waited forever and nobody answered the phone.",
]
START = datetime(2026, 11, 1, tzinfo=UTC)


def items(n: int, prefix: str) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        item: dict[str, Any] = {
            "channel": "qr_rating",
            "source_ref": f"{prefix}-{i}",
            "rating": 1 + (i * 7) % 5,
            "unit": UNITS[i % len(UNITS)],
            "received_at": (START + timedelta(seconds=37 * i)).isoformat(),
        }
        if i % 2 == 0:
            item["text"] = TEXTS[(i // 2) % len(TEXTS)]
        out.append(item)
    return out


def prepare(url: str) -> tuple[Engine, int, str]:
    """Migrated database, one organisation with units, and an admin token."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    with make_sessionmaker(engine)() as session:
        org = org_service.create_organization(session, slug="bench", name="Bench", sector="other")
        ids: dict[str, int] = {}
        for code in UNITS:
            parent = ids.get(code.rsplit("-", 1)[0]) if "-" in code else None
            unit = org_service.create_unit(
                session, organization_id=org.id, code=code, name=code, parent_id=parent
            )
            ids[code] = unit.id
        user = accounts_service.create_user(
            session,
            organization_id=org.id,
            username="bench",
            password="bench-password",
            role=Role.admin,
        )
        token = accounts_service.create_token(session, user_id=user.id, name="bench")
        session.commit()
        return engine, org.id, token


def count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count(Feedback.id))) or 0)


def timed(run: Callable[[], None]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def bench_api(backend: str, n: int, *, analyze: bool, tmp: Path) -> float:
    with scratch_database(backend, name="bench") as url:
        engine, _, token = prepare(url)
        settings = Settings(
            database_url=url, data_dir=tmp, secret_key="bench", analyze_on_ingest=analyze
        )
        data = items(n, "api")
        headers = {"Authorization": f"Bearer {token}"}
        with TestClient(create_app(settings)) as client:
            client.post(
                "/api/v1/feedback/batch", json={"items": items(10, "warm")}, headers=headers
            )

            def run() -> None:
                for start in range(0, n, 1000):
                    r = client.post(
                        "/api/v1/feedback/batch",
                        json={"items": data[start : start + 1000]},
                        headers=headers,
                    )
                    assert r.status_code == 200 and r.json()["created"] == len(
                        data[start : start + 1000]
                    ), r.text

            seconds = timed(run)
        assert count(engine) == n + 10
        engine.dispose()
        return n / seconds


def bench_single_posts(backend: str, n: int, tmp: Path) -> float:
    with scratch_database(backend, name="bench") as url:
        engine, _, token = prepare(url)
        settings = Settings(database_url=url, data_dir=tmp, secret_key="bench")
        data = items(n, "one")
        headers = {"Authorization": f"Bearer {token}"}
        with TestClient(create_app(settings)) as client:
            client.post("/api/v1/feedback", json=items(1, "warm")[0], headers=headers)

            def run() -> None:
                for item in data:
                    r = client.post("/api/v1/feedback", json=item, headers=headers)
                    assert r.status_code == 201, r.text

            seconds = timed(run)
        engine.dispose()
        return n / seconds


def bench_import(backend: str, n: int, tmp: Path) -> float:
    data = items(n, "csv")
    path = tmp / f"import-{backend}.csv"
    fields = ["channel", "source_ref", "rating", "unit", "received_at", "text"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(data)
    with scratch_database(backend, name="bench") as url:
        engine, _, _ = prepare(url)
        env = {**os.environ, "CXLOOP_DATABASE_URL": url, "CXLOOP_DATA_DIR": str(tmp)}
        cmd = [sys.executable, "-m", "cxloop.cli.main", "import", str(path), "--org", "bench"]

        def run() -> None:
            result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
            assert result.returncode == 0, result.stdout + result.stderr

        seconds = timed(run)
        assert count(engine) == n
        engine.dispose()
        return n / seconds


def bench_executemany(backend: str, n: int) -> float:
    with scratch_database(backend, name="bench") as url:
        engine, org_id, _ = prepare(url)
        with make_sessionmaker(engine)() as session:
            units = org_service.code_maps(session, organization_id=org_id)[0]
        now = datetime.now(UTC)
        rows = [
            {
                "organization_id": org_id,
                "channel": i["channel"],
                "source_ref": i["source_ref"],
                "rating": i["rating"],
                "unit_id": units[i["unit"]],
                "text": i.get("text"),
                "received_at": datetime.fromisoformat(i["received_at"]),
                "extra": {},
                "is_negative": i["rating"] <= 2,
                "created_at": now,
            }
            for i in items(n, "raw")
        ]

        def run() -> None:
            with make_sessionmaker(engine)() as session:
                for start in range(0, n, 1000):
                    session.execute(insert(Feedback), rows[start : start + 1000])
                session.commit()

        seconds = timed(run)
        assert count(engine) == n
        engine.dispose()
        return n / seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    args = parser.parse_args()
    n = 2_000 if args.quick else args.items
    single = max(200, n // 20)
    print(
        f"{n:,} items per path ({single:,} for one POST per item), "
        f"{datetime.now(UTC):%Y-%m-%d}, Python {sys.version.split()[0]}\n"
    )
    print("| backend | path | items/s | vs one POST per item | vs executemany floor |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for backend in args.backend or ["sqlite", "postgresql"]:
            floor = bench_executemany(backend, n)
            naive = bench_single_posts(backend, single, tmp)
            results = [
                (
                    "API batch of 1,000, analysis on ingest",
                    bench_api(backend, n, analyze=True, tmp=tmp),
                ),
                ("API batch of 1,000, analysis off", bench_api(backend, n, analyze=False, tmp=tmp)),
                ("cxloop import CSV (subprocess)", bench_import(backend, n, tmp)),
                ("baseline A: one POST per item", naive),
                ("baseline B: executemany INSERT", floor),
            ]
            for name, rate in results:
                print(
                    f"| {backend} | {name} | {rate:,.0f} | {rate / naive:.1f}x | "
                    f"{rate / floor:.2f}x |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
