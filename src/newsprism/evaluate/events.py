"""Score event coding on the PLOVER gold records and the PETRARCH structural suites, beside a trivial baseline.

PLOVER GSR (``plover-gsr-cameo/dev.jsonl``, one event per sentence): category accuracy and macro-F1
over the 16 current PLOVER categories (the event whose trigger appears in the gold ``event_text``,
else the most confident one), per-category P/R, and actor-set P/R/F1 on country codes
(our actors' KB ``country`` against the gold codes' ISO-3 prefix).

PETRARCH suites (fictional actors): the test dictionaries are not available, so an actor is
compared by a 3-letter code: a knowledge-base actor's country, else the first three letters of
the mention ("Arnor" -> ARN, "Gondor" -> GON), which is how most of the suites' codes were made;
names the suites code differently ("Minas Tirith" -> GON) count as misses. Names our resolver
does not know become actors named after themselves. Scores: (source, target, CAMEO root) and
(source, target, full code) triple P/R/F1, over records the suite scores (no expected error).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsprism.annotate.nlp import quotes_and_mentions
from newsprism.errors import ParseError
from newsprism.evaluate.gold import read_gold_jsonl
from newsprism.extract.events import CATEGORIES, Event, extract_events
from newsprism.extract.time import extract_timexes

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PETRARCH_FILES = ("petrarch2-unittest-records/petr_unittest_records.jsonl",
                  "petrarch2-unittest-records/petr2_pytest_sentences.jsonl",
                  "up-validate-records-2_02/petr_validate_records_2_02.jsonl")  # fmt: skip
_PLACE_LABELS = {"GPE", "LOC", "NORP", "ORG", "PERSON", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}
_CODE = re.compile(r"^[A-Z]{3}")


@dataclass(slots=True)
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def p(self) -> float:
        return 100 * self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return 100 * self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def add(self, gold: Counter, predicted: Counter) -> None:
        hit = sum((gold & predicted).values())
        self.tp += hit
        self.fp += sum(predicted.values()) - hit
        self.fn += sum(gold.values()) - hit


@dataclass(slots=True)
class PloverResult:
    records: int = 0
    correct: int = 0
    baseline_correct: int = 0
    per_category: dict[str, PRF] = field(default_factory=dict)
    baseline_per_category: dict[str, PRF] = field(default_factory=dict)
    actors: PRF = field(default_factory=PRF)
    baseline_actors: PRF = field(default_factory=PRF)
    triples: PRF = field(default_factory=PRF)
    baseline_triples: PRF = field(default_factory=PRF)
    no_event: int = 0


@dataclass(slots=True)
class PetrarchResult:
    records: int = 0
    root: PRF = field(default_factory=PRF)
    code: PRF = field(default_factory=PRF)
    baseline_root: PRF = field(default_factory=PRF)
    baseline_code: PRF = field(default_factory=PRF)
    no_event_records: int = 0
    no_event_correct: int = 0


def read_jsonl(path: Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Records of a PLOVER or PETRARCH gold file (the shared reader: clear errors naming file and line)."""
    return read_gold_jsonl(path, required=("text",), limit=limit)


def parse(nlp: Language, records: list[dict[str, Any]], progress: Callable = iter) -> Iterable[tuple[Doc, dict]]:
    def docs() -> Iterable[tuple[Doc, dict]]:
        for record in records:
            doc = nlp.make_doc(record["text"])
            doc.user_data["newsprism.date"] = record.get("date")
            yield doc, record

    return progress(nlp.pipe(docs(), as_tuples=True, batch_size=32))


def events_of(doc: Doc, record: dict[str, Any], *, fictional: bool = False) -> list[Event]:
    rows = list(doc.user_data.get("newsprism.actors", {}).get("mentions", ()))
    new = doc.user_data.get("newsprism.actors", {}).get("new", ())
    if fictional:
        rows = _self_named(doc, rows)
    _quotes, rows = quotes_and_mentions(doc, record["id"], rows, new)  # as ``analyze`` does: "I" in a quote
    timexes = extract_timexes(doc, doc_id=record["id"], dct=record.get("date"))
    date = record.get("date")
    return extract_events(
        doc, doc_id=record["id"], actor_mentions=rows, timexes=timexes, article_date=date, new_actors=new
    )


