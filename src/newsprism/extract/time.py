"""Time expressions: find TIMEX3 extents with a regular grammar and normalise their values.

The grammar is built from the word lists in ``_time_rules.toml``; resolution follows
HeidelTime's news strategy: deictic expressions ("yesterday", "last week") count from
the article date, anaphoric ones ("the next day", "on the 29th") from the last date the
text set, and a month or weekday without a year takes its direction from the tense of
the clause (past by default: reporting is about the past).  With nothing to anchor to,
a relative expression keeps ``value=None``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from newsprism.annotate.extensions import doc_text
from newsprism.model import TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

EXTRACTOR = "newsprism.time.rules.v1"
TENSES = ("past", "present", "future", "none")
_UNIT_DAYS = {"D": 1, "W": 7}
_REL_STEP = {
    "this": 0, "current": 0, "present": 0, "same": 0, "that": 0, "the": 0,
    "last": -1, "past": -1, "previous": -1, "prior": -1, "latest": -1, "preceding": -1,
    "next": 1, "coming": 1, "following": 1,
}  # fmt: skip
_ANAPHORIC_RELS = {"same", "that", "following", "previous", "prior", "preceding"}


# ----------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class _Rules:
    """The word lists, and the regular expressions built from them."""

    data: dict[str, Any]
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    patterns: tuple[tuple[str, re.Pattern[str], frozenset[str]], ...] = field(default=())


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    text = resources.files("newsprism.extract").joinpath("_time_rules.toml").read_text("utf-8")
    data = tomllib.loads(text)
    months = {name: i + 1 for i, names in enumerate(data["months"]) for name in names}
    weekdays = {name: i + 1 for i, names in enumerate(data["weekdays"]) for name in names}
    numbers = dict(data["numbers"])
    rules = _Rules(data, months, weekdays, numbers)
    triggers = _triggers(rules)
    compiled = tuple((name, re.compile(r"(?<![\w'-])" + rx, re.I), triggers[name]) for name, rx in _grammar(rules))
    return replace(rules, patterns=compiled)


def _triggers(rules: _Rules) -> dict[str, frozenset[str]]:
    """Per rule, the words one of which any match contains ("#" = a number): the grammar only runs around them."""
    data = rules.data

    def last_words(phrases: Any) -> frozenset[str]:
        return frozenset(p.split()[-1] for p in phrases)

    units = frozenset(data["units"]) | {u + "s" for u in data["units"]} | {"centuries"}
    month = frozenset(rules.months)
    return {
        "date": month, "month_year": month, "month_day": month, "month": month,
        "iso": frozenset("#"), "slash": frozenset("#"), "year": frozenset("#"), "decade": frozenset("#"),
        "ordinal_day": frozenset("#"), "time": frozenset({"#", "noon", "midnight"}),
        "season": frozenset(data["seasons"]), "spelled_year": frozenset({"nineteen", "twenty", "thousand"}),
        "century": frozenset({"century"}), "part": frozenset({"quarter", "half", "period"}),
        "year_ago": frozenset({"year"}), "rel_quarter": frozenset({"quarter"}), "the_unit": frozenset({"quarter", "weekend"}),
        "rel_unit": units, "ago": units, "duration": units, "vague_ref": units, "bare_plural": units,
        "deictic": last_words(data["deictic_days"]), "this_part": frozenset(data["day_parts"]),
        "anaphoric": last_words(data["anaphoric_days"]), "reference": last_words(data["references"]),
        "weekday": frozenset(rules.weekdays), "holiday": last_words(data["holidays"]),
        "frequency": frozenset(data["frequencies"]), "every": frozenset({"every", "each", "per"}),
    }  # fmt: skip


def _alt(words: Any) -> str:
    """A regex alternation of words, longest first, spaces matching any whitespace."""
    escaped = (re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return "(?:" + "|".join(escaped) + ")"


def _grammar(rules: _Rules) -> list[tuple[str, str]]:
    """The named patterns, most specific first (ties in length go to the earlier one)."""
    data = rules.data
    full = _alt(n for names in data["months"] for n in names[:1])
    abbr = _alt(n for names in data["months"] for n in names[1:])
    month = rf"(?P<month>{full}\b|{abbr}\b\.?)"
    wday = rf"(?P<wday>{_alt(n for names in data['weekdays'] for n in names[:1])})"
    wday_pre = rf"(?:{_alt(n for names in data['weekdays'] for n in names[:1])},?\s+)?"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
    year = r"(?P<year>1[0-9]\d\d|20\d\d)(?![\d,.]\d)"
    pmod = rf"(?:(?P<pmod>{_alt(data['point_mods'])})(?:\s+|-))?"
    season = rf"(?P<season>{_alt(data['seasons'])})"
    part = rf"(?P<part>{_alt(data['day_parts'])})"
    units = _alt(data["units"])
    digits = r"\d+(?:[.,]\d+)?(?:\s+1/2)?"
    tens = _alt(w for w, n in rules.numbers.items() if n >= 20 and n % 10 == 0 and n < 100)
    small = _alt(w for w, n in rules.numbers.items() if n < 10 and w not in ("a", "an"))
    num = rf"(?P<num>{digits}|{tens}(?:[\s-]+{small})?|{_alt(rules.numbers)}|(?P<vague>{_alt(data['vague_numbers'])}))"
    dmod = rf"(?:(?P<dmod>{_alt(data['duration_mods'])})\s+)?"
    ordinal = rf"(?P<ord>{_alt(data['ordinals'])}|final|last)"
    year_phrase = rf"(?:(?:\s+of\s+|,?\s+)(?:fiscal\s+)?{year}|\s+of\s+(?P<yrel>the|this|last|next)\s+year|\s+(?P<yrel2>this|last|next)\s+year)"
    rel = r"(?P<rel>this|last|next|past|previous|prior|coming|current|following|same|that|latest|preceding)"
    teens = _alt(w for w, n in rules.numbers.items() if 10 <= n < 20 and " " not in w)
    spelled = rf"(?:the\s+year\s+)?(?P<century>nineteen|twenty)[\s-]+(?P<yy>{teens}|{tens}(?:[\s-]+{small})?|hundred)"
    return [
        ("date", rf"{wday_pre}(?:the\s+)?{pmod}{month}\s+{day}(?:,\s*|\s+){year}"),
        ("date", rf"{wday_pre}(?:the\s+)?{day}\s+(?:of\s+)?{month},?\s+{year}"),
        ("iso", r"(?P<year>\d{4})-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
        ("slash", r"(?<![\d/])(?P<mnum>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>\d{4}|\d{2})\b(?!/)"),
        ("month_year", rf"(?:the\s+)?{pmod}{month},?\s+(?:of\s+)?{year}"),
        ("month_year", rf"(?:the\s+)?{pmod}{month}\s+(?P<yrel>this|last|next)\s+year"),
        ("month_day", rf"{wday_pre}(?:the\s+)?{pmod}{month}\s+{day}(?!\s*(?::|\d|,\s*\d))"),
        ("month_day", rf"{wday_pre}(?:the\s+)?{day}\s+(?:of\s+)?{month}"),
        ("month", rf"(?:(?P<rel>last|this|next|the\s+same|that)\s+)?{pmod}{month}"),
        ("season", rf"(?:(?:the|{rel})\s+)?{pmod}{season}{year_phrase}?"),
        ("spelled_year", spelled),
        ("spelled_year", r"(?:the\s+year\s+)?two\s+thousand(?:\s+and\s+(?P<yy>\w+))?"),
        ("decade", rf"(?:the\s+)?{pmod}(?:(?P<decade>1\d\d0|20\d0)'?s|'(?P<decade2>\d0)s)\b"),
        ("century", rf"(?:the\s+)?{pmod}(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{_alt(data['ordinals'])})[\s-]+century"),
        ("year", rf"(?:(?:fiscal|calendar)\s+)?{pmod}{year}"),
        ("part", rf"(?:the\s+)?{ordinal}[\s-]+(?P<unit>quarter|half){year_phrase}?"),
        ("part", rf"(?:the\s+)?(?:(?P<yrel>this|last|next)\s+year's|{year}(?:'s)?)\s+(?:{ordinal}[\s-]+)?(?:fiscal\s+)?(?P<unit>quarter|half|period)\b"),
        ("year_ago", r"(?:the\s+)?(?:corresponding\s+|same\s+)?(?:year-earlier|year-ago)(?:\s+(?P<unit>period|quarter))?"),
        ("rel_quarter", rf"(?:the\s+)?(?:most\s+)?(?P<rel>{_alt(_REL_STEP)}|year-ago|year-earlier|recent)\s+(?:fiscal\s+)?quarter"),
        ("rel_unit", rf"(?:the\s+)?{pmod}{rel}\s+(?:fiscal\s+)?(?P<unit>week|weekend|month|year|decade|century)\b"),
        ("the_unit", r"the\s+(?P<unit>quarter|weekend)\b"),
        ("ago", rf"{dmod}{num}[\s-]+(?P<unit>{units})s?\s+(?P<dir>ago|earlier|later|from\s+now|hence|before|after)\b"),
        ("duration", rf"{dmod}(?:the\s+)?(?:(?P<drel>past|last|next|first|coming|previous|final|following|latest|initial|remaining)\s+)?{num}[\s-]+(?:more\s+)?(?P<unit>{units})(?:s|ies)?(?:-long)?\b(?![\s-]+old\b)"),
        ("vague_ref", r"(?:the\s+)?(?:most\s+)?(?P<rel>recent|coming|upcoming)\s+(?P<unit>days|weeks|months|years|decades)"),
        ("bare_plural", r"(?P<unit>days|weeks|months|years|decades|centuries)\b"),
        ("deictic", rf"{pmod}(?P<deictic>{_alt(data['deictic_days'])})(?:\s+{part})?"),
        ("this_part", rf"{pmod}(?P<rel>this|last|tomorrow|yesterday)\s+{part}"),
        ("anaphoric", rf"(?P<anaphoric>{_alt(data['anaphoric_days'])})"),
        ("reference", rf"(?P<ref>{_alt(data['references'])})\b"),
        ("weekday", rf"(?:(?P<rel>last|this|next|past|coming)\s+)?{pmod}{wday}(?:\s+{part})?"),
        ("time", r"(?P<hour>[01]?\d)(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)(?:\s+(?:[A-Z]{2,3}T|GMT|UTC)\b)?"),
        ("time", r"(?P<hour>[012]?\d):(?P<minute>[0-5]\d)(?:\s+(?:GMT|UTC|[A-Z]{2,3}T))\b"),
        ("time", r"(?P<named>noon|midnight)\b"),
        ("holiday", rf"(?P<holiday>{_alt(data['holidays'])})"),
        ("frequency", rf"(?P<freq>{_alt(data['frequencies'])})\b"),
        ("every", rf"(?:every|each|per)\s+(?:other\s+)?(?:(?P<unit>{units})|{wday}|{month}|{season})s?\b"),
        ("ordinal_day", r"the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b"),
    ]


# ----------------------------------------------------------------------------- candidates


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    rule: str
    match: re.Match[str]


def _candidates(text: str, rules: _Rules, accept: Callable[[_Candidate], bool]) -> list[_Candidate]:
    """Every accepted match, then the longest non-overlapping ones, in text order."""
    found = []
    at: dict[str, list[tuple[int, int]]] = {}  # word (digits as "#") -> its spans, in text order
    for w in _WORD.finditer(text):
        at.setdefault("#" if w.group()[0].isdigit() else w.group().lower(), []).append(w.span())
    for rank, (name, pattern, trigger) in enumerate(rules.patterns):
        hits = sorted(span for word in trigger & at.keys() for span in at[word])
        for m in _matches(text, pattern, hits):
            if m.end() > m.start() and _bounded(text, m.start(), m.end()):
                cand = _Candidate(m.start(), m.end(), name, m)
                if accept(cand):
                    found.append((-(m.end() - m.start()), rank, cand))
    chosen: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for _, _, cand in sorted(found, key=lambda x: (x[0], x[1], x[2].start)):
        if all(cand.end <= s or cand.start >= e for s, e in taken):
            chosen.append(cand)
            taken.append((cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)


_WINDOW = 56  # characters a match may reach on either side of its trigger word
_WORD = re.compile(r"\w+")


def _matches(text: str, pattern: re.Pattern[str], hits: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """The pattern's matches, searched only in windows around its trigger words (much faster)."""
    windows: list[list[int]] = []
    for hit_start, hit_end in hits:
        start, end = max(0, hit_start - _WINDOW), min(len(text), hit_end + _WINDOW)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    for start, end in windows:
        yield from pattern.finditer(text, start, end)


