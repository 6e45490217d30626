"""Reading gold files: JSON Lines with a clear one-line error naming the file and line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsprism.errors import ParseError


def read_gold_jsonl(
    path: Path, *, required: Sequence[str] = (), limit: int | None = None, readme: str | None = None
) -> list[dict[str, Any]]:
    """The records of a JSON Lines gold file (the first ``limit`` ones).

    Raises:
        ParseError: the file is missing, a line is not a JSON object, or it lacks a required key.
    """
    if not path.is_file():
        raise ParseError(f"[E501] gold file {path} not found; pass --gold FILE")
    hint = f"; see {readme}" if readme else ""
    records: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            if limit is not None and len(records) >= limit:
                break
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise ParseError(f"[E110] {path}:{number}: malformed JSON ({e.msg}){hint}") from e
            missing = [key for key in required if not isinstance(record, dict) or key not in record]
            if missing:
                raise ParseError(f"[E111] {path}:{number} lacks {', '.join(repr(k) for k in missing)}{hint}")
            records.append(record)
    return records
