"""Language of a feedback text: ``zh``, ``en`` or ``other``.

Counting scripts is enough for feedback: a Chinese character carries about as much as an English
word, so a text is Chinese when its Han characters are at least a quarter of its Latin letters
(``用APP预约总是闪退`` is Chinese, ``the app crashed again 哈哈`` is English). Kana or Hangul, or
no letters at all, give ``other``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

HAN_CHARACTER = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""One Han character; the English-only rules (type shapes, aspect attribution) skip any text holding one."""
_LATIN = re.compile(r"[A-Za-z]")
_OTHER_SCRIPT = re.compile(r"[\u3040-\u30ff\uac00-\ud7af\u0400-\u04ff\u0600-\u06ff]")
LANGUAGES = ("zh", "en", "other")


def detect_language(text: str) -> str:
    """``zh``, ``en`` or ``other`` for one text (mixed Chinese-English counts by weight)."""
    han = len(HAN_CHARACTER.findall(text))
    latin = len(_LATIN.findall(text))
    other = len(_OTHER_SCRIPT.findall(text))
    if other > han and other * 4 > latin:
        return "other"
    if han and han * 4 >= latin:
        return "zh"
    if latin >= 2:
        return "en"
    return "zh" if han else "other"


def majority_language(texts: Iterable[str]) -> str:
    """``en`` when more of the texts are English than Chinese, else ``zh``: the language whose
    sentiment model a set of training texts teaches (a model is one language's)."""
    langs = [detect_language(t) for t in texts]
    return "en" if langs.count("en") > langs.count("zh") else "zh"
