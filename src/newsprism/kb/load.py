"""Load the actor knowledge base shipped in ``newsprism/kb/data``.

The main file ``actors.jsonl`` holds one actor per line. Facts from share-alike sources
live in overlay files (``actors.countryinfo.jsonl``: CC BY-SA 3.0; ``actors.mledoze.jsonl``:
ODbL 1.0) keyed by the same ids; :func:`load_kb` merges them. Groups and organisations from the
Phoenix dictionaries are complete records in ``actors.phoenix.jsonl`` and
``actors.phoenix_countries.jsonl``; its listed persons (country and sectors, no offices) are in
``actors.phoenix_persons.jsonl``. Generic agent terms ("police" -> COP) are in ``agents.jsonl``,
read by :func:`load_agents`. Docs: docs/knowledge-base.md.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

DATA_FILES = ("actors.jsonl", "actors.countryinfo.jsonl", "actors.mledoze.jsonl",
              "actors.phoenix.jsonl", "actors.phoenix_countries.jsonl", "actors.phoenix_persons.jsonl")
AGENTS_FILE = "agents.jsonl"
KINDS = frozenset({"person", "state", "igo", "org", "group"})


@dataclass(frozen=True, slots=True)
class Office:
    """One term in one office. Dates are ISO strings, possibly partial ('2023-10', '2021').

    ``end`` is None while in office (or when the end is not known); a term covers
    ``start <= day <= end``, so on a hand-over day both holders match.
    """

    role: str
    title: str
    start: str | None
    end: str | None
    source: str
    country: str | None = None
    org: str | None = None
    acting: bool = False
    end_approx: bool = False
    last_known: str | None = None

    def covers(self, on_date: str) -> bool:
        """Whether the term includes ``on_date`` (YYYY-MM-DD), comparing at each date's precision.

        A term with no end but a ``last_known`` date (the source stops there) covers dates up
        to ``last_known`` only.
        """
        end = self.end or self.last_known
        start_ok = self.start is None or on_date[: len(self.start)] >= self.start
        end_ok = end is None or on_date[: len(end)] <= end
        return start_ok and end_ok


@dataclass(frozen=True, slots=True)
class Actor:
    """A person, state, international organisation, other organisation or group."""

    id: str
    name: str
    kind: str
    country: str | None
    sectors: tuple[str, ...] = ()
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # states: major cities (a place of the state, not a name of it)
    metonyms: tuple[dict[str, str], ...] = ()
    offices: tuple[Office, ...] = ()
    codes: dict[str, str] = field(default_factory=dict)
    family_name: str | None = None
    status: str | None = None
    un_member: bool | None = None
    sources: tuple[str, ...] = ()


def igo_office(actor: Actor | None, on_date: str | None) -> str | None:
    """The intergovernmental body (``igo:UN``) whose office a person holds on a (partial) date, if any.

    Event coders code such a person by the office ("Kofi Annan" in 2000 is IGO, not Ghana).
    """
    if actor is None or actor.kind != "person" or not on_date:
        return None
    for office in actor.offices:
        if office.org and office.org.startswith("igo:") and office.covers(on_date):
            return office.org
    return None


@dataclass(frozen=True, slots=True)
class AgentTerm:
    """A generic role noun ("police", "opposition supporter") and its sector codes.

    ``term`` and ``plural`` are lowercase, words separated by one space; ``sectors`` are
    newsprism sector codes (first = main), ``cameo`` the source's CAMEO code if any.
    """

    term: str
    plural: tuple[str, ...]
    sectors: tuple[str, ...]
    source: str
    cameo: str | None = None


@dataclass(frozen=True)
class KnowledgeBase:
    """All actors by id, with lookups by office and by alias."""

    actors: dict[str, Actor]

    def office_holders(self, role: str, country_or_org: str, on_date: str) -> list[Actor]:
        """Actors holding ``role`` for a state (ISO3, 'KOR') or IGO ('igo:NATO' or 'NATO') on a date.

        Args:
            role: normalised role, e.g. 'head_of_state', 'foreign_minister', 'secretary_general'.
            country_or_org: ISO 3166 alpha-3 code or IGO id.
            on_date: ISO date 'YYYY-MM-DD'.

        Returns:
            Matching actors, sorted by id (acting holders included; see ``Office.acting``).
        """
        place = country_or_org if ":" in country_or_org or len(country_or_org) == 3 else f"igo:{country_or_org}"
        if len(place) == 3 and f"igo:{place}" in self.actors and f"state:{place}" not in self.actors:
            place = f"igo:{place}"
        found = []
        for actor_id in self._by_role().get((role, place), ()):
            actor = self.actors[actor_id]
            if any(o.role == role and place in (o.country, o.org) and o.covers(on_date) for o in actor.offices):
                found.append(actor)
        return found

    def by_alias(self) -> dict[str, tuple[str, ...]]:
        """Lowercased alias (names, aliases, abbreviations, demonyms, metonyms, native names) -> actor ids."""
        return _alias_index(self)

    def _by_role(self) -> dict[tuple[str, str], tuple[str, ...]]:
        return _role_index(self)


@cache
def _alias_index(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = defaultdict(list)
    for actor in kb.actors.values():
        texts = [actor.name, *actor.aliases, *actor.abbreviations, *actor.demonyms,
                 *(m["text"] for m in actor.metonyms), *(n for ns in actor.names.values() for n in ns)]
        for text in texts:
            ids = index[text.lower()]
            if actor.id not in ids:
                ids.append(actor.id)
    return {k: tuple(v) for k, v in index.items()}


@cache
def _role_index(kb: KnowledgeBase) -> dict[tuple[str, str], tuple[str, ...]]:
    index: dict[tuple[str, str], list[str]] = defaultdict(list)
    for actor in kb.actors.values():
        for office in actor.offices:
            key = (office.role, office.country or office.org or "")
            if actor.id not in index[key]:
                index[key].append(actor.id)
    return {k: tuple(sorted(v)) for k, v in index.items()}


KnowledgeBase.__hash__ = lambda self: id(self)  # type: ignore[method-assign]  # one instance per process


@cache
def load_kb() -> KnowledgeBase:
    """Read the packaged data files once and return the merged knowledge base."""
    records: dict[str, dict[str, Any]] = {}
    data = resources.files("newsprism.kb") / "data"
    for name in DATA_FILES:
        lines = (data / name).read_text(encoding="utf-8").splitlines()
        for record in json.loads("[" + ",".join(lines) + "]"):  # one parse per file: faster than per line
            if record["id"] in records:
                _merge(records[record["id"]], record)
            else:
                records[record["id"]] = record
    return KnowledgeBase(actors={k: _make_actor(v) for k, v in records.items()})


@cache
def load_agents() -> tuple[AgentTerm, ...]:
    """Read ``agents.jsonl`` once: generic agent terms sorted by term."""
    text = (resources.files("newsprism.kb") / "data" / AGENTS_FILE).read_text(encoding="utf-8")
    rows = (json.loads(line) for line in text.splitlines())
    return tuple(AgentTerm(term=r["term"], plural=tuple(r.get("plural", ())), sectors=tuple(r["sectors"]),
                           source=r["source"], cameo=r.get("cameo")) for r in rows)


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if key == "id":
            continue
        if isinstance(value, list):
            base.setdefault(key, [])
            base[key].extend(v for v in value if v not in base[key])
        elif isinstance(value, dict):
            target = base.setdefault(key, {})
            for k, v in value.items():
                if isinstance(v, list):
                    target.setdefault(k, [])
                    target[k].extend(x for x in v if x not in target[k])
                else:
                    target.setdefault(k, v)
        else:
            base.setdefault(key, value)


def _make_actor(rec: dict[str, Any]) -> Actor:
    offices = tuple(Office(role=o["role"], title=o.get("title", ""), start=o.get("start"), end=o.get("end"),
                           source=o["source"], country=o.get("country"), org=o.get("org"),
                           acting=o.get("acting", False), end_approx=o.get("end_approx", False),
                           last_known=o.get("last_known"))
                    for o in rec.get("offices", []))
    return Actor(
        id=rec["id"], name=rec["name"], kind=rec["kind"], country=rec.get("country"),
        sectors=tuple(rec.get("sectors", ())), names={k: tuple(v) for k, v in rec.get("names", {}).items()},
        aliases=tuple(rec.get("aliases", ())), abbreviations=tuple(rec.get("abbreviations", ())),
        demonyms=tuple(rec.get("demonyms", ())), capital=tuple(rec.get("capital", ())),
        places=tuple(rec.get("places", ())),
        metonyms=tuple(rec.get("metonyms", ())), offices=offices,
        codes={k: v for k, v in rec.get("codes", {}).items() if v}, family_name=rec.get("family_name"),
        status=rec.get("status"), un_member=rec.get("un_member"), sources=tuple(rec.get("sources", ())))
