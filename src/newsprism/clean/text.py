"""Plain-text scrapes: title, date, outlet, author, and removal of page furniture.

The cleaner works on lines (one paragraph per line). Each line gets at most one
*kind* from its own shape and the cue lists in ``boilerplate.toml`` (share bars,
login boxes, comment prompts, counters, credits, disclaimers, repeated headlines,
bylines, date lines). *Anchors* are prose lines with no kind: the article body runs
from the first anchor to the last. Outside it (the header and footer zones) every
line is page furniture or metadata and is removed; inside it only lines of a
body-safe kind are removed, so article sentences and subheadings stay.

Every removed line is kept verbatim in ``Cleaned.removed_lines`` (the title and
metadata lines included): each non-blank input line ends up either in the text or
there. What the text does not state is ``None``, never a guess.
"""

from __future__ import annotations

import logging
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from newsprism.clean.dates import find_date
from newsprism.model import Cleaned

__all__ = ["clean_text", "filter_boilerplate"]

logger = logging.getLogger(__name__)

_PROSE_WORDS = 25  # a line this long is prose whatever its punctuation
_SENTENCE_WORDS = 3  # a line this long ending with a full stop is prose
_QUESTION_WORDS = 6  # a line this long ending with ! ? : ; is prose (shorter ones may be headlines)
_LONG_CUE_WORDS = 30  # a strong cue phrase does not remove a sentence this long
_SHORT_WORDS = 25  # link/source/legal-tag lines longer than this are text
_CREDIT_WORDS = 15  # credit lines longer than this are text
_UI_WORDS = 6  # UI widget lines are at most this long
_REPEAT_WORDS = 4  # shorter repeated lines (speaker labels, "Q:") are not headlines
_REPEAT_PROSE_WORDS = 10  # later copies of a sentence this long are removed
_TITLE_MIN_WORDS = 3
_OUTLET_MAX_WORDS = 5
_NAME_MAX_WORDS = 8
_FULL_STOP = ".…。"
_TERMINAL = ".!?…:;。！？；："
_CLOSERS = "\"'”’»)]}*"
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SEPARATOR = re.compile(r"\s+[|•·»]\s+|\s*\|\s*")
_LINKISH = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|[@#]\w+")
_TITLE_SPLIT = re.compile(r"\s+(?:[-–—|]|::)\s+")
_BODY_KINDS = frozenset(
    {"title", "counter", "url", "legal", "byline", "source", "link", "credit", "ui", "nav", "repeat", "contact"}
)
_SECTION_KINDS = frozenset({"ui", "link", "phrase", "legal", "contact"})  # what follows them in a footer goes too
_TITLE_CASE_MIN_WORDS = 4
_TITLE_CASE_SHARE = 0.85
_LABEL_WORDS = 3  # a header/footer line this short, not a sentence, is a label ("World", "Chairman")


@dataclass(frozen=True, slots=True)
class _Vocab:
    ui_words: frozenset[str]
    filler: frozenset[str]
    ui_phrases: frozenset[str]
    phrases: tuple[str, ...]
    legal: tuple[str, ...]
    links: tuple[str, ...]
    source: tuple[str, ...]
    credits: tuple[str, ...]
    byline: tuple[str, ...]
    connectors: frozenset[str]
    stops: frozenset[str]
    bio: re.Pattern[str]
    contact: tuple[str, ...]
    channels: tuple[str, ...]
    timestamp: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Line:
    """One non-blank line: verbatim, normalised, and its shape."""

    raw: str
    text: str
    key: str
    words: int
    prose: bool


@dataclass(frozen=True, slots=True)
class _Verdict:
    """What the cleaner decided about one line."""

    line: _Line
    kind: str | None  # why the line is furniture or metadata, if it is
    zone: str  # "header", "body" or "footer"
    removed: bool


@cache
def _vocab() -> _Vocab:
    data = tomllib.loads(files("newsprism.clean").joinpath("boilerplate.toml").read_text("utf-8"))
    roles = "|".join(re.escape(role) for role in data["bio"]["roles"])
    return _Vocab(
        ui_words=frozenset(data["ui"]["words"]),
        filler=frozenset(data["ui"]["filler"]),
        ui_phrases=frozenset(_key_words(p) for p in data["ui"]["phrases"]),
        phrases=tuple(data["phrases"]["strong"]),
        legal=tuple(data["prefixes"]["legal"]),
        links=tuple(data["prefixes"]["links"]),
        source=tuple(data["prefixes"]["source"]),
        credits=tuple(data["credits"]["phrases"]),
        byline=tuple(sorted(data["byline"]["prefixes"], key=len, reverse=True)),
        connectors=frozenset(data["byline"]["connectors"]),
        stops=frozenset(data["byline"]["stops"]),
        bio=_bio_pattern(roles),
        contact=tuple(data["contact"]["prefixes"]),
        channels=tuple(data["contact"]["channels"]),
        timestamp=_timestamp_pattern(data["timestamp"]["cues"], data["timestamp"]["units"]),
    )


def _timestamp_pattern(cues: list[str], units: list[str]) -> re.Pattern[str]:
    """``Updated at 6:30 a.m. ET`` or ``6 years ago``: a line that only says when."""
    cue = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    unit = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    clock = r"\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?"
    return re.compile(
        rf"^(?:(?:{cue})\b[\s:]*(?:at|on)?\s*{clock}(?:\s*[A-Z]{{2,4}})?\b.{{0,20}}"
        rf"|(?:{cue})?\s*\d+\s*(?:{unit})\s+ago)\W*$",
        re.IGNORECASE,
    )


def _bio_pattern(roles: str) -> re.Pattern[str]:
    """``Name is a ... <role> of/for/at <Outlet>``: an author bio line."""
    name = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
    outlet = r"(?:[Tt]he\s+)?[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|&))*"
    return re.compile(
        rf"^(?P<name>{name})\s+(?:is|was)\s+(?:a|an|the)\b.{{0,80}}?\b(?:{roles})s?\b"
        rf"(?:.{{0,40}}?\b(?:of|for|at|with)\s+(?P<outlet>{outlet}))?"
    )


def _normalize(line: str) -> str:
    """NFC, no invisible characters, single spaces."""
    line = _INVISIBLE.sub("", unicodedata.normalize("NFC", line))
    return " ".join(line.split())


def _key(text: str) -> str:
    """Case- and punctuation-blind form of a line, for spotting repeats."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _key_words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def _word_count(text: str) -> int:
    return max(len(text.split()), len(_CJK.findall(text)) // 2)


def _is_terminal(text: str) -> bool:
    return text.rstrip(_CLOSERS + " ").endswith(tuple(_TERMINAL))


def _is_prose(text: str, words: int) -> bool:
    """Sentence-shaped: long, or ending like a sentence (a full stop needs fewer words)."""
    end = text.rstrip(_CLOSERS + " ")[-1:]
    if words >= _PROSE_WORDS:
        return True
    return bool(end) and (words >= _SENTENCE_WORDS and end in _FULL_STOP or words >= _QUESTION_WORDS and end in _TERMINAL)


def _make_line(raw: str) -> _Line:
    text = _normalize(raw)
    words = _word_count(text)
    prose = _is_prose(text, words)
    return _Line(raw=raw, text=text, key=_key(text), words=words, prose=prose)


def _starts(text: str, prefixes: Sequence[str]) -> bool:
    lowered = text.casefold()
    return any(lowered.startswith(p) and not lowered[len(p) : len(p) + 1].isalnum() for p in prefixes)


def _contains(text: str, phrases: Sequence[str]) -> bool:
    lowered = " ".join(text.casefold().split())
    return any(p in lowered for p in phrases)


def _is_ui(line: _Line, vocab: _Vocab) -> bool:
    """A short line made only of widget words ("Share", "User Login", "12 Comments")."""
    words = _key_words(line.text)
    if line.words > _UI_WORDS or not words:
        return False
    if words in vocab.ui_phrases:
        return True
    tokens = words.split()
    known = vocab.ui_words | vocab.filler
    return all(t in known or t.isdigit() for t in tokens) and any(t in vocab.ui_words for t in tokens)


def _is_nav(text: str) -> bool:
    """A menu or tag strip: three or more short items joined by separators."""
    items = [item for item in _SEPARATOR.split(text) if item.strip()]
    return len(items) >= 3 and sum(len(i.split()) for i in items) <= 3 * len(items)


def _is_linkish(text: str) -> bool:
    """Only URLs, e-mail addresses, handles and hashtags."""
    return not _LINKISH.sub("", text).strip(" ,;|·•-")


def _byline_author(text: str) -> str | None:
    """The author named by a byline line ("By IANS Updated: ...", "Pen / X"), or None."""
    vocab = _vocab()
    prefix = next((p for p in vocab.byline if _starts(text, (p,))), None)
    if prefix is None:
        return None
    name: list[str] = []
    for token in text[len(prefix) :].split():
        if token.casefold().rstrip(":") in vocab.stops or re.match(r"\d", token):
            break
        name.append(token)
    author = " ".join(name).strip(" ,;:|-–—")
    return author if author and _is_name(author, plain_by=prefix.casefold() == "by") else None


def _is_name(author: str, *, plain_by: bool) -> bool:
    """Name-shaped: short, and after a bare "By" every word capitalised or a connector."""
    words = author.split()
    if len(words) > _NAME_MAX_WORDS:
        return False
    if not plain_by:
        return True
    connectors = _vocab().connectors
    return all(not w[0].isalpha() or w[0].isupper() or w.casefold() in connectors for w in words)


def _is_contact(text: str, vocab: _Vocab) -> bool:
    """"Follow Jane Doe on Twitter", "Write to Jane at jane@paper.com"."""
    return _starts(text, vocab.contact) and ("@" in text or _contains(text, vocab.channels))


def _kind(line: _Line, title_keys: frozenset[str]) -> str | None:
    """The first furniture or metadata kind the line shows on its own, if any."""
    vocab, text = _vocab(), line.text
    checks = (
        ("title", line.key in title_keys),
        ("counter", not any(ch.isalpha() for ch in text)),
        ("url", _is_linkish(text)),
        ("legal", _starts(text, vocab.legal)),
        ("byline", not line.prose and _byline_author(text) is not None),
        ("dateline", line.words <= _CREDIT_WORDS and vocab.timestamp.match(text) is not None),
        ("dateline", not line.prose and find_date([text]) is not None),
        ("contact", line.words <= _SHORT_WORDS and _is_contact(text, vocab)),
        ("source", line.words <= _SHORT_WORDS and _starts(text, vocab.source)),
        ("link", line.words <= _SHORT_WORDS and _starts(text, vocab.links)),
        ("credit", line.words <= _CREDIT_WORDS and _contains(text, vocab.credits)),
        ("phrase", _contains(text, vocab.phrases)),
        ("ui", _is_ui(line, vocab)),
        ("nav", not line.prose and _is_nav(text)),
        ("bio", vocab.bio.match(text) is not None),
    )
    return next((name for name, hit in checks if hit), None)


def _repeat_kinds(lines: Sequence[_Line], kinds: list[str | None]) -> list[str | None]:
    """Mark repeated headlines (every copy) and repeated sentences (every copy but the first)."""
    counts = Counter(line.key for line in lines)
    seen: set[str] = set()
    marked: list[str | None] = []
    for line, kind in zip(lines, kinds, strict=True):
        repeated = counts[line.key] > 1 and kind is None
        headline = not line.prose and line.words >= _REPEAT_WORDS
        later = line.prose and line.words >= _REPEAT_PROSE_WORDS and line.key in seen
        marked.append("repeat" if repeated and (headline or later) else kind)
        seen.add(line.key)
    return marked


def _removable_in_body(line: _Line, kind: str | None) -> bool:
    if kind == "phrase":
        return line.words < _LONG_CUE_WORDS
    return kind in _BODY_KINDS


def _is_title_case(text: str) -> bool:
    """Headline capitalisation: most longer words capitalised ("Americans Have a Lot to Be Thankful For")."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    long_words = [w for w in words if len(w) > 3]
    if len(words) < _TITLE_CASE_MIN_WORDS or not long_words:
        return False
    return sum(w[0].isupper() for w in long_words) >= _TITLE_CASE_SHARE * len(long_words)


def _removable_in_footer(line: _Line, kind: str | None, *, after_cue: bool) -> bool:
    """Furniture below the article: any kind, anything after a widget, labels, headline lists."""
    if kind is not None or after_cue:
        return True
    if _is_terminal(line.text):
        return False
    label = line.words <= _LABEL_WORDS and not any(ch.isdigit() for ch in line.text)
    return label or _is_title_case(line.text)


def _judge(lines: Sequence[_Line], title_keys: frozenset[str]) -> list[_Verdict]:
    """Decide each line: zone from the anchors, removal from zone and kind.

    Above the first anchor everything goes (title, labels, bylines, deks). Between the
    anchors only body-safe kinds go. Below the last anchor a line goes when it has a kind,
    follows a widget line, or is a label or a title-case headline; short sentences stay.
    """
    kinds = _repeat_kinds(lines, [_kind(line, title_keys) for line in lines])
    anchors = [i for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)) if kind is None and line.prose]
    first, last = (anchors[0], anchors[-1]) if anchors else (0, len(lines) - 1)
    cue = next((i for i in range(last + 1, len(lines)) if kinds[i] in _SECTION_KINDS), len(lines))
    verdicts = []
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if i < first:
            verdicts.append(_Verdict(line, kind, "header", removed=True))
        elif i > last:
            removed = _removable_in_footer(line, kind, after_cue=i > cue)
            verdicts.append(_Verdict(line, kind, "footer", removed))
        else:
            verdicts.append(_Verdict(line, kind, "body", _removable_in_body(line, kind)))
    return verdicts