def _bounded(text: str, start: int, end: int) -> bool:
    """The match starts and ends at word boundaries."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "-'") and not (after.isalnum() or (after == "-" and text[end - 1].isalpha()))


def _g(m: re.Match[str], name: str) -> str | None:
    """A named group's text, or None where the pattern has no such group or it did not match."""
    return m.group(name) if name in m.re.groupindex else None


def _word_before(text: str, start: int) -> str:
    m = re.search(r"([\w'$]+)[\s,]*$", text[max(0, start - 30) : start])
    return m.group(1).lower() if m else ""


# "since December 2019", "until May": a date bounding a period is no narrative time for later expressions
PERIOD_BOUNDS = frozenset({"since", "until", "till", "before"})
_DAY_PREPOSITIONS = frozenset({"on", "of", "since", "until", "till", "by", "from"})
_ORDINAL_NOUNS = frozenset(
    """anniversary century centuries president prime minister floor time times place round year years day days
    edition session congress amendment birthday consecutive largest biggest annual straight minute week month
    division regiment battalion brigade army fleet district grade generation term parliament""".split()
)


def _make_acceptor(text: str, rules: _Rules, date_spans: list[tuple[int, int]]) -> Callable[[_Candidate], bool]:
    """Context checks that keep common words ("may", "fall", "years") out of the results."""
    cues = set(rules.data["year_cues"])
    ambiguous = set(rules.data["ambiguous_months"])

    def in_date_ent(c: _Candidate) -> bool:
        return any(s <= c.start and c.end <= e for s, e in date_spans)

    def accept(c: _Candidate) -> bool:
        m, before = c.match, _word_before(text, c.start)
        if c.rule == "month" and not (_g(m, "rel") or _g(m, "pmod")):
            word = m.group("month")
            if not word[0].isupper():
                return False
            if word.lower().rstrip(".") in ambiguous or word.lower() == "may":
                return (before in cues or in_date_ent(c)) and not (word.lower() == "may" and before == "the")
        if c.rule in ("month_day", "month_year") and not m.group("month")[0].isupper():
            return False
        if c.rule == "weekday":
            return m.group("wday")[0].isupper()
        if c.rule == "year":
            return (before in cues or in_date_ent(c) or bool(m.group("pmod"))) and before not in ("$",)
        if c.rule == "season":
            given = _g(m, "rel") or _g(m, "year") or _g(m, "yrel") or _g(m, "yrel2") or _g(m, "pmod")
            lead = m.group(0).lower().split()[0]
            return bool(given) or (lead == "the" and before in cues) or (before in ("in", "during", "this", "by", "until", "over", "through") and m.group("season").lower() != "fall")
        if c.rule == "bare_plural":
            return before in ("for", "over", "within", "took", "take", "takes", "last", "lasted") and not re.match(r"\s+(?:of|old|ago)\b", text[c.end : c.end + 6])
        if c.rule == "ordinal_day":
            after = re.match(r"\s*([A-Za-z]+)", text[c.end : c.end + 20])
            if not after or re.match(r"\s+(?:and|or|to|of\s+(?:this|last|next|the)\s+month|when|at|in|as|,)\b", text[c.end : c.end + 25]):
                return True
            # "held on the 29th also ...", "the morning of the 29th that ...": a day after on/of/since/...,
            # unless a noun the ordinal counts follows ("on the 5th anniversary", "of the 20th century")
            return before in _DAY_PREPOSITIONS and after.group(1).lower() not in _ORDINAL_NOUNS
        if c.rule == "duration" and m.group("num").lower() in ("a", "an") and before in ("once", "twice", "times", "per"):
            return False
        if c.rule == "reference" and m.group("ref").lower() == "the moment":
            return before in ("at", "for")
        return True

    return accept


