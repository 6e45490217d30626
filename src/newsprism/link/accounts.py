"""Accounts: how each article tells one event cluster, and where the accounts differ.

An **account** is one article's telling of one happening: the member events it
contributes and what the sentences carrying them say. Each account is reduced to a set
of comparable **details**:

- ``actor:<id>``: every actor named in those sentences (not only the event's arguments:
  "with the help of Biden" is a detail even when Biden is no argument);
- ``quote:<speaker id>``: a quotation or reported speech by that speaker in the sentences
  or the sentence right after (where the words said at a meeting usually follow);
- ``duration:<TIMEX3 value>``: a duration in the sentences or the one right after ("The talks
  lasted 25 minutes." -> PT25M);
- ``number:<unit>=<value>``: a number with the noun it counts, in the same sentences
  ("3,000 troops", "$2 billion" -> ``number:usd=2000000000``; time units are durations);
- ``date:<ISO>``: the exact date the account gives the happening.

Between the accounts of one cluster, an account **includes** the details that at least
one other account lacks and **omits** the details at least one other account has.
**Conflicting values** are the same facet given different values by different articles:
durations, numbers of the same unit, and exact dates (see :mod:`newsprism.link.events`).
Explicit **disputes** (one account contesting another) come from the per-article
disputes layer and are attached to a cluster through the event they are about.

Pure functions over picklable records; the store adapter is :mod:`newsprism.link.run`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "dozen": 12,
}  # fmt: skip
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_CURRENCY = {"$": "usd", "€": "eur", "£": "gbp", "¥": "jpy", "₩": "krw"}
_NUMBER = re.compile(
    r"(?P<cur>[$€£¥₩])?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")(?:\s(?P<scale>thousand|million|billion|trillion))?(?:\s|-)(?P<unit>[a-z]{3,}(?:\s(?:of\s)?[a-z]{3,})?)?",
    re.IGNORECASE,
)
# Nouns after a number that do not name what is counted ("3 of them", years as dates)
_NOT_UNITS = frozenset(
    [
        "and",
        "the",
        "of",
        "per",
        "percent",
        "times",
        "other",
        "more",
        "than",
        "who",
        "which",
        "that",
        "were",
        "was",
        "are",
        "said",
        "for",
        "with",
        "from",
    ]
)


@dataclass(frozen=True, slots=True)
class EventContext:
    """One member event with what its article says around it (picklable)."""

    event_id: str
    doc_id: str
    outlet: str | None
    published: str | None
    date: str | None  # the event's exact date, None when approximate or unknown
    sentence: str
    actor_ids: tuple[str, ...] = ()  # actors named in the event's sentence
    durations: tuple[str, ...] = ()  # TIMEX3 duration values in the sentence
    quotes: tuple[tuple[str, str | None], ...] = ()  # (quote id, speaker id) in or right after the sentence
    following: str = ""  # the next sentence, read for numbers


@dataclass(frozen=True, slots=True)
class Account:
    """One article's account of one event cluster."""

    cluster_id: str
    doc_id: str
    outlet: str | None
    published: str | None
    event_ids: tuple[str, ...]
    details: tuple[str, ...]
    includes: tuple[str, ...] = ()
    omits: tuple[str, ...] = ()
    quote_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Conflict:
    """Different values of one facet for the same happening: ``values`` maps value -> doc ids."""

    cluster_id: str
    facet: str  # date | duration | number:<unit>
    values: tuple[tuple[str, tuple[str, ...]], ...]


