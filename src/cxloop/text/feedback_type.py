"""Feedback type: praise, complaint, suggestion, inquiry or other, with one flag each.

No labelled data exists for this in Chinese, so the type is a rule over two signals the rest of the
engine already has: P(negative) from the sentiment model and cue words (``lexicons/types_*.tsv``,
extensible by an organisation), plus the shape of a question: a clause ending in ？/?, a Chinese
clause ending in 吗/么, or an English sentence opening with a question word or an auxiliary ("how
do I", "can I", "is my card") — customers often type questions without the mark — or an English
question after a comma or a clause ("my card came yesterday, how do I activate it"). Customers
also drop or curl apostrophes ("cant", "im", "doesnt", "I’m"): every English shape here reads all
three spellings.

In English a support request is more often no question at all: a need or an inability ("I need to
change my PIN", "I can't log in", "please send me a card", "cancel my transfer") or a problem
report ("my transfer hasn't arrived", "the exchange rate was wrong"). Those have shapes (regexes
here) and words (the ``problem`` rows of the lexicon: declined, pending, charged twice, refund).
Why ``problem`` is not ``complaint``: a short message naming a problem asks to have it fixed, and
the sentiment model, trained on tweets, reads any problem as negative; left to P(negative), most
bank queries came out complaint or other. A problem still sets the complaint flag, and a narrative
that reports one without asking anything is a complaint. The English shapes are not applied to text
with Chinese characters: Chinese is typed as before.

What separates a support request from a complaint in English is whose case it is and whether the
customer asks. A support request is about the customer's own case, now ("my card doesn't work", "I
can't log in", "how do I ..."). A complaint tells the organisation how it failed: a fault of what
was served with nobody's own case in it ("the metro was packed", "the food was cold"), a fault that
has lasted, told without asking ("the lift has been broken for a month"), indignation ("the doctor
didn't even look at me"), a threat ("if this isn't fixed by Friday I'm going to the newspapers"),
sarcasm ("Oh great, another delay", "thanks for nothing") or a why-question that presumes the service
unreasonable and is about nobody's own case ("why does it take three weeks to process a simple
permit?"). The last four are grievance words, like the lexicon's ``complaint`` rows. A request to
change the service, with none of the customer's own things in it, is a suggestion ("please add more
benches", "why not open on Sundays", "it would be nice if"), and when the text opens with it the
suggestion is the primary label over a complaint read from P(negative) alone (the rest is its
reason); a grievance word still makes it a complaint, and so does a text that opens with the
grievance ("the queue was far too long, you should open more counters").

A text carries every flag that applies (a complaint that also suggests something has both; a short
problem report that is no grievance has complaint and inquiry). The primary label is what a handler
must do first:

1. a grievance or a clear complaint: recover. A grievance is a complaint cue (a word of grievance:
   unacceptable, fed up, 投诉) with P(negative) >= 0.3, or a text read as a complaint
   (P(negative) >= 0.5, or >= 0.3 with a problem) that is very negative (>= 0.9) or, in English,
   emphatic, repeated or blaming ("?!", "again", "the third time", "you lost my bag"): the customer
   needs an apology before an answer. A clear complaint is P(negative) >= 0.7 unless it is a query
   answered under 2, or a narrative that reports a problem without asking anything;
2. a query that is not a grievance (and carries no complaint cue at any P): answer it. A query is
   a short question, request or problem report (<= 100 characters), or, in English, a text of up
   to 300 characters that is not positive and whose first or last sentence asks (greetings and
   thanks aside): a question with its context ("Hello, I ordered a new card last week because mine
   expired, and I was wondering how long it takes to arrive?"). A narrative that asks only on its
   way, or a letter longer than that, is no query. "why was I charged twice?" and "my transfer
   hasn't arrived yet" are inquiries although both read as negative; "why was I charged twice?!"
   and "this is the third time you lost my money" are complaints, and so is any text that reads as
   very negative (>= 0.9), long or short. A question mark alone does not make an inquiry of a
   positive text (rhetorical) or of a suggestion (能否增加车位？), but a request on the customer's
   own things does ("could you please freeze my card?"), and "I want to thank the crew" is thanks,
   not a request;
3. praise when the text is positive (a positive review that ends with one 建议 stays praise, its
   suggestion flag set);
4. a suggestion, then an inquiry, then a mild complaint, then praise from cues alone, else other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from cxloop.text.language import HAN_CHARACTER
from cxloop.text.lexicon import Hit
from cxloop.text.result import FeedbackType

__all__ = ["CLEAR_COMPLAINT", "classify", "with_aspect_flags"]

CLEAR_COMPLAINT = 0.7
GRIEVANCE = 0.9
MAX_INQUIRY_LEN = 100
MAX_QUERY_LEN = 300
"""Up to this length an English text that opens or ends by asking is still a query with context
(a tweet is at most 280 characters, a support message of two or three sentences about as long);
longer, it is a letter, and a letter that asks is a narrative (most CFPB narratives are longer)."""

_QUESTION_MARK = re.compile(r"[?？](?:\s|$|[^?？])")
_ZH_PARTICLE = re.compile(r"[吗么][\s。.!！~～]*(?:$|[，,；;\n])")
_NEG_AUX = (
    r"(?:(?:do|does|did|is|are|was|were|have|has|had|would|should|could)n['\u2019]?t|can['\u2019]?t"
    r"|cannot|won['\u2019]?t|(?:do|does|did|can|could|will|would|should|is|are|was|were)\s+(?:not|never))"
)
_NOT_A_QUESTION = (
    r"when\s+(?:i|we|he|she|they|my|our|the|your|his|her)\s+"
    r"(?!(?:will|can|could|should|would|do|does|did|is|are|am|was|were|have|has)\b)\w"
    r"|what\s+an?\b"
    r"|how\s+(?:rude|bad|terrible|awful|horrible|poor|sad|disappointing|annoying|ridiculous|stupid"
    r"|good|nice|great|kind|lovely|helpful|amazing|wonderful)\b"
    rf"|{_NEG_AUX}\s+(?!(?:i|you|we|they|he|she|it|there|my|your|this|that|anyone|someone)\b)\w"
    r"|(?:have|has)\s+(?:been|a|an|had|got|no|never)\b"
)
"""Openings that look like a question and are not: a time clause ("When I landed, my bag was
missing"), an exclamation ("What a terrible experience", "How rude the staff were"), a negated
imperative or a statement with its subject left out ("Do not fly with them", "Can not believe how
bad this was", "Have been waiting 2 hours")."""
_HANDLE_SUBJECT = (
    r"(?:is|are|am|was|were|can|could|do|does|did|will|would|should|shall|may|might|have|has)"
    r"(?:n['\u2019]?t)?\s+(?!(?:i|you|u|we|they|he|she|it|there|someone|somebody|anyone|anybody"
    r"|my|your|our|this|that|these|those)\b)\w"
)
"""An auxiliary right after a handle with no pronoun subject after it: the handle is the subject of
a statement ("@united is probably the least helpful airline", "@delta has been amazing", "@united
was the worst"), not the addressee of a question ("@united is my flight on time", "@delta can you
help"). A question with an article ("@united is the 5pm flight late") usually carries its mark."""
_EN_OPENING = re.compile(
    r"(?:^|[.!?;:\n]\s*)(?:(?:@\w+\s+)+(?!" + _HANDLE_SUBJECT + r"))?(?:hi|hello|hey|please)?[,\s]*"
    rf"(?!{_NOT_A_QUESTION})"
    r"(?:how|what|why|where|when|which|who|whom|whose|is|are|am|was|were|can|could|do|does|did|"
    r"will|would|should|shall|may|might|have|has|any)\b",
    re.IGNORECASE,
)
_AP = "['\u2019\u2018]?"
"""An apostrophe as customers type it: straight, curly (phones turn ' into ’), or none ("cant")."""
_NOT = rf"(?:n{_AP}t|\s+not)"
_WH = r"(?:how|what|why|where|when)"
_AUX = r"(?:is|are|am|was|were|can|could|do|does|did|will|would|should|shall|may|might|have|has)"
_PRONOUNS = "i|you|we|they|he|she|it|there|someone|somebody|anyone|anybody|my|your|our|this|that"
_PRONOUN = rf"(?:{_PRONOUNS})"
_SUBJECT = rf"(?:{_PRONOUNS}|their|these|those|the|a|an)"
_WH_INVERTED = (
    rf"{_WH}(?:\s+(?:long|much|many|often|soon|exactly|else|time))?\s+(?:to|{_AUX}\s+{_SUBJECT})\b"
)
_BREAK = r"(?:[,;\u2013\u2014]|\s-\s)\s*"
_EN_CLAUSE_QUESTION = re.compile(
    rf"(?:{_BREAK}|\b(?:and|but|so|or)\s+)(?:(?:please|pls|ok|okay|so|and|but|or)[,\s]+)?"
    rf"{_WH_INVERTED}"
    rf"|{_BREAK}(?:(?:please|pls|ok|okay|and|but|or)[,\s]+)?(?!do\s+(?:it|this|that)\b)"
    rf"{_AUX}\s+{_PRONOUN}\b",
    re.IGNORECASE,
)
"""An English question after a comma or a clause ("my card came, how do I activate it", "I moved,
can I change my address"). Mid-sentence a question word or an auxiliary alone is no question ("Anna,
who was so helpful", "great flight, would recommend", "if it fails, do it online"), so the question
has to be inverted: a question word, an auxiliary and a subject ("how do I", "and when will the
card"), or, after a punctuation mark, an auxiliary and a pronoun ("can I", "is my card")."""
_EN_RUN_ON_WH = re.compile(
    r"(?:^|[.!?;:\n]\s*)(?:@\w+\s+)*(?:hi|hello|hey|please)?[,\s]*"
    r"(?:how|what|why|where|when|who)s\b",
    re.IGNORECASE,
)
"""A question word with its "is" typed on without the apostrophe: "whats the limit", "wheres my pin"
(with an apostrophe, "what's" is already an opening)."""
_EN_INVERTED_OPENING = re.compile(
    r"^\s*(?:[@#]\w+[,:]?\s+)*(?:(?:hi|hello|hey|ok|okay|so|and|but|also|please)[,!.]?\s+)*"
    rf"(?:{_WH_INVERTED}|how\s+(?:come|long|much|many)\b|{_AUX}(?:n{_AP}t)?\s+{_SUBJECT}\b"
    r"|any\s+(?:update|news|idea|help|way|chance)\b)",
    re.IGNORECASE,
)
"""A sentence that opens as a question, inverted ("can somebody call me", "how do we add guitars").
In a short message an opening word is enough ("is my card..."); in a longer one a sentence opening
with an auxiliary is as often a statement ("@JetBlue has screwed me over", "Will be a long time
before I fly again")."""

_WE = r"\b(?:i|we)(?:\s+(?:really|just|urgently|still|also|now))?"
_BE = rf"(?:{_AP}m|{_AP}re|{_AP}ve\s+been|\s+(?:am|are|was|were|have\s+been))\s+"
_EN_ASK = (
    rf"(?<!\bwhat\s)(?<!\beverything\s)(?<!\ball\s){_WE}\s+(?:needed|wanted)\b"
    rf"|{_WE}(?:\s+(?:need|want|wanna|would\s+like|require"
    rf"|(?:do|did){_NOT}\s+know\s+(?:how|what|where|why|when|which|whether|if))"
    rf"|{_AP}d\s+like|{_BE}looking\s+(?:to|for))\b"
    r"|\bnot\s+sure\s+(?:how|what|where|why|when|which|whether|if)\b"
    r"|\b(?:please|pls|plz|kindly)\s+\w"
    r"|(?:^|[.!?;:\n])\s*(?:@\w+\s+)*(?:help\s*!|let\s+(?:me|us)\s+know\b|(?:cancel|close|remove"
    r"|delete|check|reset|unblock|unlock|block|freeze|activate|change|update|send|give|refund"
    r"|reverse|fix|add|show|tell|help)\s+(?:my|me|our|us)\b)"
)
_EN_INABILITY = (
    rf"{_WE}(?:\s+(?:can{_AP}t|cannot|can\s+not|could{_NOT}|tried\s+to)"
    rf"|{_BE}(?:(?:not\s+)?(?:un)?able\s+to|(?:trying|attempting)\s+to))\b"
)
_EN_REQUEST = re.compile(rf"{_EN_ASK}|{_EN_INABILITY}", re.IGNORECASE)
"""A request without a question: what the customer needs ("I need", a "please", an imperative on
the customer's own things: "cancel my transfer") or cannot do or is trying to do ("I can't log in").
Apostrophes are optional here and below (``_AP``): "cant", "im", "I’m" all count. A past need
after "what", "everything" or "all" is the object of a relative clause, not a request: "just what I
needed", "exactly what we wanted", "not what I wanted", "everything we needed"."""
_EN_NEED = re.compile(_EN_ASK, re.IGNORECASE)
"""The needs of ``_EN_REQUEST`` without the inabilities: in a short message "I can't log in" asks
for help, in a longer one an inability is often the story ("I'm trying to get home and you hang up
on me"), so only a need or a "please" makes a sentence of a longer text ask."""
_EN_PROBLEM = re.compile(
    rf"\b(?:my|our)\s+(?:[\w'\u2019-]+\s+){{0,3}}?(?:"
    rf"(?:has|have|had|did|does|do|will|would|is|are|was|were|could){_NOT}"
    rf"|won{_AP}t|can{_AP}t|cannot|can\s+not|never|still|keeps?|kept|seems?\s+to|appears?\s+to)\b"
    rf"|\b(?:has|have|had|did|does|do|is|are|was|were){_NOT}"
    r"\s+(?:yet\s+|still\s+|been\s+)?(?:received?|arrived?|come|came|shown|show(?:n|ing)?"
    r"|appeared?|gone|go|work(?:ed|ing)?|cleared?|updated?|changed?|processed|credited|reflected"
    r"|completed?|delivered|refunded|returned)\b"
    # the problem rows of the lexicon that hold an apostrophe, in every spelling (see below)
    rf"|\bwon{_AP}t\s+(?:work|go\s+through|let\s+me)\b|\bdoes{_NOT}\s+let\s+me\b"
    rf"|\bdo{_NOT}\s+(?:recogni[sz]e|see)\b|\b(?:can{_AP}t|cannot)\s+see\b"
    rf"|\bdid{_NOT}\s+(?:make|authori[sz]e|approve|do|set\s+up|get)\b"
    rf"|\bhave{_NOT}\s+(?:authori[sz]ed|got|gotten)\b|\bwas{_NOT}\s+me\b|\bcould{_NOT}\b",
    re.IGNORECASE,
)
"""Something that did not happen or does not work: "my transfer hasn't arrived", "the card isn't
working", "I don't recognise this payment", "it wasn't me". Fixed words of this kind are ``problem``
rows of the lexicon, but a row matches only as written ("doesn't work", not "doesnt work" or
"doesn’t work"), so each row with an apostrophe has its every spelling here too."""
_EN_GRIEVANCE = re.compile(
    r"[?!]\s*[?!]"
    r"|\bagain\b|\bin\s+a\s+row\b|\bas\s+usual\b"
    r"|\b(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)|umpteenth|another)\s+(?:time|attempt|try)\b"
    r"|\bevery\s+(?:single\s+)?time\b"
    rf"|\byou(?:{_AP}ve|\s+have|\s+guys|\s+people)?\s+(?:just\s+|also\s+|all\s+|still\s+)?(?:"
    rf"lost|charged|overcharged|cancel+ed|ruined|broke|kept|keep|never|didn{_AP}t|did\s+not"
    rf"|won{_AP}t|refused?|failed|messed|screwed|stole|took|ignored?|lied|hung\s+up|made\s+me)\b"
    # reported and still not put right
    rf"|\b(?:still|never|not\s+yet|yet\s+to\s+be|n{_AP}t(?:\s+yet)?|not)\s+(?:been\s+)?"
    r"(?:fixed|repaired|resolved|sorted(?:\s+out)?)\b",
    re.IGNORECASE,
)
"""What turns a negative problem report into a grievance: emphasis (?!, !!), repetition (again, the
third time), blame put on the organisation (you lost, you charged), or a fault reported and still
not put right ("still not fixed")."""
_EN_LASTED = re.compile(
    r"\bbeen\s+(?:[\w'\u2019-]+\s+){0,4}?for\s+(?:(?:over|more\s+than|almost|nearly|about"
    r"|around|at\s+least|the\s+(?:last|past|best\s+part\s+of))\s+)?(?:(?:a|an|one|two|three|four"
    r"|five|six|seven|eight|nine|ten|twelve|several|many|a\s+few|a\s+couple(?:\s+of)?|\d+)\s+)?"
    r"(?:hours?|hrs?|days?|weeks?|months?|years?|ages)\b"
    r"|\bfor\s+(?:weeks|months|years|ages)\b",
    re.IGNORECASE,
)
"""A fault that has lasted ("has been broken for a month", "been on hold for over an hour", "for
weeks"). In a text that asks nothing it is a grievance: a customer who wants help asks about now
("my transfer has been pending for an hour, can you check" is a query); one who only says how long
it has gone on is telling the organisation it failed."""
_EN_FIRST_PERSON = re.compile(
    r"\b(?:i|me|my|mine|myself|we|us|our|ours|ourselves|im|ive)\b", re.IGNORECASE
)
"""The customer's own case: a problem of "my card", "I", "we" asks to have it put right; a fault
with nobody's own thing in it ("the metro was packed", "the food was cold") is told about the
service, for everyone, which is a complaint, and a request about nobody's own thing ("please add
more benches") is a suggestion."""
_EN_FAULT = re.compile(
    r"\b(?:is|are|was|were|been|got|felt|looked|smelled|smelt|tasted)\s+(?:(?:so|too|really|very"
    r"|completely|totally|absolutely|always|still|quite|extremely|far\s+too|way\s+too|incredibly"
    r"|ridiculously|stone|all)\s+)*(?:cold|tiny|packed|crowded|overcrowded|dirty|filthy|smelly"
    r"|noisy"
    r"|overpriced|stale|greasy|burnt|undercooked|overcooked|raw|bland|tasteless|inedible|unhelpful"
    r"|cramped|uncomfortable|unclean|mouldy|moldy|rotten|leaking|flooded|freezing|boiling|late"
    r"|delayed|slow|out\s+of\s+order)\b",
    re.IGNORECASE,
)
"""A fault in what the service gave, said of it ("the food was cold", "the train was late", "the
carriage was packed"): a problem report the lexicon's words ("broken", "failed") do not cover, as
its words ("cold", "late") are faults only when said of something served."""
_EN_INDIGNANT = (
    rf"(?:\bnot|n{_AP}t|\bnever|\bwithout|\bno(?:body|\s+one)?)\s+(?:\w+\s+)?even\b"
    r"(?!\s+(?:if|though|tho|when|with|so|then|after|before|know|knew|realis|realiz|notice)\w*\b)"
)
"""A negation with "even" ("didn't even look at me", "not even an apology", "nobody even called"):
the least that was expected did not happen, which is indignation, not a report ("even if", "even
though" concede, "I didn't even know" is surprise, and are left out)."""
_EN_ULTIMATUM = (
    rf"\bif\b[^.?!]{{0,80}}?(?:\bnot\b|n{_AP}t\b|\bnever\b|\bno\b)[^.?!]{{0,60}}?"
    rf"\b(?:i|we)(?:{_AP}ll|\s+will|\s+shall|{_AP}(?:m|re)\s+going|\s+(?:am|are)\s+going)\b"
)
"""A threat: a condition on what the organisation fails to do, then what the customer will do ("If
this isn't fixed by Friday I'm going to the newspapers", "if it is not removed I will contact an
attorney")."""
_EN_SARCASM = (
    r"(?:^|[.!?;:\n]\s*)(?:[@#]\w+\s+)*(?:oh|ah|wow|well)[,!.\s]+(?:great|wonderful|perfect"
    r"|fantastic|brilliant|lovely|super|joy|terrific|marvell?ous)\b"
    r"|(?:^|[.!?;:\n]\s*)(?:[@#]\w+\s+)*so\s+much\s+for\b"
    rf"|\bwhat{_AP}s\s+the\s+point\b|\bwhat\s+is\s+the\s+point\b"
)
"""Sarcasm that opens a sentence ("Oh great, another delay", "So much for planning"; in the middle,
"thanks so much for" is thanks) and the rhetorical "what's the point". Fixed phrases of the kind
("just what I needed", "thanks for nothing", "what gives") are complaint rows of the lexicon."""
_EN_RHETORICAL = re.compile(
    r"\b(?:why\s+(?:(?:does|do|did|is|are|was|were|has|have|must|should|would)(?:n['\u2019]?t)?"
    r"|can['\u2019]?t|won['\u2019]?t)|how\s+come)\s+(?:it|this|that|everything|everyone|every\s+\w+"
    r"|they|you(?:\s+(?:guys|people|all))?)\b[^?.!]{0,80}?\b(?:so\s+(?:long|hard|difficult|slow"
    r"|expensive|complicated|bad|many|much)|such\s+a|simple|basic|single|forever|ages|(?:two|three|four|five"
    r"|six|seven|eight|nine|ten|several|\d+)\s+(?:hours|days|weeks|months|years))\b",
    re.IGNORECASE,
)
"""A why-question that presumes the service is unreasonable ("Why does it take three weeks to
process a simple permit?", "why is it so hard to get through"): a grievance put as a question. It
counts only with nobody's own case in it: "why is my transfer taking so long" asks about the
customer's transfer and is an inquiry."""
_EN_GRIEVANCE_CUE = re.compile(rf"{_EN_INDIGNANT}|{_EN_ULTIMATUM}|{_EN_SARCASM}", re.IGNORECASE)
"""Shapes that are words of grievance, as the ``complaint`` rows of the lexicon are, but need a
free slot or an apostrophe in every spelling: indignation, a threat, sarcasm."""
_CHANGE = (
    r"(?:add|install|put\s+(?:in|up|on|more)|build|open|extend|increase|introduce|bring\s+back|hire"
    r"|offer|allow|make\s+more|start|plant|create|provide|improve|consider|invest\s+in|train|employ"
    r"|look\s+into|think\s+about|upgrade|replace|reduce|lower|expand)\b"
)
_EN_IMPROVEMENT = re.compile(
    rf"\b(?:please|pls|plz|kindly)\s+(?!provide\b){_CHANGE}"
    rf"|\b(?:you|u|they|someone|somebody)(?:\s+(?:guys|all|people))?\s+(?:really\s+|also\s+)?"
    rf"(?:should|could|need\s+to|ought\s+to)\s+(?:really\s+|definitely\s+|seriously\s+|also\s+"
    rf"|please\s+)?{_CHANGE}"
    r"|\bwhy\s+not\s+[a-z]+\s+\w"
    r"|\bhow\s+about\s+(?:[a-z]+ing|more)\b"
    r"|\bthere\s+(?:should|needs\s+to|ought\s+to)\s+be\b"
    r"|\bwould\s+(?:love|like)\s+to\s+see\b"
    r"|\bwould\s+be\s+(?:so\s+|really\s+|very\s+|much\s+)?(?:nice|great|good|better|helpful|useful"
    r"|lovely)\s+(?:if|to)\b"
    r"|\b(?:i|we)\s+(?:would\s+)?(?:suggest|propose)\b|\brecommend\s+that\b",
    re.IGNORECASE,
)
"""A request to change the service ("please add more benches", "you should open on Sundays", "why
not open a second counter", "how about adding a lift", "there should be a ramp", "it would be nice
if"); a suggestion when none of the customer's own things is in it ("please add my card to Apple
Pay" is a support request). Its verbs are those of a change ("add", "extend", "hire"): "you should
know", "you should be ashamed" are reproach, and the weak rows of the lexicon ("hope", "wish",
"should") only set the suggestion flag."""
_EN_LEAD = re.compile(
    r"\s*(?:[@#]\w+[,:]?\s+)*(?:(?:hi|hello|hey|dear\s+\w+|ok|okay|so|and|also|but)[,!.]?\s+)*"
    r"[^,.;:!?\n\u2013\u2014]*",
    re.IGNORECASE,
)
"""The first clause of a text (handles and greetings aside), where the speech act is: in "Please
add more benches, the elderly have nowhere to sit" the suggestion, in "The queue was far too long,
you should open more counters" the grievance."""
_EN_THANKS = re.compile(
    rf"\b(?:want|wanted|would\s+like|(?:i|we|they|he|she){_AP}d\s+like|wish)\s+to\s+(?:thank"
    r"|say\s+thank|commend|compliment|praise|congratulate|recogni[sz]e"
    r"|give\s+(?:a\s+)?(?:shout|kudos|props))",
    re.IGNORECASE,
)
"""A request whose object is thanks ("I want to thank the crew"): praise, not a request."""
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\s*\n\s*")
_TRAILER = re.compile(r"(?:\s+(?:https?://\S+|[@#]\w+))+\s*$|\s+$")
"""Links, hashtags and handles that end a tweet: the sentence before them is its last."""
_FORMULA = re.compile(
    r"\W*(?:(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening))(?:\s+\w+)?"
    r"|thanks?(?:\s+you)?(?:\s+(?:so|very)\s+much)?(?:\s+in\s+advance)?|thx|cheers"
    r"|(?:kind\s+|best\s+)?regards)\W*$",
    re.IGNORECASE,
)
"""A greeting or a sign-off, which is no sentence of its own: "Hello. How long does a transfer
take? ..." opens with its question."""
_OWN = re.compile(r"\b(?:my|me|mine|our|us)\b", re.IGNORECASE)


def is_question(text: str) -> bool:
    """A question by its shape: a question mark, 吗/么 ending a clause, an English opening, or (in
    text without Chinese characters, so that Chinese is read as before) an English question after a
    comma or a clause, or an opening typed without its apostrophe ("whats")."""
    return bool(
        _QUESTION_MARK.search(text)
        or _ZH_PARTICLE.search(text)
        or _EN_OPENING.search(text)
        or (
            (_EN_CLAUSE_QUESTION.search(text) or _EN_RUN_ON_WH.search(text))
            and not HAN_CHARACTER.search(text)
        )
    )


def _asks_at_an_end(text: str) -> bool:
    """Whether the first or the last sentence of an English ``text`` asks: it holds a question mark,
    opens as an inverted question, asks after a comma, or states a need or a "please".

    Why the ends: a query with context puts its question first or last ("What is the normal time
    for a transfer? I made one that still hasn't arrived", "I sent a cheque days ago and nothing has
    arrived. Can you tell me what happened?"); a narrative asks on its way, in the middle. Why only
    shapes and no inquiry cue: inside a story a cue is often no question ("trying to figure out how
    to get home", "add up how much time you have cost me").
    """
    body = _TRAILER.sub("", text)
    starts = [0, *(m.end() for m in _SENTENCE_BREAK.finditer(body))]
    spans = [
        (a, b)
        for a, b in zip(starts, [*starts[1:], len(body)], strict=True)
        if not _FORMULA.match(body, a, b)
    ]
    return any(
        _QUESTION_MARK.search(sentence)
        or _EN_INVERTED_OPENING.search(sentence)
        or _EN_CLAUSE_QUESTION.search(sentence)
        or _EN_RUN_ON_WH.search(sentence)
        or _EN_NEED.search(sentence)
        for sentence in ({body[a:b] for a, b in (spans[0], spans[-1])} if spans else ())
    )


def _suggests_first(text: str) -> bool:
    """Whether the first clause of an English ``text`` asks to change the service, so that the
    suggestion is what it says and the rest its reason."""
    lead = _EN_LEAD.match(text)
    return bool(lead and _EN_IMPROVEMENT.search(lead.group()))


def classify(
    text: str, hits: Sequence[Hit], p_negative: float, sentiment_label: str
) -> FeedbackType:
    """The type of ``text`` from its type-lexicon ``hits`` and sentiment (rules in the docstring)."""
    cues = {key for hit in hits for key in hit.values}
    short = len(text) <= MAX_INQUIRY_LEN
    english = not HAN_CHARACTER.search(text)
    own = english and bool(_EN_FIRST_PERSON.search(text))
    complaint_cue = "complaint" in cues or (
        english
        and bool(_EN_GRIEVANCE_CUE.search(text) or (not own and _EN_RHETORICAL.search(text)))
    )
    # a suggestion is often said in the first person ("I'd love to see ..."); support is asked
    # about the customer's own things ("please add my card")
    own_things = english and bool(_OWN.search(text))
    improvement = english and not own_things and bool(_EN_IMPROVEMENT.search(text))
    is_suggestion = "suggestion" in cues or improvement
    question = is_question(text)
    thanks = "praise" in cues and english and bool(_EN_THANKS.search(text)) and not question
    asks = not thanks and (
        "inquiry" in cues
        or question
        or (english and bool(_EN_REQUEST.search(text)) and not improvement)
    )
    fault = english and sentiment_label != "positive" and bool(_EN_FAULT.search(text))
    reports = fault or (
        sentiment_label != "positive"
        and ("problem" in cues or (english and bool(_EN_PROBLEM.search(text))))
    )
    is_complaint = p_negative >= 0.5 or ((complaint_cue or reports) and p_negative >= 0.3)
    is_praise = sentiment_label == "positive" or ("praise" in cues and p_negative < 0.5)
    grievance = complaint_cue or (
        is_complaint
        and (
            p_negative >= GRIEVANCE
            or (
                english
                and bool(_EN_GRIEVANCE.search(text) or (not asks and _EN_LASTED.search(text)))
            )
        )
    )
    # a fault of what was served, with nobody's own case in it: told, not asked about
    told = fault and is_complaint and not (own or asks)
    is_inquiry = asks or (short and reports and not grievance and not told)
    query = short or (
        english
        and asks
        and len(text) <= MAX_QUERY_LEN
        and sentiment_label != "positive"
        and _asks_at_an_end(text)
    )
    suggests_first = improvement and not grievance and _suggests_first(text)
    if is_complaint and (
        grievance
        or (
            not suggests_first
            and (
                told
                or (reports and not (short or asks))
                or (p_negative >= CLEAR_COMPLAINT and not is_inquiry)
            )
        )
    ):
        label = "complaint"
    elif (
        is_inquiry
        and query
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
    elif is_complaint and p_negative >= CLEAR_COMPLAINT and not suggests_first:
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


def with_aspect_flags(type_: FeedbackType, polarities: Sequence[str]) -> FeedbackType:
    """``type_`` with the flags its aspects show: praise that names a negative aspect also carries
    the complaint flag, a complaint that names a positive one the praise flag.

    Why: the commonest shape of constructive feedback is praise with one reservation (服务很好，但是等太久了,
    "lovely staff but the wait was far too long"). Its overall reading is positive, as review labels
    have it, so the primary label stays praise; the flag says that it holds a complaint too, as a
    complaint that also suggests something carries both flags. Only praise and complaints are
    widened: an aspect of an inquiry or of a plain statement is too often a mention, not a verdict.
    """
    if type_.label == "praise" and not type_.is_complaint and "negative" in polarities:
        return replace(type_, is_complaint=True)
    if type_.label == "complaint" and not type_.is_praise and "positive" in polarities:
        return replace(type_, is_praise=True)
    return type_