# ----------------------------------------------------------------------------- tense


def _tense_of(doc: Doc, start: int, end: int, future_cues: frozenset[str], modals: frozenset[str]) -> str:
    """past/present/future/none, from the verb that governs the expression."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "none"
    tok = span.root
    for _ in range(8):
        if tok.lemma_.lower() in future_cues and tok.i not in range(span.start, span.end):
            return "future"
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod",):
            return _verb_tense(tok, future_cues, modals)
        if tok.pos_ in ("NOUN", "PROPN", "ADJ") and tok.i not in range(span.start, span.end):
            return "none"  # "the meeting on Nov. 16": the clause's verb says little about the date
        if tok.head is tok:
            break
        tok = tok.head
    return "none"


def _verb_tense(verb: Token, future_cues: frozenset[str], modals: frozenset[str]) -> str:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in modals for a in auxes):
        return "future"
    if verb.lemma_.lower() in future_cues or (verb.tag_ == "VB" and verb.head.lemma_.lower() in future_cues):
        return "future"
    if any(a.lower_ == "going" for a in auxes) or (verb.tag_ == "VB" and verb.head.lower_ == "going"):
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN":
        return "past"
    if verb.tag_ in ("VBP", "VBZ", "VBG", "VB"):
        if verb.tag_ == "VB" and verb.dep_ == "xcomp" and verb.head is not verb:
            return _verb_tense(verb.head, future_cues, modals)
        return "present"
    return "none"


# ----------------------------------------------------------------------------- resolution


@dataclass
class _Context:
    """What resolution needs: the article date, the last date the text set, the tense."""

    dct: date | None
    ref: date | None = None
    ref_gran: str = ""
    month_named: bool = False
    tense: str = "none"
    topic_quarter: str | None = None  # the quarter the text last named, for "a year earlier"

    def anchor(self, anaphoric: bool = False) -> date | None:
        """The date a month, weekday or anaphoric expression counts from: the article's, else the text's."""
        if anaphoric or self.dct is None:
            return self.ref or self.dct
        return self.dct

    def deictic(self, anaphoric: bool = False) -> date | None:
        """The date "this year", "last week" count from: only the article's ("that year" takes the text's)."""
        return self.ref or self.dct if anaphoric else self.dct


@dataclass(frozen=True, slots=True)
class _Value:
    type: str
    value: str | None
    anchor: date | None = None
    mod: str | None = None


def _resolve(c: _Candidate, ctx: _Context, rules: _Rules) -> _Value:
    handler = _HANDLERS[c.rule]
    return handler(c.match, ctx, rules)


def _pmod(m: re.Match[str], rules: _Rules) -> str | None:
    if not _g(m, "pmod"):
        return None
    return str(rules.data["point_mods"][_norm(m.group("pmod"))])


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().strip().rstrip("."))


def _month(m: re.Match[str], rules: _Rules) -> int:
    return rules.months[_norm(m.group("month"))]


def _day_value(d: date) -> str:
    return d.isoformat()


def _shift_month(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + step
    return index // 12, index % 12 + 1


def _pick_year(month: int, day: int | None, anchor: date, tense: str) -> int:
    """The year of a month (and day) given without one: tense decides the direction."""
    probe = (month, day or 1)
    now = (anchor.month, anchor.day if day else 1)
    if tense == "past":
        return anchor.year - 1 if probe > now else anchor.year
    if tense == "future":
        return anchor.year + 1 if probe < now else anchor.year
    # No tense to go by: the nearer one, the earlier on a tie.
    months_ahead = (month - anchor.month) % 12
    if months_ahead == 0:
        return anchor.year
    return anchor.year + (1 if month < anchor.month else 0) if months_ahead < 6 else anchor.year - (1 if month > anchor.month else 0)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _h_date(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    d = _safe_date(int(m.group("year")), _month(m, rules), int(m.group("day")))
    return _Value("DATE", d.isoformat() if d else None, None, _pmod(m, rules))


def _h_iso(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    year = int(m.group("year"))
    year = year if year > 99 else (1900 + year if year > 30 else 2000 + year)
    d = _safe_date(year, int(m.group("mnum")), int(m.group("day")))
    return _Value("DATE", d.isoformat() if d else None)


def _h_month_year(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    month, mod = _month(m, rules), _pmod(m, rules)
    if _g(m, "year"):
        return _Value("DATE", f"{int(m.group('year')):04d}-{month:02d}", None, mod)
    anchor = ctx.deictic()
    if anchor is None:
        return _Value("DATE", None, None, mod)
    year = anchor.year + _REL_STEP[m.group("yrel").lower()]
    return _Value("DATE", f"{year:04d}-{month:02d}", anchor, mod)


def _h_month_day(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    month, day, anchor = _month(m, rules), int(m.group("day")), ctx.anchor()
    if anchor is None or not 1 <= day <= 31:
        return _Value("DATE", None, None, _pmod(m, rules))
    d = _safe_date(_pick_year(month, day, anchor, ctx.tense), month, day)
    return _Value("DATE", d.isoformat() if d else None, anchor, _pmod(m, rules))


def _h_month(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    month, mod, anchor = _month(m, rules), _pmod(m, rules), ctx.anchor()
    if anchor is None:
        return _Value("DATE", None, None, mod)
    rel = _norm(_g(m, "rel") or "")
    if rel == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif rel == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif rel == "this":
        year = anchor.year
    elif rel in ("that", "the same") and ctx.ref:
        year = ctx.ref.year
    else:
        year = _pick_year(month, None, anchor, ctx.tense)
    return _Value("DATE", f"{year:04d}-{month:02d}", anchor, mod)


def _season_code(m: re.Match[str], rules: _Rules) -> tuple[str, int]:
    code, start = rules.data["seasons"][m.group("season").lower()]
    return str(code), int(start)


def _h_season(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    code, start_month = _season_code(m, rules)
    mod = _pmod(m, rules)
    if _g(m, "year"):
        return _Value("DATE", f"{m.group('year')}-{code}", None, mod)
    yrel = (_g(m, "yrel") or _g(m, "yrel2") or "").lower()
    rel = (_g(m, "rel") or "").lower()
    anchor = ctx.deictic() if yrel or rel in _REL_STEP else ctx.anchor()
    if anchor is None:
        return _Value("DATE", None, None, mod)
    if yrel:
        return _Value("DATE", f"{anchor.year + _REL_STEP[yrel]}-{code}", anchor, mod)
    started = (anchor.month - start_month) % 12 < 3  # the anchor lies in this season
    season_year = anchor.year - (1 if start_month == 12 and anchor.month < 3 else 0)
    if rel in ("last", "past", "previous"):
        year = season_year if (not started and _season_before(start_month, anchor)) else season_year - 1
    elif rel in ("next", "coming"):
        year = season_year if _season_after(start_month, anchor) else season_year + 1
    elif rel in ("this", "current") or started:
        year = season_year
    elif ctx.tense == "future":
        year = anchor.year if _season_after(start_month, anchor) else anchor.year + 1
    else:
        year = anchor.year if _season_before(start_month, anchor) else anchor.year - 1
    return _Value("DATE", f"{year}-{code}", anchor, mod)


def _season_before(start_month: int, anchor: date) -> bool:
    return start_month + 2 < anchor.month if start_month != 12 else False


def _season_after(start_month: int, anchor: date) -> bool:
    return start_month > anchor.month


def _h_spelled_year(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    if _g(m, "century") is None:
        rest = m.group("yy")
        n = _number(rest, rules) if rest else 0
        return _Value("DATE", f"{2000 + n:04d}" if n is not None else None)
    century = 19 if m.group("century").lower() == "nineteen" else 20
    yy = 0 if m.group("yy").lower() == "hundred" else _number(m.group("yy"), rules)
    return _Value("DATE", f"{century}{yy:02d}" if yy is not None else None)


def _h_decade(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    if m.group("decade"):
        return _Value("DATE", m.group("decade")[:3], None, _pmod(m, rules))
    return _Value("DATE", "19" + m.group("decade2")[0], None, _pmod(m, rules))


def _h_century(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    ordinal = _norm(m.group("ord"))
    n = int(re.sub(r"\D", "", ordinal)) if ordinal[0].isdigit() else int(rules.data["ordinals"][ordinal])
    return _Value("DATE", f"{n - 1:02d}", None, _pmod(m, rules))


def _h_year(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    return _Value("DATE", m.group("year"), None, _pmod(m, rules))


def _year_of_phrase(m: re.Match[str], anchor: date | None) -> int | None:
    if _g(m, "year"):
        return int(m.group("year"))
    yrel = (_g(m, "yrel") or _g(m, "yrel2") or "").lower()
    if not yrel or anchor is None:
        return None
    return anchor.year + _REL_STEP[yrel]


def _h_part(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    """ "the second half of this year", "the third quarter", "third-quarter", "the first half of 2022"."""
    unit, ordinal = m.group("unit").lower(), _norm(m.group("ord") or "")
    letter, size = ("H", 6) if unit == "half" else ("Q", 3)
    anchor = ctx.anchor()
    if not ordinal:  # "the 1988 quarter", "last year's period": the quarter under discussion
        year = _year_of_phrase(m, anchor)
        if year is None:
            return _Value("DATE", None)
        if ctx.topic_quarter and letter == "Q":
            return _Value("DATE", f"{year}{ctx.topic_quarter[4:]}", anchor)
        return _Value("DATE", str(year), anchor)
    phrase = bool(_g(m, "year") or _g(m, "yrel") or _g(m, "yrel2"))
    if ordinal == "last" and not phrase:
        return _rel_part(letter, size, -1, ctx.deictic())
    if _g(m, "yrel") or _g(m, "yrel2"):
        anchor = ctx.deictic(anaphoric=(_g(m, "yrel") or "").lower() == "the")
    n = (12 // size) if ordinal in ("final", "last") else int(rules.data["ordinals"].get(ordinal, 0))
    if not 1 <= n <= 12 // size:
        return _Value("DATE", None)
    year = _year_of_phrase(m, anchor)
    if year is None and anchor is not None:
        current = (anchor.month - 1) // size + 1
        year = anchor.year - 1 if n > current and ctx.tense != "future" else anchor.year
    if year is None:
        return _Value("DATE", None)
    return _Value("DATE", f"{year}-{letter}{n}", None if _g(m, "year") else anchor)


def _rel_part(letter: str, size: int, step: int, anchor: date | None) -> _Value:
    if anchor is None:
        return _Value("DATE", None)
    index = anchor.year * (12 // size) + (anchor.month - 1) // size + step
    return _Value("DATE", f"{index // (12 // size)}-{letter}{index % (12 // size) + 1}", anchor)


def _shift_quarter(value: str, step: int) -> str:
    index = int(value[:4]) * 4 + int(value[-1]) - 1 + step
    return f"{index // 4}-Q{index % 4 + 1}"


def _h_year_ago(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    """ "year-earlier", "the year-ago quarter": the quarter under discussion a year back, else last year."""
    if ctx.topic_quarter:
        return _Value("DATE", _shift_quarter(ctx.topic_quarter, -4), ctx.anchor())
    anchor = ctx.anchor()
    if anchor is None:
        return _Value("DATE", None)
    if (_g(m, "unit") or "").lower() == "quarter":
        return _rel_part("Q", 3, -5, anchor)
    return _Value("DATE", str(anchor.year - 1), anchor)


def _h_rel_quarter(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    rel = m.group("rel").lower()
    if rel in ("year-ago", "year-earlier"):
        return _rel_part("Q", 3, -5, ctx.anchor())
    step = -1 if rel in ("latest", "recent", "the") and ctx.tense != "future" else _REL_STEP.get(rel, 0)
    return _rel_part("Q", 3, step, ctx.deictic(anaphoric=rel in _ANAPHORIC_RELS))


def _h_the_unit(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    if m.group("unit").lower() == "quarter":
        return _rel_part("Q", 3, 0 if ctx.tense == "future" else -1, ctx.anchor())
    return _weekend(ctx.anchor(), 1 if ctx.tense == "future" else -1 if ctx.tense == "past" else 0)


def _weekend(anchor: date | None, step: int) -> _Value:
    if anchor is None:
        return _Value("DATE", None)
    if step < 0 and anchor.isoweekday() < 6:
        anchor -= timedelta(days=7)
    if step > 0 and anchor.isoweekday() >= 6:
        anchor += timedelta(days=7)
    iso = anchor.isocalendar()
    return _Value("DATE", f"{iso[0]}-W{iso[1]:02d}-WE", anchor)


def _h_rel_unit(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    rel, unit = m.group("rel").lower(), m.group("unit").lower()
    anchor = ctx.deictic(anaphoric=rel in _ANAPHORIC_RELS)
    mod = _pmod(m, rules)
    if anchor is None:
        return _Value("DATE", None, None, mod)
    step = _REL_STEP[rel]
    if unit == "weekend":
        return replace(_weekend(anchor + timedelta(days=7 * step) if rel not in ("last", "past") else anchor, step), mod=mod)
    return _Value("DATE", _unit_value(anchor, unit, step), anchor, mod)


def _unit_value(anchor: date, unit: str, step: int) -> str:
    """The calendar unit (week, month...) ``step`` units from the anchor's."""
    if unit == "day":
        return (anchor + timedelta(days=step)).isoformat()
    if unit == "week":
        iso = (anchor + timedelta(days=7 * step)).isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if unit == "month":
        y, mo = _shift_month(anchor.year, anchor.month, step)
        return f"{y:04d}-{mo:02d}"
    if unit == "quarter":
        return _rel_part("Q", 3, step, anchor).value or ""
    if unit == "year":
        return f"{anchor.year + step:04d}"
    if unit == "decade":
        return f"{anchor.year // 10 + step:03d}"
    return f"{anchor.year // 100 + step:02d}"  # century


