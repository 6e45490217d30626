"""Find input files and read them into :class:`RawArticle` records.

Each reader is a generator over one file that yields ``RawArticle`` or ``Skip``; a
problem with one record or one file never stops the others.
"""

from __future__ import annotations

import glob
import gzip
import json
import os
import re
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from newsprism.errors import IngestError, first_line
from newsprism.ingest.encoding import decode_bytes
from newsprism.model import RawArticle, Skip
from newsprism.settings import IngestSettings

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
}
_GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_JSON_FIELDS = ("url", "title", "outlet", "published", "author")
_STAGE = "ingest"


def input_format(path: Path) -> str | None:
    """The format of a file from its name (``a.html.gz`` is HTML), or None if unsupported."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return FORMATS.get(suffixes[-1]) if suffixes else None


def expand_inputs(patterns: Sequence[str]) -> tuple[list[Path], list[Skip]]:
    """Expand paths, folders (recursively) and glob patterns into input files.

    Files named explicitly are taken whatever their name, so an unsupported one is
    reported; inside folders and globs only supported formats are picked up.

    Returns:
        The files in a stable order, without repeats, and a skip per unusable pattern.
    """
    files: dict[Path, None] = {}
    skips: list[Skip] = []
    for pattern in patterns:
        found, skip = _expand_one(pattern)
        files.update(dict.fromkeys(found))
        if skip:
            skips.append(skip)
    return list(files), skips


def _expand_one(pattern: str) -> tuple[list[Path], Skip | None]:
    path = Path(pattern)
    if path.is_dir():
        return _walk(path), None
    if path.is_file() or path.is_symlink() or not glob.has_magic(pattern):
        return [path], None
    matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
    found = [p for p in matches if p.is_file() and input_format(p)]
    for folder in (p for p in matches if p.is_dir()):
        found.extend(_walk(folder))
    return found, (None if found else Skip(pattern, _STAGE, "no input files match this pattern"))


def _walk(folder: Path) -> list[Path]:
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root, n) for n in sorted(names) if not n.startswith(".") and input_format(Path(n)))
    return found


def read_input(path: Path, settings: IngestSettings) -> Iterator[RawArticle | Skip]:
    """Read one input file, yielding its articles and its problems."""
    source = str(path)
    fmt = input_format(path)
    if fmt is None:
        yield Skip(source, _STAGE, f"unsupported file type {''.join(path.suffixes) or '(no extension)'}")
        return
    problem = _check_file(path, settings)
    if problem:
        yield Skip(source, _STAGE, problem)
        return
    yield from _READERS[fmt](path, settings)


def _check_file(path: Path, settings: IngestSettings) -> str | None:
    if not path.exists():
        return "no such file" + (" (broken symbolic link)" if path.is_symlink() else "")
    if not path.is_file():
        return "not a regular file"
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        return f"file is {size:,} bytes, over the {settings.max_file_bytes:,}-byte cap (ingest.max_file_bytes)"
    if not os.access(path, os.R_OK):
        return "permission denied"
    return None


def _open(path: Path) -> IO[bytes]:
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")
    return path.open("rb")


def _read_all(path: Path, settings: IngestSettings) -> bytes:
    """The whole (decompressed) file, bounded by the size cap."""
    try:
        with _open(path) as fh:
            data = fh.read(settings.max_file_bytes + 1)
    except _GZIP_ERRORS as e:
        raise IngestError(f"truncated or corrupt gzip ({e})") from e
    except OSError as e:
        raise IngestError(f"cannot read: {e.strerror or e}") from e
    if len(data) > settings.max_file_bytes:
        raise IngestError(f"decompressed size over the {settings.max_file_bytes:,}-byte cap (ingest.max_file_bytes)")
    return data


def _read_text(path: Path, settings: IngestSettings) -> Iterator[RawArticle | Skip]:
    try:
        text, encoding = decode_bytes(_read_all(path, settings))
    except IngestError as e:
        yield Skip(str(path), _STAGE, str(e))
        return
    yield RawArticle(source=str(path), text=text, encoding=encoding)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first few kilobytes, if any."""
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii") if match else None


