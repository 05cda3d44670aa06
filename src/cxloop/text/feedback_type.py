"""Feedback type: praise, complaint, suggestion, inquiry or other, with one flag each.

No labelled data exists for this in Chinese, so the type is a rule over two signals the rest of the
engine already has: P(negative) from the sentiment model and cue words (``lexicons/types_*.tsv``,
extensible by an organisation), plus the shape of a question: a clause ending in ？/?, a Chinese
clause ending in 吗/么, or an English sentence opening with a question word or an auxiliary ("how
do I", "can I", "is my card") — customers often type questions without the mark.

In English a support request is more often no question at all: a need or an inability ("I need to
change my PIN", "I can't log in", "please send me a card", "cancel my transfer") or a problem
report ("my transfer hasn't arrived", "the exchange rate was wrong"). Those have shapes (regexes
here) and words (the ``problem`` rows of the lexicon: declined, pending, charged twice, refund).
Why ``problem`` is not ``complaint``: a short message naming a problem asks to have it fixed, and
the sentiment model, trained on tweets, reads any problem as negative; left to P(negative), most
bank queries came out complaint or other. A problem still sets the complaint flag, and a narrative
that reports one without asking anything is a complaint. The English shapes are not applied to text
with Chinese characters: Chinese is typed as before.

A text carries every flag that applies (a complaint that also suggests something has both; a short
problem report that is no grievance has complaint and inquiry). The primary label is what a handler
must do first:

1. a grievance or a clear complaint: recover. A grievance is a complaint cue (a word of grievance:
   unacceptable, fed up, 投诉) with P(negative) >= 0.3, or a text read as a complaint
   (P(negative) >= 0.5, or >= 0.3 with a problem) that is very negative (>= 0.9) or, in English,
   emphatic, repeated or blaming ("?!", "again", "the third time", "you lost my bag"): the customer
   needs an apology before an answer. A clear complaint is P(negative) >= 0.7 unless it is a query
   answered under 2, or a narrative that reports a problem without asking anything;
2. a short question, request or problem report (<= 100 characters: a query, not a narrative that
   contains a question) that is not a grievance (and carries no complaint cue at any P): answer it.
   "why was I charged twice?" and "my transfer hasn't arrived yet" are inquiries although both read
   as negative; "why was I charged twice?!" and "this is the third time you lost my money" are
   complaints. A question mark alone does not make an inquiry of a positive text (rhetorical) or
   of a suggestion (能否增加车位？), but a request on the customer's own things does ("could you
   please freeze my card?"), and "I want to thank the crew" is thanks, not a request;
3. praise when the text is positive (a positive review that ends with one 建议 stays praise, its
   suggestion flag set);
4. a suggestion, then an inquiry, then a mild complaint, then praise from cues alone, else other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cxloop.text.lexicon import Hit
from cxloop.text.result import FeedbackType

__all__ = ["CLEAR_COMPLAINT", "classify"]

CLEAR_COMPLAINT = 0.7
GRIEVANCE = 0.9
MAX_INQUIRY_LEN = 100

_QUESTION_MARK = re.compile(r"[?？](?:\s|$|[^?？])")
_ZH_PARTICLE = re.compile(r"[吗么][\s。.!！~～]*(?:$|[，,；;\n])")
_EN_OPENING = re.compile(
    r"(?:^|[.!?;:\n]\s*)(?:@\w+\s+)*(?:hi|hello|hey|please)?[,\s]*"
    r"(?:how|what|why|where|when|which|who|whom|whose|is|are|am|was|were|can|could|do|does|did|"
    r"will|would|should|shall|may|might|have|has|any)\b",
    re.IGNORECASE,
)


_NOT = r"(?:n'?t|\s+not)"
_EN_REQUEST = re.compile(
    r"\b(?:i|we)(?:(?:\s+(?:really|just|urgently|still|also|now))?\s+(?:need|needed|want|wanted"
    r"|wanna|would\s+like|require|can'?t|cannot|can\s+not|could" + _NOT + r"|tried\s+to"
    r"|(?:do|did)" + _NOT + r"\s+know\s+(?:how|what|where|why|when|which|whether|if))"
    r"|(?:'?m|'?re|'?ve\s+been|\s+(?:am|are|was|were|have\s+been))\s+"
    r"(?:(?:not\s+)?(?:un)?able\s+to|(?:trying|attempting|looking)\s+(?:to|for)))\b"
    r"|\bnot\s+sure\s+(?:how|what|where|why|when|which|whether|if)\b"
    r"|\b(?:please|pls|plz|kindly)\s+\w"
    r"|(?:^|[.!?;:\n])\s*(?:@\w+\s+)*(?:help\s*!|(?:cancel|close|remove|delete|check|reset|unblock"
    r"|unlock|block|freeze|activate|change|update|send|give|refund|reverse|fix|add|show|tell|help)"
    r"\s+(?:my|me|our|us)\b)",
    re.IGNORECASE,
)
"""A request without a question: what the customer needs, cannot do or is trying to do, a "please",
an imperative on the customer's own things ("cancel my transfer")."""
_EN_PROBLEM = re.compile(
    r"\b(?:my|our)\s+(?:[\w'-]+\s+){0,3}?(?:"
    r"(?:has|have|had|did|does|do|will|would|is|are|was|were|can|could)"
    + _NOT
    + r"|won'?t|cannot|never|still|keeps?|kept|seems?\s+to|appears?\s+to)\b"
    r"|\b(?:has|have|had|did|does|do|is|are|was|were)"
    + _NOT
    + r"\s+(?:yet\s+|still\s+|been\s+)?(?:received?|arrived?|come|came|shown|show(?:n|ing)?"
    r"|appeared?|gone|go|work(?:ed|ing)?|cleared?|updated?|changed?|processed|credited|reflected"
    r"|completed?|delivered|refunded|returned)\b",
    re.IGNORECASE,
)
"""Something that did not happen or does not work: "my transfer hasn't arrived", "the card isn't
working" (the fixed words of this kind are ``problem`` rows of the lexicon)."""
_EN_GRIEVANCE = re.compile(
    r"[?!]\s*[?!]"
    r"|\bagain\b|\bin\s+a\s+row\b|\bas\s+usual\b"
    r"|\b(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)|umpteenth|another)\s+(?:time|attempt|try)\b"
    r"|\bevery\s+(?:single\s+)?time\b"
    r"|\byou(?:'?ve|\s+have|\s+guys|\s+people)?\s+(?:just\s+|also\s+|all\s+|still\s+)?(?:"
    r"lost|charged|overcharged|cancel+ed|ruined|broke|kept|keep|never|didn'?t|did\s+not|won'?t"
    r"|refused?|failed|messed|screwed|stole|took|ignored?|lied|hung\s+up|made\s+me)\b",
    re.IGNORECASE,
)
"""What turns a negative problem report into a grievance: emphasis (?!, !!), repetition (again, the
third time), blame put on the organisation (you lost, you charged)."""
_EN_THANKS = re.compile(
    r"\b(?:want|wanted|would\s+like|'?d\s+like|wish)\s+to\s+(?:thank|say\s+thank|commend|compliment"
    r"|praise|congratulate|recogni[sz]e|give\s+(?:a\s+)?(?:shout|kudos|props))",
    re.IGNORECASE,
)
"""A request whose object is thanks ("I want to thank the crew"): praise, not a request."""
_OWN = re.compile(r"\b(?:my|me|mine|our|us)\b", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")


def is_question(text: str) -> bool:
    """A question by its shape: a question mark, 吗/么 ending a clause, or an English opening."""
    return bool(
        _QUESTION_MARK.search(text) or _ZH_PARTICLE.search(text) or _EN_OPENING.search(text)
    )


def classify(
    text: str, hits: Sequence[Hit], p_negative: float, sentiment_label: str
) -> FeedbackType:
    """The type of ``text`` from its type-lexicon ``hits`` and sentiment (rules in the docstring)."""
    cues = {key for hit in hits for key in hit.values}
    short = len(text) <= MAX_INQUIRY_LEN
    english = not _CJK.search(text)
    complaint_cue = "complaint" in cues
    is_suggestion = "suggestion" in cues
    thanks = (
        "praise" in cues and english and bool(_EN_THANKS.search(text)) and not is_question(text)
    )
    asks = not thanks and (
        "inquiry" in cues or is_question(text) or (english and bool(_EN_REQUEST.search(text)))
    )
    reports = sentiment_label != "positive" and (
        "problem" in cues or (english and bool(_EN_PROBLEM.search(text)))
    )
    is_complaint = p_negative >= 0.5 or ((complaint_cue or reports) and p_negative >= 0.3)
    is_praise = sentiment_label == "positive" or ("praise" in cues and p_negative < 0.5)
    grievance = complaint_cue or (
        is_complaint and (p_negative >= GRIEVANCE or (english and bool(_EN_GRIEVANCE.search(text))))
    )
    is_inquiry = asks or (short and reports and not grievance)
    if is_complaint and (
        grievance
        or (reports and not (short or asks))
        or (p_negative >= CLEAR_COMPLAINT and not is_inquiry)
    ):
        label = "complaint"
    elif (
        is_inquiry
        and short
        and not grievance
        and (
            "inquiry" in cues
            or (
                sentiment_label != "positive"
                and (
                    not is_suggestion
                    or (english and bool(_EN_REQUEST.search(text) and _OWN.search(text)))
                )
            )
        )
    ):
        label = "inquiry"
    elif is_complaint and p_negative >= CLEAR_COMPLAINT:
        label = "complaint"
    elif sentiment_label == "positive":
        label = "praise"
    elif is_suggestion:
        label = "suggestion"
    elif is_inquiry:
        label = "inquiry"
    elif is_complaint:
        label = "complaint"
    elif is_praise:
        label = "praise"
    else:
        label = "other"
    return FeedbackType(label, is_complaint, is_suggestion, is_inquiry, is_praise)
