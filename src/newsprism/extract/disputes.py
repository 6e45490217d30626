"""Disputes: where one account contests another ("the Pentagon denied the report").

One linear pass over the sentences of a parsed ``Doc``; a sentence is read only when one of
its lemmas can start a cue (the cue words live in ``_dispute_cues.toml``).  Four kinds:

* **contradiction**: a predicate of a claim that contests it ("the figures were inaccurate",
  "called the report false", "the content … was quite different from the facts", "that is not
  true", "there is no truth to the report"), "contrary to what X said / X's claims", and verbs
  such as "contradicted the ministry's account";
* **denial**: deny, refute, reject, dispute … whose object is a claim-like noun ("denied the
  report", "refuted Y's claim that …"), a quote, or for deny/dispute/refute a that-clause or
  gerund ("denied that its troops had crossed"); a denied *action* ("denied entry", "rejected
  the proposal") is no dispute;
* **dismissal**: "dismissed the claims (as false)", "brushed aside the reports", or any
  object dismissed as a contradiction predicate ("dismissed the inquiry as a hoax");
* **correction**: "corrected the report"; "clarified that …" only when an earlier quote by
  another actor gives the claim it corrects.

A cue does not count when it is negated or cancelled ("did not deny", "declined to confirm or
deny", "no one disputes", "the report was not false"), hypothetical ("if the report is false",
"whether it was true", "the report could be false"), in a question, only named ("a motion to
dismiss the charges", "a chance to rebut"), or when its claim lies in another paragraph (a parse
across a line break).  A pronoun claim ("that is not true", "the ministry denied it") and a
correction's that-clause count only when an earlier quote gives the claim's owner as an actor;
a wh-clause ("clarified what he meant") is no claim.  A dispute with neither party found is
dropped.  Quantified and relative objects are followed ("denied all of the allegations", "a claim
Putin has denied").

The **disputer** is the subject of the cue verb (or of the naming verb: "X called it false"),
through "has denied", "moved to deny", relative clauses and passive agents; for a predicate,
and for a first-person subject ("we deny …"), the speaker of the quote that holds the cue, else
the subject of the saying verb above it.  The **disputed** party is the owner named in the claim
phrase: a possessor ("Seoul's account"; "his claim" → the nearest earlier person, at lower
confidence, as the actor layer resolves only subject pronouns), an agent or source ("the content released by the ROK",
"the report by X", "claims from X"), a name compound ("the Reuters report"), the subject of an
owning clause ("the claims Washington made", "contrary to what X said").  ``claim_start`` /
``claim_end`` then point at that party's nearest earlier quote (as speaker or relay).  Without an
owner, the disputed party is guessed: the speaker of the nearest earlier quote (within
``_WINDOW`` characters, a different actor from the disputer, in the two sentences before or
sharing a content word with the disputing sentence), at lower confidence.  A dispute of one's
own claim (same actor on both sides) is dropped.  One dispute per claim and sentence: a verb cue
wins over a predicate of the same claim ("dismissed the claims as false" is one dismissal).
``start``/``end`` is the sentence, cut to the cue's paragraph.

Confidence: 0.9 with the disputed party named in the claim phrase, 0.6 when guessed from an
earlier quote or a possessive pronoun, 0.5 when unknown; 0.2 less without a disputer, 0.1 less
for a pronoun or corrected clause as the claim.
"""

from __future__ import annotations

import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from newsprism.annotate.extensions import doc_text
from newsprism.extract.quotes import QUOTE_CHARS, ActorMentionLike, load_cues
from newsprism.model import Dispute, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

EXTRACTOR = "newsprism.disputes.rules.v1"

_WINDOW = 2000  # characters before a cue searched for the contested quote
_NEAR_SENTENCES = 2  # an earlier quote this close needs no shared word with the disputing sentence
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "ccomp", "parataxis"})  # verb to verb, never to a noun
_NAME_DEPS = frozenset({"compound", "flat", "amod", "nmod"})
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
_RELATIVES = frozenset({"which", "that", "who", "what"})
_QUANTIFIERS = frozenset({"all", "some", "any", "each", "both", "many", "most", "several", "one", "none"})
_NOBODY = frozenset({"nobody", "none", "noone"})
_PERSON_POSSESSIVES = frozenset({"his", "her"})
_BODY_POSSESSIVES = frozenset({"its", "their"})
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
_KIND_ORDER = {"denial": 0, "dismissal": 1, "correction": 2, "contradiction": 3}


