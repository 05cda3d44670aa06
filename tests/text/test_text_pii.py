"""Personal data: every valid number of thousands generated is masked, look-alikes are not."""

from __future__ import annotations

import itertools
import random
import string

import pytest
from tests.text.rules_data import hotel_reviews, sample

from cxloop.text import analyze
from cxloop.text.pii import (
    PiiSpan,
    find_pii,
    id_checksum_char,
    is_valid_id18,
    luhn_ok,
    mask_pii,
)

SEED = 20261201
REGIONS = ("110105", "310104", "440305", "510107", "330106", "120101", "650102", "210202")
ZH_FRAMES = ("我的{}，麻烦回电", "联系方式：{}。谢谢", "{}", "请打{}找我", "号码是 {} ，尽快处理")
EN_FRAMES = ("Call me on {} please.", "my details: {}", "({}) thanks")


def _frame(rng: random.Random, value: str) -> str:
    return rng.choice(ZH_FRAMES + EN_FRAMES).format(value)


def _id_number(rng: random.Random, *, valid: bool) -> str:
    y = rng.randint(1930, 2020)
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    first17 = f"{rng.choice(REGIONS)}{y:04d}{m:02d}{d:02d}{rng.randint(0, 999):03d}"
    check = id_checksum_char(first17)
    if not valid:
        check = rng.choice([c for c in "0123456789X" if c != check])
    return first17 + (check.lower() if check == "X" and rng.random() < 0.3 else check)


def _mobile(rng: random.Random) -> str:
    digits = f"1{rng.choice('3456789')}{rng.randint(0, 9)}" + "".join(
        rng.choice(string.digits) for _ in range(8)
    )
    sep = rng.choice(["", " ", "-"])
    number = f"{digits[:3]}{sep}{digits[3:7]}{sep}{digits[7:]}"
    prefix = rng.choice(["", "", "+86 ", "+86-", "+86", "0086 ", "86-"])
    return prefix + number


def _email(rng: random.Random) -> str:
    chars = string.ascii_lowercase + string.digits
    local = "".join(rng.choice(chars) for _ in range(rng.randint(1, 10)))
    if rng.random() < 0.4:
        local += rng.choice("._-+") + "".join(rng.choice(chars) for _ in range(rng.randint(1, 6)))
    labels = ["".join(rng.choice(chars) for _ in range(rng.randint(2, 8)))]
    if rng.random() < 0.3:
        labels.append(rng.choice(["mail", "corp", "edu"]))
    tld = rng.choice(["com", "cn", "com.cn", "net", "org", "gov.cn", "io"])
    return f"{local}@{'.'.join(labels)}.{tld}"


def _luhn_digit(partial: str) -> str:
    for d in string.digits:
        if luhn_ok(partial + d):
            return d
    raise AssertionError("unreachable: one digit always completes a Luhn number")


def _card(rng: random.Random, *, valid: bool) -> str:
    length = rng.choice([16, 16, 16, 17, 18, 19])
    prefix = rng.choice(["62", "4", "51", "55", "35", "2221", "2720", "9"])
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    check = _luhn_digit(body)
    if not valid:
        check = str((int(check) + rng.randint(1, 9)) % 10)
    digits = body + check
    if rng.random() < 0.4:
        return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    return digits


def _found(text: str, value: str) -> PiiSpan | None:
    start = text.index(value)
    for span in find_pii(text):
        if span.start == start and span.end == start + len(value):
            return span
    return None


@pytest.mark.parametrize(
    ("kind", "make", "count"),
    [
        ("id_card", lambda rng: _id_number(rng, valid=True), 3000),
        ("mobile", _mobile, 3000),
        ("email", _email, 3000),
        ("bank_card", lambda rng: _card(rng, valid=True), 3000),
    ],
)
def test_every_generated_valid_number_is_found_and_masked(kind: str, make, count: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(SEED)
    missed = []
    for _ in range(count):
        value = make(rng)
        text = _frame(rng, value)
        span = _found(text, value)
        digits = "".join(c for c in value if c.isdigit())
        same_kind = span is not None and (
            span.kind == kind or (kind == "bank_card" and is_valid_id18(digits))
        )
        masked = mask_pii(text)
        if not same_kind or value in masked or "*" not in masked:
            missed.append(text)
    assert missed == []


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("id_card", lambda rng: _id_number(rng, valid=False)),
        ("bank_card", lambda rng: _card(rng, valid=False)),
    ],
)
def test_numbers_failing_their_checksum_are_not_masked_as_that_kind(kind: str, make) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(SEED)
    texts = [_frame(rng, make(rng)) for _ in range(2000)]
    wrongly = [t for t in texts if any(s.kind == kind for s in find_pii(t))]
    assert len(texts) == 2000
    assert wrongly == []


