"""Build the compact Han readings table shipped as ``newsprism/kb/data/han_readings.tsv.gz``.

Inputs (not shipped; see their READMEs for provenance and licences):

- ``cjk-readings/han_readings.tsv``: per Han character the Hangul reading (``hanja`` package,
  WTFPL), pypinyin readings (MIT), Unihan-derived Japanese on'yomi (via ``Unihandecode``),
  OpenCC simplified/traditional forms (Apache-2.0).
- ``cjk-readings/chinese_surname_romanizations.json``: surname romanizations per region
  (Matthewow/Chinese_surname_corpus, from zh.wikipedia, CC BY-SA).
- ``name-parts/persons.txt``: Wikidata name-part groups via OpenSanctions ``rigour`` 1.8.2 (MIT,
  values CC0). Used for Han character <-> Hangul surname pairs (金 <-> 김) and for
  Ukrainian <-> Russian given-name pairs (Володимир <-> Владимир).

Outputs (deterministic: sorted rows, gzip mtime 0):

- ``han_readings.tsv.gz`` columns: ``char``, ``hangul`` (readings, comma-separated, head reading
  first), ``pinyin`` (toneless, most common first), ``ja_on`` (lowercase Hepburn-like),
  ``variants`` (simplified/traditional counterparts), ``latin`` (extra surname romanizations,
  lowercase), ``surname`` (mainland pinyin when the char is a Chinese surname), ``named``
  (1 when the character occurs in a Wikidata name part).
- ``cyrillic_pairs.tsv.gz``: pairs of Cyrillic spellings of one name part (Ukrainian,
  Russian, Belarusian forms: ``володимир`` <TAB> ``владимир``).

Usage: ``python scripts/build_readings.py [--sources /work/shared/kb-sources] [--out src/newsprism/kb/data]``
"""

from __future__ import annotations

import argparse
import csv
import difflib
import gzip
import io
import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
CYRILLIC_FORM = re.compile("^[а-яёіїєґў'’-]+$")


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2FFFF


def _is_hangul_syllable(text: str) -> bool:
    return len(text) == 1 and HANGUL_FIRST <= ord(text) <= HANGUL_LAST


def _strip_tones(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _split(value: str, sep: str = ",") -> list[str]:
    return [part.strip() for part in value.split(sep) if part.strip()]


def _read_groups(path: Path) -> list[list[str]]:
    groups = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            names, _, _ = line.rstrip("\n").rpartition(" => ")
            groups.append(names.split(", "))
    return groups


def _hangul_pairs(groups: list[list[str]]) -> dict[str, set[str]]:
    """Han char -> Hangul surname syllables (金 <-> 김).

    Only groups of Korean clan names count: they hold the form "<syllable>씨" (김씨). Other
    groups often carry Hangul transcriptions of Mandarin or Japanese readings (金 -> 진).
    """
    pairs: dict[str, set[str]] = defaultdict(set)
    for forms in groups:
        members = set(forms)
        han = [f for f in forms if len(f) == 1 and _is_han(f)]
        hangul = [f for f in forms if _is_hangul_syllable(f) and f + "씨" in members]
        if han and hangul and len(han) <= 3:
            for char in han:
                pairs[char].update(hangul)
    return pairs


def _named_chars(groups: list[list[str]]) -> set[str]:
    return {c for forms in groups for form in forms for c in form if _is_han(c)}


def _cyrillic_pairs(groups: list[list[str]]) -> list[tuple[str, str]]:
    """Pairs of Cyrillic spellings of one name part (Володимир / Владимир / Уладзімір).

    Kept when the two forms share at least two Wikidata groups and look alike (similarity
    >= 0.6, length within 2), which drops diminutives such as Вова.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for forms in groups:
        cyrillic = sorted({f for f in forms if CYRILLIC_FORM.match(f)})
        for i, first in enumerate(cyrillic):
            for second in cyrillic[i + 1 :]:
                counts[(first, second)] += 1
    kept = []
    for (first, second), n in counts.items():
        alike = difflib.SequenceMatcher(None, first, second).ratio() >= 0.6
        if n >= 2 and alike and abs(len(first) - len(second)) <= 2:
            kept.append((first, second))
    return sorted(kept)


def _surname_latin(path: Path) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Han char -> surname romanizations (all regions kept) and -> mainland pinyin surname reading."""
    latin: dict[str, set[str]] = defaultdict(set)
    mainland: dict[str, str] = {}
    # Singapore/Malaysia (Hokkien, Teochew) spellings are left out: too many collisions (鄭 "Tay").
    columns = ("mainland", "taiwan", "hongkong", "macao", "vietnam", "korea")
    for entry in json.loads(path.read_text(encoding="utf-8")):
        spellings = {_strip_tones(s) for col in columns for s in _split(entry[col], "/")}
        for char in {entry["zh_sim"], entry["zh_tra"]}:
            if len(char) == 1:
                latin[char].update(s for s in spellings if s.isalpha())
                mainland.setdefault(char, _strip_tones(entry["mainland"]))
    return latin, mainland


def _rows(sources: Path, groups: list[list[str]]) -> list[list[str]]:
    pairs = _hangul_pairs(groups)
    named = _named_chars(groups)
    latin, surname = _surname_latin(sources / "cjk-readings" / "chinese_surname_romanizations.json")
    rows = []
    with (sources / "cjk-readings" / "han_readings.tsv").open(encoding="utf-8") as handle:
        for rec in csv.DictReader(handle, delimiter="\t"):
            char = rec["char"]
            in_scope = 0x4E00 <= ord(char) <= 0x9FFF or char in named
            pinyin = list(dict.fromkeys(_strip_tones(p) for p in _split(rec["pinyin_pypinyin"])))
            if not in_scope or not pinyin:
                continue
            hangul = _split(rec["hangul_hanja_pkg"]) + sorted(pairs.get(char, set()) - {rec["hangul_hanja_pkg"]})
            variants = sorted(set(rec["simplified_opencc"] + rec["traditional_opencc"]) - {",", " ", char})
            rows.append(
                [
                    char,
                    ",".join(hangul),
                    ",".join(pinyin),
                    rec["japanese_on_unihan"].lower(),
                    "".join(variants),
                    ",".join(sorted(latin.get(char, set()))),
                    surname.get(char, ""),
                    "1" if char in named else "0",
                ]
            )
    return sorted(rows)


def _write_gz(path: Path, header: list[str], rows: list[list[str]] | list[tuple[str, str]]) -> None:
    text = io.StringIO()
    text.write("\t".join(header) + "\n")
    for row in rows:
        text.write("\t".join(row) + "\n")
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(text.getvalue().encode("utf-8"))


def build(sources: Path, out: Path) -> None:
    """Derive both tables from ``sources`` into ``out``."""
    groups = _read_groups(sources / "name-parts" / "persons.txt")
    out.mkdir(parents=True, exist_ok=True)
    header = ["char", "hangul", "pinyin", "ja_on", "variants", "latin", "surname", "named"]
    _write_gz(out / "han_readings.tsv.gz", header, _rows(sources, groups))
    _write_gz(out / "cyrillic_pairs.tsv.gz", ["form", "other"], _cyrillic_pairs(groups))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=Path("/work/shared/kb-sources"))
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "src/newsprism/kb/data")
    args = parser.parse_args()
    build(args.sources, args.out)


if __name__ == "__main__":
    main()