@dataclass(frozen=True, slots=True)
class DisputeCues:
    """The cue lexicon of ``_dispute_cues.toml``, as sets of lemmas."""

    claim_nouns: frozenset[str]
    clause_nouns: frozenset[str]
    pronouns: frozenset[str]
    owner_verbs: frozenset[str]
    institutions: frozenset[str]
    predicates: frozenset[str]
    negated: frozenset[str]
    against_facts: frozenset[tuple[str, str]]
    facts: frozenset[str]
    negated_nouns: frozenset[tuple[str, str]]
    against_claims: frozenset[tuple[str, str]]
    naming_verbs: frozenset[str]
    verb_kinds: dict[str, str]  # cue verb lemma -> kind
    pairs: frozenset[tuple[str, str]]  # dismissal verb + particle
    particle_verbs: frozenset[str]  # verbs that are cues only with their particle ("brush aside")
    clause_verbs: frozenset[str]  # verbs that may dispute a that-clause or gerund
    pronoun_verbs: frozenset[str]
    neg_heads: frozenset[str]
    neg_words: frozenset[str]
    modals: frozenset[str]
    conditional_marks: frozenset[str]
    speech: frozenset[str]  # saying verbs (from the quote cues) whose subject speaks a predicate

    @property
    def lemmas(self) -> frozenset[str]:
        """Every lemma that can start a cue: the per-sentence pre-filter."""
        return (
            self.predicates | self.negated | self.verb_kinds.keys()
            | {a for a, _ in self.against_facts | self.negated_nouns | self.against_claims | self.pairs}
        )  # fmt: skip


@lru_cache(maxsize=1)
def load_dispute_cues() -> DisputeCues:
    """Read the dispute cue lexicon shipped as package data (``_dispute_cues.toml``)."""
    raw = tomllib.loads(resources.files("newsprism.extract").joinpath("_dispute_cues.toml").read_text("utf-8"))
    claims, contra, denial = raw["claims"], raw["contradiction"], raw["denial"]
    dismissal, correction, negation = raw["dismissal"], raw["correction"], raw["negation"]
    kinds = {lemma: kind for kind, table in (("contradiction", contra), ("correction", correction),
             ("dismissal", dismissal), ("denial", denial)) for lemma in table["verbs"]}  # fmt: skip
    quote_cues = load_cues()
    return DisputeCues(
        claim_nouns=frozenset(claims["nouns"]),
        clause_nouns=frozenset(claims["clause_nouns"]),
        pronouns=frozenset(claims["pronouns"]),
        owner_verbs=frozenset(claims["owner_verbs"]),
        institutions=frozenset(claims["institutions"]),
        predicates=frozenset(contra["predicates"]),
        negated=frozenset(contra["negated"]),
        against_facts=frozenset((a, b) for a, b in contra["against_facts"]),
        facts=frozenset(contra["facts"]),
        negated_nouns=frozenset((a, b) for a, b in contra["negated_nouns"]),
        against_claims=frozenset((a, b) for a, b in contra["against_claims"]),
        naming_verbs=frozenset(contra["naming_verbs"]),
        verb_kinds=kinds | {a: "dismissal" for a, _ in dismissal["pairs"]},
        pairs=frozenset((a, b) for a, b in dismissal["pairs"]),
        particle_verbs=frozenset(a for a, _ in dismissal["pairs"]) - frozenset(dismissal["verbs"]),
        clause_verbs=frozenset(denial["clause_verbs"]) | frozenset(correction["clause_verbs"]),
        pronoun_verbs=frozenset(denial["pronoun_verbs"]),
        neg_heads=frozenset(negation["heads"]),
        neg_words=frozenset(negation["words"]),
        modals=frozenset(negation["modals"]),
        conditional_marks=frozenset(negation["conditional_marks"]),
        speech=quote_cues.speech | quote_cues.belief,
    )


@dataclass(frozen=True, slots=True)
class _Hit:
    """One cue found in a sentence, before its parties are resolved."""

    kind: str
    cue: Token  # the token that carries the cue
    cue_span: tuple[int, int]
    claim: Token | None  # head of the contested claim phrase, when the sentence names one
    verb: Token | None  # the verb whose subject disputes (the cue verb, or "called" in "called it false")
    owner: Token | None = None  # the claim's owner found outside the claim phrase ("contrary to what X said")
    strict: bool = False  # pronoun or clause claim: keep only when the disputed party is found


@dataclass(frozen=True, slots=True)
class _Party:
    text: str | None
    actor_id: str | None


# --------------------------------------------------------------------------- public API


