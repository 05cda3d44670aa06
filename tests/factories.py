"""Plain factories with explicit defaults, and the named personas of the test suite."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from cxloop.accounts import service as accounts_service
from cxloop.accounts.models import Role, UserAccount
from cxloop.org import service as org_service
from cxloop.org.models import Organization, Service, Staff, Unit

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    org: Organization
    other_org: Organization
    centre: Unit
    unit_a: Unit
    window_a1: Unit
    unit_b: Unit
    service: Service
    staff: Staff
    users: dict[str, UserAccount] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def auth(self, persona: str) -> dict[str, str]:
        """Headers that make a request as ``persona``."""
        return {"Authorization": f"Bearer {self.tokens[persona]}"}


def build_world(session: Session) -> World:
    org = org_service.create_organization(
        session, slug="huangpu-gov", name="黄浦区政务服务中心", sector="government"
    )
    other = org_service.create_organization(
        session, slug="riverside-hotel", name="Riverside Hotel", sector="hotel"
    )
    centre = org_service.create_unit(
        session, organization_id=org.id, code="HP", name="政务服务中心", kind="centre"
    )
    unit_a = org_service.create_unit(
        session, organization_id=org.id, code="HP-A", name="市场监管窗口区", parent_id=centre.id
    )
    window = org_service.create_unit(
        session,
        organization_id=org.id,
        code="HP-A-01",
        name="1号窗口",
        kind="window",
        parent_id=unit_a.id,
    )
    unit_b = org_service.create_unit(
        session, organization_id=org.id, code="HP-B", name="社保窗口区", parent_id=centre.id
    )
    service = org_service.create_service(
        session, organization_id=org.id, code="biz-licence", name="营业执照办理", unit_id=unit_a.id
    )
    staff = org_service.create_staff(
        session, organization_id=org.id, code="S001", name="张敏", unit_id=window.id
    )
    org_service.create_unit(session, organization_id=other.id, code="FRONT", name="Front desk")
    w = World(
        org=org,
        other_org=other,
        centre=centre,
        unit_a=unit_a,
        window_a1=window,
        unit_b=unit_b,
        service=service,
        staff=staff,
    )
    personas = [
        ("handler_li", Role.handler, org.id, unit_a.id, "李娜"),
        ("head_wang", Role.unit_head, org.id, unit_a.id, "王强"),
        ("analyst_chen", Role.analyst, org.id, None, "陈静"),
        ("admin_zhao", Role.admin, org.id, None, "赵磊"),
        ("outsider_bob", Role.admin, other.id, None, "Bob"),
    ]
    for username, role, org_id, unit_id, name in personas:
        user = accounts_service.create_user(
            session,
            organization_id=org_id,
            username=username,
            password=PASSWORD,
            role=role,
            unit_id=unit_id,
            display_name=name,
        )
        w.users[username] = user
        w.tokens[username] = accounts_service.create_token(session, user_id=user.id, name="test")
    return w
