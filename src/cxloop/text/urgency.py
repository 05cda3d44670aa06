"""Urgency and crisis risk of a feedback text: ``low | medium | high | critical`` with its reasons.

Why rules over cue files and not a model: the texts that matter here are rare (a threat to sue, a gas
leak, a person who no longer wants to live), no labelled data exists for them, and a handler must see
*why* a text was raised. So the cues are data (``lexicons/urgency_{zh,en}.tsv``, extensible by an
organisation) and every reason carries its key and the evidence span in the original text.

A cue counts unless one of these says it is ordinary use:

- a longer ``ignore`` phrase covers it (the matcher is leftmost-longest: 曝光过度 beats 曝光,
  跳楼价 beats 跳楼, "food court" beats "court");
- a negation directly governs it in the same clause, with only modal or filler words between
  (没有报警, 无需起诉, 不存在漏电, "no gas leak", "I don't want to sue"); a condition is not a
  negation, so 再不处理就报警 still counts;
- it is also a name ("Sue" capitalised mid-sentence, for cues flagged ``lower``);
- a number cue (12345, 12315, 110, also inside a row: 打12345) is part of a longer number or a
  room / house number (13812345678, 住12345房, 12345号楼): only the number on its own is the hotline;
- a hotline named bare (12345, 市长热线, 12315) is ``weak``: a 12345 centre's praise names it
  (感谢12345热线，问题第二天就解决了), while going or having gone there (打了12345, 投诉到12345,
  12345也打过, "called 12345") is a threat in any tone;
- it is ``weak`` (or vulnerable people) and its sentence is not negative (孩子很喜欢这个酒店,
  "will come again"); 又 in the coordination 又…又 / 既…又 (又干净又舒服) is never a repeat;
- a leak (漏水) is a hazard only where it reaches something electric (漏水到插座里, 电箱进水);
- a hazard or an injury in a hypothetical clause is a worry, not an event (万一着火, 担心会摔倒); in
  English a worry word makes it hypothetical only with a modal or an indefinite thing after it
  ("afraid it will catch fire", "worried about a fire"), since "worried about the gas smell" reports one;
- a count of times (``contact`` rows: "three times", "twice") is a repeat only with a verb of
  contacting (``context.contact``: complained, called, emailed) in its clause: "I've called 3 times",
  not "three times a week" or "charged twice".

Added 2026-12-03 (precision of the critical levels; each is a typed rule with its reason below):

- an ``accident`` row ("hurt myself", 伤害自己) is self-harm unless its sentence tells of an accident
  ("slipped in the shower and hurt myself", "hurt myself on the broken step") with no intent before it
  ("want to hurt myself"): then it is a harm (``harm.injury``), medium, as an accident is;
- a ``victim`` row ("I will kill", "going to punch", "I'll hurt") is a threat only with a person
  after it ("I'll punch the next agent", not "going to kill some time" or "I'll hurt my back"); with
  "myself" after it, it is self-harm;
- a threat of violence with a thing as its subject is hyperbole ("the heat will kill you", "the late
  fees will kill you"): only a person threatens;
- smoke or sparks are no fire where their sentence names an ordinary source (cigarettes, a casino, a
  barbecue, welding, fireworks, incense: 全是抽烟的, 烧烤冒烟, 电焊冒火花);
- a ``gas`` row (漏气, an air leak) is a gas leak only where its sentence names gas, a gas appliance or
  a room of a home (厨房漏气, 燃气灶漏气; not 轮胎漏气 or 充气床垫漏气);
- a self-harm or violence cue in a sentence that names a book, a film or history, with no first
  person before it in its clause, retells a story (主人公最后自杀了), it reports no one at risk;
- a ``warning`` row ("someone will get hurt", 迟早会出人命) predicts harm by its nature, so a condition
  in its clause is about the fix, not the hazard: "If this isn't fixed someone will get hurt" warns of a
  hazard that is there, like 安全隐患 and "safety hazard" (critical);
- an ordinal repeat ("third time", 第三次 are ``weak``) counts in a negative sentence or with a verb
  of contacting in its clause ("the third time I have complained"), not in "my third time here, loved it".

Added 2026-12-04:

- a ``body`` row ("file a complaint with", "report you to") is a threat only when what follows is no
  part of the organisation: "file a complaint with your customer service" or "with the manager" is
  the ordinary way to complain, "with the FCC", "with the ombudsman", "with 12345" threatens;
- an ``age`` row ("year old son", "year-old", "3yo") names a child only below 18 ("my 35-year-old son"
  is a grown man), and a row naming nobody ("my 3 year old") only with an owner before the number and
  no thing after it ("my 3 year old laptop"); for ``vulnerable.elderly`` rows ("year old man") the
  age is 65 or more, or not given.

The level is the highest rule that fires:

==========  ==============================================================================
critical    self-harm (``self_harm.*``), a threat of violence to staff or others (``violence.*``:
            砍人, 弄死你们, "I will kill") or a safety hazard (``safety.*``): a life may be at risk
high        a threat to go to the media, a hotline or regulator, the police or a court
            (``threat.*``), collective action (``collective.*``), or vulnerable people who were
            harmed (``harm.*``) or complain again: escalation is likely and costly
medium      a person harmed (受伤, food poisoning), vulnerable people in a negative text, or a
            repeated complaint (``repeat.*``)
low         nothing of the above
==========  ==============================================================================
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cxloop.text.lexicon import (
    LEXICON_DIR,
    Hit,
    TermMatcher,
    lexicon_sentiment,
    load_lexicons,
    read_lexicon,
)

__all__ = ["URGENCY_LEVELS", "Urgency", "UrgencyReason", "assess_urgency"]

URGENCY_LEVELS = ("low", "medium", "high", "critical")
CATEGORIES = (
    "self_harm",
    "violence",
    "safety",
    "threat",
    "collective",
    "harm",
    "vulnerable",
    "repeat",
)
_FLAGS = ("weak", "lower", "contact", "accident", "victim", "warning", "gas", "body", "age")
"""The third column of a cue row (module docstring); any other value, or none, is ``strong``."""
_LEAK_NEAR = 20  # characters between a leak and an electric part in the same sentence
_CONTACT_NEAR = 60  # characters between a count of times and its verb of contacting

_CLAUSE = re.compile(r"[，。！？；,.!?;\n]|但是|但|不过|可是|\bbut\b|\bhowever\b", re.IGNORECASE)
_HARD_BREAK = re.compile(r"[。！？；;!?\n]")
_INTO = re.compile(
    r"到|进|入|流|滴|渗|淹|\b(?:into|onto|on|over|near|in|through|from)\b", re.IGNORECASE
)
_HYPOTHETICAL = re.compile(
    r"万一|如果|假如|要是|假设|如若|担心|生怕|害怕会|怕会|以防|防止|预防|"
    r"\b(?:if|in case)\b",
    re.IGNORECASE,
)
_FIX = re.compile(
    r"(?<![装翻])修|处理|解决|整改|排查|管一下|来人|"
    r"\b(?:fix|fixes|fixed|fixing|repair|repairs|repaired|sort|sorts|sorted|deal|deals|dealt|"
    r"address|addresses|addressed|resolve|resolves|resolved|replace|replaces|replaced|"
    r"look(?:s|ed)? at|come(?:s)? (?:out|round|over)|sends? (?:someone|somebody|an engineer))\b",
    re.IGNORECASE,
)
"""A repair in a condition before a hazard: the condition is the fix, not the hazard ("if nobody
fixes the gas leak", "if you don't send someone about the sparking socket", 如果再不处理漏电)."""
_EN_NOT_FIXED = re.compile(
    r"\s+(?:is|are|gets?)\s*(?:not|n't|n’t)\s+(?:fixed|repaired|sorted|dealt|addressed|resolved)"
    r"|\s+(?:isn|aren)['’]?t\s+(?:fixed|repaired|sorted|dealt|addressed|resolved)",
    re.IGNORECASE,
)
"""After a hazard, its repair denied: "if the gas leak isn't fixed today" names a leak that is there."""
_EN_WORRY = re.compile(r"\b(?:worried|worry|worrying|afraid|scared|concerned)\b", re.IGNORECASE)
_EN_MAYBE = re.compile(
    r"\b(?:will|would|might|could|may|can|going to|gonna|(?:about|of) (?:a|an|getting|being))\b|'ll\b",
    re.IGNORECASE,
)
"""After a worry word, what makes the hazard a possibility ("afraid it might", "scared of a fire")."""
_SENTENCE = re.compile(r"[。！？!?\n]|\.(?:\s|$)")
_ZH_FILLER = (
    r"(?:会|要|想|用|必|需要|需|打算|准备|是|去|再|敢|能|可能|至于|曾|曾经|有|过|被|在|发生|出现|"
    r"存在|任何|什么|一点|的|到|真|真的|就|必要|人|打算去|想去|了)*"
)
_EN_FILLER = (
    r"(?:\s+(?:going|gonna|want|wanted|wish|need|needed|plan|planning|intend|intending|to|be|"
    r"have|has|had|any|a|an|the|signs?|of|call|called|calling|contact|contacted|evidence|been|"
    r"ever|really|think|threaten|threatening|i|we|will|would|is|was|there))*"
)
_DIGITS = re.compile(r"\d{3,}")
_NUMBER_CONTEXT = re.compile(r"\s*(?:号房|号楼|房间|房|室|栋|号(?!码)|单元)")
"""What follows a room or house number (12345房, 12345号楼); 12345热线 and 打12345 do not match."""
_ORDINAL_TIME = re.compile(
    r"(?:third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|umpteenth|nth|\d*[03-9]th|\d*3rd)"
    r"\s+time$",
    re.IGNORECASE,
)
"""An ordinal repeat row from the third on: "third time", "4th time" ("the second time I called" is
as often the call that worked)."""
_INTENT_BEFORE = re.compile(
    r"(?:\b(?:want|wanted|wants|wanna|going to|gonna|will|would|might|urges?|tempted|thinking (?:of|about)|"
    r"thoughts? (?:of|about)|feel like|can't stop|cant stop|started|threatened|tried|trying|try)\b|'ll"
    r"|想|要|会|打算|准备|忍不住|故意|又|经常|总是|总想)",
    re.IGNORECASE,
)
"""Before an ``accident`` row in its clause: an intent or a habit, so it is self-harm whatever else."""
_ON_PURPOSE = re.compile(
    r"\b(?:on purpose|deliberately|intentionally|self[- ]harm\w*|relapsed?)\b|故意|自残",
    re.IGNORECASE,
)
_ACCIDENT = re.compile(
    r"\b(?:fell|fall|falls|falling|fallen|slipped|slipping|slip|slips|tripped|tripping|stumbled|"
    r"stumbling|accident|accidents|accidentally|accidental|by mistake|bumped|banged|crashed|collided|"
    r"knocked|wet floor|playground|gym|workout|injured)\b"
    r"|不小心|意外|摔|滑倒|跌倒|绊倒|磕|撞|碰到|打滑",
    re.IGNORECASE,
)
"""An accident told in the sentence of an ``accident`` row (fell, slipped, 不小心, 摔)."""
_ACCIDENT_AFTER = re.compile(
    r"\s+(?:(?:badly|quite badly|really badly|a bit|pretty badly)\s+)?(?:"
    r"(?:on|against|off|at|under|over)\s+(?:the|a|an|some|my|this|that|these|those|their|your|his|"
    r"her|our|its|one of)\b"
    r"|(?:lifting|carrying|playing|running|jogging|walking|climbing|moving|falling|slipping|tripping|"
    r"getting (?:in|out|off|on|up|down)|working out|exercising|skiing|skating|cycling|hiking|opening|"
    r"closing|pushing|pulling|reaching|loading|unloading|cooking|cleaning|swimming)\b)",
    re.IGNORECASE,
)
"""What follows "hurt myself" when it was an accident: a thing ("on the broken step") or an activity
("lifting the suitcase"); "on purpose" names no thing, "with a knife" is left out on purpose."""
_PERSON_NOUN = (
    r"(?:manager|agent|staff|employee|driver|pilot|guy|man|men|woman|women|lady|ladies|girl|boy|clerk|"
    r"rep|representative|person|boss|receptionist|waiter|waitress|worker|attendant|crew|officer|"
    r"cashier|teller|landlord|neighbou?r|guard|security|idiot|bastard|dude|customer|passenger|"
    r"supervisor|ceo|owner|technician|engineer|doctor|nurse|chef|cook|host|hostess|bartender|server|"
    r"operator|contractor|caller|husband|wife|son|daughter|kid|child|family|folks|people|employees|"
    r"someone|somebody|one)s?"
)
_VICTIM_AFTER = re.compile(
    r"\s+(?:(?P<self>myself)\b|(?:you|ya|u|y'all|yall|him|her|them|us|someone|somebody|anyone|anybody|"
    r"everyone|everybody|people)\b|(?:the|your|that|this|those|these|every|each|any|some|a|an|his|her|"
    r"their|my|one of (?:your|the|those|these))\s+(?:[\w'-]+\s+){0,2}?" + _PERSON_NOUN + r"\b)",
    re.IGNORECASE,
)
"""The person after a ``victim`` row ("kill you", "punch the next agent", "hurt that rude woman")."""
_THING_SUBJECT = re.compile(
    r"(?:\b(?:it|this|that|which|what)|\b(?:the|these|those|this|that|your|their|our|my|his|her)\s+"
    r"(?:[\w-]+\s+){0,2}?(?P<noun>[\w-]+))"
    r"(?:'ll|'d|'s|\s+(?:will|would|could|can|might|may|is|are|was|were|going to|gonna|gon na|really|"
    r"literally|just|definitely|probably|eventually|actually|basically|slowly|not|never|ever|"
    r"surely|soon))*\s*$",
    re.IGNORECASE,
)
"""A subject right before a threat of violence, with only modals between ("the heat will ", "it'll ")."""
_PERSON_WORD = re.compile(_PERSON_NOUN + r"$|^(?:he|she|they|we|i)$", re.IGNORECASE)
_ORDINARY_SMOKE = re.compile(
    r"\b(?:cigarettes?|cigars?|smokers|tobacco|casinos?|vap(?:e|es|ing)|hookah|shisha|weed|marijuana|"
    r"(?:people|guests|someone|somebody|everyone) smoking|smoking (?:room|area|section|floor|lounge)|"
    r"chain[- ]smok\w*|bbq|barbecue|barbeque|grill|grilling|campfire|bonfire|fireworks?|sparklers?|"
    r"welding|welder|incense|candles?)\b"
    r"|抽烟|吸烟|烟民|二手烟|香烟|烟草|烟头|烟鬼|雪茄|烧烤|烤肉|烤串|油烟|烟熏|炊烟|蚊香|檀香|烧香|上香|"
    r"焊|烟花|烟火|鞭炮|爆竹|打火机",
    re.IGNORECASE,
)
"""Where smoke or sparks come from in ordinary life: tobacco, cooking, welding, fireworks, incense."""
_FICTION = re.compile(
    r"\b(?:in the (?:book|novel|movie|film|show|series|story|episode|play)|main character|protagonist|"
    r"the plot|the author|the novel|storyline)\b"
    r"|书里|书中|这本书|小说|电影(?!院|城)|剧中|剧里|剧情|主角|主人公|故事|情节|作者|角色|人物|文革|历史上|传记|自传",
    re.IGNORECASE,
)
"""A work of fiction or history named in the sentence of a self-harm or violence cue."""
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|me|my|we|us)\b|我", re.IGNORECASE)
_SMOKE_OR_SPARK = re.compile(r"smok|spark|烟|火花|火星", re.IGNORECASE)
_GAS_NEAR = re.compile(
    r"燃气|煤气|天然气|液化气|气罐|气瓶|钢瓶|灶|阀门|管道|热水器|壁挂炉|厨房|家里|屋里|楼道|楼里|味"
)
"""In the sentence of 漏气: what makes an air leak a gas leak (a gas, an appliance, a room, a smell)."""
_OWN_BODY = re.compile(
    r"\s+(?:(?:you|u|ya|y'all|yall|them|yourselves|your\s+own)\b(?!\s+(?:to|at)\b)"
    r"|(?:your|the|a|an|this|that|their|its|ur|one\s+of\s+(?:your|the|their))\s+(?:[\w'-]+\s+){0,2}?"
    r"(?:manager|managers|management|supervisor|supervisors|boss|staff|employees?|agents?|crew"
    r"|captain|pilot|cabin\s+crew|flight\s+attendants?|customer\s+(?:service|services|care|relations"
    r"|support|experience)|guest\s+(?:services|relations)|front\s+desk|reception|receptionist"
    r"|concierge|hotel|airline|company|store|shop|restaurant|branch|bank|office|head\s+office"
    r"|headquarters|hq|corporate|complaints?\s+(?:department|team|desk|line)|service\s+desk"
    r"|help\s*desk|support|support\s+team|call\s+cent(?:er|re)|landlord|property\s+manager"
    r"|letting\s+agent|estate\s+agent|owner|owners|gate\s+agent|station\s+manager|ward\s+manager"
    r"|practice\s+manager|hr)\b"
    r"|(?:customer\s+(?:service|services|care|relations|support)|guest\s+relations|corporate"
    r"|management|head\s+office|reception|the\s+front\s+desk)\b)",
    re.IGNORECASE,
)
"""What follows a ``body`` row ("file a complaint with", "report you to") when the complaint goes to
the organisation itself: "you", "your customer service", "the manager", "the front desk", "corporate".
Then it is the ordinary way to complain, no escalation: only an outside body (the FCC, the DOT, the
ombudsman, 12345, the health department, the city) threatens. "them" is the organisation ("I filed a
complaint with them"), "report you to" with a person after it stays ("report you to the police")."""
_CHILD_AGE = 18
"""Below this age a person is a child (``age`` rows: "year old son", "3yo")."""
_ELDERLY_AGE = 65
"""From this age a person is elderly (``age`` rows of ``vulnerable.elderly``: "year old man")."""
_AGE_NUMBER = re.compile(
    r"(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?[\s-]*$",
    re.IGNORECASE,
)
_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_AGE_WORDS = {w: i for i, w in enumerate(_UNITS.split(" "))}
_AGE_WORDS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60})
_AGE_WORDS.update({"seventy": 70, "eighty": 80, "ninety": 90})
"""Number words of an age ("three-year-old", "thirty-five-year-old": the tens decide)."""
_AGE_OWNER = re.compile(r"\b(?:my|our|his|her|their|your)\s+$", re.IGNORECASE)
_AGE_NEXT = re.compile(
    r"\s*(?:$|[^\w\s]|(?:and|or|who|was|is|were|are|has|had|have|got|gets|kept|keeps|will|would"
    r"|could|can|couldn't|can't|wasn't|didn't|doesn't|did|does|fell|cried|started|needed|needs|in"
    r"|on|at|with|to|from|for|sitting|sat|waiting|waited|screaming|crying|twins?|girls?|boys?|sons?"
    r"|daughters?|children|kids?)\b)",
    re.IGNORECASE,
)
"""After a row that names nobody ("my 3 year old"): a verb, a word of grammar or the end, not a thing."""
_PERSON_AGE_ROW = re.compile(r"\b(?:son|daughter|child|boy|girl|kid|twin|grand\w+|niece|nephew)s?$")
_COORDINATION = re.compile(r"既[^，。！？；,.!?;\n]{0,8}又|又[^，。！？；,.!?;\n又]{1,8}(?=又)")


