"""Quotes and their speakers: direct quotes, reported speech and quoted phrases.

Three steps over an already-parsed ``Doc`` (tagger, parser and NER of the pinned model):

1. Pair quotation marks over the text (curly, straight, guillemets; single marks for
   nested or headline quotes), with multi-paragraph quotes (the opening mark repeated
   on each paragraph, one closing mark at the end) read as one span.
2. Classify each quoted span: a *direct* quote stands at a clause boundary (after a
   cue, a comma, a colon or ``that``; before punctuation or the attribution), else it is
   a quoted *phrase* (a scare quote, a term, a title).  Direct quotes split around
   their attribution (``"…," Yun said. "…"``) are joined into one record.
3. Find the cue (a reporting verb from ``_cues.toml``) by the dependency parse, then by
   the words right after or before the quote, and take its subject as the speaker.
   Reported clauses of the same verbs (``X said that …``, ``X urged Y to …``,
   ``according to X, …``) become *indirect* quotes.

Conventions: a direct quote's span includes its quotation marks (the PolNeAR gold does),
and a joined quote spans from its first opening to its last closing mark, so it includes
the attribution in between; :func:`quote_parts` gives the quoted segments alone.  An
indirect quote's span is the reported clause, with a leading ``that``.  A pronoun speaker
is stored as the pronoun's span; :func:`resolve_pronoun_speaker` is a simple fallback that
the actor layer replaces.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Protocol

from newsprism.annotate.extensions import doc_text
from newsprism.model import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

class ActorMentionLike(Protocol):
    start: int
    end: int
    label: str
    actor_id: str | None
    method: str | None


EXTRACTOR = "newsprism.quotes.rules.v1"

OPEN_DOUBLE = "“„«‟"
CLOSE_DOUBLE = "”»"
STRAIGHT_DOUBLE = '"'
OPEN_SINGLE = "‘‹"
CLOSE_SINGLE = "’›"
STRAIGHT_SINGLE = "'"
QUOTE_CHARS = frozenset(OPEN_DOUBLE + CLOSE_DOUBLE + STRAIGHT_DOUBLE + OPEN_SINGLE + CLOSE_SINGLE + STRAIGHT_SINGLE)
_DOUBLE_RE = re.compile(r"[“”„«»‟\"]")
_SINGLE_RE = re.compile(r"[‘’‹›']")
_PARAGRAPH_RE = re.compile(r"[^\n]+")
_MAX_SINGLE_CHARS = 400  # a single-mark quote longer than this is an apostrophe mismatch
_MAX_HEADING_WORDS = 30
_DASH_SIGNATURE = re.compile(r"\s*[―—–]\s*([A-Z][^\n,;(]{1,60}?)\s*(?:[,;(]|$)", re.MULTILINE)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_RIGHT_NAME_DEPS = frozenset({"compound", "flat", "nummod", "cc", "conj"})
_NOT_SPEAKERS = frozenset({"this", "that", "these", "those", "there", "what", "which", "it"})
_PRONOUNS_PERSON = {"he": "s", "she": "s", "him": "s", "her": "s", "they": "p", "them": "p", "we": "p", "i": "s"}


@dataclass(frozen=True, slots=True)
class _Cues:
    speech: frozenset[str]
    belief: frozenset[str]
    directive: frozenset[str]
    naming_verbs: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    naming_nouns: frozenset[str]
    institutions: frozenset[str]


@dataclass(slots=True)
class _Span:
    """One quoted span: ``parts`` are the mark-delimited segments (marks included)."""

    parts: list[tuple[int, int]]
    double: bool = True
    direct: bool = False
    heading: bool = False

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass(frozen=True, slots=True)
class _Attribution:
    cue: Token | None
    cue_span: tuple[int, int] | None
    speaker: tuple[int, int] | None
    relayed: tuple[int, int] | None = None


@lru_cache(maxsize=1)
def load_cues() -> _Cues:
    """Read the cue lexicon shipped as package data (``_cues.toml``)."""
    raw = tomllib.loads(resources.files("newsprism.extract").joinpath("_cues.toml").read_text("utf-8"))
    verbs = raw["verbs"]
    return _Cues(
        speech=frozenset(verbs["speech"]),
        belief=frozenset(verbs["belief"]),
        directive=frozenset(verbs["directive"]),
        naming_verbs=frozenset(verbs["naming"]),
        pairs=frozenset((a, b) for a, b in raw["multiword"]["pairs"]),
        naming_nouns=frozenset(raw["nouns"]["naming"]),
        institutions=frozenset(raw["speakers"]["institutions"]),
    )


# --------------------------------------------------------------------------- public API


def extract_quotes(doc: Doc, *, doc_id: str) -> list[Quote]:
    """Find direct quotes, reported clauses and quoted phrases in a parsed document.

    Args:
        doc: a ``Doc`` parsed by the pinned spaCy model (tagger, parser, NER).
        doc_id: the id stored on every record.

    Returns:
        ``Quote`` records in text order; offsets are character offsets into ``doc.text``.
    """
    text = doc_text(doc)
    if not text.strip():
        return []
    ctx = _Context(doc, load_cues())
    marks = pair_quote_marks(text)
    ctx.quoted = [(s.start, s.end) for s in marks]
    spans = _join_split_quotes(ctx, _classify(ctx, marks))
    quotes: list[Quote] = []
    direct_ranges: list[tuple[int, int]] = []
    for span in spans:
        if span.direct:
            quotes.append(_direct_quote(ctx, span, doc_id))
            direct_ranges.append((span.start, span.end))
    indirect = _indirect_quotes(ctx, doc_id, direct_ranges)
    quotes.extend(indirect)
    quotes.extend(_phrase(ctx, span, doc_id, indirect) for span in spans if not span.direct)
    return sorted(quotes, key=lambda q: (q.start, q.end, q.kind))


def quote_parts(text: str, quote: Quote) -> list[tuple[int, int]]:
    """The quoted segments of a (possibly joined) direct quote, marks included.

    For indirect quotes and phrases this is the quote's own span.
    """
    if quote.kind != "direct":
        return [(quote.start, quote.end)]
    inside = [part for s in pair_quote_marks(text) for part in s.parts if quote.start <= part[0] and part[1] <= quote.end]
    return inside or [(quote.start, quote.end)]


def resolve_pronoun_speaker(doc: Doc, start: int, end: int) -> tuple[int, int, str] | None:
    """Fallback antecedent of a pronoun speaker: the nearest preceding compatible entity.

    ``he``/``she`` map to the nearest PERSON entity before the pronoun, ``they``/``we``
    to the nearest PERSON, ORG, NORP or GPE entity.  Used for evaluation only; the actor
    layer's coreference replaces it.

    Returns:
        ``(start, end, text)`` of the antecedent mention, or ``None``.
    """
    number = _PRONOUNS_PERSON.get(doc_text(doc)[start:end].lower())
    if number is None:
        return None
    labels = {"PERSON"} if number == "s" else {"PERSON", "ORG", "NORP", "GPE"}
    for ent in reversed(doc.ents):
        if ent.end_char <= start and ent.label_ in labels:
            return ent.start_char, ent.end_char, ent.text
    return None


# --------------------------------------------------------------------------- quote marks


def pair_quote_marks(text: str) -> list[_Span]:
    """Pair quotation marks paragraph by paragraph; returns quoted spans in text order."""
    spans: list[_Span] = []
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH_RE.finditer(text)]
    open_at: int | None = None
    for i, (p_start, p_end) in enumerate(paragraphs):
        marks = [m.start() for m in _DOUBLE_RE.finditer(text, p_start, p_end)]
        carried = open_at is not None
        if carried and marks and marks[0] == _first_char(text, p_start, p_end) and _opens(text, marks[0]):
            marks = marks[1:]  # the opening mark repeated on a continued paragraph
        elif carried:
            open_at = None
        open_at = _pair_in_paragraph(text, marks, open_at, spans)
        if open_at is not None:
            nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
            if nxt is None or not _opens(text, _first_char(text, *nxt)):
                open_at = None  # never closed: not a quote
    doubles = sorted(spans, key=lambda s: s.start)
    return sorted(doubles + _pair_single_marks(text, paragraphs, doubles), key=lambda s: s.start)


def _first_char(text: str, start: int, end: int) -> int:
    i = start
    while i < end and text[i].isspace():
        i += 1
    return i


def _opens(text: str, i: int) -> bool:
    return i < len(text) and (text[i] in OPEN_DOUBLE or text[i] == STRAIGHT_DOUBLE)


def _pair_in_paragraph(text: str, marks: list[int], open_at: int | None, spans: list[_Span]) -> int | None:
    """Pair the double marks of one paragraph; returns the position of a still-open quote."""
    for i in marks:
        ch = text[i]
        if ch in OPEN_DOUBLE or (ch == STRAIGHT_DOUBLE and open_at is None):
            open_at = i  # a second opening mark restarts (typo or unpaired first mark)
        elif open_at is not None:
            if i - open_at > 1:
                spans.append(_Span([(open_at, i + 1)]))
            open_at = None
    return open_at


def _pair_single_marks(text: str, paragraphs: list[tuple[int, int]], doubles: list[_Span]) -> list[_Span]:
    """Single-mark quotes outside double quotes (‘headline quotes’); nested ones are ignored."""
    inside = [(s.start, s.end) for s in doubles]
    spans: list[_Span] = []
    for p_start, p_end in paragraphs:
        open_at: int | None = None
        for m in _SINGLE_RE.finditer(text, p_start, p_end):
            i = m.start()
            if _within(i, inside):
                continue
            before = text[i - 1] if i > p_start else " "
            after = text[i + 1] if i + 1 < p_end else " "
            if open_at is None and (before.isspace() or before in "([—–-:") and after.isalnum():
                open_at = i
            elif open_at is not None and not after.isalnum() and before not in " " and i - open_at > 2:
                if i - open_at <= _MAX_SINGLE_CHARS:
                    spans.append(_Span([(open_at, i + 1)], double=False))
                open_at = None
    return spans


def _within(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= i < e for s, e in ranges)


# --------------------------------------------------------------------------- token context


class _Context:
    """The parsed doc with the lookups every rule needs, built once per document."""

    def __init__(self, doc: Doc, cues: _Cues) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.cues = cues
        self.starts = [t.idx for t in doc]
        self._pair_heads = {a for a, _ in cues.pairs}
        self.cue_ids = {t.i for t in doc if self._is_cue(t)}
        self.quoted: list[tuple[int, int]] = []  # every quoted segment: no speaker inside one

    def excluded(self, tok: Token, exclude: tuple[int, int]) -> bool:
        return exclude[0] <= tok.idx < exclude[1] or _within(tok.idx, self.quoted)

    def _is_cue(self, tok: Token) -> bool:
        lemma = tok.lemma_.lower()
        if (lemma in self.cues.speech or lemma in self.cues.belief) and tok.pos_ in ("VERB", "AUX"):
            return lemma != "be"
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            return True
        if lemma not in self._pair_heads:  # most tokens: no multi-word cue starts here
            return False
        return any(lemma == a and any(c.lemma_.lower() == b for c in tok.children) for a, b in self.cues.pairs)

    def is_speech(self, tok: Token) -> bool:
        return tok.i in self.cue_ids and tok.lemma_.lower() not in self.cues.belief

    def token_at(self, char: int) -> int:
        """Index of the token containing (or starting after) ``char``."""
        i = bisect_left(self.starts, char)
        if i < len(self.starts) and self.starts[i] == char:
            return i
        return max(i - 1, 0)

    def tokens_in(self, start: int, end: int) -> range:
        first = bisect_left(self.starts, start)
        last = bisect_left(self.starts, end)
        return range(first, last)

    def para_bounds(self, pos: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, pos) + 1
        end = self.text.find("\n", pos)
        return start, len(self.text) if end < 0 else end


# --------------------------------------------------------------------------- classification


def _classify(ctx: _Context, spans: list[_Span]) -> list[_Span]:
    """Mark each span as direct (a quote at a clause boundary) or a quoted phrase."""
    for span in spans:
        span.heading = _heading_speaker(ctx, span) is not None
        span.direct = span.heading or (
            _boundary_before(ctx, span) and _boundary_after(ctx, span) and not _named_term(ctx, span)
        )
    return spans


def _boundary_before(ctx: _Context, span: _Span) -> bool:
    p_start, _ = ctx.para_bounds(span.start)
    before = ctx.text[p_start : span.start].rstrip()
    if not before or before[-1] in ",:;.!?—–-([" or before[-1] in QUOTE_CHARS:
        return True
    words = before.split()
    last = words[-1].lower().strip("“”\"'‘’")
    tok = ctx.doc[ctx.token_at(span.start) - 1] if ctx.token_at(span.start) > 0 else None
    if last == "that":  # a complementizer, not a relative pronoun ("governments that “…”")
        return tok is None or tok.lower_ != "that" or (tok.dep_ == "mark" and tok.head.dep_ not in ("acl", "relcl"))
    if last in ("saying", "asking", "adding", "writing", "declaring", "warning"):
        return True
    return tok is not None and ctx.is_speech(tok)


def _boundary_after(ctx: _Context, span: _Span) -> bool:
    inner = ctx.text[span.start + 1 : span.end - 1].rstrip()
    if inner and inner[-1] in ",.!?…—–:;":
        return True
    _, p_end = ctx.para_bounds(span.end - 1)
    after = ctx.text[span.end : p_end].lstrip()
    if not after or after[0] in ",.;:!?)—–" or after[0] in QUOTE_CHARS:
        return True
    return _cue_after(ctx, span.end, window=3) is not None


def _named_term(ctx: _Context, span: _Span) -> bool:
    """A quoted title or term: preceded by "the word", "entitled", "called" and the like."""
    first = ctx.token_at(span.start)
    for j in range(first - 1, max(first - 3, -1), -1):
        tok = ctx.doc[j]
        if tok.is_punct:
            continue
        lemma = tok.lemma_.lower()
        naming_verb = lemma in ctx.cues.naming_verbs and (lemma != "call" or tok.dep_ != "ROOT")
        return tok.lower_ in ctx.cues.naming_nouns or naming_verb
    return False


def _join_split_quotes(ctx: _Context, spans: list[_Span]) -> list[_Span]:
    """Join direct quotes split around their attribution ("…," Yun said. "…") into one span."""
    joined: list[_Span] = []
    for span in spans:
        prev = joined[-1] if joined else None
        if prev is not None and prev.direct and span.direct and not prev.heading and _is_attribution_gap(ctx, prev, span):
            prev.parts.extend(span.parts)
            continue
        joined.append(span)
    return joined


def _is_attribution_gap(ctx: _Context, first: _Span, second: _Span) -> bool:
    gap = ctx.text[first.end : second.start]
    if "\n" in gap or not gap.strip() or len(gap) > 120:
        return False
    if ctx.text[first.start + 1 : first.end - 1].rstrip()[-1:] not in ",—–-" and not gap.rstrip().endswith((",", ":")):
        return False
    return any(i in ctx.cue_ids for i in ctx.tokens_in(first.end, second.start))


# --------------------------------------------------------------------------- attribution


def _direct_quote(ctx: _Context, span: _Span, doc_id: str) -> Quote:
    attr = _heading_speaker(ctx, span) if span.heading else _attribute_direct(ctx, span)
    return _make_quote(ctx, doc_id, span.start, span.end, "direct", attr)


def _attribute_direct(ctx: _Context, span: _Span) -> _Attribution:
    cue = _cue_in_gaps(ctx, span) or _cue_by_parse(ctx, span) or _cue_after(ctx, span.end, window=6)
    cue = cue or _cue_before(ctx, span.start)
    if cue is None:
        return _dash_attribution(ctx, span) or _Attribution(None, None, None)
    return _attribution_of(ctx, cue, exclude=(span.start, span.start))  # the parts are in ctx.quoted


def _dash_attribution(ctx: _Context, span: _Span) -> _Attribution | None:
    """A quote signed with a dash at the end of its paragraph: "…" ― Jane Doe (, her title)."""
    _, p_end = ctx.para_bounds(span.end - 1)
    m = _DASH_SIGNATURE.match(ctx.text, span.end, p_end)
    if m is None:
        return None
    start, end = m.span(1)
    toks = [ctx.doc[i] for i in ctx.tokens_in(start, end)]
    if not any(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" for t in toks):
        return None
    dash = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
    return _Attribution(None, (dash, dash + 1), (start, end))


def _cue_in_gaps(ctx: _Context, span: _Span) -> Token | None:
    for (_, a_end), (b_start, _) in zip(span.parts, span.parts[1:], strict=False):
        for i in ctx.tokens_in(a_end, b_start):
            if i in ctx.cue_ids:
                return ctx.doc[i]
    return None


def _cue_by_parse(ctx: _Context, span: _Span) -> Token | None:
    """A cue verb outside the quote that governs it, or that it governs (parataxis)."""
    best: Token | None = None
    start, end = span.start, span.end
    for i in ctx.tokens_in(start, end):
        tok = ctx.doc[i]
        candidates = [tok.head, tok.head.head] + [c for c in tok.children if c.dep_ in ("parataxis", "ccomp", "prep")]
        for cand in candidates:
            if start <= cand.idx < end or not ctx.is_speech(cand):
                continue
            if best is None or _distance(cand, start, end) < _distance(best, start, end):
                best = cand
    if best is not None and _distance(best, start, end) > 200:
        return None
    return best


def _distance(tok: Token, start: int, end: int) -> int:
    return start - tok.idx if tok.idx < start else tok.idx - end


def _cue_after(ctx: _Context, end: int, *, window: int) -> Token | None:
    """A cue verb among the few words right after a quote ("…," he told reporters)."""
    first = bisect_left(ctx.starts, end)
    for i in range(first, min(first + window, len(ctx.doc))):
        tok = ctx.doc[i]
        if tok.text in QUOTE_CHARS or "\n" in tok.text or (tok.is_sent_start and i > first + 1):
            return None
        if i in ctx.cue_ids and ctx.is_speech(tok):
            return tok
    return None


def _cue_before(ctx: _Context, start: int) -> Token | None:
    """The nearest speech verb before a quote in the same sentence ("X said in a speech: "…")."""
    last = bisect_left(ctx.starts, start) - 1
    if last < 0:
        return None
    sent_start = ctx.doc[last].sent.start
    for i in range(last, max(sent_start, last - 20) - 1, -1):
        tok = ctx.doc[i]
        if tok.text in QUOTE_CHARS and i != last:
            return None
        if ctx.is_speech(tok):
            return tok
    return None


def _attribution_of(ctx: _Context, cue: Token, *, exclude: tuple[int, int]) -> _Attribution:
    subject = _subject(ctx, cue, exclude)
    speaker = _speaker_span(ctx, subject) if subject is not None else None
    relayed = _relayer(ctx, cue, exclude)
    return _Attribution(cue, _cue_span(ctx, cue), speaker, relayed)


def _subject(ctx: _Context, cue: Token, exclude: tuple[int, int]) -> Token | None:
    if cue.lower_ == "according":
        objs = [t for t in cue.subtree if t.dep_ == "pobj" and not ctx.excluded(t, exclude)]
        return objs[0] if objs else None
    verb: Token | None = cue
    for _ in range(3):
        if verb is None:
            break
        subj = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
        if (subj is not None and not ctx.excluded(subj, exclude) and subj.lower_ not in _NOT_SPEAKERS
                and "\n" not in ctx.text[min(subj.idx, cue.idx) : max(subj.idx, cue.idx)]):
            return _antecedent_of_relative(subj)
        verb = verb.head if verb.dep_ in ("conj", "xcomp", "advcl", "acl", "ccomp", "parataxis") else None
    return _adjacent_subject(ctx, cue, exclude)


def _antecedent_of_relative(subj: Token) -> Token:
    """"a partner who says …": the speaker is the noun the relative clause hangs on."""
    if subj.lower_ in ("who", "that", "which") and subj.head.dep_ == "relcl":
        return subj.head.head
    return subj


def _adjacent_subject(ctx: _Context, cue: Token, exclude: tuple[int, int]) -> Token | None:
    """Fallback for a broken parse: a name or pronoun right next to the cue ("…," said Yun)."""
    doc = ctx.doc
    for j in (cue.i - 1, cue.i + 1, cue.i + 2):
        if 0 <= j < len(doc) and not ctx.excluded(doc[j], exclude):
            tok = doc[j]
            if tok.pos_ in ("PROPN", "PRON") or (tok.pos_ == "NOUN" and tok.lower_ in ctx.cues.institutions):
                return tok
    return None


def _speaker_span(ctx: _Context, head: Token) -> tuple[int, int]:
    """The mention that names a speaker: the subject noun with its modifiers, not its clauses."""
    if head.pos_ == "PRON":
        return head.idx, head.idx + len(head)
    left = head.left_edge
    while left.i < head.i and (left.is_punct or left.pos_ in ("CCONJ", "ADP", "ADV")):
        left = left.doc[left.i + 1]
    right = head
    for child in head.rights:
        if child.dep_ in _RIGHT_NAME_DEPS or (child.dep_ == "prep" and child.lower_ == "of" and head.pos_ == "NOUN"):
            right = child.right_edge if child.right_edge.i > right.i else right
        else:
            break
    while right.i > head.i and (right.is_punct or right.pos_ == "CCONJ"):
        right = right.doc[right.i - 1]
    start, end = left.idx, right.idx + len(right)
    cut = ctx.text.rfind("\n", start, head.idx)
    return (cut + 1 if cut >= 0 else start), end


def _cue_span(ctx: _Context, cue: Token) -> tuple[int, int]:
    if cue.lower_ == "according":
        nxt = ctx.doc[cue.i + 1]
        return cue.idx, nxt.idx + len(nxt)
    return cue.idx, cue.idx + len(cue)


def _relayer(ctx: _Context, cue: Token, exclude: tuple[int, int]) -> tuple[int, int] | None:
    """Who relayed the account: a speech verb whose reported clause holds this cue.

    "the office said that Kishida told Yoon, '…'" gives the office; coordinated verbs
    ("said … and also said") share one speaker and are no relay.
    """
    tok = cue
    for _ in range(4):
        if tok.dep_ not in ("ccomp", "advcl", "xcomp", "parataxis") or tok.head is tok:
            return None
        tok = tok.head
        if ctx.is_speech(tok):
            subject = _subject(ctx, tok, exclude)
            return _speaker_span(ctx, subject) if subject is not None else None
    return None


# --------------------------------------------------------------------------- headlines


def _heading_speaker(ctx: _Context, span: _Span) -> _Attribution | None:
    """`Speaker: "quote"` or `"quote": Speaker` as a whole heading line (title or subhead)."""
    p_start, p_end = ctx.para_bounds(span.start)
    line = ctx.text[p_start:p_end]
    if len(line.split()) > _MAX_HEADING_WORDS or line.rstrip().endswith("."):
        return None
    before = ctx.text[p_start : span.start]
    after = ctx.text[span.end : p_end]
    if not before.strip() and after.strip().startswith(":"):
        side_start = span.end + after.index(":") + 1
        colon = side_start - 1
        side = (side_start, p_end)
    elif not after.strip() and before.rstrip().endswith(":"):
        colon = p_start + before.rindex(":")
        side = (p_start, colon)
    else:
        return None
    speaker = _trim(ctx.text, *side)
    if speaker is None or not _looks_like_speaker(ctx, *speaker):
        return None
    return _Attribution(None, (colon, colon + 1), speaker)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (text[start].isspace() or text[start] in "-–—|"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "-–—|"):
        end -= 1
    return (start, end) if end > start else None


def _looks_like_speaker(ctx: _Context, start: int, end: int) -> bool:
    words = ctx.text[start:end].split()
    if not words or len(words) > 8 or any(ch in QUOTE_CHARS for ch in ctx.text[start:end]):
        return False
    toks = [ctx.doc[i] for i in ctx.tokens_in(start, end)]
    has_name = any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in toks)
    return has_name and not any(i in ctx.cue_ids for i in ctx.tokens_in(start, end))