def filter_boilerplate(lines: list[str], *, title: str | None = None) -> tuple[list[str], list[str]]:
    """Split paragraphs into article text and page furniture.

    Also usable on trafilatura's output. Blank lines are dropped from both lists.

    Args:
        lines: the paragraphs, in page order.
        title: the article's headline, if known; standalone repeats of it are removed.

    Returns:
        ``(kept, removed)``: the lines kept and the lines removed, each verbatim and in order.
    """
    parsed = [_make_line(line) for line in lines if line.strip()]
    title_keys = frozenset({_key(title)} - {""}) if title else frozenset()
    verdicts = _judge(parsed, title_keys)
    kept = [v.line.raw for v in verdicts if not v.removed]
    removed = [v.line.raw for v in verdicts if v.removed]
    return kept, removed


def _find_title(verdicts: Sequence[_Verdict]) -> int | None:
    """Index of the headline: the first header line that is no furniture and not a sentence."""
    for i, verdict in enumerate(verdicts):
        if verdict.zone != "header":
            return None
        line = verdict.line
        if verdict.kind is None and not line.prose and line.words >= _TITLE_MIN_WORDS:
            return i
    return None


def _split_title(text: str) -> tuple[str, str | None]:
    """``"Headline - Outlet Name"`` -> ("Headline", "Outlet Name"); else (text, None)."""
    separators = list(_TITLE_SPLIT.finditer(text))
    if not separators:
        return text, None
    head, outlet = text[: separators[-1].start()], text[separators[-1].end() :]
    if _word_count(head) < _TITLE_MIN_WORDS or not _is_outlet_name(outlet):
        return text, None
    return head, outlet


