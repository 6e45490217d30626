"""Actor resolution: every mention of a person, state or organisation → one canonical actor.

Runs over a parsed spaCy ``Doc`` (a pipeline component wraps it, see
``annotate.components``) in passes, each keeping its evidence as the ``method``:

1. ``alias``: capitalised n-grams looked up in the actor index (names, aliases, demonyms,
   abbreviations and spelling variants generated from native script);
2. ``role``: "the Bulgarian President", "NATO's secretary general", "the President of
   South Korea" → whoever held the office on the reference date; a name right after the
   role phrase ("President RADF") is the same person;
3. ``metonym``: a capital or seat of power that acts or speaks ("Seoul said", "the
   Kremlin's") → the state; as a place ("in Seoul") it stays a place;
4. ``short_name`` / ``fuzzy``: remaining names matched, family name first, against the
   persons already resolved in the article ("Yun", "Yoon Sin Shu", "radph"), then against
   office holders plausible on the date;
5. ``pronoun``: "he"/"she" as the subject of a clause → the nearest preceding person;
6. ``new``: unknown people and organisations get a deterministic new id, so the same name
   in another article is the same actor.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from newsprism.annotate.extensions import doc_text
from newsprism.extract.actor_index import ActorIndex, alias_key, soundex
from newsprism.kb.load import Actor, KnowledgeBase
from newsprism.kb.names import family_and_given, like_given
from newsprism.kb.variants import normalize_name, syllable_match

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from newsprism.model import Quote

# v7: former leaders of states the story does not name, a third name round, titled names NER missed,
# honorific genders for pronouns;
# v6: home state of party members, bodies and legislators, short forms ('the North'), first person in quotes
# (speaker_pronouns); v5: definite titles ('the president'), his/her, seats of power acted on, described
# names ('Iran's foreign minister, X'); v4: lone family names in tiers (former leaders of named states);
# v3: listed (Phoenix) persons need their state named, Arabic name spellings; v2: unknown office holders placed
RESOLVER = "newsprism.actors.rules.v7"
_SLUG = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = ("'s", "’s", "'", "’")
_AFFILIATION_DEPS = ("poss", "amod", "compound", "nmod")  # "X, Algeria's activist", "X, a Kenyan official"
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
_CONFIDENCE = {"alias": 0.95, "role": 0.85, "metonym": 0.8, "short_name": 0.85, "fuzzy": 0.65,
               "pronoun": 0.7, "definite_title": 0.7, "home_body": 0.6, "short_form": 0.8, "quote_speaker": 0.7,
               "new": 0.5}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ActorMention:
    """One resolved (or deliberately unresolved) mention, in character offsets."""

    start: int
    end: int
    text: str
    label: str
    actor_id: str | None
    method: str | None
    confidence: float | None


@dataclass(frozen=True, slots=True)
class NewActor:
    """An actor not in the knowledge base, named by the text."""

    id: str
    name: str
    kind: str
    country: str | None


@dataclass(slots=True)
class _Candidate:
    start: int  # token offsets
    end: int
    label: str
    ids: tuple[str, ...] = ()
    actor_id: str | None = None
    method: str | None = None
    score: float = 0.0


@dataclass(slots=True)
class _State:
    doc: Doc
    index: ActorIndex
    date: str | None
    known_words: frozenset[str] = frozenset()  # English word forms: a lower-case word in it is no garbled name
    resolved: list[_Candidate] = field(default_factory=list)
    new: dict[str, NewActor] = field(default_factory=dict)
    taken: set[int] = field(default_factory=set)
    sounds: dict[str, set[str]] = field(default_factory=dict)  # Soundex -> persons, built for ``sounds_for``
    sounds_for: tuple[str, ...] | None = None
    lower: list[str] = field(default_factory=list)  # per-token attributes, read once (Token access is slow)
    tag: list[str] = field(default_factory=list)
    alpha: list[bool] = field(default_factory=list)
    cap: list[bool] = field(default_factory=list)  # title-case or upper-case
    keys: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # character offsets of each token
    ends: list[int] = field(default_factory=list)
    text: str = ""  # doc.text, read once (spaCy rebuilds it from the tokens on every access)
    english: bool | None = None  # most lower-case words are English (``_english``), computed once
    named_in_text: frozenset[str] | None = None  # states the text names (``_named_states``), computed once
    quoted: list[tuple[int, int]] | None = None  # character ranges inside quotation marks (``_quoted``), once
    home: tuple[int, str | None] | None = None  # (mentions resolved when computed, ``_home_state``)

    def __post_init__(self) -> None:
        from spacy.attrs import IDX, IS_ALPHA, IS_TITLE, IS_UPPER, LENGTH, LOWER, ORTH, TAG

        self.text = doc_text(self.doc)
        strings = self.doc.vocab.strings
        rows = self.doc.to_array([ORTH, LOWER, TAG, IS_ALPHA, IS_TITLE, IS_UPPER, IDX, LENGTH]).tolist()
        for orth, lower, tag, alpha, title, upper, idx, length in rows:
            text = strings[orth]
            self.starts.append(idx)
            self.ends.append(idx + length)
            self.lower.append(strings[lower])
            self.tag.append(strings[tag])
            self.alpha.append(bool(alpha))
            self.cap.append(bool(title or upper))
            self.keys.append(alias_key(text) if alpha or text == "-" or "." in text else "\x00")

    def word(self, i: int) -> str:
        """Token ``i``'s text (without building a spaCy Token)."""
        return self.text[self.starts[i] : self.ends[i]]

    def doc_actors(self) -> list[str]:
        return list(dict.fromkeys(c.actor_id for c in self.resolved if c.actor_id))

    def take(self, candidate: _Candidate) -> bool:
        tokens = set(range(candidate.start, candidate.end))
        if tokens & self.taken:
            return False
        self.taken |= tokens
        self.resolved.append(candidate)
        return True


def resolve_actors(
    doc: Doc, index: ActorIndex, *, date: str | None, known_words: frozenset[str] = frozenset()
) -> tuple[list[ActorMention], list[NewActor]]:
    """Resolve the actor mentions of one parsed document.

    Args:
        doc: a spaCy Doc with tagger, parser and NER annotations.
        index: the actor index (``actor_index.load_index()``).
        date: the reference date ('YYYY-MM-DD' or partial 'YYYY'), or None when unknown.
        known_words: English word forms (the model lemmatizer's index); a lower-case word
            among them is never taken for a misspelt name.

    Returns:
        The mentions in text order and the new actors they created.
    """
    state = _State(doc, index, date, known_words)
    _alias_pass(state)
    _unplaced_listed_persons(state)
    _role_pass(state)
    _metonym_pass(state)
    _short_form_pass(state)
    _name_pass(state)
    _pronoun_pass(state)
    _definite_title_pass(state)
    _home_body_pass(state)
    mentions = [_to_mention(doc, c) for c in sorted(state.resolved, key=lambda c: c.start)]
    return mentions, list(state.new.values())


# -- pass 1: aliases -------------------------------------------------------------------
def _alias_pass(state: _State) -> None:
    doc, index = state.doc, state.index
    ner = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
    i = 0
    while i < len(doc):
        match = _longest_alias(state, i) if state.cap[i] or state.lower[i] == "the" else None
        if match is None:
            i += 1
            continue
        start, end, ids = match
        ent = ner.get(start)
        if _inside_larger_name(doc, index, ent, start, end, ids) and not _role_follows(index, doc, end, ent):
            i = ent.end
            continue
        if _region_of(doc, ner.get(start), start):  # "Northern Ireland", "West Papua": a region, not the state
            i = end
            continue
        if _first_name_of_another(index, ent, start, end, ids) or _namesake_place(state, ent, start, end, ids) \
                or _person_named_like_a_province(state, ent, start, end, ids):
            i = ent.end
            continue
        candidate = _Candidate(start, end, _label_for(index, ids, ent), ids)
        _choose(state, candidate, method="alias")
        state.take(candidate)
        i = end


def _listed_only(actor: Actor) -> bool:
    """A person the knowledge base knows only from a dictionary of names and codes (Phoenix), with no
    office list: many of them share their names with other people ('John Williams', 'David Parker')."""
    return actor.kind == "person" and not actor.offices and set(actor.sources) <= {"phoenix"}


