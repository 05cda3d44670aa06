"""Aspects: which taxonomy aspects a text talks about, with evidence spans and their own polarity.

Detection is lexicon evidence (``lexicons/aspects_*.tsv``), so every reported aspect points at the
words that triggered it, with offsets into the original text, and an organisation can add its own
words (不动产登记 -> process) without retraining. The polarity of an aspect is the sentiment of the
text around its evidence: the clause holding the word, cut to a few characters either side because
much feedback has no punctuation at all. Those windows go through the same sentiment model in one
batch, so aspects cost one extra vectorised call per batch, not one per aspect.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cxloop.text.lexicon import Hit

_BREAK = re.compile(
    r"[，。！？；,.!?;\n~～…、]|但是|可是|不过|然而|\bbut\b|\bhowever\b|\bthough\b", re.IGNORECASE
)
"""Where a window stops: punctuation, or a contrast word (the clause after 但是 is a new judgement)."""
WINDOW_ZH = 10
WINDOW_EN = 50
NEGATIVE_AT = 0.6
POSITIVE_BELOW = 0.4
TEXT_PRIOR = 0.5
LEXICON_OVERRULED = 0.3


@dataclass(frozen=True, slots=True)
class AspectEvidence:
    """The hits for one aspect key in one text and the windows whose sentiment decides polarity."""

    key: str
    hits: tuple[Hit, ...]
    windows: tuple[tuple[int, int], ...]
    """(start, end) of each distinct window in the original text."""


def window(text: str, hit: Hit) -> tuple[int, int]:
    """The clause around ``hit``, at most a few characters (Chinese) or words (English) each side."""
    width = WINDOW_EN if hit.text.isascii() else WINDOW_ZH
    lo = max(0, hit.start - width)
    hi = min(len(text), hit.end + width)
    last = None
    for last in _BREAK.finditer(text, lo, hit.start):  # noqa: B007 - the last break counts
        pass
    if last is not None:
        lo = last.end()
    right = _BREAK.search(text, hit.end, hi)
    if right:
        hi = right.start()
    return lo, hi


def collect(
    text: str, hits: Sequence[Hit], known: Sequence[str] | None = None
) -> list[AspectEvidence]:
    """Group aspect hits by key in order of first mention; ``known`` filters unknown keys out.

    Two hits in one clause share a window, counted once, so that a clause does not outvote
    another one merely by holding more aspect words.
    """
    by_key: dict[str, list[Hit]] = {}
    for hit in hits:
        for key in hit.values:
            if known is None or key in known:
                by_key.setdefault(key, []).append(hit)
    return [
        AspectEvidence(key, tuple(hs), tuple(dict.fromkeys(window(text, h) for h in hs)))
        for key, hs in by_key.items()
    ]


def negative_probability(p_windows: float, p_text: float, *, has_evidence: bool) -> float:
    """P(negative) of an aspect: its windows' score, or halfway to the whole text's without evidence.

    Why the text's score: many evidence windows hold only the aspect word (``菜的份量``), and then
    the best guess is the tone of the whole text; a window with sentiment words speaks for itself.
    """
    if has_evidence:
        return p_windows
    return TEXT_PRIOR * p_text + (1.0 - TEXT_PRIOR) * p_windows


def polarity(p_negative: float, net_lexicon: float) -> str:
    """Polarity from P(negative) and the windows' lexicon mass (positive minus negative).

    Sentiment words next to the aspect decide unless the scores clearly disagree; without them the
    score alone decides, with a neutral band in the middle (the aspect is mentioned, not judged).
    """
    if net_lexicon > 0 and p_negative < 1.0 - LEXICON_OVERRULED:
        return "positive"
    if net_lexicon < 0 and p_negative > LEXICON_OVERRULED:
        return "negative"
    if p_negative >= NEGATIVE_AT:
        return "negative"
    if p_negative < POSITIVE_BELOW:
        return "positive"
    return "neutral"
