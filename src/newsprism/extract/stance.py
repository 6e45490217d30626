"""Stance toward actors: how each sentence, and each article, treats the people and bodies it names.

The model is target-dependent: for one target span in a sentence it reads the words around
the target (left and right windows by distance, the same clause, negation scope, whether the
target stands inside a quotation or is the one speaking) and a lexicon of polar words derived
from the NewsMTSC training sentences, and a multinomial logistic regression gives
``negative / neutral / positive`` probabilities.  The model ships as
``extract/data/stance_model.npz`` (hashed feature weights) and is built by
``scripts/train_stance.py`` from ``../shared/eval/newsmtsc/train.jsonl``; nothing is
downloaded at run time.

Scores: ``score = P(positive) - P(negative)`` in ``[-1, 1]``.  An actor's score in an article
is the mean of its mentions' scores weighted by each mention's confidence (the top class
probability); its label is ``negative`` below :data:`NEGATIVE_BELOW`, ``positive`` above
:data:`POSITIVE_ABOVE`, else ``neutral``.

Word choice (:func:`actor_labels_from_doc`) needs the parse: the nouns and adjectives that
name or describe an actor (``the Yoon regime``, ``NATO, a US tool``, ``X is a puppet``).
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from newsprism.errors import ExtractionError
from newsprism.model import Event, Label, Stance

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

EXTRACTOR = "newsprism.stance.linear.v1"
LABELS = ("negative", "neutral", "positive")
MODEL_FILE = "stance_model.npz"
NEGATIVE_BELOW = -0.15
POSITIVE_ABOVE = 0.15
TARGET = "<t>"

_TOKEN_RE = re.compile(r"[a-z]+(?=n't\b)|n't\b|\w+(?:[-']\w+)*|[^\w\s]", re.UNICODE)
_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
_NEGATORS = frozenset({"not", "n't", "no", "never", "nor", "without", "neither", "nobody", "nothing", "hardly", "lack"})
_CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", "-", "—", "–", '"', "but", "while", "although", "though", "whereas"})
_SCOPE_END = frozenset({".", ",", ";", ":", "!", "?", "but", '"', "(", ")"})
_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "they", "them", "their", "it", "its", "i", "we", "you"})
_SPEECH = frozenset({"said", "says", "say", "told", "tells", "added", "wrote", "writes", "stated", "asked", "noted"})


@dataclass(frozen=True, slots=True)
class StanceScore:
    """Stance toward one target span: ``score`` in [-1, 1], ``label``, class probabilities."""

    score: float
    label: str
    probabilities: tuple[float, float, float]  # negative, neutral, positive

    @property
    def confidence(self) -> float:
        return max(self.probabilities)


@dataclass(frozen=True, slots=True)
class ActorStance:
    """An article's stance toward one actor, over ``evidence`` mentions."""

    actor_id: str
    score: float
    label: str
    evidence: int


# --- tokens and features ---------------------------------------------------------------


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased word and punctuation tokens with character offsets (``n't`` split off)."""
    norm = text.translate(_QUOTE_MARKS).lower()
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(norm)]


_BUCKETS = ("0:", "1:", "2:", "3:", "3:", "5:", "5:", "5:", "5:", "9:")  # by distance, 9 = 9 or more


def _negation_marks(words: Sequence[str]) -> list[bool]:
    """True for words in a negator's scope (the rest of the clause, at most 4 words)."""
    marks = [False] * len(words)
    left = 0
    for i, word in enumerate(words):
        if word in _SCOPE_END:
            left = 0
        elif left:
            marks[i] = True
            left -= 1
        if word in _NEGATORS:
            left = 4
    return marks


def _clause_ids(words: Sequence[str]) -> list[int]:
    clause, ids = 0, []
    for word in words:
        if word in _CLAUSE_BREAKS:
            clause += 1
        ids.append(clause)
    return ids


def _inside_quotes(words: Sequence[str], index: int) -> bool:
    return words[:index].count('"') % 2 == 1


