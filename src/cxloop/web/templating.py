"""Jinja2 environment and the formatting helpers every template uses.

Strings come from the locale catalogues (``_()``), dates are shown in the organisation's time zone
and formatted by Babel for the page language, so a page never shows UTC or a raw ISO string.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_skeleton, format_time, format_timedelta
from babel.numbers import format_decimal, format_percent
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from cxloop import __version__
from cxloop.core.i18n import translate

BABEL_LOCALES = {"zh-CN": "zh_CN", "en": "en"}
Moment = datetime  # ``Formatter.datetime`` shadows the type inside the class


@cache
def environment() -> Environment:
    """One environment per process; StrictUndefined turns a template typo into a test failure."""
    env = Environment(
        loader=PackageLoader("cxloop.web", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    return env


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "Asia/Shanghai")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Asia/Shanghai")


class Formatter:
    """Locale- and zone-bound formatting, exposed to templates as ``fmt``."""

    def __init__(self, lang: str, tz_name: str | None) -> None:
        self.lang = lang
        self.locale = BABEL_LOCALES.get(lang, "en")
        self.tz = zone(tz_name)

    def local(self, value: Moment) -> Moment:
        return value.astimezone(self.tz)

    def datetime(self, value: Moment | None) -> str:
        """Full date and minute, e.g. 2026年11月24日 16:56 / Nov 24, 2026 16:56."""
        if value is None:
            return "—"
        local = self.local(value)
        return f"{format_date(local, 'medium', locale=self.locale)} {local:%H:%M}"

    def short(self, value: Moment | None) -> str:
        """Month, day and minute, for dense tables: 11月24日 16:56 / Nov 24 16:56."""
        if value is None:
            return "—"
        local = self.local(value)
        return f"{format_skeleton('MMMd', local.date(), locale=self.locale)} {local:%H:%M}"

    def date(self, value: date | None) -> str:
        if value is None:
            return "—"
        return format_date(value, "medium", locale=self.locale)

    def time(self, value: Moment) -> str:
        return format_time(value, "HH:mm", tzinfo=self.tz, locale=self.locale)

    def relative(self, delta: timedelta) -> str:
        """ "in 3 hours" / "3小时后" (negative: "3 hours ago")."""
        return format_timedelta(delta, add_direction=True, threshold=1.1, locale=self.locale)

    def number(self, value: float | int | Decimal | None, digits: int = 1) -> str:
        if value is None:
            return "—"
        pattern = "#,##0" if digits == 0 else "#,##0." + "0" * digits
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return "—"
        pattern = "#,##0%" if digits == 0 else "#,##0." + "0" * digits + "%"
        return format_percent(value, format=pattern, locale=self.locale)


def translator(lang: str) -> Any:
    def _(key: str, **params: Any) -> str:
        return translate(key, lang, **params)

    return _


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    lang: str,
    tz_name: str | None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render a template with ``_``, ``fmt``, ``lang`` and ``request`` bound for this request."""
    values = {
        "request": request,
        "lang": lang,
        "_": translator(lang),
        "fmt": Formatter(lang, tz_name),
        "is_htmx": request.headers.get("hx-request") == "true",
        **context,
    }
    html = environment().get_template(template).render(values)
    return HTMLResponse(html, status_code=status_code, headers=headers)
