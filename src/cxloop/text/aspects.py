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
own); within an aspect's windows they replace the general sentiment weight of the same words, and
'-' rows list compounds that hold an opinion character without its meaning (海鲜, 附近, 卫生间).
A window is read with the structure a bag of words misses: negation kept inside compounds and
stopped at a new predicate, 没…那么 comparisons, 高 after 性价比 versus after 价格, grammar words
(买好, 可以刷卡, 服务员推荐), A-not-A questions, hearsay, and wishes (希望热情一点). Each window
with judging words casts one vote and the aspect takes the majority sign, a tie (praise and
complaint in equal measure) going to the windows' scores; only then, or for an aspect no window
judges, does the sentiment model decide, since on a few characters it cannot read negation.
Where a model directory ships ``aspect_polarity_zh.npz``, a small learned re-scorer
(:class:`PolarityModel`) takes that last decision for Chinese aspects instead of the score band.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
import scipy.sparse as sp

from cxloop.text.features import Featurizer
from cxloop.text.language import HAN_CHARACTER
from cxloop.text.lexicon import (
    DURATION,
    LEXICON_DIR,
    MINUTES,
    PSEUDO_NEGATION,
    QUICK_AFTER,
    Hit,
    TermMatcher,
    masses_from_hits,
    read_lexicon,
    with_extra_hits,
)
from cxloop.text.linear import LinearTextModel
from cxloop.text.result import ASPECTS, POLARITIES

_BREAK = re.compile(
    r"[，。！？；,.!?;\n~～…、]|(?<!不)但|可是|不过|然而|只是|\bbut\b|\bhowever\b|\bthough\b",
    re.IGNORECASE,
)
"""Where a window stops: punctuation, or a contrast word (the clause after 但 is a new judgement;
不但, 'not only', is no contrast)."""
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


_HEADING = re.compile(r"\s*[：:】\]]")
"""An aspect word used as a heading (环境：, 【服务】, Service:) introduces a section about it."""
_SECTION_END = re.compile(r"[。！？!?\n【\[]|[\u4e00-\u9fff]{1,4}[：:]")
"""A section runs to the end of its sentence or to the next heading (口味：…。环境：…)."""
SECTION_MAX = 80


def window(text: str, hit: Hit) -> tuple[int, int]:
    """The clause around ``hit``, at most a few characters (Chinese) or words (English) each side;
    for a heading (``服务：避开饭点去的，服务员有礼貌``), the section it introduces, whose clauses
    judge the heading's aspect though none repeats its word."""
    width = WINDOW_EN if hit.text.isascii() else WINDOW_ZH
    lo = max(0, hit.start - width)
    hi = min(len(text), hit.end + width)
    last = None
    for last in _BREAK.finditer(text, lo, hit.start):  # noqa: B007 - the last break counts
        pass
    if last is not None:
        lo = last.end()
    heading = _HEADING.match(text, hit.end)
    if heading:
        stop = min(len(text), heading.end() + SECTION_MAX)
        end = _SECTION_END.search(text, heading.end(), stop)
        return lo, end.start() if end else stop
    right = _BREAK.search(text, hit.end, hi)
    if right:
        hi = right.start()
    return lo, hi


NO_ASPECT = "-"
"""Key of shadow rows in ``aspects_*.tsv``: a longer word holding an aspect word but naming no aspect
(值班 is on duty, not 值 "worth" of price); the matcher takes the longest word, so the shadow wins."""


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
            if key == NO_ASPECT:
                continue
            if known is None or key in known:
                by_key.setdefault(key, []).append(hit)
    return [
        AspectEvidence(key, tuple(hs), tuple(dict.fromkeys(window(text, h) for h in hs)))
        for key, hs in by_key.items()
    ]


ANY_ASPECT = "*"
"""Key of an aspect-opinion row that applies to every aspect (the average words: 一般, 还行)."""
NO_ASPECT = "-"
"""Key of an aspect-opinion row that judges nothing: a compound that holds an opinion character
without its meaning (海鲜 holds 鲜, 附近 holds 近, 卫生间 holds 卫生, 方便面 holds 方便). Matching is
leftmost-longest, so listing the compound keeps its characters from judging any aspect."""


ABSENCE_KEYS = frozenset({"facilities", "accessibility", "digital", "communication", "attitude"})
"""Aspects whose terms name things a customer wants there (a lift, parking, wifi, a callback, staff):
"no parking", "not enough staff" complain of them. Not timeliness, environment, price, quality or
safety, whose terms are mostly what a customer wants gone (no queue, no noise, no fee, no damage)."""
ABSENCE_WORDS = ("no", "not enough", "no working")
ABSENCE_WEIGHT = "-1.5"
_NOT_ABSENT = frozenset({"distance"})
"""Terms of those aspects whose absence is no complaint (no distance at all)."""


def _absence_entries(dirs: Sequence[Path], judged: set[str]) -> dict[str, dict[str, str]]:
    """``no <term>`` / ``not enough <term>`` for the English terms of :data:`ABSENCE_KEYS`.

    Why generated from ``aspects_*.tsv`` rather than listed: every thing an organisation adds
    (``facilities<TAB>bike rack``) is then missed when it is not there, without a second row. A term
    that is itself a judgement word (broken, helpful, crash) is left to negation, which reads "no
    broken glass" or "not helpful" already; so is any phrase the opinion lexicon lists itself.
    """
    out: dict[str, dict[str, str]] = {}
    for row in read_lexicon("aspects", dirs):
        if len(row) < 2 or row[0] not in ABSENCE_KEYS or not row[1].isascii():
            continue
        term = row[1].lower()
        if term in judged or term in _NOT_ABSENT or term.startswith(ABSENCE_WORDS[0] + " "):
            continue
        for word in ABSENCE_WORDS:
            out.setdefault(f"{word} {term}", {})[row[0]] = ABSENCE_WEIGHT
    return out


