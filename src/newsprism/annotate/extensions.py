"""What newsprism keeps on a spaCy ``Doc`` besides spaCy's own annotations (``doc.user_data`` keys)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

TEXT_KEY = "newsprism.text"  # the document text, set when the Doc is made from a known string


def doc_text(doc: Doc) -> str:
    """``doc.text`` without rebuilding it: spaCy joins every token on each access (milliseconds per article)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text