def _self_named(doc: Doc, rows: list[tuple]) -> list[tuple]:
    """Unresolved names (entities, runs of capitalised proper nouns) become actors named after themselves."""
    resolved = [r for r in rows if r[4]]
    covered = {i for r in resolved for i in range(r[0], r[1])}
    spans = [(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents if e.label_ in _PLACE_LABELS]
    run: list[Any] = []
    for tok in [*doc, None]:
        if tok is not None and tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.ent_type_ and not tok.is_stop:
            run.append(tok)
            continue
        if run:
            spans.append((run[0].idx, run[-1].idx + len(run[-1]), doc[run[0].i : run[-1].i + 1].text, "GPE"))
            run = []
    out = list(resolved)
    for start, end, text, label in spans:
        if start not in covered and not text[:1].islower():
            out.append((start, end, text, label, "fic:" + text.split()[0].lstrip("'"), "self", 0.5))
    return out


def actor_code(actor_id: str, on_date: str | None = None, new: dict[str, str | None] | None = None,
               *, guess: bool = True) -> str:  # fmt: skip
    """3-letter code of an actor: KB country (IGO/NGO for international bodies; IGO for a person holding an
    intergovernmental office on ``on_date``), else the country the text gave a new actor (``new``: id ->
    country, from the actor stage), else its name's first three letters (``guess``: the PETRARCH suites'
    fictional actors), or "" (unknown; real news)."""
    from newsprism.kb.load import igo_office, load_kb

    actor = load_kb().actors.get(actor_id)
    if igo_office(actor, on_date):
        return "IGO"
    cameo = actor.codes.get("cameo") if actor is not None else None
    if actor is not None and actor.kind == "igo":
        return cameo[:3] if cameo else "IGO"  # PETRARCH's and PLOVER's code for intergovernmental bodies
    if actor is not None and not actor.country and cameo:
        return cameo[:3]  # "NGO", "MNC"
    if actor is not None and actor.country:
        return actor.country
    if new and new.get(actor_id):
        return str(new[actor_id])
    if not guess:
        return ""
    name = actor_id.split(":", 1)[-1]
    return re.sub(r"[^A-Za-z]", "", name)[:3].upper()


# ----------------------------------------------------------------------------- PLOVER


def evaluate_plover(nlp: Language, records: list[dict[str, Any]], progress: Callable = iter) -> PloverResult:
    result = PloverResult()
    majority = Counter(r["expected_events"][0]["category_current_plover"] for r in records).most_common(1)[0][0]
    for doc, record in parse(nlp, records, progress):
        gold = record["expected_events"][0]
        events = events_of(doc, record)
        chosen = _chosen(events, gold.get("event_text") or "")
        predicted = chosen.category if chosen else "NONE"
        result.records += 1
        result.no_event += chosen is None
        _tally(result.per_category, gold["category_current_plover"], predicted)
        _tally(result.baseline_per_category, gold["category_current_plover"], majority)
        result.correct += predicted == gold["category_current_plover"]
        result.baseline_correct += majority == gold["category_current_plover"]
        gold_actors = Counter({c[:3] for c in gold["source_actor"] + gold["target_actor"] if _CODE.match(c)})
        when, new = record.get("date"), new_countries(doc)
        named = chosen.source_ids + chosen.target_ids if chosen else ()
        ours = Counter({actor_code(a, when, new) for a in named} - {""})
        result.actors.add(gold_actors, ours)
        result.baseline_actors.add(gold_actors, Counter(set(_first_two(doc))))
        gold_triples = plover_triples(gold)
        result.triples.add(gold_triples, _event_triples(chosen, when, new))
        first_two = _first_two(doc)
        base = (first_two[0], first_two[1] if len(first_two) > 1 else "") if first_two else None
        result.baseline_triples.add(gold_triples, Counter({(*base, majority)}) if base else Counter())
    return result


def plover_triples(gold: dict[str, Any]) -> Counter:
    """Gold (source country, target country, category) dyads, made the way ``dyads`` makes ours."""
    sources = sorted({c[:3] for c in gold["source_actor"] if _CODE.match(c)})
    targets = sorted({c[:3] for c in gold["target_actor"] if _CODE.match(c)})
    category = gold["category_current_plover"]
    if not targets and len(sources) > 1:
        pairs = [(s, t) for s in sources for t in sources if s != t]
    else:
        pairs = [(s, t) for s in sources for t in (targets or [""])]
    return Counter({(s, t, category) for s, t in pairs})


def new_countries(doc: Doc) -> dict[str, str | None]:
    """New (unknown) actors of a parsed doc -> the country the text gave them."""
    return {row[0]: row[3] for row in doc.user_data.get("newsprism.actors", {}).get("new", ())}


def _event_triples(event: Event | None, on_date: str | None = None, new: dict[str, str | None] | None = None
                   ) -> Counter:  # fmt: skip
    if event is None:
        return Counter()
    pairs = dyads(event)
    coded = {(actor_code(s, on_date, new), actor_code(t, on_date, new) if t else "", event.category) for s, t in pairs}
    return Counter({triple for triple in coded if triple[0]})


def _chosen(events: list[Event], event_text: str) -> Event | None:
    words = set(event_text.lower().split())
    for event in events:
        if event.trigger.lower() in words:
            return event
    return max(events, key=lambda e: e.confidence, default=None)


def _tally(table: dict[str, PRF], gold: str, predicted: str) -> None:
    for key in (gold, predicted):
        table.setdefault(key, PRF())
    if gold == predicted:
        table[gold].tp += 1
    else:
        table[gold].fn += 1
        table[predicted].fp += 1


def _first_two(doc: Doc) -> list[str]:
    rows = [r for r in doc.user_data.get("newsprism.actors", {}).get("mentions", ()) if r[4]]
    codes = [actor_code(r[4]) for r in rows[:2]]
    return [c for c in codes if c]


# ----------------------------------------------------------------------------- PETRARCH


def evaluate_petrarch(nlp: Language, records: list[dict[str, Any]], progress: Callable = iter) -> PetrarchResult:
    result = PetrarchResult()
    scored = [r for r in records if r.get("evaluate", True) is not False and not r.get("expected_error")]
    roots = Counter(e["cameo_root"] for r in scored for e in r["expected_events"] if e.get("cameo_root"))
    codes = Counter(e["code"] for r in scored for e in r["expected_events"])
    top_root = roots.most_common(1)[0][0] if roots else "04"
    top_code = codes.most_common(1)[0][0] if codes else "040"
    for doc, record in parse(nlp, scored, progress):
        result.records += 1
        gold = [e for e in record["expected_events"] if _coded(e)]
        gold_root = Counter((e["source_actor"][:3], e["target_actor"][:3], e["code"][:2]) for e in gold)
        gold_code = Counter((e["source_actor"][:3], e["target_actor"][:3], e["code"]) for e in gold)
        events = events_of(doc, record, fictional=True)
        ours = [(actor_code(s), actor_code(t) if t else "", e.cameo_code) for e in events for s, t in dyads(e)]
        result.root.add(gold_root, Counter((s, t, c[:2]) for s, t, c in ours))
        result.code.add(gold_code, Counter(ours))
        names = _baseline_names(doc)
        base = [(names[0], names[1] if len(names) > 1 else "")] if names else []
        result.baseline_root.add(gold_root, Counter((s, t, top_root) for s, t in base))
        result.baseline_code.add(gold_code, Counter((s, t, top_code) for s, t in base))
        if record.get("expect_no_events"):
            result.no_event_records += 1
            result.no_event_correct += not events
    return result


def _coded(event: dict[str, Any]) -> bool:
    return bool(_CODE.match(event["source_actor"] or "") or _CODE.match(event["target_actor"] or ""))


def dyads(event: Event) -> list[tuple[str, str]]:
    """(source, target) pairs of an event; a compound source with no target is mutual ("X and Y met": X->Y, Y->X).

    PETRARCH codes such an event as one dyad per ordered pair; we keep it as one event with a compound source.
    """
    if not event.target_ids and len(event.source_ids) > 1:
        return [(s, t) for s in event.source_ids for t in event.source_ids if s != t]
    return [(s, t) for s in event.source_ids for t in (event.target_ids or ("",))]


def _baseline_names(doc: Doc) -> list[str]:
    rows = sorted(_self_named(doc, list(doc.user_data.get("newsprism.actors", {}).get("mentions", ()))))
    return [actor_code(r[4]) for r in rows]


# ----------------------------------------------------------------------------- real news


@dataclass(slots=True)
class RealNewsResult:
    articles: int = 0
    sentences: int = 0
    gold_events: int = 0
    root: PRF = field(default_factory=PRF)
    code: PRF = field(default_factory=PRF)
    dyadic_root: PRF = field(default_factory=PRF)  # both countries known, on both sides
    baseline_root: PRF = field(default_factory=PRF)
    per_root: dict[str, PRF] = field(default_factory=dict)
    misses: list[tuple[str, int, str, list[tuple], list[tuple]]] = field(default_factory=list)


def read_realnews(gold: Path, corpus: Path) -> list[dict[str, Any]]:
    """Gold-coded real-news sentences joined with their articles' text.

    ``gold`` holds one line per coded sentence (``id`` of a corpus article, ``start``/``end`` character
    offsets into its text, ``sha1``: the first 12 hex digits of the sentence's SHA-1, ``events``: list of
    ``{source, target, code}``); the article texts stay in ``corpus`` (the AllSides JSON Lines, gzip or not),
    as their licence asks. Returns one record per article (``id``, ``date``, ``text``, ``sentences``).

    Raises:
        ParseError: a line lacks a key, an article is not in the corpus, or a sentence's text differs.
    """
    rows = read_gold_jsonl(gold, required=("id", "start", "end", "sha1", "events"))
    if not corpus.is_file():
        raise ParseError(f"[E501] corpus {corpus} not found; pass --corpus FILE (articles with id, date, text)")
    wanted = {row["id"] for row in rows}
    articles: dict[str, dict[str, Any]] = {}
    with (gzip.open(corpus, "rt", encoding="utf-8") if corpus.suffix == ".gz" else corpus.open(encoding="utf-8")) as f:
        for line_number, line in enumerate(f, 1):
            if '"id"' in line and any(key in line for key in wanted):
                try:
                    article = json.loads(line)
                except json.JSONDecodeError as e:
                    raise ParseError(f"[E110] {corpus}:{line_number}: malformed JSON ({e.msg})") from e
                if isinstance(article, dict) and article.get("id") in wanted:
                    articles[article["id"]] = {"id": article["id"], "date": article.get("date"),
                                               "text": article.get("text") or "", "sentences": []}  # fmt: skip
    for number, row in enumerate(rows, 1):
        article = articles.get(row["id"])
        if article is None:
            raise ParseError(f"[E112] {gold} record {number}: article {row['id']} is not in {corpus}")
        if not isinstance(row["start"], int) or not isinstance(row["end"], int) or not isinstance(row["events"], list):
            raise ParseError(f"[E111] {gold} record {number}: start and end must be integers, events a list")
        sentence = article["text"][row["start"] : row["end"]]
        if hashlib.sha1(sentence.encode()).hexdigest()[:12] != row["sha1"]:
            raise ParseError(f"[E113] {gold} record {number}: the text at {row['start']}-{row['end']} of {row['id']} "
                             "is not the coded sentence (another corpus version?)")  # fmt: skip
        article["sentences"].append(row)
    return [articles[key] for key in dict.fromkeys(row["id"] for row in rows)]


def coder_agreement(gold: Path, other: Path) -> tuple[int, PRF, PRF]:
    """How far a second coding of the same sentences agrees with ``gold``: (sentences both coded, root-triple
    and code-triple P/R/F1 of ``other`` against ``gold``). No text or parse is needed."""
    required = ("id", "start", "sha1", "events")
    first = {(r["id"], r["start"], r["sha1"]): r for r in read_gold_jsonl(gold, required=required)}
    root, code, both = PRF(), PRF(), 0
    for row in read_gold_jsonl(other, required=required):
        reference = first.get((row["id"], row["start"], row["sha1"]))
        if reference is None:
            continue
        both += 1
        ours, theirs = _coded_triples(row["events"]), _coded_triples(reference["events"])
        root.add(_roots(theirs), _roots(ours))
        code.add(theirs, ours)
    return both, root, code


def scored_events(events: Iterable[Event]) -> list[Event]:
    """The events a CAMEO coder counts: not negated, not demanded of others, not hypothetical (a conditional
    conflictual act is a threat, and counts)."""
    out = []
    for event in events:
        flags = set(event.context)
        if flags & {"negated", "demanded"} or ("hypothetical" in flags and event.cameo_root != "13"):
            continue
        out.append(event)
    return out


def evaluate_realnews(nlp: Language, articles: list[dict[str, Any]], progress: Callable = iter) -> RealNewsResult:
    """(source country, target country, CAMEO root) and exact-code triple P/R/F1 over the coded sentences:
    each article is parsed whole (pronouns and titles resolve as in ``analyze``), and an event counts
    for the coded sentence its trigger lies in."""
    result = RealNewsResult()
    roots = Counter(e["code"][:2] for a in articles for s in a["sentences"] for e in s["events"])
    top_root = roots.most_common(1)[0][0] if roots else "04"
    for doc, article in parse(nlp, articles, progress):
        result.articles += 1
        when, new = article.get("date"), new_countries(doc)
        events = scored_events(events_of(doc, article))
        mentions = [r for r in doc.user_data.get("newsprism.actors", {}).get("mentions", ()) if r[4]]
        for sentence in article["sentences"]:
            inside = [e for e in events if sentence["start"] <= e.start < sentence["end"]]
            ours = Counter(
                (actor_code(s, when, new, guess=False) if s else "", actor_code(t, when, new, guess=False) if t else "",
                 e.cameo_code)
                for e in inside for s, t in (dyads(e) or [("", t) for t in e.target_ids])
            )  # fmt: skip
            gold_root, ours_root = tally_realnews(result, sentence, ours)
            first = [actor_code(r[4], when, new, guess=False) for r in mentions if sentence["start"] <= r[0] < sentence["end"]]
            first = list(dict.fromkeys(first))[:2]
            base = Counter({(first[0], first[1] if len(first) > 1 else "", top_root)}) if first else Counter()
            result.baseline_root.add(gold_root, base)
            if gold_root != ours_root:
                result.misses.append((article["id"], sentence["start"], doc.text[sentence["start"] : sentence["end"]],
                                      sorted(gold_root), sorted(ours_root)))  # fmt: skip
    return result


def tally_realnews(result: RealNewsResult, sentence: dict[str, Any], ours: Counter) -> tuple[Counter, Counter]:
    """Add one coded sentence to ``result``: its gold triples against ``ours``, (source, target, code) with
    codes or "" for a party, of any coder. A triple with no party coded is dropped. Returns both at root level."""
    result.sentences += 1
    gold = _coded_triples(sentence["events"])
    result.gold_events += sum(gold.values())
    ours = Counter({k: v for k, v in ours.items() if k[0] or k[1]})  # no party with a country: not coded
    gold_root, ours_root = _roots(gold), _roots(ours)
    result.root.add(gold_root, ours_root)
    result.code.add(gold, ours)
    result.dyadic_root.add(_dyadic(gold_root), _dyadic(ours_root))
    for key in {triple[2] for triple in set(gold_root) | set(ours_root)}:
        result.per_root.setdefault(key, PRF()).add(
            Counter({k: v for k, v in gold_root.items() if k[2] == key}),
            Counter({k: v for k, v in ours_root.items() if k[2] == key}),
        )
    return gold_root, ours_root


def _coded_triples(events: list[dict[str, Any]]) -> Counter:
    """A coded sentence's (source, target, code) triples; a missing party is ""."""
    return Counter((e["source"] or "", e["target"] or "", e["code"]) for e in events)


def _roots(triples: Counter) -> Counter:
    out: Counter = Counter()
    for (s, t, code), n in triples.items():
        out[(s, t, code[:2])] += n
    return out


def _dyadic(triples: Counter) -> Counter:
    return Counter({k: v for k, v in triples.items() if k[0] and k[1]})


def format_realnews(name: str, result: RealNewsResult) -> str:
    def cell(p: PRF) -> str:
        return f"{p.p:.1f} / {p.r:.1f} / {p.f1:.1f}"

    lines = [
        f"{name}: {result.sentences} coded sentences of {result.articles} articles, {result.gold_events} gold events",
        "| triple | rules P / R / F1 | baseline P / R / F1 |", "|---|---|---|",
        f"| (source country, target country, root) | {cell(result.root)} | {cell(result.baseline_root)} |",
        f"| (source country, target country, code) | {cell(result.code)} | |",
        f"| root, both countries known (gold and ours) | {cell(result.dyadic_root)} | |",
        "", "| CAMEO root | P | R | F1 | gold |", "|---|---|---|---|---|",
    ]  # fmt: skip
    for root in sorted(result.per_root):
        prf = result.per_root[root]
        lines.append(f"| {root} | {prf.p:.1f} | {prf.r:.1f} | {prf.f1:.1f} | {prf.tp + prf.fn} |")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- report


def format_plover(result: PloverResult) -> str:
    n = max(result.records, 1)
    macro = sum(p.f1 for c, p in result.per_category.items() if c in CATEGORIES) / len(
        [c for c in result.per_category if c in CATEGORIES] or [1]
    )
    base_macro = sum(p.f1 for c, p in result.baseline_per_category.items() if c in CATEGORIES) / len(
        [c for c in result.baseline_per_category if c in CATEGORIES] or [1]
    )
    lines = [
        f"PLOVER GSR: {result.records} records ({result.no_event} with no event found)",
        "| metric | rules | baseline |", "|---|---|---|",
        f"| category accuracy | {100 * result.correct / n:.1f} | {100 * result.baseline_correct / n:.1f} |",
        f"| category macro-F1 | {macro:.1f} | {base_macro:.1f} |",
        f"| actor-set P / R / F1 (country) | {result.actors.p:.1f} / {result.actors.r:.1f} / {result.actors.f1:.1f} "
        f"| {result.baseline_actors.p:.1f} / {result.baseline_actors.r:.1f} / {result.baseline_actors.f1:.1f} |",
        f"| (source, target, category) P / R / F1 | {result.triples.p:.1f} / {result.triples.r:.1f} / "
        f"{result.triples.f1:.1f} | {result.baseline_triples.p:.1f} / {result.baseline_triples.r:.1f} / "
        f"{result.baseline_triples.f1:.1f} |",
        "", "| category | P | R | F1 | gold |", "|---|---|---|---|---|",
    ]  # fmt: skip
    for category in CATEGORIES:
        prf = result.per_category.get(category, PRF())
        lines.append(f"| {category} | {prf.p:.1f} | {prf.r:.1f} | {prf.f1:.1f} | {prf.tp + prf.fn} |")
    return "\n".join(lines)


def format_petrarch(name: str, result: PetrarchResult) -> str:
    def cell(p: PRF) -> str:
        return f"{p.p:.1f} / {p.r:.1f} / {p.f1:.1f}"

    return "\n".join([
        f"{name}: {result.records} scored records; "
        f"no-event records kept empty {result.no_event_correct}/{result.no_event_records}",
        "| triple | rules P / R / F1 | baseline P / R / F1 |", "|---|---|---|",
        f"| (source, target, root) | {cell(result.root)} | {cell(result.baseline_root)} |",
        f"| (source, target, code) | {cell(result.code)} | {cell(result.baseline_code)} |",
    ])  # fmt: skip