def target_features(tokens: Sequence[tuple[str, int, int]], start: int, end: int) -> list[tuple[str, float]]:
    """Features of the target ``[start, end)`` in a tokenized sentence: (name, value) pairs.

    The target's tokens collapse into one ``<t>`` token; every other word yields a sentence
    feature, a distance-bucketed window feature on its side, and a same-clause feature.
    """
    return [(name, 1.0) for name in _target_names(tokens, start, end)]


def _target_names(tokens: Sequence[tuple[str, int, int]], start: int, end: int) -> list[str]:
    """The names of :func:`target_features` (all binary; a name listed twice counts twice)."""
    inside = [i for i, (_, s, e) in enumerate(tokens) if s < end and e > start]
    if not inside:
        inside = [min(range(len(tokens)), key=lambda i: abs(tokens[i][1] - start))] if tokens else []
    if not inside:
        return ["bias"]
    first, last = inside[0], inside[-1]
    target_words = [tokens[i][0] for i in inside]
    words = [w for w, _, _ in tokens[:first]] + [TARGET] + [w for w, _, _ in tokens[last + 1 :]]
    t = first
    negated = _negation_marks(words)
    clauses = _clause_ids(words)
    names = ["bias"]
    if len(target_words) == 1 and target_words[0] in _PRONOUNS:
        names.append("t:pron")
    if t == 0:
        names.append("t:first")
    if _inside_quotes(words, t):
        names.append("t:quoted")
    if '"' in words:
        names.append("s:quote")
    if any(w in _SPEECH for w in words[t + 1 : t + 3]) or any(w in _SPEECH for w in words[max(0, t - 2) : t]):
        names.append("t:speaker")
    here = clauses[t]
    append = names.append
    for i, word in enumerate(words):
        if i == t:
            continue
        w = "not_" + word if negated[i] else word
        append("w:" + w)
        append(("L" if i < t else "R") + _BUCKETS[min(abs(i - t), 9)] + w)
        if clauses[i] == here:
            append("c:" + w)
        if i + 1 < len(words):
            append("b:" + word + "_" + words[i + 1])
    if t > 0:
        append("b:" + words[t - 1] + "_" + TARGET)
    return names


def lexicon_features(
    tokens: Sequence[tuple[str, int, int]], start: int, end: int, lexicon: dict[str, float]
) -> list[tuple[str, float]]:
    """Derived-lexicon evidence: polarity sums over the sentence, the target's clause and near window.

    A word in a negator's scope counts with the opposite sign.
    """
    words = [w for w, s, e in tokens if not (s < end and e > start)]
    t = next((i for i, (_, s, e) in enumerate(tokens) if s < end and e > start), len(words))
    negated = _negation_marks(words)
    clauses = _clause_ids(words)
    here = clauses[min(t, len(words) - 1)] if words else 0
    sums = {"all": 0.0, "clause": 0.0, "near": 0.0}
    for i, word in enumerate(words):
        polarity = lexicon.get(word)
        if polarity is None:
            continue
        polarity = -polarity if negated[i] else polarity
        sums["all"] += polarity
        if clauses[i] == here:
            sums["clause"] += polarity
        if abs(i - t) <= 4:
            sums["near"] += polarity
    feats = []
    for name, value in sums.items():
        feats.append(("lex:" + name, value))
        feats.append((f"lexbin:{name}:{_polarity_bin(value)}", 1.0))
    return feats


def _polarity_bin(value: float) -> str:
    for bound, name in ((-0.6, "--"), (-0.2, "-"), (0.2, "0"), (0.6, "+")):
        if value < bound:
            return name
    return "++"


FEATURE_DOC = (
    "regex tokens, target collapsed to <t>; sentence unigrams and bigrams; left/right words by distance bucket "
    "(1,2,3-4,5-8,9+); same-clause words; negation scope (4 words, to punctuation); target is pronoun / first / "
    "quoted / speaker; derived lexicon sums (sentence, clause, +-4 words) raw and binned; crc32 hashing"
)


_HASHES: dict[str, int] = {}  # crc32 of feature names seen so far (bounded below)


