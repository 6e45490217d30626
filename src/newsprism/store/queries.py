"""Read queries over the store, shared by the CLI and (later) the web dashboard.

Every value from the user is a bound parameter, never formatted into SQL.
"""

from __future__ import annotations

from typing import Any

from newsprism.store.duck import Store


def list_actors(store: Store, *, kind: str | None = None, name: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Actors by mention count, each with its surface forms and their counts."""
    rows = store.query(
        """
        WITH forms AS (
            SELECT actor_id, text, count(*) AS n FROM mentions WHERE actor_id IS NOT NULL GROUP BY actor_id, text
        )
        SELECT a.id, a.name, a.kind, a.country, coalesce(sum(f.n), 0)::INTEGER AS mentions,
               list({'text': f.text, 'n': f.n} ORDER BY f.n DESC, f.text) FILTER (WHERE f.text IS NOT NULL) AS forms
        FROM actors a LEFT JOIN forms f ON f.actor_id = a.id
        WHERE (?::VARCHAR IS NULL OR a.kind = ?)
          AND (?::VARCHAR IS NULL OR a.name ILIKE '%' || ? || '%' OR a.id ILIKE '%' || ? || '%'
               OR array_to_string(a.aliases_seen, '|') ILIKE '%' || ? || '%')
        GROUP BY a.id, a.name, a.kind, a.country
        ORDER BY mentions DESC, a.id
        LIMIT ?
        """,
        [kind, kind, name, name, name, name, limit],
    )
    for row in rows:
        row["forms"] = [(f["text"], f["n"]) for f in row["forms"] or ()]
    return rows


def list_quotes(store: Store, *, speaker: str | None = None, kind: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Quotes in document order, with speaker and relayer names."""
    return store.query(
        """
        SELECT q.document_id, d.title, q.kind, q.cue, q.text, q.start,
               s.name AS speaker, r.name AS relayed_by
        FROM quotes q
        JOIN documents d ON d.id = q.document_id
        LEFT JOIN actors s ON s.id = q.speaker_id
        LEFT JOIN actors r ON r.id = q.relayed_by_id
        WHERE (?::VARCHAR IS NULL OR q.kind = ?)
          AND (?::VARCHAR IS NULL OR s.name ILIKE '%' || ? || '%' OR s.id ILIKE '%' || ? || '%'
               OR array_to_string(s.aliases_seen, '|') ILIKE '%' || ? || '%')
        ORDER BY d.published NULLS LAST, q.document_id, q.start
        LIMIT ?
        """,
        [kind, kind, speaker, speaker, speaker, speaker, limit],
    )


def list_events(
    store: Store,
    *,
    actor: str | None = None,
    category: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Events by date, filtered by an actor (name, id or surface form), category and date range.

    An event of an undated article is placed on the date the link stage inferred for it
    (``date_inferred``), if any; ``when`` holds the date used. Partial dates compare by prefix:
    ``--from 2022-06`` includes "2022-06" and "2022-06-28".
    """
    rows = store.query(
        r"""
        WITH dated AS (SELECT e.*, coalesce(e.date, e.date_inferred) AS "when", d.title
                       FROM events e JOIN documents d ON d.id = e.document_id),
        named AS (  -- an ISO week ("2022-W25", from the link stage) sorts and filters as its Monday
            SELECT *, CASE WHEN regexp_full_match("when", '\d{4}-W\d\d') THEN strftime(
                       make_date(CAST(substr("when", 1, 4) AS INT), 1, 4)
                       - CAST(isodow(make_date(CAST(substr("when", 1, 4) AS INT), 1, 4)) - 1 AS INT)
                       + (CAST(substr("when", 7, 2) AS INT) - 1) * 7, '%Y-%m-%d') ELSE "when" END AS when_key
            FROM dated)
        SELECT * FROM named
        WHERE (?::VARCHAR IS NULL OR category = upper(?))
          AND (?::VARCHAR IS NULL OR when_key >= ?)
          AND (?::VARCHAR IS NULL OR when_key <= ? OR starts_with(when_key, ?))
          AND (?::VARCHAR IS NULL OR EXISTS (
                SELECT 1 FROM actors a
                WHERE list_contains(list_concat(named.source_ids, named.target_ids), a.id)
                  AND (a.name ILIKE '%' || ? || '%' OR a.id ILIKE '%' || ? || '%'
                       OR array_to_string(a.aliases_seen, '|') ILIKE '%' || ? || '%')))
        ORDER BY when_key NULLS LAST, document_id, start
        LIMIT ?
        """,
        [category, category, date_from, date_from, date_to, date_to, date_to, actor, actor, actor, actor, limit],
    )
    ids = sorted({a for row in rows for a in (*row["source_ids"], *row["target_ids"])})
    names = {r["id"]: r["name"] for r in store.query("SELECT id, name FROM actors WHERE list_contains(?, id)", [ids])}
    for row in rows:
        row["sources"] = [names.get(a, a) for a in row["source_ids"]]
        row["targets"] = [names.get(a, a) for a in row["target_ids"]]
    return rows
