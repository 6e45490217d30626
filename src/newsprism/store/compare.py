"""Read queries for cross-article views: stories, event clusters with their accounts, and the
outlet x actor stance matrix. Shared by the CLI (``compare``, ``outlets``, ``stories``,
``clusters``) and, later, the web dashboard. User values are bound parameters, never SQL text.
"""

from __future__ import annotations

from typing import Any

from newsprism.errors import StoreError
from newsprism.store.duck import Store

# How an article's outlet is named when the cleaner found none: the URL's host, else the file name.
OUTLET_SQL = (
    "coalesce(nullif(d.outlet, ''), nullif(regexp_extract(d.url, '^[a-z]+://(?:www\\.)?([^/:]+)', 1), ''), "
    "'file:' || regexp_extract(d.source, '([^/\\\\#]+)(?:#.*)?$', 1))"
)


def actor_names(store: Store, ids: list[str]) -> dict[str, str]:
    """Actor id -> display name (ids not in the actors table map to themselves)."""
    rows = store.query("SELECT id, name FROM actors WHERE list_contains(?, id)", [sorted(set(ids))])
    names = {r["id"]: r["name"] for r in rows}
    return {i: names.get(i, i) for i in ids}


# the tables find_actor may rank by: how many rows of it name each matching actor
_RANKINGS = {"stances": "stances", "labels": "labels"}


def find_actor(store: Store, text: str, *, ranked_by: str) -> tuple[str, str]:
    """``(id, name)`` of the actor whose name, id or a surface form contains ``text``; among several,
    the one with most rows in ``ranked_by`` (``stances`` or ``labels``), then the smallest id.

    Raises:
        StoreError: no actor matches.
    """
    table = _RANKINGS[ranked_by]
    found = store.query(
        f"""
        SELECT a.id, a.name FROM actors a LEFT JOIN {table} r ON r.actor_id = a.id
        WHERE a.name ILIKE '%' || ? || '%' OR a.id ILIKE '%' || ? || '%'
           OR array_to_string(a.aliases_seen, '|') ILIKE '%' || ? || '%'
        GROUP BY a.id, a.name ORDER BY count(r.actor_id) DESC, a.id LIMIT 1
        """,
        [text, text, text],
    )
    if not found:
        raise StoreError(f"[E333] no actor in {store.path} matches {text!r}")
    return found[0]["id"], found[0]["name"]


def resolve_target(store: Store, key: str) -> tuple[str, str]:
    """What ``compare KEY`` means: ``("cluster", id)`` or ``("story", id)``.

    KEY is an event-cluster id (``ec:...``), a story id (``story:...``), an event id (its
    cluster), or a unique prefix of any of these.

    Raises:
        StoreError: nothing, or more than one thing, matches.
    """
    found: list[tuple[str, str]] = []
    for kind, sql in (
        ("cluster", "SELECT id FROM event_clusters WHERE starts_with(id, ?) LIMIT 3"),
        ("story", "SELECT id FROM stories WHERE starts_with(id, ?) LIMIT 3"),
        (
            "cluster",
            "SELECT DISTINCT l.cluster_id AS id FROM links l WHERE l.kind = 'event_cluster' "
            "AND starts_with(l.member_id, ?) LIMIT 3",
        ),
    ):
        found += [(kind, r["id"]) for r in store.query(sql, [key])]
    found = list(dict.fromkeys(found))
    if not found:
        raise StoreError(
            f"[E330] nothing in {store.path} matches {key!r}; list ids with: newsprism clusters / newsprism stories"
        )
    if len(found) > 1:
        shown = ", ".join(i for _, i in found[:3])
        raise StoreError(f"[E331] {key!r} matches more than one thing ({shown}); give more of the id")
    return found[0]


def list_stories(store: Store, *, limit: int = 50, min_outlets: int = 1) -> list[dict[str, Any]]:
    """Stories by size, with their date range and outlet count."""
    return store.query(
        """
        SELECT s.id, s.title, s.first_published, s.last_published, s.documents, s.outlets,
               (SELECT count(*) FROM event_clusters c WHERE c.story_id = s.id) AS clusters
        FROM stories s WHERE s.outlets >= ?
        ORDER BY s.documents DESC, s.first_published NULLS LAST, s.id LIMIT ?
        """,
        [min_outlets, limit],
    )