def _crc(name: str) -> int:
    value = _HASHES.get(name)
    if value is None:
        if len(_HASHES) > 2_000_000:
            _HASHES.clear()
        value = _HASHES[name] = zlib.crc32(name.encode())
    return value


def hash_features(feats: Sequence[tuple[str, float]], dim: int) -> tuple[np.ndarray, np.ndarray]:
    """Feature names to row indexes (crc32 modulo ``dim``, a power of two) and values."""
    idx = np.array([_crc(name) for name, _ in feats], dtype=np.int64) & (dim - 1)
    return idx, np.array([value for _, value in feats], dtype=np.float64)


# --- the model --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StanceModel:
    """Hashed weights (``dim`` x 3), the derived lexicon and the training metadata."""

    weights: np.ndarray
    lexicon: dict[str, float]
    meta: dict[str, Any]

    @property
    def dim(self) -> int:
        return int(self.weights.shape[0])


def save_model(path: Any, weights: np.ndarray, lexicon: dict[str, float], meta: dict[str, Any]) -> None:
    """Write weights (float16), lexicon and metadata to ``path`` (.npz) and ``path`` .json beside it."""
    np.savez_compressed(
        path,
        weights=weights.astype(np.float16),
        lexicon=np.frombuffer(json.dumps(lexicon, sort_keys=True).encode(), dtype=np.uint8),
        meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8),
    )
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", "utf-8")


@lru_cache(maxsize=1)
def load_stance_model() -> StanceModel:
    """The packaged model (loaded once per process).

    Raises:
        ExtractionError: the model file is missing (run ``scripts/train_stance.py``).
    """
    resource = resources.files("newsprism.extract").joinpath("data", MODEL_FILE)
    if not resource.is_file():
        raise ExtractionError(f"[E520] stance model {MODEL_FILE} is missing; run: python scripts/train_stance.py")
    with resource.open("rb") as handle, np.load(handle) as data:
        return StanceModel(
            weights=data["weights"].astype(np.float32),
            lexicon=json.loads(data["lexicon"].tobytes()),
            meta=json.loads(data["meta"].tobytes()),
        )


def _probabilities(model: StanceModel, names: list[str], dense: list[tuple[str, float]]) -> tuple[float, float, float]:
    mask = model.dim - 1
    binary = [_crc(name) & mask for name in names]
    idx, val = hash_features(dense, model.dim)
    z = model.weights[binary].sum(axis=0) + val @ model.weights[idx]
    z = np.exp(z - z.max())
    p = z / z.sum()
    return float(p[0]), float(p[1]), float(p[2])


def _score_tokens(model: StanceModel, tokens: Sequence[tuple[str, int, int]], start: int, end: int) -> StanceScore:
    names = _target_names(tokens, start, end)
    dense = lexicon_features(tokens, start, end, model.lexicon)
    probs = _probabilities(model, names, dense)
    return StanceScore(score=probs[2] - probs[0], label=LABELS[int(np.argmax(probs))], probabilities=probs)


def target_stance(text: str, start: int, end: int) -> StanceScore:
    """Stance of the sentence ``text`` toward the target at characters ``[start, end)``.

    Args:
        text: one sentence (or a short passage) containing the target.
        start: the target's first character.
        end: one past its last character.
    """
    return _score_tokens(load_stance_model(), tokenize(text), start, end)


# --- articles ---------------------------------------------------------------------------

SPEAKER_WEIGHT = 0.5  # a mention that is a quote's speaker: the sentence mostly says what it thinks of others


def _label(score: float) -> str:
    if score < NEGATIVE_BELOW:
        return "negative"
    return "positive" if score > POSITIVE_ABOVE else "neutral"


def _sentence_index(sentences: Sequence[tuple[int, int]], start: int) -> int | None:
    from bisect import bisect_right

    i = bisect_right([s for s, _ in sentences], start) - 1
    return i if i >= 0 and start < sentences[i][1] else None


