"""Export events as GDELT 2.0 event-table rows (61 tab-separated columns), so GDELT tooling can read them.

Column mapping: docs/gdelt-export.md. GDELT holds one actor per slot, so an event with compound
actors becomes one row per (source, target) pair; the rows share the event's date and codes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import IO, Any

COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                             "Religion2Code", "Type1Code", "Type2Code", "Type3Code")),
    *(f"Actor2{c}" for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                             "Religion2Code", "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo")
      for c in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip


def gdelt_rows(events: Iterable[Any], documents: Mapping[str, Any], actors: Mapping[str, Any]) -> Iterator[list[str]]:
    """GDELT 2.0 event rows (lists of 61 strings) for ``events``.

    Args:
        events: ``Event`` records (``newsprism.extract.events``).
        documents: doc id -> ``Document`` (for ``published`` and ``url``/``source``).
        actors: actor id -> a record with ``name``, ``kind``, ``country``, ``sectors``.

    Yields:
        One row per (source, target) pair of each event; an event without a target gives rows with empty Actor2 fields.
    """
    for event in events:
        article = documents.get(event.doc_id)
        sources = event.source_ids or ("",)
        targets = event.target_ids or ("",)
        for n, (source, target) in enumerate((s, t) for s in sources for t in targets):
            yield _row(event, n, source, target, article, actors)


def write_gdelt(out: IO[str], events: Iterable[Any], documents: Mapping[str, Any], actors: Mapping[str, Any]) -> int:
    """Write rows tab-separated without a header (as GDELT's files); returns the number of rows."""
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    count = 0
    for row in gdelt_rows(events, documents, actors):
        writer.writerow(row)
        count += 1
    return count


def _row(event: Any, n: int, source: str, target: str, article: Any, actors: Mapping[str, Any]) -> list[str]:
    published_iso = article.published if article is not None else None
    day = _day(event.date or published_iso)
    published = _day(article.published) if article is not None and article.published else day
    row = [
        str(int(event.id, 16) % 10**15 * 100 + n),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        str(day.year) if day else "",
        f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "",
        *_actor(actors.get(source), source, event.date or published_iso),
        *_actor(actors.get(target), target, event.date or published_iso),
        "1",
        event.cameo_code,
        event.cameo_code[:3],
        event.cameo_root,
        str(event.quad_class),
        f"{event.intensity:.1f}",
        "1", "1", "1", "0",
        *([""] * 16),
        *(["4", event.location] if event.location else ["", ""]), *([""] * 6),
        published.strftime("%Y%m%d000000") if published else "",
        (getattr(article, "url", None) or getattr(article, "source", "")) if article is not None else "",
    ]  # fmt: skip
    return row


def _actor(actor: Any, actor_id: str, on_date: str | None = None) -> list[str]:
    """The ten GDELT actor fields. A person holding an intergovernmental office on the event's date is coded
    by it, as CAMEO coders do ("NATO Secretary General Stoltenberg" -> IGONAT, no country)."""
    if not actor_id:
        return [""] * 10
    from newsprism.kb.load import igo_office, load_kb

    name = getattr(actor, "name", actor_id.split(":", 1)[-1])
    country = (getattr(actor, "country", None) or "") if actor is not None else ""
    sectors = tuple(getattr(actor, "sectors", ()) or ())
    kind = getattr(actor, "kind", actor_id.split(":", 1)[0])
    office = igo_office(load_kb().actors.get(actor_id), on_date) if actor_id.startswith("person:") else None
    if office:
        kind, country = "igo", ""
    group = (office or actor_id).split(":", 1)[1].upper()[:3] if kind == "igo" else ""
    code = country + (sectors[0] if sectors else "") if kind != "igo" else "IGO" + group
    types = [*sectors[:3], "", "", ""][:3]
    return [code, name.upper(), country, group, "", "", "", *types]


def _day(value: str | None) -> date | None:
    """A (partial) ISO date as a day: missing month/day become 01."""
    if not value or len(value) < 4 or not value[:4].isdigit():
        return None
    parts = (value[:10].split("-") + ["01", "01"])[:3]
    try:
        return date(int(parts[0]), int(parts[1] or 1), int(parts[2] or 1))
    except ValueError:
        return None
