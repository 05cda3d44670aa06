"""Lexicons as data: loading the plain files and matching them in one pass per text.

Why a trie-shaped regex: Python's ``re`` tries the alternatives of ``a|b|c`` one by one at every
position, so a flat alternation of 500 terms costs 500 attempts per character. Folding the terms into
a prefix tree (``服务(?:员|态度)?``) lets the engine follow one branch, which keeps a few hundred terms
at a few microseconds per short text and gives leftmost-longest matches (``不满意`` rather than
``不满``). Chinese terms match anywhere; terms made of ASCII letters match only as whole words, so
``app`` does not fire inside ``happy`` while ``用app办理`` still matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from cxloop.text.features import fold_apostrophes

LEXICON_DIR = Path(__file__).parent / "lexicons"
LANGS = ("zh", "en")
_ASCII = re.compile(r"^[\x00-\x7f]+$")


@dataclass(frozen=True, slots=True)
class Hit:
    """One lexicon match: where it is in the original text and what it means."""

    start: int
    end: int
    text: str
    values: tuple[str, ...]


def _start(m: re.Match[str]) -> int:
    return m.start()


def _trie_pattern(terms: Iterable[str]) -> str:
    """A regex for ``terms`` shaped as a prefix tree; longer continuations are tried first."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return build(trie)


class TermMatcher:
    """Finds lexicon terms in a text; each term maps to one or more values (aspect keys, weights...).

    Built once per lexicon set (:func:`load_lexicons`). Two regexes: one for terms with any
    non-ASCII character (matched anywhere) and one for ASCII terms (whole words only). Why two: in
    one alternation the ASCII branch starts with a look-behind, which stops ``re`` from skipping
    ahead to characters that can start a term; with thousands of English words (VADER) every Chinese
    character then paid for the English trie. Split, each regex skips fast, the ASCII one runs only
    on texts holding a character an ASCII term can start with, and matching is 3-5x faster. Hits of the two are merged
    leftmost first (the non-ASCII term wins a tie, as it did in the single alternation).
    """

    __slots__ = ("_ascii", "_ascii_plain", "_ascii_start", "_cjk", "_cjk_plain", "_lookup")

    def __init__(self, entries: dict[str, tuple[str, ...]]) -> None:
        self._lookup = {term.lower(): values for term, values in entries.items()}
        cjk = [t for t in self._lookup if not _ASCII.match(t)]
        ascii_terms = [t for t in self._lookup if _ASCII.match(t)]
        # Each regex twice: case-blind for the rare text whose lower case changes its length
        # (İ), and plain, run on the lower-cased text. Why: with IGNORECASE ``re`` cannot skip to
        # the characters that start a term once one term starts with a letter (i深圳), and every
        # position pays for the whole trie (2.5x slower on reviews).
        self._cjk = re.compile(_trie_pattern(cjk), re.IGNORECASE) if cjk else None
        self._cjk_plain = re.compile(_trie_pattern(cjk)) if cjk else None
        # the characters an ASCII term can start with: its regex runs only on texts holding one
        starts = sorted({t[0].lower() for t in ascii_terms} | {t[0].upper() for t in ascii_terms})
        self._ascii_start = (
            re.compile("[" + "".join(re.escape(c) for c in starts) + "]") if starts else None
        )
        ascii_pattern = r"(?<![A-Za-z0-9_])(?:" + _trie_pattern(ascii_terms) + r")(?![A-Za-z0-9_])"
        self._ascii = re.compile(ascii_pattern, re.IGNORECASE) if ascii_terms else None
        self._ascii_plain = re.compile(ascii_pattern) if ascii_terms else None

    def __len__(self) -> int:
        return len(self._lookup)

    def __contains__(self, term: object) -> bool:
        """Whether ``term`` is one of the lexicon's terms (case-insensitive)."""
        return isinstance(term, str) and term.lower() in self._lookup

    def finditer(self, text: str) -> Iterator[Hit]:
        """Leftmost-longest, non-overlapping hits with offsets into ``text`` itself."""
        return iter(self.find(text))

    def _matches(self, text: str) -> list[re.Match[str]]:
        """Matches in ``text``, or in its lower case (same offsets) when that keeps its length."""
        lowered = text.lower()
        plain = len(lowered) == len(text)
        subject = lowered if plain else text
        cjk_rx = self._cjk_plain if plain else self._cjk
        cjk = list(cjk_rx.finditer(subject)) if cjk_rx is not None and not text.isascii() else []
        if self._ascii is None or self._ascii_start is None or not self._ascii_start.search(text):
            return cjk
        ascii_rx = self._ascii_plain if plain else self._ascii
        assert ascii_rx is not None  # compiled together with self._ascii
        asc = list(ascii_rx.finditer(subject))
        if not cjk or not asc:
            return cjk or asc
        return sorted(cjk + asc, key=_start)  # stable: a non-ASCII term wins a tie

    def find(self, text: str) -> list[Hit]:
        """Hits in ``text``; a curly apostrophe matches a row's straight one (:func:`fold_apostrophes`)."""
        lookup = self._lookup
        hits: list[Hit] = []
        last_end = 0
        folded = fold_apostrophes(text)
        for m in self._matches(folded):
            if m.start() < last_end:
                continue
            values = lookup.get(m.group().lower())
            if values is not None:
                last_end = m.end()
                hits.append(Hit(m.start(), m.end(), text[m.start() : m.end()], values))
        return hits