def _unplaced_listed_persons(state: _State) -> None:
    """A name that matches only such a listed person is that person only in an article that names his
    state (a name, a demonym, or another actor of it): "José Serrano" in a New York story is not
    Ecuador's minister. Otherwise the mention is left to the later passes (a new actor)."""
    kb = state.index.kb
    suspects = [c for c in state.resolved if c.method == "alias" and c.actor_id and _listed_only(kb.actors[c.actor_id])]
    if not suspects:
        return
    named = _named_states(state) | {
        kb.actors[c.actor_id].country for c in state.resolved if c.actor_id and not _listed_only(kb.actors[c.actor_id])
    }
    for candidate in suspects:
        keep = tuple(a for a in candidate.ids if not _listed_only(kb.actors[a]) or kb.actors[a].country in named)
        if keep:
            candidate.ids = keep
            _choose(state, candidate, method="alias")
        else:
            state.resolved.remove(candidate)
            state.taken -= set(range(candidate.start, candidate.end))


def _named_states(state: _State) -> set[str]:
    """Every state whose name, abbreviation, demonym, capital or seat of power (one to three capitalised
    words) occurs in the text, also inside longer names ("the Kenya Anti-Corruption Commission"), and
    every state already resolved."""
    resolved = {c.actor_id[6:] for c in state.resolved if c.actor_id and c.actor_id.startswith("state:")}
    if state.named_in_text is None:
        state.named_in_text = _states_in_text(state)
    return resolved | state.named_in_text


def _states_in_text(state: _State) -> frozenset[str]:
    found: set[str] = set()
    aliases, metonyms = state.index.aliases, state.index.metonyms
    n = len(state.keys)
    for i in range(n):
        if not state.cap[i]:
            continue
        word = state.word(i)
        if word.isupper() or "." in word:  # 'U.S.', 'UK'
            found.update(a[6:] for a in state.index.abbreviation(word) or () if a.startswith("state:"))
        key = ""
        for j in range(i, min(i + 3, n)):
            key += state.keys[j]
            found.update(a[6:] for a in aliases.get(key, ()) if a.startswith("state:"))
            seat = metonyms.get(key, "")
            if seat.startswith("state:"):  # 'London', 'the Kremlin'
                found.add(seat[6:])
    return frozenset(found)


def _longest_alias(state: _State, i: int) -> tuple[int, int, tuple[str, ...]] | None:
    """The longest alias starting at token ``i`` (or just after a leading 'the')."""
    doc, index, keys = state.doc, state.index, state.keys
    start = i + 1 if state.lower[i] == "the" and i + 1 < len(doc) else i
    if not state.cap[start] or keys[start] not in index.first_words:
        return None
    limit = min(len(doc), start + index.max_words)
    for end in range(limit, start, -1):
        last = state.word(end - 1)
        if "\x00" in keys[start:end] or not (state.alpha[end - 1] or ("." in last and last.replace(".", "").isalpha())):
            continue
        text = state.text[state.starts[start] : state.ends[end - 1]]
        ids = index.abbreviation(text)
        if ids is None and (not text.isupper() or len(text) > 4):
            ids = index.aliases.get("".join(keys[start:end]))
        if ids is None and end - start == 1:
            ids = _acronym_as_word(state, start, text)
        if ids and _capitalised(doc[start:end]):
            bare = all(a.startswith("person:") for a in ids) or "".join(keys[start:end]) in index.demonyms or text.isupper()
            return (i if start > i and not bare else start), end, ids
    return None


def _acronym_as_word(state: _State, i: int, text: str) -> tuple[str, ...] | None:
    """An organisation's acronym written as a word, as British papers do ("Nato", "Opec", "Unicef"): a
    title-case word of four letters or more, tagged as an organisation by NER, that spells a body's
    abbreviation ("Care must be taken" is no CARE)."""
    if len(text) < 4 or not text.istitle() or not text.isalpha() or state.doc[i].ent_type_ != "ORG":
        return None
    kb = state.index.kb.actors
    ids = tuple(a for a in state.index.abbreviations.get(text.upper(), ()) if kb[a].kind in ("igo", "org", "group"))
    return ids or None


def _capitalised(span: Span) -> bool:
    """Every word of a name starts upper-case (except particles and the part after a hyphen: 'Kim Jong-un')."""
    words = [
        t for t in span
        if (t.is_alpha or t.text.replace(".", "").isalpha()) and t.lower_ not in ("the", "of", "and", "for", "de", "la", "al")
        and not (t.i > span.start and t.nbor(-1).text == "-" and not t.nbor(-1).whitespace_)
    ]  # fmt: skip
    return bool(words) and all(t.text[0].isupper() for t in words)


def _inside_larger_name(doc: Doc, index: ActorIndex, ent: Span | None, start: int, end: int, ids: tuple[str, ...]) -> bool:
    """A state or demonym inside a longer name ('the Korean Central News Agency', 'the Korean Peninsula')."""
    if ent is None or ent.label_ not in ("ORG", "FAC", "LOC", "EVENT", "WORK_OF_ART", "LAW") or (ent.start >= start and ent.end <= end):
        return False
    kinds = {index.kb.actors[a].kind for a in ids if a in index.kb.actors}
    return "person" not in kinds and ent.start <= start and ent.end >= end and len(ent) > end - start + 1


def _first_name_of_another(index: ActorIndex, ent: Span | None, start: int, end: int, ids: tuple[str, ...]) -> bool:
    """A one-word person's name that starts a longer personal name is another person's given name
    ("Henri" is Luxembourg's grand duke, "Henri Dufresne" is not)."""
    return (
        ent is not None and ent.label_ == "PERSON" and ent.start == start and ent.end > end and end - start == 1
        and all(index.kb.actors[a].kind == "person" for a in ids if a in index.kb.actors)
    )  # fmt: skip


def _english(state: _State) -> bool:
    """Most of the text's lower-case words are English word forms (unknown without a word list)."""
    if not state.known_words:
        return True
    if state.english is None:
        words = [w for w, alpha in zip(state.lower[:400], state.alpha[:400], strict=True) if alpha and w.islower()]
        state.english = not words or sum(w in state.known_words for w in words) >= 0.6 * len(words)
    return state.english


def _namesake_place(state: _State, ent: Span | None, start: int, end: int, ids: tuple[str, ...]) -> bool:
    """A state's name inside a longer personal or place name that is not the state: part of a
    person's name ("Jordan Smith", "Sadie Holland"), or a place named after it ("New Hampshire",
    "New England"). A demonym stays ("Chinese Xi")."""
    if ent is None or ent.label_ not in ("PERSON", "GPE", "LOC") or len(ent) < 2:
        return False
    if not all(a.startswith("state:") for a in ids):
        return False
    if ent.label_ == "PERSON":  # the English model's PERSON is noise in other languages ("La Russie")
        name = all(state.tag[j] == "NNP" for j in range(ent.start, ent.end) if j != start)  # not "Virginia Democrats"
        return end - start == 1 and name and state.keys[start] not in state.index.demonyms and _english(state)
    return ent.start < start and state.word(start - 1) == "New"


def _person_named_like_a_province(state: _State, ent: Span | None, start: int, end: int, ids: tuple[str, ...]) -> bool:
    """A lone name NER calls a person that is a place under a state ("Kerry", County Kerry under Ireland) and
    the family name of a person the article named before or of someone in office on its date (John Kerry in
    2013): the person."""
    if ent is None or ent.label_ != "PERSON" or end - start != 1:
        return False
    if not ids or not all(a.startswith("state:") for a in ids):
        return False
    named = set(_doc_people(state))
    for person in state.index.surnames.get(state.keys[start], ()):
        actor = state.index.kb.actors.get(person)
        if person in named or (actor is not None and state.date and any(o.covers(state.date) for o in actor.offices)):
            return True
    return False


_COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "northeast",
            "northwest", "southeast", "southwest", "central", "upper", "lower"}


def _region_of(doc: Doc, ent: Span | None, start: int) -> bool:
    """A region named with a capitalised compass word before a state's name ("Northern Ireland", "West
    Papua"); a lower-case one is a part of that state ("eastern Ukraine")."""
    if ent is None or ent.label_ not in ("GPE", "LOC") or ent.start >= start:
        return False
    words = doc[ent.start : start]
    return all(t.lower_ in _COMPASS and t.text[0].isupper() and not t.is_sent_start for t in words)


def _role_follows(index: ActorIndex, doc: Doc, end: int, ent: Span | None) -> bool:
    """The rest of the entity is a role or body phrase ('South Korean | National Security Advisor')."""
    rest = doc[end : ent.end].text.lower() if ent is not None else ""
    return any(rest in table for table in index.roles.values())


def _label_for(index: ActorIndex, ids: tuple[str, ...], ent: Span | None) -> str:
    if ent is not None and ent.label_ == "NORP":
        return ent.label_
    kind = index.kb.actors[ids[0]].kind if ids and ids[0] in index.kb.actors else ""
    return {"person": "PERSON", "state": "GPE"}.get(kind, "ORG")


