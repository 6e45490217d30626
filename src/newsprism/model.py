"""Plain records passed between stages.

Every record is a frozen, slotted dataclass made only of str/int/float/None/tuples,
so it pickles cheaply and can cross a Dask worker boundary.  Offsets are character
offsets into ``Document.text`` (the cleaned text), half-open ``[start, end)``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One article as read from an input, before cleaning.

    Exactly one of ``text`` (plain text) or ``html`` is set.  ``meta`` carries
    metadata the container already gave (JSON Lines fields, WARC headers).
    """

    source: str  # input path, "path#line" / "path#record", or URL
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # as given by the container, unparsed
    encoding: str | None = None


@dataclass(frozen=True, slots=True)
class Cleaned:
    """What a cleaner found in one article.

    ``published`` is an ISO date ``YYYY-MM-DD`` or ``None`` when the text does
    not state one (never a guess); ``published_raw`` is the string it was read from.
    """

    text: str
    title: str | None = None
    published: str | None = None
    published_raw: str | None = None
    outlet: str | None = None
    author: str | None = None
    removed_lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned article, the unit every later stage works on."""

    id: str
    source: str
    url: str | None
    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    published_raw: str | None
    text: str
    removed_lines: tuple[str, ...]
    fingerprint: str
    input_format: str
    cleaner: str


@dataclass(frozen=True, slots=True)
class Sentence:
    doc_id: str
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    doc_id: str
    start: int
    end: int
    text: str
    label: str
    sentence: int
    actor_id: str | None = None
    method: str | None = None
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """An actor as the store keeps it: from the knowledge base (origin 'kb') or new ('new')."""

    id: str
    name: str
    kind: str
    country: str | None
    sectors: tuple[str, ...]
    origin: str
    aliases_seen: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Skip:
    """A problem with one input: stored and counted, never a crash."""

    source: str
    stage: str
    reason: str


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event, with its provenance. Offsets are character offsets into the document text."""

    id: str
    doc_id: str
    category: str  # PLOVER category
    mode: str | None
    source_ids: tuple[str, ...]
    target_ids: tuple[str, ...]
    date: str | None  # ISO, partial allowed ("2022-06", "2022")
    date_approximate: bool
    location: str | None
    cameo_root: str  # "01".."20"
    cameo_code: str  # e.g. "036"
    quad_class: int  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    intensity: float  # Goldstein-style, -10..+10
    context: tuple[str, ...]  # negated | future | hypothetical | demanded
    trigger: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    source_mentions: tuple[tuple[int, int], ...] = ()
    target_mentions: tuple[tuple[int, int], ...] = ()
    confidence: float = 1.0
    extractor: str = ""
    timex_start: int | None = None  # start of the time expression attached to the trigger (resolved or not)



@dataclass(frozen=True, slots=True)
class Annotated:
    """A document with its annotation layers, as written to the store."""

    document: Document
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    actors: tuple[ActorRecord, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timexes: tuple[TimeExpr, ...] = ()
    events: tuple[Event, ...] = ()
    tokens: int = 0
    annotator: str = ""
    reference_date: str | None = None  # the date offices were looked up on
    reference_date_inferred: bool = False  # True when no publication date was stated
    timings: tuple[tuple[str, float], ...] = ()  # seconds spent per extractor on this document
    stances: tuple[Stance, ...] = ()
    labels: tuple[Label, ...] = ()
    disputes: tuple[Dispute, ...] = ()
    tone: float | None = None  # article-level tone in [-1, 1]


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation or reported speech, or a quoted phrase, with its speaker evidence.

    ``speaker_*`` and ``relayed_*`` are character spans of the mentions in the text that
    name the speaker and the relaying source (a name, title, pronoun or institution);
    the actor layer turns them into ``speaker_id`` / ``relayed_by_id``.
    """

    doc_id: str
    start: int
    end: int
    text: str
    kind: str  # direct | indirect | phrase
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_text: str | None = None
    relayed_start: int | None = None
    relayed_end: int | None = None
    relayed_text: str | None = None
    speaker_id: str | None = None
    relayed_by_id: str | None = None
    confidence: float = 1.0
    extractor: str = ""


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A TIMEX3-style time expression, normalised relative to its anchor.

    ``value`` is a TIMEX3 value ("2022-06-28", "2022-06", "2023-W05", "2022-H2", "P3D",
    "PRESENT_REF"...) or None when the expression cannot be anchored; ``anchor`` is the
    date it was resolved against (the article date or a date the text set earlier).
    """

    doc_id: str
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None
    anchor: str | None = None
    mod: str | None = None
    extractor: str = ""


@dataclass(frozen=True, slots=True)
class Dispute:
    """One account contesting another: "officials said the content released by X was
    'quite different from the facts'", "Y denied the report", "Z dismissed the claim as false".

    The statement that disputes spans ``[start, end)`` (its sentence); ``cue`` is the
    disputing expression. ``disputer_*`` is who contests, ``disputed_*`` whose account is
    contested (both actor ids when resolved). ``claim_start``/``claim_end`` point at the
    contested claim in the same article when it can be found (a quote or report by the
    disputed party), else None. ``kind``: contradiction | denial | dismissal | correction.
    """

    doc_id: str
    start: int
    end: int
    cue: str
    cue_start: int
    cue_end: int
    kind: str
    disputer_id: str | None = None
    disputer_text: str | None = None
    disputed_id: str | None = None
    disputed_text: str | None = None
    claim_start: int | None = None
    claim_end: int | None = None
    confidence: float = 1.0
    extractor: str = ""


@dataclass(frozen=True, slots=True)
class Stance:
    """An article's stance toward one actor: ``score`` in [-1, 1] and its label
    (negative | neutral | positive), resting on ``evidence`` mentions."""

    doc_id: str
    actor_id: str
    score: float
    label: str
    evidence: int
    model_score: float | None = None  # the stance model's part, before event and label evidence


@dataclass(frozen=True, slots=True)
class Label:
    """A word an article uses to name or describe an actor ("regime", "ally"), with its count."""

    doc_id: str
    actor_id: str
    word: str
    count: int
