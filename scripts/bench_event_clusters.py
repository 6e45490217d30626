"""Scale benchmark of event clustering and account building on real events.

Reads the events of a store made by ``newsprism analyze`` (default: 1,000 AllSides articles,
see docs/performance.md), then measures ``newsprism.link.events.cluster_events`` and
``newsprism.link.accounts.build_accounts`` on K copies of them, each copy shifted later by
the span of the original dates plus 60 days (at least a year, so that year-only dates
move too) and given fresh ids, so K copies stand for a
news stream K times as long with the same density of events per day. Parsing 20,000
articles takes hours on two cores; the copies let the clustering cost be measured at that
size. Each size runs in a fresh process (peak RSS is that run's own).

Usage: python scripts/bench_event_clusters.py --db as1000.duckdb              # copies 1 2 5 10 20
       python scripts/bench_event_clusters.py --db as1000.duckdb --copies 1 4
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

COPIES = (1, 2, 5, 10, 20)


def _shift(value: str | None, days: int) -> str | None:
    if not value or days == 0:
        return value
    try:
        if len(value) >= 10:
            return (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat()
        if len(value) == 7:
            shifted = date(int(value[:4]), int(value[5:7]), 15) + timedelta(days=days)
            return shifted.isoformat()[:7]
        if len(value) == 4 and value.isdigit():
            return str(int(value) + round(days / 365))
    except ValueError:
        return value
    return value


def measure(db: Path, copies: int) -> dict[str, float]:
    from newsprism.link.accounts import EventContext, build_accounts
    from newsprism.link.events import ClusterStats, EventItem, cluster_events
    from newsprism.store.duck import Store

    with Store(db, read_only=True) as store:
        countries = dict(store.con.execute("SELECT id, country FROM actors WHERE country IS NOT NULL").fetchall())
        rows = (
            store.con.sql(
                """
            SELECT e.id, e.document_id, e.category, e.source_ids, e.target_ids, e.date, e.date_approximate, e.context,
                   e.start, substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence,
                   strftime(d.published, '%Y-%m-%d') AS published, d.outlet, d.reference_date
            FROM events e JOIN documents d ON d.id = e.document_id
            """
            )
            .to_arrow_table()
            .to_pylist()
        )
    days = [date.fromisoformat(r["published"]) for r in rows if r["published"]]
    span = max((max(days) - min(days)).days + 60 if days else 0, 366)  # whole years too move by a year or more
    items, contexts = [], {}
    for k in range(copies):
        for r in rows:
            actors = tuple(dict.fromkeys([*(r["source_ids"] or ()), *(r["target_ids"] or ())]))
            eid, doc = f"{r['id']}~{k}", f"{r['document_id']}~{k}"
            when = _shift(r["date"], k * span)
            items.append(
                EventItem(eid, doc, r["category"], actors, tuple(dict.fromkeys(countries[a] for a in actors if a in countries)),
                          when, bool(r["date_approximate"]), tuple(r["context"] or ()), r["sentence"] or "", r["start"] or 0)
            )  # fmt: skip
            contexts[eid] = EventContext(eid, doc, r["outlet"], _shift(r["published"], k * span),
                                         None if r["date_approximate"] else when, r["sentence"] or "", actors)  # fmt: skip
    articles = len({i.doc_id for i in items})
    stats = ClusterStats()
    start = time.perf_counter()
    clusters = cluster_events(items, stats)
    cluster_s = time.perf_counter() - start
    multi = [c for c in clusters if len(c.doc_ids) >= 2]
    start = time.perf_counter()
    accounts, conflicts = build_accounts(((c.id, c.event_ids) for c in multi), contexts)
    account_s = time.perf_counter() - start
    return {
        "copies": copies, "articles": articles, "events": len(items), "cluster_s": cluster_s,
        "scored": stats.scored, "postings": stats.postings_read, "clusters": len(multi),
        "account_s": account_s, "accounts": len(accounts), "conflicts": len(conflicts),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }  # fmt: skip


def format_table(rows: list[dict[str, float]]) -> str:
    head = (
        "| articles | events | clustering s | comparisons | postings read | clusters (2+ articles) | accounts s | "
        "µs/event (both) | peak RSS MB |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    lines = [
        f"| {r['articles']:,} | {r['events']:,} | {r['cluster_s']:.1f} | {r['scored']:,} | {r['postings']:,} | "
        f"{r['clusters']:,} | {r['account_s']:.1f} | {1e6 * (r['cluster_s'] + r['account_s']) / r['events']:,.0f} | "
        f"{r['peak_rss_mb']:,.0f} |"
        for r in rows
    ]
    return head + "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a store made by newsprism analyze")
    parser.add_argument("--copies", type=int, nargs="+", default=list(COPIES))
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.db, args.one)))
        return
    rows = []
    for k in args.copies:
        done = subprocess.run([sys.executable, __file__, "--db", str(args.db), "--one", str(k)], check=True,
                              capture_output=True, text=True)  # fmt: skip
        rows.append(json.loads(done.stdout))
        print(f"{k} copies: done", file=sys.stderr)
    print(format_table(rows))


if __name__ == "__main__":
    main()