def _choose(state: _State, candidate: _Candidate, *, method: str) -> None:
    """Pick the best of the candidate ids: right kind, plausible on the date, already in the article."""
    in_doc = set(state.doc_actors())
    best = max(candidate.ids, key=lambda a: (_plausibility(state, a, candidate.label, in_doc), a))
    candidate.actor_id, candidate.method = best, method


def _plausibility(state: _State, actor_id: str, label: str, in_doc: set[str]) -> float:
    actor = state.index.kb.actors[actor_id]
    score = 3.0 if actor_id in in_doc else 0.0
    score += 1.0 if (label == "PERSON") == (actor.kind == "person") else 0.0
    score += 0.5 if "curated" in actor.sources else 0.0
    if actor.offices:
        score += 2.0 if state.date and any(o.covers(state.date) for o in actor.offices) else 0.0
        score += min(len(actor.offices), 5) * 0.1
    return score


# -- pass 2: role phrases --------------------------------------------------------------
def _role_pass(state: _State) -> None:
    doc = state.doc
    by_start = {c.start: c for c in state.resolved}
    by_end = {c.end: c for c in state.resolved}
    for start, end, phrase in _role_terms(state):
        owner, span_start, span_end = _role_owner(doc, by_end, by_start, start, end)
        if owner is None:
            continue
        holder = _office_holder(state, owner, phrase)
        if holder is None:
            continue
        named = by_start.get(span_end)  # a person already resolved right after the role holds it
        if _is_person(state, holder) and named is not None and named.label == "PERSON" and named.actor_id:
            holder = named.actor_id  # "US Secretary of State John Kerry" in a text dated 2012: Kerry
        candidate = _Candidate(span_start, span_end, "ROLE", (holder,), holder, "role")
        own_tokens = set(range(candidate.start, candidate.end)) - set(range(owner.start, owner.end))
        if own_tokens & state.taken:
            continue
        if _is_person(state, holder) and not _name_fits(state, span_end, holder):
            continue  # "Bulgarian President Todor Zhivkov" in a text dated 2000: not that date's president
        state.taken |= own_tokens
        state.resolved.append(candidate)
        if _is_person(state, holder):
            _appositive_name(state, candidate)


def _role_terms(state: _State) -> Iterator[tuple[int, int, str]]:
    phrases, size = state.index.roles, len(state.doc)
    longest, first_words = state.index.role_words, state.index.role_starts
    i = 0
    while i < size:
        if state.lower[i] not in first_words:
            i += 1
            continue
        for n in range(min(longest, size - i), 0, -1):
            text = state.text[state.starts[i] : state.ends[i + n - 1]].lower().replace(" - ", "-")
            if any(text in table for table in phrases.values()):
                yield i, i + n, text
                i += n - 1
                break
        i += 1


def _role_owner(doc: Doc, by_end: dict, by_start: dict, start: int, end: int) -> tuple[_Candidate | None, int, int]:
    """The state or IGO a role belongs to: 'NATO's', 'the Bulgarian', or '... of South Korea'."""
    left = start - 1 if start > 0 and doc[start - 1].text in _POSSESSIVE else start
    owner = by_end.get(left)
    if owner is not None and owner.label != "PERSON":
        return owner, _with_article(doc, owner.start), end
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        right = by_start.get(end + 1) or (by_start.get(end + 2) if doc[end + 1].lower_ == "the" else None)
        if right is not None and right.label != "PERSON":
            return right, _with_article(doc, start), right.end
    return None, start, end


def _with_article(doc: Doc, start: int) -> int:
    return start - 1 if start > 0 and doc[start - 1].lower_ == "the" else start


def _office_holder(state: _State, owner: _Candidate, phrase: str) -> str | None:
    """Who held the office (or, for a state body, the state itself)."""
    actor = state.index.kb.actors.get(owner.actor_id or "")
    if actor is None or actor.kind not in ("state", "igo"):
        return None
    if actor.kind == "state" and phrase in state.index.roles["body"]:
        return actor.id
    role = state.index.roles["state" if actor.kind == "state" else "igo"].get(phrase)
    if role is None:
        return None
    place = actor.id.split(":", 1)[1] if actor.kind == "state" else actor.id
    if not state.date:  # no date: only a person of the article who ever held that office
        held = [a for a in state.doc_actors() if _held(state, a, role, place)]
        return held[0] if len(held) == 1 else None
    holders = [a.id for a in state.index.kb.office_holders(role, place, state.date) if not _acting(a, role)]
    in_doc = [a for a in holders if a in state.doc_actors()]
    return (in_doc or holders or [None])[0]


def _held(state: _State, actor_id: str, role: str, place: str) -> bool:
    actor = state.index.kb.actors.get(actor_id)
    return actor is not None and any(o.role == role and place in (o.country, o.org) for o in actor.offices)


def _acting(actor: Actor, role: str) -> bool:
    return all(o.acting for o in actor.offices if o.role == role)


def _name_run(state: _State, start: int) -> range:
    """The untaken proper-noun tokens from ``start`` on (a name written after a role phrase)."""
    end = start
    while end < len(state.tag) and state.tag[end] in ("NNP", "NNPS") and end not in state.taken:
        end += 1
    return range(start, end)


def _name_fits(state: _State, start: int, holder: str) -> bool:
    """The name written after a role phrase (if any) can be the office holder's: a word of the holder's
    names, or the family name's sound ('YOHANIS' ~ Iohannis, 'RADF' ~ Radev)."""
    run = _name_run(state, start)
    actor = state.index.kb.actors.get(holder)
    if not run or actor is None:
        return True
    words = {alias_key(w) for name in (actor.name, *actor.aliases) for w in name.split()}
    family = alias_key(actor.family_name or actor.name.split()[-1])
    for i in run:
        key = state.keys[i]
        if key in words or _sounds_alike(key, family):
            return True
    return False


def _sounds_alike(a: str, b: str) -> bool:
    """Soundex codes that agree, a leading vowel-like letter counting as any other ('Y520' ~ 'I520')."""
    if not a or not b:
        return False
    x, y = soundex(a), soundex(b)
    return x[1:] == y[1:] and (x[0] == y[0] or (x[0] in "AEIOUYHWJ" and y[0] in "AEIOUYHWJ"))


def _appositive_name(state: _State, role: _Candidate) -> None:
    """A capitalised name right after a role phrase names the same person ('President RADF')."""
    run = _name_run(state, role.end)
    if run:
        state.take(_Candidate(run.start, run.stop, "PERSON", (role.actor_id,), role.actor_id, "role"))


# -- pass 3a: short forms -------------------------------------------------------------
def _short_form_pass(state: _State) -> None:
    """ "the North" after "North Korea", "the Islamic Republic" after "Iran": "the" and capitalised words that
    begin a name of exactly one state the text named before (``_name_prefixes``), and no more of it."""
    doc, n = state.doc, len(state.doc)
    first = {}  # state -> its first mention
    for c in state.resolved:
        if c.actor_id and c.actor_id.startswith("state:"):
            first[c.actor_id] = min(c.start, first.get(c.actor_id, c.start))
    if not first:
        return
    prefixes = {a: _name_prefixes(state, a) for a in first}
    for i in range(n - 1):
        if state.lower[i] != "the" or not state.cap[i + 1] or i + 1 in state.taken:
            continue
        j = i + 1
        while j < n and state.cap[j] and state.alpha[j] and j not in state.taken:
            j += 1
        if j == i + 1 or (j < n and (state.lower[j] == "of" or (state.cap[j] and state.alpha[j]))):
            continue  # "the U.S.", "the South of France", or the run goes on into a taken name
        words = tuple(state.lower[i + 1 : j])
        owners = {a for a, start in first.items() if start < i and words in prefixes[a]}
        if len(owners) == 1 and doc[j - 1].dep_ not in ("compound", "amod"):
            (owner,) = owners
            state.take(_Candidate(i, j, "GPE", (owner,), owner, "short_form"))


def _name_prefixes(state: _State, actor_id: str) -> frozenset[tuple[str, ...]]:
    """The lower-case words that begin one of a state's own names and leave some of it: not the provinces and
    cities that Phoenix files under it as aliases ("SOUTH CAROLINA" under the United States), in capitals."""
    actor = state.index.kb.actors.get(actor_id)
    return _prefixes((actor.name, *actor.aliases)) if actor else frozenset()