def extract_disputes(
    doc: Doc, *, doc_id: str, mentions: Sequence[ActorMentionLike], quotes: Sequence[Quote]
) -> list[Dispute]:
    """Find statements that contest another account: contradictions, denials, dismissals, corrections.

    Args:
        doc: a ``Doc`` parsed by the pinned spaCy model (tagger, parser, NER).
        doc_id: the id stored on every record.
        mentions: the resolved actor mentions of the document (character offsets, ``actor_id``).
        quotes: the document's quotes with speakers resolved (``attribute_quotes``).

    Returns:
        ``Dispute`` records in text order; offsets are character offsets into the document text.
    """
    ctx = _Context(doc, load_dispute_cues(), mentions, quotes)
    lemmas = ctx.cues.lemmas
    disputes: list[Dispute] = []
    for index, sent in enumerate(doc.sents):
        candidates = [tok for tok in sent if tok.lemma_.lower() in lemmas]
        if not candidates or _is_question(ctx, sent):
            continue
        hits = [hit for tok in candidates if (hit := _match(ctx, tok)) is not None and _stands(ctx, hit)]
        for hit in _one_per_claim(hits):
            dispute = _make_dispute(ctx, doc_id, sent, index, hit)
            if dispute is not None:
                disputes.append(dispute)
    return disputes


# --------------------------------------------------------------------------- context


class _Context:
    """The parsed doc with the lookups every rule needs, built once per document."""

    def __init__(self, doc: Doc, cues: DisputeCues, mentions: Sequence[ActorMentionLike],
                 quotes: Sequence[Quote]) -> None:  # fmt: skip
        self.doc = doc
        self.text = doc_text(doc)
        self.cues = cues
        self.mentions = sorted((m for m in mentions if m.actor_id), key=lambda m: (m.start, m.end))
        self.mention_starts = [m.start for m in self.mentions]
        self.quotes = sorted(quotes, key=lambda q: (q.start, q.end))
        self.quote_starts = [q.start for q in self.quotes]
        self.sent_starts = [sent.start_char for sent in doc.sents] if quotes else []
        self._quote_lemmas: dict[tuple[int, int], frozenset[str]] = {}

    def mentions_in(self, start: int, end: int) -> list[ActorMentionLike]:
        first = bisect_left(self.mention_starts, start)
        last = bisect_left(self.mention_starts, end)
        return [m for m in self.mentions[first:last] if m.end <= end]

    def paragraph(self, char: int) -> tuple[int, int]:
        """The line holding ``char``: paragraphs are lines of the cleaned text."""
        end = self.text.find("\n", char)
        return self.text.rfind("\n", 0, char) + 1, len(self.text) if end < 0 else end

    def sentence_of(self, char: int) -> int:
        return max(bisect_right(self.sent_starts, char) - 1, 0)

    def quote_lemmas(self, quote: Quote) -> frozenset[str]:
        key = (quote.start, quote.end)
        if key not in self._quote_lemmas:
            span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
            self._quote_lemmas[key] = _content_lemmas(self, span) if span is not None else frozenset()
        return self._quote_lemmas[key]


def _is_question(ctx: _Context, sent: Span) -> bool:
    return ctx.text[sent.start_char : sent.end_char].rstrip().rstrip("".join(QUOTE_CHARS) + ")]").endswith("?")


def _content_lemmas(ctx: _Context, span: Span) -> frozenset[str]:
    cues = ctx.cues
    skip = cues.claim_nouns | cues.speech | cues.lemmas
    return frozenset(
        t.lemma_.lower() for t in span if t.pos_ in _CONTENT_POS and not t.is_stop and t.lemma_.lower() not in skip
    )


# --------------------------------------------------------------------------- cues


def _match(ctx: _Context, tok: Token) -> _Hit | None:
    """The cue this token starts, if its parse meets the cue's conditions."""
    if tok.pos_ == "VERB" and tok.dep_ not in ("amod", "compound") and tok.lemma_.lower() in ctx.cues.verb_kinds:
        return _verb_cue(ctx, tok)
    return _predicate_cue(ctx, tok) or _contrary_cue(ctx, tok) or _no_truth_cue(ctx, tok)


def _verb_cue(ctx: _Context, verb: Token) -> _Hit | None:
    """deny / refute / reject / dismiss / correct / contradict + a claim, a pronoun or a that-clause."""
    cues, lemma = ctx.cues, verb.lemma_.lower()
    particle = _particle(ctx, verb)
    if lemma in cues.particle_verbs and particle is None:
        return None  # "brush" without "aside"
    if verb.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None  # a dispute named, not made: "a motion to dismiss the charges", "a chance to rebut"
    kind = cues.verb_kinds[lemma]
    last = particle or verb
    span = (verb.idx, last.idx + len(last))
    obj = _object(verb)
    if obj is None:
        if lemma in cues.clause_verbs and _reported_clause(ctx, verb) is not None:
            return _Hit(kind, verb, span, None, verb, strict=kind == "correction")
        return None
    status = _claim_status(ctx, obj, verb)
    dismissed_as = kind in ("dismissal", "denial") and _as_predicate(ctx, verb) is not None
    if status == "claim" or (dismissed_as and obj.pos_ != "PRON"):
        return _Hit(kind, verb, span, obj, verb)
    if status == "pronoun" and (lemma in cues.pronoun_verbs or dismissed_as):
        return _Hit(kind, verb, span, obj, verb, strict=True)
    return None


