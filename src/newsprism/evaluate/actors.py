"""Score actor resolution on NGEC-format expectations (``../shared/eval/actor-resolution/dev.jsonl``).

Each case gives an actor phrase (with an optional date) and the expected country (ISO-3),
PLOVER sector (``code_1``) and/or Wikipedia title. newsprism resolves the phrase with the
same spaCy pipeline and actor resolver as ``analyze`` (a mention that names a known actor:
its country and sector) and falls back to agent coding (nationality + role nouns) for
generic phrases ("Ukrainian farmers"). Accuracy is reported per field, per resolution method
and per actor kind.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from newsprism.clean.dates import normalize_date
from newsprism.evaluate.gold import read_gold_jsonl

DEFAULT_GOLD = Path("../shared/eval/actor-resolution/dev.jsonl")
TODAY = "2023-06-01"  # the NGEC tests were written in 2022-2023; "today" means then (see the data's README)
_GOVERNMENT_ROLES = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister",
                     "vice_president", "deputy_head_of_government", "national_security_adviser"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Prediction:
    """What newsprism says about one actor phrase."""

    actor_id: str | None
    name: str | None
    kind: str
    method: str
    country: str | None
    sector: str | None


@dataclass(slots=True)
class ActorEval:
    """Per-field accuracy, overall and by method and kind."""

    cases: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    by_method: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    by_function: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    errors: list[dict[str, Any]] = field(default_factory=list)


def read_gold(path: Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Read NGEC-format cases; a malformed line is a clear error naming the file and line."""
    return read_gold_jsonl(path, required=("function", "input", "expected"), limit=limit)


def query_date(raw: str | None) -> str:
    """The case's date: ISO from any written form; empty or 'today' → :data:`TODAY`."""
    if not raw or raw.strip().lower() == "today":
        return TODAY
    return normalize_date(raw) or TODAY


def evaluate_actors(path: Path, *, limit: int | None = None, progress: Callable[[int], Any] | None = None) -> ActorEval:
    """Resolve every case of the gold file and score it."""
    from newsprism.annotate.nlp import load_nlp
    from newsprism.settings import load_settings

    settings = load_settings().annotate
    nlp = load_nlp(settings.model, settings.model_version)
    result = ActorEval()
    for case in read_gold(path, limit=limit):
        _score_case(result, case, nlp)
        if progress:
            progress(1)
    return result


def _score_case(result: ActorEval, case: dict[str, Any], nlp: Any) -> None:
    function, given, expected = case["function"], case["input"], case["expected"]
    result.cases += 1
    if function == "search_nat":
        checks = _nationality_checks(given["text"], expected)
        prediction = None
    elif function == "short_text_to_agent":
        checks, prediction = _sector_checks(given["text"], expected)
    else:
        text = given.get("text") or given.get("query_term") or ""
        prediction = resolve_phrase(nlp, text, date=query_date(given.get("query_date")))
        checks = _actor_checks(prediction, expected)
    for name, ok in checks.items():
        _tally(result.fields[name], ok)
        _tally(result.by_function[function], ok)
        if prediction is not None:
            _tally(result.by_method[prediction.method], ok)
            _tally(result.by_kind[prediction.kind], ok)
    if not all(checks.values()):
        result.errors.append({"id": case["id"], "input": given, "expected": expected, "got": prediction})


def _tally(cell: list[int], ok: bool) -> None:
    cell[0] += int(ok)
    cell[1] += 1


