# ruff: noqa: RUF001  (typographic quotes, dashes and CJK punctuation are matched on purpose)
"""Plain-text scrapes: title, date, outlet, author, and removal of page furniture.

The cleaner works on lines (one paragraph per line). Each line gets at most one
*kind* from its own shape and the cue lists in ``boilerplate.toml`` (share bars,
login boxes, comment prompts, counters, credits, disclaimers, repeated headlines,
bylines, date lines). *Anchors* are prose lines with no kind: the article body runs
from the first anchor to the last. Outside it (the header and footer zones) every
line is page furniture or metadata and is removed (below the article, short
sentences stay); inside it only lines of a body-safe kind are removed (widgets,
counters, credits, links, bylines, date-only lines, repeats), so article sentences
and subheadings stay.

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
from collections.abc import Callable, Sequence
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
_NON_WORD = re.compile(r"[\W_]+")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SEPARATOR = re.compile(r"\s+[|•·»]\s+|\s*\|\s*")
_LINKISH = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|[@#]\w+")
_TITLE_SPLIT = re.compile(r"\s+(?:[-–—|]|::)\s+")
_BODY_KINDS = frozenset(
    {
        "title",
        "counter",
        "url",
        "legal",
        "byline",
        "dateline",
        "source",
        "link",
        "credit",
        "ui",
        "nav",
        "repeat",
        "contact",
    }
)
_TITLE_KINDS = (None, "repeat")  # a headline may be repeated further down
_SECTION_KINDS = frozenset({"ui", "link", "phrase", "legal", "contact"})  # what follows them in a footer goes too
_TITLE_CASE_MIN_WORDS = 4
_TITLE_CASE_SHARE = 0.85
_TITLE_CASE_MIN_CONTENT = 3  # content words after the first, so a name or two proves nothing
_HEADLINE_MAX_WORDS = 24
_LABEL_WORDS = 3  # a header/footer line this short, not a sentence, is a label ("World", "Chairman")


@dataclass(frozen=True, slots=True)
class _Vocab:
    ui_words: frozenset[str]
    filler: frozenset[str]
    ui_phrases: frozenset[str]
    phrases: re.Pattern[str]
    legal: re.Pattern[str]
    links: re.Pattern[str]
    source: re.Pattern[str]
    credits: re.Pattern[str]
    byline: re.Pattern[str]
    connectors: frozenset[str]
    stops: frozenset[str]
    bio: re.Pattern[str]
    contact: re.Pattern[str]
    channels: re.Pattern[str]
    timestamp: re.Pattern[str]
    outlet_words: frozenset[str]
    minor_words: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Line:
    """One non-blank line: verbatim, normalised, and its shape."""

    raw: str
    text: str
    folded: str  # text.casefold(), for cue-phrase search
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
        phrases=_phrase_regex(data["phrases"]["strong"]),
        legal=_prefix_regex(data["prefixes"]["legal"]),
        links=_prefix_regex(data["prefixes"]["links"]),
        source=_prefix_regex(data["prefixes"]["source"]),
        credits=_phrase_regex(data["credits"]["phrases"]),
        byline=_prefix_regex(data["byline"]["prefixes"]),
        connectors=frozenset(data["byline"]["connectors"]),
        stops=frozenset(data["byline"]["stops"]),
        bio=_bio_pattern(roles),
        contact=_prefix_regex(data["contact"]["prefixes"]),
        channels=_phrase_regex(data["contact"]["channels"]),
        timestamp=_timestamp_pattern(data["timestamp"]["cues"], data["timestamp"]["units"]),
        outlet_words=frozenset(data["outlet"]["words"]),
        minor_words=frozenset(data["titlecase"]["minor_words"]),
    )


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _phrase_regex(phrases: Sequence[str]) -> re.Pattern[str]:
    """Any of the phrases anywhere in a case-folded line."""
    return re.compile(_alternation([p.casefold() for p in phrases]))


def _prefix_regex(prefixes: Sequence[str]) -> re.Pattern[str]:
    """Any of the prefixes at the start of a line; a prefix ending in a letter must end a word."""
    alternatives = [
        re.escape(p) + (r"(?![^\W_])" if p[-1].isalnum() else "") for p in sorted(prefixes, key=len, reverse=True)
    ]
    return re.compile(rf"^(?P<prefix>{'|'.join(alternatives)})", re.IGNORECASE)


def _timestamp_pattern(cues: list[str], units: list[str]) -> re.Pattern[str]:
    """``Updated at 6:30 a.m. ET`` or ``6 years ago``: a line that only says when."""
    cue, unit = _alternation(cues), _alternation(units)
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
    if not line.isascii():
        line = _INVISIBLE.sub("", unicodedata.normalize("NFC", line))
    return " ".join(line.split())


def _key(text: str) -> str:
    """Case- and punctuation-blind form of a line, for spotting repeats."""
    return _NON_WORD.sub("", text.casefold())


def _key_words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def _word_count(text: str) -> int:
    """Words, counting two CJK characters as one word."""
    words = len(text.split())
    return words if text.isascii() else max(words, len(_CJK.findall(text)) // 2)


def _is_terminal(text: str) -> bool:
    return text.rstrip(_CLOSERS + " ").endswith(tuple(_TERMINAL))


def _is_prose(text: str, words: int) -> bool:
    """Sentence-shaped: long, or ending like a sentence (a full stop needs fewer words)."""
    end = text.rstrip(_CLOSERS + " ")[-1:]
    if words >= _PROSE_WORDS:
        return True
    return bool(end) and (
        (words >= _SENTENCE_WORDS and end in _FULL_STOP) or (words >= _QUESTION_WORDS and end in _TERMINAL)
    )


def _make_line(raw: str) -> _Line:
    text = _normalize(raw)
    words = _word_count(text)
    prose = _is_prose(text, words)
    folded = text.casefold()
    return _Line(raw=raw, text=text, folded=folded, key=_NON_WORD.sub("", folded), words=words, prose=prose)


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
    match = vocab.byline.match(text)
    if match is None:
        return None
    prefix = match["prefix"]
    name: list[str] = []
    for token in text[match.end() :].split():
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
    """An author's contact line: "Follow Jane Doe on Twitter", "Write to Jane at jane@paper.com"."""
    return vocab.contact.match(text) is not None and ("@" in text or vocab.channels.search(text.casefold()) is not None)


