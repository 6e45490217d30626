"""The actor index: the knowledge base compiled into hash tables for resolution.

Built once per process (cached, like a model) from :func:`newsprism.kb.load.load_kb`:
every actor's names, aliases, abbreviations, demonyms and the spelling variants generated
from its native-script names (:mod:`newsprism.kb.variants`) become keys of one dict, so a
mention is looked up in O(1), never by a loop over the knowledge base.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from newsprism.kb.load import Actor, KnowledgeBase, load_kb
from newsprism.kb.names import ARABIC_ARTICLE, FAMILY_FIRST
from newsprism.kb.variants import han_readings, name_variants, normalize_name, romanize_korean

_THE = re.compile(r"^the\s+", re.I)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@lru_cache(maxsize=131072)
def alias_key(text: str) -> str:
    """The lookup key of a name: normalised, leading 'the' and all spaces dropped."""
    return normalize_name(_THE.sub("", text.strip())).replace(" ", "")


@lru_cache(maxsize=131072)
def soundex(word: str) -> str:
    """American Soundex of one word ('Radev', 'RADF', 'radph' -> 'R310')."""
    letters = [c for c in normalize_name(word) if "a" <= c <= "z"]
    if not letters:
        return ""
    codes = {**dict.fromkeys("bfpv", "1"), **dict.fromkeys("cgjkqsxz", "2"), **dict.fromkeys("dt", "3"),
             "l": "4", **dict.fromkeys("mn", "5"), "r": "6"}  # fmt: skip
    out, last = [letters[0].upper()], codes.get(letters[0], "")
    for char in letters[1:]:
        code = codes.get(char, "")
        if code and code != last:
            out.append(code)
        if char not in "hw":
            last = code
    return ("".join(out) + "000")[:4]


@dataclass(frozen=True, slots=True)
class ActorIndex:
    """Hash tables over the knowledge base (see module docstring)."""

    kb: KnowledgeBase
    aliases: dict[str, tuple[str, ...]]  # alias_key -> actor ids
    abbreviations: dict[str, tuple[str, ...]]  # exact surface (case-sensitive) -> actor ids
    metonyms: dict[str, str]  # alias_key of a capital / seat of power -> state or IGO id
    capitals: frozenset[str]  # the metonym keys that are capital cities (also plain places elsewhere)
    surnames: dict[str, tuple[str, ...]]  # alias_key of a family-name spelling -> person ids
    given_names: frozenset[str]  # alias_keys that begin the names of two or more persons ('Martin', 'Hussein')
    surname_sounds: dict[str, tuple[str, ...]]  # soundex of a family name -> person ids
    first_words: frozenset[str]  # alias_key of the first word of every alias
    demonyms: frozenset[str]  # alias keys that are demonyms ('South Korean'): never with a leading 'the'
    roles: dict[str, dict[str, str]]  # 'state' / 'igo' -> role phrase -> KB role
    cues: dict[str, Any]
    max_words: int
    role_words: int = 1  # the longest role phrase, in words
    role_starts: frozenset[str] = frozenset()  # the words role phrases start with

    def actor(self, actor_id: str) -> Actor | None:
        return self.kb.actors.get(actor_id)

    def abbreviation(self, text: str) -> tuple[str, ...] | None:
        """Actors with this abbreviation, written with or without dots ('U.S.', 'US')."""
        return self.abbreviations.get(text) or self.abbreviations.get(text.replace(".", ""))


@cache
def load_index() -> ActorIndex:
    """Build the index once per process."""
    return build_index(load_kb())


def build_index(kb: KnowledgeBase) -> ActorIndex:
    aliases: dict[str, set[str]] = defaultdict(set)
    first_words: set[str] = set()
    abbreviations: dict[str, set[str]] = defaultdict(set)
    metonyms: dict[str, str] = {}
    capitals: set[str] = set()
    surnames: dict[str, set[str]] = defaultdict(set)
    given: dict[str, set[str]] = defaultdict(set)  # first words of persons' names -> persons
    roles = _read_toml("_roles.toml")
    role_endings = tuple(" " + phrase for table in roles.values() for phrases in table.values() for phrase in phrases)
    for actor in kb.actors.values():
        for text in _names(actor):
            if actor.kind in ("org", "group") and f" {text.lower()}".endswith(role_endings):
                continue  # a job title ("US Secretary of Defense") is resolved by role and date instead
            key = alias_key(text)
            if len(key) >= 3 or (len(key) == 2 and actor.kind != "person"):
                aliases[key].add(actor.id)
                first_words.add(alias_key(_THE.sub("", text.strip()).split()[0]) if text.strip() else "")
        for abbreviation in _abbreviations(actor):
            abbreviations[abbreviation].add(actor.id)
            first_words.add(alias_key(abbreviation.split()[0]))
        for metonym in actor.metonyms:
            metonyms.setdefault(alias_key(metonym["text"]), actor.id)
            if metonym.get("type") == "capital":
                capitals.add(alias_key(metonym["text"]))
        for family in _family_spellings(actor):
            surnames[alias_key(family)].add(actor.id)
        if actor.kind == "person" and actor.country not in FAMILY_FIRST:  # the first word of a full name
            for words in (text.split() for text in (actor.name, *actor.aliases)):
                if len(words) > 1:
                    given[alias_key(words[0])].add(actor.id)
    for key, owner in metonyms.items():  # a capital is a place unless it acts: never a plain alias
        if aliases.get(key) == {owner}:
            del aliases[key]
    sounds: dict[str, set[str]] = defaultdict(set)
    for key, ids in surnames.items():
        sounds[soundex(key)] |= ids
    return ActorIndex(
        kb=kb,
        aliases=_freeze(aliases),
        abbreviations=_freeze(abbreviations),
        metonyms=metonyms,
        capitals=frozenset(capitals),
        first_words=frozenset(first_words),
        demonyms=frozenset(alias_key(d) for a in kb.actors.values() for d in (*a.demonyms, *map(_plural, a.demonyms)) if d),
        surnames=_freeze(surnames),
        given_names=frozenset(k for k, ids in given.items() if len(ids) > 1),
        surname_sounds=_freeze(sounds),
        roles={kind: {phrase: role for role, phrases in table.items() for phrase in phrases} for kind, table in roles.items()},
        cues=_read_toml("_actor_cues.toml"),
        max_words=8,
        role_words=max(len(p.split()) for table in roles.values() for phrases in table.values() for p in phrases),
        role_starts=frozenset(re.split(r"[\s-]", p)[0] for table in roles.values() for phrases in table.values() for p in phrases),
    )


def _read_toml(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("newsprism.extract").joinpath(name).read_text("utf-8"))


def _freeze(table: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(sorted(ids)) for key, ids in table.items() if key}


def _names(actor: Actor) -> Iterable[str]:
    yield actor.name
    if actor.kind == "state":  # country-name lists carry short foreign spellings that collide with words
        yield from (a for a in actor.aliases if len(alias_key(a)) >= 5)
    else:
        yield from actor.aliases
    yield from actor.demonyms
    yield from (_plural(d) for d in actor.demonyms if _plural(d))
    if actor.kind == "person":
        native = {lang: list(names) for lang, names in actor.names.items()}
        yield from name_variants(native, [actor.name, *actor.aliases])
        yield from _swapped(actor)


def _plural(demonym: str) -> str | None:
    """The people's plural of a demonym ("Israeli" -> "Israelis", "Croat" -> "Croats"); None where English
    uses the singular or another word ("Chinese", "Swiss", "British", "French")."""
    if not demonym[-1:].isalpha() or " " in demonym or demonym.endswith(("ese", "s", "sh", "ch", "x", "z")):
        return None
    return demonym + "s"


def _swapped(actor: Actor) -> Iterable[str]:
    """'Kishida Fumio' for 'Fumio Kishida' and back: both orders occur in English news."""
    family = actor.family_name
    for name in (actor.name, *actor.aliases):
        parts = name.split()
        if family and len(parts) >= 2 and family in (parts[0], parts[-1]):
            rest = [p for p in parts if p != family]
            yield " ".join([family, *rest]) if parts[-1] == family else " ".join([*rest, family])


def _abbreviations(actor: Actor) -> Iterable[str]:
    codes = {v for v in actor.codes.values() if isinstance(v, str)}
    # a state's ISO-2 code ("IN", "IT", "NO") collides with words; it names the state in prose
    # only where its dotted form is listed too ("U.S." beside "US")
    dotted = {a.replace(".", "") for a in actor.abbreviations if "." in a}
    for abbreviation in actor.abbreviations:
        if abbreviation not in codes or actor.kind != "state" or len(abbreviation) > 2 or abbreviation in dotted:
            yield abbreviation
    for alias in actor.aliases:
        if alias.isupper() and 2 <= len(alias) <= 6 and alias not in codes:
            yield alias


# first parts of a hyphenated family name that do not stand alone ('Abdel-Aziz', 'Ould-Taya', 'Ben-Ali')
_NAME_PREFIXES = frozenset({"abd", "abdel", "abdul", "abdal", "abu", "ben", "bin", "ibn", "ould", "el", "al", "ait",
                            "bou"})


def _family_spellings(actor: Actor) -> Iterable[str]:
    """The family name and, for Korean names, every romanisation of its Hangul syllable(s)."""
    if actor.kind != "person":
        return
    family = actor.family_name or (actor.name.split()[-1] if " " in actor.name else None)
    if family:
        yield family
        article = ARABIC_ARTICLE.match(family)
        if article and family[article.end() :].strip():  # 'al-BASHIR' is also written 'Bashir', 'El Bashir'
            yield family[article.end() :].strip()
        first, _, last = family.rpartition("-")
        if first and len(last) >= 4 and alias_key(first.split("-")[0]) not in _NAME_PREFIXES:
            yield last  # 'Hoseini-KHAMENEI' is also 'Khamenei'; not 'Abdel-Aziz' -> 'Aziz'
    for hangul in actor.names.get("ko-Hang", ()):
        if _HANGUL.match(hangul):
            for spelling in romanize_korean(hangul[:1]):
                yield spelling.split()[0]
    for lang in ("ko-Hani", "zh-Hans", "zh-Hant", "zh"):  # every Mandarin reading of the family character
        for hanzi in actor.names.get(lang, ()):
            readings = han_readings(hanzi[:1])
            yield from (r for per_char in readings["mandarin"] + readings["wade_giles"] for r in per_char)