@lru_cache(maxsize=1024)
def _prefixes(names: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    words = [tuple(normalize_name(name).replace("-", " ").split()) for name in names if not name.isupper()]
    return frozenset(w[:k] for w in words for k in range(1, len(w)))


# -- pass 3: metonyms ------------------------------------------------------------------
def _metonym_pass(state: _State) -> None:
    doc, index = state.doc, state.index
    acting = set(index.cues["metonym_deps"])
    seat_deps, seat_preps = set(index.cues["seat_deps"]), set(index.cues["seat_preps"])
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "ORG", "FAC", "LOC") or any(t.i in state.taken for t in ent):
            continue
        key = alias_key(ent.text.removesuffix("’s").removesuffix("'s"))
        owner = index.metonyms.get(key)
        if owner is None:
            continue
        # a capital speaks for its state only in an article about that state ("Plymouth" is not Montserrat)
        about_owner = key not in index.capitals or owner in state.doc_actors()
        root = ent.root.head if ent.root.dep_ == "conj" else ent.root
        acts = about_owner and root.dep_ in acting and root.head.lemma_ != "be"
        if not acts and key not in index.capitals:  # a seat of power acted on: "urged the White House to ..."
            acts = root.dep_ in seat_deps or (root.dep_ == "pobj" and root.head.lower_ in seat_preps)
        candidate = _Candidate(ent.start, ent.end, ent.label_, (owner,), owner if acts else None, "metonym" if acts else None)
        state.take(candidate)


# -- pass 4: remaining names -----------------------------------------------------------
def _name_pass(state: _State) -> None:
    """Match the remaining names; what is left becomes new actors.

    Round 1 matches against the persons already resolved in the article; round 2 also
    against the knowledge base, so a variant met before the article's fuller name (a
    headline's "Yoon Sin Shu" before "Yoon Seok-yul") still finds it; round 3 matches the entities
    left against the persons round 2 found (a lone "Trump" that NER calls an organisation
    does not reach the knowledge base, but is the Trump the article named; a proper noun NER
    left alone joins only if it is no English word: "the Obama administration", not "May 7,
    1959"). A lone family name
    that a fuller unknown name in the article carries ("Harris" after "Kamala Harris") is
    never sent to the knowledge base: it joins that new actor.
    """
    people = _doc_people(state)
    sounds = _people_sounds(state, people)
    candidates = []
    for start, end, label in _name_candidates(state, set(state.index.cues["actor_labels"])):
        lower = state.lower[start]
        if label == "NOUN" and (soundex(lower) not in sounds or lower in state.known_words):
            continue
        if label == "PROPN" and end - start == 1 and soundex(lower) not in sounds and state.keys[start] not in state.index.surnames:
            continue
        candidates.append(_Candidate(start, end, label))
    left = _match_round(state, candidates, kb_wide=False)
    left = _match_round(state, left, kb_wide=True)
    unknown = _unknown_families(state, left)  # "Stephens" after an unknown "Chris Stephens" stays his
    again = [c for c in left if (c.label in ("PERSON", "ORG") or state.lower[c.start] not in state.known_words)
             and (c.end - c.start > 1 or state.keys[c.start] not in unknown)]
    # "Trump's budget" (NER: an organisation) once the knowledge-base round found "Trump"
    left = _match_round(state, again, kb_wide=False) + [c for c in left if c not in again]
    for candidate in sorted(left, key=lambda c: (c.end - c.start == 1, c.start)):  # fuller names first
        if _new_short_name(state, candidate) or _new_actor(state, candidate):
            state.take(candidate)


def _match_round(state: _State, candidates: list[_Candidate], *, kb_wide: bool) -> list[_Candidate]:
    """One pass over the candidates. Against the knowledge base, the fuller names go first: a lone
    family name then finds the person a fuller name just resolved ("Ali Khamenei" ... "Khamenei"),
    and stays off the knowledge base when a fuller name of it is still unknown."""
    groups = (candidates,)
    if kb_wide:
        groups = ([c for c in candidates if c.end - c.start > 1], [c for c in candidates if c.end - c.start == 1])
    left: list[_Candidate] = []
    for group in groups:
        people = _doc_people(state)
        unknown_families = _unknown_families(state, left) if kb_wide else set()
        for candidate in group:
            if _match_name(state, candidate, people, kb_wide=kb_wide, unknown_families=unknown_families):
                state.take(candidate)
            else:
                left.append(candidate)
    return left


def _unknown_families(state: _State, candidates: list[_Candidate]) -> set[str]:
    """Family-name keys (first and last word) of the multi-word person names still unresolved: names NER
    called persons, unless they end in a seat of power (NER's "Trump White House" is no name and keeps no
    "Trump" from Donald Trump), names it called organisations that begin with a known given
    name ("Eva-Marie Persson"), and the last word of a run of proper nouns NER left alone that ends in a
    title and two names ("House Intelligence Chair Devin Nunes")."""
    keys = set()
    for c in candidates:
        given = state.keys[c.start] in state.index.given_names
        words = [k for k in state.keys[c.start : c.end] if k not in ("", "\x00")]
        if c.end - c.start > 1 and (c.label == "PERSON" or (c.label == "ORG" and given)) and words:
            if len(words) > 2 and alias_key(" ".join(state.lower[c.end - 2 : c.end])) in state.index.metonyms:
                continue  # "Trump White House": a seat of power, no person's name
            keys.update(words[:1] + words[-1:])  # either may be the family name: "Lin Jian", "Kamala Harris"
        elif c.label == "PROPN" and _titled_name(state, c):
            keys.add(words[-1])  # a run NER left alone that ends in a person's name: "Intelligence Chair Devin Nunes"
    return keys


def _titled_name(state: _State, c: _Candidate) -> bool:
    """A run of proper nouns whose last two words follow a title: "House Intelligence Chair Devin Nunes"."""
    titles = state.index.cues["titles"]
    first, family = state.lower[c.end - 2], state.lower[c.end - 1]
    return (c.end - c.start > 2 and state.lower[c.end - 3].rstrip(".") in titles and state.cap[c.end - 2]
            and state.cap[c.end - 1] and first not in titles and family not in titles
            and family not in state.known_words)  # "National Security Adviser", "Police Chief": no name


def _family_keys(name: str) -> set[str]:
    """Where an unknown person's family name may stand: last, or first when the given name looks
    East Asian (hyphenated or lower-case syllables: "Moon Jung-in", "Jin xiazhong")."""
    words = name.split()
    if len(words) < 2:
        return set()
    keys = {alias_key(words[-1])}
    if len(words) == 2 and ("-" in words[1] or words[1].islower()):
        keys.add(alias_key(words[0]))
    return keys


def _new_short_name(state: _State, candidate: _Candidate) -> bool:
    """A lone family name of an unknown person named in full earlier in the article."""
    if candidate.end - candidate.start != 1 or not state.cap[candidate.start]:
        return False
    key = state.keys[candidate.start]
    matches = [a.id for a in state.new.values() if a.kind == "person" and key in _family_keys(a.name)]
    if len(matches) != 1:
        return False
    candidate.actor_id, candidate.method, candidate.ids, candidate.label = matches[0], "short_name", (matches[0],), "PERSON"
    return True


def _doc_people(state: _State) -> tuple[str, ...]:
    """The KB persons resolved so far in the article."""
    actors = state.index.kb.actors
    return tuple(a for a in state.doc_actors() if a in actors and actors[a].kind == "person")


def _name_candidates(state: _State, actor_labels: set[str]) -> Iterator[tuple[int, int, str]]:
    doc, tag = state.doc, state.tag
    spans = [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in actor_labels]
    in_ents = {i for s, e, _ in spans for i in range(s, e)}
    proper = ("NNP", "NNPS")
    i = 0
    while i < len(doc):
        if tag[i] in proper and i not in in_ents and state.alpha[i]:
            j = i
            while j < len(doc) and tag[j] in proper and j not in in_ents:
                j += 1
            spans.append((i, j, "PROPN"))
            i = j
            continue
        if tag[i] in ("NN", "NNS") and state.alpha[i] and i not in in_ents and state.lower[i] == state.word(i):
            spans.append((i, i + 1, "NOUN"))
        i += 1
    for start, end, label in sorted(spans):
        start, end = _trim(state, start, end)
        if end > start and not set(range(start, end)) & state.taken and "\n" not in state.text[state.starts[start] : state.ends[end - 1]]:
            yield start, end, label


def _trim(state: _State, start: int, end: int) -> tuple[int, int]:
    while start < end and (state.lower[start] == "the" or not state.alpha[start]):
        start += 1
    while end > start and not state.alpha[end - 1]:
        end -= 1
    return start, end