@dataclass(frozen=True, slots=True)
class UrgencyReason:
    """One cue that raised the level: ``text == original[start:end]``."""

    key: str
    """``<category>.<cue>``, e.g. ``threat.police``, ``safety.water_electric``."""
    start: int
    end: int
    text: str

    @property
    def category(self) -> str:
        return self.key.partition(".")[0]

    def to_dict(self) -> dict[str, object]:
        return {"key": self.key, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Urgency:
    """The level, the rule that decided it (see the module docstring) and the cues behind it."""

    level: str
    rule: str
    reasons: tuple[UrgencyReason, ...] = ()

    @property
    def keys(self) -> list[str]:
        return [r.key for r in self.reasons]

    def to_dict(self) -> dict[str, object]:
        return {
            "level": self.level,
            "rule": self.rule,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@dataclass(frozen=True)
class _Rules:
    matcher: TermMatcher
    zh_negated: re.Pattern[str]
    en_negated: re.Pattern[str]
    zh_any_negation: re.Pattern[str]
    en_any_negation: re.Pattern[str]
    sentiment: TermMatcher


def _negation_head(words: list[str], *, english: bool) -> str:
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return rf"(?:(?<![a-z'])(?:{alts})|n't)" if english else rf"(?:{alts})"


@lru_cache(maxsize=8)
def _rules(extra_dirs: tuple[str, ...] = ()) -> _Rules:
    """Cue matcher and negation patterns, compiled once per set of lexicon directories."""
    dirs = [LEXICON_DIR, *(Path(d) for d in extra_dirs)]
    entries: dict[str, tuple[str, ...]] = {}
    for row in read_lexicon("urgency", dirs):
        if len(row) < 2 or not row[1]:
            continue
        flag = row[2] if len(row) > 2 and row[2] in _FLAGS else "strong"
        entries[row[1].lower()] = (row[0], flag)
    negations = [r[0] for r in read_lexicon("negation", dirs) if r and r[0]]
    zh = [w for w in negations if not w.isascii()]
    en = [w for w in negations if w.isascii() and w != "n't"]
    zh_head, en_head = _negation_head(zh, english=False), _negation_head(en, english=True)
    return _Rules(
        matcher=TermMatcher(entries),
        zh_negated=re.compile(zh_head + "(?!想到)" + _ZH_FILLER + "$"),  # 没想到会着火 did burn
        en_negated=re.compile(en_head + _EN_FILLER + r"\s*$", re.IGNORECASE),
        zh_any_negation=re.compile(zh_head),
        en_any_negation=re.compile(en_head, re.IGNORECASE),
        sentiment=load_lexicons(tuple(extra_dirs)).sentiment,
    )


def _clause_start(text: str, pos: int, boundary: re.Pattern[str] = _CLAUSE) -> int:
    start = 0
    for m in boundary.finditer(text, max(0, pos - 40), pos):
        start = m.end()
    return start


def _is_a_name(text: str, start: int, word: str) -> bool:
    """ "Sue" in "thanks Sue at the gate", "Earls Court": capitalised, not where a sentence starts,
    and not all in capitals."""
    if not word[:1].isupper() or (len(word) > 1 and word.isupper()):
        return False  # lower case, or shouted ("I WILL SUE", "SEE YOU IN COURT"): not a name
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in ".!?:;\n\"'"


def _is_other_number(text: str, start: int, end: int) -> bool:
    """A hotline number inside a longer number or code, or used as a room / house number."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum()):
        return True
    return bool(_NUMBER_CONTEXT.match(text, end))


def _number_misread(text: str, hit: Hit) -> bool:
    """The hotline number (three digits or more) of a cue (12345, 打12345, 110) is part of another
    number or a room / house number (打12345678, 12345号楼)."""
    m = _DIGITS.search(hit.text)
    return m is not None and _is_other_number(text, hit.start + m.start(), hit.start + m.end())


def _sentence_span(text: str, pos: int) -> tuple[int, int]:
    start = _clause_start(text, pos, _SENTENCE)
    m = _SENTENCE.search(text, pos)
    return start, m.end() if m else len(text)


def _is_negated(rules: _Rules, text: str, start: int, *, english: bool) -> bool:
    prefix = text[_clause_start(text, start) : start]
    pattern = rules.en_negated if english else rules.zh_negated
    return bool(pattern.search(prefix))


def _coordinated(text: str) -> set[int]:
    """Offsets of 又 used as 'both … and' (又干净又舒服, 既便宜又方便), which is not a repeat."""
    out: set[int] = set()
    for m in _COORDINATION.finditer(text):
        s, e = m.span()
        out.update(i for i in range(s, e + 1) if i < len(text) and text[i] == "又")
    return out


def assess_urgency(
    text: str, *, lang: str | None = None, lexicon_dirs: Sequence[str | Path] = ()
) -> Urgency:
    """How urgent ``text`` is and why (the rules are in the module docstring).

    Cues of both languages are matched on every text, so mixed text works and ``lang`` is only a
    hint kept for symmetry with the rest of :mod:`cxloop.text`. ``lexicon_dirs`` adds an
    organisation's ``urgency_{zh,en}.tsv`` lines to the bundled ones.
    """
    if not text:
        return Urgency("low", "none")
    rules = _rules(tuple(str(d) for d in lexicon_dirs))
    hits = []
    for hit in rules.matcher.finditer(text):
        key, strength = hit.values
        if key == "ignore" or (strength == "lower" and _is_a_name(text, hit.start, hit.text)):
            continue
        if _number_misread(text, hit):
            continue
        if not key.startswith("context.") and _is_negated(
            rules, text, hit.start, english=hit.text.isascii()
        ):
            continue
        hits.append((hit, key, strength))
    if not hits:
        return Urgency("low", "none")

    harmed = any(k.startswith("harm.") for _, k, _ in hits)
    distress = [h.start for h, k, _ in hits if k == "context.negative"]
    sentences: dict[tuple[int, int], bool] = {}

    def is_negative(start: int) -> bool:
        """Is the sentence around ``start`` negative? A harm anywhere, or a distress word of the
        urgency lexicon (没人扶, ignored) in the sentence, make it so; else the sentiment lexicon."""
        span = _sentence_span(text, start)
        if span not in sentences:
            pos, neg = lexicon_sentiment(text[span[0] : span[1]], rules.sentiment)
            near = any(span[0] <= d < span[1] for d in distress)
            sentences[span] = harmed or near or (neg > 0 and neg >= pos)
        return sentences[span]

    coordinated = _coordinated(text) if "又" in text else set()
    electric = [h for h, k, _ in hits if k == "context.electric"]
    contacts = [h for h, k, _ in hits if k == "context.contact"]
    reasons: list[UrgencyReason] = []
    for hit, key, strength in hits:
        category = key.partition(".")[0]
        if category == "context" or hit.start in coordinated:
            continue
        if (
            (strength == "weak" or category == "vulnerable")
            and not is_negative(hit.start)
            and not (_ORDINAL_TIME.search(hit.text) and _contact_in_clause(text, hit, contacts))
        ):
            continue  # "my third time here, loved it"; but "the third time I've called"
        if strength == "victim":
            victim = _VICTIM_AFTER.match(text, hit.end)
            if victim is None:
                continue  # "going to kill some time", "I'll hurt my back": no person threatened
            if victim.group("self"):
                key, category = "self_harm.self_harm", "self_harm"  # "I'll hurt myself"
        if category == "violence" and _thing_subject(text, hit.start):
            continue  # "the heat will kill you": hyperbole, only a person threatens
        if strength == "accident" and _is_accident(text, hit):
            key, category = "harm.injury", "harm"  # "slipped in the shower and hurt myself"
        if strength == "gas" and not _GAS_NEAR.search(text, *_sentence_span(text, hit.start)):
            continue  # 轮胎漏气, 充气床垫漏气: air, not gas
        if (
            category in ("safety", "harm")
            and strength != "warning"
            and _is_hypothetical(text, hit.start, hit.end)
        ):
            continue  # 万一着火, 担心会摔倒: a worry, not an event
        if category in ("self_harm", "violence") and _is_fiction(text, hit.start):
            continue  # 电影里的主角最后自杀了, a book review: a story, not a person at risk
        if category == "safety" and _ordinary_smoke(text, hit):
            continue  # 大堂烟雾弥漫全是抽烟的, "filled with smoke from the smokers"
        if strength == "body" and _OWN_BODY.match(text, hit.end):
            continue  # "file a complaint with your customer service": the ordinary way to complain
        if strength == "age" and not _age_fits(text, hit, elderly=key == "vulnerable.elderly"):
            continue  # "my 35-year-old son", "a 10 year old plane", "a 30 year old man": not vulnerable
        if strength == "contact" and not _contact_in_clause(text, hit, contacts):
            continue  # "three times a week", "charged twice": a count, not a repeated complaint
        if key == "safety.water":
            part = _electric_near(text, hit.start, hit.end, electric)
            if part is None:
                continue
            s, e = min(hit.start, part[0]), max(hit.end, part[1])
            reasons.append(UrgencyReason("safety.water_electric", s, e, text[s:e]))
            continue
        if (
            category == "repeat"
            and strength == "weak"
            and hit.text.isascii()
            and _any_negation_before(rules, text, hit.start, english=True)
        ):
            continue  # "never staying here again"
        reasons.append(UrgencyReason(key, hit.start, hit.end, hit.text))
    level, rule = _decide({r.category for r in reasons})
    return Urgency(level, rule, tuple(reasons) if level != "low" else ())


def _electric_near(
    text: str, start: int, end: int, electric: Sequence[Hit]
) -> tuple[int, int] | None:
    """The electric part the water reaches: 插座漏水 / 电箱进水 (right before the leak) or
    漏水流进了插座 / "leaking onto the sockets" (after it, with a word of direction between)."""
    for h in electric:
        if h.end <= start:
            if start - h.end <= 4 and not _CLAUSE.search(text, h.end, start):
                return h.start, h.end
        elif h.start >= end:
            between = text[end : h.start]
            near = len(between) <= _LEAK_NEAR and not _HARD_BREAK.search(between)
            if near and _INTO.search(between):
                return h.start, h.end
    return None


def _is_hypothetical(text: str, start: int, end: int) -> bool:
    """Whether the clause before ``start`` makes the cue (ending at ``end``) a possibility rather
    than an event. A condition whose verb is a repair is about the fix, not the hazard: "if nobody
    fixes the gas leak" and "if the gas leak isn't fixed" report a leak (``_FIX``, ``_EN_NOT_FIXED``).

    Why English worry words need more than their presence: "I'm worried about the gas smell" reports
    a smell that is there, while "worried it might catch fire" and "afraid of a fire" do not; so a
    worry word counts only with a modal or an indefinite thing after it (``_EN_MAYBE``)."""
    clause = _clause_start(text, start)
    condition = _HYPOTHETICAL.search(text, clause, start)
    if condition:
        # "If nobody fixes the gas leak today", 如果再不处理漏电: the condition is the fix, and the
        # hazard it names is there
        return not (_FIX.search(text, condition.end(), start) or _EN_NOT_FIXED.match(text, end))
    # up to the cue's end: a cue may begin with the indefinite that makes it a worry ("a fire")
    return any(
        _EN_MAYBE.search(text, m.end(), end) for m in _EN_WORRY.finditer(text, clause, start)
    )


def _is_accident(text: str, hit: Hit) -> bool:
    """Whether an ``accident`` row ("hurt myself") tells of an accident rather than self-harm.

    Why: "I slipped in the shower and hurt myself" and "I hurt myself on the broken step" are
    injuries (harm, medium), and reading them as self-harm sends a crisis line to a wet floor. An
    intent or habit before the row in its clause ("want to", "going to", "can't stop", 想, 又) or "on
    purpose" / "deliberately" anywhere in its sentence keeps it self-harm whatever else is said, since
    a missed self-harm is worse than a false one; otherwise an accident word in the sentence (fell,
    slipped, 不小心, 摔) or a thing or activity right after it ("on the step", "lifting the bag") makes
    it an accident."""
    s, e = _sentence_span(text, hit.start)
    if _INTENT_BEFORE.search(text, _clause_start(text, hit.start), hit.start):
        return False
    if _ON_PURPOSE.search(text, s, e):
        return False
    return bool(_ACCIDENT.search(text, s, e) or _ACCIDENT_AFTER.match(text, hit.end))


def _thing_subject(text: str, start: int) -> bool:
    """Whether a threat of violence has a thing as its subject ("the late fees will kill you").

    Why: hyperbole gives things a verb of violence ("this heat will kill you", "it'll kill you to
    wait"), and only a person can threaten; a person as subject ("my husband will kill you") or none
    ("kill you") keeps the threat."""
    m = _THING_SUBJECT.search(text, _clause_start(text, start), start)
    if m is None:
        return False
    noun = m.group("noun")
    return noun is None or not _PERSON_WORD.match(noun)


def _is_fiction(text: str, start: int) -> bool:
    """Whether a self-harm or violence cue tells a story: a book, a film or history is named in its
    sentence and nobody in the first person comes before the cue in its clause (in Chinese, within
    the eight characters before it, where a subject stands).

    Why: book and film reviews retell a character's suicide (主人公最后自杀了, 程先生在文革的时候自杀),
    which is no one at risk; "this film made me want to die" or 看完这本书我想自杀 keeps the writer."""
    s, e = _sentence_span(text, start)
    if not _FICTION.search(text, s, e):
        return False
    clause = _clause_start(text, start)
    if not text[start : start + 1].isascii():
        clause = max(clause, start - 8)  # 我 as the subject, not 我想如果程先生…自杀了
    return not _FIRST_PERSON.search(text, clause, start)


def _ordinary_smoke(text: str, hit: Hit) -> bool:
    """Whether smoke or sparks come from an ordinary source named in the same sentence.

    Why: "the casino was filled with smoke", 大堂里烟雾弥漫全是抽烟的, 烧烤冒烟, 电焊冒火花 describe
    cigarettes, cooking, welding or fireworks; a fire or an electrical fault does not come with
    one of those words. Only smoke and spark cues are read this way (``_SMOKE_OR_SPARK``)."""
    if not _SMOKE_OR_SPARK.search(hit.text):
        return False
    return bool(_ORDINARY_SMOKE.search(text, *_sentence_span(text, hit.start)))


def _contact_in_clause(text: str, hit: Hit, contacts: Sequence[Hit]) -> bool:
    """Whether a verb of contacting (``context.contact``) is in the clause of a count of times.

    Why: "three times" or "twice" is a repeated complaint only when it counts calls, emails or
    complaints ("I've called 3 times", "3 times I've called"); a bare count is routine ("three
    times a week") or a charge ("charged twice"). The verb may come before or after the count."""
    start = max(_clause_start(text, hit.start), hit.start - _CONTACT_NEAR)
    m = _CLAUSE.search(text, hit.end)
    end = min(m.start() if m else len(text), hit.end + _CONTACT_NEAR)
    return any(start <= c.start and c.end <= end for c in contacts)


def _age_fits(text: str, hit: Hit, *, elderly: bool) -> bool:
    """Whether an ``age`` row names a child ("year old son", "year-old", "3yo") or, for
    ``vulnerable.elderly`` rows ("year old man"), an elderly person: 65 or older, or an age not given
    ("a XXXX year old man", as the bare "old man" row reads it).

    Why: "my 3-year-old son" is as vulnerable as 孩子, "my 35-year-old son" is a grown man, and a
    bare "10 year old" is as often a plane or a laptop. The age is the number right before the row or
    inside it ("3yo"), in digits or words ("three-year-old"), and must be below 18. A row that names
    nobody ("year old", "yo") also needs an owner before the number and no thing after it ("my 3
    year old was screaming", not "my 3 year old laptop"); one that names a person ("year old
    son") does not. Months ("month old") are other rows, always a child's."""
    lead = re.match(r"\d+", hit.text)
    before = text[max(0, hit.start - 40) : hit.start]
    if elderly:
        m = _AGE_NUMBER.search(before)
        return (
            m is None
            or _AGE_WORDS.get(m.group("n").lower(), 0) >= _ELDERLY_AGE
            or (m.group("n").isdigit() and int(m.group("n")) >= _ELDERLY_AGE)
        )
    if lead:
        number, owner_at = lead.group(), before
    else:
        m = _AGE_NUMBER.search(before)
        if m is None:
            return bool(_PERSON_AGE_ROW.search(hit.text.lower()))
        number, owner_at = m.group("n"), before[: m.start()]
    age = int(number) if number.isdigit() else _AGE_WORDS.get(number.lower(), _CHILD_AGE)
    if age >= _CHILD_AGE:
        return False
    if _PERSON_AGE_ROW.search(hit.text.lower()):
        return True
    return bool(_AGE_OWNER.search(owner_at) and _AGE_NEXT.match(text, hit.end))


def _any_negation_before(rules: _Rules, text: str, start: int, *, english: bool) -> bool:
    prefix = text[_clause_start(text, start) : start]
    pattern = rules.en_any_negation if english else rules.zh_any_negation
    return bool(pattern.search(prefix))


def _decide(categories: set[str]) -> tuple[str, str]:
    """The combination rules of the module docstring, highest first."""
    if "self_harm" in categories:
        return "critical", "self_harm"
    if "violence" in categories:
        return "critical", "violence_threat"
    if "safety" in categories:
        return "critical", "safety_hazard"
    if "threat" in categories:
        return "high", "escalation_threat"
    if "collective" in categories:
        return "high", "collective_action"
    if "vulnerable" in categories and ("harm" in categories or "repeat" in categories):
        return "high", "vulnerable_harmed" if "harm" in categories else "vulnerable_repeat"
    if "harm" in categories:
        return "medium", "person_harmed"
    if "vulnerable" in categories:
        return "medium", "vulnerable_negative"
    if "repeat" in categories:
        return "medium", "repeated_complaint"
    return "low", "none"