def _kind(line: _Line) -> str | None:
    """The first furniture or metadata kind the line shows on its own, if any."""
    vocab, text, short = _vocab(), line.text, line.words <= _SHORT_WORDS
    digits = _DIGIT.search(text) is not None
    checks: tuple[tuple[str, Callable[[], bool]], ...] = (
        ("counter", lambda: _LETTER.search(text) is None),
        ("url", lambda: _is_linkish(text)),
        ("legal", lambda: vocab.legal.match(text) is not None),
        ("byline", lambda: not line.prose and _byline_author(text) is not None),
        ("dateline", lambda: digits and line.words <= _CREDIT_WORDS and vocab.timestamp.match(text) is not None),
        ("dateline", lambda: digits and not line.prose and find_date([text]) is not None),
        ("contact", lambda: short and _is_contact(text, vocab)),
        ("source", lambda: short and vocab.source.match(text) is not None),
        ("link", lambda: short and vocab.links.match(text) is not None),
        ("credit", lambda: line.words <= _CREDIT_WORDS and vocab.credits.search(line.folded) is not None),
        ("phrase", lambda: vocab.phrases.search(line.folded) is not None),
        ("ui", lambda: _is_ui(line, vocab)),
        ("nav", lambda: not line.prose and _is_nav(text)),
        ("bio", lambda: vocab.bio.match(text) is not None),
    )
    return next((name for name, check in checks if check()), None)


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
    """Headline capitalisation: nearly every word after the first, bar minor words, capitalised.

    "Americans Have a Lot to Be Thankful For" is; "These are the two Paul Ryans" is not.
    """
    words: list[str] = re.findall(r"[^\W\d_][\w'’-]*", text)
    content = [w for w in words[1:] if w.casefold() not in _vocab().minor_words]
    if len(words) < _TITLE_CASE_MIN_WORDS or len(content) < _TITLE_CASE_MIN_CONTENT:
        return False
    return sum(w[0].isupper() for w in content) >= _TITLE_CASE_SHARE * len(content)


def _removable_in_footer(line: _Line, kind: str | None, *, after_cue: bool) -> bool:
    """Furniture below the article: any kind, anything after a widget, labels, headline lists."""
    if kind is not None or after_cue:
        return True
    if _is_terminal(line.text):
        return False
    label = line.words <= _LABEL_WORDS and not any(ch.isdigit() for ch in line.text)
    return label or _is_title_case(line.text)