def list_clusters(
    store: Store, *, actor: str | None = None, category: str | None = None, min_documents: int = 2, limit: int = 50
) -> list[dict[str, Any]]:
    """Event clusters by number of reporting articles, filtered by actor and category."""
    rows = store.query(
        """
        SELECT c.* FROM event_clusters c
        WHERE c.documents >= ? AND (?::VARCHAR IS NULL OR c.category = upper(?))
          AND (?::VARCHAR IS NULL OR EXISTS (
                SELECT 1 FROM actors a WHERE list_contains(c.actor_ids, a.id)
                  AND (a.name ILIKE '%' || ? || '%' OR a.id ILIKE '%' || ? || '%'
                       OR array_to_string(a.aliases_seen, '|') ILIKE '%' || ? || '%')))
        ORDER BY c.documents DESC, c.events DESC, c.date NULLS LAST, c.id LIMIT ?
        """,
        [min_documents, category, category, actor, actor, actor, actor, limit],
    )
    names = actor_names(store, [a for r in rows for a in r["actor_ids"] or ()])
    for row in rows:
        row["actors"] = [names[a] for a in row["actor_ids"] or ()]
    return rows


def cluster_view(store: Store, cluster_id: str) -> dict[str, Any]:
    """One event cluster with each account's sentences, details, includes/omits, quotes,
    the conflicting values, the disputes attached to its events, and the outlets of the same
    story that do not report it (``silent``)."""
    rows = store.query("SELECT * FROM event_clusters WHERE id = ?", [cluster_id])
    if not rows:
        raise StoreError(f"[E330] no event cluster {cluster_id!r} in {store.path}")
    cluster = rows[0]
    accounts = store.query(
        f"""
        SELECT a.*, {OUTLET_SQL} AS outlet_name, d.title, strftime(d.published, '%Y-%m-%d') AS stated_date,
               i.value AS inferred_date, i.earliest AS inferred_earliest, i.latest AS inferred_latest
        FROM accounts a JOIN documents d ON d.id = a.document_id
        LEFT JOIN inferred_dates i ON i.document_id = a.document_id
        WHERE a.cluster_id = ?
        ORDER BY coalesce(d.published::VARCHAR, i.value) NULLS LAST, a.document_id
        """,
        [cluster_id],
    )
    for account in accounts:
        account["events"] = store.query(
            """
            SELECT e.id, e.category, e.trigger, e.date, e.date_approximate, e.date_inferred, e.context,
                   e.source_ids, e.target_ids, e.sentence_start,
                   substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence
            FROM events e JOIN documents d ON d.id = e.document_id
            WHERE list_contains(?, e.id) ORDER BY e.start
            """,
            [account["event_ids"]],
        )
        account["quotes"] = store.query(
            "SELECT q.id, q.kind, q.text, s.name AS speaker FROM quotes q LEFT JOIN actors s ON s.id = q.speaker_id "
            "WHERE list_contains(?, q.id) ORDER BY q.start",
            [account["quote_ids"]],
        )
    cluster["accounts"] = accounts
    cluster["conflicts"] = store.query(
        "SELECT facet, value, document_ids FROM conflicts WHERE cluster_id = ? ORDER BY facet, value", [cluster_id]
    )
    cluster["disputes"] = store.query(
        f"""
        SELECT p.*, {OUTLET_SQL} AS outlet_name, substr(d.text, p.start + 1, p."end" - p.start) AS statement,
               CASE WHEN p.claim_start IS NOT NULL THEN substr(d.text, p.claim_start + 1, p.claim_end - p.claim_start) END
                 AS claim,
               r.name AS disputer, t.name AS disputed
        FROM disputes p JOIN documents d ON d.id = p.document_id
        LEFT JOIN actors r ON r.id = p.disputer_id LEFT JOIN actors t ON t.id = p.disputed_id
        WHERE p.event_id IN (SELECT member_id FROM links WHERE kind = 'event_cluster' AND cluster_id = ?)
        ORDER BY p.document_id, p.start
        """,
        [cluster_id],
    )
    cluster["silent"] = store.query(
        f"""
        SELECT DISTINCT {OUTLET_SQL} AS outlet_name FROM links l JOIN documents d ON d.id = l.member_id
        WHERE l.kind = 'story' AND l.cluster_id = ?
          AND d.id NOT IN (SELECT document_id FROM accounts WHERE cluster_id = ?)
        ORDER BY 1
        """,
        [cluster["story_id"], cluster_id],
    )
    ids = list(cluster["actor_ids"] or ())
    ids += [a for acc in accounts for e in acc["events"] for a in (*e["source_ids"], *e["target_ids"])]
    ids += [
        d.split(":", 1)[1]
        for acc in accounts
        for d in (*acc["includes"], *acc["omits"])
        if d.startswith(("actor:", "quote:"))
    ]
    cluster["names"] = actor_names(store, ids)
    return cluster


