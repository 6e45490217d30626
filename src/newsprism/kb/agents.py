"""Code generic actor phrases: nationality + role noun -> country and sector codes.

"Russian soldiers" -> RUS, MIL; "the Japanese Foreign Ministry" -> JPN, GOV; "Hezbollah" -> LBN, REB.
Country names, demonyms and abbreviations come from the state actors of the knowledge base; role
nouns ("police", "opposition supporter") from ``agents.jsonl`` (Phoenix agents dictionary plus
curated terms); named groups and organisations from the ``group``/``org`` actors. Matching is a
dictionary lookup of word n-grams (longest first), so a call costs O(words x longest term), not
O(terms). Docs: docs/knowledge-base.md.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from newsprism.kb.load import AgentTerm, KnowledgeBase, load_agents

_WORD = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"['’]s?\b")
_DETERMINER = re.compile(r"^(?:the|an?)(?:\s+|$)", re.IGNORECASE)
_ABBREV_MAX = 5  # all-caps abbreviations up to this length match case-sensitively only ("US" but not "us")
_OVERRIDE = frozenset({"ELI"})  # a modifier with only these sectors outranks the head ("retired general")


@dataclass(frozen=True, slots=True)
class AgentCode:
    """Country and sectors coded for a generic actor phrase.

    ``sectors`` is ordered, main sector first. ``matched_terms`` lists the dictionary terms, group or
    organisation names and nationality words that were used; ``actor_id`` is set when the phrase named
    a group or organisation of the knowledge base.
    """

    country: str | None
    sectors: tuple[str, ...]
    matched_terms: tuple[str, ...]
    actor_id: str | None = None


@dataclass(frozen=True, slots=True)
class AgentIndex:
    """Agent terms keyed by their lowercase word tuple (singular and plural forms)."""

    terms: dict[tuple[str, ...], AgentTerm]
    max_len: int


@dataclass(frozen=True, slots=True)
class _NationIndex:
    words: dict[tuple[str, ...], str]      # lowercase word tuple -> ISO3 (names, demonyms)
    abbrevs: dict[tuple[str, ...], str]    # exact-case word tuple -> ISO3 ("US", "ROK")
    max_len: int
    capitals: dict[tuple[str, ...], str]   # lowercase capital city -> ISO3 (code_agent fallback only)


def _key(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(text))


def make_agent_index(terms: Sequence[AgentTerm]) -> AgentIndex:
    """Index agent terms and their plurals by word tuple (first term of a spelling wins)."""
    table: dict[tuple[str, ...], AgentTerm] = {}
    for term in terms:
        for form in (term.term, *term.plural):
            key = _key(form)
            if key:
                table.setdefault(key, term)
    return AgentIndex(terms=table, max_len=max((len(k) for k in table), default=0))


@cache
def load_agent_index() -> AgentIndex:
    """The index of the packaged agent terms (cached)."""
    return make_agent_index(load_agents())


@cache
def _index_for(terms: tuple[AgentTerm, ...]) -> AgentIndex:
    return make_agent_index(terms)


def _as_index(agents: AgentIndex | Sequence[AgentTerm] | None) -> AgentIndex:
    if agents is None:
        return load_agent_index()
    if isinstance(agents, AgentIndex):
        return agents
    return _index_for(tuple(agents))


@cache
def _nation_index(kb: KnowledgeBase) -> _NationIndex:
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    exact: dict[tuple[str, ...], set[str]] = defaultdict(set)
    sovereign = {a.country for a in kb.actors.values() if a.kind == "state" and a.status != "territory"}
    for actor in kb.actors.values():
        if actor.kind != "state" or not actor.country:
            continue
        for text in (actor.name, *actor.aliases, *actor.demonyms, *actor.abbreviations):
            letters = text.replace(".", "")
            if letters.isupper() and len(letters) <= _ABBREV_MAX:
                exact[tuple(_WORD.findall(text))].add(actor.country)
            elif len(letters) > 2:
                owners[_key(text)].add(actor.country)
    capitals: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for actor in kb.actors.values():
        if actor.kind == "state" and actor.country:
            for city in actor.capital:
                capitals[_key(city)].add(actor.country)
    words = _unambiguous(owners, sovereign)
    abbrevs = _unambiguous(exact, sovereign)
    return _NationIndex(words=words, abbrevs=abbrevs, max_len=max(len(k) for k in (*words, *abbrevs)),
                        capitals={k: v for k, v in _unambiguous(capitals, sovereign).items() if k not in words})


def _unambiguous(owners: dict[tuple[str, ...], set[str]], sovereign: set[str | None]) -> dict[tuple[str, ...], str]:
    """Keep strings that name one state, or one sovereign state among territories ('American')."""
    out = {}
    for key, isos in owners.items():
        if len(isos) > 1:
            isos = isos & sovereign
        if len(isos) == 1 and key:
            out[key] = next(iter(isos))
    return out


def _find_span(text: str, index: _NationIndex) -> tuple[int, int, str] | None:
    """Longest (then leftmost) country-name span in ``text`` as (start, end, iso3)."""
    matches = list(_WORD.finditer(text))
    best: tuple[int, int, str] | None = None
    for i in range(len(matches)):
        if not matches[i].group()[0].isupper():  # country names and demonyms are capitalised
            continue
        for n in range(min(index.max_len, len(matches) - i), 0, -1):
            window = matches[i:i + n]
            exact = tuple(m.group() for m in window)
            iso3 = index.abbrevs.get(exact) or index.words.get(tuple(w.lower() for w in exact))
            if iso3 and (best is None or n > best[1]):
                best = (i, n, iso3)
                break
    if best is None:
        return None
    i, n, iso3 = best
    start, end = matches[i].start(), matches[i + n - 1].end()
    if text[end:end + 1] == "." and text[start:end].count(".") > 0:  # "U.S." keeps its final dot
        end += 1
    possessive = _POSSESSIVE.match(text, end)
    return start, possessive.end() if possessive else end, iso3


def find_nationality(text: str, kb: KnowledgeBase) -> tuple[str | None, str]:
    """The country named in a short actor phrase, and the phrase without it.

    The longest country name, demonym or abbreviation wins ("South Korean" over "Korean"); it is cut
    out in place (so "four Saudi men" -> "four  men", two spaces), a possessive "'s" goes with it, a
    leading article is dropped and the rest is stripped. Ambiguous words ("Korean") give no country.

    Args:
        text: a short phrase such as "an American destroyer" or "Chile's Defense Ministry".
        kb: the knowledge base (``load_kb()``).

    Returns:
        (ISO3 code or None, remaining text); with no country found the text is returned stripped.
    """
    span = _find_span(text, _nation_index(kb))
    if span is None:
        return None, text.strip()
    start, end, iso3 = span
    rest = (text[:start] + text[end:]).strip()
    return iso3, _DETERMINER.sub("", rest).strip()


def _singular(word: str) -> str:
    for suffix, repl in (("ies", "y"), ("men", "man"), ("sses", "ss"), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + repl
    return word


def _match_terms(words: list[str], index: AgentIndex) -> list[tuple[int, int, AgentTerm]]:
    """Greedy left-to-right longest matches as (start word, length, term)."""
    found = []
    i = 0
    while i < len(words):
        for n in range(min(index.max_len, len(words) - i), 0, -1):
            key = tuple(words[i:i + n])
            term = index.terms.get(key) or index.terms.get((*key[:-1], _singular(key[-1])))
            if term:
                found.append((i, n, term))
                i += n
                break
        else:
            i += 1
    return found


def _ordered_sectors(found: list[tuple[int, int, AgentTerm]]) -> list[str]:
    """Head noun (last match) first, unless an ELI-only modifier precedes it; then the others."""
    ordered = [found[-1], *reversed(found[:-1])]
    override = [f for f in found[:-1] if set(f[2].sectors) <= _OVERRIDE]
    if override:
        ordered = [override[0], *[f for f in ordered if f is not override[0]]]
    sectors: list[str] = []
    for _, _, term in ordered:
        sectors.extend(s for s in term.sectors if s not in sectors)
    return sectors


def agent_sectors(text: str, agents: AgentIndex | Sequence[AgentTerm] | None = None) -> list[str]:
    """Sector codes of the role nouns in a short phrase, main sector first.

    Longest dictionary match wins ("opposition supporters" is one term), plurals are known forms or
    a regular singular of the last word, and the last match is the head ("police spokesman" is the
    spokesman's sector) unless an elite-only modifier ("retired", "former president") precedes it.

    Args:
        text: a short phrase, e.g. "cyber criminals", "retired vice president".
        agents: an :class:`AgentIndex`, a sequence of :class:`AgentTerm`, or None for the packaged terms.

    Returns:
        Sector codes such as ``["CRM"]``; empty when no term matches.
    """
    found = _match_terms(list(_key(text)), _as_index(agents))
    return _ordered_sectors(found) if found else []


def _named_actor(text: str, kb: KnowledgeBase) -> str | None:
    """Id of a group or organisation whose name or abbreviation is the whole phrase (article dropped)."""
    bare = _DETERMINER.sub("", text.strip()).strip()
    for candidate in (bare, _DETERMINER.sub("", re.sub(r"\s+", " ", bare))):
        ids = [i for i in kb.by_alias().get(candidate.lower(), ()) if kb.actors[i].kind in ("group", "org")]
        if ids:  # prefer an actor with a country ('PLA': the Chinese army over an Irish cover name)
            return min(ids, key=lambda i: kb.actors[i].country is None)
    return None


def _find_capital(text: str, kb: KnowledgeBase) -> tuple[str | None, str]:
    capitals = _nation_index(kb).capitals
    matches = list(_WORD.finditer(text))
    for i, match in enumerate(matches):
        for n in (3, 2, 1):
            window = matches[i:i + n]
            if len(window) == n and match.group()[0].isupper():
                iso3 = capitals.get(tuple(m.group().lower() for m in window))
                if iso3:
                    rest = text[:match.start()] + text[window[-1].end():]
                    return iso3, _DETERMINER.sub("", rest.strip()).strip()
    return None, text


def code_agent(text: str, kb: KnowledgeBase, *, date: str | None = None,
               agents: AgentIndex | Sequence[AgentTerm] | None = None) -> AgentCode:
    """Code a generic actor phrase: nationality + role nouns, or a named group/organisation.

    Args:
        text: e.g. "Russian soldiers", "South Korean opposition supporters", "the DEA".
        kb: the knowledge base (``load_kb()``).
        date: ISO date of the text; reserved for dated codes (the Phoenix group and organisation
            codes used here carry no dates, so it does not change the result yet).
        agents: agent terms as for :func:`agent_sectors`.

    Returns:
        An :class:`AgentCode`; country None and no sectors when nothing is recognised.
    """
    actor_id = _named_actor(text, kb)
    if actor_id is not None:
        actor = kb.actors[actor_id]
        return AgentCode(actor.country, actor.sectors, (actor.name,), actor_id)
    country, rest = find_nationality(text, kb)
    if country is None:  # "Kyiv police": a capital city stands for its state
        country, rest = _find_capital(rest, kb)
    index = _as_index(agents)
    found = _match_terms(list(_key(rest)), index)
    actor_id = _named_actor(rest, kb) if rest and not found else None
    if actor_id is not None:
        actor = kb.actors[actor_id]
        return AgentCode(actor.country or country, actor.sectors, (actor.name,), actor_id)
    terms = tuple(term.term for _, _, term in found)
    return AgentCode(country, tuple(_ordered_sectors(found)) if found else (), terms)