def _is_outlet_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= _OUTLET_MAX_WORDS or _is_terminal(text):
        return False
    connectors = {"of", "the", "and", "&", "de", "la", "le", "du"}
    return all(not w[0].isalpha() or w[0].isupper() or w.casefold() in connectors for w in words)


@dataclass(frozen=True, slots=True)
class _Meta:
    author: str | None = None
    outlet: str | None = None


def _byline_meta(verdicts: Sequence[_Verdict]) -> _Meta:
    """Author from the first byline; else author and outlet from an author bio at the edges."""
    for verdict in verdicts:
        if verdict.removed and verdict.kind == "byline":
            return _Meta(author=_byline_author(verdict.line.text))
    for verdict in verdicts:
        if verdict.zone != "body" and verdict.kind == "bio":
            match = _vocab().bio.match(verdict.line.text)
            if match:
                outlet = re.sub(r"\s+(?:of|and|&)$", "", match["outlet"]) if match["outlet"] else None
                return _Meta(author=match["name"], outlet=outlet)
    return _Meta()


def _date_lines(verdicts: Sequence[_Verdict]) -> list[str]:
    """Header and footer lines, plus the first body line (it may open with a wire dateline)."""
    first_body = next((v.line.text for v in verdicts if v.zone == "body"), None)
    header = [v.line.text for v in verdicts if v.zone == "header"]
    footer = [v.line.text for v in verdicts if v.zone == "footer"]
    return header + ([first_body] if first_body else []) + footer