def _particle(ctx: _Context, verb: Token) -> Token | None:
    lemma = verb.lemma_.lower()
    particles = (c for c in verb.children if c.dep_ in ("prt", "advmod", "prep"))
    return next((c for c in particles if (lemma, c.lower_) in ctx.cues.pairs), None)


def _object(verb: Token) -> Token | None:
    """The verb's object: its dobj, or the passive subject ("the report was denied"), or "dismissed as nonsense
    accusations that …"; a relative or a relative clause without one → its antecedent ("a claim Putin denied");
    a quantifier → what it counts ("denied all of the allegations")."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None and any(c.dep_ == "auxpass" for c in verb.children):
        obj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if obj is None:
        obj = next((g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children
                    if g.dep_ == "pobj" and any(n.dep_ in ("nmod", "amod") for n in g.children)), None)  # fmt: skip
    if verb.dep_ == "relcl" and (_relative(obj) if obj is not None else _subject_not_relative(verb)):
        return verb.head  # "a claim which Putin denied", "a claim Putin denied", not "content that contradicted X"
    if obj is not None and obj.lower_ in _QUANTIFIERS:
        counted = next((g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                        if g.dep_ == "pobj"), None)  # fmt: skip
        return counted or obj
    return obj


def _relative(tok: Token) -> bool:
    """A relative pronoun ("which", "that", "who"), not the WHO or a demonstrative "that"."""
    return tok.lower_ in _RELATIVES and tok.tag_ in ("WDT", "WP")


def _subject_not_relative(verb: Token) -> bool:
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and not _relative(subject)


def _reported_clause(ctx: _Context, verb: Token) -> Token | None:
    """A that-clause or gerund the verb denies ("denied that …", "denied having …"), in the verb's paragraph."""
    for child in verb.children:
        if (child.dep_ == "ccomp" and child.i > verb.i) or (child.dep_ in ("xcomp", "pcomp") and child.tag_ == "VBG"):
            first, end = child.left_edge, child.right_edge.idx
            if first.tag_ in ("WDT", "WP", "WRB") or first.lower_ in ctx.cues.conditional_marks:
                return None  # "clarify what the candidate meant", "deny whether …": no claim stated
            return None if "\n" in ctx.text[verb.idx : end] else child
    return None


def _as_predicate(ctx: _Context, verb: Token) -> Token | None:
    """The contradiction predicate after "as": "dismissed … as false / as propaganda / as fake news"."""
    obj = _object(verb)
    heads = [verb] + ([obj] if obj is not None else [])
    for prep in (c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "as"):
        for pred in prep.children:
            if pred.lemma_.lower() in ctx.cues.predicates:
                return pred
            if any(c.dep_ == "amod" and c.lemma_.lower() in ctx.cues.predicates for c in pred.children):
                return pred
    return None


def _predicate_cue(ctx: _Context, tok: Token) -> _Hit | None:
    """A contesting predicate of a claim: "was false", "not true", "different from the facts", "called it false"."""
    cues, lemma = ctx.cues, tok.lemma_.lower()
    if tok.pos_ not in ("ADJ", "NOUN", "VERB"):
        return None
    if lemma in cues.predicates or (lemma in cues.negated and _own_negation(ctx, tok)):
        end = tok
    else:
        end = _fact_object(ctx, tok)
        if end is None:
            return None
    subject, verb = _predicated_of(ctx, tok)
    if subject is None:
        return None
    status = _claim_status(ctx, subject, tok)
    if status is None or (lemma not in cues.negated and _own_negation(ctx, tok)) or _modal(ctx, tok):
        return None
    start = _negator_start(ctx, tok) if lemma in cues.negated else tok.idx
    if tok.dep_ == "pobj" and tok.head.i == tok.i - 1:
        start = tok.head.idx  # "at odds with the facts"
    return _Hit("contradiction", tok, (start, end.idx + len(end)), subject, verb, strict=status == "pronoun")