def _judge(lines: Sequence[_Line], own_kinds: Sequence[str | None], title_keys: frozenset[str]) -> list[_Verdict]:
    """Decide each line: zone from the anchors, removal from zone and kind.

    Above the first anchor everything goes (title, labels, bylines, deks). Between the
    anchors only body-safe kinds go. Below the last anchor a line goes when it has a kind,
    follows a widget line, or is a label or a title-case headline; short sentences stay.
    """
    titled = ["title" if line.key in title_keys else kind for line, kind in zip(lines, own_kinds, strict=True)]
    kinds = _repeat_kinds(lines, titled)
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
    verdicts = _judge(parsed, [_kind(line) for line in parsed], title_keys)
    kept = [v.line.raw for v in verdicts if not v.removed]
    removed = [v.line.raw for v in verdicts if v.removed]
    return kept, removed


def _find_title(verdicts: Sequence[_Verdict]) -> int | None:
    """Index of the first header line that is no furniture and not a sentence ("Korea, why so!")."""
    for i, verdict in enumerate(verdicts):
        if verdict.zone != "header":
            break
        line = verdict.line
        if verdict.kind in _TITLE_KINDS and not line.prose and line.words >= _TITLE_MIN_WORDS:
            return i
    return None


def _opening_headline(verdicts: Sequence[_Verdict], *, titled: bool) -> int | None:
    """Index of a headline-shaped sentence opening the body, or None.

    A body that opens with a title-case line ("Did the Party Blow It in 2016?",
    "Putin, Tillerson Meet At Kremlin.") opens with a headline or a dek. Without a title
    yet, a question or exclamation followed straight by page furniture is one too
    ("Was Hagel doomed from the start?" then "Share"). Cleaned text never opens with
    either, so cleaning it again changes nothing.
    """
    at = next((i for i, v in enumerate(verdicts) if v.zone == "body"), None)
    if at is None or verdicts[at].kind is not None:
        return None
    line = verdicts[at].line
    if line.words > _HEADLINE_MAX_WORDS or not _is_terminal(line.text):
        return None
    if _is_title_case(line.text):
        return at
    exclaims = line.text.rstrip(_CLOSERS + " ")[-1:] in "?!？！"
    followed = at + 1 < len(verdicts) and verdicts[at + 1].kind in _BODY_KINDS
    return at if not titled and exclaims and followed else None


def _split_title(text: str, lines: Sequence[_Line]) -> tuple[str, str | None]:
    """``"Headline - Eastern Mirror"`` -> ("Headline", "Eastern Mirror"); else (text, None).

    The suffix counts as the outlet only with evidence: it is joined by ``|`` (the
    HTML-title convention), it holds an outlet word or a domain ("Mirror", "News",
    ".com"), or the bare headline stands again as a line of the scrape. "Syria - Pompeo"
    stays whole.
    """
    separators = list(_TITLE_SPLIT.finditer(text))
    if not separators:
        return text, None
    sep, head, outlet = separators[-1], text[: separators[-1].start()], text[separators[-1].end() :]
    if _word_count(head) < _TITLE_MIN_WORDS or not _is_outlet_name(outlet):
        return text, None
    evidence = (
        "|" in sep.group()
        or bool(set(_key_words(outlet).split()) & _vocab().outlet_words)
        or re.search(r"\w\.(?:com|net|org|co|news|info)\b", outlet, re.IGNORECASE) is not None
        or any(line.key == _key(head) for line in lines)
    )
    return (head, outlet) if evidence else (text, None)


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
    own_kinds = [_kind(line) for line in lines]
    title_at = _find_title(_judge(lines, own_kinds, frozenset()))
    keys = frozenset({lines[title_at].key}) if title_at is not None else frozenset()
    verdicts = _judge(lines, own_kinds, keys)
    while (opening := _opening_headline(verdicts, titled=title_at is not None)) is not None:
        title_at = opening if title_at is None else title_at
        keys |= {lines[opening].key}
        verdicts = _judge(lines, own_kinds, keys)
    title, outlet = _split_title(lines[title_at].text, lines) if title_at is not None else (None, None)
    if title:
        verdicts = _judge(lines, own_kinds, keys | {_key(title)})
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