def clean_text(raw: str, *, source: str = "") -> Cleaned:
    """Clean one plain-text scrape.

    Args:
        raw: the scrape, one paragraph per line.
        source: where it came from, for log messages only.

    Returns:
        The article text (paragraphs joined by a blank line), the title, the
        publication date with the exact string it was read from, the outlet and
        author where the text states them (else ``None``), and every removed line.
    """
    lines = [_make_line(line) for line in raw.splitlines() if line.strip()]
    title_at = _find_title(_judge(lines, frozenset()))
    title, outlet = _split_title(lines[title_at].text) if title_at is not None else (None, None)
    title_keys = frozenset({_key(title), lines[title_at].key}) if title and title_at is not None else frozenset()
    verdicts = _judge(lines, title_keys)
    meta = _byline_meta(verdicts)
    date = find_date(_date_lines(verdicts))
    removed = tuple(v.line.raw for v in verdicts if v.removed)
    logger.debug("%s: removed %d of %d lines", source or "<text>", len(removed), len(lines))
    return Cleaned(
        text="\n\n".join(v.line.text for v in verdicts if not v.removed),
        title=title,
        published=date[0] if date else None,
        published_raw=date[1] if date else None,
        outlet=outlet or meta.outlet,
        author=meta.author,
        removed_lines=removed,
    )
