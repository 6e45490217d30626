"""Build the newsprism actor knowledge base from the sources in ../shared/kb-sources.

The output is a set of JSON Lines files in src/newsprism/kb/data/ (schema in
docs/knowledge-base.md). The build is deterministic: the same sources and curated files
give byte-identical output. Progress goes to stderr.

Example:
    python scripts/build_kb.py ../shared/kb-sources
    python scripts/build_kb.py ../shared/kb-sources --out /tmp/kb   # build elsewhere to compare
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import difflib
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from newsprism.kb.names import FAMILY_FIRST, family_and_given, like_given, name_key

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "src" / "newsprism" / "kb" / "data"
START = "2000-01-01"
COUNTRYINFO_LAST = "2011-02"  # CountryInfo '>' terms: still in office in the Feb 2011 CIA directory  # persons whose offices all ended before this are left out

# CLDR locale -> language-script tag used as key in `names`.
LOCALES = {
    "en": "en", "ko": "ko-Hang", "ja": "ja-Jpan", "zh": "zh-Hans", "zh_Hant": "zh-Hant",
    "ru": "ru-Cyrl", "uk": "uk-Cyrl", "be": "be-Cyrl", "kk": "kk-Cyrl", "mn": "mn-Cyrl",
    "sr": "sr-Cyrl", "bg": "bg-Cyrl", "ar": "ar-Arab", "fa": "fa-Arab", "ur": "ur-Arab",
    "he": "he-Hebr", "hi": "hi-Deva", "bn": "bn-Beng", "th": "th-Thai", "el": "el-Grek",
    "ka": "ka-Geor", "hy": "hy-Armn", "fr": "fr", "de": "de", "es": "es", "pt": "pt",
    "it": "it", "tr": "tr", "pl": "pl", "vi": "vi", "id": "id",
}
ROLE_SECTORS = {"defence_minister": ["GOV", "MIL"]}
IGO_HEAD_ROLES = {"secretary_general", "president", "director_general", "high_representative",
                  "managing_director", "chair"}


def log(msg: str) -> None:
    print(f"[build_kb] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- small helpers
def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def name_keys(text: str) -> list[str]:
    """The name key, plus one without single-letter initials ('Barack H. Obama' = 'Barack Obama')."""
    full = name_key(text)
    words = [w for w in re.split(r"[\s.]+", text) if len(w.strip(",")) > 1]
    short = name_key(" ".join(words))
    return [full] if short == full or not short else [full, short]


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


_LOWER_PARTICLES = {"bin", "bint", "ibn", "de", "del", "della", "da", "das", "dos", "do", "di",
                    "van", "von", "der", "den", "la", "le", "y", "e", "al", "el", "ould", "ben"}


def title_case(text: str) -> str:
    """'XI Jinping' -> 'Xi Jinping'; 'MUHAMMAD BIN RASHID' -> 'Muhammad bin Rashid'."""
    words = []
    for i, word in enumerate(text.split(" ")):
        if word.isupper() or word.islower():
            low = word.lower()
            if i > 0 and low in _LOWER_PARTICLES:
                word = low
            else:
                word = "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))
                word = re.sub(r"'([a-z])", lambda m: "'" + m.group(1), word)
                word = re.sub(r"^(Mc)([a-z])", lambda m: m.group(1) + m.group(2).upper(), word)
        words.append(word)
    return " ".join(words)


def add_unique(items: list[str], *values: str | None) -> None:
    for value in values:
        if value and value.strip() and value.strip() not in items:
            items.append(value.strip())


def script_of(text: str) -> str:
    """ISO 15924-ish script code of the first letter of `text`."""
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        for prefix, code in (("HANGUL", "Hang"), ("CJK", "Hani"), ("HIRAGANA", "Jpan"),
                             ("KATAKANA", "Jpan"), ("CYRILLIC", "Cyrl"), ("ARABIC", "Arab"),
                             ("HEBREW", "Hebr"), ("GREEK", "Grek"), ("THAI", "Thai"),
                             ("DEVANAGARI", "Deva"), ("GEORGIAN", "Geor"), ("ARMENIAN", "Armn"),
                             ("LATIN", "Latn")):
            if name.startswith(prefix):
                return code
        return "Zyyy"
    return "Zyyy"


def valid_date(text: str | None) -> str | None:
    """Repair CountryInfo's day-31 'end of month' dates (2006-11-31 -> 2006-11-30)."""
    if not text:
        return None
    if len(text) < 10:
        return text
    y, m, d = (int(x) for x in text[:10].split("-"))
    for day in range(d, 27, -1):
        try:
            return dt.date(y, m, day).isoformat()
        except ValueError:
            continue
    return text


def overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    a0, a1 = a.get("start") or "0000", a.get("end") or "9999"
    b0, b1 = b.get("start") or "0000", b.get("end") or "9999"
    return a0 <= b1 and b0 <= a1


# ---------------------------------------------------------------- states
def build_states(src: Path) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """States from rigour (MIT) + Factbook (CC0) + CLDR (Unicode) + countrynames (MIT)."""
    states: dict[str, dict[str, Any]] = {}
    iso2_to_iso3: dict[str, str] = {}
    for row in read_jsonl(src / "countries" / "rigour_territories.jsonl"):
        if row.get("is_historical") or not row.get("alpha3") or len(row.get("code", "")) != 2:
            continue
        if not (row.get("is_country") or row.get("is_jurisdiction")):
            continue
        iso3 = row["alpha3"].upper()
        iso2 = row["code"].upper() if len(row.get("code", "")) == 2 else None
        actor = {"id": f"state:{iso3}", "name": row["name"], "kind": "state", "country": iso3,
                 "sectors": [], "names": {}, "aliases": [], "abbreviations": [],
                 "demonyms": [], "capital": [], "metonyms": [],
                 "codes": {"iso3": iso3, "iso2": iso2, "wikidata": row.get("qid")},
                 "status": "sovereign" if row.get("is_country") and not row.get("parent") else "territory",
                 "sources": ["rigour"]}
        if row.get("parent"):
            actor["parent"] = row["parent"].upper()
        add_unique(actor["aliases"], row["name"], row.get("full_name"))
        add_unique(actor["aliases"], *[n for n in row.get("names_strong", []) if script_of(n) == "Latn"])
        states[iso3] = actor
        if iso2:
            iso2_to_iso3[iso2] = iso3
    for iso3, actor in states.items():  # parents are given as lowercase iso2
        if "parent" in actor:
            actor["parent"] = f"state:{iso2_to_iso3.get(actor['parent'], actor['parent'])}"
    _add_factbook_countries(src, states)
    _add_cldr_names(src, states, iso2_to_iso3)
    _add_countrynames(src, states, iso2_to_iso3)
    log(f"states: {len(states)}")
    return states, {k: states[v] for k, v in iso2_to_iso3.items()}


def _split_nationality(text: str | None) -> list[str]:
    out: list[str] = []
    for part in re.split(r",|;| or ", text or ""):
        part = re.sub(r"\(.*?\)", "", part.split(" note")[0]).strip()
        m = re.match(r"^([A-Z][\w' -]*?)(\(s\)|\(es\))?$", part)
        if not m:
            continue
        base = m.group(1).strip()
        add_unique(out, base)
        if m.group(2):
            add_unique(out, base + m.group(2)[1:-1])
    return out


def _add_factbook_countries(src: Path, states: dict[str, dict[str, Any]]) -> None:
    for row in read_jsonl(src / "factbook-executives" / "factbook_countries.jsonl"):
        actor = states.get(row.get("iso3") or "")
        if actor is None:
            continue
        actor["sources"].append("factbook")
        actor["codes"]["gec"] = row.get("gec")
        for key in ("name_conventional_short_form", "name_conventional_long_form",
                    "name_local_short_form", "name_local_long_form"):
            value = (row.get(key) or "").split(";")[0].strip()
            if value and value.lower() != "none":
                add_unique(actor["aliases"], value)
        for abbr in re.split(r" or |,", row.get("name_abbreviation") or ""):
            add_unique(actor["abbreviations"], abbr.strip())
        add_unique(actor["demonyms"], *_split_nationality(row.get("nationality_noun")))
        add_unique(actor["demonyms"], *_split_nationality(row.get("nationality_adjective")))
        capital = (row.get("capital_name") or "").split(";")[0].strip()
        if capital and capital.lower() != "none" and "no official capital" not in capital:
            for cap in re.split(r"\s*\(|,\s*(?=[A-Z][a-z]+ \()", capital)[:1]:
                add_unique(actor["capital"], cap.strip())
                actor["metonyms"].append({"text": cap.strip(), "type": "capital", "source": "factbook"})