def _match_name(
    state: _State, candidate: _Candidate, doc_people: tuple[str, ...], *, kb_wide: bool, unknown_families: set[str]
) -> bool:
    words = [t.text for t in state.doc[candidate.start : candidate.end] if t.is_alpha]
    words = _strip_titles(words, state.index.cues["titles"])
    if not words or (candidate.label == "NOUN" and len(words) > 1):
        return False
    found = _by_family(state, words, doc_people, candidate, kb_wide=kb_wide, unknown_families=unknown_families)
    if found is None:
        return False
    candidate.actor_id, candidate.method = found
    candidate.ids = (found[0],)
    candidate.label = "PERSON"
    return True


def _strip_titles(words: list[str], titles: list[str]) -> list[str]:
    titles_set = set(titles)
    while len(words) > 1 and words[0].lower() in titles_set:
        words = words[1:]
    return words


# a name that acts like a person's: subject, conjunct or apposition of a clause ("Hill" in "Capitol Hill" does not)
_ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "conj", "appos"})


def _by_family(
    state: _State,
    words: list[str],
    doc_people: tuple[str, ...],
    candidate: _Candidate,
    *,
    kb_wide: bool,
    unknown_families: set[str],
) -> tuple[str, str] | None:
    """Family name first: against the article's persons, then (``kb_wide``) against plausible office holders."""
    index, label, start = state.index, candidate.label, candidate.start
    keys = [alias_key(words[0]), alias_key(words[-1])] if len(words) > 1 else [alias_key(words[0])]
    same_family = [a for a in doc_people if any(a in index.surnames.get(k, ()) for k in keys)]
    if label == "NOUN":  # a lower-case word only when it sounds like a name already in the article
        return _by_sound(state, words[0], doc_people)
    if len(words) == 1:
        if len(same_family) == 1:
            return same_family[0], "short_name"
        # a place does not sound like a person: "Birmingham" is no "Burnham"
        found = _by_sound(state, words[0], doc_people) if label not in _PLACE_LABELS else None
        if found or not kb_wide or keys[0] in unknown_families or not state.cap[start]:
            return found
        acts = label == "PERSON" or state.doc[start].dep_ in _ACTING_DEPS
        return _kb_short_name(state, keys[0], label, start, _title_before(state, start)) if acts else None
    same_family = [a for a in same_family if _same_person_name(state, words, a)]
    if len(same_family) == 1:
        return same_family[0], "fuzzy"
    return _kb_fuzzy(state, words, keys) if kb_wide else None


def _same_person_name(state: _State, words: list[str], actor_id: str, *, in_article: bool = True) -> bool:
    """Whether a multi-word name can be a garbled spelling of the actor's name.

    The family name must stand where the actor's own name order puts it. Family-first names
    (East Asian, transliterated syllable by syllable) may have any given-name spelling, as
    machine translation garbles them ("Yoon Sin Shu"); family-last names need a similar
    given name or its initial ("Scott Walker" is not "Ignacio Walker").
    """
    actor = state.index.kb.actors[actor_id]
    family = alias_key(actor.family_name or actor.name.split()[-1])
    family_first = alias_key(actor.name.split()[0]) == family
    if family_first:  # outside the article, the given name must still sound like the actor's
        same = actor_id in state.index.surnames.get(alias_key(words[0]), ())
        rest = alias_key(" ".join(words[1:])), alias_key(" ".join(actor.name.split()[1:]))
        return same and (in_article or difflib.SequenceMatcher(None, *rest).ratio() >= 0.5)
    if actor_id not in state.index.surnames.get(alias_key(words[-1]), ()):
        return False
    given, theirs = alias_key(" ".join(words[:-1])), alias_key(" ".join(actor.name.split()[:-1]))
    if len(given) == 1 or (len(words[0].rstrip(".")) == 1):
        return theirs.startswith(given[:1])
    if difflib.SequenceMatcher(None, given, theirs).ratio() >= 0.6:
        return True
    # given names word by word, Arabic articles left out: 'Omar El Bashir' for 'Umar Hassan Ahmad al-BASHIR'
    return like_given(family_and_given(" ".join(words))[1], family_and_given(actor.name)[1])


def _by_sound(state: _State, word: str, doc_people: tuple[str, ...]) -> tuple[str, str] | None:
    """A name that sounds like (Soundex) a person already in the article ('radph' ~ 'RADF' ~ 'Radev')."""
    if len(word) < 4:
        return None
    hits = _people_sounds(state, doc_people).get(soundex(word), set())
    if len(hits) != 1:
        return None
    actor_id = next(iter(hits))
    forms = [state.doc[c.start : c.end].text.split()[-1] for c in state.resolved if c.actor_id == actor_id and c.label == "PERSON"]
    forms.append(state.index.kb.actors[actor_id].family_name or state.index.kb.actors[actor_id].name.split()[-1])
    key = alias_key(word)
    if max(difflib.SequenceMatcher(None, key, alias_key(f)).ratio() for f in forms) < 0.6:
        return None
    return actor_id, "fuzzy"


def _people_sounds(state: _State, doc_people: tuple[str, ...]) -> dict[str, set[str]]:
    """Soundex keys of the article's persons (their family names and the name forms used), cached per person set."""
    if state.sounds_for != doc_people:
        sounds: dict[str, set[str]] = {}
        for c in state.resolved:
            if c.actor_id in doc_people and c.label == "PERSON":
                sounds.setdefault(soundex(state.doc[c.start : c.end].text.split()[-1]), set()).add(c.actor_id)
        for actor_id in doc_people:
            family = state.index.kb.actors[actor_id].family_name or state.index.kb.actors[actor_id].name.split()[-1]
            sounds.setdefault(soundex(family), set()).add(actor_id)
        state.sounds, state.sounds_for = sounds, doc_people
    return state.sounds


# a title before a lone family name -> the words an office title of that person must hold ("President Obama")
_OFFICE_TITLE_WORDS = {"president": ("president",), "premier": ("premier", "prime minister"),
                       "prime minister": ("prime minister", "premier"), "chancellor": ("chancellor",),
                       "king": ("king",), "queen": ("queen",), "emir": ("emir",), "sultan": ("sultan",)}  # fmt: skip


def _title_before(state: _State, start: int) -> str | None:
    two = " ".join(state.lower[max(start - 2, 0) : start])
    if start >= 2 and two in _OFFICE_TITLE_WORDS:
        return two
    one = state.lower[start - 1].rstrip(".") if start >= 1 else ""
    return one if one in _OFFICE_TITLE_WORDS else None


def _titled_holder(actor: Actor, title: str) -> bool:
    """One of the person's offices carries the title ("President"; not "Vice President" for "President X")."""
    words = _OFFICE_TITLE_WORDS[title]
    titles = [(o.title or "").lower() for o in actor.offices]
    return any(any(w in title for w in words) and "vice" not in title for title in titles)


