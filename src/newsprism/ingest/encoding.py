"""Bytes to text: the encoding is detected, never assumed."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from newsprism.errors import IngestError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_MAX_CHAOS = 0.25


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode an input's bytes, detecting the encoding.

    Order: byte-order mark; strict UTF-8; the declared charset (HTML ``<meta>`` or HTTP
    header) if it decodes cleanly; otherwise statistical detection. Damaged UTF-8 (valid
    multi-byte sequences mixed with invalid bytes) is refused rather than mis-decoded.

    Args:
        data: the raw bytes.
        declared: a charset the container declared, if any.

    Returns:
        The text and the name of the encoding used.

    Raises:
        IngestError: empty, binary, damaged UTF-8, or no encoding fits.
    """
    if not data.strip():
        raise IngestError("empty file")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _strict(data, name), name
    _refuse_binary(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    if declared and _known(declared) and not declared.lower().replace("_", "-").startswith("utf-8"):
        try:
            return data.decode(declared), declared.lower()
        except UnicodeDecodeError:
            pass
    if _UTF8_MULTIBYTE.search(data):
        raise IngestError(f"invalid UTF-8 at byte {utf8_error.start} ({utf8_error.reason})")
    return _detect(data)


def _strict(data: bytes, name: str) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError as e:
        raise IngestError(f"invalid {name} at byte {e.start} despite its byte-order mark") from e


def _refuse_binary(data: bytes) -> None:
    head = data[:65536]
    if b"\x00" in head or len(_CONTROL.findall(head)) > max(8, len(head) // 100):
        raise IngestError("binary file, not text")


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _detect(data: bytes) -> tuple[str, str]:
    best = from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS:
        raise IngestError("not valid UTF-8 and no other text encoding fits")
    return str(best), best.encoding