def numbers(text: str) -> list[tuple[str, str]]:
    """``(unit, value)`` for each counted quantity in ``text``: "34 minutes" -> ("minute", "34")."""
    out = []
    for m in _NUMBER.finditer(text):
        raw = m.group("num").lower()
        value = float(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else float(raw.replace(",", ""))
        if m.group("scale"):
            value *= _SCALES[m.group("scale").lower()]
        currency = m.group("cur")
        if currency:
            unit = _CURRENCY[currency]
        else:
            words = (m.group("unit") or "").lower().split()
            if not words or words[0] in _NOT_UNITS or _is_year(raw, m.group("unit")):
                continue
            unit = _singular(words[0])
        out.append((unit, _format(value)))
    return out


def _is_year(raw: str, unit: str | None) -> bool:
    return raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _format(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def event_details(context: EventContext) -> set[str]:
    """The comparable details of one member event (see the module docstring)."""
    details = {f"actor:{a}" for a in context.actor_ids}
    details |= {f"quote:{speaker}" for _, speaker in context.quotes if speaker}
    details |= {f"duration:{d}" for d in context.durations}
    found = numbers(f"{context.sentence} {context.following}")
    details |= {f"number:{unit}={value}" for unit, value in found if not _duration_unit(unit)}
    if context.date:
        details.add(f"date:{context.date}")
    return details


_TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade"})


def _duration_unit(unit: str) -> bool:
    """Numbers of time units are durations; the time layer already gives them as TIMEX3 values."""
    return unit in _TIME_UNITS


def build_accounts(
    clusters: Iterable[tuple[str, Sequence[str]]], contexts: dict[str, EventContext]
) -> tuple[list[Account], list[Conflict]]:
    """Accounts and conflicting values for each ``(cluster_id, member event ids)``.

    Clusters reported by a single article get accounts but no includes/omits (there is
    nothing to compare with) and no conflicts.
    """
    accounts: list[Account] = []
    conflicts: list[Conflict] = []
    for cluster_id, event_ids in clusters:
        per_doc: dict[str, list[EventContext]] = defaultdict(list)
        for event_id in event_ids:
            context = contexts.get(event_id)
            if context is not None:
                per_doc[context.doc_id].append(context)
        details = {doc: set().union(*(event_details(c) for c in members)) for doc, members in per_doc.items()}
        everything = set().union(*details.values()) if details else set()
        for doc_id, members in per_doc.items():
            others = [d for other, d in details.items() if other != doc_id]
            mine = details[doc_id]
            includes = sorted(x for x in mine if any(x not in o for o in others)) if others else []
            omits = sorted(x for x in everything - mine) if others else []
            quote_ids = tuple(dict.fromkeys(q for c in members for q, _ in c.quotes))
            accounts.append(
                Account(
                    cluster_id=cluster_id,
                    doc_id=doc_id,
                    outlet=members[0].outlet,
                    published=members[0].published,
                    event_ids=tuple(c.event_id for c in members),
                    details=tuple(sorted(mine)),
                    includes=tuple(includes),
                    omits=tuple(omits),
                    quote_ids=quote_ids,
                )
            )
        if len(per_doc) > 1:
            conflicts.extend(value_conflicts(cluster_id, details))
    return accounts, conflicts


def value_conflicts(cluster_id: str, details: dict[str, set[str]]) -> list[Conflict]:
    """Facets (duration, number of a unit) to which different articles give different values."""
    facets: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for doc_id, items in details.items():
        for item in items:
            if item.startswith("duration:"):
                facets["duration"][item.split(":", 1)[1]].add(doc_id)
            elif item.startswith("number:"):
                unit, value = item.split(":", 1)[1].split("=", 1)
                facets[f"number:{unit}"][value].add(doc_id)
    out = []
    for facet, values in sorted(facets.items()):
        docs = {d for ds in values.values() for d in ds}
        # a conflict needs two articles that each give the facet a value the other does not
        if len(values) > 1 and len(docs) > 1 and _disagree(values):
            out.append(Conflict(cluster_id, facet, tuple((v, tuple(sorted(ds))) for v, ds in sorted(values.items()))))
    return out


def _disagree(values: dict[str, set[str]]) -> bool:
    per_doc: dict[str, set[str]] = defaultdict(set)
    for value, docs in values.items():
        for doc_id in docs:
            per_doc[doc_id].add(value)
    docs = sorted(per_doc)
    return any(not (per_doc[a] & per_doc[b]) for i, a in enumerate(docs) for b in docs[i + 1 :])