def _kb_short_name(state: _State, key: str, label: str, start: int, title: str | None = None
                   ) -> tuple[str, str] | None:  # fmt: skip
    """A lone family name no one in the article carries: a known person of that name, in this order
    of tiers, the first tier with one person wins and a tier with several is ambiguous:

    1. in office on the article's date, for a state the article names;
    2. a former (or, with no date, any) leader (head of state or government, head of an
       intergovernmental body) of a state the article names ("Obama" in a
       2019 story that names the US is the former president, not Equatorial Guinea's prime
       minister Obama Asue, in office then);
    3. a former leader of any state who is on the hand-written list of leaders and ministers
       (``curated_persons.jsonl``: the people news names by family name alone), unless someone in office on
       the date is on that list too: "Obama and Xi have met" in 2019 is the former US president, not Obama
       Asue, prime minister of a state the story does not name;
    4. in office on the date, for any state (with no date at all: the most recent holder);
    5. a former leader of any state whom more than one source lists, named by a word that is no English
       word, as one who acts or owns (subject, possessor, conjunct, apposition): "Merkel said ..." in 2022,
       not "May's labour force report" nor "I've known Waheed" (Mohamed Waheed, president of the Maldives
       for a year, is in the Factbook alone);
    6. a listed person (no office list) of a state the article names ("Gorbachev", "Rouhani").

    Tiers 2, 3, 5 and 6 skip a word that begins the names of several known persons ("Martin O'Malley" is
    no Irish prime minister, "King Hussein" no Saddam Hussein). Tiers 3 and 5 reach beyond the states the
    article names, so they need a name NER called a person (tier 3 also an organisation: it calls "Trump"
    one): "May 14" and "No. 39" are no Theresa May and no Roh Moo-hyun.

    A word NER did not call a person must at least act like one (subject, conjunct or apposition of
    a clause), so "Hill" in "Capitol Hill" stays.

    A head-of-state or government title before the name ("President Obama") keeps only persons who held
    an office of that title, and then a former holder of it anywhere is a tier too (after tier 5): "President
    Obama" in 2019 is no prime minister Obama Asue.
    """
    if label not in ("PERSON", "ORG", "GPE", "PROPN"):
        return None
    kb = state.index.kb
    ids = list(state.index.surnames.get(key, ()))
    if not ids:
        return None
    titled = [a for a in ids if _titled_holder(kb.actors[a], title)] if title else []
    if titled:
        ids = titled
    named = _named_states(state)
    holders = [a for a in ids if kb.actors[a].offices]
    leaders = [a for a in holders if any(o.role in _LEADING_ROLES for o in kb.actors[a].offices)]
    if state.date:
        current = [a for a in holders if _in_office(state, a)]
        before = [a for a in leaders if _office_before(state, a)]
    else:  # no date at all: the most recent holder
        latest = max((_last_office(state, a) for a in holders), default="")
        current = [a for a in holders if latest and _last_office(state, a) == latest]
        before = leaders
    given = key in state.index.given_names  # 'Martin', 'Hussein': no former leader or listed person by it alone
    # beyond the states the article names, a former leader needs a name NER saw as one ("May 14", "No. 39" are not)
    named_entity = label in ("PERSON", "ORG") and not given
    known = [a for a in before if _curated(kb.actors[a])]  # hand-listed leaders: the ones named by family name alone
    tiers = (
        [a for a in current if _office_states(kb.actors[a]) & named],
        [] if given else [a for a in before if _office_states(kb.actors[a]) & named],
        known if named_entity and not any(_curated(kb.actors[a]) for a in current) else [],
        current,
        [a for a in before if len(kb.actors[a].sources) > 1] if named_entity and label == "PERSON"
        and state.doc[start].dep_ in _ACTING_DEPS | {"poss"} and state.lower[start] not in state.known_words else [],
        before if titled else [],
        [] if given else [a for a in ids if _listed_only(kb.actors[a]) and kb.actors[a].country in named],
    )
    for n, tier in enumerate(tiers):
        # duplicate office-list records of one person collapse; listed persons and former leaders are one record each
        people = _distinct_people(state, tier) if n in (0, 3) else set(tier)
        if len(people) > 1:
            return None
        if people:
            return sorted(tier, key=lambda a: ("curated" not in kb.actors[a].sources, a))[0], "short_name"
    return None


# offices whose former holders are still called by their family name alone ("Obama", "Blair", "Annan")
_LEADING_ROLES = frozenset({"head_of_state", "head_of_government", "secretary_general", "president",
                            "council_president", "director_general", "managing_director", "high_representative"})


def _office_states(actor: Actor) -> set[str]:
    return {o.country for o in actor.offices if o.country} | ({actor.country} if actor.country else set())


def _curated(actor: Actor) -> bool:
    return "curated" in actor.sources


def _office_before(state: _State, actor_id: str) -> bool:
    """Whether the person took an office on or before the article's date."""
    return any((o.start or "") <= (state.date or "") for o in state.index.kb.actors[actor_id].offices)


def _last_office(state: _State, actor_id: str) -> str:
    return max((o.end or "9999" for o in state.index.kb.actors[actor_id].offices), default="")


def _kb_fuzzy(state: _State, words: list[str], keys: list[str]) -> tuple[str, str] | None:
    mention = " ".join(words)
    ids = {a for k in keys for a in state.index.surnames.get(k, ())}
    scored = []
    for actor_id in ids:
        actor = state.index.kb.actors[actor_id]
        if state.date and not _in_office(state, actor_id):
            continue
        if not _same_person_name(state, words, actor_id, in_article=False) and not syllable_match(mention, actor.name):
            continue
        ratio = max(difflib.SequenceMatcher(None, alias_key(mention), alias_key(n)).ratio() for n in (actor.name, *actor.aliases))
        scored.append((ratio, actor_id))
    return (max(scored)[1], "fuzzy") if scored else None


def _in_office(state: _State, actor_id: str) -> bool:
    actor = state.index.kb.actors[actor_id]
    return any(o.covers(state.date or "") for o in actor.offices)


def _distinct_people(state: _State, ids: Iterable[str]) -> set[tuple[str | None, str]]:
    """Collapse duplicate records of one person (same country and name) from different sources."""
    return {(state.index.kb.actors[a].country, normalize_name(state.index.kb.actors[a].name).split()[-1]) for a in ids}


def _without_titles(state: _State, span: Span) -> str:
    """A person's name without leading titles ("Mrs. Clinton" is named "Clinton")."""
    titles = set(state.index.cues["titles"])
    start = span.start
    while start < span.end - 1 and state.lower[start].rstrip(".") in titles:
        start += 1
    return state.text[state.starts[start] : span.end_char]


def _new_actor(state: _State, candidate: _Candidate) -> bool:
    if candidate.label == "PROPN" and _titled_name(state, candidate):  # NER missed "Intelligence Chair Devin Nunes"
        candidate.start, candidate.label = candidate.end - 2, "PERSON"
    kind = state.index.cues["new_kinds"].get(candidate.label)
    span = state.doc[candidate.start : candidate.end]
    if kind is None or not _capitalised(span) or "\n" in span.text:
        return False
    name = _without_titles(state, span) if kind == "person" else span.text
    actor_id = f"new:{_SLUG.sub('-', normalize_name(name)).strip('-')}"  # kind-free: NER may call one name PERSON here, ORG there
    if actor_id.endswith(":"):
        return False
    country = _country_in(state, span) or _country_before(state, candidate.start)
    if kind == "org" and not country:
        country = _home_body_country(state, span)
    if kind == "person" and not country:
        country = (_party_tag_country(state, span) or _appositive_country(state, span) or _namesake_country(state, span)
                   or _office_country(state, span))
    if country and kind == "org" and country.lower() not in actor_id:
        actor_id, name = f"{actor_id}-{country.lower()}", f"{name} ({country})"
    known = state.new.get(actor_id)
    if known is None:
        state.new[actor_id] = NewActor(actor_id, name, kind, country)
    elif known.country is None and country:  # a later mention places him: "U.S. Attorney General X"
        state.new[actor_id] = NewActor(actor_id, known.name, known.kind, country)
    candidate.actor_id, candidate.method, candidate.ids = actor_id, "new", (actor_id,)
    return True


def _party_tag_country(state: _State, span: Span) -> str | None:
    """The state of a party-and-state tag right after a name, as US papers write their legislators:
    "Sen. John McCain, R-Ariz.", "Rep. Chris Van Hollen (D-Md.)", "Sen. Chuck Schumer, D-New York"
    (``party_tags`` in ``_actor_cues.toml``)."""
    tags = state.index.cues.get("party_tags", {})
    if not tags:
        return None
    after = state.text[span.end_char : span.end_char + 40]
    match = _PARTY_TAG.match(after)
    if match is None:
        return None
    party, place = match.group(1), match.group(2).strip().rstrip(",)")
    for country, table in tags.items():
        if party in table["parties"] and (place in table["places"] or place.rstrip(".") in table["places"]):
            return country
    return None


_PARTY_TAG = re.compile(r"\s*[,(]\s*([A-Z])\s?[-\u2013]\s?([A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)\s*[),]")


def _appositive_country(state: _State, span: Span) -> str | None:
    """The state an apposition gives an unknown person: "Salaheddine Sidhoum, Algeria's leading activist",
    or the description the name stands in apposition to: "Iran's foreign minister, Javad Zarif"."""
    root = span.root
    described = [c for c in root.children if c.dep_ == "appos" and not span.start <= c.i < span.end]
    if root.dep_ == "appos" and not span.start <= root.head.i < span.end and root.head.pos_ == "NOUN":
        described.append(root.head)
    for c in described:
        for t in c.children:
            country = _country_in(state, state.doc[t.i : t.i + 1]) if t.dep_ in _AFFILIATION_DEPS else None
            if country:
                return country
    return None


def _namesake_country(state: _State, span: Span) -> str | None:
    """The country of an unknown person's known namesakes: every person of the knowledge base whose name
    has this one's family name, and (for a full name) a similar given name, is of one state.

    Only the country is claimed, not the identity: "President Bush" in a text dated outside any Bush's
    tenure is a new actor of the United States; "Kim" (many states' holders) gets none.
    """
    words = [w for w in _without_titles(state, span).split() if w[:1].isalpha()]
    if not words or (len(words) == 1 and not _titled(state, span)):
        return None
    key = alias_key(words[-1])
    ids = state.index.surnames.get(key, ())
    if len(words) > 1:
        ids = [a for a in ids if _same_person_name(state, words, a, in_article=False)]
    else:  # a titled family name: its namesakes in the office lists ('President Bush'), not every person of that name
        ids = [a for a in ids if state.index.kb.actors[a].offices]
    countries = {state.index.kb.actors[a].country for a in ids}
    return next(iter(countries)) if len(countries) == 1 and None not in countries else None


