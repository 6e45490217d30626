"""Cross-article commands: ``link``, ``stories``, ``clusters``, ``compare`` and ``outlets``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from newsprism.cli._common import db_option, safe, user_errors
from newsprism.store.compare import (
    cluster_view,
    label_table,
    list_clusters,
    list_stories,
    outlet_matrix,
    outlet_profile,
    resolve_target,
    story_view,
)
from newsprism.store.duck import Store



@click.command(
    "link",
    epilog="Example:\n\n\b\n  newsprism link --db newsprism.duckdb\n  newsprism link --rebuild",
)
@db_option
@click.option("--rebuild", is_flag=True, help="Forget story assignments and signatures and link everything again.")
def link_cli(db: Path, rebuild: bool) -> None:
    """Link stored articles: reprints, stories, event clusters, inferred dates, accounts.

    `analyze` runs this after storing new documents (setting link.enabled); run it alone to
    redo the cross-article results, e.g. after changing coding data. Stories are incremental:
    new articles join existing stories; --rebuild clusters every article again.
    """
    from newsprism.link.run import link_store

    with user_errors(), Store(db) as store:
        if rebuild:
            store.reset_links()
        report = link_store(store, step=lambda name: click.echo(f"link: {name} ...", err=True))
    click.echo(
        f"reprint groups {report.reprint_groups}, stories {report.stories} (+{report.stories_new_documents} articles), "
        f"event clusters {report.clusters} (of {report.events} events), inferred dates {report.inferred_dates}, "
        f"accounts {report.accounts}, conflicts {report.conflicts}"
    )


@click.command(
    "stories",
    epilog="Example:\n\n\b\n  newsprism stories --db newsprism.duckdb\n  newsprism stories --min-outlets 2",
)
@db_option
@click.option(
    "--min-outlets",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Only stories told by this many outlets.",
)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Rows to show.")
def stories_cli(db: Path, min_outlets: int, limit: int) -> None:
    """List stories (articles about the same developing story), largest first."""
    with user_errors(), Store(db, read_only=True) as store:
        rows = list_stories(store, limit=limit, min_outlets=min_outlets)
    for r in rows:
        dates = f"{r['first_published'] or '?'}..{r['last_published'] or '?'}"
        click.echo(
            f"{r['id']}  {r['documents']} articles, {r['outlets']} outlets, {r['clusters']} event clusters, {dates}"
        )
        click.echo(f"    {safe(r['title'], 120)}")


@click.command(
    "clusters",
    epilog="Example:\n\n\b\n  newsprism clusters --db newsprism.duckdb\n  newsprism clusters --actor Kishida --type CONSULT",
)
@db_option
@click.option("--actor", help="Only clusters with this actor (name, id or surface form).")
@click.option("--type", "category", help="Only this PLOVER category.")
@click.option(
    "--min-documents",
    type=click.IntRange(min=2),
    default=2,
    show_default=True,
    help="Reported by at least this many articles.",
)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Rows to show.")
def clusters_cli(db: Path, actor: str | None, category: str | None, min_documents: int, limit: int) -> None:
    """List event clusters: the same happening reported by several articles, with its merged date."""
    with user_errors(), Store(db, read_only=True) as store:
        rows = list_clusters(store, actor=actor, category=category, min_documents=min_documents, limit=limit)
    for r in rows:
        click.echo(
            f"{r['id']}  {r['category']:<10} {r['date'] or 'undated':<10} {r['documents']} articles "
            f"({r['outlets']} outlets), {r['events']} events: {safe(', '.join(r['actors'][:5]), 100)}"
        )


@click.command(
    "compare",
    epilog="Example:\n\n\b\n  newsprism clusters            # find an id\n  newsprism compare ec:be18bd37\n"
    "  newsprism compare story:233d9a3c",
)
@click.argument("key")
@db_option
@click.option("--width", type=click.IntRange(min=40), default=100, show_default=True, help="Characters per line.")
def compare_cli(key: str, db: Path, width: int) -> None:
    """Show one event cluster or story from every side, account by account.

    KEY is an event-cluster id (ec:...), a story id (story:...), an event id, or a unique
    prefix of one. For a cluster: each outlet's account (its date, the sentences, what it
    includes and omits), conflicting values, disputes, and the outlets of the same story that
    are silent on it. For a story: its articles, each article's stance toward the main actors,
    and its event clusters.
    """
    with user_errors(), Store(db, read_only=True) as store:
        kind, ident = resolve_target(store, key)
        view = cluster_view(store, ident) if kind == "cluster" else story_view(store, ident)
    (_print_cluster if kind == "cluster" else _print_story)(view, width)


def _print_cluster(c: dict[str, Any], width: int) -> None:
    names = c["names"]
    echo = click.echo
    date = c["date"] or "undated"
    echo(f"{c['id']}  {c['category']}  {date} (supported by {c['date_support']} of {c['documents']} articles)")
    echo(f"actors: {safe(', '.join(names.get(a, a) for a in c['actor_ids'] or ()), width)}")
    for account in c["accounts"]:
        when = account["stated_date"] or (
            f"undated; inferred {account['inferred_date']} ({account['inferred_earliest']}..{account['inferred_latest']})"
            if account["inferred_date"]
            else "undated"
        )
        echo("")
        echo(f"== {safe(account['outlet_name'], 60)}  [{when}]  {safe(account['title'], width - 20)}")
        seen: set[int] = set()
        for event in account["events"]:
            date_text = event["date"] or event["date_inferred"] or "-"
            mark = "~" if event["date_approximate"] and not event["date_inferred"] else ""
            mark += " (inferred)" if event["date_inferred"] and not event["date"] else ""
            flags = f" [{', '.join(event['context'])}]" if event["context"] else ""
            parties = f"{_names(event['source_ids'], names)} -> {_names(event['target_ids'], names)}"
            echo(f"   {event['category']} {safe(parties, 80)} ({safe(event['trigger'], 30)}; {date_text}{mark}){flags}")
            if event["sentence_start"] not in seen:
                seen.add(event["sentence_start"])
                echo(f'      "{safe(event["sentence"], width * 3)}"')
        for quote in account["quotes"]:
            echo(f'   quote ({safe(quote["speaker"] or "unattributed", 40)}): "{safe(quote["text"], width * 2)}"')
        if account["includes"]:
            echo(f"   includes: {safe(_details(account['includes'], names), width * 3)}")
        if account["omits"]:
            echo(f"   omits:    {safe(_details(account['omits'], names), width * 3)}")
    if c["conflicts"]:
        echo("")
        echo("conflicting values:")
        by_facet: dict[str, list[str]] = {}
        for row in c["conflicts"]:
            by_facet.setdefault(row["facet"], []).append(f"{row['value']} ({len(row['document_ids'])} articles)")
        for facet, values in by_facet.items():
            echo(f"   {facet}: {safe(' vs '.join(values), width * 2)}")
    if c["disputes"]:
        echo("")
        echo("disputes:")
        for d in c["disputes"]:
            who = safe(d["disputer"] or d["disputer_text"] or "someone", 50)
            whom = safe(d["disputed"] or d["disputed_text"] or "another account", 50)
            echo(f'   {who} disputes {whom} ({d["kind"]}: "{safe(d["cue"], 60)}"; {safe(d["outlet_name"], 40)})')
            echo(f'      "{safe(d["statement"], width * 2)}"')
            if d["claim"]:
                echo(f'      contested: "{safe(d["claim"], width * 2)}"')
    if c["silent"]:
        echo("")
        echo(f"silent (same story, no account): {safe(', '.join(r['outlet_name'] for r in c['silent']), width * 2)}")


def _names(ids: Any, names: dict[str, str]) -> str:
    return ", ".join(names.get(a, a) for a in ids or ()) or "-"


def _details(items: Any, names: dict[str, str]) -> str:
    out = []
    for item in items:
        kind, _, value = item.partition(":")
        if kind in ("actor", "quote"):
            out.append(f"{kind} {names.get(value, value)}")
        else:
            out.append(f"{kind} {value}")
    return "; ".join(out)


def _print_story(s: dict[str, Any], width: int) -> None:
    echo = click.echo
    echo(f"{s['id']}  {s['documents']} articles, {s['outlets']} outlets  {safe(s['title'], width - 30)}")
    actors = s["actors"]
    score = {(r["document_id"], r["actor_id"]): r for r in s["stances"]}
    echo("")
    header = "".join(f"{safe(a['name'] or a['actor_id'], 14):>16}" for a in actors)
    echo(f"{'article':<44}{'tone':>6}{header}")
    for article in s["articles"]:
        when = article["published"] or (f"~{article['inferred_date']}" if article["inferred_date"] else "undated")
        label = safe(f"{article['outlet_name']} {when}", 42)
        cells = ""
        for a in actors:
            row = score.get((article["id"], a["actor_id"]))
            text = f"{row['score']:+.2f} {row['label'][:3]}" if row else "."
            cells += f"{text:>16}"
        tone = f"{article['tone']:+.2f}" if article["tone"] is not None else "-"
        echo(f"{label:<44}{tone:>6}{cells}")
    if s["clusters"]:
        echo("")
        echo("event clusters:")
        for c in s["clusters"]:
            echo(f"   {c['id']}  {c['category']:<10} {c['date'] or 'undated':<10} {c['documents']} articles: "
                 f"{safe(', '.join(c['actors'][:4]), 60)}")  # fmt: skip


@click.command(
    "outlets",
    epilog="Example:\n\n\b\n  newsprism outlets --db newsprism.duckdb\n  newsprism outlets --actor NATO --actor 'South Korea' --by year",
)
@db_option
@click.option(
    "--actor", "actors", multiple=True, help="Columns: these actors (repeatable). Default: the most discussed."
)
@click.option(
    "--top", type=click.IntRange(min=1), default=6, show_default=True, help="Columns when no --actor is given."
)
@click.option(
    "--min-evidence",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Leave out cells resting on fewer mentions, events and labels.",
)
@click.option("--by", type=click.Choice(["month", "year"]), help="One row per outlet and period: stance over time.")
@click.option(
    "--outlet", help="Profile of one outlet: stance per actor over time, happenings it omits or alone reports."
)
def outlets_cli(
    db: Path, actors: tuple[str, ...], top: int, min_evidence: int, by: str | None, outlet: str | None
) -> None:
    """The outlet x actor stance matrix, and what each outlet covers.

    Each cell: the outlet's evidence-weighted mean stance toward the actor (-1..+1), its label
    (neg/neu/pos) and the number of articles. Coverage: the outlet's articles, stories and
    event clusters against the corpus totals. Outlets are the names the cleaner found, else the
    URL's host, else the file name.
    """
    if outlet:
        with user_errors(), Store(db, read_only=True) as store:
            profile = outlet_profile(store, outlet, by=by or "month")
        _print_profile(profile)
        return
    with user_errors(), Store(db, read_only=True) as store:
        m = outlet_matrix(store, actors=list(actors) or None, top=top, min_evidence=min_evidence, by=by)
    ids, names = m["actors"], m["names"]
    rows: dict[tuple[str, str | None], dict[str, dict[str, Any]]] = {}
    for cell in m["cells"]:
        rows.setdefault((cell["outlet"], cell["period"]), {})[cell["actor_id"]] = cell
    echo = click.echo
    echo(f"{'outlet':<34}" + "".join(f"{safe(names[a], 16):>18}" for a in ids))
    for (outlet, period), cells in rows.items():
        label = safe(outlet, 24) + (f" {period}" if period else "")
        line = f"{label:<34}"
        for a in ids:
            c = cells.get(a)
            text = f"{c['score']:+.2f} {_label(c['score'])} ({c['articles']})" if c else "."
            line += f"{text:>18}"
        echo(line)
    totals = m["totals"]
    echo("")
    echo(f"coverage (of {totals['stories']} stories, {totals['clusters']} event clusters):")
    for r in m["coverage"]:
        echo(
            f"   {safe(r['outlet'], 40):<40} {r['articles']:>5} articles {r['stories']:>5} stories {r['clusters']:>5} clusters"
        )


def _print_profile(p: dict[str, Any]) -> None:
    echo = click.echo
    echo(f"outlet: {safe(p['outlet'], 80)}")
    echo("stance by period:")
    for r in p["stances"]:
        echo(f"   {r['period'] or 'undated':<10} {safe(r['name'] or r['actor_id'], 40):<40} "
             f"{r['score']:+.2f} {_label(r['score'])} ({r['articles']} articles, evidence {r['evidence']})")  # fmt: skip
    for title, rows in (("omits (reported by other outlets):", p["omitted"]), ("alone reports:", p["exclusive"])):
        echo(title)
        for c in rows:
            echo(f"   {c['id']}  {c['category']:<10} {c['date'] or 'undated':<10} {c['outlets']} outlets: "
                 f"{safe(', '.join(c['actors'][:4]), 70)}")  # fmt: skip


def _label(score: float) -> str:
    from newsprism.extract.stance import NEGATIVE_BELOW, POSITIVE_ABOVE

    return "neg" if score < NEGATIVE_BELOW else ("pos" if score > POSITIVE_ABOVE else "neu")


@click.command(
    "labels",
    epilog="Example:\n\n\b\n  newsprism labels NATO --db newsprism.duckdb\n  newsprism labels 'Yoon Suk Yeol' --top 5",
)
@click.argument("actor")
@db_option
@click.option("--top", type=click.IntRange(min=1), default=8, show_default=True, help="Words shown per outlet.")
def labels_cli(actor: str, db: Path, top: int) -> None:
    """Word choice: how each outlet names and describes ACTOR ("regime", "ally", "tool"), with counts.

    ACTOR is a name, id or surface form. Words are lemmas read from the parse around each
    mention: inside it ("the Yoon *government*"), adjectives on it, appositions, predicates
    ("X is a *puppet*") and naming nouns it modifies ("US *hegemony*").
    """
    from newsprism.extract.stance import label_value

    with user_errors(), Store(db, read_only=True) as store:
        table = label_table(store, actor, per_outlet=top)
    click.echo(f"{table['name']} ({table['actor_id']})")
    for outlet, words in table["outlets"].items():
        shown = []
        for w in words:
            value = label_value(w["word"])
            mark = "" if value is None else (" -" if value < 0 else " +")
            shown.append(f"{safe(w['word'], 30)}{mark} x{w['n']}")
        click.echo(f"   {safe(outlet, 40):<40} {', '.join(shown)}")
