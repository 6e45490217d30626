"""Scale benchmark of linking: reprint detection and story clustering on AllSides articles.

Reads the first N articles of ../shared/corpora/allsides_baly/articles.jsonl.gz (the file is
sorted by date, undated last), so each size is a longer stretch of the same news stream.
Each size runs in a fresh subprocess, so "peak RSS" is that run's own high-water mark
(Python, numpy and the articles in memory included).

No spaCy: story inputs carry no actor ids; the clusterer's own capitalised-word heuristic
(``newsprism.link.stories.name_keys``) supplies the name features.

Usage: python scripts/bench_linking.py                     # sizes 2500 5000 10000 20000
       python scripts/bench_linking.py --sizes 1000 2000   # other sizes
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpora/allsides_baly/articles.jsonl.gz"
SIZES = (2500, 5000, 10000, 20000)


def read_articles(n: int) -> list[dict[str, str | None]]:
    articles = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in handle:
            if len(articles) >= n:
                break
            record = json.loads(line)
            articles.append({k: record.get(k) for k in ("id", "outlet", "date", "title", "text")})
    return articles


def measure(n: int) -> dict[str, float]:
    from newsprism.link.reprints import ArticleSketch, find_reprints_with_stats
    from newsprism.link.stories import StoryIndex, StoryInput

    articles = read_articles(n)
    sketches = [ArticleSketch(a["id"], a["outlet"], a["date"] or None, a["text"] or "") for a in articles]
    start = time.perf_counter()
    groups, stats = find_reprints_with_stats(sketches)
    reprint_s = time.perf_counter() - start
    inputs = [StoryInput(a["id"], a["date"] or None, a["title"], a["text"] or "") for a in articles]
    index = StoryIndex()
    start = time.perf_counter()
    index.add(inputs)
    story_s = time.perf_counter() - start
    return {
        "n": len(articles),
        "reprint_s": reprint_s,
        "reprint_comparisons": stats.comparisons,
        "reprint_groups": len(groups),
        "reprint_members": sum(len(g.member_ids) for g in groups),
        "story_s": story_s,
        "story_cosines": index.comparisons,
        "story_postings": index.postings_read,
        "stories": len(index),
        "multi_stories": sum(1 for size in index.stories().values() if size > 1),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def format_table(rows: list[dict[str, float]]) -> str:
    head = (
        "| articles | reprints s | reprint pairs verified | reprint groups (articles) | stories s | cosines | "
        "postings read | stories (2+ articles) | µs/article (both) | peak RSS MB |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    lines = [
        f"| {r['n']:,} | {r['reprint_s']:.1f} | {r['reprint_comparisons']:,} | {r['reprint_groups']:,} ({r['reprint_members']:,}) "
        f"| {r['story_s']:.1f} | {r['story_cosines']:,} | {r['story_postings']:,} | {r['stories']:,} ({r['multi_stories']:,}) "
        f"| {1e6 * (r['reprint_s'] + r['story_s']) / r['n']:,.0f} | {r['peak_rss_mb']:,.0f} |"
        for r in rows
    ]
    return head + "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size, print JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    rows = []
    for n in args.sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True)
        rows.append(json.loads(done.stdout))
        print(f"{n}: done", file=sys.stderr)
    print(format_table(rows))


if __name__ == "__main__":
    main()
