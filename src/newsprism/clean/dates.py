# ruff: noqa: RUF001  (typographic quotes and dashes are matched on purpose)
"""Publication dates: read a full date however a page wrote it, and find a scrape's date line.

Only full dates (year, month and day) count. A partial date ("June 2022", "on July 1")
or an ambiguous numeric one ("03/04/2024") gives ``None``: a missing date is recorded
as missing, never guessed. Dates are read as written; a time zone never shifts the day.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

__all__ = ["find_date", "normalize_date"]

_MIN_YEAR, _MAX_YEAR = 1900, 2099
_MAX_META_WORDS = 10  # words besides the date a byline/dateline line may hold
_REUTERS_PREFIX_WORDS = 4  # "SEOUL, Nov 12, 2024 (Reuters) -": place words before the date
_YEAR = r"(?P<y>(?:19|20)\d{2})(?!\d)"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_TIME = (
    r"(?:T\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
    r"|,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}\b)?)?"
)


@dataclass(frozen=True, slots=True)
class _Vocab:
    months: dict[str, int]
    weekdays: tuple[str, ...]
    published: tuple[str, ...]
    updated: tuple[str, ...]
    meta_words: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Found:
    """One full date found in a string: its ISO form and the span it was read from."""

    iso: str
    start: int
    end: int


@cache
def _vocab() -> _Vocab:
    data = tomllib.loads(files("newsprism.clean").joinpath("dates.toml").read_text("utf-8"))
    months = {name: number for number, names in enumerate(data["months"], 1) for name in names}
    return _Vocab(
        months=months,
        weekdays=tuple(data["weekdays"]),
        published=tuple(data["cues"]["published"]),
        updated=tuple(data["cues"]["updated"]),
        meta_words=frozenset(data["dateline"]["meta_words"]),
    )


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    """Regexes for every supported full-date shape, each with named groups y, m or mn, d."""
    vocab = _vocab()
    month = rf"\b(?P<mn>{_alternation(vocab.months)})\b\.?"
    weekday = rf"(?:\b(?:{_alternation(vocab.weekdays)})\b\.?,?\s+)?"
    shapes = (
        r"(?<![\d/.-])(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)",
        r"(?<![\d/.-])(?P<y>(?:19|20)\d{2})(?P<sep>[/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\.?\d)",
        r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日",
        rf"{weekday}{month}\s*(?:the\s+)?{_DAY}\b,?\s+{_YEAR}",
        rf"{weekday}(?:the\s+)?\b{_DAY}(?:\s+of)?\s+{month},?\s+{_YEAR}",
        rf"(?<![\d/.-])(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep){_YEAR}",
    )
    return tuple(re.compile(shape + _TIME, re.IGNORECASE) for shape in shapes)


def _ymd(match: re.Match[str]) -> tuple[int, int, int] | None:
    """Year, month, day of one match, or None when the month/day order is ambiguous."""
    groups = match.groupdict()
    year = int(groups["y"])
    if groups.get("a"):
        return _day_month_order(year, int(groups["a"]), int(groups["b"]))
    month = _vocab().months[groups["mn"].lower()] if groups.get("mn") else int(groups["m"])
    return year, month, int(groups["d"])


def _day_month_order(year: int, first: int, second: int) -> tuple[int, int, int] | None:
    """Read ``first/second/year`` as D/M or M/D only when one order is impossible."""
    if first == second or second > 12 >= first:
        return year, first, second
    if first > 12 >= second:
        return year, second, first
    return None


def _valid(ymd: tuple[int, int, int]) -> bool:
    year, month, day = ymd
    if not (_MIN_YEAR <= year <= _MAX_YEAR and 1 <= month <= 12):
        return False
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _search(text: str) -> list[_Found]:
    """Every valid full date in ``text``, left to right, without overlaps."""
    found: list[_Found] = []
    for pattern in _patterns():
        for match in pattern.finditer(text):
            ymd = _ymd(match)
            if ymd is not None and _valid(ymd):
                iso = f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
                found.append(_Found(iso, match.start(), match.end()))
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[_Found] = []
    for item in found:
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept


def normalize_date(value: str) -> str | None:
    """Read the first full date in a string a page or a JSON field carries.

    Args:
        value: e.g. ``"Updated on 2024-01-29"``, ``"Tuesday, November 12, 2024"``,
            ``"Nov 12, 2024 6:57 pm"``, ``"12 November 2024"``, ``"2024/11/12"``,
            ``"2019-11-19T08:00:00Z"``, ``"November 12th, 2024"`` or ``"20241112"``.

    Returns:
        The date as ISO ``YYYY-MM-DD``, or ``None`` when the string holds no full,
        valid, unambiguous date (``"June 2022"``, ``"03/04/2024"``, ``"yesterday"``).
    """
    compact = value.strip()
    if re.fullmatch(r"(?:19|20)\d{6}", compact):
        compact = f"{compact[:4]}-{compact[4:6]}-{compact[6:]}"
    found = _search(compact)
    return found[0].iso if found else None


def find_date(lines: Iterable[str]) -> tuple[str, str] | None:
    """Find the publication date among a scrape's header, byline and footer lines.

    A date counts only on a dateline-like line: the date alone, a date next to a
    cue ("Updated on ...") or a byline/outlet name ("By IANS Updated: Nov 12, 2024 6:57 pm"),
    or a wire dateline ("SEOUL, Nov. 12, 2024 (Reuters) - ..."). A date inside an
    article sentence ("On January 30, 2024, NATO said ...") does not count. A date with a
    publication cue wins over a bare one, and a bare one over an "updated" one.

    Args:
        lines: candidate lines, in page order.

    Returns:
        ``(iso_date, raw)`` where ``raw`` is the exact text the date was read from
        (with its cue and time, e.g. ``"Updated on 2024-01-29"``), or ``None``.
    """
    best: tuple[int, int, str, str] | None = None
    for position, line in enumerate(lines):
        for found in _search(line):
            if not _is_dateline(line, found):
                continue
            start, rank = _cue(line, found.start)
            candidate = (rank, position, found.iso, line[start : found.end].strip(" ,|"))
            if best is None or candidate[:2] < best[:2]:
                best = candidate
    return (best[2], best[3]) if best else None


def _cue(line: str, start: int) -> tuple[int, int]:
    """Extend a date's start over a cue right before it; rank 0 published, 1 none, 2 updated."""
    vocab = _vocab()
    for rank, cues in ((2, vocab.updated), (0, vocab.published)):
        pattern = rf"\b(?:{_alternation(cues)})\b\s*(?:on|at)?\s*[:\-–—]?\s*$"
        match = re.search(pattern, line[:start], re.IGNORECASE)
        if match:
            return match.start(), rank
    return start, 1


def _is_dateline(line: str, found: _Found) -> bool:
    """True when the words around the date are byline/dateline words, not a sentence."""
    before, after = line[: found.start], line[found.end :]
    if _is_wire_dateline(before, after):
        return True
    rest = re.sub(r"[|•·,;:()\[\]\-–—/]+", " ", f"{before} {after}").split()
    if len(rest) > _MAX_META_WORDS:
        return False
    return all(_is_meta_word(word) for word in rest)


def _is_meta_word(word: str) -> bool:
    """A capitalised name word, a number, a symbol, or one of the allowed lower-case words."""
    bare = word.strip(".'\"“”‘’*")
    if not bare or not bare[0].isalpha() or not bare[0].islower():
        return True
    return bare.lower() in _vocab().meta_words or word.lower() in _vocab().meta_words


def _is_wire_dateline(before: str, after: str) -> bool:
    """``PLACE, <date> (Agency) -``: upper-case place words, the date, then a dash."""
    place = before.strip().rstrip(",").split()
    if not place or len(place) > _REUTERS_PREFIX_WORDS:
        return False
    if any(word.upper() != word for word in place):
        return False
    return re.match(r"\s*(?:\([^)]{1,40}\)\s*)?[-–—]", after) is not None