def _read_lines(path: Path) -> Iterator[list[str]]:
    """Non-empty, non-comment lines split on tabs (a line may hold just a term)."""
    with path.open(encoding="utf-8-sig") as fh:
        for raw in fh:
            line = raw.rstrip("\n\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            yield [c.strip() for c in line.split("\t")]


def read_lexicon(name: str, dirs: Sequence[Path]) -> list[list[str]]:
    """All rows of ``<name>_zh`` and ``<name>_en`` (``.tsv`` or ``.txt``) in every directory, in order."""
    rows: list[list[str]] = []
    for d in dirs:
        for lang in LANGS:
            for ext in (".tsv", ".txt"):
                path = Path(d) / f"{name}_{lang}{ext}"
                if path.is_file():
                    rows.extend(_read_lines(path))
    return rows


def keyed_entries(rows: Iterable[list[str]]) -> dict[str, tuple[str, ...]]:
    """``key<TAB>term`` rows as term -> keys (a term may carry several keys)."""
    out: dict[str, list[str]] = {}
    for row in rows:
        if len(row) < 2 or not row[1]:
            continue
        key, term = row[0], row[1]
        keys = out.setdefault(term.lower(), [])
        if key not in keys:
            keys.append(key)
    return {t: tuple(k) for t, k in out.items()}


@dataclass(frozen=True)
class Lexicons:
    """Every lexicon the analyzer uses, compiled. Build with :func:`load_lexicons`."""

    sentiment: TermMatcher
    """Sentiment words, negations and degree words in one matcher (values: kind, number)."""
    aspects: TermMatcher
    emotions: TermMatcher
    types: TermMatcher
    aspect_keys: tuple[str, ...]
    sources: tuple[str, ...]


@lru_cache(maxsize=16)
def load_lexicons(extra_dirs: tuple[str, ...] = ()) -> Lexicons:
    """Bundled lexicons plus the lines of any organisation directories (cached per directory set)."""
    dirs = [LEXICON_DIR, *(Path(d) for d in extra_dirs)]
    for d in dirs[1:]:
        if not d.is_dir():
            raise FileNotFoundError(f"lexicon directory not found: {d}")
    senti: dict[str, tuple[str, ...]] = {}
    for row in read_lexicon("negation", dirs):
        senti[row[0].lower()] = ("neg", "-1")
    for row in read_lexicon("degree", dirs):
        if len(row) >= 2:
            senti[row[0].lower()] = ("deg", str(float(row[1])))
    for row in read_lexicon("sentiment", dirs):
        if len(row) >= 2:
            senti[row[0].lower()] = ("sen", str(float(row[1])))
    aspects = keyed_entries(read_lexicon("aspects", dirs))
    keys: list[str] = []
    for values in aspects.values():
        for k in values:
            if k != "-" and k not in keys:  # "-": shadow rows, no aspect (see aspects.collect)
                keys.append(k)
    return Lexicons(
        sentiment=TermMatcher(senti),
        aspects=TermMatcher(aspects),
        emotions=TermMatcher(keyed_entries(read_lexicon("emotions", dirs))),
        types=TermMatcher(keyed_entries(read_lexicon("types", dirs))),
        aspect_keys=tuple(keys),
        sources=tuple(str(d) for d in dirs),
    )


PSEUDO_NEGATION = re.compile(r"不(?:知|管|论|仅|但|只|光|断|停|少|得不)|(?<=不得)不|没想到|想不到")
"""Words that start with a negation character but negate nothing: 不知 (do not know), 不仅 (not only),
不断 (on and on), 没想到 (unexpectedly: 没想到这么好吃 is praise), 不得不说 (one has to say)."""


def is_negation(text: str, hit: Hit) -> bool:
    """Whether ``hit`` (of the sentiment matcher, in ``text``) is a negation that negates: a
    ``neg`` row that is not the start of a :data:`PSEUDO_NEGATION` (没想到, 不仅)."""
    return hit.values[0] == "neg" and not PSEUDO_NEGATION.match(text, hit.start)


_NUMBER = r"(?:[0-9]+|[一二两三四五六七八九十几半]+)"
DURATION = re.compile(
    _NUMBER
    + r"\s*(?:(?:个多|多个|个半|个)?\s*(?:小时|钟头)|(?:个多|多个|个半|个)\s*(?:月|星期|礼拜)"
    r"|多?(?:天|周))多?"
)
"""A length of time of hours or more (三个小时, 两个多月, 五天); 八月 (August) is not one."""
MINUTES = re.compile(_NUMBER + r"\s*多?\s*分钟")
QUICK_AFTER = re.compile(r"\s*(?:之?内|以内)?\s*就")
"""就 after a length of time: it took no longer than that (两天就办好了)."""
_DONE_AFTER = re.compile(
    r"\s*(?:之?内|以内)?\s*就\s*(?:给我|帮我)?\s*(?:办|好|弄|完|解决|处理|修|搞定|回复|到|批|通过)"
)
_WAITED_BEFORE = re.compile(
    r"(?:等|排|拖|耽误|耽搁|晚点|延误|花了|用了|过了|超过|已经)[^，。！？；,.!?;\n]{0,4}$"
)
_STILL_AFTER = re.compile(r"\s*了?\s*(?:才|还没|还是没|都没|也没|仍然没|仍未|还不)")


_EN_NUMBER = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|few|many)"
EN_DURATION = re.compile(
    r"\b" + _EN_NUMBER + r"(?:\s+more)?\s+(?:hours?|hrs?|days?|weeks?|months?)\b", re.IGNORECASE
)
EN_LONG_MINUTES = re.compile(
    r"\b(?:[2-9]\d|1\d\d|twenty|thirty|forty|fifty|sixty|ninety)(?:[\s-]\w+)?"
    r"(?:\s+more)?\s+(?:minutes?|mins?)\b",
    re.IGNORECASE,
)
"""Twenty minutes or more, which, waited or taken, is a long wait too ("I waited 45 minutes at the
counter", "it took forty minutes to get through"); a few minutes are not a complaint by themselves
("waited 5 minutes"), so shorter counts stay out (2026-12-04)."""
_EN_WAITED_BEFORE = re.compile(
    r"\b(?:wait(?:ed|ing)?|on hold|held|delay(?:ed)?|late|stuck|queu(?:e|ed|ing)|took|taking)\b"
    r"[^.!?;]{0,16}$",
    re.IGNORECASE,
)
_EN_STILL_AFTER = re.compile(r"\s+(?:later|and still|still|now and)\b", re.IGNORECASE)
_EN_QUICK = re.compile(
    r"\b(?:within|in|under|only|just)\s+(?:\d+|an?|one|two|five|ten|few)\s+(?:minutes?|mins?)\b",
    re.IGNORECASE,
)
_EN_DONE_BEFORE = re.compile(
    r"\b(?:fixed|solved|resolved|sorted|answered|replied|done|served|arrived|processed|refunded|"
    r"approved|rebooked|handled|dealt with)\b[^.!?;]{0,16}$",
    re.IGNORECASE,
)