@lru_cache(maxsize=16)
def opinion_matcher(sources: tuple[str, ...] = (str(LEXICON_DIR),)) -> TermMatcher:
    """Aspect-opinion words of the bundled and organisation lexicon directories, compiled once,
    plus the generated absence phrases of :func:`_absence_entries` (English only).

    Values are ``(key, weight, key, weight, ...)``: one term can judge several aspects differently.
    """
    dirs = [Path(s) for s in sources]
    entries: dict[str, dict[str, str]] = {}
    for row in read_lexicon("aspect_opinions", dirs):
        if len(row) >= 2 and row[1] and row[0] == NO_ASPECT:
            entries.setdefault(row[1].lower(), {})[NO_ASPECT] = "0.0"
        elif len(row) >= 3 and row[1]:
            entries.setdefault(row[1].lower(), {})[row[0]] = str(float(row[2]))
    judged = {t for t in entries if t.isascii()}
    judged |= {r[0].lower() for r in read_lexicon("sentiment", dirs) if r and r[0].isascii()}
    for term, keys in _absence_entries(dirs, judged).items():
        if term not in entries:
            entries[term] = keys
    return TermMatcher({t: tuple(x for kv in ks.items() for x in kv) for t, ks in entries.items()})


_MINUTES_QUICK = re.compile(MINUTES.pattern + QUICK_AFTER.pattern)


def duration_hits(text: str) -> list[Hit]:
    """Lengths of time as timeliness opinions: how long is the complaint, not the queueing itself.

    Hours, days, weeks and months (排了三个小时, 拖了两个多月, 等了五天) judge timeliness as slow, unless
    就 follows (两天就办好了: quick); minutes judge only when 就 follows (十分钟就办完了: quick), since
    a few minutes of waiting is not a complaint by itself. A literal duration the opinion lexicon has
    (一个多小时) is found there as well; the caller keeps the lexicon's hit.
    """
    out = []
    for m in DURATION.finditer(text):
        quick = QUICK_AFTER.match(text, m.end()) is not None
        out.append(Hit(m.start(), m.end(), m.group(), ("timeliness", "1.0" if quick else "-1.5")))
    for m in _MINUTES_QUICK.finditer(text):
        out.append(Hit(m.start(), m.end(), m.group(), ("timeliness", "1.0")))
    return out


def with_durations(opinion_hits: Sequence[Hit], text: str) -> list[Hit]:
    """The text's opinion hits plus :func:`duration_hits` that overlap none of them, in order."""
    return with_extra_hits(opinion_hits, duration_hits(text))


def _weight(hit: Hit, key: str) -> str | None:
    values = hit.values
    own = None
    for j in range(0, len(values) - 1, 2):
        if values[j] == key:
            return values[j + 1]
        if values[j] == ANY_ASPECT:
            own = values[j + 1]
    return own


_FALLS_SHORT = re.compile(
    r"(?:没有?|不(?:如|及|像|是)?)[^，。！？也都就又才]{0,8}?(?:那么|这么|那样|那般|如此)"
)
"""没 / 不像 ... 那么 + opinion word: falls short of it or is unlike it (没想象中的那么好吃,
不像一般的火锅店那么吵), though the negation is further from the word than ordinary negation
reaches."""
_NEGATION_HEAD = re.compile(r"(?:不太|不是很|不怎么|不算|不够|不大|并不|不|没有|没|未|无)")
"""A negation at the head of a sentiment compound that overlaps an opinion word (不好 of 不好吃)."""
_BETTER_WHEN_HIGH = re.compile(
    r"性价比|效率|质量|品质|水平|素质|满意度|专业度|评分|value|quality|efficiency", re.IGNORECASE
)
"""Nouns for which 高 (high) is praise; for prices, fees and waits the same word is a complaint."""
_NOT_OPINION = {
    "好": re.compile(
        r"(?<=[买点订定约弄做备想选装换谈办])好|好(?=[\u4e00-\u9fff])(?![的啊呀吧哦了呢哈得])"
    ),
    "可以": re.compile(r"可以(?=[\u4e00-\u9fff])(?![的啊呀吧哦了呢哈])"),
    "推荐": re.compile(r"(?<=[员板娘友人们他她生长说听])推荐"),
    "一般": re.compile(r"(?<=[比像和跟于])一般|一般的(?=[\u4e00-\u9fff])(?![啊呀吧啦哦了呢哈])"),
}
"""Where a sentiment word is grammar, not a judgement: 好 after a verb (买好, done) or before a word
(好多, 好像, 好慢: 'many', 'seems', 'very'); 可以 before a verb (可以刷卡, 'can'); 推荐 said by
someone else (服务员推荐, a fact about the visit, not the writer's verdict). Only 好 / 可以 at the
end of a phrase (味道好, 还可以的) and the writer's own 推荐 judge."""
_NOT_A_VERDICT = re.compile(r"以为|担心|还怕|生怕|听说|据说|本来想|原本想")
"""A clause of expectation or hearsay (以为会很挤, 听说要排队) tells what the writer feared or was
told, not what they found, so it casts no vote."""
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])不\1[\u4e00-\u9fff]?")
"""合不合口味, 贵不贵, 值不值得: the A-not-A form asks a question; the words in it judge nothing."""
_NEGATION_STOP = re.compile(r"[也都就又才]")
"""A negation does not reach past the start of a new predicate: 没有券也很实惠 praises the price."""
_WISH = re.compile(r"希望|建议|能不能|能否|应该|最好|要是|如果")
_MORE_OF = re.compile(r"(?:一点|一些|点|些)(?:的|吧|啊|就好了|就更好了)?")
"""希望服务热情一点 asks for what was missing: praise words in a wish for more are a complaint."""
_LEVEL_WORDS = frozenset({"高", "偏高", "低", "偏低", "high", "low"})
SCALE_REACH = 6
"""Characters between a scale noun and its 高 / 低 (性价比还蛮高) that still read as one phrase."""


