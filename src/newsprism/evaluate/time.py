"""Score time expressions against TimeML gold (TempEval-3 Task A), beside a trivial baseline.

Gold is any JSON Lines file in the TBAQ format of ``../shared/eval/tbaq/``: one document a
line with ``id``, ``dct``, ``text`` and ``timexes[{type, value, start, end, text}]``.
Scores follow ``TE3-evaluation.py``: extent P/R/F1 under strict (same offsets) and relaxed
(overlapping) matching; type and value accuracy over the relaxed matches; and
**value F1 = relaxed F1 × value accuracy**.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsprism.evaluate.gold import read_gold_jsonl
from newsprism.extract.time import extract_timexes

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

HEIDELTIME_VALUE_F1 = 77.61  # TempEval-3 platinum test, UzZaman et al. 2013
BASELINE = "spaCy DATE/TIME entities + dateutil"

Span = tuple[int, int, str, str | None]  # start, end, type, value


@dataclass(frozen=True, slots=True)
class Scores:
    """TE3 Task A scores of one system (percentages)."""

    system: str
    strict_p: float
    strict_r: float
    strict_f1: float
    relaxed_p: float
    relaxed_r: float
    relaxed_f1: float
    type_accuracy: float
    value_accuracy: float
    value_f1: float
    predicted: int
    gold: int


@dataclass(frozen=True, slots=True)
class TimeEvalResult:
    """Our rules and the baseline on the same gold documents."""

    gold_file: str
    documents: int
    rules: Scores
    baseline: Scores
    versions: dict[str, str]


def read_gold(path: Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Documents of a TBAQ-format JSON Lines file (``limit`` first ones)."""
    return read_gold_jsonl(path, required=("text", "timexes"), limit=limit, readme="../shared/eval/tbaq/README.md")


def evaluate_time(
    nlp: Language, records: list[dict[str, Any]], *, gold_file: str = "", progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None
) -> TimeEvalResult:
    """Run the rules and the baseline over parsed gold texts and score both."""
    ours: list[list[Span]] = []
    base: list[list[Span]] = []
    docs: Iterable[Doc] = nlp.pipe((r["text"] for r in records), batch_size=16)
    for record, doc in zip(records, progress(docs) if progress else docs, strict=True):
        dct = _dct(record)
        found = extract_timexes(doc, doc_id=str(record.get("id", "")), dct=dct)
        ours.append([(t.start, t.end, t.type, t.value) for t in found])
        base.append(list(baseline_timexes(doc, dct=dct)))
    gold = [[(t["start"], t["end"], t["type"], t.get("value")) for t in r["timexes"]] for r in records]
    return TimeEvalResult(
        gold_file, len(records), score("newsprism.time.rules.v1", gold, ours), score(BASELINE, gold, base), _versions(nlp)
    )


def _dct(record: dict[str, Any]) -> str | None:
    dct = record.get("dct")
    return str(dct)[:10] if dct else None


def baseline_timexes(doc: Doc, *, dct: str | None) -> Iterator[Span]:
    """spaCy's DATE/TIME entities as extents; values by dateutil with the DCT as default."""
    from dateutil import parser

    default = datetime.fromisoformat(dct) if dct else None
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        value = None
        if default is not None:
            with warnings.catch_warnings():  # dateutil warns on "EST"-style zones it cannot place
                warnings.simplefilter("ignore")
                try:
                    parsed = parser.parse(ent.text, default=default, fuzzy=False)
                except (ValueError, OverflowError, parser.ParserError):
                    parsed = None
            if parsed is not None:
                value = parsed.date().isoformat() if ent.label_ == "DATE" else parsed.strftime("%Y-%m-%dT%H:%M")
        yield ent.start_char, ent.end_char, ent.label_, value


def score(system: str, gold: list[list[Span]], predicted: list[list[Span]]) -> Scores:
    """TE3 Task A over documents; one gold span matches at most one prediction."""
    n_gold = sum(len(g) for g in gold)
    n_pred = sum(len(p) for p in predicted)
    strict = relaxed = same_type = same_value = 0
    for gold_spans, pred_spans in zip(gold, predicted, strict=True):
        for g, p in _relaxed_pairs(gold_spans, pred_spans):
            relaxed += 1
            strict += (g[0], g[1]) == (p[0], p[1])
            same_type += g[2] == p[2]
            same_value += p[3] is not None and g[3] == p[3]
    sp, sr = _ratio(strict, n_pred), _ratio(strict, n_gold)
    rp, rr = _ratio(relaxed, n_pred), _ratio(relaxed, n_gold)
    rf1, value_acc = _f1(rp, rr), _ratio(same_value, relaxed)
    return Scores(
        system, sp, sr, _f1(sp, sr), rp, rr, rf1, _ratio(same_type, relaxed), value_acc, rf1 * value_acc / 100,
        n_pred, n_gold,
    )  # fmt: skip


def _relaxed_pairs(gold: list[Span], predicted: list[Span]) -> Iterator[tuple[Span, Span]]:
    """Gold-prediction pairs that overlap, preferring exact matches, each span used once."""
    used: set[int] = set()
    for g in sorted(gold):
        overlapping = [i for i, p in enumerate(predicted) if i not in used and p[0] < g[1] and g[0] < p[1]]
        if overlapping:
            best = min(overlapping, key=lambda i: (predicted[i][:2] != g[:2], abs(predicted[i][0] - g[0])))
            used.add(best)
            yield g, predicted[best]


def _ratio(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _versions(nlp: Language) -> dict[str, str]:
    import spacy
    from dateutil import __version__ as dateutil_version

    from newsprism import __version__

    return {
        "newsprism": __version__, "spacy": spacy.__version__,
        "model": f"{nlp.meta.get('lang', '?')}_{nlp.meta.get('name', '?')}=={nlp.meta.get('version', '?')}", "python-dateutil": dateutil_version,
    }  # fmt: skip


def format_table(result: TimeEvalResult) -> str:
    """The result as a Markdown table (percentages), with HeidelTime's published value F1."""
    head = (
        "| system | strict P | strict R | strict F1 | relaxed P | relaxed R | relaxed F1 | type acc. | value acc. | value F1 |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    rows = [_row(s) for s in (result.rules, result.baseline)]
    rows.append(f"| HeidelTime (published, TE3 test) | | | | | | 90.30 | | | {HEIDELTIME_VALUE_F1:.2f} |")
    versions = ", ".join(f"{k} {v}" for k, v in result.versions.items())
    return (
        f"{head}{chr(10).join(rows)}\n\n{result.documents} documents, {result.rules.gold} gold TIMEX3 "
        f"({result.gold_file}); {versions}.\n"
    )


def _row(s: Scores) -> str:
    cells = (s.strict_p, s.strict_r, s.strict_f1, s.relaxed_p, s.relaxed_r, s.relaxed_f1, s.type_accuracy, s.value_accuracy, s.value_f1)
    return f"| {s.system} | " + " | ".join(f"{x:.1f}" for x in cells) + " |"
