"""HTML pages through trafilatura: main text, title, date, author, site name."""

from __future__ import annotations

import logging
import re

from newsprism.model import Cleaned

logger = logging.getLogger(__name__)

_TITLE_SEPARATORS = re.compile(r"\s+[|*\u2013\u2014-]\s+|\s*[\uff1a\uff5c]\s*")
_DATE_SEGMENT = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def clean_html(html: str, *, url: str | None = None, fallback: bool = True) -> Cleaned | None:
    """Extract the article from an HTML page.

    Dates come only from the page's own metadata and markup (htmldate without its
    extensive free-text search), so a date is never a guess from a stray number.

    Args:
        html: the decoded page.
        url: the page's URL, when known (helps trafilatura and the date search).
        fallback: let trafilatura try its fallback extractors when its result looks poor.

    Returns:
        The cleaned article, or None when no main text was found.
    """
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        no_fallback=not fallback,
        date_extraction_params=_DATE_PARAMS,
    )
    if result is None or not (result.text or "").strip():
        return None
    return Cleaned(
        text=result.text,
        title=strip_site_name(_clean(result.title), site_names=(result.sitename, result.hostname)),
        published=_clean(result.date),
        published_raw=_clean(result.date),
        outlet=_clean(result.sitename),
        author=_clean(result.author),
        removed_lines=(),
    )


def strip_site_name(title: str | None, *, site_names: tuple[str | None, ...]) -> str | None:
    """Drop a trailing or leading " | Site" / " - Site" segment naming the site itself."""
    if not title:
        return title
    keys = {_site_key(name) for name in site_names if name} - {""}
    parts = _TITLE_SEPARATORS.split(title)
    while len(parts) > 1 and (_names_site(parts[-1], keys) or _looks_like_brand(parts[-1], parts[:-1])):
        parts.pop()
    while len(parts) > 1 and _names_site(parts[0], keys):
        parts.pop(0)
    if len(parts) == len(_TITLE_SEPARATORS.split(title)):
        return title
    return _rejoin(title, parts)


def _rejoin(title: str, parts: list[str]) -> str:
    start = title.index(parts[0])
    end = title.rindex(parts[-1]) + len(parts[-1])
    return title[start:end].strip()


def _looks_like_brand(segment: str, rest: list[str]) -> bool:
    """A trailing segment that reads as a site, section or date label, not as part of the headline.

    Short (at most four words), no sentence punctuation, every Latin word capitalised (or no
    Latin letters at all, as in "朝日新聞デジタル"), or a date; and enough headline is left.
    """
    segment = segment.strip()
    words = segment.split()
    headline = " ".join(rest)
    enough = 20 if re.search(r"[A-Za-z]", headline) else 8  # CJK headlines say more in fewer characters
    if not words or len(words) > 4 or len(headline) < enough or segment[-1:] in ".?!\"'’”":
        return False
    if _DATE_SEGMENT.match(segment):
        return True
    latin = [w for w in words if re.search(r"[A-Za-z]", w)]
    minor = {"of", "the", "and", "for", "in", "on", "de", "du", "la", "le", "der", "die", "das"}
    return all(w[:1].isupper() or w.lower() in minor or not w[:1].isalpha() for w in latin)


def _names_site(segment: str, keys: set[str]) -> bool:
    """A short title segment that is the site's name or contains it ("CBC News" for "CBC")."""
    key = _site_key(segment)
    if not key or len(segment.split()) > 4:
        return False
    return any(key == k or (len(k) >= 3 and (key.startswith(k) or k.startswith(key))) for k in keys)


def _site_key(name: str) -> str:
    name = re.sub(r"^(https?://)?(www\.)?", "", name.strip().lower())
    name = re.sub(r"\.(com|org|net|co|news|ca|uk|in|au|my)(\.[a-z]{2})?$", "", name)
    return re.sub(r"[^a-z0-9]", "", name)


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