def _adjusted(
    text: str, lo: int, hi: int, own: list[Hit], sentiment: list[Hit], taken: list[Hit]
) -> list[Hit]:
    """The window's hits with the structure the plain lexicon misses, sorted by position.

    A negation inside a sentiment compound that an opinion word replaced is kept (不好 + 好吃 is
    不好吃); words that only look like negations or judgements are dropped (不知, 买好); 没…那么
    negates the word after it; 高 / 低 after 性价比 read the other way round from after 价格; a
    negation stops at a new predicate (也, 都); praise asked for (希望热情一点) is a complaint.
    """
    out: list[Hit] = []
    for h in sentiment:
        if h.values[0] == "neg" and PSEUDO_NEGATION.match(text, h.start):
            continue
        grammar = _NOT_OPINION.get(h.text)
        if grammar is not None and grammar.match(text, h.start):
            continue
        clash = [o for o in taken if h.start < o.end and o.start < h.end]
        if not clash:
            out.append(h)
            continue
        first = min(o.start for o in clash)
        if h.text.isascii():
            negator = _negation_kept(text, h, first, own)
            if negator is not None:
                out.append(negator)
            continue
        m = _NEGATION_HEAD.match(text, h.start, first)
        if h.start < first and m and m.end() == first:
            out.append(Hit(h.start, first, text[h.start : first], ("neg", "-1")))
    for m in _FALLS_SHORT.finditer(text, lo, hi):
        if PSEUDO_NEGATION.match(text, m.start()):
            continue
        out = [h for h in out if not (h.values[0] == "neg" and m.start() <= h.start < m.end())]
        out.append(Hit(m.start(), m.end(), m.group(), ("neg", "-1")))
    for o in own:
        grammar = _NOT_OPINION.get(o.text)
        if grammar is not None and grammar.match(text, o.start):
            continue
        if o.text.lower() in _LEVEL_WORDS:
            reach = max(lo, o.start - SCALE_REACH - 4)
            nouns = list(_BETTER_WHEN_HIGH.finditer(text, reach, o.start))
            if nouns and o.start - nouns[-1].end() <= SCALE_REACH:
                o = _reweighted(o, -1.0)
        out.append(o)
    for m in _A_NOT_A.finditer(text, lo, hi):
        a, b = m.start(), m.start() + 3  # an idiom that holds the form (爱理不理) still judges
        out = [h for h in out if h.end <= a or h.start >= m.end() or (h.start <= a and h.end >= b)]
    out.sort(key=lambda h: h.start)
    wish = _WISH.search(text, lo, hi)
    for i, h in enumerate(out):
        if h.values[0] == "neg":
            after = next((x for x in out[i + 1 :] if x.values[0] == "sen"), None)
            if after is not None and _NEGATION_STOP.search(text, h.end, after.start):
                out[i] = Hit(h.start, h.end, h.text, ("deg", "1.0"))
        elif (
            wish is not None
            and h.values[0] == "sen"
            and h.start >= wish.end()
            and float(h.values[1]) > 0
            and _MORE_OF.match(text, h.end)
        ):
            out[i] = _reweighted(h, -0.5)
    return out


_EN_NEGATOR = re.compile(
    r"\b(?:not|no|never|hardly|cannot|nothing|nobody|\w+n['\u2019]t"
    r"|(?:is|was|are|were|do|does|did|wo|ca|could|would|should|has|have|had)nt)\b",
    re.IGNORECASE,
)


def _negation_kept(text: str, compound: Hit, first: int, own: list[Hit]) -> Hit | None:
    """The English negation at the head of a sentiment compound that an opinion word replaced, or
    None: "wasn't clean" listed as a sentiment phrase must not leave ``clean`` praising the room.

    Kept only when the compound's sign is the opposite of the opinion word's (the negation is what
    turns it round); "no hot water" is a complaint and so is ``hot`` for a room, so there the
    negation negates the water, not the heat, and is dropped with the compound.
    """
    mine = [o for o in own if compound.start < o.end and o.start < compound.end]
    if compound.start >= first or not mine:
        return None
    if (float(compound.values[1]) > 0) == (float(mine[0].values[1]) > 0):
        return None
    m = _EN_NEGATOR.search(text, compound.start, first)
    return Hit(m.start(), m.end(), m.group(), ("neg", "-1")) if m else None


_FOR_THE_PRICE = re.compile(
    r"\bfor (?:the|that|this|such a) (?:price|money|cost)\b|\bfor what (?:you|we|i|they) pa(?:y|id)\b",
    re.IGNORECASE,
)
"""'(small, dirty, great) for the price': a judgement of what was got is a judgement of its value."""


def _reweighted(hit: Hit, factor: float) -> Hit:
    return Hit(hit.start, hit.end, hit.text, (hit.values[0], str(factor * float(hit.values[1]))))