_ZH_NUMBER_CHAR = re.compile(r"[0-9一二两三四五六七八九十几半]")
_EN_NUMBER_WORD = re.compile(r"\d|\b" + _EN_NUMBER + r"\b", re.IGNORECASE)
_HAS_ASCII_LETTER = re.compile(r"[A-Za-z]")


def waiting_hits(text: str) -> list[Hit]:
    """Lengths of time that judge a service, as sentiment hits of kind ``dur``.

    Why: "how long" is most of what people say about timeliness, and no word list holds numbers. A
    long wait (等了三个小时, 拖了两个多月, 两周了还没有回复) weighs -1, a quick result (十分钟就办好了,
    不到90分钟就办完了) +1; any other length (住了三天) says nothing. Negation and degree words do not
    apply to them (不到十分钟就办好了 is quick, not slow).
    """
    out: list[Hit] = []
    chinese = not text.isascii()
    for m in DURATION.finditer(text) if chinese else ():
        if _DONE_AFTER.match(text, m.end()):
            out.append(Hit(m.start(), m.end(), m.group(), ("dur", "1.0")))
        elif _WAITED_BEFORE.search(text[max(0, m.start() - 8) : m.start()]) or _STILL_AFTER.match(
            text, m.end()
        ):
            out.append(Hit(m.start(), m.end(), m.group(), ("dur", "-1.0")))
    for m in MINUTES.finditer(text) if chinese else ():
        if _DONE_AFTER.match(text, m.end()):
            out.append(Hit(m.start(), m.end(), m.group(), ("dur", "1.0")))
    if _HAS_ASCII_LETTER.search(text):  # English lengths of time need words (hours, days)
        for rx in (EN_DURATION, EN_LONG_MINUTES):
            for m in rx.finditer(text):
                before = text[max(0, m.start() - 24) : m.start()]
                if _EN_WAITED_BEFORE.search(before) or _EN_STILL_AFTER.match(text, m.end()):
                    out.append(Hit(m.start(), m.end(), m.group(), ("dur", "-1.0")))
        for m in _EN_QUICK.finditer(text):
            if _EN_DONE_BEFORE.search(text[max(0, m.start() - 24) : m.start()]):
                out.append(Hit(m.start(), m.end(), m.group(), ("dur", "1.0")))
    return sorted(out, key=lambda h: h.start)