# --------------------------------------------------------------------------- indirect


def _indirect_quotes(ctx: _Context, doc_id: str, direct: list[tuple[int, int]]) -> list[Quote]:
    quotes: list[Quote] = []
    for i in sorted(ctx.cue_ids):
        cue = ctx.doc[i]
        if _within(cue.idx, direct):
            continue  # an attribution inside a quote belongs to the quoted speaker
        content = _reported_clause(ctx, cue)
        if content is None or _mostly_direct(content, direct):
            continue
        attr = _attribution_of(ctx, cue, exclude=content)
        if attr.speaker is None:
            continue
        quotes.append(_make_quote(ctx, doc_id, *content, "indirect", attr))
    return quotes


def _reported_clause(ctx: _Context, cue: Token) -> tuple[int, int] | None:
    """The span of what a cue reports: a ccomp, an object + infinitive, or the rest of the sentence."""
    lemma = cue.lemma_.lower()
    if cue.lower_ == "according":
        return _according_clause(ctx, cue)
    holder = cue
    extra = [c for c in cue.children if c.lemma_.lower() in ("clear", "plain", "out")]
    for c in extra:
        if any(g.dep_ == "ccomp" for g in c.children):
            holder = c
    comps = sorted((c for c in holder.children if c.dep_ == "ccomp"), key=lambda c: c.i < cue.i)
    comps = [c for c in comps if c.lemma_.lower() not in ("clear", "plain")] or comps
    if comps:
        clause = comps[0]
        first = clause.left_edge.i
        if clause.lemma_.lower() in ("clear", "plain") and first == clause.i:
            first += 1  # "made clear that …" parsed with "clear" heading the clause
        return _clean_clause(ctx, first, clause.right_edge.i, cue)
    before = ctx.doc[cue.left_edge.i - 1] if cue.left_edge.i > 0 else None
    if (cue.dep_ in ("parataxis", "ccomp") and cue.head.i < cue.i and cue.head.pos_ in ("VERB", "AUX")
            and before is not None and before.text == ","):
        return _clean_clause(ctx, cue.head.left_edge.i, cue.left_edge.i - 1, cue)  # "…, X said."
    if lemma in ctx.cues.directive:
        obj = next((c for c in cue.children if c.dep_ in ("dobj", "dative")), None)
        xcomp = next((c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i), None)
        if obj is not None and xcomp is not None:
            return _clean_clause(ctx, obj.left_edge.i, xcomp.right_edge.i, cue)
    return None


