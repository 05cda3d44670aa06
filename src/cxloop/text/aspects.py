"""Aspects: which taxonomy aspects a text talks about, with evidence spans and their own polarity.

Detection is lexicon evidence (``lexicons/aspects_*.tsv``), so every reported aspect points at the
words that triggered it, with offsets into the original text, and an organisation can add its own
words (不动产登记 -> process) without retraining. The polarity of an aspect is the sentiment of the
text around its evidence: the clause holding the word, cut to a few characters either side because
much feedback has no punctuation at all. Those windows go through the same sentiment model in one
batch, so aspects cost one extra vectorised call per batch, not one per aspect.

Opinion words depend on the aspect: 贵 is bad for price, 快 good for timeliness, 人少 good for the
environment, and 一般 / 还行 / 中规中矩 judge an aspect as average, which is neither praise nor
complaint. ``lexicons/aspect_opinions_*.tsv`` holds those words as data (an organisation adds its
own); within an aspect's windows they replace the general sentiment weight of the same words. Each
window with opinion words casts one vote and the aspect takes the majority sign, a tie (praise and
complaint in equal measure) being neutral; only an aspect no window judges falls back to the scores.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cxloop.text.lexicon import LEXICON_DIR, Hit, TermMatcher, masses_from_hits, read_lexicon

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


ANY_ASPECT = "*"
"""Key of an aspect-opinion row that applies to every aspect (the average words: 一般, 还行)."""


@lru_cache(maxsize=16)
def opinion_matcher(sources: tuple[str, ...] = (str(LEXICON_DIR),)) -> TermMatcher:
    """Aspect-opinion words of the bundled and organisation lexicon directories, compiled once.

    Values are ``(key, weight, key, weight, ...)``: one term can judge several aspects differently.
    """
    entries: dict[str, dict[str, str]] = {}
    for row in read_lexicon("aspect_opinions", [Path(s) for s in sources]):
        if len(row) >= 3 and row[1]:
            entries.setdefault(row[1].lower(), {})[row[0]] = str(float(row[2]))
    return TermMatcher({t: tuple(x for kv in ks.items() for x in kv) for t, ks in entries.items()})


def _weight(hit: Hit, key: str) -> str | None:
    values = hit.values
    own = None
    for j in range(0, len(values) - 1, 2):
        if values[j] == key:
            return values[j + 1]
        if values[j] == ANY_ASPECT:
            own = values[j + 1]
    return own


def window_judgement(
    text: str,
    lo: int,
    hi: int,
    key: str,
    sentiment_hits: Sequence[Hit],
    opinion_hits: Sequence[Hit],
    general: tuple[float, float],
) -> tuple[float, bool, bool]:
    """(net lexicon mass, holds an average word, holds the aspect's own opinion words) of one
    window, read as a judgement of ``key``.

    The aspect's own opinion words replace any sentiment word they overlap; negation and degree
    words still apply to them (不贵 is good for price, 太慢 worse than 慢). A sentiment word that is
    another aspect's opinion word judges that aspect, not this one (房间很干净 says nothing of the food).
    ``general`` is the window's (positive, negative) mass from sentiment words alone, the answer
    when no opinion word is in the window (the common case, so it costs nothing).
    """
    own = []
    taken = []
    for h in opinion_hits:
        if h.start >= lo and h.end <= hi:
            w = _weight(h, key)
            if w is not None:
                own.append(Hit(h.start, h.end, h.text, ("sen", w)))
            taken.append(h)
    if not taken:
        return general[0] - general[1], False, False
    inside = [
        h
        for h in sentiment_hits
        if h.start >= lo
        and h.end <= hi
        and not any(h.start < o.end and o.start < h.end for o in taken)
    ]
    if not own:
        pos, neg = masses_from_hits(text, inside, start=lo)
        return pos - neg, False, False
    merged = inside
    merged.extend(own)
    merged.sort(key=lambda h: h.start)
    pos, neg = masses_from_hits(text, merged, start=lo)
    average = any(o.values[1] == "0.0" for o in own)
    return pos - neg, average, True


def negative_probability(p_windows: float, p_text: float, *, has_evidence: bool) -> float:
    """P(negative) of an aspect: its windows' score, or halfway to the whole text's without evidence.

    Why the text's score: many evidence windows hold only the aspect word (``菜的份量``), and then
    the best guess is the tone of the whole text; a window with sentiment words speaks for itself.
    """
    if has_evidence:
        return p_windows
    return TEXT_PRIOR * p_text + (1.0 - TEXT_PRIOR) * p_windows


def window_vote(
    net: float, average: bool, p_negative: float, *, specific: bool = False
) -> int | None:
    """+1, -1 or 0 (average) for a window that judges the aspect, None for one that does not.

    General sentiment words decide unless the window's model score clearly disagrees with them;
    the aspect's own opinion words (``specific``) always decide, since the model, trained on whole
    reviews, does not know that 有点挤 is a complaint about the room.
    """
    if specific and (net or average):
        return 1 if net > 0 else -1 if net < 0 else 0
    if net > 0 and p_negative < 1.0 - LEXICON_OVERRULED:
        return 1
    if net < 0 and p_negative > LEXICON_OVERRULED:
        return -1
    if net != 0:
        return 1 if p_negative < POSITIVE_BELOW else -1 if p_negative >= NEGATIVE_AT else 0
    return 0 if average else None


def polarity_from_votes(votes: Sequence[int | None], p_negative: float) -> str:
    """The majority sign of the judging windows, a tie neutral; no judging window: the score band.

    Why a tie is neutral: praise and complaint about one aspect in equal measure is no verdict,
    the same rule by which sub-aspect labels (taste good, portion small) combine into one.
    """
    cast = [v for v in votes if v is not None]
    if cast:
        total = sum(cast)
        if total or not any(cast):
            return "positive" if total > 0 else "negative" if total < 0 else "neutral"
    return polarity(p_negative, 0.0)


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
