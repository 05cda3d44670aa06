"""Customer use cases: upsert by the sender's external id, one at a time or a whole batch at once.

The upsert is a single ``INSERT ... ON CONFLICT (organization_id, external_id) DO UPDATE`` on both
SQLite and PostgreSQL, so two requests naming the same new customer at the same moment cannot
create it twice. A value the sender leaves out (None) never erases what we already know.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cxloop.core.clock import utcnow
from cxloop.core.db import dialect_insert
from cxloop.core.errors import NotFound
from cxloop.customers.models import Customer
from cxloop.customers.schemas import CustomerIn, CustomerRead

__all__ = [
    "customers_by_ids",
    "find_customer",
    "find_customer_by_external_id",
    "get_customer",
    "upsert_customer",
    "upsert_customers",
]

_FIELDS = ("name", "phone", "email", "segment")


def upsert_customers(
    session: Session, *, organization_id: int, customers: Sequence[CustomerIn]
) -> dict[str, int]:
    """Create or update many customers in one statement; returns external_id -> customer id.

    When the same external id appears several times, the later non-empty values win (as if the
    items had been sent one after the other).
    """
    merged: dict[str, dict[str, Any]] = {}
    for customer in customers:
        row = merged.setdefault(
            customer.external_id,
            {"organization_id": organization_id, "external_id": customer.external_id}
            | dict.fromkeys(_FIELDS),
        )
        for name in _FIELDS:
            value = getattr(customer, name)
            if value is not None:
                row[name] = value
    if not merged:
        return {}
    now = utcnow()
    rows = [
        row | {"created_at": now, "consent_contact": True, "consent_research": False}
        for row in merged.values()
    ]
    table = Customer.__table__
    stmt = dialect_insert(session)(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.organization_id, table.c.external_id],
        set_={name: func.coalesce(stmt.excluded[name], table.c[name]) for name in _FIELDS},
    )
    session.execute(stmt, rows)
    ids = session.execute(
        select(Customer.external_id, Customer.id).where(
            Customer.organization_id == organization_id,
            Customer.external_id.in_(list(merged)),
        )
    )
    # The rows changed behind the ORM's back: drop any stale copies from the identity map.
    session.expire_all()
    return {external_id: id_ for external_id, id_ in ids}


def upsert_customer(
    session: Session,
    *,
    organization_id: int,
    external_id: str,
    name: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    segment: str | None = None,
) -> CustomerRead:
    """Create the customer or fill in what is new about them; returns the stored customer."""
    data = CustomerIn(external_id=external_id, name=name, phone=phone, email=email, segment=segment)
    ids = upsert_customers(session, organization_id=organization_id, customers=[data])
    return get_customer(session, organization_id=organization_id, customer_id=ids[data.external_id])


def find_customer(
    session: Session, *, organization_id: int, customer_id: int
) -> CustomerRead | None:
    customer = session.get(Customer, customer_id)
    if customer is None or customer.organization_id != organization_id:
        return None
    return CustomerRead.model_validate(customer)


def get_customer(session: Session, *, organization_id: int, customer_id: int) -> CustomerRead:
    """The customer, or 404 — also for another organisation's customer."""
    found = find_customer(session, organization_id=organization_id, customer_id=customer_id)
    if found is None:
        raise NotFound("customer.not_found", details={"customer_id": customer_id})
    return found


def find_customer_by_external_id(
    session: Session, *, organization_id: int, external_id: str
) -> CustomerRead | None:
    customer = session.scalar(
        select(Customer).where(
            Customer.organization_id == organization_id, Customer.external_id == external_id
        )
    )
    return CustomerRead.model_validate(customer) if customer is not None else None


def customers_by_ids(
    session: Session, *, organization_id: int, customer_ids: Sequence[int]
) -> dict[int, CustomerRead]:
    """Many customers in one query (feedback lists show who said what)."""
    if not customer_ids:
        return {}
    rows = session.scalars(
        select(Customer).where(
            Customer.organization_id == organization_id, Customer.id.in_(list(set(customer_ids)))
        )
    )
    return {c.id: CustomerRead.model_validate(c) for c in rows}