def _according_clause(ctx: _Context, cue: Token) -> tuple[int, int] | None:
    sent = cue.sent
    phrase = list(cue.subtree)
    first, last = phrase[0].i, phrase[-1].i
    if first <= sent.start + 1:
        return _clean_clause(ctx, last + 1, sent.end - 1, cue)
    if last >= sent.end - 2:
        return _clean_clause(ctx, sent.start, first - 1, cue)
    return None


def _clean_clause(ctx: _Context, first: int, last: int, cue: Token) -> tuple[int, int] | None:
    """Trim edge punctuation (not quotation marks) and refuse clauses that hold the cue."""
    doc = ctx.doc
    while first <= last and doc[first].is_punct and doc[first].text not in QUOTE_CHARS:
        first += 1
    while last >= first and (doc[last].is_punct and doc[last].text not in QUOTE_CHARS or doc[last].is_space):
        last -= 1
    if last - first < 2 or first <= cue.i <= last:
        return None
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    return None if "\n" in ctx.text[start:end] else (start, end)


def _mostly_direct(content: tuple[int, int], direct: list[tuple[int, int]]) -> bool:
    size = content[1] - content[0]
    covered = sum(max(0, min(e, content[1]) - max(s, content[0])) for s, e in direct)
    return covered >= 0.5 * size


