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