def _fact_object(ctx: _Context, tok: Token) -> Token | None:
    """The fact noun ending "different from the facts", or None."""
    for prep in tok.children:
        if prep.dep_ == "prep" and (tok.lemma_.lower(), prep.lower_) in ctx.cues.against_facts:
            fact = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if fact is not None and fact.lemma_.lower() in ctx.cues.facts:
                return fact
    return None


def _predicated_of(ctx: _Context, tok: Token) -> tuple[Token | None, Token | None]:
    """The subject a predicate is said of, and the naming or dismissing verb when there is one."""
    node = tok
    if tok.dep_ == "amod" and (tok.head.dep_ in ("attr", "oprd") or _after_as(tok.head)):
        node = tok.head  # "is fake news", "as fake news"; never "after many false alarms"
    if node.dep_ in ("pobj", "amod", "acomp") and node.head.dep_ == "prep" and node.head.lower_ == "as":
        node = node.head  # "described the claims as false"
    elif node.dep_ == "pobj" and node.head.dep_ == "prep" and _fact_object(ctx, node) is not None:
        node = node.head  # "at odds with the facts"
    head = node.head
    if (node.dep_ == "prep" and node.lower_ == "as") or node.dep_ == "oprd":
        if head.pos_ != "VERB":
            return None, None
        other = next((c for c in head.children if c.dep_ == "oprd" and c is not node and c.pos_ == "NOUN"), None)
        return _object(head) or other, head  # "called Uganda's claims false" parsed with two oprd
    if node.dep_ in ("acomp", "attr", "prep") and head.pos_ in ("AUX", "VERB"):
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and _relative(subject) and head.dep_ == "relcl":
            subject = head.head
        return subject, None
    return None, None


def _after_as(tok: Token) -> bool:
    return tok.dep_ == "pobj" and tok.head.lower_ == "as"


def _contrary_cue(ctx: _Context, tok: Token) -> _Hit | None:
    """A contested claim after "contrary to": "what X said", "X's claims", "reports"."""
    prep = next((c for c in tok.children if (tok.lemma_.lower(), c.lower_) in ctx.cues.against_claims), None)
    if prep is None:
        return None
    span = (tok.idx, prep.idx + len(prep))
    for obj in prep.children:
        if obj.dep_ == "pobj" and _claim_status(ctx, obj, tok) == "claim":
            return _Hit("contradiction", tok, span, obj, None)
        clause = obj if obj.dep_ == "pcomp" else obj.head if obj.dep_ == "dobj" else None
        if obj.dep_ == "pobj" and obj.lower_ == "what":
            clause = next((c for c in obj.children if c.dep_ == "relcl"), None)
        if clause is not None and clause.lemma_.lower() in ctx.cues.speech:
            owner = next((c for c in clause.children if c.dep_ in _SUBJECT_DEPS), None)
            if owner is not None:
                return _Hit("contradiction", tok, span, None, None, owner=owner)
    return None


def _no_truth_cue(ctx: _Context, tok: Token) -> _Hit | None:
    """A negated noun before the claim: "there is no truth to the report", "no basis for the claims"."""
    prep = next((c for c in tok.children if (tok.lemma_.lower(), c.lower_) in ctx.cues.negated_nouns), None)
    if prep is None or tok.pos_ != "NOUN" or not _own_negation(ctx, tok):
        return None
    claim = next((c for c in prep.children if c.dep_ == "pobj"), None)
    status = _claim_status(ctx, claim, tok) if claim is not None else None
    if claim is None or status is None:
        return None
    return _Hit("contradiction", tok, (_negator_start(ctx, tok), prep.idx + len(prep)), claim, None,
                strict=status == "pronoun")  # fmt: skip


def _claim_status(ctx: _Context, tok: Token, cue: Token) -> str | None:
    """How ``tok`` names a claim: "claim" (a claim noun or a quote), "pronoun" (it, this, that) or None."""
    cues, lemma = ctx.cues, tok.lemma_.lower()
    if tok.pos_ in ("NOUN", "PROPN") and lemma in cues.claim_nouns:
        return "claim"
    if lemma in cues.clause_nouns and any(
        g.dep_ == "mark" and g.lower_ == "that" for c in tok.children if c.dep_ in ("acl", "ccomp") for g in c.children
    ):
        return "claim"
    if tok.pos_ == "PRON" and tok.lower_ in cues.pronouns:
        return "pronoun"
    said = (q for q in _quotes_around(ctx, tok.idx) if q.kind != "indirect" and q.speaker_text)
    if any(not q.start <= cue.idx < q.end for q in said):
        return "claim"  # someone's quoted words, not holding the cue: "denied the 'provocation' remark"
    return None