def _office_country(state: _State, span: Span) -> str | None:
    """The state of an unknown office holder whom nothing else places: the state named right after him
    ("President X of Haiti"), else the nearest state named before him in the sentence ("the Fijian
    rebels will release Prime Minister X"), else the sentence's only state, named after him, when it
    is not a clause's subject nor another's nationality ("Lt. Gen. X resigned to allow Haiti's first
    elections", but not "Sen. X asked why Russia called" or "X welcomed the South African leader").
    Failing these, a title of home politics (``home_titles``: "Senator X", "Judge X") is of the article's
    home state (``_home_state``).

    Event coders have long given a country-less agent the country of the actor nearest to it;
    only the country is claimed, not the identity, and only for a state's office titles.
    """
    titles = set(state.index.cues["office_titles"])
    words = [state.lower[i].rstrip(".") for i in (span.start - 1, span.start) if 0 <= i < len(state.lower)]
    words = [w if w in titles else w.rsplit("-", 1)[-1] for w in words]
    if not titles & set(words):
        return None
    sent = state.doc[span.start].sent
    states = sorted(
        (c for c in state.resolved
         if c.actor_id and c.actor_id.startswith("state:") and sent.start <= c.start < sent.end),
        key=lambda c: c.start,
    )
    after = [c for c in states if c.start >= span.end]
    before = [c for c in states if c.end <= span.start]
    if after and after[0].start == span.end + 1 and state.lower[span.end] in ("of", "from"):
        chosen = after[0]
    elif before:
        chosen = before[-1]
    elif len({c.actor_id for c in states}) == 1 and _on_its_own(state.doc[after[0].end - 1]) \
            and not _acted_on_by(state.doc[after[0].end - 1], span.root):
        chosen = after[0]  # after him, only a state that is no other party ("when Russia called", "criticized Iran")
    elif set(state.index.cues["home_titles"]) & set(words):
        return _home_country(state)  # "Senator Mark Warner said" in an article whose seat of power is the White House
    else:
        return None
    return chosen.actor_id.split(":", 1)[1]


def _acted_on_by(token: Token, person: Token) -> bool:
    """The state word is an argument of the person's own verb: "Sen. X criticized Iran", "X met with Iran's envoy"."""
    verb = person.head.i if person.dep_ in ("nsubj", "nsubjpass") else None
    node = token
    while verb is not None and node.head.i != node.i:
        node = node.head
        if node.i == verb:
            return True
        if node.pos_ in ("VERB", "AUX"):
            return False
    return False


def _on_its_own(token: Token) -> bool:
    """A state's word that is neither a clause's subject (or modifies one: "Russian authorities stopped")
    nor another's nationality ("the South African leader")."""
    subjects = ("nsubj", "nsubjpass", "csubj")
    if token.dep_ in ("amod", "compound"):
        return False
    return token.dep_ not in subjects and not (token.dep_ == "poss" and token.head.dep_ in subjects)


def _titled(state: _State, span: Span) -> bool:
    """A title starts the name ("President Bush") or stands just before it."""
    titles = set(state.index.cues["titles"])
    before = state.lower[span.start - 1].rstrip(".") if span.start > 0 else ""
    return state.lower[span.start].rstrip(".") in titles or before in titles


def _country_in(state: _State, span: Span) -> str | None:
    for n in range(len(span), 0, -1):
        for i in range(len(span) - n + 1):
            ids = state.index.aliases.get(alias_key(span[i : i + n].text), ())
            states = [a for a in ids if a.startswith("state:")]
            if states:
                return states[0].split(":", 1)[1]
    return None


def _country_before(state: _State, start: int) -> str | None:
    """The state named just before an organisation ('Japanese | Foreign Ministry')."""
    same_sentence = start > 0 and not state.doc[start - 1].is_sent_end and not state.doc[start].is_sent_start
    for c in state.resolved:
        adjacent = c.end == start or (c.end == start - 1 and same_sentence)
        if adjacent and c.actor_id and c.actor_id.startswith("state:"):
            return c.actor_id.split(":", 1)[1]
    return None


# -- pass 5: pronouns ------------------------------------------------------------------
def _pronoun_pass(state: _State) -> None:
    pronouns = set(state.index.cues["person_pronouns"])
    possessives = set(state.index.cues["possessive_pronouns"])
    quoted = _quoted(state)
    people = sorted(
        (c for c in state.resolved if c.actor_id and _is_person(state, c.actor_id) and not _inside(state, c, quoted)),
        key=lambda c: c.start,
    )
    genders = _honorific_genders(state, people)
    pronoun_genders = state.index.cues.get("pronoun_genders", {})
    for i in (i for i, lower in enumerate(state.lower) if lower in pronouns | possessives and i not in state.taken):
        token = state.doc[i]
        if token.dep_ not in (("poss",) if token.lower_ in possessives else ("nsubj", "nsubjpass")):
            continue
        other = {"m": "f", "f": "m"}.get(pronoun_genders.get(token.lower_, ""))  # "she" skips a "Mr."
        before = [c for c in people if c.end <= token.i and token.i - c.start < 150
                  and (other is None or genders.get(c.actor_id) != other)]
        if before:
            antecedent = _salient(before, state.doc)
            state.take(_Candidate(token.i, token.i + 1, "PRON", (antecedent.actor_id,), antecedent.actor_id, "pronoun"))


def _honorific_genders(state: _State, people: list[_Candidate]) -> dict[str, str]:
    """Person -> "m" / "f" where the article writes an honorific right before one of its mentions ("Mr. Trump",
    "Ms. DeVos"; ``honorific_genders``); a person it marks both ways gets neither."""
    honorifics = state.index.cues.get("honorific_genders", {})
    seen: dict[str, set[str]] = {}
    for c in people:
        gender = honorifics.get(state.lower[c.start - 1].rstrip(".")) if c.start else None
        if gender is None and c.end - c.start > 1:  # the honorific inside the mention: "Mrs. Clinton"
            gender = honorifics.get(state.lower[c.start].rstrip("."))
        if gender:
            seen.setdefault(c.actor_id, set()).add(gender)
    return {actor: next(iter(g)) for actor, g in seen.items() if len(g) == 1}


def _definite_title_pass(state: _State) -> None:
    """ "The president consulted ...": a title after "the" (and at most one modifier: "the prime minister",
    "the foreign minister"), with no owner and no name of its own, is the one person in the last
    ``definite_window`` tokens named with that title ("President Obama ... Mr. Obama ... the president") or
    holding an office of that title then ("Trump", unnamed as president, makes "President Duterte ... the
    president" ambiguous). A vice-, deputy or former holder's title does not count."""
    titles = set(state.index.cues["definite_titles"])
    short = dict(state.index.cues["title_abbreviations"])
    all_titles = set(state.index.cues["titles"]) | set(short) | titles
    window = int(state.index.cues["definite_window"])
    quoted = _quoted(state)
    titled: list[tuple[int, frozenset[str], str]] = []  # (token index, title words, actor id) per person mention
    for c in state.resolved:
        if not c.actor_id or not _is_person(state, c.actor_id) or _inside(state, c, quoted):
            continue
        words = {state.lower[i].rstrip(".") for i in range(c.start, c.end)}
        j = c.start - 1  # the title words right before the name: "Prime Minister", "Sen.", "U.S. President"
        while j >= max(c.start - 4, 0) and (state.lower[j].rstrip(".") in all_titles or state.cap[j]):
            words.add(state.lower[j].rstrip("."))
            j -= 1
        words |= {short[w] for w in words if w in short}
        if words & _LESSER_TITLES:
            continue
        if words & titles:
            titled.append((c.start, frozenset(words), c.actor_id))
        actor = state.index.kb.actors.get(c.actor_id)
        offices = actor.offices if actor is not None and state.date else ()
        current = [o.title.lower() for o in offices if o.title and o.covers(state.date or "")]
        held = {w for title in current if "vice" not in title for w in title.split()}
        if held:
            titled.append((c.start, frozenset(held), c.actor_id))
    if not titled:
        return
    doc = state.doc
    for i, lower in enumerate(state.lower):
        if lower not in titles or i in state.taken or i < 1 or state.tag[i] not in ("NN", "NNP"):
            continue
        start = i - 1 if state.lower[i - 1] == "the" else i - 2
        if start < 0 or state.lower[start] != "the" or (start == i - 2 and state.lower[i - 1] not in _TITLE_MODIFIERS):
            continue
        after = i + 1 < len(doc) and (state.tag[i + 1] in ("NNP", "NNPS") or state.lower[i + 1] == "of")
        if after or doc[i].dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj", "dative"):
            continue  # a name follows ("the president Joe Biden"), or an owner ("the president of Iran")
        wanted = {lower, state.lower[i - 1]} if start == i - 2 else {lower}
        people = {a for at, words, a in titled if wanted <= words and i - window <= at < i}
        if len(people) == 1:
            (holder,) = people
            state.take(_Candidate(start, i + 1, "ROLE", (holder,), holder, "definite_title"))


