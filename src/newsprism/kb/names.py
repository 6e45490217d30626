"""Whether two written names can be one person's: the family name and the given names compared word
by word, under transliteration (Omar / Umar, Binyamin / Benjamin), with the name order of the
person's state. Shared by the knowledge-base build (``scripts/build_kb.py``: merging records of one
person, joining Phoenix spellings) and the actor resolver (garbled spellings of office holders).
Pure functions over strings; docs: docs/knowledge-base.md ("Listed persons")."""

from __future__ import annotations

import difflib
import re
import unicodedata

FAMILY_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "VNM"})  # Chinese, Korean, Vietnamese order
ARABIC_ARTICLE = re.compile(r"\b(al|el|ul)[-\s]", re.I)  # 'al-BASHIR' is also 'al Bashir', 'El Bashir', 'Bashir'
_PARTICLES = frozenset({"al", "el", "ul", "bint", "ould", "jr", "sr", "ii", "iii",
                        "de", "da", "dos", "do", "van", "von", "der"})
_PATRONYMIC = frozenset({"bin", "ibn", "ben"})  # the next word is the father's name, marked '^' among the given names
_SKELETON = str.maketrans({"y": "i", "e": "i", "o": "u", "w": "u", "j": "i", "q": "k", "c": "k"})


def name_key(text: str) -> str:
    """Loose key for matching one person's name across sources (case, accents, hyphens, 'Jr.', 'Gen.')."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r",?\s*\b(jr|sr|gen|dr|sir|dame|sheikh|lt|col|maj|adm)\b\.?", " ", text)
    return re.sub(r"[^a-z0-9]", "", text)


def family_and_given(name: str, country: str | None = None) -> tuple[str, tuple[str, ...]]:
    """The name key of the family name (the last word, or the first in Chinese, Korean and Vietnamese
    names; an Arabic article and 'Jr.' left out: 'al-BASHIR' and 'al Bashir' are 'bashir') and the
    keys of the given names, a father's name after 'bin' / 'ibn' marked '^'."""
    words, father = [], False
    for word in re.split(r"[\s,]+", ARABIC_ARTICLE.sub(r"\1 ", name)):
        key = name_key(word)
        if key in _PATRONYMIC:
            father = True
        elif key and key not in _PARTICLES:
            words.append("^" + key if father else key)
            father = False
    if len(words) < 2:
        return "", ()
    if country in FAMILY_FIRST:
        return words[0].lstrip("^"), tuple(words[1:])
    return words[-1].lstrip("^"), tuple(words[:-1])


def alike(a: str, b: str) -> bool:
    """Two spellings of one given name: 'Omar' / 'Umar', 'Binyamin' / 'Benjamin', 'Sergei' / 'Sergey',
    'Andonios' / 'Antonis'; not 'Khalid' / 'Khalifa', 'Salman' / 'Sultan', 'Birendra' / 'Dipendra',
    'Amata' / 'Imata'."""
    a, b = a.lstrip("^"), b.lstrip("^")

    def skeleton(x: str) -> str:
        return re.sub(r"(.)\1+", r"\1", x.replace("h", "").translate(_SKELETON))

    return skeleton(a) == skeleton(b) or (a[:1] == b[:1] and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8)


def like_given(a: tuple[str, ...], b: tuple[str, ...], country: str | None = None) -> bool:
    """Given names of one person: the first ones alike, the fathers' names (after 'bin') alike where
    both give one, and each word of the shorter list like one of the longer's ('Umar' / 'Omar Hassan
    Ahmad'; 'Stephen' / 'Stephen Joseph'; not 'Abdallah bin Nasir bin Khalifa' / 'Abdullah ibn
    Khalifah'). An initial only one of them has tells them apart ('George Bush' / 'George W. Bush').
    Chinese, Korean and Vietnamese given names are syllables that differ by one letter between
    persons ('Kim Jong Pil', 'Kim Jong Min'): they must be the same."""
    if country in FAMILY_FIRST:
        return "".join(a) == "".join(b)
    if not a or not b or {w for w in a if len(w) == 1} ^ {w for w in b if len(w) == 1}:
        return False
    if not alike(a[0], b[0]):
        return False
    fathers = [w for w in a if w.startswith("^")][:1], [w for w in b if w.startswith("^")][:1]
    if all(fathers) and not alike(fathers[0][0], fathers[1][0]):
        return False
    short, long_ = sorted((a, b), key=len)
    return all(any(alike(w, v) for v in long_) for w in short)
