"""Process settings, read once from ``CXLOOP_*`` environment variables.

Business settings (SLA policies, calendars, approval limits) live in tables per organisation;
only what a process needs before it can reach the database lives here.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Settings for one process. Build it once and pass it to ``create_app(settings)``."""

    model_config = SettingsConfigDict(env_prefix="CXLOOP_", extra="ignore")

    data_dir: Path = Field(
        default=Path("var"), description="Where the SQLite file and the secret key live."
    )
    database_url: str = Field(
        default="", description="SQLAlchemy URL; default a SQLite file under data_dir."
    )
    secret_key: str = Field(
        default="", description="Signs session cookies; generated and stored when absent."
    )
    timezone: str = "Asia/Shanghai"
    default_language: str = "zh-CN"
    text_model_dir: Path | None = Field(
        default=None,
        description="An organisation text model directory made by `cxloop text train --data`.",
    )
    analyze_on_ingest: bool = True
    worker_in_process: bool = Field(
        default=False,
        description="Run background jobs in a thread of the server (single-machine default of `cxloop serve`).",
    )
    worker_interval_seconds: float = 30.0
    cookie_secure: bool = False
    sql_echo: bool = False

    @model_validator(mode="after")
    def _fill_defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'cxloop.db').as_posix()}"
        return self

    @property
    def text_model(self) -> str | None:
        """``text_model_dir`` as the services take it (None: the bundled model)."""
        return str(self.text_model_dir) if self.text_model_dir else None

    def ensure_secret_key(self) -> str:
        """Return the secret key, creating ``data_dir/secret_key`` on first run.

        A key generated per process would log everybody out at every restart, so it is kept on disk.
        """
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if path.exists():
            self.secret_key = path.read_text(encoding="utf-8").strip()
        else:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self.secret_key = secrets.token_urlsafe(48)
            path.write_text(self.secret_key, encoding="utf-8")
            path.chmod(0o600)
        return self.secret_key
