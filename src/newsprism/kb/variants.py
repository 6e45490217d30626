"""Name variants by rule: romanizations of Korean, Han-character and Cyrillic names, and the
reverse "syllable" match from a mention to a romanized knowledge-base name.

Nothing here lists any person's aliases. Variants come from:

- ``_romanization.toml``: spelling rules (Korean jamo and per-syllable conventions, pinyin ->
  Wade-Giles, Hepburn long vowels, Cyrillic transliteration systems).
- ``data/han_readings.tsv.gz``: per Han character its Hangul, Mandarin (pypinyin data),
  Japanese on'yomi readings, simplified/traditional forms and surname romanizations; built by
  ``scripts/build_readings.py``.
- ``data/cyrillic_pairs.tsv.gz``: Ukrainian/Russian/Belarusian spellings of one name part
  (Wikidata via OpenSanctions rigour).

Matching keys come from :func:`normalize_name`. See ``docs/name-variants.md``.
"""

from __future__ import annotations

import gzip
import itertools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

__all__ = [
    "HanChar",
    "NameIndex",
    "ReadingIndex",
    "cyrillic_variants",
    "han_name_variants",
    "han_readings",
    "hepburn_variants",
    "mixed_reading_match",
    "name_variants",
    "normalize_name",
    "pinyin_to_wade_giles",
    "reading_index",
    "romanize_korean",
    "segment_pinyin",
    "syllable_match",
]

Lang = Literal["ko", "ja", "zh"]

_HANGUL_BASE, _HANGUL_LAST = 0xAC00, 0xD7A3
_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"})
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.,·・/]+")
_APOSTROPHES = re.compile(r"['’‘ʼʻ`´ʹʺ\"]")
_CYRILLIC_VOWELS = set("аеёиоуыэюяієї")
_PATRONYMIC = re.compile(r"(ович|евич|йович|ьович|ич|овна|евна|ївна|івна|ична|инична)$")


# --------------------------------------------------------------------------- normalization


def normalize_name(s: str) -> str:
    """Fold a name to its matching key.

    NFKC, lower case, Latin diacritics removed (ō -> o, š -> s; Hangul, kana and Cyrillic
    letters are kept as they are, except ё -> е), apostrophes dropped (Wade-Giles ``p'ing``),
    hyphens, dots and other separators turned into one space. Word boundaries are kept because
    order matters (family/given); compare ``key.replace(" ", "")`` to ignore them too.
    Idempotent: ``normalize_name(normalize_name(s)) == normalize_name(s)``.
    """
    text = unicodedata.normalize("NFKC", s).casefold()
    text = _APOSTROPHES.sub("", text)
    text = "".join(_fold_char(c) for c in text).translate(_FOLD)
    return _SEPARATORS.sub(" ", text).strip()


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char == "ё":
        return "е"
    if ord(char) < 0x250 or 0x1E00 <= ord(char) <= 0x1EFF:
        decomposed = unicodedata.normalize("NFD", char)
        return "".join(c for c in decomposed if not unicodedata.combining(c))
    if unicodedata.category(char) == "Mn" and not _keeps_marks(char):
        return ""
    return char


def _keeps_marks(mark: str) -> bool:
    """Combining marks that belong to the letter in kana (dakuten) and Cyrillic (й)."""
    return mark in "\u3099\u309a\u0306"


def _compact(s: str) -> str:
    return normalize_name(s).replace(" ", "")


