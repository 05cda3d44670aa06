"""Translations for UI strings, error messages and reports: zh-CN and en.

Catalogues are JSON files under ``cxloop/locales/<lang>/<area>.json`` (one file per area so that
each domain owns its strings); all files of a language are merged. Keys are dotted, e.g.
``error.case.invalid_transition``; values may hold ``{name}`` placeholders.

A placeholder may name a table of labels as its format spec: ``{command:web.command}`` shows
``web.command.<value>`` in the reader's language (the label the pages use for that command's
button), so a message never shows a raw code such as ``pending_approval``; a value without a
label is shown as it is. The codes themselves stay in the error's ``code`` and ``details``.
"""

from __future__ import annotations

import json
import re
import string
from functools import cache
from importlib import resources
from typing import Any

SUPPORTED = ("zh-CN", "en")
DEFAULT_LANGUAGE = "zh-CN"
_DIRS = {"zh-CN": "zh_CN", "en": "en"}


def normalize(lang: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """Map a language tag (``zh``, ``zh-Hans-CN``, ``en-GB``...) onto a supported one."""
    if not lang:
        return default
    tag = lang.strip().lower().replace("_", "-")
    if tag.startswith("zh"):
        return "zh-CN"
    if tag.startswith("en"):
        return "en"
    return default


def negotiate(accept_language: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """Pick zh-CN for Chinese browsers and en for everybody else (RFC 9110 q-values honoured)."""
    if not accept_language:
        return default
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        piece = part.strip()
        if not piece:
            continue
        tag, _, params = piece.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        choices.append((-quality, index, tag.strip()))
    for _, _, tag in sorted(choices):
        if tag == "*":
            continue
        if tag.lower().startswith("zh"):
            return "zh-CN"
        return "en"
    return default


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All strings of one language, merged from every area file."""
    folder = resources.files("cxloop") / "locales" / _DIRS[normalize(lang)]
    merged: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".json"):
            merged.update(json.loads(entry.read_text(encoding="utf-8")))
    return merged


def label(table: str, value: object, lang: str | None = None) -> str:
    """``value``'s label in ``table`` (``label("web.status", "pending_approval", "zh-CN")`` is
    待审批); falls back to English, then to the value itself."""
    key = f"{table}.{value}"
    return catalogue(normalize(lang)).get(key) or catalogue("en").get(key) or str(value)


# A format spec that names a table of labels (``web.command``), unlike ``.1f`` or ``>8``.
_LABEL_TABLE = re.compile(r"[a-z_]+(?:\.[a-z_]+)+")


class _Formatter(string.Formatter):
    """``str.format`` plus label placeholders (see the module docstring)."""

    def __init__(self, lang: str | None) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> Any:
        if _LABEL_TABLE.fullmatch(format_spec):
            return label(format_spec, value, self.lang)
        return super().format_field(value, format_spec)


def translate(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The string for ``key`` in ``lang``; falls back to English, then to the key itself."""
    text = catalogue(normalize(lang)).get(key) or catalogue("en").get(key) or key
    if params:
        try:
            return _Formatter(lang).format(text, **params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


_ = translate