def _speaker_spans(quotes: Sequence[dict[str, Any]] | None) -> list[tuple[int, int]]:
    spans = []
    for quote in quotes or ():
        start, end = quote.get("speaker_start"), quote.get("speaker_end")
        if start is not None and end is not None:
            spans.append((int(start), int(end)))
    return spans


def document_stances(
    doc_text: str,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[tuple[int, int, str | None]],
    quotes: Sequence[dict[str, Any]] | None = None,
) -> list[ActorStance]:
    """Each actor's stance in one article, from the sentences that mention it.

    Every mention is scored on its own sentence; an actor's score is the mean of its mentions'
    scores weighted by confidence (times :data:`SPEAKER_WEIGHT` where the mention is a quote's
    speaker); its label follows :data:`NEGATIVE_BELOW` / :data:`POSITIVE_ABOVE`.

    Args:
        doc_text: the article's cleaned text.
        sentences: sentence ``(start, end)`` character spans, in order.
        mentions: ``(start, end, actor_id)`` of each actor mention (``None`` ids are skipped).
        quotes: quote records as dicts (``model.Quote`` fields); only ``speaker_start/_end`` are read.

    Returns:
        One :class:`ActorStance` per actor, in order of first mention.
    """
    model = load_stance_model()
    speakers = _speaker_spans(quotes)
    tokens_of: dict[int, list[tuple[str, int, int]]] = {}
    totals: dict[str, list[float]] = {}
    for start, end, actor_id in mentions:
        index = _sentence_index(sentences, start) if actor_id is not None else None
        if index is None or actor_id is None:
            continue
        s_start, s_end = sentences[index]
        if index not in tokens_of:
            tokens_of[index] = tokenize(doc_text[s_start:s_end])
        stance = _score_tokens(model, tokens_of[index], start - s_start, min(end, s_end) - s_start)
        weight = stance.confidence
        if any(a <= start and end <= b for a, b in speakers):
            weight *= SPEAKER_WEIGHT
        total = totals.setdefault(actor_id, [0.0, 0.0, 0.0])
        total[0] += weight * stance.score
        total[1] += weight
        total[2] += 1
    return [
        ActorStance(actor_id, round(t[0] / t[1], 4), _label(t[0] / t[1]), int(t[2]))
        for actor_id, t in totals.items()
        if t[1] > 0
    ]


def article_tone(doc_text: str, sentences: Sequence[tuple[int, int]] | None = None) -> float:
    """The article's overall tone in [-1, 1], target-independent.

    Each sentence's derived-lexicon sum (negators flip the next words) is squashed with
    ``tanh``; the tone is their mean.  Without ``sentences`` the text is split at ``.!?``.
    """
    lexicon = load_stance_model().lexicon
    if sentences is None:
        sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]*", doc_text)]
    values = []
    for start, end in sentences:
        words = [w for w, _, _ in tokenize(doc_text[start:end])]
        if not words:
            continue
        negated = _negation_marks(words)
        total = sum(-lexicon.get(w, 0.0) if n else lexicon.get(w, 0.0) for w, n in zip(words, negated, strict=True))
        values.append(float(np.tanh(total)))
    return round(sum(values) / len(values), 4) if values else 0.0


# --- word choice ------------------------------------------------------------------------

# Nouns that, heading a phrase around an actor's name, name or frame the actor itself
# ("the Yoon regime", "US hegemony", "Beijing's puppet"), as opposed to events or places.
NAMING_NOUNS = frozenset(
    """regime government administration authorities authority leadership puppet puppets ally allies partner
    partners hegemony hegemon dictatorship dictator junta clique bloc alliance camp forces military army
    aggression aggressor aggressors expansion expansionism imperialism propaganda threat tool lackey proxy
    proxies friend friends enemy enemies adversary adversaries rival rivals foe foes terrorists militants
    rebels separatists extremists hardliners hawks warmongers elite elites cabal establishment machine
    empire superpower power powers leader leaders strongman tyrant despot""".split()
)
_LABEL_POS = frozenset({"NOUN", "ADJ"})
_NAMING_VERBS = frozenset({"call", "label", "brand", "dub", "name", "term", "consider", "deem"})


_NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})


def _is_label_word(t: Token) -> bool:
    """A common noun or adjective, not part of a name ("mok" in "Choi Sang-mok" is not a label)."""
    return (
        t.pos_ in _LABEL_POS and t.text.isalpha() and not t.is_stop and not t.text[:1].isupper()
        and not (t.ent_type_ in _NAME_ENTITIES and t.ent_iob_ == "I")
    )  # fmt: skip


def _label_words(token: Token, inside: range) -> list[str]:
    """``token`` itself (a noun or adjective) and its adjective modifiers, lower-cased lemmas."""
    out = []
    for t in (token, *(c for c in token.children if c.dep_ in ("amod", "compound") and c.i not in inside)):
        if _is_label_word(t):
            out.append(t.lemma_.lower())
    return out


def _mention_labels(doc: Doc, start: int, end: int) -> list[str]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return []
    inside = range(span.start, span.end)
    head = span.root
    words = [t.lemma_.lower() for t in span if _is_label_word(t)]
    words += [w for c in head.children if c.i not in inside and c.dep_ == "amod" for w in _label_words(c, inside)]
    phrase = head
    if head.dep_ in ("compound", "poss", "nmod", "amod") and head.head.pos_ == "NOUN" and head.head.i not in inside:
        if head.head.lemma_.lower() in NAMING_NOUNS or head.head.lower_ in NAMING_NOUNS:
            phrase = head.head
            words += _label_words(phrase, inside)
    return words + _described_as(phrase, inside)


def _described_as(phrase: Token, inside: range) -> list[str]:
    """Appositions, predicate nominals and ``called X a Y`` objects of the actor's phrase."""
    words = []
    for child in phrase.children:
        if child.dep_ == "appos" and child.i not in inside:
            words += _label_words(child, inside)
    if phrase.dep_ == "appos" and phrase.head.i not in inside:
        words += _label_words(phrase.head, inside)
    verb = phrase.head
    if (phrase.dep_ in ("nsubj", "nsubjpass") and verb.lemma_ == "be") or (
        phrase.dep_ == "dobj" and verb.lemma_ in _NAMING_VERBS
    ):
        for child in verb.children:
            if child.dep_ in ("attr", "acomp", "oprd") and child.i not in inside:
                words += _label_words(child, inside)
    return words


