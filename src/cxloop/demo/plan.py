"""The demo organisations as plain data: a city government service centre and a hotel group.

Kept apart from the generator so the tree (codes, names, weights) can be read at a glance and so
tests can refer to the codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class UnitPlan:
    code: str
    name: str
    kind: str
    parent: str | None = None
    weight: float = 1.0  # share of the organisation's traffic (leaf units)
    negative_bias: float = 0.0  # added to the probability of a bad experience


@dataclass(frozen=True)
class ServicePlan:
    code: str
    name: str
    unit: str | None  # the department that owns it (None = every hotel)
    unit_kind: str | None = None  # for hotels: which department of a hotel delivers it
    weight: float = 1.0


@dataclass(frozen=True)
class StaffPlan:
    code: str
    name: str
    unit: str


@dataclass(frozen=True)
class OrgPlan:
    slug: str
    name: str
    sector: str
    units: list[UnitPlan]
    services: list[ServicePlan]
    staff: list[StaffPlan] = field(default_factory=list)


_DEPARTMENTS = [
    (
        "SCJG",
        "市场监管",
        4,
        1.2,
        [("biz-licence", "营业执照办理", 3.0), ("food-permit", "食品经营许可", 1.0)],
    ),
    (
        "SB",
        "社会保障",
        4,
        1.4,
        [("si-card", "社保卡补办", 2.0), ("pension-transfer", "养老保险关系转移", 1.0)],
    ),
    (
        "BDC",
        "不动产登记",
        3,
        1.0,
        [("property-reg", "不动产登记", 2.0), ("property-cert", "不动产权证书补发", 0.5)],
    ),
    (
        "GAHZ",
        "公安户政",
        3,
        1.0,
        [("hukou-move", "户口迁移", 1.5), ("id-card", "居民身份证办理", 2.0)],
    ),
    ("SW", "税务", 3, 0.9, [("iit-annual", "个税汇算", 2.0), ("invoice", "发票申领", 1.0)]),
]
_SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
_GIVEN = [
    "敏",
    "伟",
    "芳",
    "静",
    "磊",
    "洋",
    "婷",
    "杰",
    "娟",
    "涛",
    "霞",
    "勇",
    "燕",
    "超",
    "琳",
    "鹏",
    "倩",
]


def government_plan() -> OrgPlan:
    units = [UnitPlan("CENTRE", "江海市政务服务中心", "centre")]
    services: list[ServicePlan] = []
    staff: list[StaffPlan] = []
    window_no = 0
    for code, name, windows, weight, dept_services in _DEPARTMENTS:
        units.append(UnitPlan(code, f"{name}窗口区", "department", "CENTRE"))
        for _ in range(windows):
            window_no += 1
            bias = 0.05 if window_no == 6 else 0.0  # one window that is harder to please
            wcode = f"W{window_no:02d}"
            units.append(
                UnitPlan(
                    wcode, f"{window_no}号窗口（{name}）", "window", code, weight / windows, bias
                )
            )
            for k in range(2):
                idx = window_no * 2 + k
                staff_name = _SURNAMES[idx % len(_SURNAMES)] + _GIVEN[idx % len(_GIVEN)]
                staff.append(StaffPlan(f"G{window_no:02d}{k + 1}", staff_name, wcode))
        services.extend(ServicePlan(s, n, code, weight=w) for s, n, w in dept_services)
    return OrgPlan("jianghai-gov", "江海市政务服务中心", "government", units, services, staff)


_HOTELS = [
    ("HZ", "云栖·杭州西湖酒店", 1.0, 0.0),
    ("SH", "云栖·上海外滩酒店", 1.3, -0.02),
    ("SZ", "云栖·深圳湾酒店", 0.8, 0.05),
]
_HOTEL_DEPTS = [("FD", "前台 Front desk"), ("HK", "客房 Housekeeping"), ("RS", "餐厅 Restaurant")]
_HOTEL_STAFF = ["Amy 王", "Leo 陈", "Grace 刘", "Kevin 张", "Lily 赵", "Jason 周"]


def hotel_plan() -> OrgPlan:
    units = [UnitPlan("GROUP", "云栖酒店集团", "centre")]
    staff: list[StaffPlan] = []
    for code, name, weight, bias in _HOTELS:
        units.append(UnitPlan(code, name, "hotel", "GROUP"))
        for dept, dept_name in _HOTEL_DEPTS:
            ucode = f"{code}-{dept}"
            units.append(
                UnitPlan(ucode, f"{name} {dept_name}", "department", code, weight / 3, bias)
            )
            for k in range(2):
                person = _HOTEL_STAFF[(len(staff)) % len(_HOTEL_STAFF)]
                staff.append(StaffPlan(f"{ucode}-{k + 1}", person, ucode))
    services = [
        ServicePlan("check-in", "入住办理 Check-in", None, "FD", 2.0),
        ServicePlan("concierge", "礼宾行李 Concierge", None, "FD", 0.5),
        ServicePlan("room-cleaning", "客房清洁 Room cleaning", None, "HK", 2.0),
        ServicePlan("laundry", "洗衣服务 Laundry", None, "HK", 0.4),
        ServicePlan("breakfast", "早餐 Breakfast", None, "RS", 1.5),
        ServicePlan("room-service", "送餐服务 Room service", None, "RS", 0.6),
    ]
    return OrgPlan("yunqi-hotels", "云栖酒店集团 Yunqi Hotels", "hotel", units, services, staff)


def all_plans() -> list[OrgPlan]:
    return [government_plan(), hotel_plan()]
