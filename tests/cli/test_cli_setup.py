"""An operator (or a test) can drive a fresh instance from a shell: migrate, user, token, serve."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from cxloop.app import create_app
from cxloop.core.settings import Settings


def _cxloop(args: list[str], *, url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CXLOOP_DATABASE_URL": url, "CXLOOP_DATA_DIR": str(cwd / "var")}
    return subprocess.run(
        [sys.executable, "-m", "cxloop.cli.main", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_fresh_instance_is_set_up_from_the_command_line(
    fresh_database_url: str, tmp_path: Path
) -> None:
    url = fresh_database_url
    upgraded = _cxloop(["db", "upgrade"], url=url, cwd=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    created = _cxloop(
        ["user", "create", "--username", "ops", "--password", "pw-123456", "--role", "admin"],
        url=url,
        cwd=tmp_path,
    )
    assert created.returncode == 0, created.stderr
    token_run = _cxloop(["token", "create", "--username", "ops"], url=url, cwd=tmp_path)
    assert token_run.returncode == 0, token_run.stderr
    token = token_run.stdout.strip()
    assert token.startswith("cxl_")
    assert len(token_run.stdout.strip().splitlines()) == 1  # only the token, so $(...) captures it

    app = create_app(Settings(database_url=url, data_dir=tmp_path / "var"))
    with TestClient(app) as client:
        me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["username"] == "ops"
    assert me.json()["role"] == "admin"


def test_creating_the_same_user_twice_fails_with_a_clear_message(
    fresh_database_url: str, tmp_path: Path
) -> None:
    url = fresh_database_url
    assert _cxloop(["db", "upgrade"], url=url, cwd=tmp_path).returncode == 0
    args = ["user", "create", "--username", "ops", "--password", "pw", "--role", "handler"]
    assert _cxloop(args, url=url, cwd=tmp_path).returncode == 0
    again = _cxloop(args, url=url, cwd=tmp_path)
    assert again.returncode == 1
    assert "user.duplicate_username" in again.stderr
    assert "ops" in again.stderr


def test_a_token_for_an_unknown_user_is_refused(fresh_database_url: str, tmp_path: Path) -> None:
    url = fresh_database_url
    assert _cxloop(["db", "upgrade"], url=url, cwd=tmp_path).returncode == 0
    result = _cxloop(["token", "create", "--username", "ghost"], url=url, cwd=tmp_path)
    assert result.returncode == 1
    assert "user.not_found" in result.stderr
    assert result.stdout.strip() == ""


def test_the_worker_refuses_a_job_it_does_not_know(fresh_database_url: str, tmp_path: Path) -> None:
    url = fresh_database_url
    assert _cxloop(["db", "upgrade"], url=url, cwd=tmp_path).returncode == 0
    unknown = _cxloop(["worker", "--once", "--job", "cases.nope"], url=url, cwd=tmp_path)
    known = _cxloop(["worker", "--once", "--job", "cases.check_deadlines"], url=url, cwd=tmp_path)

    assert unknown.returncode == 2
    assert "cases.nope" in unknown.stderr and "cases.check_deadlines" in unknown.stderr
    assert known.returncode == 0, known.stderr
    assert known.stdout.strip() == "cases.check_deadlines: 0"