def _number(text: str, rules: _Rules) -> int | None:
    """A cardinal in digits or words ("25", "twenty four", "a couple of"); None when vague."""
    words = _norm(text).replace("-", " ")
    if re.fullmatch(r"\d+(?:[.,]\d+)?(?:\s+1/2)?", words):
        return None if ("." in words or "/" in words) else int(words.replace(",", ""))
    if words in rules.numbers:
        return int(rules.numbers[words])
    parts = words.split()
    if parts and all(p in rules.numbers for p in parts):
        return sum(int(rules.numbers[p]) for p in parts)
    return None


def _duration_value(num: str, unit_word: str, rules: _Rules) -> str:
    """P3D, PT25M, PXY, P2.5Y ..."""
    unit = unit_word.lower().rstrip("s")
    unit = "century" if unit.startswith("centur") else unit
    letter, is_time = rules.data["units"][unit]
    norm = _norm(num)
    if norm in rules.data["vague_numbers"]:
        amount = "X"
    elif re.fullmatch(r"\d+\.\d+", norm):
        amount = norm
    elif norm.endswith("1/2"):
        amount = f"{int(norm.split()[0])}.5"
    else:
        n = _number(num, rules)
        amount = "X" if n is None else str(n)
    if letter == "DE":
        amount, letter = (amount if amount == "X" else str(int(amount) * 10)), "Y"
    if letter == "CE":
        amount, letter = (amount if amount == "X" else str(int(amount) * 100)), "Y"
    return f"PT{amount}{letter}" if is_time else f"P{amount}{letter}"