def story_view(store: Store, story_id: str) -> dict[str, Any]:
    """One story: its articles (outlet, date, title, tone), the stance of each article toward
    the story's main actors, and its event clusters."""
    rows = store.query("SELECT * FROM stories WHERE id = ?", [story_id])
    if not rows:
        raise StoreError(f"[E330] no story {story_id!r} in {store.path}")
    story = rows[0]
    story["articles"] = store.query(
        f"""
        SELECT d.id, {OUTLET_SQL} AS outlet_name, d.title, strftime(d.published, '%Y-%m-%d') AS published,
               i.value AS inferred_date, d.tone, l.role
        FROM links l JOIN documents d ON d.id = l.member_id LEFT JOIN inferred_dates i ON i.document_id = d.id
        WHERE l.kind = 'story' AND l.cluster_id = ?
        ORDER BY coalesce(d.published::VARCHAR, i.value) NULLS LAST, d.id
        """,
        [story_id],
    )
    story["actors"] = store.query(
        """
        SELECT s.actor_id, a.name, count(*) AS articles, sum(s.evidence) AS evidence
        FROM stances s JOIN links l ON l.member_id = s.document_id AND l.kind = 'story' AND l.cluster_id = ?
        LEFT JOIN actors a ON a.id = s.actor_id
        GROUP BY s.actor_id, a.name HAVING count(*) >= 2
        ORDER BY articles DESC, evidence DESC, s.actor_id LIMIT 8
        """,
        [story_id],
    )
    story["stances"] = store.query(
        """
        SELECT s.document_id, s.actor_id, s.score, s.label, s.evidence FROM stances s
        JOIN links l ON l.member_id = s.document_id AND l.kind = 'story' AND l.cluster_id = ?
        """,
        [story_id],
    )
    story["clusters"] = list_clusters_of_story(store, story_id)
    return story


def list_clusters_of_story(store: Store, story_id: str) -> list[dict[str, Any]]:
    rows = store.query(
        "SELECT * FROM event_clusters WHERE story_id = ? ORDER BY date NULLS LAST, documents DESC, id", [story_id]
    )
    names = actor_names(store, [a for r in rows for a in r["actor_ids"] or ()])
    for row in rows:
        row["actors"] = [names[a] for a in row["actor_ids"] or ()]
    return rows


def outlet_matrix(
    store: Store, *, actors: list[str] | None = None, top: int = 8, min_evidence: int = 3, by: str | None = None
) -> dict[str, Any]:
    """The outlet x actor stance matrix.

    Each cell is the mean stance score of the outlet's articles toward the actor, weighted
    by each article's evidence, with the number of articles; cells resting on fewer than
    ``min_evidence`` mentions/events/labels in all are left out. Columns: the given actor
    filters (name, id or surface form), else the ``top`` actors most articles take a stance on.
    ``by="month"`` or ``"year"`` adds a period to each row (stance over time).
    """
    if by not in (None, "month", "year"):
        raise StoreError(f"[E332] --by must be month or year, not {by!r}")
    if actors:
        ids = [find_actor(store, name, ranked_by="stances")[0] for name in actors]
    else:
        ids = [
            r["actor_id"]
            for r in store.query(
                "SELECT actor_id FROM stances GROUP BY actor_id ORDER BY count(*) DESC, sum(evidence) DESC, actor_id LIMIT ?",
                [top],
            )
        ]
    period = {
        None: "NULL",
        "month": "strftime(coalesce(d.published, TRY_CAST(i.value AS DATE)), '%Y-%m')",
        "year": "strftime(coalesce(d.published, TRY_CAST(i.value AS DATE)), '%Y')",
    }[by]
    cells = store.query(
        f"""
        SELECT {OUTLET_SQL} AS outlet, {period} AS period, s.actor_id,
               sum(s.score * s.evidence) / sum(s.evidence) AS score, count(*) AS articles,
               sum(s.evidence)::INTEGER AS evidence
        FROM stances s JOIN documents d ON d.id = s.document_id
        LEFT JOIN inferred_dates i ON i.document_id = d.id
        WHERE list_contains(?, s.actor_id)
        GROUP BY ALL HAVING sum(s.evidence) >= ?
        ORDER BY outlet, period NULLS FIRST, s.actor_id
        """,
        [ids, min_evidence],
    )
    coverage = store.query(
        f"""
        WITH per AS (
            SELECT {OUTLET_SQL} AS outlet, d.id FROM documents d
        )
        SELECT per.outlet, count(DISTINCT per.id) AS articles,
               count(DISTINCT l.cluster_id) FILTER (WHERE l.kind = 'story') AS stories,
               (SELECT count(DISTINCT a.cluster_id) FROM accounts a JOIN per p2 ON p2.id = a.document_id
                 WHERE p2.outlet = per.outlet) AS clusters
        FROM per LEFT JOIN links l ON l.member_id = per.id AND l.kind = 'story'
        GROUP BY per.outlet ORDER BY per.outlet
        """
    )
    totals = store.query(
        "SELECT (SELECT count(*) FROM stories) AS stories, (SELECT count(*) FROM event_clusters) AS clusters"
    )[0]
    return {"actors": ids, "names": actor_names(store, ids), "cells": cells, "coverage": coverage, "totals": totals}