# --------------------------------------------------------------------------- phrases


def _phrase(ctx: _Context, span: _Span, doc_id: str, indirect: list[Quote]) -> Quote:
    """A quoted term or scare quote: its speaker only where a reported clause or cue gives one."""
    host = next((q for q in indirect if q.start <= span.start and span.end <= q.end), None)
    if host is not None:
        attr = _Attribution(None, _opt(host.cue_start, host.cue_end), _opt(host.speaker_start, host.speaker_end),
                            _opt(host.relayed_start, host.relayed_end))
        return _make_quote(ctx, doc_id, span.start, span.end, "phrase", attr, cue_text=host.cue)
    cue = _naming_cue(ctx, span)
    attr = _attribution_of(ctx, cue, exclude=(span.start, span.end)) if cue is not None else _Attribution(None, None, None)
    return _make_quote(ctx, doc_id, span.start, span.end, "phrase", attr)


def _naming_cue(ctx: _Context, span: _Span) -> Token | None:
    cue = _cue_by_parse(ctx, span)
    if cue is not None:
        return cue
    first = ctx.token_at(span.start)
    tok = ctx.doc[first]
    for anc in tok.ancestors:
        if span.start <= anc.idx < span.end:
            continue
        if anc.lemma_.lower() in ctx.cues.naming_verbs or ctx.is_speech(anc):
            return anc
        if anc.dep_ in ("ROOT", "relcl"):
            break
    return None