def actor_labels_from_doc(doc: Doc, mentions: Sequence[tuple[int, int, str | None]]) -> list[tuple[str, str, int]]:
    """The nouns and adjectives an article uses to name or describe each actor, with counts.

    Read from the parse around each mention: common nouns and adjectives inside the mention
    ("the Yoon *government*"), adjectives on its head ("the *aggressive* NATO"), appositions
    ("NATO, a US *tool*"), predicate nominals and adjectives ("X is a *puppet*"), and a
    naming noun (:data:`NAMING_NOUNS`) that the mention modifies ("the Yoon *regime*",
    "US *hegemony*").

    Returns:
        ``(actor_id, word, count)`` sorted by actor, then count (descending), then word.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for start, end, actor_id in mentions:
        if actor_id is not None:
            counts[actor_id].update(_mention_labels(doc, start, end))
    return [(a, w, n) for a in sorted(counts) for w, n in sorted(counts[a].items(), key=lambda x: (-x[1], x[0]))]


def actor_labels(
    doc_text: str, mentions: Sequence[tuple[int, int, str | None]], *, nlp: Any = None
) -> list[tuple[str, str, int]]:
    """:func:`actor_labels_from_doc` on ``doc_text`` parsed by ``nlp`` (default: the pinned model)."""
    if nlp is None:
        from newsprism.annotate.nlp import load_nlp
        from newsprism.settings import load_settings

        settings = load_settings().annotate
        nlp = load_nlp(settings.model, settings.model_version)
    return actor_labels_from_doc(nlp(doc_text), mentions)


# --- combined actor stance ----------------------------------------------------------------

MENTION_WEIGHT = 0.6  # one scored mention (about the model's mean top-class probability on news)
EVENT_WEIGHT = 0.5  # one event the actor takes part in, against at most 1 per scored mention
LABEL_WEIGHT = 1.0  # one framing word used of the actor
DERIVED_LABEL_MIN = 0.3  # a label word not in _framing.toml counts when the derived lexicon is this strong
# What an event says about its source's portrayal: conflict done (QuadClass 3, 4) is negative, cooperation
# offered (1, 2) mildly positive. Targets are not scored: being accused or aided says more about the source.
_EVENT_SOURCE_SCORE = {1: 0.3, 2: 0.4, 3: -0.5, 4: -0.7}
_NOT_FACTUAL = frozenset({"negated", "hypothetical"})


@lru_cache(maxsize=1)
def framing_lexicon() -> dict[str, float]:
    """Framing word -> value in [-1, 1], from ``extract/_framing.toml``."""
    import tomllib

    data = tomllib.loads(resources.files("newsprism.extract").joinpath("_framing.toml").read_text("utf-8"))
    return {str(k): float(v) for k, v in data["words"].items()}


def label_value(word: str) -> float | None:
    """How a label word used of an actor colours the stance toward it, or None when it does not."""
    curated = framing_lexicon().get(word)
    if curated is not None:
        return curated
    derived = load_stance_model().lexicon.get(word)
    return derived if derived is not None and abs(derived) >= DERIVED_LABEL_MIN else None


def actor_stances(
    doc_id: str,
    doc_text: str,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[tuple[int, int, str | None]],
    *,
    quotes: Sequence[dict[str, Any]] | None = None,
    events: Sequence[Event] = (),
    labels: Sequence[Label] = (),
) -> list[Stance]:
    """Each actor's stance in one article from three kinds of evidence.

    1. the stance model over the sentences that mention the actor (:func:`document_stances`),
       its mean weighing :data:`MENTION_WEIGHT` per mention;
    2. the events the actor is a source of, each weighing :data:`EVENT_WEIGHT`: conflict it does
       scores negative, cooperation it offers positive (negated and hypothetical events skipped);
    3. the words the article uses to name or describe it (:func:`actor_labels_from_doc`), each
       occurrence weighing :data:`LABEL_WEIGHT` with its value from ``_framing.toml``, or from the
       derived lexicon when strong.

    The score is the weighted mean, labelled with the same thresholds as the model alone.
    ``evidence`` counts mentions, events and label words; ``model_score`` keeps part 1 alone.
    """
    parts: dict[str, list[float]] = {}  # actor -> [weighted sum, weight, evidence]
    model_scores: dict[str, float] = {}
    order: list[str] = []

    def add(actor_id: str, value: float, weight: float, evidence: int) -> None:
        if actor_id not in parts:
            parts[actor_id] = [0.0, 0.0, 0]
            order.append(actor_id)
        total = parts[actor_id]
        total[0] += weight * value
        total[1] += weight
        total[2] += evidence

    for stance in document_stances(doc_text, sentences, mentions, quotes):
        add(stance.actor_id, stance.score, MENTION_WEIGHT * stance.evidence, stance.evidence)
        model_scores[stance.actor_id] = stance.score
    for event in events:
        if _NOT_FACTUAL & set(event.context):
            continue
        value = _EVENT_SOURCE_SCORE.get(event.quad_class)
        if value is None:
            continue
        for actor_id in event.source_ids:
            if actor_id in parts:
                add(actor_id, value, EVENT_WEIGHT, 1)
    for label in labels:
        value = label_value(label.word)
        if value is not None and label.actor_id in parts:
            add(label.actor_id, value, LABEL_WEIGHT * label.count, label.count)
    out = []
    for actor_id in order:
        total, weight, evidence = parts[actor_id]
        if weight <= 0:
            continue
        score = max(-1.0, min(1.0, total / weight))
        out.append(Stance(doc_id, actor_id, round(score, 4), _label(score), int(evidence), model_scores.get(actor_id)))
    return out
