from __future__ import annotations

import pytest

from cxloop.core.i18n import catalogue, negotiate, normalize, translate


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"),
        ("zh-TW", "zh-CN"),
        ("en-US,en;q=0.9", "en"),
        ("fr-FR,fr;q=0.9", "en"),
        ("en;q=0.5, zh;q=0.9", "zh-CN"),
        ("", "zh-CN"),
    ],
)
def test_chinese_browsers_get_chinese_and_everybody_else_english(
    header: str, expected: str
) -> None:
    assert negotiate(header) == expected


def test_both_languages_have_the_same_keys() -> None:
    assert set(catalogue("zh-CN")) == set(catalogue("en"))
    assert len(catalogue("en")) > 10


def test_placeholders_are_filled_and_unknown_keys_fall_back_to_the_key() -> None:
    assert "ops" in translate("error.user.duplicate_username", "en", username="ops")
    assert translate("no.such.key", "zh-CN") == "no.such.key"
    assert normalize("zh_Hans_CN") == "zh-CN"