def resolve_phrase(nlp: Any, text: str, *, date: str) -> Prediction:
    """Resolve an actor phrase: the known actor it names, else the agent its words describe."""
    from newsprism.annotate.components import ACTORS_KEY, DATE_KEY
    from newsprism.extract.actor_index import load_index
    from newsprism.kb.agents import code_agent

    doc = nlp.make_doc(text)
    doc.user_data[DATE_KEY] = date
    doc = nlp(doc)
    kb = load_index().kb
    mentions = [m for m in doc.user_data[ACTORS_KEY]["mentions"] if m[4]]
    known = [m for m in mentions if m[4] in kb.actors]
    if known:
        start, end, _, _, actor_id, method, _ = max(known, key=lambda m: (m[1] - m[0], m[5] == "role"))
        actor = kb.actors[actor_id]
        if actor.kind == "state" and len(text[:start].strip()) + len(text[end:].strip()) > 0:
            return _state_agent(text, actor, method, date)  # "Ukrainian farmers": an agent of the state
        return Prediction(actor_id, actor.name, actor.kind, method, _country(actor), _sector(actor, date))
    agent = code_agent(text, kb, date=date)
    if agent.actor_id and agent.actor_id in kb.actors:
        actor = kb.actors[agent.actor_id]
        return Prediction(actor.id, actor.name, actor.kind, "agent", _country(actor), _sector(actor, date))
    if agent.country or agent.sectors:
        return Prediction(None, None, "agent", "agent", agent.country, (agent.sectors or [None])[0])
    return Prediction(None, None, "none", "none", None, None)


def _state_agent(text: str, state: Any, method: str, date: str) -> Prediction:
    from newsprism.extract.actor_index import load_index
    from newsprism.kb.agents import code_agent

    agent = code_agent(text, load_index().kb, date=date)
    sector = (agent.sectors or ["GOV" if method == "role" else ""])[0]
    return Prediction(state.id, state.name, "state", method, state.country, sector)


def _country(actor: Any) -> str | None:
    cameo = (actor.codes or {}).get("cameo") if actor.kind == "igo" else None
    if isinstance(cameo, str) and cameo.startswith("IGO") and len(cameo) >= 6:
        return cameo[3:6]
    return actor.country


def _sector(actor: Any, date: str) -> str | None:
    if actor.kind == "state":
        return ""
    if actor.kind == "person" and any(o.role in _GOVERNMENT_ROLES and o.covers(date) for o in actor.offices):
        return "GOV"
    return actor.sectors[0] if actor.sectors else None


def _actor_checks(prediction: Prediction, expected: dict[str, Any]) -> dict[str, bool]:
    if expected.get("result_is_none"):
        return {"none": prediction.actor_id is None and prediction.country is None and not prediction.sector}
    checks = {}
    if "country" in expected:
        checks["country"] = (prediction.country or "") == (expected["country"] or "")
    if "code_1" in expected:
        checks["code_1"] = (prediction.sector or "") == (expected["code_1"] or "")
    for key in ("wiki", "title"):
        if expected.get(key):
            checks["title"] = _same_title(prediction.name, expected[key])
    return checks


def _same_title(name: str | None, title: str) -> bool:
    def fold(s: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", s.casefold()) if c.isalnum())

    return name is not None and fold(name) == fold(title)


def _nationality_checks(text: str, expected: dict[str, Any]) -> dict[str, bool]:
    from newsprism.extract.actor_index import load_index
    from newsprism.kb.agents import find_nationality

    country, rest = find_nationality(text, load_index().kb)
    return {"country": country == expected.get("cc"), "remainder": rest.strip() == (expected.get("text") or "").strip()}


def _sector_checks(text: str, expected: dict[str, Any]) -> tuple[dict[str, bool], Prediction]:
    from newsprism.kb.agents import agent_sectors

    sectors = agent_sectors(text)
    prediction = Prediction(None, None, "agent", "agent", None, sectors[0] if sectors else None)
    return {"code_1": prediction.sector == expected.get("code_1")}, prediction


def format_table(result: ActorEval) -> str:
    """Accuracy tables (Markdown) by field, function, method and kind."""
    parts = [f"{result.cases} cases\n"]
    for title, table in (("field", result.fields), ("function", result.by_function),
                         ("method", result.by_method), ("kind", result.by_kind)):  # fmt: skip
        parts.append(f"| {title} | correct | checked | accuracy |\n|---|---:|---:|---:|")
        parts.extend(f"| {name} | {ok} | {n} | {ok / n:.3f} |" for name, (ok, n) in sorted(table.items()) if n)
        parts.append("")
    return "\n".join(parts)


def errors_jsonl(result: ActorEval) -> Iterable[str]:
    """The failed cases, one JSON line each (for inspection)."""
    for error in result.errors:
        got = error["got"]
        yield json.dumps(error | {"got": None if got is None else asdict(got)}, ensure_ascii=False, default=str)