def _quotes_around(ctx: _Context, char: int) -> list[Quote]:
    """The quotes whose span holds ``char``."""
    last = bisect_right(ctx.quote_starts, char)
    return [q for q in ctx.quotes[:last] if q.end > char]


# --------------------------------------------------------------------------- negation


def _own_negation(ctx: _Context, tok: Token) -> bool:
    """A negator on the cue word or on its copula: "not true", "is not true", "no truth", "never accurate"."""
    holders = [tok] + ([tok.head] if tok.dep_ in ("acomp", "attr") else [])
    return any(_negates(ctx, c) for h in holders for c in h.children)


def _modal(ctx: _Context, tok: Token) -> bool:
    """A predicate as a possibility: "this can't be true", "the report could be false"."""
    holders = [tok] + ([tok.head] if tok.dep_ in ("acomp", "attr") else [])
    return any(c.dep_ == "aux" and c.lemma_.lower() in ctx.cues.modals for h in holders for c in h.children)


def _negates(ctx: _Context, child: Token) -> bool:
    return child.dep_ == "neg" or (child.lower_ in ctx.cues.neg_words and child.dep_ in ("preconj", "advmod", "det"))


def _negator_start(ctx: _Context, tok: Token) -> int:
    """Where "not true" starts: the negator right before the cue word, else the cue word."""
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    return before.idx if before is not None and _negates(ctx, before) else tok.idx


def _stands(ctx: _Context, hit: _Hit) -> bool:
    """The cue and its claim share a paragraph (a parse across a line break is no evidence), and nothing cancels it."""
    start, end = ctx.paragraph(hit.cue.idx)
    inside = all(start <= tok.idx < end for tok in (hit.claim, hit.owner) if tok is not None)
    return inside and not _cancelled(ctx, hit)


def _cancelled(ctx: _Context, hit: _Hit) -> bool:
    """Negated, refused, hypothetical: "did not deny", "declined to confirm or deny", "if the report is false"."""
    cues = ctx.cues
    node = hit.cue
    if hit.verb is hit.cue and (any(_negates(ctx, c) for c in node.children) or _nobody(ctx, node)):
        return True
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in cues.conditional_marks for c in node.children):
            return True
        if node.dep_ == "ROOT" or node.head.i == node.i:
            return False
        link, node = node, node.head
        lemma = node.lemma_.lower()
        if link.dep_ == "xcomp" and (lemma in cues.neg_heads or any(_negates(ctx, c) for c in node.children)):
            return True
        if link.dep_ == "conj" and any(c.lower_ in ("or", "nor") for c in node.children) and _negated_choice(ctx, node):
            return True
        if lemma in cues.speech and any(_negates(ctx, c) for c in node.children):
            return True
    return False


def _nobody(ctx: _Context, verb: Token) -> bool:
    """A negative subject: "no one disputes that …", "nobody denied the report"."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    return subject.lower_ in _NOBODY or any(c.dep_ == "det" and c.lower_ == "no" for c in subject.children)


def _negated_choice(ctx: _Context, node: Token) -> bool:
    """"neither confirmed nor denied", "declined to confirm or deny", "did not confirm or deny"."""
    if any(_negates(ctx, c) for c in node.children):
        return True
    return node.dep_ == "xcomp" and node.head.lemma_.lower() in ctx.cues.neg_heads


def _one_per_claim(hits: list[_Hit]) -> list[_Hit]:
    """One dispute per claim in a sentence: a verb cue wins over a predicate of the same claim."""
    kept: list[_Hit] = []
    seen: set[int] = set()
    for hit in sorted(hits, key=lambda h: (_KIND_ORDER[h.kind], h.cue.i)):
        key = hit.claim.i if hit.claim is not None else -1 - hit.cue.i
        if key in seen or (hit.verb is not None and -1 - hit.verb.i in seen):
            continue
        seen.update({key, -1 - hit.cue.i})
        kept.append(hit)
    return sorted(kept, key=lambda h: h.cue.i)


# --------------------------------------------------------------------------- parties


def _make_dispute(ctx: _Context, doc_id: str, sent: Span, index: int, hit: _Hit) -> Dispute | None:
    disputer = _disputer(ctx, hit)
    disputed, claim_quote, guessed = _disputed(ctx, sent, index, hit, disputer)
    if disputer.actor_id is not None and disputer.actor_id == disputed.actor_id:
        return None  # one's own claim: a self-correction, not two accounts
    if (hit.strict and disputed.actor_id is None) or (disputer.text is None and disputed.text is None):
        return None  # an unresolved pronoun claim, or a dispute between nobody in particular
    para_start, para_end = ctx.paragraph(hit.cue.idx)
    start, end = max(sent.start_char, para_start), min(sent.end_char, para_end)
    while end > start and ctx.text[end - 1].isspace():
        end -= 1
    return Dispute(
        doc_id=doc_id,
        start=start,
        end=end,
        cue=ctx.text[hit.cue_span[0] : hit.cue_span[1]],
        cue_start=hit.cue_span[0],
        cue_end=hit.cue_span[1],
        kind=hit.kind,
        disputer_id=disputer.actor_id,
        disputer_text=disputer.text,
        disputed_id=disputed.actor_id,
        disputed_text=disputed.text,
        claim_start=claim_quote.start if claim_quote else None,
        claim_end=claim_quote.end if claim_quote else None,
        confidence=_confidence(hit, disputer, disputed, guessed),
        extractor=EXTRACTOR,
    )


def _confidence(hit: _Hit, disputer: _Party, disputed: _Party, guessed: bool) -> float:
    score = 0.9 if disputed.text is not None and not guessed else 0.6 if disputed.text is not None else 0.5
    if disputer.text is None:
        score -= 0.2
    if hit.strict:
        score -= 0.1
    return round(score, 2)


def _disputer(ctx: _Context, hit: _Hit) -> _Party:
    """Who contests: the cue verb's subject, else the speaker of the quote or saying verb holding the cue."""
    para_start, para_end = ctx.paragraph(hit.cue.idx)
    if hit.verb is not None:
        subject = _subject(hit.verb)
        if subject is not None and subject.lower_ not in _FIRST_PERSON and para_start <= subject.idx < para_end:
            return _party(ctx, subject)
    quote = _speaking_quote(ctx, hit.cue.idx)
    if quote is not None:
        return _Party(quote.speaker_text, quote.speaker_id)
    for anc in hit.cue.ancestors:
        if anc.pos_ == "VERB" and anc.lemma_.lower() in ctx.cues.speech:
            subject = _subject(anc)
            if subject is not None and para_start <= subject.idx < para_end:
                return _party(ctx, subject)
            break
    return _Party(None, None)


