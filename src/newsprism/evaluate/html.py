"""Score HTML cleaning on saved news pages with gold extractions (``../shared/corpora/html``).

Body: the Zyte article-extraction-benchmark metric (tokens ``\\w+``, 4-gram shingles; per page
precision and recall of the shingle multisets; P and R averaged over pages, then F1).
Title, authors and date (same calendar day): exact match after whitespace normalisation,
on the pages whose gold has them. A trivial baseline (all visible text of the page, the
``<title>`` element) stands beside newsprism's figures.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsprism.errors import ParseError

DEFAULT_CORPUS = Path("../shared/corpora/html")
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class HtmlEval:
    pages: int = 0
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    baseline_precision: list[float] = field(default_factory=list)
    baseline_recall: list[float] = field(default_factory=list)
    fields: dict[str, list[int]] = field(default_factory=dict)  # field -> [newsprism correct, baseline correct, checked]


def read_index(corpus: Path, *, limit: int | None = None) -> list[dict[str, Any]]:
    """The corpus index: one entry per page with its gold extraction."""
    path = corpus / "index.jsonl"
    if not path.is_file():
        raise ParseError(f"[E503] page index {path} not found")
    entries = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return entries[:limit] if limit else entries


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return Counter(tuple(words[i : i + n]) for i in range(max(len(words) - n + 1, 0)))


def overlap(predicted: str, gold: str) -> tuple[float, float]:
    """Per-page shingle precision and recall (an empty side scores 0, both empty 1)."""
    p, g = shingles(predicted), shingles(gold)
    if not p and not g:
        return 1.0, 1.0
    common = sum((p & g).values())
    return (common / sum(p.values()) if p else 0.0), (common / sum(g.values()) if g else 0.0)


def evaluate_html(corpus: Path, *, limit: int | None = None, progress: Callable[[int], Any] | None = None) -> HtmlEval:
    """Clean every page of the corpus and score it against the gold."""
    result = HtmlEval()
    for entry, html in _pages(corpus, limit):
        _score_page(result, entry, html)
        if progress:
            progress(1)
    return result


def _pages(corpus: Path, limit: int | None) -> Iterator[tuple[dict[str, Any], str]]:
    from newsprism.ingest.encoding import decode_bytes
    from newsprism.ingest.files import declared_charset

    for entry in read_index(corpus, limit=limit):
        data = gzip.decompress((corpus / entry["file"]).read_bytes())
        html, _ = decode_bytes(data, declared=declared_charset(data))
        yield entry, html


def _score_page(result: HtmlEval, entry: dict[str, Any], html: str) -> None:
    from newsprism.clean.article import clean_article
    from newsprism.model import Document, RawArticle, Skip
    from newsprism.settings import load_settings

    result.pages += 1
    article = clean_article(RawArticle(source=entry["file"], html=html, url=entry["url"]), load_settings())
    gold = entry["expected"]
    body = _body(article) if isinstance(article, Document) else ""
    baseline_text, baseline_title = _baseline(html)
    for bucket, text in ((("precision", "recall"), body), (("baseline_precision", "baseline_recall"), baseline_text)):
        p, r = overlap(text, gold["body"])
        getattr(result, bucket[0]).append(p)
        getattr(result, bucket[1]).append(r)
    if isinstance(article, Skip):
        article = None
    _fields(result, gold, article, baseline_title)


def _body(article: Any) -> str:
    """The article text without the headline paragraph the cleaner puts first (gold bodies have none)."""
    text = article.text
    if article.title and text.startswith(article.title):
        text = text[len(article.title) :]
    return text


def _baseline(html: str) -> tuple[str, str | None]:
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    titles = tree.xpath("//title/text()")
    return " ".join(tree.itertext()), (titles[0] if titles else None)


def _norm(value: str | None) -> str:
    return _SPACE.sub(" ", (value or "").strip()).casefold()


def _fields(result: HtmlEval, gold: dict[str, Any], article: Any, baseline_title: str | None) -> None:
    checks = []
    if gold.get("title"):
        checks.append(("title", _norm(article and article.title) == _norm(gold["title"]), _norm(baseline_title) == _norm(gold["title"])))
    if gold.get("publishing_date"):
        day = gold["publishing_date"][:10]
        checks.append(("date", bool(article and article.published == day), False))
    if gold.get("authors"):
        wanted = {_norm(a) for a in gold["authors"]}
        found = {_norm(a) for a in re.split(r";|,| and ", article.author or "")} if article else set()
        checks.append(("authors", wanted <= found, False))
    for name, ok, base in checks:
        cell = result.fields.setdefault(name, [0, 0, 0])
        cell[0] += int(ok)
        cell[1] += int(base)
        cell[2] += 1


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def format_table(result: HtmlEval) -> str:
    """Body P/R/F1 and field accuracy, newsprism beside the baseline, as Markdown."""
    def mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    p, r = mean(result.precision), mean(result.recall)
    bp, br = mean(result.baseline_precision), mean(result.baseline_recall)
    rows = [
        f"{result.pages} pages\n",
        "| system | body P | body R | body F1 |",
        "|---|---:|---:|---:|",
        f"| newsprism (trafilatura + site-name stripping) | {p:.3f} | {r:.3f} | {_f1(p, r):.3f} |",
        f"| baseline (all visible text) | {bp:.3f} | {br:.3f} | {_f1(bp, br):.3f} |",
        "",
        "| field | newsprism | baseline (`<title>`) | pages with gold |",
        "|---|---:|---:|---:|",
    ]
    for name, (ok, base, n) in sorted(result.fields.items()):
        baseline = f"{base / n:.3f}" if name == "title" else "–"
        rows.append(f"| {name} | {ok / n:.3f} | {baseline} | {n} |")
    return "\n".join(rows)