def _opt(start: int | None, end: int | None) -> tuple[int, int] | None:
    return None if start is None or end is None else (start, end)


# --------------------------------------------------------------------------- records


def _make_quote(ctx: _Context, doc_id: str, start: int, end: int, kind: str, attr: _Attribution,
                cue_text: str | None = None) -> Quote:  # fmt: skip
    text = ctx.text
    speaker = attr.speaker
    relayed = attr.relayed if attr.relayed != speaker else None
    cue_span = attr.cue_span
    return Quote(
        doc_id=doc_id,
        start=start,
        end=end,
        text=text[start:end],
        kind=kind,
        cue=cue_text or (text[cue_span[0] : cue_span[1]] if cue_span else None),
        cue_start=cue_span[0] if cue_span else None,
        cue_end=cue_span[1] if cue_span else None,
        speaker_start=speaker[0] if speaker else None,
        speaker_end=speaker[1] if speaker else None,
        speaker_text=text[speaker[0] : speaker[1]] if speaker else None,
        relayed_start=relayed[0] if relayed else None,
        relayed_end=relayed[1] if relayed else None,
        relayed_text=text[relayed[0] : relayed[1]] if relayed else None,
        confidence=_confidence(ctx, kind, attr),
        extractor=EXTRACTOR,
    )