def _add_cldr_names(src: Path, states: dict[str, dict[str, Any]], iso2_to_iso3: dict[str, str]) -> None:
    with (src / "countries" / "cldr_territory_names.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            tag = LOCALES.get(row["locale"])
            actor = states.get(iso2_to_iso3.get(row["territory"], ""))
            if tag is None or actor is None:
                continue
            if tag == "en":
                add_unique(actor["aliases"], row["name"])
            else:
                add_unique(actor["names"].setdefault(tag, []), row["name"])
    for actor in states.values():
        actor["sources"].append("cldr")


def _add_countrynames(src: Path, states: dict[str, dict[str, Any]], iso2_to_iso3: dict[str, str]) -> None:
    """countrynames strings that name exactly one code: Latin ones become aliases,
    others go under names[<script>] (language unknown)."""
    data = yaml.safe_load((src / "countries" / "countrynames_data.yaml").read_text(encoding="utf-8"))
    owners: dict[str, set[str]] = defaultdict(set)
    for code, values in data.items():
        for value in values or []:
            owners[str(value).lower()].add(code)
    for code in sorted(data):
        actor = states.get(iso2_to_iso3.get(code, ""))
        if actor is None:
            continue
        for value in data[code] or []:
            value = str(value).strip()
            if len(owners[value.lower()]) != 1 or len(value) < 3:
                continue
            script = script_of(value)
            if script == "Latn":
                add_unique(actor["aliases"], value)
            elif script in {"Hang", "Hani", "Jpan", "Cyrl", "Arab", "Hebr", "Grek"}:
                existing = {v for vs in actor["names"].values() for v in vs}
                if value not in existing:
                    add_unique(actor["names"].setdefault(script, []), value)
        actor["sources"].append("countrynames")


# ---------------------------------------------------------------- persons (Factbook)
_ROLE_PATTERNS = [
    (r"\b(deputy|vice)[ -]?(prime minister|premier|chancellor)", "deputy_head_of_government"),
    (r"\bvice[ -]president|deputy president", "vice_president"),
    (r"governor[ -]general", "governor_general"),
    (r"prime minister|premier|chancellor|taoiseach|president of the government|head of government"
     r"|chairman of the council of ministers|chief executive|president of the executive yuan", "head_of_government"),
    (r"president|king|queen|emperor|emir|amir|sultan|grand duke|prince|supreme leader|pope|sovereign"
     r"|monarch|chairman|co-prince|captains? regent|head of state|^$", "_field"),
]


def factbook_role(field: str, title: str) -> str | None:
    low = title.lower()
    if low.startswith("represented by") or low.startswith("note") or "vacant" in low:
        return None
    for pattern, role in _ROLE_PATTERNS:
        if re.search(pattern, low):
            if role == "_field":
                return "head_of_state" if field == "chief of state" else "head_of_government"
            return role
    return None


_TITLE_WORDS = {"President", "Minister", "Prime", "King", "Queen", "Emir", "Amir", "Sultan", "Premier",
                "Chancellor", "Governor", "General", "Vice", "Deputy", "Acting", "Interim", "Chairman", "Leader"}


def _fix_split(row: dict[str, Any]) -> None:
    """'President Donald' + 'J. TRUMP' -> 'President' + 'Donald J. TRUMP' (the split ate a given name)."""
    words = (row["title"] or "").split()
    if re.match(r"^[A-Z]\. ", row["name"] or "") and len(words) > 1 and words[-1] not in _TITLE_WORDS \
            and words[-1][:1].isupper() and not words[-1].isupper():
        row["title"], row["name"] = " ".join(words[:-1]), f"{words[-1]} {row['name']}"


def _factbook_name(raw: str) -> tuple[str, str | None]:
    """Display name and family name (the Factbook's CAPITALISED part)."""
    caps = [w for w in re.split(r"\s+", raw) if len(w.rstrip(".,")) > 1
            and w.replace("-", "").replace("'", "").isupper()]
    family = title_case(" ".join(caps)).strip(",") if caps else None
    return title_case(raw), family


def load_factbook_offices(src: Path, parents: dict[str, str]) -> list[dict[str, Any]]:
    """One dict per (person-name, role, since) with `person_key`, merged across snapshots."""
    merged: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    rows = list(read_jsonl(src / "factbook-executives" / "factbook_office_holders.jsonl"))
    untitled = defaultdict(int)  # several untitled names in one field = a list of ministers, not the head
    for row in rows:
        if not row["title"]:
            untitled[(row["iso3"], row["field"], row["first_commit"])] += 1
    for row in rows:
        if not row.get("name") or not row.get("iso3") or row["field"] == "cabinet":
            continue
        if not row["title"] and untitled[(row["iso3"], row["field"], row["first_commit"])] > 1:
            continue
        _fix_split(row)
        role = factbook_role(row["field"], row["title"] or "")
        if role is None:
            continue
        display, family = _factbook_name(row["name"])
        key = (row["iso3"], role, name_key(display), row.get("since") or "")
        item = merged.get(key)
        acting = bool(re.search(r"acting|interim|caretaker", (row["title"] or "") + " " + (row.get("qualifier") or ""), re.I))
        if item is None:
            item = merged[key] = {"country": row["iso3"], "role": role, "title": row["title"] or "",
                                  "name": display, "family": family, "spellings": [],
                                  "since": row.get("since"), "last_seen": row["last_seen"],
                                  "first_seen": row["first_seen"],
                                  "gone": row.get("gone_in_snapshot"), "acting": acting,
                                  "alias_note": row.get("alias_note")}
        add_unique(item["spellings"], display)
        if row["last_seen"] >= item["last_seen"]:
            item["last_seen"], item["gone"] = row["last_seen"], row.get("gone_in_snapshot")
            item["name"], item["family"] = display, family
    items = [merged[k] for k in sorted(merged)]
    _fill_vanished(items)
    _merge_respellings(items, parents)
    _assign_factbook_ends(items)
    log(f"factbook offices: {len(items)}")
    return items


def _fill_vanished(items: list[dict[str, Any]]) -> None:
    """Rows whose file was renamed (2015 iso2 -> GEC names) have no `gone` date; use the
    next snapshot of the same country, so they do not look current."""
    seen: dict[str, set[str]] = defaultdict(set)
    for item in items:
        seen[item["country"]].update((item["first_seen"], item["last_seen"]))
    for item in items:
        if not item["gone"]:
            later = sorted(d for d in seen[item["country"]] if d > item["last_seen"])
            item["gone"] = later[0] if later else None


def _merge_respellings(items: list[dict[str, Any]], parents: dict[str, str]) -> None:
    """Same country, start date and family-name prefix -> one person (HAN Deok-Soo = HAN Duck-soo; the
    president listed as chief of state and as head of government), unless two items differ both in
    role and in the given name's initial (Vice-President Cristina Fernández beside President Alberto
    Fernández, both from 2019-12-10).
    A territory's chief of state is the parent state's person (the US president for Guam)."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        item["person_key"] = f"{parents.get(item['country'], item['country'])}:{name_key(item['name'])}"
        if item["since"] and item["family"]:
            groups[(item["country"], item["since"], name_key(item["family"])[:3])].append(item)
    for group in groups.values():
        initials = [name_key(i["name"].replace(i["family"], "", 1))[:1] for i in group]
        parts: list[list[int]] = []
        for n, item in enumerate(group):
            joined = [p for p in parts
                      if any(group[m]["role"] == item["role"] or initials[m] == initials[n] for m in p)]
            for p in joined:
                parts.remove(p)
            parts.append([m for p in joined for m in p] + [n])
        for part in parts:
            members = [group[n] for n in part]
            if len({i["person_key"] for i in members}) > 1:
                latest = max(members, key=lambda i: i["last_seen"])
                for item in members:
                    item["person_key"] = latest["person_key"]


def _assign_factbook_ends(items: list[dict[str, Any]]) -> None:
    """End = the next holder's start when it falls before the item vanished (+90 days);
    otherwise the first snapshot without the item (an upper bound); None while current."""
    by_office: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        by_office[(item["country"], item["role"])].append(item)
    for group in by_office.values():
        for item in group:
            kind = _title_kind(item["title"])
            if not item["gone"]:
                item["end"], item["end_approx"] = None, False
                continue
            limit = (dt.date.fromisoformat(item["gone"]) + dt.timedelta(days=90)).isoformat()
            nexts = sorted(o["since"] for o in group if o["since"] and item["since"]
                           and item["since"] < o["since"] <= limit
                           and o["person_key"] != item["person_key"]
                           and (kind == "" or _title_kind(o["title"]) in (kind, "")))
            item["end"], item["end_approx"] = (nexts[0], False) if nexts else (item["gone"], True)


def _title_kind(title: str) -> str:
    """'president' / 'pm' / 'other' ('' when the title is missing) so that a president's
    term in the head-of-government field is not ended by a new prime minister."""
    low = title.lower()
    if not low.strip():
        return ""
    if "president" in low and "government" not in low:
        return "president"
    if re.search(r"minister|premier|chancellor|taoiseach|government|chief executive", low):
        return "pm"
    return "other"


# ---------------------------------------------------------------- persons (CountryInfo)
def countryinfo_role(position: str, country: str) -> str | None:
    low = position.lower().strip().strip('"')
    if low.startswith("secretary of state for") and country != "GBR":
        return None  # a junior minister outside the UK
    if not re.match(r"(minister|secretary|foreign minister|defen[cs]e minister)\b", low):
        return None  # 'Senior Presidential Secretary for Foreign Affairs', ambassadors, ...
    if re.match(r"(deputy|vice|first deputy|state|assistant|minister of state|secretary of state for the armed)", low):
        return None
    if re.search(r"(minister|secretary)\b.*\b(foreign affairs|external affairs|foreign relations|external relations)", low) \
            or low.startswith("secretary of state for foreign") or low == "foreign minister":
        return "foreign_minister"
    if re.search(r"(minister|secretary)\b.*\b(national defen[cs]e|defen[cs]e)\b", low) and "science" not in low:
        return "defence_minister"
    return None


def leaders_role(position: str) -> str | None:
    low = position.lower()
    if re.search(r"governor|commissioner|administrator|representative|vice|deputy|nationality|capital", low):
        return None
    if re.search(r"prime minister|premier|chancellor|heads of government|chairmen of the council of ministers"
                 r"|cabinet chiefs|executive yuan", low):
        return "head_of_government"
    if re.search(r"president|king|queen|emir|sultan|emperor|heads of state|paramount ruler|captains-regent|rulers|coprince", low):
        return "head_of_state"
    return None


def countryinfo_person_country(row: dict[str, Any], state_codes: Iterable[str]) -> str | None:
    """The state of a CountryInfo person row. Its ``iso3`` column is wrong for whole countries (Japan
    'JON', Guatemala 'GLP', Guinea 'PNG', Myanmar 'MOZ', the UK 'JEY', Israel 'IL', Bosnia and Serbia
    '---'), so the CAMEO ``country_code`` comes first; a six-letter one (GBRVGB: the British Virgin
    Islands) gives way to ``iso3``, else to its first three letters (BIHSPR: Republika Srpska)."""
    codes = set(state_codes)
    cameo = row.get("country_code") or ""
    for code in (CAMEO_COUNTRY_FIXES.get(cameo, cameo) if len(cameo) == 3 else "", row.get("iso3") or "", cameo[:3]):
        if code in codes:
            return code
    return None


def load_countryinfo_offices(src: Path, state_codes: Iterable[str]) -> list[dict[str, Any]]:
    state_codes = set(state_codes)
    items = []
    for row in read_jsonl(src / "eventdata-actors" / "countryinfo_persons.jsonl"):
        iso3 = countryinfo_person_country(row, state_codes)
        if not iso3 or not row["names"]:
            continue
        if row["block"] == "Leaders":
            role = leaders_role(row.get("position") or "")
            pairs = [(role, row.get("position") or "", t) for t in row["terms"]] if role else []
        else:
            positions = [p.strip() for p in (row.get("position") or "").split(" & ")]
            if len(positions) == len(row["terms"]):
                pairs = [(countryinfo_role(p, iso3), p, t) for p, t in zip(positions, row["terms"])]
            elif len(positions) == 1:
                pairs = [(countryinfo_role(positions[0], iso3), positions[0], t) for t in row["terms"]]
            else:
                pairs = []
        for role, title, term in pairs:
            if role is None:
                continue
            start, end = valid_date(term.get("start")), valid_date(term.get("end"))
            if end and end < START:
                continue
            items.append({"country": iso3, "role": role, "title": title.strip('" '),
                          "name": title_case(row["names"][0]), "spellings": [title_case(n) for n in row["names"]],
                          "start": start, "end": end, "acting": "acting" in title.lower(),
                          "restriction": term.get("restriction")})
    log(f"countryinfo offices: {len(items)}")
    return items


# ---------------------------------------------------------------- person assembly
class PersonIndex:
    """Persons keyed by (country, name key) with alias keys, so sources can merge."""

    def __init__(self) -> None:
        self.persons: dict[str, dict[str, Any]] = {}
        self.keys: dict[str, str] = {}

    def find(self, country: str | None, names: Iterable[str]) -> dict[str, Any] | None:
        for name in names:
            for key in name_keys(name):
                pid = self.keys.get(f"{country}:{key}")
                if pid:
                    return self.persons[pid]
        return None

    def add_keys(self, person: dict[str, Any], country: str | None, names: Iterable[str]) -> None:
        for name in names:
            for key in name_keys(name):
                self.keys.setdefault(f"{country}:{key}", person["_key"])

    def get_or_create(self, key: str, country: str, name: str) -> dict[str, Any]:
        if key not in self.persons:
            self.persons[key] = {"_key": key, "name": name, "kind": "person", "country": country,
                                 "sectors": [], "names": {}, "aliases": [], "offices": [], "sources": []}
        return self.persons[key]


def add_factbook_persons(index: PersonIndex, items: list[dict[str, Any]]) -> None:
    for item in items:
        owner = item["person_key"].split(":", 1)[0]
        person = index.get_or_create(item["person_key"], owner, item["name"])
        if item.get("family") and "family_name" not in person:
            person["family_name"] = item["family"]
        add_unique(person["aliases"], *item["spellings"])
        if item.get("alias_note"):
            add_unique(person["aliases"], item["alias_note"])
        office = {"role": item["role"], "title": item["title"], "country": item["country"],
                  "start": item["since"], "end": item["end"], "source": "factbook"}
        if item["acting"]:
            office["acting"] = True
        if item["end_approx"]:
            office["end_approx"] = True
        person["offices"].append(office)
        add_unique(person["sources"], "factbook")
        index.add_keys(person, owner, item["spellings"])


def add_countryinfo_persons(index: PersonIndex, items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """CountryInfo facts go to an overlay keyed by person key (CC BY-SA, kept apart)."""
    overlay: dict[str, dict[str, Any]] = {}
    for item in items:
        person = index.find(item["country"], item["spellings"])
        if person is None:
            person = index.get_or_create(f"{item['country']}:{name_key(item['name'])}", item["country"], item["name"])
            person["_countryinfo_only"] = True
            index.add_keys(person, item["country"], item["spellings"])
        extra = overlay.setdefault(person["_key"], {"aliases": [], "offices": []})
        add_unique(extra["aliases"], *item["spellings"])
        office = {"role": item["role"], "title": item["title"], "country": item["country"],
                  "start": item["start"], "end": item["end"], "source": "countryinfo"}
        if item["end"] is None and (item["restriction"] or "").startswith(">"):
            office["last_known"] = COUNTRYINFO_LAST
        if item["acting"]:
            office["acting"] = True
        if office not in extra["offices"]:
            extra["offices"].append(office)
    return overlay


def apply_curated_persons(index: PersonIndex, rows: list[dict[str, Any]],
                          overlay: dict[str, dict[str, Any]]) -> None:
    """Curated rows merge into a source person by name; their offices win over
    source offices of the same role and country/org that overlap them."""
    for row in rows:
        names = [row["name"], *row.get("aliases", [])]
        person = index.find(row.get("country"), names)
        if person is None:
            person = index.get_or_create(row["id"], row.get("country"), row["name"])
            index.add_keys(person, row.get("country"), names)
        person["_id"] = row["id"]
        person["name"] = row["name"]
        person.pop("_countryinfo_only", None)
        if row.get("country"):
            person["country"] = row["country"]
        if row.get("family_name"):
            person["family_name"] = row["family_name"]
        add_unique(person["aliases"], *names)
        for tag, values in row.get("names", {}).items():
            add_unique(person["names"].setdefault(tag, []), *values)
        curated = [{**o, "source": "curated"} for o in row.get("offices", [])]
        for office in curated:
            if office.get("end") is None:
                office["end"] = None
        pools = [person["offices"], overlay.get(person["_key"], {}).get("offices", [])]
        for pool in pools:
            pool[:] = [_clip(o, curated) for o in pool]
            pool[:] = [o for o in pool if o is not None]
        person["offices"].extend(curated)
        add_unique(person["sources"], "curated")


def merge_namesakes(index: PersonIndex, overlay: dict[str, dict[str, Any]]) -> int:
    """One person per human: persons of one state whose own names share the family name and have like
    given names (``like_given``: 'Binyamin' / 'Benjamin Netanyahu', 'Stephen' / 'Stephen Joseph
    Harper', 'Nuri al-MALIKI' / 'Nuri Maliki') are the Factbook's, CountryInfo's and the curated list's
    records of one person, which the exact-name merges above miss. The curated record survives, else
    the one with the latest office; the others' names become its aliases, their offices its offices
    (a curated office replaces theirs where it overlaps). Returns the number of records merged away."""
    families: dict[tuple[str | None, str], list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    for key, person in index.persons.items():  # the record's own name: merged aliases can be a colleague's
        family, given = family_and_given(person["name"], person["country"])
        if family:
            families[(person["country"], family)].append((key, given))
    parent = {key: key for key in index.persons}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for (country, _), entries in sorted(families.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
        for i, (a, given_a) in enumerate(entries):
            for b, given_b in entries[i + 1:]:
                if find(a) != find(b) and like_given(given_a, given_b, country):
                    parent[find(b)] = find(a)
    groups: dict[str, list[str]] = defaultdict(list)
    for key in sorted(index.persons):
        groups[find(key)].append(key)

    def rank(key: str) -> tuple[bool, bool, str, str]:
        person = index.persons[key]
        offices = person["offices"] + overlay.get(key, {}).get("offices", [])
        latest = max((o.get("end") or o.get("last_known") or "9999") for o in offices) if offices else ""
        return ("_id" in person, not person.get("_countryinfo_only"), latest, key)

    merged, moved = 0, {}
    for keys in groups.values():
        if len(keys) < 2:
            continue
        keep = max(keys, key=rank)
        person = index.persons[keep]
        curated = [o for o in person["offices"] if o.get("source") == "curated"]
        for key in keys:
            if key == keep:
                continue
            other = index.persons.pop(key)
            merged += 1
            add_unique(person["aliases"], other["name"], *other["aliases"])
            for tag, values in other["names"].items():
                add_unique(person["names"].setdefault(tag, []), *values)
            person["offices"].extend(o for o in (_clip(o, curated) for o in other["offices"]) if o is not None)
            add_unique(person["sources"], *other["sources"])
            if not other.get("_countryinfo_only"):
                person.pop("_countryinfo_only", None)
            if key in overlay:
                extra = overlay.setdefault(keep, {"aliases": [], "offices": []})
                add_unique(extra["aliases"], *overlay[key]["aliases"])
                extra["offices"].extend(o for o in (_clip(o, curated) for o in overlay.pop(key)["offices"])
                                        if o is not None and o not in extra["offices"])
            moved[key] = keep
    for name_key_, owner in index.keys.items():  # the merged-away records' name keys lead to the survivor
        index.keys[name_key_] = moved.get(owner, owner)
    log(f"persons merged as one: {merged}")
    return merged


def _clip(office: dict[str, Any], curated: list[dict[str, Any]]) -> dict[str, Any] | None:
    for cur in curated:
        same_place = (office.get("country"), office.get("org")) == (cur.get("country"), cur.get("org"))
        if not same_place or not overlaps(office, cur):
            continue
        if office["role"] == cur["role"]:
            return None
        if office.get("start") and office.get("start") == cur.get("start"):
            clipped = {**office, "end": cur.get("end")}
            clipped.pop("end_approx", None)
            return clipped
    return office


def close_open_terms(index: PersonIndex, overlay: dict[str, dict[str, Any]]) -> None:
    """An open CountryInfo term ends where the next holder of the same office starts."""
    starts: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    pools = [(p["_key"], p["offices"]) for p in index.persons.values()]
    pools += [(k, v["offices"]) for k, v in overlay.items()]
    for key, offices in pools:
        for o in offices:
            if o.get("start"):
                starts[(o["role"], o.get("country") or o.get("org") or "")].append((o["start"], key))
    for key, offices in pools:
        for o in offices:
            if o.get("last_known") and o.get("start"):
                later = sorted(s for s, k in starts[(o["role"], o.get("country") or "")]
                               if s > o["start"] and k != key)
                if later:
                    o["end"] = later[0]
                    del o["last_known"]


def finish_persons(index: PersonIndex, overlay: dict[str, dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Drop persons with no office since START, give stable ids, split main/overlay."""
    keep = []
    for person in index.persons.values():
        offices = person["offices"] + overlay.get(person["_key"], {}).get("offices", [])
        if any((o.get("end") or "9999") >= START for o in offices):
            keep.append(person)
    slugs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for person in keep:
        if "_id" not in person:
            slugs[slugify(person["name"])].append(person)
    taken = {p["_id"] for p in keep if "_id" in p}
    for slug, group in sorted(slugs.items()):
        for person in sorted(group, key=lambda p: p["_key"]):
            pid = f"person:{slug}"
            if len(group) > 1 or pid in taken:
                pid = f"person:{slug}-{(person['country'] or 'x').lower()}"
            n = 2
            base = pid
            while pid in taken:
                pid, n = f"{base}-{n}", n + 1
            taken.add(pid)
            person["_id"] = pid
    main, extra = [], []
    for person in sorted(keep, key=lambda p: p["_id"]):
        offices = person["offices"] + overlay.get(person["_key"], {}).get("offices", [])
        person["sectors"] = sorted({s for o in offices
                                    for s in (["IGO"] if o.get("org") else ROLE_SECTORS.get(o["role"], ["GOV"]))})
        person["offices"].sort(key=_office_order)
        record = {"id": person["_id"], **{k: v for k, v in person.items() if not k.startswith("_")}}
        if person.get("_countryinfo_only"):
            ov = overlay[person["_key"]]
            record["offices"] = sorted(ov["offices"], key=_office_order)
            add_unique(record["aliases"], *ov["aliases"])
            record["sources"] = ["countryinfo"]
            extra.append(clean(record))
            continue
        main.append(clean(record))
        if person["_key"] in overlay:
            ov = overlay[person["_key"]]
            new_aliases = [a for a in ov["aliases"] if a not in record["aliases"]]
            if not new_aliases and not ov["offices"]:
                continue
            extra.append(clean({"id": person["_id"], "aliases": new_aliases,
                                "offices": sorted(ov["offices"], key=_office_order), "sources": ["countryinfo"]}))
    return main, extra


def _office_order(office: dict[str, Any]) -> tuple[str, str, str, str]:
    return (office.get("start") or "", office["role"], office.get("country") or office.get("org") or "", office.get("end") or "")


def clean(record: dict[str, Any]) -> dict[str, Any]:
    """Drop empty fields (keep id/name/kind/country) to keep the files compact."""
    fixed = {"id", "name", "kind", "country"}
    return {k: v for k, v in record.items() if k in fixed or v not in (None, [], {}, "")}


# ---------------------------------------------------------------- IGOs
_ORG_WORDS = re.compile(r"\b(ORGANI[SZ]ATION|UNION|COUNCIL|BANK|FUND|COMMUNITY|ASSOCIATION|AGENCY|COURT"
                        r"|NATIONS|TREATY|COMMISSION|PROGRAM|PROGRAMME|TRIBUNAL|LEAGUE|CONFERENCE|GROUP OF)\b")


def build_igos(records: list[dict[str, Any]], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    phoenix: dict[str, list[str]] = defaultdict(list)
    for rec in records:
        codes = {c["code"] for c in rec["codes"] if c["code"] and not c["restriction"]}
        if len(codes) != 1 or any(c["restriction"] for c in rec["codes"]):
            continue
        for phrase in [rec["phrase"], *rec["synonyms"]]:
            if _ORG_WORDS.search(phrase) or re.fullmatch(r"[A-Z]{2,8}", phrase):
                phoenix[next(iter(codes))].append(phrase)
    igos = []
    for row in rows:
        actor = {"id": row["id"], "name": row["name"], "kind": "igo", "country": row["id"].split(":", 1)[1],
                 "sectors": ["IGO"], "names": row.get("names", {}), "aliases": [], "abbreviations": [],
                 "codes": {"cameo": row.get("cameo")}, "sources": ["curated"]}
        add_unique(actor["abbreviations"], *row.get("abbreviations", []))
        add_unique(actor["aliases"], row["name"], *row.get("aliases", []))
        known = {a.lower() for a in actor["aliases"] + actor["abbreviations"]}
        for phrase in phoenix.get(row.get("cameo") or "", []):
            if phrase.lower() not in known and not phrase.startswith("THE ") and len(phrase) > 2:
                target = actor["abbreviations"] if " " not in phrase else actor["aliases"]
                add_unique(target, phrase if " " not in phrase else title_case(phrase))
                known.add(phrase.lower())
                add_unique(actor["sources"], "phoenix")
        if row.get("seat"):
            actor["seat"] = row["seat"]
        igos.append(clean(actor))
    log(f"igos: {len(igos)}")
    return igos


# ---------------------------------------------------------------- share-alike overlays
def mledoze_overlay(src: Path, states: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """ODbL facts (demonyms, alternative spellings, translations, UN membership) kept apart."""
    tags = {"jpn": "ja-Jpan", "kor": "ko-Hang", "zho": "zh-Hans", "rus": "ru-Cyrl", "ara": "ar-Arab",
            "per": "fa-Arab", "urd": "ur-Arab"}
    out = []
    data = json.loads((src / "countries" / "mledoze_countries.json").read_text(encoding="utf-8"))
    for row in sorted(data, key=lambda r: r["cca3"]):
        actor = states.get(row["cca3"])
        if actor is None:
            continue
        have = {a.lower() for a in actor["aliases"] + actor["abbreviations"] + actor["demonyms"]}
        rec: dict[str, Any] = {"id": actor["id"], "un_member": bool(row.get("unMember")),
                               "independent": bool(row.get("independent"))}
        rec["aliases"] = [a for a in row.get("altSpellings", []) if len(a) > 2 and script_of(a) == "Latn" and a.lower() not in have]
        rec["abbreviations"] = [a for a in row.get("altSpellings", []) if len(a) <= 3 and a.isupper() and a.lower() not in have]
        dem = row.get("demonyms", {}).get("eng", {})
        rec["demonyms"] = [d for d in dict.fromkeys([dem.get("m"), dem.get("f")]) if d and d.lower() not in have]
        rec["capital"] = [c for c in row.get("capital", []) if c not in actor["capital"]]
        names: dict[str, list[str]] = {}
        for lang, tag in tags.items():
            tr = row.get("translations", {}).get(lang, {})
            new = [v for v in (tr.get("common"), tr.get("official")) if v and v not in actor["names"].get(tag, [])]
            if new:
                names[tag] = list(dict.fromkeys(new))
        for lang, nat in sorted(row["name"].get("native", {}).items()):
            for value in (nat.get("common"), nat.get("official")):
                if value and script_of(value) != "Latn" and not any(value in vs for vs in actor["names"].values()):
                    add_unique(names.setdefault(script_of(value), []), value)
        rec["names"] = names
        rec["sources"] = ["mledoze"]
        out.append(clean(rec))
    return out


def countryinfo_country_overlay(src: Path, states: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    fixes = {"JON": "JPN", "IL": "ISR"}
    wrong_iso3 = {"MYANMAR": "MMR", "GUATEMALA": "GTM", "GUINEA": "GIN"}  # the file gives MOZ, GLP, PNG
    out: dict[str, dict[str, Any]] = {}
    rows = list(read_jsonl(src / "eventdata-actors" / "countryinfo_countries.jsonl"))
    named = {n.lower() for a in states.values() for n in [a["name"], *a["aliases"], *a["demonyms"], *a["capital"]]}
    named |= {c.lower() for row in rows for c in [*row.get("capital", []), *row.get("nationality_and_synonyms", [])]}
    for row in rows:
        iso3 = wrong_iso3.get(row.get("country_name", "").strip()) or fixes.get(row.get("iso3") or "", row.get("iso3") or "")
        actor = states.get(iso3)
        if actor is None:
            continue
        have = {a.lower() for a in actor["aliases"] + actor["abbreviations"] + actor["demonyms"]}
        aliases = [title_case(s) for s in row.get("nationality_and_synonyms", []) if s.lower() not in have]
        capital = [title_case(c) for c in row.get("capital", []) if c.lower() not in {x.lower() for x in actor["capital"]}]
        # major cities: places of the state ("in Kharkiv"), never a name of it; one that is also a state's
        # name or a capital ('Tripoli' of Lebanon) is left to that reading
        places = [title_case(c) for c in row.get("major_cities", []) if c.lower() not in named]
        cow = row.get("cow_alpha") if row.get("cow_alpha") != "---" else None
        rec = out.setdefault(actor["id"], {"id": actor["id"], "aliases": [], "capital": [], "places": [],
                                            "sources": ["countryinfo"], "codes": {"cow": cow}})
        add_unique(rec["aliases"], *aliases)
        add_unique(rec["capital"], *capital)
        add_unique(rec["places"], *places)
    return [clean(out[k]) for k in sorted(out)]


# ---------------------------------------------------------------- curated state facts
def apply_curated_states(states: dict[str, dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    for row in rows:
        actor = states[row["country"]]
        add_unique(actor["aliases"], *row.get("aliases", []))
        add_unique(actor["abbreviations"], *row.get("abbreviations", []))
        add_unique(actor["demonyms"], *row.get("demonyms", []))
        if row.get("status"):
            actor["status"] = row["status"]
        if row.get("parent"):
            actor["parent"], actor["status"] = row["parent"], "territory"
        add_unique(actor["sources"], "curated")


def apply_curated_metonyms(actors: dict[str, dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    for row in rows:
        actor = actors[row["actor"]]
        actor.setdefault("metonyms", [])
        if not any(m["text"] == row["text"] for m in actor["metonyms"]):
            actor["metonyms"].append({"text": row["text"], "type": row["type"], "source": "curated"})
        add_unique(actor.setdefault("sources", []), "curated")


# ---------------------------------------------------------------- agents, groups, organisations (Phoenix)
# CAMEO 3-letter role codes -> the sector codes newsprism uses (PLOVER/NGEC style). CAMEO's MED is
# the media (PLOVER: JRN) and HLH is health (PLOVER: MED); insurgents/separatists are rebels; a
# multinational company is a business; an international militarised group is a rebel group.
CAMEO_SECTORS = {"HLH": "MED", "MED": "JRN", "INS": "REB", "SEP": "REB", "MNC": "BUS", "IMG": "REB"}
SECTOR_CODES = {"AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HRI", "IGO",
                "JRN", "JUD", "LAB", "LEG", "MED", "MIL", "MOD", "NGO", "OPP", "PPL", "PTY", "RAD",
                "REB", "REF", "REL", "SPY", "UAF", "UNK"}
RELIGION_CODES = {"BAH", "BUD", "CHR", "CPT", "CTH", "CON", "DRZ", "HIN", "ITH", "JAN", "JEW", "MAR",
                  "MOS", "MUS", "ORT", "PRO", "SHI", "SHN", "SIK", "SUN", "TAO", "ZRO", "ALE", "SFI"}
CAMEO_COUNTRY_FIXES = {"KSV": "XKX", "ROM": "ROU", "TMP": "TLS", "ZAR": "COD"}
_IRREGULAR_MAN = {"human", "german", "shaman", "roman", "ottoman", "talisman", "cayman", "oman"}


def cameo_sectors(chunks: Iterable[str]) -> list[str]:
    """Sector codes for CAMEO 3-letter chunks; country, region and group-id chunks are dropped."""
    out: list[str] = []
    for chunk in chunks:
        code = "REL" if chunk in RELIGION_CODES else CAMEO_SECTORS.get(chunk, chunk)
        if code in SECTOR_CODES and code not in out:
            out.append(code)
    return out


def _chunks(code: str) -> list[str]:
    return [code[i:i + 3] for i in range(0, len(code), 3)]


def pluralize(phrase: str) -> str:
    """Regular English plural of the last word (PETRARCH's rule, plus -man/-men and vowel+y)."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith("man") and last not in _IRREGULAR_MAN:
        last = last[:-3] + "men"
    elif last.endswith("y") and last[-2:-1] not in set("aeiou"):
        last = last[:-1] + "ies"
    elif last.endswith(("s", "sh", "ch", "x", "z")):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}".strip()


def _agent_text(raw: str) -> str:
    return re.sub(r"\s+", " ", raw.replace("_", " ")).strip().lower()


def read_phoenix_agents(path: Path) -> list[dict[str, Any]]:
    """Parse a PETRARCH agents dictionary: `PHRASE {PLURAL} [~CODE]`, `!SET! = A, B` substitution sets,
    `#` comments. `{}` means no plural; without braces the regular plural is generated. A phrase with a
    substitution marker expands to one row per member, none of them pluralised (PETRARCH's rule)."""
    subs: dict[str, list[str]] = {}
    rows: list[dict[str, Any]] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("<!"):
            continue
        if line.startswith("!") and "=" in line:
            name, _, values = line.partition("=")
            subs[name.strip().strip("!")] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        if "[" not in line:  # no code: PETRARCH skips the line too
            continue
        phrase, _, rest = line.partition("[")
        cameo = re.sub(r"[^A-Z~]", "", rest.split("]")[0].upper())
        plural: str | None = None
        if "{" in phrase:
            phrase, _, alt = phrase.partition("{")
            plural = _agent_text(alt.split("}")[0])
        marker = re.search(r"!(\w+)!", phrase)
        if marker:
            forms = [(_agent_text(phrase.replace(marker.group(0), s)), "") for s in subs.get(marker.group(1), [])]
        else:
            term = _agent_text(phrase)
            forms = [(term, pluralize(term) if plural is None else plural)]
        sectors = cameo_sectors(_chunks(cameo.replace("~", "")))
        for term, plur in forms:
            if term and sectors:
                rows.append({"term": term, "plural": [plur] if plur else [], "sectors": sectors,
                             "cameo": cameo, "source": "phoenix", "line": lineno})
    return rows


def build_agents(src: Path, curated: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Phoenix agent terms (first entry of a term wins, as in PETRARCH) plus curated terms, which replace
    a Phoenix term of the same spelling. Sorted by term."""
    by_term: dict[str, dict[str, Any]] = {}
    for row in read_phoenix_agents(src / "eventdata-actors" / "raw" / "Phoenix.agents.txt"):
        by_term.setdefault(row["term"], row)
    for row in curated:
        term = _agent_text(row["term"])
        plural = row.get("plural", [pluralize(term)])
        by_term[term] = {"term": term, "plural": plural, "sectors": row["sectors"], "source": "curated"}
    log(f"agents: {len(by_term)} terms")
    return [by_term[k] for k in sorted(by_term)]


_ORG_WORDS_EN = re.compile(
    r"\b(ACADEMY|ADMINISTRATION|AGENCY|ALLIANCE|ARMY|ARMIES|ASSEMBLY|ASSOCIATION|AUTHORITY|BANK|BATTALIONS?"
    r"|BLOC|BOARD|BRIGADES?|BUREAU|CABINET|CARTEL|CELLS?|CENT(ER|RE)|CHAMBER|CLAN|COALITION|COLLEGE|COMMAND"
    r"|COMMANDOS?|COMMISSION|COMMITTEE|COMMUNITY|COMPANY|CONGRESS|CORP|CORPORATION|CORPS|COUNCIL|COURT"
    r"|DEPARTMENT|DIRECTORATE|DIVISION|FACTION|FEDERATION|FLEET|FORCES?|FOUNDATION|FRONT|FUND|GANG|GROUPS?"
    r"|GUARDS?|INC|INSTITUTE|INSTITUTION|JIHAD|LEAGUE|LIBERATION|LTD|MILITIA|MINISTRY|MOVEMENT|NETWORK|NUCLEI"
    r"|NUCLEUS|OFFICE|ORGANI[SZ]ATIONS?|PARLIAMENT|PARTY|POLICE|PROGRAM|PROGRAMME|REGIMENT|RESISTANCE"
    r"|REVOLUTIONARY|SERVICES?|SOCIETY|SQUADS?|STRUGGLE|SYNDICATE|TRIBUNAL|TRUST|UNION|UNIVERSITY|WING"
    r"|HARAKAT|HIZB|JAMA.?AT|JAMAAH|JAISH|JAYSH|LASHKAR|TANZIM|KATA.?IB|ANSAR|SARAYA|LIWA+|MUJAHIDEEN)\b")
_ROLE_HEADS = re.compile(
    r"\b(PRESIDENT|VICE-PRESIDENT|SECRETARY|MINISTER|PREMIER|CHANCELLOR|SPOKES(MAN|WOMAN|PERSON)|OFFICIALS?"
    r"|AMBASSADOR|REPRESENTATIVE|GENERAL|CHIEF|DIRECTOR|CHAIRMAN|JUSTICES|SOLDIERS|LEADER|KING|QUEEN|EMIR"
    r"|COMMANDER|SENATOR|MEMBERS?)$|^(PRESIDENT|SECRETARY|DIRECTOR|CHAIRMAN|GENERAL SECRETARY|PRIME MINISTER"
    r"|HEAD|LEADER|CHIEF) OF\b")
_PERSON_COMMENT = re.compile(r"\b(leader|member|commander|founder|head of|bomb ?maker|spokes|chief|spiritual)\b", re.I)
_ABBREV = re.compile(r"[A-Z][A-Z0-9.&/-]{1,9}")
_SMALL_WORDS = {"of", "the", "for", "and", "in", "on", "to", "at", "by", "de", "del", "la", "le", "du", "des",
                "al", "el", "y", "e", "et", "da", "do", "dos", "di", "van", "von", "der", "den", "fi", "wa", "li"}
_STOP_INITIALS = {"OF", "THE", "FOR", "AND", "IN", "ON", "DE", "LA", "DU", "DES", "AL", "EL", "TO", "A"}


def _is_abbrev(phrase: str) -> bool:
    """'FBI', 'U.S.', 'HAMAS', 'DHKP/C' are abbreviations; 'HEZBOLLAH', 'MOSSAD' are names."""
    if " " in phrase or not _ABBREV.fullmatch(phrase):
        return False
    letters = [c for c in phrase if c.isalpha()]
    return len(letters) >= 2 and (len(letters) <= 5 or bool(re.search(r"[.&/\d]", phrase))
                                  or not re.search(r"[AEIOU]", phrase))


def org_title(phrase: str, keep_upper: set[str]) -> str:
    """'DRUG ENFORCEMENT AGENCY' -> 'Drug Enforcement Agency'; 'US DEPARTMENT OF STATE' -> 'US Department of State'."""
    words = []
    for i, word in enumerate(phrase.split(" ")):
        bare = word.strip("().,'\"")
        if bare in keep_upper or "." in bare or any(c.isdigit() for c in bare) \
                or (len(bare) > 1 and bare.isupper() and not re.search(r"[AEIOUY]", bare)):
            words.append(word)
        elif i > 0 and word.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    text = " ".join(words)
    return re.sub(r"(\w)'([A-Z])(?=[a-z]{2})", lambda m: f"{m.group(1)}'{m.group(2).lower()}", text)


def _initials(phrase: str, short: set[str]) -> tuple[str, str]:
    words = [w for w in re.split(r"[\s/-]+", phrase.replace(".", "")) if w]
    every = "".join(w if w in short else w[0] for w in words)
    content = "".join(w if w in short else w[0] for w in words if w not in _STOP_INITIALS)
    return every, content


class PhoenixOrgs:
    """Group (Phoenix MilNonState) and organisation (Countries, International) actors. A Phoenix record
    lists phrases that are coded alike, not always one entity ('FBI' + 'DEA' share USACOP), so phrases of
    Countries/International records are clustered into entities by acronym, country-prefix and spelling
    similarity; persons and office titles among them are dropped."""

    def __init__(self, states: dict[str, dict[str, Any]], person_keys: set[str], given: set[str],
                 taken: set[str], igo_codes: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        self.states, self.person_keys, self.given, self.taken = states, person_keys, given, taken
        self.igo_codes = igo_codes  # CAMEO codes of the curated IGOs (build_igos gives them Phoenix's variants)
        self.short = {a.upper().replace(".", "") for s in states.values() for a in s["abbreviations"] if len(a) <= 3}
        self.actors: dict[str, dict[str, Any]] = {}
        self.by_key: dict[tuple[str, str | None, str], str] = {}

    def country_of(self, chunks: list[str]) -> str | None:
        for chunk in chunks:
            iso3 = CAMEO_COUNTRY_FIXES.get(chunk, chunk)
            if iso3 in self.states:
                return iso3
        return None

    def is_person(self, phrase: str) -> bool:
        if _ORG_WORDS_EN.search(phrase) or _is_abbrev(phrase):
            return False
        if name_key(phrase) in self.person_keys:
            return True
        words = phrase.split()
        return 2 <= len(words) <= 5 and words[0] in self.given

    def add_record(self, rec: dict[str, Any], file_tag: str) -> None:
        codes = [c["code"] for c in rec["codes"] if c["code"]]
        dated_group = codes and codes[0].startswith("IMG")  # "ISLAMIC STATE OF IRAQ AND THE LEVANT" [IMGMUSISI >1999]
        if not codes or (any(c["restriction"] for c in rec["codes"]) and not dated_group) or codes[0] in self.igo_codes:
            return  # dated codes are persons (but a militant group's founding date); curated IGOs take their variants
        code = codes[0]
        chunks = _chunks(code)
        if chunks[0] == "IGO":  # an intergovernmental body the curated list lacks: an organisation of no state
            country, sectors = None, cameo_sectors(chunks)
        elif chunks[0] == "IMG":  # a transnational militant group: the next chunk is a religion or region
            country, sectors = None, cameo_sectors(chunks)  # ("IMGMUSALQ": MUS is Muslim, not Mauritius)
        elif chunks[0] in ("NGO", "MNC"):
            country, sectors = self.country_of(chunks[1:]), cameo_sectors(chunks)
        else:
            country = self.country_of(chunks[:1])
            sectors = cameo_sectors(chunks[1:] if country or len(chunks) > 1 else chunks)
        if not sectors:
            return  # a country, territory or region name
        primary = rec["phrase"]
        if _PERSON_COMMENT.search(" ".join(rec["comments"] or [])) and not _ORG_WORDS_EN.search(primary):
            return
        kind = "group" if file_tag == "MilNonState" or {"REB", "UAF"} & set(sectors) else "org"
        phrases = [p for p in dict.fromkeys([primary, *rec["synonyms"]])
                   if p.strip() and not self.is_person(p) and not _ROLE_HEADS.search(p)
                   and re.sub(r"^THE ", "", p).lower() not in self.taken
                   and (chunks[0] != "IGO" or _ORG_WORDS_EN.search(p) or _is_abbrev(p)
                        or re.fullmatch(r"[A-Z]{2,8}", p))]  # IGO rows list officials too
        if not phrases or self.is_person(primary) and file_tag == "MilNonState":
            return
        clusters = [phrases] if file_tag == "MilNonState" else self.cluster(phrases, country)
        for cluster in clusters:
            self.add_entity(cluster, kind, country, sectors, code, file_tag)

    def cluster(self, phrases: list[str], country: str | None) -> list[list[str]]:
        parent = list(range(len(phrases)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        prefixes = self.prefixes(country)
        cores = [self.core(p, prefixes) for p in phrases]
        for i, a in enumerate(phrases):
            for j in range(i):
                if self.same_entity(a, phrases[j], cores[i], cores[j]):
                    parent[find(i)] = find(j)
        groups: dict[int, list[str]] = defaultdict(list)
        for i, phrase in enumerate(phrases):
            groups[find(i)].append(phrase)
        return [groups[k] for k in sorted(groups)]

    def prefixes(self, country: str | None) -> list[str]:
        if not country:
            return ["THE "]
        state = self.states[country]
        names = [state["name"], *state["aliases"], *state["demonyms"], *state["abbreviations"]]
        return sorted({f"{n.upper()} " for n in names if n.isascii()} | {"THE "}, key=len, reverse=True)

    @staticmethod
    def core(phrase: str, prefixes: list[str]) -> str:
        core = re.sub(r"\s*\(.*?\)", "", phrase).replace("'", "")
        changed = True
        while changed:
            changed = False
            for prefix in prefixes:
                if core.startswith(prefix) and len(core) > len(prefix) + 3:
                    core, changed = core[len(prefix):], True
        return core

    def same_entity(self, a: str, b: str, core_a: str, core_b: str) -> bool:
        if core_a == core_b:
            return True
        for abbr, full in ((a, core_b), (b, core_a)):
            if _is_abbrev(abbr) and abbr.replace(".", "") in _initials(full, self.short):
                return True
        if _is_abbrev(a) or _is_abbrev(b) or min(len(core_a), len(core_b)) < 6:
            return False
        return difflib.SequenceMatcher(None, core_a, core_b).ratio() >= 0.88

    def add_entity(self, phrases: list[str], kind: str, country: str | None, sectors: list[str],
                   code: str, file_tag: str) -> None:
        names: list[str] = []
        abbrevs: list[str] = []
        for phrase in phrases:
            for inner in re.findall(r"\(([^)]*)\)", phrase):
                if _is_abbrev(inner.strip()):
                    add_unique(abbrevs, inner.strip())
            bare = re.sub(r"\s*\(.*?\)", "", phrase).strip()
            add_unique(abbrevs if _is_abbrev(bare) else names, bare)
        keep = set(abbrevs) | self.short
        aliases = [org_title(n, keep) for n in names]
        first = re.sub(r"\s*\(.*?\)", "", phrases[0]).strip()  # the first phrase names the entity
        name = first if _is_abbrev(first) else org_title(first, keep)
        keys = [name_key(x) for x in aliases + abbrevs if name_key(x)]
        actor_id = next((self.by_key[(kind, country, k)] for k in keys if (kind, country, k) in self.by_key), None)
        if actor_id is None:
            actor_id = self.new_id(kind, name, country)
            self.actors[actor_id] = {"id": actor_id, "name": name, "kind": kind, "country": country,
                                     "sectors": list(sectors), "aliases": [], "abbreviations": [],
                                     "codes": {"cameo": code}, "sources": ["phoenix"], "_file": file_tag}
        actor = self.actors[actor_id]
        add_unique(actor["aliases"], *aliases)
        add_unique(actor["abbreviations"], *abbrevs)
        for key in keys:
            self.by_key.setdefault((kind, country, key), actor_id)

    def new_id(self, kind: str, name: str, country: str | None) -> str:
        base = f"{kind}:{slugify(name) or 'x'}"
        actor_id = base if base not in self.actors else f"{base}-{(country or 'int').lower()}"
        n = 2
        while actor_id in self.actors:
            actor_id, n = f"{base}-{(country or 'int').lower()}-{n}", n + 1
        return actor_id

    def rows(self, file_tags: set[str]) -> list[dict[str, Any]]:
        return [clean({k: v for k, v in a.items() if not k.startswith("_")})
                for k, a in sorted(self.actors.items()) if a["_file"] in file_tags]


def state_igo_names(main: list[dict[str, Any]]) -> set[str]:
    """Every string (lowercased) that names a state or IGO: names, aliases, abbreviations, demonyms,
    capitals and metonyms ('the White House', 'Kremlin')."""
    return {t.lower() for a in main if a["kind"] in ("state", "igo")
            for t in [a["name"], *a.get("aliases", []), *a.get("abbreviations", []), *a.get("demonyms", []),
                      *a.get("capital", []), *(m["text"] for m in a.get("metonyms", []))]}


def build_phoenix_orgs(records: list[dict[str, Any]], states: dict[str, dict[str, Any]],
                       main: list[dict[str, Any]]) -> PhoenixOrgs:
    """Groups and organisations; phrases that already name a state or IGO (its metonyms included:
    'the White House', 'Kremlin') are left to that actor."""
    persons = [a for a in main if a["kind"] == "person"]
    taken = {re.sub(r"^the ", "", t) for t in state_igo_names(main)}
    first_words: dict[str, int] = defaultdict(int)
    person_keys = {name_key(a) for p in persons for a in [p["name"], *p.get("aliases", [])]}
    for rec in records:
        if any(c["restriction"] for c in rec["codes"]):  # dated codes: office holders
            for phrase in [rec["phrase"], *rec["synonyms"]]:
                if not _ORG_WORDS_EN.search(phrase) and not _ROLE_HEADS.search(phrase):
                    first_words[phrase.split()[0]] += 1
                    person_keys.add(name_key(phrase))
    given = {w for w, n in first_words.items() if n >= 3 and len(w) > 2 and w not in {"THE", "AL-", "EL-"}}
    igo_codes = {a["codes"]["cameo"] for a in main if a["kind"] == "igo" and a.get("codes", {}).get("cameo")}
    orgs = PhoenixOrgs(states, person_keys, given, taken, igo_codes)
    for rec in records:
        orgs.add_record(rec, rec["source_file"].split(".")[1])
    log(f"phoenix groups/orgs: {len(orgs.actors)}")
    return orgs


# ---------------------------------------------------------------- persons (Phoenix Countries)
_PERSON_TITLES = {"GOV", "KANZLER", "PRESIDENT", "PRIME", "PREMIER", "DEFENSE", "DEFENCE", "FOREIGN", "SECRETARY",
                  "MINISTER", "KING", "QUEEN", "PRINCE", "PRINCESS", "GENERAL", "GEN", "GEN.", "COLONEL", "COL",
                  "SENATOR", "SEN", "REP", "GOVERNOR", "AMBASSADOR", "CHAIRMAN", "VICE", "DEPUTY", "SHEIKH", "SHEIK", "EMIR",
                  "SULTAN", "POPE", "CARDINAL", "ARCHBISHOP", "BISHOP", "AYATOLLAH", "MR", "MRS", "MS", "DR",
                  "LORD", "LADY", "BARONESS", "SIR", "FORMER", "CHANCELLOR", "SPEAKER", "JUSTICE", "CHIEF"}

_OFFICE_WORD = re.compile(r"\b(PRESIDENT|MINISTER|SECRETARY|PREMIER|CHANCELLOR|AMBASSADOR|SENATOR|GOVERNOR|AYATOLLAH"
                          r"|SPOKES(MAN|WOMAN)|MAYOR|COMMANDER|DIRECTOR|CHAIRMAN)\b")


def _same_name(a: str, b: str) -> bool:
    """Whether two phrases of one Phoenix record can name one person ('MUAMMAR QADHAFI' and 'MUAMMAR
    GADDAFI' can; a '+' line may also list another person coded alike, which must not merge)."""
    wa, wb = a.replace("-", " ").split(), b.replace("-", " ").split()
    if wa[-1] in wb or wb[-1] in wa:
        return True
    return difflib.SequenceMatcher(None, wa[-1], wb[-1]).ratio() >= 0.7 and (wa[0] == wb[0] or wa[0][0] == wb[0][0])


def _phoenix_person_country(codes: list[dict[str, Any]], states: dict[str, dict[str, Any]]) -> tuple[str | None, str]:
    """The country of the default (undated) code, else of the latest dated one, and that code."""
    ordered = sorted(codes, key=lambda c: (c["restriction"] is None, c.get("start") or ""), reverse=True)
    for code in ordered:
        iso3 = CAMEO_COUNTRY_FIXES.get(code["code"][:3], code["code"][:3])
        if iso3 in states:
            return iso3, code["code"]
    return None, ordered[0]["code"] if ordered else ""


def _namesake(families: dict[tuple[str | None, str], dict[str, set[tuple[str, ...]]]], country: str,
              names: list[str]) -> str | None:
    """The one known person of this country with the same family name and like given names
    ('Andonios Samaras' = 'Antonis Samaras', 'Umar al Bashir' = 'Omar Hassan Ahmad al-Bashir';
    not 'Alan' = 'Boris Johnson')."""
    found = set()
    for name in names:
        family, given = family_and_given(name, country)
        for pid, givens in families.get((country, family), {}).items():
            if any(like_given(given, g, country) for g in givens):
                found.add(pid)
    return found.pop() if len(found) == 1 else None


def build_phoenix_persons(records: list[dict[str, Any]], states: dict[str, dict[str, Any]],
                          persons: list[dict[str, Any]], taken_ids: set[str],
                          taken_names: set[str]) -> list[dict[str, Any]]:
    """Persons of the Phoenix Countries dictionary: its records with dated codes (office holders and
    elites from CountryInfo, rulers.org and hand-coded leaders, 1876-2015).

    A person the knowledge base already has (same country, same name key) gets the new spellings
    in an overlay row; the others become person records with the country of their codes and the
    sectors of all of them. The dated codes are not turned into offices: their sectors
    (GOV, ELI, MIL ...) say nothing about which office, so role phrases ("the Libyan leader") and
    lone family names keep resolving through the office lists only. Phrases of one record that
    cannot name one person (a '+' line of another person coded alike) become persons of their own;
    one-word phrases only when they are not a common given name ('SUHARTO', not 'HASSAN').
    """
    records = [r for r in records
               if r["source_file"].startswith("Phoenix.Countries") and any(c["restriction"] for c in r["codes"])]
    first_words: dict[str, int] = defaultdict(int)
    for rec in records:
        for phrase in [rec["phrase"], *rec["synonyms"]]:
            first_words[phrase.split()[0]] += 1
    known: dict[tuple[str | None, str], str] = {}
    families: dict[tuple[str | None, str], dict[str, set[tuple[str, ...]]]] = defaultdict(lambda: defaultdict(set))

    ambiguous: set[tuple[str | None, str]] = set()  # initial-less keys of the known persons

    def remember(pid: str, country: str | None, names: Iterable[str]) -> None:
        for name in names:  # the full key only: 'George Bush' is not 'George W. Bush'
            known.setdefault((country, name_key(name)), pid)
            family, given = family_and_given(name, country)
            if family:
                families[(country, family)][pid].add(given)

    for person in persons:
        names = [person["name"], *person.get("aliases", [])]
        remember(person["id"], person["country"], names)
        ambiguous.update((person["country"], name_keys(n)[-1]) for n in names)
    out: dict[str, dict[str, Any]] = {}
    for rec in records:
        codes = [c for c in rec["codes"] if c["code"]]
        country, code = _phoenix_person_country(codes, states)
        sectors = [s for c in codes if CAMEO_COUNTRY_FIXES.get(c["code"][:3], c["code"][:3]) == country
                   for s in cameo_sectors(_chunks(c["code"])[1:])]
        if not country or not sectors or _ORG_WORDS_EN.search(rec["phrase"]) or rec["phrase"].lower() in taken_names:
            continue
        phrases = []
        for phrase in dict.fromkeys(" ".join(p.split()) for p in [rec["phrase"], *rec["synonyms"]]):
            words = phrase.split()
            if (not words or words[0].rstrip(".") in _PERSON_TITLES or _OFFICE_WORD.search(phrase)
                    or _ORG_WORDS_EN.search(phrase) or _ROLE_HEADS.search(phrase) or not re.search(r"[A-Z]{2}", phrase)
                    or phrase.lower() in taken_names or words[0].lower() in taken_names):
                continue
            if len(words) == 1 and (phrase != rec["phrase"] or first_words[phrase] > 1
                                    or len(phrase) < 5 or "-" in phrase):
                continue  # a mononym ('SUHARTO'), not a bare family name or a common given name
            phrases.append(phrase)
        clusters: list[list[str]] = []
        for phrase in phrases:
            home = next((c for c in clusters if any(_same_name(phrase, other) for other in c)), None)
            if home is None:
                clusters.append([phrase])
            else:
                home.append(phrase)
        for cluster in clusters:
            names = [title_case(p) for p in cluster]
            keys = [(country, name_key(n)) for n in names]
            pid = next((known[k] for k in keys if k in known), None) or _namesake(families, country, names)
            if pid is None:  # a new person; a spelling that is a known person's name but for an initial is left out
                names = [n for n in names if (country, name_keys(n)[-1]) not in ambiguous]
                if not names:
                    continue
                base = f"person:{slugify(names[0])}"
                pid = base if base not in taken_ids else f"{base}-{country.lower()}"
                n = 2
                while pid in taken_ids:
                    pid, n = f"{base}-{country.lower()}-{n}", n + 1
                taken_ids.add(pid)
                out[pid] = {"id": pid, "name": names[0], "kind": "person", "country": country, "sectors": [],
                            "aliases": [], "codes": {"cameo": code}, "sources": ["phoenix"]}
                if country in FAMILY_FIRST and " " in names[0]:  # 'Kim Il Sung': the family name comes first
                    out[pid]["family_name"] = names[0].split()[0]
            row = out.setdefault(pid, {"id": pid, "aliases": [], "sources": ["phoenix"], "_overlay": True})
            add_unique(row["aliases"], *names)
            if not row.get("_overlay"):
                row["sectors"] = sorted(set(row["sectors"]) | set(sectors))
            remember(pid, country, names)
    existing = {p["id"]: p for p in persons}
    rows = []
    for pid in sorted(out):
        row = out[pid]
        if row.pop("_overlay", False):
            have = {existing[pid]["name"], *existing[pid].get("aliases", [])}
            row["aliases"] = [a for a in row["aliases"] if a not in have]
            if not row["aliases"]:
                continue
        rows.append(clean(row))
    new = sum("name" in r for r in rows)
    log(f"phoenix persons: {new} new, {len(rows) - new} with new spellings")
    return rows


# ---------------------------------------------------------------- output
def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=False, separators=(",", ":")) for r in records]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8", newline="\n")
    log(f"wrote {path.name}: {len(lines)} rows, {path.stat().st_size:,} bytes")
    return len(lines)


def build(src: Path, out: Path, curated_dir: Path) -> dict[str, int]:
    curated = {name: list(read_jsonl(curated_dir / f"curated_{name}.jsonl"))
               for name in ("states", "metonyms", "igos", "persons", "agents")}
    states, _ = build_states(src)
    apply_curated_states(states, curated["states"])
    phoenix = list(read_jsonl(src / "eventdata-actors" / "phoenix_actors.jsonl"))  # read once, used thrice
    igos = build_igos(phoenix, curated["igos"])
    index = PersonIndex()
    parents = {k: v["parent"].split(":")[1] for k, v in states.items() if "parent" in v}
    add_factbook_persons(index, load_factbook_offices(src, parents))
    overlay = add_countryinfo_persons(index, load_countryinfo_offices(src, states))
    apply_curated_persons(index, curated["persons"], overlay)
    merge_namesakes(index, overlay)
    close_open_terms(index, overlay)
    persons, person_overlay = finish_persons(index, overlay)
    actors = {a["id"]: a for a in [*(clean(s) for s in states.values()), *igos]}
    apply_curated_metonyms(actors, curated["metonyms"])
    main = [actors[k] for k in sorted(actors)] + persons
    orgs = build_phoenix_orgs(phoenix, states, main)
    known_persons = {p["id"]: {**p, "aliases": list(p.get("aliases", []))} for p in persons}
    for row in person_overlay:  # CountryInfo-only persons, and CountryInfo spellings of the others
        if row.get("kind") == "person":
            known_persons[row["id"]] = {**row, "aliases": list(row.get("aliases", []))}
        elif row["id"] in known_persons:
            add_unique(known_persons[row["id"]]["aliases"], *row.get("aliases", []))
    taken_ids = {a["id"] for a in main} | {p["id"] for p in person_overlay} | set(orgs.actors)
    phoenix_persons = build_phoenix_persons(phoenix, states, list(known_persons.values()), taken_ids,
                                            state_igo_names(main))
    out.mkdir(parents=True, exist_ok=True)
    counts = {
        "actors.jsonl": write_jsonl(out / "actors.jsonl", main),
        "actors.countryinfo.jsonl": write_jsonl(out / "actors.countryinfo.jsonl",
                                                countryinfo_country_overlay(src, states) + person_overlay),
        "actors.mledoze.jsonl": write_jsonl(out / "actors.mledoze.jsonl", mledoze_overlay(src, states)),
        "actors.phoenix.jsonl": write_jsonl(out / "actors.phoenix.jsonl", orgs.rows({"MilNonState", "International"})),
        "actors.phoenix_countries.jsonl": write_jsonl(out / "actors.phoenix_countries.jsonl", orgs.rows({"Countries"})),
        "actors.phoenix_persons.jsonl": write_jsonl(out / "actors.phoenix_persons.jsonl", phoenix_persons),
        "agents.jsonl": write_jsonl(out / "agents.jsonl", build_agents(src, curated["agents"])),
    }
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="example: python scripts/build_kb.py ../shared/kb-sources --out src/newsprism/kb/data",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="?", type=Path, default=REPO.parent / "shared" / "kb-sources",
                        help="folder with the kb sources (default: ../shared/kb-sources)")
    parser.add_argument("--out", type=Path, default=DATA, help=f"output folder (default: {DATA.relative_to(REPO)})")
    parser.add_argument("--curated", type=Path, default=DATA, help="folder with curated_*.jsonl (default: the package data folder)")
    args = parser.parse_args(argv)
    if not (args.sources / "factbook-executives").is_dir():
        parser.error(f"{args.sources} does not look like kb-sources (no factbook-executives/)")
    build(args.sources, args.out, args.curated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
