"""Six months of believable feedback, generated deterministically from a seed and a fixed today.

Pure: no database. ``generate(plans, seed=, today=, months=)`` returns the same items for the same
arguments, so two demo databases built with one seed hold identical feedback. Rhythms: weekday
peaks and public holidays closed for the government centre (chinese_calendar), weekends and
holidays busy for the hotels, a seasonal curve per sector, and two incidents — a two-day outage of
the 一窗通办 system (a burst of complaints about the digital channel) and a queue crisis at the 社保
windows before a policy deadline (timeliness complaints).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from cxloop.demo import texts_gov, texts_hotel
from cxloop.demo.plan import OrgPlan, ServicePlan
from cxloop.demo.rhythm import (
    GOV_MONTH,
    GOV_NEGATIVE,
    GOV_POSITIVE,
    GOV_WEEKDAY,
    HOTEL_MONTH,
    HOTEL_NEGATIVE,
    HOTEL_POSITIVE,
    HOTEL_WEEKDAY,
    TZ,
    IncidentSpec,
    is_holiday,
    is_workday,
    plan_incidents,
)


@dataclass(frozen=True)
class FeedbackSpec:
    """One item as the ingestion API takes it: codes for unit, service and staff."""

    channel: str
    source_ref: str
    received_at: datetime
    unit: str
    service: str | None
    staff: str | None
    nps: int | None = None
    csat: int | None = None
    ces: int | None = None
    rating: int | None = None
    text: str | None = None
    language: str | None = None
    customer: str | None = None
    text_polarity: str | None = None
    """The polarity the text was written with: what a person reading it would say (not sent)."""

    def as_item(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "channel": self.channel,
            "source_ref": self.source_ref,
            "received_at": self.received_at,
            "occurred_at": self.received_at,
            "unit": self.unit,
            "service": self.service,
            "staff": self.staff,
        }
        for key in ("nps", "csat", "ces", "rating", "text", "language", "customer"):
            value = getattr(self, key)
            if value is not None:
                item[key] = value
        return item


@dataclass
class DemoData:
    items: dict[str, list[FeedbackSpec]] = field(default_factory=dict)
    incidents: list[IncidentSpec] = field(default_factory=list)
    affected: dict[str, int] = field(default_factory=dict)


def _pick(rng: random.Random, weights: dict[str, float] | dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[float(weights[k]) for k in keys])[0]


class _Writer:
    """Fills templates; holds the slot vocabularies of one organisation."""

    def __init__(self, rng: random.Random, plan: OrgPlan) -> None:
        self.rng = rng
        self.plan = plan
        self.service_names = {s.code: s.name for s in plan.services}
        self.unit_names = {u.code: u.name for u in plan.units}
        self.staff_names = {s.code: s.name for s in plan.staff}

    def fill(self, template: str, *, unit: str, service: str | None, staff: str | None) -> str:
        rng = self.rng
        staff_name = self.staff_names.get(staff or "", "工作人员")
        service_name = (self.service_names.get(service or "", "业务")).split(" ")[0]
        slots = {
            "service": service_name,
            "window": self.unit_names.get(unit, "窗口").split("（")[0],
            "staff": staff_name[:1] + rng.choice(["老师", "女士", "先生"])
            if self.plan.sector == "government"
            else staff_name.split(" ")[0],
            "minutes": rng.choice([40, 50, 60, 70, 90, 100, 120, 150]),
            "n": rng.choice([2, 3, 3, 4, 5]),
            "days": rng.choice([3, 5, 7, 10, 15, 20]),
            "room": f"{rng.randint(3, 22)}{rng.randint(1, 30):02d}",
            "dish": rng.choice(texts_hotel.DISHES),
            "night": rng.choice([3, 5, 7, 10]),
        }
        return template.format(**slots)

    def text(
        self, library: dict[str, dict[str, list[str]]], aspects: Sequence[str], polarity: str,
        *, unit: str, service: str | None, staff: str | None, english: bool,
    ) -> str:  # fmt: skip
        parts = []
        for aspect in aspects:
            options = library.get(aspect, {}).get(polarity) or library["timeliness"][polarity]
            parts.append(
                self.fill(self.rng.choice(options), unit=unit, service=service, staff=staff)
            )
        if english:
            return " ".join(parts).replace("{dish}", self.rng.choice(texts_hotel.DISHES_EN))
        joiner = self.rng.choice(["，", "。另外，", "，而且", "。还有，"])
        return joiner.join(parts) + (
            "" if parts[-1].endswith(("。", "！")) else self.rng.choice(["。", "！", ""])
        )


def _scores(rng: random.Random, experience: str) -> dict[str, int]:
    if experience == "negative":
        return {"rating": rng.choices([1, 2, 3], [60, 35, 5])[0], "nps": rng.choices(range(0, 8), [8, 6, 10, 14, 14, 14, 12, 4])[0],
                "csat": rng.choices([1, 2, 3], [50, 40, 10])[0], "ces": rng.choices([1, 2, 3, 4], [35, 35, 20, 10])[0]}  # fmt: skip
    if experience == "neutral":
        return {"rating": rng.choices([3, 4], [80, 20])[0], "nps": rng.choices([6, 7, 8], [25, 45, 30])[0],
                "csat": rng.choices([3, 4], [75, 25])[0], "ces": rng.choices([3, 4, 5], [25, 50, 25])[0]}  # fmt: skip
    return {"rating": rng.choices([3, 4, 5], [3, 22, 75])[0], "nps": rng.choices([7, 8, 9, 10], [5, 12, 33, 50])[0],
            "csat": rng.choices([3, 4, 5], [5, 30, 65])[0], "ces": rng.choices([4, 5, 6, 7], [8, 22, 35, 35])[0]}  # fmt: skip


def _local_time(rng: random.Random, day: date, *, government: bool) -> datetime:
    if government:
        hour = rng.choices(range(9, 18), [9, 14, 12, 6, 7, 12, 13, 10, 5])[0]
    else:
        hour = rng.choices(range(7, 24), [4, 6, 5, 4, 4, 5, 6, 6, 6, 7, 7, 8, 8, 8, 7, 6, 4])[0]
    return datetime.combine(
        day, time(hour, rng.randint(0, 59), rng.randint(0, 59)), tzinfo=TZ
    ).astimezone(UTC)


def _government_day(rng: random.Random, plan: OrgPlan, writer: _Writer, day: date, n: int,
                    incidents: list[IncidentSpec], out: list[FeedbackSpec]) -> None:  # fmt: skip
    windows = [u for u in plan.units if u.kind == "window"]
    by_dept: dict[str | None, list[ServicePlan]] = {s.unit: [] for s in plan.services}
    for s in plan.services:
        by_dept[s.unit].append(s)
    staff_by_unit: dict[str, list[str]] = {}
    for st in plan.staff:
        staff_by_unit.setdefault(st.unit, []).append(st.code)
    outage = any(i.kind == "outage" and day in i.days for i in incidents)
    queue = any(i.kind == "queue" and day in i.days for i in incidents)
    if outage:
        n = int(n * 1.4)
    for i in range(n):
        unit = rng.choices(windows, [w.weight for w in windows])[0]
        dept = unit.parent or ""
        services = by_dept.get(dept, [])
        service = rng.choices(services, [s.weight for s in services])[0].code if services else None
        staff: str | None = (
            rng.choice(staff_by_unit.get(unit.code, [])) if unit.code in staff_by_unit else None
        )
        p_negative = 0.07 + unit.negative_bias
        forced_aspect = None
        if outage and rng.random() < 0.45:
            p_negative, forced_aspect = 0.9, "digital"
        if queue and dept == "SB":
            p_negative, forced_aspect = 0.5, "timeliness"
        roll = rng.random()
        experience = (
            "negative"
            if roll < p_negative
            else ("neutral" if roll < p_negative + 0.1 else "positive")
        )
        polarity = "negative" if experience == "negative" else "positive"
        channel = rng.choices(
            ["qr_rating", "app", "survey", "hotline", "email"], [62, 10, 10, 13, 5]
        )[0]
        if outage and forced_aspect and rng.random() < 0.5:
            channel = rng.choice(["hotline", "app"])
        if channel == "hotline":  # people call 12345 to complain, rarely to praise
            experience = "negative" if forced_aspect or rng.random() < 0.85 else "positive"
            polarity = experience
        scores = _scores(rng, experience)
        english = channel != "hotline" and rng.random() < 0.01
        wants_text = {
            "qr_rating": 0.12 if polarity == "negative" else 0.04,
            "app": 0.7,
            "survey": 0.35,
        }.get(channel, 1.0)
        text = None
        if rng.random() < wants_text:
            weights = GOV_NEGATIVE if polarity == "negative" else GOV_POSITIVE
            aspects = [forced_aspect or _pick(rng, weights)]
            if rng.random() < 0.2:
                extra = _pick(rng, weights)
                if extra not in aspects:
                    aspects.append(extra)
            library = texts_hotel.EN_GOV if english else texts_gov.ZH_GOV
            text = writer.text(
                library,
                aspects,
                polarity,
                unit=unit.code,
                service=service,
                staff=staff,
                english=english,
            )
            if channel == "hotline" and not english:
                text = (rng.choice(texts_gov.HOTLINE_PREFIXES) + text.rstrip("。！") + rng.choice(texts_gov.HOTLINE_SUFFIXES)
                        if polarity == "negative" else writer.fill(rng.choice(texts_gov.HOTLINE_PRAISE), unit=unit.code, service=service, staff=staff))  # fmt: skip
        spec = FeedbackSpec(
            channel=channel,
            source_ref=f"demo-{day:%Y%m%d}-{i:04d}",
            received_at=_local_time(rng, day, government=True),
            unit=unit.code,
            service=service,
            staff=staff if channel in ("qr_rating", "app", "survey") else None,
            rating=scores["rating"] if channel in ("qr_rating", "app") else None,
            nps=scores["nps"] if channel == "survey" else None,
            csat=scores["csat"] if channel == "survey" else None,
            ces=scores["ces"] if channel == "survey" else None,
            text=text,
            language=("en" if english else "zh") if text else None,
            text_polarity=polarity if text else None,
            customer=f"citizen-{rng.randint(1, 40000):05d}"
            if channel in ("hotline", "app", "email")
            else None,
        )
        out.append(spec)


def _hotel_day(rng: random.Random, plan: OrgPlan, writer: _Writer, day: date, n: int, out: list[FeedbackSpec]) -> None:  # fmt: skip
    departments = [u for u in plan.units if u.kind == "department"]
    staff_by_unit: dict[str, list[str]] = {}
    for st in plan.staff:
        staff_by_unit.setdefault(st.unit, []).append(st.code)
    for i in range(n):
        unit = rng.choices(departments, [u.weight for u in departments])[0]
        kind = unit.code.split("-")[-1]
        services = [s for s in plan.services if s.unit_kind == kind]
        service = rng.choices(services, [s.weight for s in services])[0].code
        staff = rng.choice(staff_by_unit[unit.code])
        roll = rng.random()
        p_negative = 0.12 + unit.negative_bias
        experience = (
            "negative"
            if roll < p_negative
            else ("neutral" if roll < p_negative + 0.12 else "positive")
        )
        polarity = "negative" if experience == "negative" else "positive"
        channel = rng.choices(
            ["online_review", "survey", "qr_rating", "email", "wechat"], [35, 30, 15, 10, 10]
        )[0]
        scores = _scores(rng, experience)
        english = rng.random() < 0.3
        wants_text = {"qr_rating": 0.1, "survey": 0.4}.get(channel, 1.0)
        text = None
        if rng.random() < wants_text:
            weights = HOTEL_NEGATIVE if polarity == "negative" else HOTEL_POSITIVE
            aspects = [_pick(rng, weights)]
            if rng.random() < 0.25:
                extra = _pick(rng, weights)
                if extra not in aspects:
                    aspects.append(extra)
            library = texts_hotel.EN_HOTEL if english else texts_hotel.ZH_HOTEL
            text = writer.text(
                library,
                aspects,
                polarity,
                unit=unit.code,
                service=service,
                staff=staff,
                english=english,
            )
        out.append(
            FeedbackSpec(
                channel=channel,
                source_ref=f"demo-{day:%Y%m%d}-{i:04d}",
                received_at=_local_time(rng, day, government=False),
                unit=unit.code,
                service=service,
                staff=staff if channel in ("qr_rating", "survey") else None,
                rating=scores["rating"]
                if channel in ("online_review", "qr_rating", "wechat")
                else None,
                nps=scores["nps"] if channel == "survey" else None,
                csat=scores["csat"] if channel == "survey" else None,
                ces=scores["ces"] if channel == "survey" else None,
                text=text,
                language=("en" if english else "zh") if text else None,
                text_polarity=polarity if text else None,
                customer=f"guest-{rng.randint(1, 20000):05d}" if channel != "qr_rating" else None,
            )
        )


def generate(
    plans: Sequence[OrgPlan], *, seed: int, today: date, months: int = 6, scale: float = 1.0
) -> DemoData:
    """All demo feedback from ``today - months`` to ``today`` (local days), deterministic for a seed."""
    rng = random.Random(seed)
    start = today - timedelta(days=round(months * 30.5))
    data = DemoData(incidents=plan_incidents(start, today))
    for plan in plans:
        writer = _Writer(rng, plan)
        items: list[FeedbackSpec] = []
        day = start
        while day <= today:
            if plan.sector == "government":
                if is_workday(day):
                    expected = 150 * scale * GOV_MONTH[day.month] * GOV_WEEKDAY[day.weekday()]
                    n = max(0, int(rng.gauss(expected, expected * 0.12)))
                    _government_day(rng, plan, writer, day, n, data.incidents, items)
            else:
                expected = 75 * scale * HOTEL_MONTH[day.month] * HOTEL_WEEKDAY[day.weekday()]
                expected *= 1.4 if is_holiday(day) else 1.0
                n = max(0, int(rng.gauss(expected, expected * 0.15)))
                _hotel_day(rng, plan, writer, day, n, items)
            day += timedelta(days=1)
        data.items[plan.slug] = items
    for incident in data.incidents:
        data.affected[incident.title] = sum(
            1
            for spec in data.items.get(incident.org_slug, [])
            if incident.started_at <= spec.received_at <= incident.ended_at
            and (incident.unit in (None, "CENTRE") or spec.unit in _units_under(plans, incident))
        )
    return data


def _units_under(plans: Sequence[OrgPlan], incident: IncidentSpec) -> set[str]:
    plan = next(p for p in plans if p.slug == incident.org_slug)
    found = {incident.unit or ""}
    changed = True
    while changed:
        changed = False
        for u in plan.units:
            if u.parent in found and u.code not in found:
                found.add(u.code)
                changed = True
    return found