def _confidence(ctx: _Context, kind: str, attr: _Attribution) -> float:
    if kind == "phrase":
        return 0.5
    if attr.speaker is None:
        return 0.6 if kind == "direct" else 0.3
    belief = attr.cue is not None and attr.cue.lemma_.lower() in ctx.cues.belief
    base = 0.9 if kind == "direct" else 0.7
    return round(base - (0.2 if belief else 0.0), 2)


def attribute_quotes(quotes: list[Quote], mentions: Sequence[ActorMentionLike]) -> list[Quote]:
    """Give each quote its speaker and relayer actor ids from the resolved actor mentions.

    The actor mention that lies inside the speaker span (or overlaps it) names the speaker;
    the same for the relaying source. Unattributed quotes keep no speaker. A direct quote
    right after another source's report that names its speaker is relayed by that source
    ("The palace revealed that the talk was initiated by Tanaka. He said, '…'").
    """
    attributed = [
        replace(
            quote,
            speaker_id=_actor_at(mentions, quote.speaker_start, quote.speaker_end),
            relayed_by_id=_actor_at(mentions, quote.relayed_start, quote.relayed_end),
        )
        for quote in quotes
    ]
    return [_relayed_by_previous_report(quote, attributed, mentions) for quote in attributed]


_RELAY_GAP = 300  # characters between a report and the direct quote it introduces


