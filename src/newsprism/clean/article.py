"""The clean stage: a :class:`RawArticle` becomes a :class:`Document` (or a :class:`Skip`)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace
from collections.abc import Iterable

from newsprism.clean.dates import normalize_date
from newsprism.clean.html import clean_html
from newsprism.clean.text import clean_text
from newsprism.model import Cleaned, Document, RawArticle, Skip
from newsprism.settings import Settings

TEXT_CLEANER = "newsprism.clean.text.v1"
HTML_CLEANER = "newsprism.clean.html.trafilatura.v1"
_STAGE = "clean"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_WORDS = re.compile(r"\w+")


def clean_batch(raws: Iterable[RawArticle], settings: Settings) -> list[Document | Skip]:
    """Clean a batch of raw articles (a pure function: safe to run on a Dask worker)."""
    return [clean_article(raw, settings) for raw in raws]


def clean_article(raw: RawArticle, settings: Settings) -> Document | Skip:
    """Clean one raw article and give it its deterministic id."""
    if raw.html is not None:
        cleaned, cleaner = clean_html(raw.html, url=raw.url, fallback=settings.clean.html_fallback), HTML_CLEANER
        if cleaned is None:
            return Skip(raw.source, _STAGE, "no article text found in the HTML")
    else:
        cleaned, cleaner = clean_text(raw.text or "", source=raw.source), TEXT_CLEANER
    cleaned = with_title_paragraph(cleaned, raw.title)
    text = normalize_text(cleaned.text)
    problem = _length_problem(text, settings)
    if problem:
        return Skip(raw.source, _STAGE, problem)
    return _document(raw, cleaned, text, cleaner)


def with_title_paragraph(cleaned: Cleaned, given_title: str | None) -> Cleaned:
    """Make the headline the text's first paragraph, so headline quotes and names get offsets.

    The line the cleaner read the title from was moved, not removed: it leaves ``removed_lines``.
    """
    title = (given_title or cleaned.title or "").strip()
    if not title or cleaned.text.lstrip().startswith(title):
        return cleaned
    removed = list(cleaned.removed_lines)
    if title in (line.strip() for line in removed):
        removed.pop([line.strip() for line in removed].index(title))
    return replace(cleaned, text=f"{title}\n\n{cleaned.text}", removed_lines=tuple(removed))


def normalize_text(text: str) -> str:
    """NFC, Unix newlines, no control characters, no trailing spaces, at most one blank line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = _TRAILING_SPACE.sub("\n", text + "\n")
    return _MANY_NEWLINES.sub("\n\n", text).strip()


def fingerprint(text: str) -> str:
    """A hash of the text's words, blind to case, spacing and punctuation."""
    words = " ".join(_WORDS.findall(text.casefold()))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def document_id(fingerprint_: str, url: str | None) -> str:
    """Deterministic article id from the content fingerprint and normalised URL."""
    key = f"{_normalize_url(url)}\n{fingerprint_}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def _normalize_url(url: str | None) -> str:
    if not url:
        return ""
    url = url.strip().split("#", 1)[0]
    url = re.sub(r"^https?://(www\.)?", "", url, flags=re.I)
    return url.rstrip("/").lower()


def _length_problem(text: str, settings: Settings) -> str | None:
    limits = settings.ingest
    if len(text) < limits.min_article_chars:
        return f"article text too short ({len(text)} characters, minimum {limits.min_article_chars})"
    if len(text) > limits.max_article_chars:
        return f"article text too long ({len(text):,} characters, cap {limits.max_article_chars:,})"
    return None


def _document(raw: RawArticle, cleaned: Cleaned, text: str, cleaner: str) -> Document:
    given_date = normalize_date(raw.published) if raw.published else None
    fp = fingerprint(text)
    return Document(
        id=document_id(fp, raw.url),
        source=raw.source,
        url=raw.url,
        title=raw.title or cleaned.title,
        outlet=raw.outlet or cleaned.outlet,
        author=raw.author or cleaned.author,
        published=given_date or cleaned.published,
        published_raw=raw.published if given_date else cleaned.published_raw,
        text=text,
        removed_lines=tuple(cleaned.removed_lines),
        fingerprint=fp,
        input_format="html" if raw.html is not None else "text",
        cleaner=cleaner,
    )