def with_extra_hits(
    hits: Sequence[Hit], extra: Sequence[Hit], *, gives_way: Callable[[Hit], bool] | None = None
) -> list[Hit]:
    """``hits`` plus the ``extra`` hits that overlap none of them, in order of position.

    A hit for which ``gives_way`` is true does not block an extra hit; it is dropped where one
    overlaps it (a zero-weight shadow such as 十分钟 gives way to the length of time it spells).
    """

    def overlaps(a: Hit, b: Hit) -> bool:
        return a.start < b.end and b.start < a.end

    def blocks(h: Hit) -> bool:
        return gives_way is None or not gives_way(h)

    added = [d for d in extra if not any(overlaps(d, h) and blocks(h) for h in hits)]
    if not added:
        return list(hits)
    kept = [h for h in hits if blocks(h) or not any(overlaps(h, d) for d in added)]
    return sorted([*kept, *added], key=lambda h: h.start)


def _is_shadow(h: Hit) -> bool:
    return h.values[0] == "sen" and float(h.values[1]) == 0.0


GOOD_AS_DEGREE = "1.3"
"""The degree of 好 used as "very" (好疼, 好贵, 好干净): the weight of 很."""


def good_as_degree(hits: list[Hit]) -> list[Hit]:
    """``hits`` with 好 read as a degree word where a sentiment word follows it directly.

    Why: 好 is praise on its own (服务好) but "very" before an adjective, so 打针好疼 held one good
    and one bad word and read as mixed, 好贵 and 好脏 as half praise. Only a lexicon word right after
    it makes 好 a degree; 好用 and 好看 (no such word after) keep their praise.
    """
    out = hits
    for i in range(len(hits) - 1):
        h, nxt = hits[i], hits[i + 1]
        if (
            h.text == "好"
            and h.values[0] == "sen"
            and nxt.start == h.end
            and nxt.values[0] == "sen"
            and float(nxt.values[1]) != 0.0
        ):
            if out is hits:
                out = list(hits)
            out[i] = Hit(h.start, h.end, h.text, ("deg", GOOD_AS_DEGREE))
    return out