# --------------------------------------------------------------------------- data loading


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    text = resources.files("newsprism.kb").joinpath("_romanization.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True, slots=True)
class HanChar:
    """One row of the shipped readings table."""

    char: str
    hangul: tuple[str, ...]
    pinyin: tuple[str, ...]
    ja_on: tuple[str, ...]
    variants: str
    latin: tuple[str, ...]
    surname: str
    named: bool


def _read_gz_tsv(name: str) -> list[list[str]]:
    raw = resources.files("newsprism.kb").joinpath("data", name).read_bytes()
    lines = gzip.decompress(raw).decode("utf-8").splitlines()
    return [line.split("\t") for line in lines[1:]]


def _tuple(value: str) -> tuple[str, ...]:
    return tuple(part for part in value.split(",") if part)


@lru_cache(maxsize=1)
def _han_table() -> dict[str, HanChar]:
    table = {}
    for char, hangul, pinyin, ja_on, variants, latin, surname, named in _read_gz_tsv("han_readings.tsv.gz"):
        table[char] = HanChar(
            char, _tuple(hangul), _tuple(pinyin), _tuple(ja_on), variants, _tuple(latin), surname, named == "1"
        )
    return table


@lru_cache(maxsize=1)
def _cyrillic_pairs() -> dict[str, tuple[str, ...]]:
    pairs: dict[str, list[str]] = {}
    for first, second in _read_gz_tsv("cyrillic_pairs.tsv.gz"):
        pairs.setdefault(first, []).append(second)
        pairs.setdefault(second, []).append(first)
    return {form: tuple(others) for form, others in pairs.items()}


def _is_hangul(text: str) -> bool:
    return any(_HANGUL_BASE <= ord(c) <= _HANGUL_LAST for c in text)


def _is_han(char: str) -> bool:
    cp = ord(char)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x2FFFF


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


# --------------------------------------------------------------------------- Korean


def _jamo(syllable: str) -> tuple[int, int, int]:
    index = ord(syllable) - _HANGUL_BASE
    return index // 588, (index % 588) // 28, index % 28


def _compose(initial: int, medial: int, final: int) -> str:
    return chr(_HANGUL_BASE + initial * 588 + medial * 28 + final)


@lru_cache(maxsize=8192)
def _syllable_spellings(syllable: str, *, family: bool = False) -> tuple[str, ...]:
    """All per-syllable spellings (RR, MR, Western), most standard first: 석 -> seok, sok, suk.

    The per-syllable conventions of the rules file come first in a family name (박 -> Park),
    last elsewhere (명박 -> Myeong-bak before Myeong-park).
    """
    rules = _rules()["korean"]
    initial, medial, final = _jamo(syllable)
    conventions = list(rules["syllables"].get(syllable, ()))
    spellings = list(conventions) if family else []
    for ini, med, fin in itertools.product(
        rules["initials"][initial], rules["medials"][medial], rules["finals"][final]
    ):
        spellings.append(ini + med + fin)
        if initial == 9 and med[0] in rules["sh_before"]:  # ㅅ
            spellings.append("sh" + med.removeprefix("y") + fin)
        if final == 0 and med in rules["open_vowel_extra"]:
            spellings.extend(ini + extra for extra in rules["open_vowel_extra"][med])
    return tuple(dict.fromkeys(spellings + conventions))


def _initial_sound_law(syllable: str) -> tuple[str, ...]:
    """The syllable plus its dueum-beopchik form: 리 -> 이, 로 -> 노, 녀 -> 여."""
    initial, medial, final = _jamo(syllable)
    iotized = medial in (2, 3, 6, 7, 12, 17, 20)  # ㅑㅒㅕㅖㅛㅠㅣ
    if initial == 5:  # ㄹ
        return (syllable, _compose(11 if iotized else 2, medial, final))
    if initial == 2 and iotized:  # ㄴ
        return (syllable, _compose(11, medial, final))
    return (syllable,)


def _split_family(hangul: str) -> tuple[str, str]:
    parts = hangul.split()
    if len(parts) >= 2:
        return parts[0], "".join(parts[1:])
    doubles = _rules()["korean"]["surnames"]["double"]
    n = 2 if len(hangul) >= 3 and hangul[:2] in doubles else 1
    return hangul[:n], hangul[n:]


def _given_forms(syllables: Sequence[str]) -> Iterator[str]:
    """ "suk", "yeol" -> "Suk-yeol", "Suk Yeol", "Sukyeol"."""
    if not syllables:
        return
    yield "-".join(syllables).capitalize()
    yield " ".join(s.capitalize() for s in syllables)
    yield "".join(syllables).capitalize()


def _assimilated(given: str) -> list[str]:
    """Given name with sound changes between syllables (liaison, nasalization, lateralization),
    spelt in RR and MR without hyphens: 석열 -> Seogyeol / Sogyol."""
    jamo = [list(_jamo(s)) for s in given]
    for left, right in itertools.pairwise(jamo):
        _assimilate(left, right)
    forms = []
    for system in (0, 1):
        rules = _rules()["korean"]
        parts = []
        for ini, med, fin in jamo:
            pick = (rules["initials"][ini], rules["medials"][med], rules["finals"][fin])
            parts.append("".join(alts[min(system, len(alts) - 1)] for alts in pick))
        forms.append("".join(parts).capitalize())
    return forms


_NASAL_OF = {1: 21, 2: 21, 24: 21, 7: 4, 19: 4, 20: 4, 22: 4, 23: 4, 25: 4, 27: 4, 17: 16, 26: 16}
_LIAISON = {1: 0, 2: 1, 4: 2, 7: 3, 8: 5, 16: 6, 17: 7, 19: 9, 20: 10, 22: 12, 23: 14, 24: 15, 25: 16, 26: 17}


def _assimilate(left: list[int], right: list[int]) -> None:
    final, initial = left[2], right[0]
    if final == 0:
        return
    if initial == 11 and final in _LIAISON:  # coda moves onto a vowel-initial syllable
        left[2], right[0] = 0, _LIAISON[final]
    elif initial == 5 and final in (4, 8):  # ㄴ/ㄹ + ㄹ -> ㄹㄹ
        left[2] = 8
    elif initial == 5:  # ㄹ -> ㄴ after other codas, which then nasalize
        right[0] = 2
        left[2] = _NASAL_OF.get(final, final)
    elif initial in (2, 6):  # ㄴ ㅁ nasalize the coda
        left[2] = _NASAL_OF.get(final, final)
    elif initial == 2 and final == 8:
        right[0] = 5


def romanize_korean(hangul: str) -> list[str]:
    """All rule spellings of a Korean full name written in Hangul, family name first.

    Per syllable: Revised Romanization, McCune-Reischauer (breves dropped) and common Western
    spellings (``윤 -> Yun/Yoon``, ``석 -> Seok/Sok/Suk``, ``열 -> Yeol/Yol/Yul``); the given name
    hyphenated, spaced and joined, plus a sound-changed joined form; family-first and
    given-first orders. Two-syllable surnames (남궁, 제갈...) are kept together; a space in the
    input marks the split explicitly.

    Args:
        hangul: the name in Hangul syllables, e.g. ``"윤석열"``.

    Returns:
        Display strings, most standard first (``"Yun Seok-yeol"`` ... ``"Yoon Suk-yeol"``).
    """
    family, given = _split_family(hangul.strip())
    family_syllables = [_syllable_spellings(s, family=True) for s in family]
    family_spellings = ["".join(p).capitalize() for p in itertools.product(*family_syllables)]
    given_spellings = list(itertools.product(*map(_syllable_spellings, given)))
    given_forms = [form for syllables in given_spellings for form in _given_forms(syllables)]
    if len(given) > 1:
        given_forms += _assimilated(given)
    if not given:
        return family_spellings
    out = [f"{fam} {giv}" for fam in family_spellings for giv in given_forms]
    out += [f"{giv} {fam}" for fam in family_spellings for giv in given_forms]
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------- Mandarin, Wade-Giles


@lru_cache(maxsize=4096)
def pinyin_to_wade_giles(syllable: str) -> str:
    """Toneless pinyin syllable -> Wade-Giles (``xi -> hsi``, ``ping -> p'ing``, ``qiang -> ch'iang``)."""
    rules = _rules()["wade_giles"]
    syllable = syllable.lower().replace("ü", "v")
    if syllable in rules["whole"]:
        return str(rules["whole"][syllable])
    initial = next((i for i in _rules()["pinyin"]["initials"] if syllable.startswith(i)), "")
    final = syllable[len(initial) :]
    if initial in ("y", "w"):
        return syllable.replace("v", "ü")
    finals = rules["finals"]
    if initial in ("j", "q", "x"):
        finals = {**finals, **rules["finals_after_jqx"]}
    return str(rules["initials"].get(initial, initial)) + str(finals.get(final, final)).replace("v", "ü")


def _pinyin_forms(syllable: str) -> tuple[str, ...]:
    """Toneless pinyin with the spellings of ü: lv -> lv, lu, lyu, lü."""
    if "v" not in syllable:
        return (syllable,)
    return (syllable, syllable.replace("v", "u"), syllable.replace("v", "yu"), syllable.replace("v", "ü"))


def han_readings(hanzi: str) -> dict[str, list[tuple[str, ...]]]:
    """Readings of a name written in Han characters, one tuple of alternatives per character.

    Args:
        hanzi: the name (Hanja, Kanji or Hanzi, simplified or traditional).

    Returns:
        ``{"mandarin": [...], "wade_giles": [...], "korean": [...], "japanese_on": [...]}``; each
        a list with one tuple per character, most common reading first. ``korean`` holds Hangul
        syllables (with the initial-sound-law forms: 李 -> 리, 이), ``japanese_on`` lowercase
        Hepburn-like on'yomi. A character missing from the table gets an empty tuple.
    """
    table = _han_table()
    out: dict[str, list[tuple[str, ...]]] = {"mandarin": [], "wade_giles": [], "korean": [], "japanese_on": []}
    for char in unicodedata.normalize("NFKC", hanzi.replace(" ", "")):
        row = table.get(char)
        mandarin = row.pinyin if row else ()
        out["mandarin"].append(mandarin)
        out["wade_giles"].append(tuple(dict.fromkeys(pinyin_to_wade_giles(p) for p in mandarin)))
        hangul = [alt for h in (row.hangul if row else ()) for alt in _initial_sound_law(h)]
        out["korean"].append(tuple(dict.fromkeys(hangul)))
        out["japanese_on"].append(row.ja_on if row else ())
    return out


def _join_name(family: Sequence[str], given: Sequence[str], *, wade_giles: bool = False) -> list[str]:
    """Family/given syllables -> "Xi Jinping", "Xi Jin-ping", "Xi Jin Ping", "Jinping Xi"."""
    fam = "".join(family).capitalize()
    if not given:
        return [fam]
    joined = "".join(given).capitalize()
    if wade_giles:
        joined = "-".join(given).capitalize()
    forms = [f"{fam} {joined}", f"{fam} {'-'.join(given).capitalize()}", f"{fam} {''.join(given).capitalize()}"]
    forms.append(" ".join(s.capitalize() for s in (*family, *given)))
    forms.append(f"{''.join(given).capitalize()} {fam}")
    return forms


def _primary_mandarin(hanzi: str, family_len: int) -> list[list[str]]:
    """Per character the readings to spell: the most common reading, and for family characters
    also the surname reading (曾 -> zeng as well as ceng). Other heteronyms are left to the
    reverse match, which knows them all."""
    table = _han_table()
    readings = []
    for i, char in enumerate(unicodedata.normalize("NFKC", hanzi)):
        row = table.get(char)
        options = list(row.pinyin[:1]) if row else []
        if row and i < family_len and row.surname:
            options = list(dict.fromkeys([row.surname, *options]))
        readings.append(options)
    return readings


def _mandarin_names(hanzi: str, family_len: int) -> list[str]:
    out: list[str] = []
    per_char = _primary_mandarin(hanzi, family_len)
    if not all(per_char):
        return out
    for combo in itertools.islice(itertools.product(*per_char), 16):
        for spelled in itertools.product(*map(_pinyin_forms, combo)):
            out += _join_name(spelled[:family_len], spelled[family_len:])
        wade = [pinyin_to_wade_giles(s) for s in combo]
        out += _join_name(wade[:family_len], wade[family_len:], wade_giles=True)
    return out


def _korean_hangul_names(hanzi: str, family_len: int) -> list[str]:
    korean = han_readings(hanzi)["korean"]
    if not all(korean):
        return []
    names = ["".join(combo) for combo in itertools.islice(itertools.product(*korean), 8)]
    return [f"{name[:family_len]} {name[family_len:]}" for name in names]


def han_name_variants(hanzi: str, *, family_len: int = 1, lang: Lang = "zh") -> list[str]:
    """Romanizations of a name in Han characters.

    All languages get the Mandarin reading (pinyin, spaced and joined, and Wade-Giles): that
    is how Chinese-language sources, and machine translations of them, write any such name
    (尹錫悅 -> "Yin Xiyue", 安倍晋三 -> "An Bei Jin San"). ``lang="ko"`` adds the Korean
    reading romanized by :func:`romanize_korean`; ``lang="ja"`` adds the on'yomi reading in
    Hepburn variants, a fallback only (real given names are mostly kun'yomi: store the
    romanized name too and let :func:`name_variants` mix them).

    Args:
        hanzi: the name, family name first.
        family_len: number of characters of the family name.
        lang: the name's own language.
    """
    hanzi = unicodedata.normalize("NFKC", hanzi.replace(" ", ""))
    out = _mandarin_names(hanzi, family_len)
    if lang == "ko":
        for hangul in _korean_hangul_names(hanzi, family_len):
            out += romanize_korean(hangul)
    if lang == "ja":
        on = han_readings(hanzi)["japanese_on"]
        if all(on):
            syllables = [reading[0] for reading in on]
            out += _join_name(syllables[:family_len], syllables[family_len:])
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------- Japanese


def hepburn_variants(romaji: str) -> list[str]:
    """Long-vowel spellings of a Hepburn name: Shinzō -> Shinzō, Shinzo, Shinzou, Shinzoo, Shinzoh.

    Wāpuro ``ou``/``oo``/``uu`` and ``oh`` before a consonant are read as long vowels first
    (Shinzou, Ohno), so any spelling yields the same set.
    """
    marked = _mark_long_vowels(unicodedata.normalize("NFC", romaji))
    table = _rules()["japanese"]["long_vowels"]
    pieces = [_long_vowel_spellings(c, table) for c in marked]
    return list(dict.fromkeys("".join(combo) for combo in itertools.islice(itertools.product(*pieces), 256)))


def _long_vowel_spellings(char: str, table: dict[str, list[str]]) -> tuple[str, ...]:
    spellings = table.get(char.lower())
    if spellings is None:
        return (char,)
    if char.isupper():
        return (char, *(s.capitalize() for s in spellings))
    return (char, *spellings)


_LONG_O = re.compile(r"(?:(?<=[^aeiou\W])|\b)(ou|oo|oh(?=[^aeiouy\W]|$))(?![aeiou])", re.IGNORECASE)
_LONG_U = re.compile(r"(?<=[^aeiou\W])uu(?![aeiou])", re.IGNORECASE)


def _mark_long_vowels(romaji: str) -> str:
    text = _LONG_O.sub(lambda m: "Ō" if m.group(0)[0].isupper() else "ō", romaji)
    text = _LONG_U.sub("ū", text)
    return text


# --------------------------------------------------------------------------- Cyrillic


@lru_cache(maxsize=32)
def _cyrillic_system(name: str) -> dict[str, dict[str, str]]:
    spec = _rules()["cyrillic"][name]
    base = _cyrillic_system(spec["base"]) if "base" in spec else {}
    merged = {}
    for part in ("letters", "initial", "word_initial", "endings"):
        merged[part] = {**base.get(part, {}), **spec.get(part, {})}
    return merged


_RUSSIAN_SYSTEMS = ("iso9", "scientific", "bgn_pcgn", "gost_b", "english", "german", "french")
_UKRAINIAN_SYSTEMS = ("scientific_uk", "bgn_pcgn_uk", "ukrainian_national", "english_uk", "german_uk")


def _transliterate_word(word: str, system: str) -> str:
    spec = _cyrillic_system(system)
    lower = word.lower()
    ending = ""
    for suffix, latin in sorted(spec["endings"].items(), key=lambda kv: -len(kv[0])):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 1:
            lower, ending = lower[: -len(suffix)], latin
            break
    out = []
    for i, char in enumerate(lower):
        after_vowel = i == 0 or lower[i - 1] in _CYRILLIC_VOWELS or lower[i - 1] in "ьъ'’"
        if i == 0 and char in spec["word_initial"]:
            out.append(spec["word_initial"][char])
        elif after_vowel and char in spec["initial"]:
            out.append(spec["initial"][char])
        else:
            out.append(spec["letters"].get(char, char))
    return ("".join(out) + ending).capitalize()


def _is_ukrainian(text: str) -> bool:
    """Ukrainian letters, or the Ukrainian adjective ending -ський/-цький/-зький."""
    return any(c in "іїєґІЇЄҐ" for c in text) or bool(re.search("[сцз]ьк", text.lower()))


def _russian_forms(word: str) -> list[str]:
    """Other Cyrillic spellings of one name part: the Ukrainian -> Russian rule form
    (Зеленський -> Зеленский) and the Wikidata pairs (Володимир <-> Владимир)."""
    lower = word.lower()
    forms = [lower]
    if _is_ukrainian(lower):
        spec = _rules()["cyrillic"]["uk_to_ru"]
        converted = lower
        for suffix, russian in sorted(spec["endings"].items(), key=lambda kv: -len(kv[0])):
            if converted.endswith(suffix):
                converted = converted[: -len(suffix)] + russian
                break
        forms.append("".join(spec["letters"].get(c, c) for c in converted))
    for form in list(forms):
        forms += _cyrillic_pairs().get(form, ())
    return list(dict.fromkeys(forms))


def _word_forms(word: str) -> list[str]:
    return _russian_forms(word)[:3]


def cyrillic_variants(name: str, *, lang: str | None = None) -> list[str]:
    """Latin spellings of a Russian/Ukrainian/Belarusian name, and its other Cyrillic forms.

    Systems: ISO 9, scientific, BGN/PCGN, GOST 7.79 B, common English, German, French, and
    for Ukrainian names the Ukrainian national system, BGN/PCGN Ukrainian and the Ukrainian
    English/German habits (Zelenskyy, Selenskyj). Each name part is also spelt in its Russian
    (or Ukrainian, Belarusian) form where a rule or the Wikidata pairs give one; one system
    spells the whole name. With a patronymic (three parts), the two-part form without it is
    added.

    Args:
        name: the name in Cyrillic, in any order.
        lang: ``"uk"`` to use the Ukrainian systems even without Ukrainian letters.
    """
    words = name.split()
    ukrainian = lang == "uk" or _is_ukrainian(name)
    names = [words]
    if len(words) == 3 and _PATRONYMIC.search(words[1].lower()):
        names.append([words[0], words[2]])
    if len(words) == 3 and _PATRONYMIC.search(words[2].lower()):
        names.append([words[1], words[0]])
    out: list[str] = []
    for parts in names:
        original = tuple(p.lower() for p in parts)
        for forms in itertools.islice(itertools.product(*map(_word_forms, parts)), 27):
            as_ukrainian = (ukrainian and forms == original) or _is_ukrainian(" ".join(forms))
            systems = _RUSSIAN_SYSTEMS + (_UKRAINIAN_SYSTEMS if as_ukrainian else ())
            out += [" ".join(_transliterate_word(f, system) for f in forms) for system in systems]
            out.append(" ".join(f.capitalize() for f in forms))
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------- all variants of an actor


def name_variants(native_names: dict[str, list[str]], english_names: list[str]) -> set[str]:
    """Every rule variant of one actor's names.

    Args:
        native_names: language code -> names in that language's script, e.g.
            ``{"ko": ["윤석열"], "ko-Hani": ["尹錫悅"], "ja": ["岸田文雄"], "uk": ["Володимир Зеленський"]}``.
            The script of each string decides the rules; the code's language part tells
            Korean (``ko``), Japanese (``ja``) and Chinese (anything else) Han names apart.
        english_names: romanized names (``"Kishida Fumio"``, ``"Fumio Kishida"``); they are kept,
            given Hepburn long-vowel variants, and for Han-script names mixed with the
            Mandarin reading of the given name (``"Kishida Wenxiong"``).

    Returns:
        Display strings; fold them with :func:`normalize_name` for lookup.
    """
    out: set[str] = set(english_names)
    for name in english_names:
        out.update(hepburn_variants(name))
    for code, names in native_names.items():
        lang = code.split("-")[0].lower()
        for name in names:
            out.update(_native_variants(name, lang, english_names))
    return out


def _native_variants(name: str, lang: str, english_names: list[str]) -> list[str]:
    compact = name.replace(" ", "")
    if _is_hangul(name):
        return romanize_korean(name)
    if compact and all(_is_han(c) for c in compact):
        han_lang: Lang = "ko" if lang == "ko" else "ja" if lang == "ja" else "zh"
        out = []
        for family_len in _family_lengths(compact, han_lang):
            out += han_name_variants(compact, family_len=family_len, lang=han_lang)
            out += _mixed_variants(compact, family_len, english_names)
        return out
    if _is_cyrillic(name):
        return cyrillic_variants(name, lang=lang)
    return [name]


def _family_lengths(hanzi: str, lang: Lang) -> range:
    if lang == "ja":
        return range(1, max(2, len(hanzi)))
    if lang == "ko":
        hangul = "".join(r[0] for r in han_readings(hanzi[:2])["korean"] if r)
        return range(2, 3) if _split_family(hangul + "가")[0] == hangul and len(hangul) == 2 else range(1, 2)
    return range(1, 2)


def _mixed_variants(hanzi: str, family_len: int, english_names: list[str]) -> list[str]:
    """Romanized family + Mandarin given name, and Mandarin family + romanized given name."""
    mandarin = [r[0] for r in _primary_mandarin(hanzi, family_len) if r]
    if len(mandarin) != len(hanzi):
        return []
    fam_zh, given_zh = "".join(mandarin[:family_len]).capitalize(), "".join(mandarin[family_len:]).capitalize()
    out = []
    for english in english_names:
        words = english.split()
        if len(words) != 2:
            continue
        for family, given in (words, words[::-1]):
            out += [f"{family} {given_zh}", f"{fam_zh} {given}", f"{given_zh} {family}", f"{given} {fam_zh}"]
    return out


# --------------------------------------------------------------------------- reverse match


@dataclass(frozen=True, slots=True)
class ReadingIndex:
    """Latin syllable -> bitmask of Han character classes read that way in some language.

    A class is a character with its simplified/traditional counterparts (錫 = 锡). Readings:
    Mandarin pinyin (with ü spellings) and its Wade-Giles form, Korean readings spelt by the
    Korean syllable rules, Japanese on'yomi with long-vowel spellings, and the regional
    surname romanizations of the table.
    """

    masks: dict[str, int]
    ids: dict[str, tuple[int, ...]]
    char_class: dict[str, int]
    max_len: int

    def mask(self, syllable: str) -> int:
        """Bitmask of the classes a Latin syllable can stand for (0 when unknown)."""
        return self.masks.get(syllable, 0)

    def char_mask(self, char: str) -> int:
        """Bitmask of one Han character's class (0 when unknown)."""
        cid = self.char_class.get(char)
        return 0 if cid is None else 1 << cid


def _char_classes(table: dict[str, HanChar]) -> dict[str, int]:
    parent: dict[str, str] = {c: c for c in table}

    def find(c: str) -> str:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for char, row in table.items():
        for other in row.variants:
            if other in parent:
                parent[find(other)] = find(char)
    roots = sorted({find(c) for c in table})
    number = {root: i for i, root in enumerate(roots)}
    return {c: number[find(c)] for c in table}


def _latin_readings(row: HanChar) -> set[str]:
    readings: set[str] = set()
    for pinyin in row.pinyin:
        readings.update(_pinyin_forms(pinyin))
        readings.add(pinyin_to_wade_giles(pinyin))
    for hangul in row.hangul:
        for syllable in _initial_sound_law(hangul):
            readings.update(_syllable_spellings(syllable))
    for on in row.ja_on:
        readings.update(hepburn_variants(on))
    readings.update(row.latin)
    return {_compact(r) for r in readings} - {""}


_VOWEL = re.compile("[aeiouyvü]")
_MAX_SYLLABLE = 7  # longest reading kept (pinyin "zhuang", Korean "chyeong", Wade-Giles "ch'uang")


@lru_cache(maxsize=1)
def reading_index() -> ReadingIndex:
    """Build (once) the reverse reading index from the shipped table."""
    table = _han_table()
    classes = _char_classes(table)
    members: dict[str, set[int]] = {}
    for char, row in table.items():
        for reading in _latin_readings(row):
            if len(reading) > _MAX_SYLLABLE or not _VOWEL.search(reading):
                continue
            members.setdefault(reading, set()).add(classes[char])
    masks = {reading: _bitmask(ids) for reading, ids in members.items()}
    ids = {reading: tuple(sorted(cids)) for reading, cids in members.items()}
    return ReadingIndex(masks, ids, classes, max(map(len, masks)))


def _bitmask(ids: Iterable[int]) -> int:
    sorted_ids = sorted(ids)
    buffer = bytearray(sorted_ids[-1] // 8 + 1)
    for i in sorted_ids:
        buffer[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buffer, "little")


@dataclass(frozen=True, slots=True)
class _Unit:
    """One step of a KB name: a whole word (``literals``) or one syllable (``mask``/``text``)."""

    literals: frozenset[str] = frozenset()
    mask: int = 0
    text: str = ""


def segment_pinyin(word: str, *, inventory: Iterable[str] | None = None) -> list[list[str]]:
    """All splits of a word into known syllables: ``"xiyue" -> [["xi", "yue"]]``.

    Args:
        word: a romanized word (folded with :func:`normalize_name` first).
        inventory: allowed syllables; by default every Latin reading in the readings index
            (pinyin, Wade-Giles, Korean and Japanese spellings). Pass a pinyin-only set to
            segment strictly as pinyin.
    """
    known = set(inventory) if inventory is not None else reading_index().masks.keys()
    return _segmentations(_compact(word), frozenset(known) if inventory is not None else None)


def _segmentations(word: str, known: frozenset[str] | None, limit: int = 32) -> list[list[str]]:
    index = reading_index()
    inventory = known if known is not None else index.masks
    max_len = index.max_len if known is None else max(map(len, known), default=0)
    results: list[list[str]] = []

    def walk(pos: int, acc: list[str]) -> None:
        if len(results) >= limit:
            return
        if pos == len(word):
            results.append(list(acc))
            return
        for end in range(min(len(word), pos + max_len), pos, -1):
            if word[pos:end] in inventory:
                acc.append(word[pos:end])
                walk(end, acc)
                acc.pop()

    walk(0, [])
    return results


def _literal_forms(word: str) -> frozenset[str]:
    return frozenset(_compact(v) for v in hepburn_variants(word)) | {_compact(word)}


def _word_units(word: str) -> list[tuple[_Unit, ...]]:
    """A KB word as a literal, or as its segmentations into the fewest syllables (Sukyeol ->
    suk yeol); spelt-out KB names are written syllable by syllable, not letter by letter."""
    index = reading_index()
    options: list[tuple[_Unit, ...]] = [(_Unit(literals=_literal_forms(word)),)]
    splits = _segmentations(_compact(word), None, limit=16)
    fewest = min((len(parts) for parts in splits), default=0)
    for parts in [parts for parts in splits if len(parts) == fewest][:4]:
        options.append(tuple(_Unit(mask=index.mask(p), text=p) for p in parts))
    return options


def _orders(words: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Family-first as given, and the given-first orders (first word moved last, last moved first)."""
    orders = [tuple(words)]
    if len(words) > 1:
        orders += [(*words[1:], words[0]), (words[-1], *words[:-1])]
    return list(dict.fromkeys(orders))


@lru_cache(maxsize=65536)
def _romanized_sequences(romanized: str) -> tuple[tuple[_Unit, ...], ...]:
    words = normalize_name(romanized).split()
    per_word = [tuple(_word_units(w)) for w in _original_words(romanized, words)]
    sequences = []
    for order in _orders(per_word):
        for combo in itertools.islice(itertools.product(*order), 64):
            sequences.append(tuple(unit for part in combo for unit in part))
    return tuple(dict.fromkeys(sequences))


def _original_words(romanized: str, words: list[str]) -> list[str]:
    """Words of the romanized name with macrons kept (for Hepburn literals)."""
    raw = [w for w in _SEPARATORS.split(unicodedata.normalize("NFC", romanized)) if w]
    return raw if len(raw) == len(words) else words


def _align(words: Sequence[str], units: Sequence[_Unit], index: ReadingIndex) -> bool:
    """Can the mention words be consumed, in order, by the units? (NFA over (word, offset).)"""
    states = {(0, 0)}
    for unit in units:
        following: set[tuple[int, int]] = set()
        for wi, pos in states:
            if wi == len(words):
                continue
            word = words[wi]
            if unit.literals:
                if pos == 0 and word in unit.literals:
                    following.add((wi + 1, 0))
                continue
            for end in range(pos + 1, min(len(word), pos + index.max_len) + 1):
                piece = word[pos:end]
                if piece == unit.text or index.masks.get(piece, 0) & unit.mask:
                    following.add((wi + 1, 0) if end == len(word) else (wi, end))
        if not following:
            return False
        states = following
    return (len(words), 0) in states


def _mention_words(mention: str) -> tuple[str, ...]:
    return tuple(normalize_name(mention).split())


def syllable_match(mention: str, romanized: str) -> bool:
    """Does every syllable of the mention link to the romanized KB name through Han readings?

    Each mention syllable and each KB syllable stand for the Han characters read that way in
    Mandarin, Korean or Japanese (:class:`ReadingIndex`); they link when they share one, or are
    spelt the same. Words may also match whole (``Kishida`` = ``Kishida``). Words are split into
    syllables as needed (``Xiyue`` -> ``xi yue``), and both family-first and given-first orders
    of the KB name are tried. Every syllable on both sides must be used.

    ``syllable_match("Yin Xiyue", "YOON Suk Yeol")`` is True (尹 錫 悅). Names with a common
    character reading match too: ``"Li Ming"`` vs ``"Lee Myung"`` (李 明); this is wanted, and the
    caller narrows candidates to actors plausible at the article's date.
    """
    return _match_sequences(_mention_words(mention), _romanized_sequences(romanized))


def _match_sequences(words: tuple[str, ...], sequences: Iterable[tuple[_Unit, ...]]) -> bool:
    if not words:
        return False
    index = reading_index()
    return any(_align(words, units, index) for units in sequences)


@lru_cache(maxsize=65536)
def _native_sequences(native_name: str, romanized: str) -> tuple[tuple[_Unit, ...], ...]:
    """Unit sequences mixing the native characters' readings with the romanized words."""
    index = reading_index()
    hanzi = unicodedata.normalize("NFKC", native_name.replace(" ", ""))
    chars = [_Unit(mask=index.char_mask(c), text=c) for c in hanzi]
    sequences: list[tuple[_Unit, ...]] = [tuple(chars)]
    words = [_Unit(literals=_literal_forms(w)) for w in _original_words(romanized, normalize_name(romanized).split())]
    if len(words) != 2:
        return tuple(sequences)
    for k in range(1, len(chars)):
        family_chars, given_chars = tuple(chars[:k]), tuple(chars[k:])
        for family, given in (words, words[::-1]):
            sequences += [
                (family, *given_chars),
                (*given_chars, family),
                (*family_chars, given),
                (given, *family_chars),
            ]
    return tuple(sequences)


def mixed_reading_match(mention: str, native_name: str, romanized: str) -> bool:
    """Match a mention against a name known in Han characters and romanized.

    Each part of the mention may be the romanized word itself or the reading, in any language,
    of the native characters, so ``"Kishida Wenxiong"`` (Japanese family + Mandarin given name),
    ``"An Tian Wen Xiong"`` (all Mandarin) and ``"Kishida Fumio"`` all match 岸田文雄 /
    ``"Kishida Fumio"``. Falls back to :func:`syllable_match` on the romanized name.
    """
    words = _mention_words(mention)
    return _match_sequences(words, _native_sequences(native_name, romanized)) or _match_sequences(
        words, _romanized_sequences(romanized)
    )


@dataclass(frozen=True, slots=True)
class _Entry:
    key: str
    sequences: tuple[tuple[_Unit, ...], ...]


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Prepared KB names for matching many mentions (see :func:`syllable_match`).

    Build with :meth:`build`; :meth:`match` returns the keys of all names a mention matches.
    Candidates are found through the first unit of each name (an inverted index from Han
    character class and literal word), then checked exactly.
    """

    entries: tuple[_Entry, ...]
    by_class: dict[int, tuple[int, ...]] = field(repr=False)
    by_word: dict[str, tuple[int, ...]] = field(repr=False)

    @classmethod
    def build(cls, names: Iterable[tuple[str, str] | tuple[str, str, str | None]]) -> NameIndex:
        """Index ``(key, romanized)`` or ``(key, romanized, native_name)`` tuples."""
        entries = []
        for item in names:
            key, romanized = item[0], item[1]
            native = item[2] if len(item) > 2 else None
            sequences = _romanized_sequences(romanized)
            if native:
                sequences = _native_sequences(native, romanized) + sequences
            entries.append(_Entry(key, tuple(sequences)))
        return cls._with_postings(tuple(entries))

    @classmethod
    def _with_postings(cls, entries: tuple[_Entry, ...]) -> NameIndex:
        by_class: dict[int, set[int]] = {}
        by_word: dict[str, set[int]] = {}
        for n, entry in enumerate(entries):
            for units in entry.sequences:
                first = units[0]
                for literal in first.literals | ({first.text} if first.text else set()):
                    by_word.setdefault(literal, set()).add(n)
                for cid in _bits(first.mask):
                    by_class.setdefault(cid, set()).add(n)
        return cls(
            entries,
            {k: tuple(sorted(v)) for k, v in by_class.items()},
            {k: tuple(sorted(v)) for k, v in by_word.items()},
        )

    def candidates(self, mention: str) -> set[int]:
        """Entries whose first unit can take the first syllable of a segmentation of the
        mention's first word (or the whole word)."""
        words = _mention_words(mention)
        if not words:
            return set()
        index, first = reading_index(), words[0]
        found = set(self.by_word.get(first, ()))
        starts = {parts[0] for parts in _segmentations(first, None, limit=16)}
        for syllable in starts:
            found.update(self.by_word.get(syllable, ()))
            for cid in index.ids.get(syllable, ()):
                found.update(self.by_class.get(cid, ()))
        return found

    def match(self, mention: str) -> list[str]:
        """Keys of the indexed names the mention matches."""
        words = _mention_words(mention)
        return [
            self.entries[n].key
            for n in sorted(self.candidates(mention))
            if _match_sequences(words, self.entries[n].sequences)
        ]


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low