def _read_html(path: Path, settings: IngestSettings) -> Iterator[RawArticle | Skip]:
    try:
        data = _read_all(path, settings)
        html, encoding = decode_bytes(data, declared=declared_charset(data))
    except IngestError as e:
        yield Skip(str(path), _STAGE, str(e))
        return
    yield RawArticle(source=str(path), html=html, encoding=encoding)


def _read_jsonl(path: Path, settings: IngestSettings) -> Iterator[RawArticle | Skip]:
    lineno = 0
    seen_any = False
    try:
        with _open(path) as fh:
            for lineno, line in enumerate(fh, start=1):
                if line.strip():
                    seen_any = True
                    yield _json_record(line, f"{path}#L{lineno}", settings)
    except _GZIP_ERRORS as e:
        yield Skip(str(path), _STAGE, f"truncated or corrupt gzip after line {lineno} ({e})")
        return
    except OSError as e:
        yield Skip(str(path), _STAGE, f"cannot read: {e.strerror or e}")
        return
    if not seen_any:
        yield Skip(str(path), _STAGE, "empty file")


def _json_record(line: bytes, source: str, settings: IngestSettings) -> RawArticle | Skip:
    if len(line) > settings.max_file_bytes:
        return Skip(source, _STAGE, "line over the size cap (ingest.max_file_bytes)")
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as e:
        return Skip(source, _STAGE, f"invalid UTF-8 at byte {e.start} of the line")
    except json.JSONDecodeError as e:
        return Skip(source, _STAGE, f"malformed JSON ({e.msg} at column {e.colno})")
    if not isinstance(record, dict):
        return Skip(source, _STAGE, f"expected a JSON object, got {type(record).__name__}")
    return _article_from_json(record, source)


def _article_from_json(record: dict[str, Any], source: str) -> RawArticle | Skip:
    text, html = record.get("text"), record.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        return Skip(source, _STAGE, "no non-empty 'text' or 'html' field")
    fields = {name: _json_str(record, name) for name in _JSON_FIELDS}
    fields["published"] = fields["published"] or _json_str(record, "date")
    fields["author"] = fields["author"] or _json_str(record, "authors")
    use_text = isinstance(text, str) and bool(text.strip())
    return RawArticle(
        source=source,
        text=text if use_text else None,
        html=None if use_text else html,
        encoding="utf-8",
        **fields,
    )


def _json_str(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if isinstance(value, list):
        value = ", ".join(str(v).strip() for v in value if isinstance(v, str | int | float) and str(v).strip())
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return value.strip() or None if isinstance(value, str) else None


def _read_warc(path: Path, settings: IngestSettings) -> Iterator[RawArticle | Skip]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    try:
        with path.open("rb") as fh:
            for count, record in enumerate(ArchiveIterator(fh), start=1):
                article = _warc_article(record, f"{path}#record-{count}", settings)
                if article is not None:
                    yield article
    except (ArchiveLoadFailed, _TruncatedRecord, *_GZIP_ERRORS, ValueError) as e:
        yield Skip(str(path), _STAGE, f"truncated or corrupt WARC at record {count} ({first_line(e, limit=200)})")
        return
    if count == 0:
        yield Skip(str(path), _STAGE, "empty WARC (no records)")


class _TruncatedRecord(Exception):
    """A WARC record ended before its declared length."""


def _warc_article(record: Any, source: str, settings: IngestSettings) -> RawArticle | Skip | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if "html" not in content_type:
        return None
    data = record.content_stream().read(settings.max_file_bytes + 1)
    if len(data) > settings.max_file_bytes:
        return Skip(source, _STAGE, "record payload over the size cap (ingest.max_file_bytes)")
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise _TruncatedRecord(f"record is {record.raw_stream.limit:,} bytes short")
    declared = content_type.partition("charset=")[2].strip(" ;\"'") or declared_charset(data)
    try:
        html, encoding = decode_bytes(data, declared=declared)
    except IngestError as e:
        return Skip(source, _STAGE, str(e))
    url = record.rec_headers.get_header("WARC-Target-URI")
    return RawArticle(source=source, html=html, url=url, encoding=encoding)



_READERS = {"text": _read_text, "html": _read_html, "jsonl": _read_jsonl, "warc": _read_warc}