def sentiment_hits(text: str, matcher: TermMatcher) -> list[Hit]:
    """The sentiment matcher's hits plus :func:`waiting_hits` that overlap none of its words (a
    zero-weight shadow gives way), in order of position, 好 before a sentiment word read as a
    degree (:func:`good_as_degree`)."""
    hits = good_as_degree(matcher.find(text)) if "好" in text else matcher.find(text)
    english = _HAS_ASCII_LETTER.search(text) is not None
    if not _ZH_NUMBER_CHAR.search(text) and not (english and _EN_NUMBER_WORD.search(text)):
        return hits
    return with_extra_hits(hits, waiting_hits(text), gives_way=_is_shadow)


_CLAUSE_BREAK = re.compile(
    r"[，。！？；,.!?;\n~～…]|(?:但是|但|不过|可是|然而|\bbut\b|\bhowever\b)"
)


def lexicon_sentiment(text: str, matcher: TermMatcher, *, window: int = 4) -> tuple[float, float]:
    """Negation- and degree-aware lexicon score: (positive mass, negative mass), both >= 0.

    A negation flips the next sentiment word if it sits within ``window`` characters (Chinese) or
    ~3 words (English) in the same clause; a negated bad word counts only half as good ("不差" is
    mild praise). Degree words multiply the next sentiment word.
    """
    return masses_from_hits(text, sentiment_hits(text, matcher), window=window)


def negated(
    text: str, hits: Sequence[Hit], targets: Sequence[Hit], *, window: int = 4
) -> list[bool]:
    """Whether each of ``targets`` is negated by a negation among ``hits`` (sentiment-matcher hits).

    The scope is the one :func:`masses_from_hits` gives a negation: the same clause, within
    ``window`` characters (four times that for an English word). Why a separate reading: emotion
    words are matched by their own lexicon, and 不开心 / "not happy" must not read as joy, nor
    我不生气 / "not angry" as anger.
    """
    negations = [h for h in hits if is_negation(text, h)]
    if not negations:  # the common case: nothing to read
        return [False] * len(targets)
    out = []
    for t in targets:
        before = [h for h in negations if h.end <= t.start]
        if not before:
            out.append(False)
            continue
        last = before[-1]
        limit = window if not _ASCII.match(t.text) else 4 * window
        out.append(
            t.start - last.end <= limit and not _CLAUSE_BREAK.search(text, last.end, t.start)
        )
    return out


def masses_from_hits(
    text: str, hits: Sequence[Hit], *, start: int = 0, window: int = 4
) -> tuple[float, float]:
    """:func:`lexicon_sentiment` from hits already found in ``text`` (those of a part of it, from
    offset ``start``): the analyzer matches a text once and scores its clauses from those hits."""
    pos = neg = 0.0
    neg_end = -100
    deg = 1.0
    deg_end = -100
    last_end = start
    for hit in hits:
        if last_end < hit.start and _CLAUSE_BREAK.search(text, last_end, hit.start):
            neg_end = -100
            deg = 1.0
        kind, num = hit.values[0], float(hit.values[1])
        if kind == "dur":  # a length of time: no negation or degree applies
            if num > 0:
                pos += num
            else:
                neg -= num
            last_end = hit.end
            continue
        if kind == "neg":
            if is_negation(text, hit):
                neg_end = hit.end
        elif kind == "deg":
            deg, deg_end = num, hit.end
        else:
            gap_limit = window if not _ASCII.match(hit.text) else 4 * window
            w = num * (deg if hit.start - deg_end <= gap_limit else 1.0)
            if hit.start - neg_end <= gap_limit:
                w = -w * (0.5 if w < 0 else 1.0)
                neg_end = -100
            deg = 1.0
            if w > 0:
                pos += w
            else:
                neg -= w
        last_end = hit.end
    return pos, neg


def sentiment_masses(texts: Sequence[str], matcher: TermMatcher) -> np.ndarray:
    """(positive mass, negative mass) of :func:`lexicon_sentiment` for each text, shape (n, 2)."""
    out = np.zeros((len(texts), 2), dtype=np.float32)
    for i, text in enumerate(texts):
        out[i] = lexicon_sentiment(text, matcher)
    return out