def _speaking_quote(ctx: _Context, char: int) -> Quote | None:
    """The smallest quote holding ``char`` that names its speaker."""
    holding = [q for q in _quotes_around(ctx, char) if q.speaker_text]
    return min(holding, key=lambda q: q.end - q.start) if holding else None


def _subject(verb: Token) -> Token | None:
    """The verb's subject, through auxiliaries and chains ("moved to deny", "said and denied"), or its agent."""
    node: Token | None = verb
    for _ in range(3):
        if node is None:
            break
        agent = next((g for c in node.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "csubj")), None) or agent
        if subject is not None:
            if _relative(subject) and node.dep_ == "relcl":
                return node.head
            return subject
        if node.dep_ == "pcomp" and node.head.dep_ == "prep":
            node = node.head  # "after denying", "by refuting": on to the verb the preposition hangs on
        if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN"):
            return node.head  # "a statement denying the report"; "[the ministry] [called …]" misparsed
        node = node.head if node.dep_ in _CLIMB_DEPS | {"prep"} and node.head.i != node.i else None
    return None


def _disputed(ctx: _Context, sent: Span, index: int, hit: _Hit, disputer: _Party) -> tuple[_Party, Quote | None, bool]:
    """Whose account is contested, the quote that holds it, and whether the party was guessed from context."""
    owner = hit.owner or (_owner(ctx, hit.claim) if hit.claim is not None else None)
    found = _owner_party(ctx, owner) if owner is not None else None
    if found is not None:
        party, guessed = found
        said = party.actor_id
        quote = _earlier_quote(ctx, hit, lambda q: said is not None and said in (q.speaker_id, q.relayed_by_id))
        return party, quote, guessed
    quote_here = _claim_quote(ctx, hit)
    if quote_here is not None:
        return _Party(quote_here.speaker_text, quote_here.speaker_id), quote_here, False
    lemmas = _content_lemmas(ctx, sent)
    quote = _earlier_quote(ctx, hit, lambda q: _other_speaker(q, disputer) and _about_same(ctx, q, index, lemmas))
    if quote is None:
        return _Party(None, None), None, False
    return _Party(quote.speaker_text, quote.speaker_id), quote, True


def _owner_party(ctx: _Context, owner: Token) -> tuple[_Party, bool] | None:
    """The owner's party, and whether it was guessed (a possessive pronoun's antecedent)."""
    if owner.pos_ != "PRON":
        return _party(ctx, owner), False
    antecedent = _antecedent(ctx, owner)
    return (_Party(owner.text, antecedent.actor_id), True) if antecedent is not None else None