def test_an_id_number_needs_a_real_birth_date() -> None:
    first17 = "11010519990230123"  # 30 February
    number = first17 + id_checksum_char(first17)
    assert not is_valid_id18(number)
    assert find_pii(f"身份证 {number}") == []
    good = "11010519491231002X"
    assert [s.kind for s in find_pii(f"身份证号：{good}")] == ["id_card"]
    assert mask_pii(f"身份证号：{good}") == "身份证号：110105************"


@pytest.mark.parametrize(
    ("text", "kind", "masked"),
    [
        ("客服电话010-62345678转3", "landline", "客服电话010-******78转3"),
        ("(0755)88889999", "landline", "(0755)******99"),
        ("前台 0571 87654321", "landline", "前台 0571 ******21"),
        ("车牌粤B12345停在门口", "plate", "车牌粤B*****停在门口"),
        ("新能源车京AD12345", "plate", "新能源车京A******"),
        ("新能源车沪A12345F", "plate", "新能源车沪A******"),
        ("我叫张伟，明天来", "name", "我叫张*，明天来"),
        ("我叫欧阳娜娜。", "name", "我叫欧***。"),
        ("本人李明，投诉", "name", "本人李*，投诉"),
        ("免贵姓王", "name", "免贵姓*"),
        ("那位姓陈的小姐很热情", "name", "那位姓*的小姐很热情"),
        ("前台王先生很耐心", "name", "前台*先生很耐心"),
        ("My name is John Smith.", "name", "My name is J*** S****."),
        ("手机１３８１２３４５６７８", "mobile", "手机１３８****５６７８"),
    ],
)
def test_landlines_plates_names_and_full_width_digits(text: str, kind: str, masked: str) -> None:
    spans = find_pii(text)
    assert [s.kind for s in spans] == [kind]
    assert text[spans[0].start : spans[0].end] == spans[0].text
    assert mask_pii(text, spans) == masked


@pytest.mark.parametrize(
    "text",
    [
        "房价￥1380.00元，含双早",
        "价格是13800元",
        "2008年6月4日入住，20080604离店",
        "房间8012，楼层18",
        "订单号202608011234567890已取消",
        "发票号码11010519491231002",
        "订单 6222021234567890123 已支付",  # 19 digits that fail Luhn
        "携程小姐推荐的酒店",
        "您贵姓？",
        "服务电话 400-820-8820",
        "航班号CA1831，座位12A",
        "版本2.3.10，编号A0012345678",
        "孩子很喜欢，总共花了12345元",
    ],
)
def test_prices_dates_order_and_room_numbers_are_not_masked(text: str) -> None:
    assert find_pii(text) == []
    assert mask_pii(text) == text


def test_overlapping_spans_are_masked_once_and_the_first_wins() -> None:
    text = "电话13812345678"
    spans = [PiiSpan("mobile", 2, 13, text[2:13]), PiiSpan("name", 4, 8, text[4:8])]
    assert mask_pii(text, spans) == "电话138****5678"
    assert mask_pii(text, list(reversed(spans)), style="tag") == "电话[mobile]"


def test_find_pii_returns_sorted_spans_that_never_overlap() -> None:
    text = "我叫张伟，手机+86 139-1234-5678，邮箱 zw@example.com，卡号 6222 0212 3456 7890 128"
    spans = find_pii(text)
    assert [s.kind for s in spans] == ["name", "mobile", "email", "bank_card"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_the_analyzer_masks_the_same_spans() -> None:
    text = "我叫张伟，手机13812345678"
    result = analyze(text)
    assert result.masked_text == mask_pii(text) == "我叫张*，手机138****5678"
    assert [p.to_dict()["kind"] for p in result.pii] == ["name", "mobile"]


def test_ordinary_hotel_reviews_carry_almost_no_masks() -> None:
    """Measured on all 5,322 positive reviews: 0.4% carry a mask, on reading nearly all real
    personal data (staff names with 先生/小姐, phone numbers that reviewers wrote)."""
    reviews = sample(hotel_reviews("1"), 1000)
    assert len(reviews) == 1000
    masked = {t: find_pii(t) for t in reviews}
    masked = {t: spans for t, spans in masked.items() if spans}
    assert len(masked) <= 10, list(masked)[:5]
    kinds = {s.kind for spans in masked.values() for s in spans}
    assert kinds <= {"name", "mobile", "landline", "email"}


def test_texts_without_an_anchor_could_not_match_the_full_regex() -> None:
    # find_pii answers texts with no digit, @, ASCII letter or name cue without the full regex;
    # that shortcut must never hide a match, over real reviews of both labels and name shapes
    from cxloop.text.pii import _ANCHORS, _regex

    texts = sample(hotel_reviews("0"), 1500) + sample(hotel_reviews("1"), 1500)
    texts += ["王先生说房间很好", "免贵姓张", "我叫李四，电话见前", "联系人：赵六", "本人刘七反映"]
    unanchored = [t for t in texts if not _ANCHORS.search(t)]
    assert len(unanchored) > 300  # the shortcut is really taken
    assert [t for t in unanchored if _regex().search(t)] == []
    anchored_names = texts[-5:]
    assert all(find_pii(t) for t in anchored_names)