def _h_duration(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    mod = rules.data["duration_mods"].get(_norm(m.group("dmod") or ""))
    return _Value("DURATION", _duration_value(m.group("num"), m.group("unit"), rules), None, mod)


def _h_ago(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    """ "three days ago" (from the article date), "two years later" (from the text's date)."""
    direction = _norm(m.group("dir"))
    unit = m.group("unit").lower()
    mod = rules.data["duration_mods"].get(_norm(m.group("dmod") or ""))
    if direction in ("before", "after"):
        return _Value("DURATION", _duration_value(m.group("num"), unit, rules), None, mod)
    n = _number(m.group("num"), rules)
    sign = -1 if direction in ("ago", "earlier") else 1
    if n == 1 and unit == "year" and ctx.topic_quarter and sign < 0:
        return _Value("DATE", _shift_quarter(ctx.topic_quarter, -4), ctx.anchor(), mod)
    anchor = ctx.deictic(anaphoric=direction in ("earlier", "later"))
    if n is None:
        return _Value("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None, mod)
    if anchor is None or unit.startswith(("second", "minute", "hour")):
        return _Value("DATE", None, None, mod)
    return _Value("DATE", _unit_value(anchor, unit.rstrip("s").replace("centurie", "century"), sign * n), anchor, mod)


def _h_vague_ref(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    return _Value("DATE", "PAST_REF" if m.group("rel").lower() == "recent" else "FUTURE_REF")


def _h_bare_plural(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    return _Value("DURATION", _duration_value("several", m.group("unit"), rules))


def _h_deictic(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    word = _norm(m.group("deictic"))
    offset = int(rules.data["deictic_days"][word])
    if ctx.dct is None:
        return _Value("DATE", None, None, _pmod(m, rules))
    d = ctx.dct + timedelta(days=offset)
    part = m.group("part") or ("night" if word == "tonight" else None)
    if part:
        return _Value("TIME", f"{d.isoformat()}T{rules.data['day_parts'][part.lower()]}", ctx.dct, _pmod(m, rules))
    return _Value("DATE", d.isoformat(), ctx.dct, _pmod(m, rules))


def _h_this_part(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    if ctx.dct is None:
        return _Value("TIME", None)
    rel = m.group("rel").lower()
    d = ctx.dct + timedelta(days={"last": -1, "yesterday": -1, "tomorrow": 1}.get(rel, 0))
    return _Value("TIME", f"{d.isoformat()}T{rules.data['day_parts'][m.group('part').lower()]}", ctx.dct, _pmod(m, rules))


def _h_anaphoric(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    anchor = ctx.ref if ctx.ref_gran == "day" else ctx.dct
    if anchor is None:
        return _Value("DATE", None)
    d = anchor + timedelta(days=int(rules.data["anaphoric_days"][_norm(m.group("anaphoric"))]))
    return _Value("DATE", d.isoformat(), anchor)


def _h_reference(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    return _Value("DATE", str(rules.data["references"][_norm(m.group("ref"))]))


def _h_weekday(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    wday = rules.weekdays[m.group("wday").lower()]
    anchor = ctx.anchor()
    rel = (_g(m, "rel") or "").lower()
    part = m.group("part")
    kind, mod = ("TIME" if part else "DATE"), _pmod(m, rules)
    if anchor is None:
        return _Value(kind, None, None, mod)
    back = (anchor.isoweekday() - wday) % 7
    if rel in ("last", "past"):
        d = anchor - timedelta(days=back or 7)
    elif rel in ("next", "coming"):
        d = anchor + timedelta(days=(wday - anchor.isoweekday()) % 7 or 7)
    elif rel == "this":
        d = anchor + timedelta(days=wday - anchor.isoweekday())
    elif ctx.tense == "future" or (ctx.tense == "present" and back > 3):
        d = anchor + timedelta(days=(wday - anchor.isoweekday()) % 7)
    else:
        d = anchor - timedelta(days=back)
    suffix = f"T{rules.data['day_parts'][part.lower()]}" if part else ""
    return _Value(kind, d.isoformat() + suffix, anchor, mod)


def _h_time(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    if _g(m, "named"):
        hour, minute = (12, 0) if m.group("named").lower() == "noon" else (0, 0)
    else:
        hour, minute = int(m.group("hour")), int(m.group("minute") or 0)
        ampm = (_g(m, "ampm") or "").lower()
        if ampm.startswith("p") and hour < 12:
            hour += 12
        if ampm.startswith("a") and hour == 12:
            hour = 0
    if hour > 23:
        return _Value("TIME", None)
    day = ctx.ref if ctx.ref and ctx.ref_gran == "day" else ctx.dct
    clock = f"T{hour:02d}:{minute:02d}"
    return _Value("TIME", f"{day.isoformat()}{clock}" if day else None, day)


def _h_holiday(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    month, day = rules.data["holidays"][_norm(m.group("holiday"))]
    anchor = ctx.anchor()
    if anchor is None:
        return _Value("DATE", None)
    return _Value("DATE", date(_pick_year(month, day, anchor, ctx.tense), month, day).isoformat(), anchor)


def _h_frequency(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    return _Value("SET", str(rules.data["frequencies"][m.group("freq").lower()]))


def _h_every(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    if _g(m, "unit"):
        return _Value("SET", _duration_value("1", m.group("unit"), rules))
    if _g(m, "wday"):
        return _Value("SET", f"XXXX-WXX-{rules.weekdays[m.group('wday').lower()]}")
    if _g(m, "month"):
        return _Value("SET", f"XXXX-{_month(m, rules):02d}")
    return _Value("SET", f"XXXX-{_season_code(m, rules)[0]}")


def _h_ordinal_day(m: re.Match[str], ctx: _Context, rules: _Rules) -> _Value:
    """ "on the 28th": the named month if the text set one, else the latest 28th not after the anchor."""
    day = int(m.group("day"))
    if not 1 <= day <= 31:
        return _Value("DATE", None)
    if ctx.month_named and ctx.ref is not None:
        d = _safe_date(ctx.ref.year, ctx.ref.month, day)
        return _Value("DATE", d.isoformat() if d else None, ctx.ref)
    anchor = ctx.anchor()
    if anchor is None:
        return _Value("DATE", None)
    year, month = (anchor.year, anchor.month) if day <= anchor.day else _shift_month(anchor.year, anchor.month, -1)
    d = _safe_date(year, month, day)
    return _Value("DATE", d.isoformat() if d else None, anchor)


_HANDLERS: dict[str, Callable[[re.Match[str], _Context, _Rules], _Value]] = {
    "date": _h_date, "iso": _h_iso, "slash": _h_iso, "month_year": _h_month_year, "month_day": _h_month_day,
    "month": _h_month, "season": _h_season, "spelled_year": _h_spelled_year, "decade": _h_decade,
    "century": _h_century, "year": _h_year, "part": _h_part, "rel_quarter": _h_rel_quarter,
    "rel_unit": _h_rel_unit, "the_unit": _h_the_unit, "ago": _h_ago, "duration": _h_duration,
    "vague_ref": _h_vague_ref, "bare_plural": _h_bare_plural, "deictic": _h_deictic,
    "this_part": _h_this_part, "anaphoric": _h_anaphoric, "reference": _h_reference,
    "weekday": _h_weekday, "time": _h_time, "holiday": _h_holiday, "frequency": _h_frequency,
    "every": _h_every, "ordinal_day": _h_ordinal_day, "year_ago": _h_year_ago,
}  # fmt: skip


def _update_reference(ctx: _Context, value: _Value, c: _Candidate) -> None:
    """A resolved day or month becomes the date later anaphoric expressions count from."""
    if value.type not in ("DATE", "TIME") or value.value is None:
        return
    m = re.match(r"(\d{4})-(\d\d)(?:-(\d\d))?(?:$|T)", value.value)
    if m is None:
        return
    ctx.ref = date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    ctx.ref_gran = "day" if m.group(3) else "month"
    ctx.month_named = _g(c.match, "month") is not None


# ----------------------------------------------------------------------------- public API


def extract_timexes(doc: Doc, *, doc_id: str, dct: str | None) -> list[TimeExpr]:
    """Find and normalise the time expressions of a parsed document.

    Args:
        doc: a spaCy ``Doc`` with tagger and parser run.
        doc_id: the id of the document the records belong to.
        dct: the article's publication date ``YYYY-MM-DD``, or None when unknown.

    Returns:
        ``TimeExpr`` records in text order; ``value`` is None where nothing anchors them.
    """
    rules = _rules()
    text = doc_text(doc)
    date_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    cues = frozenset(rules.data["future_cues"]), frozenset(rules.data["future_modals"])
    ctx = _Context(_parse_date(dct))
    records = []
    for c in _merge_times(_candidates(text, rules, _make_acceptor(text, rules, date_spans)), text):
        ctx.tense = _tense_of(doc, c.start, c.end, *cues)
        value = _resolve_merged(c, ctx, rules)
        if _word_before(text, c.start) not in PERIOD_BOUNDS:
            _update_reference(ctx, value, c)
        if c.rule in ("part", "rel_quarter", "the_unit") and value.value and re.fullmatch(r"\d{4}-Q\d", value.value):
            ctx.topic_quarter = value.value
        records.append(_record(doc_id, text, c, value))
    return records


def _record(doc_id: str, text: str, c: _Candidate, value: _Value) -> TimeExpr:
    return TimeExpr(
        doc_id=doc_id, start=c.start, end=c.end, text=text[c.start : c.end], type=value.type, value=value.value,
        anchor=value.anchor.isoformat() if value.anchor else None, mod=value.mod, extractor=EXTRACTOR,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Merged(_Candidate):
    """A clock time with the day it is on ("10 p.m. Wednesday")."""

    day: _Candidate | None = None


def _merge_times(cands: list[_Candidate], text: str) -> Iterator[_Candidate]:
    i = 0
    while i < len(cands):
        c = cands[i]
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if c.rule == "time" and nxt and nxt.rule in ("weekday", "deictic", "month_day", "date") and not text[c.end : nxt.start].strip(" ,"):
            yield _Merged(c.start, nxt.end, "time", c.match, nxt)
            i += 2
            continue
        yield c
        i += 1


def _resolve_merged(c: _Candidate, ctx: _Context, rules: _Rules) -> _Value:
    if not isinstance(c, _Merged) or c.day is None:
        return _resolve(c, ctx, rules)
    day = _resolve(c.day, ctx, rules)
    clock = _resolve(c, ctx, rules)
    if day.value is None or clock.value is None or not re.match(r"\d{4}-\d\d-\d\d", day.value):
        return _Value("TIME", None, day.anchor)
    return _Value("TIME", day.value[:10] + clock.value[clock.value.index("T") :], day.anchor)


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def resolve(text: str, *, anchor: str | None, tense: str = "past") -> tuple[str | None, str | None]:
    """Type and TIMEX3 value of one expression, resolved against ``anchor`` (no parse needed).

    Args:
        text: the expression, e.g. "the second half of this year".
        anchor: the date ``YYYY-MM-DD`` it counts from, or None.
        tense: past, present, future or none (the tense of its clause).

    Returns:
        ``(type, value)``; ``(None, None)`` when the text is not a time expression.
    """
    if tense not in TENSES:
        raise ValueError(f"tense must be one of {TENSES}, not {tense!r}")
    rules = _rules()
    cands = list(_merge_times(_candidates(text, rules, lambda c: True), text))
    if not cands:
        return None, None
    best = max(cands, key=lambda c: c.end - c.start)
    value = _resolve_merged(best, _Context(_parse_date(anchor), tense=tense), rules)
    return value.type, value.value