def _relayed_by_previous_report(quote: Quote, quotes: list[Quote], mentions: Sequence[ActorMentionLike]) -> Quote:
    if quote.kind != "direct" or quote.relayed_by_id or not quote.speaker_id:
        return quote
    reports = [q for q in quotes if q.kind == "indirect" and q.end <= quote.start and quote.start - q.end < _RELAY_GAP]
    if not reports or reports[-1].speaker_id in (None, quote.speaker_id):
        return quote
    report = reports[-1]
    named = [m for m in mentions if m.actor_id == quote.speaker_id and m.method != "pronoun"]  # by name, not "he"
    if not any(report.start <= m.start < report.end for m in named):
        return quote
    return replace(quote, relayed_by_id=report.speaker_id)


def _actor_at(mentions: Sequence[ActorMentionLike], start: int | None, end: int | None) -> str | None:
    if start is None or end is None:
        return None
    inside = [m for m in mentions if m.actor_id and start <= m.start and m.end <= end]
    overlapping = inside or [m for m in mentions if m.actor_id and m.start < end and start < m.end]
    if not overlapping:
        return None
    # the head of the speaker phrase is its last name-like mention ("Japanese Foreign Ministry officials")
    return max(overlapping, key=lambda m: (m.method != "alias" or m.label not in ("NORP",), m.end - m.start)).actor_id