def outlet_profile(store: Store, outlet: str, *, by: str = "month", limit: int = 20) -> dict[str, Any]:
    """One outlet: its stance toward each actor per period, and the event clusters that other
    outlets report and it does not (and those it alone reports among several articles).

    ``outlet`` matches the display name (case-insensitive substring; the name must be unique).
    """
    names = [
        r["outlet"]
        for r in store.query(
            f"SELECT DISTINCT {OUTLET_SQL} AS outlet FROM documents d "
            f"WHERE {OUTLET_SQL} ILIKE '%' || ? || '%' ORDER BY 1",
            [outlet],
        )
    ]
    exact = [n for n in names if n.lower() == outlet.lower()]
    if exact:
        names = exact
    if not names:
        raise StoreError(f"[E334] no outlet in {store.path} matches {outlet!r}; list them with: newsprism outlets")
    if len(names) > 1:
        raise StoreError(f"[E335] {outlet!r} matches several outlets ({', '.join(names[:4])}); give the full name")
    name = names[0]
    fmt = {"month": "%Y-%m", "year": "%Y"}.get(by)
    if fmt is None:
        raise StoreError(f"[E332] --by must be month or year, not {by!r}")
    stances = store.query(
        f"""
        SELECT strftime(coalesce(d.published, TRY_CAST(i.value AS DATE)), '{fmt}') AS period, s.actor_id,
               a.name, sum(s.score * s.evidence) / sum(s.evidence) AS score, count(*) AS articles,
               sum(s.evidence)::INTEGER AS evidence
        FROM stances s JOIN documents d ON d.id = s.document_id
        LEFT JOIN inferred_dates i ON i.document_id = d.id LEFT JOIN actors a ON a.id = s.actor_id
        WHERE {OUTLET_SQL} = ?
        GROUP BY ALL HAVING sum(s.evidence) >= 3
        ORDER BY period NULLS LAST, evidence DESC, s.actor_id LIMIT ?
        """,
        [name, limit * 5],
    )
    clusters = store.query(
        f"""
        WITH acc AS (
            SELECT a.cluster_id, {OUTLET_SQL} AS outlet FROM accounts a JOIN documents d ON d.id = a.document_id
        ), per AS (
            SELECT cluster_id, count(DISTINCT outlet) AS outlets, bool_or(outlet = ?) AS reported
            FROM acc GROUP BY cluster_id
        )
        SELECT c.id, c.category, c.date, c.actor_ids, per.outlets, per.reported
        FROM per JOIN event_clusters c ON c.id = per.cluster_id
        WHERE (NOT per.reported AND per.outlets >= 2) OR (per.reported AND per.outlets = 1)
        ORDER BY per.reported, per.outlets DESC, c.date NULLS LAST, c.id LIMIT ?
        """,
        [name, limit * 2],
    )
    actor_map = actor_names(store, [a for c in clusters for a in c["actor_ids"] or ()])
    for c in clusters:
        c["actors"] = [actor_map[a] for a in c["actor_ids"] or ()]
    return {
        "outlet": name,
        "stances": stances,
        "omitted": [c for c in clusters if not c["reported"]][:limit],
        "exclusive": [c for c in clusters if c["reported"]][:limit],
    }


def label_table(store: Store, actor: str, *, per_outlet: int = 8) -> dict[str, Any]:
    """The words each outlet uses to name or describe one actor, with counts (most used first)."""
    actor_id, name = find_actor(store, actor, ranked_by="labels")
    rows = store.query(
        f"""
        SELECT {OUTLET_SQL} AS outlet, l.word, sum(l.count)::INTEGER AS n, count(DISTINCT l.document_id) AS articles
        FROM labels l JOIN documents d ON d.id = l.document_id
        WHERE l.actor_id = ? GROUP BY ALL ORDER BY outlet, n DESC, l.word
        """,
        [actor_id],
    )
    per: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        words = per.setdefault(row["outlet"], [])
        if len(words) < per_outlet:
            words.append(row)
    return {"actor_id": actor_id, "name": name, "outlets": per}