# -- English: whose judgement a word is (2026-12-03) -------------------------------------------------
# A clause is read for every aspect it names, and a word in it was counted for all of them: "Waited
# four hours to see a doctor" judged the doctor's manner by the wait, "great with an angry traveller"
# the agent by the traveller's anger, "would appreciate a resolution" praised the stolen bag's safety.
# The rules below find the words that judge something else, or nothing, and leave them out; a clause
# whose only judging words were left out this way judges the aspect as neither good nor bad, instead
# of falling back on the sentiment model's score of the clause, which reads the clause's tone.


_DETERMINER = (
    r"(?:an?|the|one|some|several|many|two|three|all|these|those|this|that|my|our|his|her|their"
    r"|your|other|another|fellow|every|each|any)"
)
_HANDLED_PERSON = re.compile(
    r"\b(?:with|to|towards?|for|of|despite|fac(?:ed|ing) with|facing|among(?:st)?|around"
    r"|help(?:ed|ing|s)?|calm(?:ed|ing|s)?(?: down)?|handl(?:ed|ing|es?)"
    r"|comfort(?:ed|ing|s)?|reassur(?:ed|ing|es?)|serv(?:ed|ing|es?)|assist(?:ed|ing|s)?"
    r"|deal(?:t|s|ing)? with|look(?:ed|ing|s)? after|car(?:ed|ing|es?) for|treat(?:ed|ing|s)?"
    r"|spoke to|talk(?:ed|ing|s)? to|speak(?:ing|s)? to|calming)\s+"
    r"(?:" + _DETERMINER + r"\s+)?"
    r"(?P<zone>(?:(?!" + _DETERMINER + r"\s)[a-z'-]+\s+){1,2}?)"
    r"(?:travell?ers?|passengers?|customers?|guests?|patients?|tenants?|residents?|neighbou?rs?"
    r"|visitors?|clients?|callers?|applicants?|commuters?|riders?|fl[iy]ers?|child(?:ren)?|kids?"
    r"|bab(?:y|ies)|toddlers?|infants?|mothers?|fathers?|mums?|moms?|dads?|parents?|wife|wives"
    r"|husbands?|sons?|daughters?|famil(?:y|ies)|grand(?:mother|father|ma|pa|parent)s?|relatives?"
    r"|teen(?:ager)?s?|students?|pensioners?|youngsters?)\b"
    r"(?![-\s]+(?:service|services|care|support|experience|relations|rights|desk|satisfaction"
    r"|base|loyalty|feedback|charter|lounge|area|room|toilet|parking))",
    re.IGNORECASE,
)
"""How staff dealt with someone (great *with an angry traveller*, calmed *a crying child*, rude to
*an elderly passenger*, a good job in the face *of an angry traveller*): the words between the determiner and the person describe that person's state,
not the service ("customer service", "passenger lounge" name no person). The writer's own state (I'm a frustrated customer, another happy customer) has no such
verb or preposition before it and still judges."""
HANDLED_REACH = 60
"""Characters past a window's end searched for the person a cut-off adjective describes."""

_EN_WISH = re.compile(
    r"\b(?:(?:would|i'?d|we'?d)\s+(?:really\s+|greatly\s+|very\s+much\s+)?appreciate"
    r"|would\s+be\s+(?:great|nice|good|helpful|lovely|appreciated)"
    r"|(?:would|i'?d|we'?d)\s+(?:really\s+)?(?:love|like)|please|pls|plz|kindly"
    r"|(?:i|we)\s+(?:really\s+|do\s+)?(?:hope|wish)|hoping|hopefully|can\s+(?:you|u|someone)"
    r"|could\s+(?:you|u|someone)|need\s+you\s+to|(?:i|we)\s+(?:want|expect|request)|requesting"
    r"|should|ought\s+to)\b",
    re.IGNORECASE,
)
"""A request or wish (would appreciate, please, I hope, I'd like, should): what it asks for is not
there yet, so praise words after it ("would appreciate a quick resolution") praise nothing, and a
negation in it ("I hope it won't be late") denies nothing that happened."""
_WISH_REPORTS = re.compile(
    r"\b(?:thank(?:s|ed|ing)?|grateful|gratitude|compliments?|commend|praise|kudos|recogni[sz]e"
    r"|shout\s*out|keep\s+(?:it|up)|pass\s+on|say|mention|tell|share|express|note|know|let)\b",
    re.IGNORECASE,
)
"""Words after a wish that make it a report of the writer's verdict, not a request for what is
missing: "please thank the nurse, she was wonderful", "I'd like to say the staff were brilliant",
"please keep up the great work"."""
_ASK_MORE = re.compile(r"\b(?:more|better|less\s+\w+\s+and\s+more)\s+$", re.IGNORECASE)
"""An asked-for "more X" (I hope the staff will be more helpful, please be more polite) says X was
lacking: the praise word turns into a mild complaint, as 希望热情一点 does in Chinese."""
ASKED_MORE = -0.5
WISH_NEGATION_REACH = 16
"""Characters from a negation in a wish to the word it negates (the reach of an English negation)."""
_BETTER = frozenset({"better", "improve", "improved", "improvement"})


def _english(text: str, lo: int, hi: int) -> bool:
    return HAN_CHARACTER.search(text, lo, hi) is None