# a title word that makes the holder not the one "the president" names ("Vice President Biden")
_LESSER_TITLES = frozenset({"vice", "vice-president", "deputy", "former", "ex", "acting", "then"})
# a word that may stand between "the" and a definite title: "the prime minister", "the foreign minister"
_TITLE_MODIFIERS = frozenset({"prime", "foreign", "defense", "defence", "finance", "interior"})


def _home_body_pass(state: _State) -> None:
    """ "the administration", "Republican senators", "lawmakers", "Democrats" with no owner of their own: the
    article's home state (``_home_state``)."""
    bodies = set(state.index.cues["home_bodies"])
    if not any(_body_word(lower, bodies) for lower in state.lower):
        return
    owner = _home_state(state)
    if owner is None:
        return
    for token in state.doc:
        i = token.i
        if i in state.taken or not _body_word(token.lemma_.lower(), bodies) or token.tag_ not in _NOUN_TAGS:
            continue
        if token.dep_ in ("amod", "compound") and token.head.i != i:
            continue  # "Republican senators": the head noun is the body
        if any(c.dep_ in ("poss", "amod", "compound", "nmod") and c.i in state.taken for c in token.children):
            continue  # an owner the resolver knows: "the Syrian administration", "the Obama administration"
        determiners = {c.lower_ for c in token.children if c.dep_ == "det"}
        if determiners & _INDEFINITE or (token.tag_ == "NN" and "the" not in determiners):
            continue  # "an administration", "a senator", "a Republican": not the one body
        state.take(_Candidate(i, i + 1, "ORG", (owner,), owner, "home_body"))


_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_INDEFINITE = frozenset({"a", "an", "another", "each", "every", "no"})


def _body_word(lower: str, bodies: set[str]) -> bool:
    return lower in bodies or lower.rstrip("s") in bodies


def _home_state(state: _State) -> str | None:
    """The state whose politics the article reports so far: the one whose seats of power ("the White House",
    "Capitol Hill", "the Kremlin", counted twice) and government bodies ("the Senate", "the State Department")
    it names at least twice as often as any other's; None when it names none. A foreign government is mostly
    named by its leader and bodies ("the Assad government"), and a story may name a foreign seat in passing.
    Computed again only when the resolver has found more mentions since."""
    if state.home is not None and state.home[0] == len(state.resolved):
        return state.home[1]
    sectors = set(state.index.cues["home_sectors"])
    named: Counter[str] = Counter()
    for c in state.resolved:
        if not c.actor_id:
            continue
        actor = state.index.kb.actors.get(c.actor_id)
        if c.method == "metonym" and alias_key(state.doc[c.start : c.end].text) not in state.index.capitals:
            named[c.actor_id] += 2
        elif actor is not None and actor.kind == "org" and actor.country and sectors & set(actor.sectors) \
                and not _person_named(state, c):
            named[f"state:{actor.country}"] += 1
    ranked = named.most_common(2)
    home = None if not ranked or (len(ranked) == 2 and ranked[0][1] < 2 * ranked[1][1]) else ranked[0][0]
    state.home = (len(state.resolved), home)
    return home


def _home_country(state: _State) -> str | None:
    """The ISO code of the article's home state (``_home_state``)."""
    home = _home_state(state)
    return home.removeprefix("state:") if home and home.startswith("state:") else None


def _person_named(state: _State, candidate: _Candidate) -> bool:
    """A body's record matched by a person's family name: Phoenix codes "Assad" and "Mr. Assad" as SYRGOV."""
    words = [w for w in normalize_name(state.doc[candidate.start : candidate.end].text).split() if w not in _HONORIFICS]
    return bool(words) and all(alias_key(w) in state.index.surnames for w in words)


_HONORIFICS = frozenset({"the", "mr", "mrs", "ms", "dr"})


def _home_body_country(state: _State, span: Span) -> str | None:
    """An organisation named by a body word alone ("Congress", "the GOP", "Parliament") is of the article's
    home state (``_home_state``)."""
    if len(span) != 1 or not _body_word(span[0].lemma_.lower(), set(state.index.cues["home_bodies"])):
        return None
    return _home_country(state)


def _quoted(state: _State) -> list[tuple[int, int]]:
    """The text's quotation-mark ranges, found once per document (the pronoun and definite-title passes)."""
    if state.quoted is None:
        state.quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(state.text)]
    return state.quoted


def _inside(state: _State, candidate: _Candidate, ranges: list[tuple[int, int]]) -> bool:
    """Whether a mention lies inside quotation marks (a name in a quote is not a narrative antecedent)."""
    offset = state.doc[candidate.start].idx
    return any(start < offset < end for start, end in ranges)


def _salient(before: list[_Candidate], doc: Doc) -> _Candidate:
    """The person in the nearest preceding sentence that names one, its subject when it names several."""
    nearest = doc[before[-1].start].sent.start
    same = [c for c in before if c.start >= nearest]
    subjects = [c for c in same if {doc[c.start].dep_, doc[c.end - 1].dep_} & {"nsubj", "nsubjpass"}]
    return (subjects or same)[-1]


def _is_person(state: _State, actor_id: str) -> bool:
    actor = state.index.kb.actors.get(actor_id)
    return actor.kind == "person" if actor else state.new.get(actor_id, NewActor("", "", "", None)).kind == "person"


def _to_mention(doc: Doc, candidate: _Candidate) -> ActorMention:
    span = doc[candidate.start : candidate.end]
    confidence = _CONFIDENCE.get(candidate.method or "") if candidate.actor_id else None
    return ActorMention(span.start_char, span.end_char, span.text, candidate.label, candidate.actor_id, candidate.method if candidate.actor_id else None, confidence)


# -- after quotes: the speaker's first person ---------------------------------------------
_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
_INNER_QUOTE = re.compile(r"(?<!\w)['‘\"“][^'‘’\"“”]*['’\"”](?!\w)")


def speaker_pronouns(doc: Doc, quotes: Iterable[Quote], new_actors: Iterable[tuple] = ()) -> list[tuple]:
    """First-person pronouns inside a direct quote are its speaker: "'I blame Congress,' Trump said".

    "I", "me", "my" are the speaker; "we", "us", "our" are the speaker when it is a state or a body, and a
    person's own state when the text or the knowledge base gives one ("'We will restore balance,' Peskov
    said": Russia). Runs after the quotes are attributed (``quotes.attribute_quotes``), so it is no pass of
    the resolver. Returns mention rows ``(start, end, text, label, actor_id, "quote_speaker", confidence)``.
    """
    from newsprism.extract.quotes import quote_parts
    from newsprism.kb.load import load_kb

    kb = load_kb()
    countries = {row[0]: row[3] for row in new_actors}
    text = doc_text(doc)
    rows: list[tuple] = []
    for quote in quotes:
        if quote.kind != "direct" or not quote.speaker_id:
            continue
        we = _collective(kb, quote.speaker_id, countries)
        for start, end in quote_parts(text, quote):
            span = doc.char_span(start, end, alignment_mode="contract")
            inner = [m.span() for m in _INNER_QUOTE.finditer(text, start + 1, end - 1)]
            for tok in span if span is not None else ():
                lower = tok.lower_
                actor_id = quote.speaker_id if lower in _SINGULAR else we if lower in _PLURAL else None
                if any(a <= tok.idx < b for a, b in inner):
                    continue  # a quote inside the quote has its own speaker: "'He said, "I love you,"' she said"
                if actor_id and tok.tag_ in ("PRP", "PRP$"):
                    rows.append((tok.idx, tok.idx + len(tok), tok.text, "PRON", actor_id, "quote_speaker",
                                 _CONFIDENCE["quote_speaker"]))  # fmt: skip
    return rows


def _collective(kb: KnowledgeBase, speaker: str, countries: dict[str, str | None]) -> str | None:
    """Whom a speaker's "we" names: a state or body itself, a person's state."""
    actor = kb.actors.get(speaker)
    kind, country = (actor.kind, actor.country) if actor else ("person", countries.get(speaker))
    if kind != "person":
        return speaker
    return f"state:{country}" if country and f"state:{country}" in kb.actors else None