def _antecedent(ctx: _Context, pronoun: Token) -> ActorMentionLike | None:
    """The actor a possessive owner stands for ("his claim", "its account"): the nearest earlier actor mention
    of the right kind, a person for his/her, a body or state for its/their (the actor layer resolves only subjects)."""
    person = pronoun.lower_ in _PERSON_POSSESSIVES
    if not person and pronoun.lower_ not in _BODY_POSSESSIVES:
        return None
    first = bisect_left(ctx.mention_starts, pronoun.idx - _WINDOW)
    last = bisect_left(ctx.mention_starts, pronoun.idx)
    for mention in reversed(ctx.mentions[first:last]):
        is_person = mention.label in ("PERSON", "PRON") or (mention.actor_id or "").startswith("person:")
        if is_person == person:
            return mention
    return None


def _claim_quote(ctx: _Context, hit: _Hit) -> Quote | None:
    """A quote with a speaker that is itself the claim ("denied the 'provocation' remarks by …")."""
    if hit.claim is None:
        return None
    return next((q for q in _quotes_around(ctx, hit.claim.idx) if q.speaker_text and q.kind != "indirect"
                 and not q.start <= hit.cue.idx < q.end), None)  # fmt: skip


def _other_speaker(quote: Quote, disputer: _Party) -> bool:
    if not quote.speaker_text:
        return False
    if quote.speaker_id is not None and disputer.actor_id is not None:
        return quote.speaker_id != disputer.actor_id
    return quote.speaker_text.lower() != (disputer.text or "").lower()


def _about_same(ctx: _Context, quote: Quote, index: int, lemmas: frozenset[str]) -> bool:
    if index - ctx.sentence_of(quote.start) <= _NEAR_SENTENCES:
        return True
    return bool(lemmas & ctx.quote_lemmas(quote))


def _earlier_quote(ctx: _Context, hit: _Hit, accept: Callable[[Quote], bool]) -> Quote | None:
    """The nearest quote ending before the cue, within the window, that ``accept`` takes."""
    cue = hit.cue_span[0]
    for quote in sorted((q for q in ctx.quotes if q.end <= cue and cue - q.end <= _WINDOW), key=lambda q: -q.end):
        if accept(quote):
            return quote
    return None


def _owner(ctx: _Context, claim: Token) -> Token | None:
    """Who made the claim, named in its phrase: "Seoul's account", "released by the ROK", "the Reuters report"."""
    cues = ctx.cues
    for child in claim.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "compound" and child.pos_ == "PROPN":
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and (child.lower_ != "of" or _names_actor(ctx, pobj)):
                return pobj
        if child.dep_ in ("acl", "relcl") and child.lemma_.lower() in cues.owner_verbs:
            subject = _subject_or_agent(child)
            if subject is not None and not _relative(subject):
                return subject
    return None


def _subject_or_agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _names_actor(ctx: _Context, tok: Token) -> bool:
    return _party(ctx, tok).actor_id is not None


def _party(ctx: _Context, head: Token) -> _Party:
    """The phrase headed by ``head`` and the actor it names (by its head, or the state behind an institution)."""
    start, end = _phrase_span(ctx, head)
    inside = ctx.mentions_in(start, end)
    at_head = [m for m in inside if m.start <= head.idx < m.end]
    institution = head.lemma_.lower() in ctx.cues.institutions or head.lower_ in ctx.cues.institutions
    chosen = at_head or (inside if institution else [])
    if not chosen:
        return _Party(ctx.text[start:end], None)
    best = max(chosen, key=lambda m: (m.method != "alias" or m.label != "NORP", m.end - m.start))
    return _Party(ctx.text[start:end], best.actor_id)


def _phrase_span(ctx: _Context, head: Token) -> tuple[int, int]:
    """A name phrase: the head with its left modifiers, names and "of/for" attachments, not its clauses."""
    if head.pos_ == "PRON":
        return head.idx, head.idx + len(head)
    left = head.left_edge
    right = head
    for child in head.rights:
        if child.dep_ in _NAME_DEPS or child.dep_ == "case" or (child.dep_ == "prep" and child.lower_ in ("of", "for")):
            right = child.right_edge if child.right_edge.i > right.i else right
        else:
            break
    while left.i < head.i and (left.is_punct or left.pos_ in ("CCONJ", "ADP", "ADV")):
        left = left.doc[left.i + 1]
    while right.i > head.i and (right.is_punct or right.pos_ == "CCONJ" or right.dep_ == "case"):
        right = right.doc[right.i - 1]
    start, end = left.idx, right.idx + len(right)
    cut = ctx.text.rfind("\n", start, head.idx)
    return (cut + 1 if cut >= 0 else start), end