def _handled_zones(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans of :data:`_HANDLED_PERSON` adjectives that start inside the window."""
    stop = min(len(text), hi + HANDLED_REACH)
    return [
        (m.start("zone"), m.end("zone"))
        for m in _HANDLED_PERSON.finditer(text, lo, stop)
        if m.start("zone") < hi
    ]


def _wish_start(text: str, lo: int, hi: int) -> int | None:
    """Where the scope of a request or wish in the window starts, None without one (or when the
    wish reports a verdict, :data:`_WISH_REPORTS`)."""
    m = _EN_WISH.search(text, lo, hi)
    if m is None or _WISH_REPORTS.search(text, m.end(), hi):
        return None
    return m.start()


def _english_discounted(
    text: str, lo: int, hi: int, key: str, hits: list[Hit]
) -> tuple[list[Hit], bool]:
    """The window's hits (sorted, as :func:`_adjusted` gives them) without the English words that
    judge something other than ``key``, or nothing; and whether any judging word was left out.

    Left out: a length of waiting ("four hours", kind ``dur``) unless the aspect is timeliness, as
    waiting says nothing of the staff, the room or the price; a word describing a person the staff
    dealt with (:data:`_HANDLED_PERSON`); inside a wish (:data:`_EN_WISH`), praise words, which ask
    for what is missing, and negations with the word they negate ("I hope it won't be delayed" is no
    praise of the timing); "more helpful" or "better" asked for is a mild complaint
    (:data:`_ASK_MORE`).
    """
    zones = _handled_zones(text, lo, hi)
    wish = _wish_start(text, lo, hi)
    out: list[Hit] = []
    dropped = False
    negated_by_wish = -1
    for h in hits:
        kind = h.values[0]
        if kind == "dur" and key != "timeliness":
            dropped = True
            continue
        if kind == "sen" and any(a <= h.start and h.end <= b for a, b in zones):
            dropped = True
            continue
        if wish is not None and h.start >= wish:
            if kind == "neg":
                negated_by_wish = h.end
                dropped = True
                continue
            if kind == "sen":
                if negated_by_wish >= 0 and h.start - negated_by_wish <= WISH_NEGATION_REACH:
                    negated_by_wish = -1
                    dropped = True
                    continue
                if float(h.values[1]) > 0:
                    if h.text.lower() in _BETTER or _ASK_MORE.search(text, wish, h.start):
                        out.append(_reweighted(h, ASKED_MORE))
                    else:
                        dropped = True
                    continue
        out.append(h)
    return out, dropped


def window_judgement(
    text: str,
    lo: int,
    hi: int,
    key: str,
    sentiment_hits: Sequence[Hit],
    opinion_hits: Sequence[Hit],
    general: tuple[float, float],
    evidence: Sequence[Hit] = (),
) -> tuple[float, bool, bool]:
    """(net lexicon mass, holds an average word, holds the aspect's own opinion words) of one
    window, read as a judgement of ``key``.

    The aspect's own opinion words replace any sentiment word they overlap; negation and degree
    words still apply to them (不贵 is good for price, 太慢 worse than 慢). A sentiment word that is
    another aspect's opinion word judges that aspect, not this one (房间很干净 says nothing of the food).
    ``general`` is the window's (positive, negative) mass from sentiment words alone; it is the
    answer when the window holds neither opinion words nor negations (the common case, so it costs
    nothing), and recomputed otherwise, with the structure of :func:`_adjusted`. ``evidence`` are the
    aspect's own hits: another aspect's word said of one of them ("The room was dirty") judges
    this aspect too (:func:`_others_lean`).
    """
    own = []
    taken = []
    value = key == "price" and _FOR_THE_PRICE.search(text, lo, hi) is not None
    others = False  # another aspect's opinion word is in the window
    set_aside = False  # an attitude word said of no one's manner ("the patient in bed 4")
    for h in opinion_hits:
        if h.start < hi and h.end > lo:  # a word the window's width cut in two still counts
            if key == "attitude" and h.text.isascii() and not _of_a_person(text, h):
                # "the patient in the next bed" judges nothing; "cold water" the water, not the staff
                if h.text.lower() == "patient":
                    set_aside = True
                else:
                    others = True
                taken.append(h)
                continue
            w = _weight(h, key)
            if w is None and value and h.values[0] != NO_ASPECT:
                w = h.values[1]  # "tiny for the price": another aspect's opinion judges value
            if w is not None:
                own.append(Hit(h.start, h.end, h.text, ("sen", w)))
            elif h.values[0] != NO_ASPECT:
                others = True
            taken.append(h)
    if _NOT_A_VERDICT.search(text, lo, hi):
        return 0.0, False, False
    inside = [h for h in sentiment_hits if h.start >= lo and h.end <= hi]
    english = _english(text, lo, hi)
    plain = not taken and not any(h.values[0] == "neg" or h.text in _NOT_OPINION for h in inside)
    if plain and not (english and _english_needs_reading(text, lo, hi, key, inside)):
        # no opinion word, negation or grammar word: the sentiment words' own reading stands
        return general[0] - general[1], False, False
    adjusted = _adjusted(text, lo, hi, own, inside, taken)
    dropped = False
    if english:
        adjusted, dropped = _english_discounted(text, lo, hi, key, adjusted)
    pos, neg = masses_from_hits(text, adjusted, start=lo)
    spans = {(o.start, o.end) for o in own}
    kept = [h for h in adjusted if (h.start, h.end) in spans and h.values[0] == "sen"]
    if not kept:
        if english and (dropped or set_aside or (others and key == "attitude")) and pos == neg:
            # judged words of no one (a wish, a wait, a person the staff dealt with), or, for a
            # staff noun, of another aspect: not this one. Other aspects keep the clause's tone:
            # with every aspect read so, the airline tweets' reason read negative fell 0.8426 ->
            # 0.8117 ("still waiting on our bag" is the bag's complaint); with attitude only 0.8266.
            return 0.0, True, False
        if english and others and pos == neg:
            # only other aspects' words judge: the model's score of the clause must not read
            # against them ("The room was dirty" read the room's quality positive)
            lean = _others_lean(text, lo, hi, key, inside, opinion_hits, taken, evidence)
            return lean, False, False
        return pos - neg, False, False
    return pos - neg, any(float(h.values[1]) == 0.0 for h in kept), True


OTHERS_LEAN = 0.5
"""The vote's mass when only other aspects' opinion words judge a window (their sign, mildly)."""


def _others_lean(
    text: str,
    lo: int,
    hi: int,
    key: str,
    inside: list[Hit],
    opinion_hits: Sequence[Hit],
    taken: list[Hit],
    evidence: Sequence[Hit],
) -> float:
    """The sign of the other aspects' opinion words said of this aspect's own words in an English
    window (:func:`_said_of`), read with the window's negations, as a mild vote (``OTHERS_LEAN``),
    or 0.0 when there are none or they disagree.

    Why: a clause whose only judging word belongs to another aspect ("The room was dirty": dirty is
    the environment's) was left to the sentiment model's score of the clause, which, trained on
    tweets, read "The room was dirty" and "The room was dirty for the price" as positive, so the
    room's quality turned positive on a complaint. Only a word said of the aspect's own thing
    counts: with every other aspect's word of the clause counted, questions and requests ("can I
    cancel my reservation", "how long to hear back") read their process or communication negative.
    A word whose aspects disagree on its sign ("cheap": good for price, bad for quality), and a
    length of waiting or any timeliness word (they judge timeliness only), say nothing here."""
    theirs = []
    for h in opinion_hits:
        if not (h.start < hi and h.end > lo) or h.values[0] == NO_ASPECT:
            continue
        if "timeliness" in h.values[::2] or (key == "attitude" and not _of_a_person(text, h)):
            continue  # waiting judges timeliness only; "cold water" judges no one's manner
        if not any(_said_of(text, h, e) for e in evidence):
            continue
        weights = [float(w) for w in h.values[1::2]]
        if len({w > 0 for w in weights}) == 1 and all(weights):
            theirs.append(Hit(h.start, h.end, h.text, ("sen", h.values[1])))
    if not theirs:
        return 0.0
    adjusted, _ = _english_discounted(
        text, lo, hi, key, _adjusted(text, lo, hi, theirs, inside, taken)
    )
    pos, neg = masses_from_hits(text, adjusted, start=lo)
    return OTHERS_LEAN if pos > neg else -OTHERS_LEAN if neg > pos else 0.0


_PREDICATE = re.compile(
    r"\s+(?:(?:is|was|were|are|looks?|looked|seems?|seemed|smells?|smelled|smelt|feels?|felt|got"
    r"|became|remained|stayed|(?:has|have|had)\s+been)(?:n['\u2019]?t|\s+not|\s+never)?"
    r"|(?:is|was|were|are)n['\u2019]?t)\s+(?:(?:so|too|very|really|quite|extremely|absolutely"
    r"|completely|totally|pretty|rather|incredibly|always|still|just|a\s+bit|a\s+little"
    r"|kind\s+of|sort\s+of)\s+){0,3}$",
    re.IGNORECASE,
)
"""Between a thing and a word said of it: a copula and a few degree words ("room was dirty", "the
sheets looked really stained", "bathroom wasn't clean")."""


def _said_of(text: str, word: Hit, thing: Hit) -> bool:
    """Whether opinion ``word`` is said of aspect word ``thing``: predicated ("The room was dirty")
    or right before it ("a dirty room", "filthy bathroom")."""
    if thing.end <= word.start:
        return word.start - thing.end <= 40 and bool(
            _PREDICATE.fullmatch(text, thing.end, word.start)
        )
    return word.end <= thing.start and text[word.end : thing.start].isspace()


_PATIENT_NOUN_BEFORE = re.compile(
    r"\b(?:the|a|an|another|other|fellow|each|every|one|this|that|any|no|my|your|our|his|her"
    r"|their|its|as\s+an?)\s+$",
    re.IGNORECASE,
)
_PERSON_AFTER = re.compile(
    r"\s*(?:,|and\b|&|(?:and\s+)?(?:[a-z]+\s+){0,2}?(?:staff|nurses?|doctors?|team|people|person"
    r"|man|men|woman|women|lady|ladies|guy|agents?|receptionists?|employees?|crew|attendants?"
    r"|officers?|drivers?|pilots?|clerks?|tellers?|reps?|representatives?|advisors?|advisers?"
    r"|consultants?|surgeons?|physicians?|midwives|midwife|carers?|porters?|volunteers?|dentists?"
    r"|therapists?|teachers?|gentleman|gentlemen|individual|soul|listener|manager|supervisor"
    r"|host|hostess|waiter|waitress|server|bartender|chef|guide)\b)",
    re.IGNORECASE,
)
_PATIENT_NOUN_AFTER = re.compile(
    r"(?:['\u2019]s|s['\u2019])|\s+(?:care|records?|notes|portal|transport|experience|safety|liaison"
    r"|advice|advocate|rights|list|charter|lounge|services|information|feedback|journey|pathway"
    r"|room|area|toilet|parking|reception|waiting)\b",
    re.IGNORECASE,
)
_COLD_OF_PEOPLE = re.compile(
    r"\s*(?:$|[^\w\s]|(?:and|or|but|to|towards?|with|as|at|when|on|in|from|about|manner|attitude"
    r"|welcome|reception|greeting|response|reply|replies|responses|tone|voice|stare|look|looks"
    r"|shoulder|treatment|service|demeanou?r|hearted|blooded|professional|dismissive|unhelpful"
    r"|rude|unfriendly|uncaring|indifferent|person|people|staff|man|woman|lady|guy|agent"
    r"|receptionist|nurse|doctor|clerk|manager|crew|attendant|officer|driver)\b)",
    re.IGNORECASE,
)
"""What may follow "cold" when it describes a person's manner: the end, a mark, a word of grammar
or manner ("was cold and dismissive", "a cold welcome", "cold towards us"), a person noun; any other
word is the thing that was cold ("cold water", "cold shower", "cold weather")."""
_COLD_THING_BEFORE = re.compile(
    r"\b(?:it|room|rooms|water|shower|showers|bath|pool|food|meal|meals|coffee|tea|soup|pizza|fries"
    r"|breakfast|lunch|dinner|drink|drinks|plane|cabin|train|bus|carriage|ward|lobby|office|hall"
    r"|building|house|flat|apartment|weather|air|radiators?|heating|floor|bed|sheets|car|place)"
    r"(?:['\u2019]s|\s+(?:is|was|were|are|felt|feels|got|went|ran|stayed|remained|(?:has|had)\s+been))?"
    r"\s+(?:(?:so|too|very|really|quite|always|still|just|ice|freezing|stone|a\s+bit|a\s+little"
    r"|absolutely|completely|totally|extremely)\s+){0,3}$",
    re.IGNORECASE,
)
"""Before "cold", a thing it is said of ("the water was cold", "it was so cold", "the food was stone
cold", "brought the food cold")."""


def _of_a_person(text: str, hit: Hit) -> bool:
    """Whether an English attitude word that also names or describes other things is said of a
    person here: "patient" as an adjective ("the nurse was very patient", "patient staff"), not the
    noun ("the patient in the next bed", "as a patient I waited", "patient care"); "cold" of a manner
    ("the receptionist was cold", "a cold welcome"), not of a thing ("cold water", "a cold shower",
    "the food was cold").

    Why: both are ``attitude`` opinion rows, and a clause with a staff noun judged the staff by the
    patient who was there or by the water that was cold. Other words are of a person as listed."""
    word = hit.text.lower()
    if word == "patient":
        if _PATIENT_NOUN_AFTER.match(text, hit.end):
            return False
        before = text[max(0, hit.start - 12) : hit.start]
        return not _PATIENT_NOUN_BEFORE.search(before) or bool(_PERSON_AFTER.match(text, hit.end))
    if re.search(r"\bcold\b", word):
        before = text[max(0, hit.start - 40) : hit.start]
        return (
            word == "cold"
            and bool(_COLD_OF_PEOPLE.match(text, hit.end))
            and not _COLD_THING_BEFORE.search(before)
        )
    return True


def _english_needs_reading(text: str, lo: int, hi: int, key: str, inside: Sequence[Hit]) -> bool:
    """Whether an English window with sentiment words only needs :func:`_english_discounted`:
    it holds a length of waiting (for an aspect other than timeliness), a wish, or a person the
    staff dealt with. The common window holds none, and its general masses stand."""
    if not inside:
        return False
    if key != "timeliness" and any(h.values[0] == "dur" for h in inside):
        return True
    return _EN_WISH.search(text, lo, hi) is not None or bool(_handled_zones(text, lo, hi))


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

    The window's words decide, the aspect's own (``specific``) and general ones alike; the window's
    model score ``p_negative`` no longer overrules them. Why: on a clause of a few characters the
    model, trained on whole reviews and blind to negation, reads 没有排队, 没啥问题 and a lone 推荐
    as complaints, while the words have been read with their negation, degree and structure.
    Measured on the restaurant subset, letting the score overrule clearly contrary words cost
    0.6 points of polarity accuracy. The score still decides an aspect no window judges
    (:func:`polarity_from_votes`).
    """
    del p_negative, specific  # kept in the signature the analyzer calls
    if net:
        return 1 if net > 0 else -1
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


# -- the learned polarity re-scorer -----------------------------------------------------------------

POLARITY_MODEL_FILE = "aspect_polarity_zh.npz"
"""The re-scorer's file in a model directory; absent, the rules above decide alone."""
POLARITY_FEATURES = "aspect-polarity/1"
"""Version of :func:`polarity_extras`; a file written for another version is not used."""


@dataclass(frozen=True, slots=True)
class PolarityInput:
    """What the rules saw when they judged one aspect of one text: the re-scorer's input.

    Why keep it: the rules read the window well where a word decides (不好吃, 性价比很高) but cannot
    learn how strongly a given phrase judges (价格也很合理 is labelled neutral in review data, 好吃
    positive); a linear model over the rules' own reading plus the window's characters can, without
    recomputing anything the analyzer already has.
    """

    key: str
    windows: tuple[str, ...]
    """Text of each distinct evidence window."""
    judged: tuple[tuple[float, bool, bool], ...]
    """:func:`window_judgement` of each window: (net mass, average word, own opinion words)."""
    general: tuple[tuple[float, float], ...]
    """(positive, negative) sentiment-word mass of each window."""
    p_windows: tuple[float, ...]
    """The sentiment model's P(negative) of each window."""
    p_text: float
    """The sentiment model's P(negative) of the whole text."""
    rule: str
    """The rules' polarity (:func:`polarity_from_votes`)."""

    @property
    def words_decide(self) -> bool:
        """Whether some window's words judge the aspect (then the rules' reading stands)."""
        return any(window_vote(net, average, 0.5) is not None for net, average, _ in self.judged)


_RULE_LABELS = POLARITIES
_EXTRA_KEYS = ASPECTS
"""The taxonomy, one column per aspect in the re-scorer's dense block."""


def polarity_extras(inputs: Sequence[PolarityInput]) -> np.ndarray:
    """Dense columns of the re-scorer: the rules' verdict and evidence, the scores, the aspect.

    The evidence columns are written for any aspect, though the re-scorer sees only aspects no
    window's words judge (where most of them are 0), so that the one function serves both.

    One-hot of the rule polarity, of whether windows voted or the score decided and of the aspect
    key; counts of praising, complaining and average windows, whether praise and complaint are
    mixed and their balance (review labels combine sub-aspects, taste good and portion small is
    neutral); the windows' net and general lexicon masses (squashed, so one long list of words
    does not dominate); the windows' mean, highest and lowest and the whole text's P(negative).
    """
    rows = []
    blank = [0.0] * len(_EXTRA_KEYS)
    for x in inputs:  # plain Python per aspect: NumPy calls on 1-3 numbers cost more than they do
        votes = [window_vote(net, average, 0.5) for net, average, _ in x.judged]
        cast = [v for v in votes if v is not None]
        praise = cast.count(1)
        complaint = cast.count(-1)
        rule = [0.0, 0.0, 0.0]
        rule[_RULE_LABELS.index(x.rule)] = 1.0
        keys = blank.copy()
        if x.key in _EXTRA_KEYS:
            keys[_EXTRA_KEYS.index(x.key)] = 1.0
        p_windows = x.p_windows
        rows.append(
            [
                *rule,
                1.0 if cast else 0.0,
                min(3, praise) / 3,
                min(3, complaint) / 3,
                min(3, len(cast) - praise - complaint) / 3,
                math.tanh(sum(net for net, _, _ in x.judged)),
                1.0 if any(own for _, _, own in x.judged) else 0.0,
                math.tanh(sum(p for p, _ in x.general)),
                math.tanh(sum(n for _, n in x.general)),
                sum(p_windows) / len(p_windows) - 0.5,
                x.p_text - 0.5,
                min(3, len(x.windows)) / 3,
                1.0 if praise and complaint else 0.0,
                (praise - complaint) / len(cast) if cast else 0.0,
                math.log1p(len(x.windows)),
                math.log1p(len(cast)),
                max(p_windows) - 0.5,
                min(p_windows) - 0.5,
                *keys,
            ]
        )
    return np.asarray(rows, dtype=np.float32).reshape(len(inputs), N_POLARITY_EXTRAS)


_DENSE = 20
N_POLARITY_EXTRAS = _DENSE + len(_EXTRA_KEYS)


def polarity_counts(featurizer: Featurizer, inputs: Sequence[PolarityInput]) -> sp.csr_matrix:
    """Hashed character n-grams of each aspect's windows, summed over its windows.

    Summed per window rather than hashed from the joined text, so no n-gram spans two clauses.
    """
    flat = [w for x in inputs for w in x.windows]
    owner = np.repeat(np.arange(len(inputs)), [len(x.windows) for x in inputs])
    counts = featurizer.counts(flat) if flat else sp.csr_matrix((0, featurizer.n_features))
    pick = sp.csr_matrix(
        (np.ones(len(flat), dtype=np.float32), (owner, np.arange(len(flat)))),
        shape=(len(inputs), len(flat)),
    )
    return sp.csr_matrix(pick @ counts, dtype=np.float32)


class PolarityModel:
    """The learned re-scorer: a 3-class linear model over an aspect's window n-grams + extras.

    It decides only the aspects that no window's words judge, where the rules fall back on the
    sentiment model's score of a few characters (``菜的份量``, ``排队``), which cannot tell a
    mention from a verdict; where words judge, the rules' reading stands. Why: on the restaurant
    data (cross-validated by review) the rules are right on 0.54 of the aspects they leave to the
    score and the re-scorer on 0.64, while on word-judged aspects it was no better than the rules
    (0.770 vs 0.771) and would teach general feedback one data set's labelling conventions
    (价格不贵 labelled neutral). Trained by :mod:`cxloop.text.training.aspect_polarity`; stored as
    a :class:`~cxloop.text.linear.LinearTextModel` file (arrays and JSON, never pickle).
    """

    def __init__(self, model: LinearTextModel) -> None:
        self.model = model

    @classmethod
    def load(cls, path: str | Path) -> PolarityModel:
        model = LinearTextModel.load(path)
        if model.meta_.get("features") != POLARITY_FEATURES:
            raise ValueError(f"{path}: not an aspect polarity model ({POLARITY_FEATURES})")
        return cls(model)

    def predict(self, inputs: Sequence[PolarityInput]) -> list[str]:
        """The polarity of each aspect, in order: the model's where no words judge, else the rules'."""
        out = [x.rule for x in inputs]
        todo = [i for i, x in enumerate(inputs) if not x.words_decide]
        if todo:
            mine = [inputs[i] for i in todo]
            z = self.model.decision_from_counts(
                polarity_counts(self.model.featurizer(), mine), polarity_extras(mine)
            )
            for i, c in zip(todo, self.model.classes_[np.argmax(z, axis=1)], strict=True):
                out[i] = str(c)
        return out


class PolarityRescorer(Protocol):
    """Anything that turns the rules' readings into polarities (the model, or a recorder)."""

    def predict(self, inputs: Sequence[PolarityInput]) -> list[str]: ...


def load_polarity_model(directory: Path) -> PolarityModel | None:
    """The re-scorer stored in ``directory``, or None (the rules decide) when it has none.

    Only the directory's own file counts, never the bundled one: the re-scorer learned from the
    scores of the sentiment model it shipped with, so an organisation directory without one keeps
    the rules.
    """
    path = directory / POLARITY_MODEL_FILE
    return PolarityModel.load(path) if path.is_file() else None
