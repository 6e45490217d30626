"""Penn Treebank brackets from a spaCy dependency parse, for coders that read constituency trees.

PETRARCH-2 codes events from CoreNLP's PTB trees (``(ROOT (S (NP (NNP Germany)) (VP (VBD invaded) ...))))``).
To run it on the same sentences as newsprism without CoreNLP (Java, not on the package registries), a sentence's
dependency tree is turned into the phrase structure PTB would give it, by the usual head-driven conversion:

* a verb with a subject is a clause ``(S subject (VP verb ...))``; its auxiliaries nest VPs (``(VP (MD will)
  (VP (VB meet) ...))``); a clause with a marker is ``(SBAR (IN that) (S ...))``; a clause with no subject
  is ``(S (VP ...))`` (``to meet``) or a bare ``VP`` (a conjunct verb, a participle);
* a noun is ``NP``: its left dependents and itself flat, then ``(NP (NP ...) (PP ...) (SBAR ...))`` for what
  follows (prepositions, relative clauses, appositions);
* a preposition is ``(PP (IN of) (NP ...))``; adjectives and adverbs with dependents are ``ADJP`` / ``ADVP``;
* conjuncts coordinate at their head's level: ``(NP (NP the US) (CC and) (NP Japan))``.

Leaves carry the parser's fine-grained (PTB) tags. The result keeps every non-space token once; where the parse is
not projective the leaves may come out of text order, which PETRARCH does not check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_AUX = frozenset({"aux", "auxpass", "neg"})
_BRACKETS = {"(": "-LRB-", ")": "-RRB-", "[": "-LSB-", "]": "-RSB-", "{": "-LCB-", "}": "-RCB-"}
_Node = tuple[str, list]  # (label, children); a leaf is (tag, [word])


def ptb_tree(sent: Span) -> str:
    """The sentence as a PTB bracketed string, ``(ROOT (S ...))``."""
    return "(ROOT " + _brackets(_top(sent)) + ")"


def ptb_trees(sents: list[Span]) -> str:
    """One tree for text spaCy split into several sentences (a coded sentence may be two of its own):
    ``(ROOT (S (S ...) (S ...)))``; one sentence is ``ptb_tree``."""
    if len(sents) == 1:
        return ptb_tree(sents[0])
    return "(ROOT (S " + " ".join(_brackets(_top(s)) for s in sents) + "))"


def _top(sent: Span) -> _Node:
    root = _phrase(sent.root)
    if root[0] not in ("S", "SBAR", "SINV", "FRAG"):
        root = ("S", [root]) if root[0] == "VP" else ("FRAG", [root])
    return root


def _brackets(node: _Node) -> str:
    label, children = node
    if len(children) == 1 and isinstance(children[0], str):
        return f"({label} {children[0]})"
    return f"({label} " + " ".join(_brackets(c) for c in children) + ")"


def _leaf(tok: Token) -> _Node:
    word = _BRACKETS.get(tok.text, tok.text).replace("(", "-LRB-").replace(")", "-RRB-").replace(" ", "_")
    tag = _BRACKETS.get(tok.tag_, tok.tag_) if tok.tag_ not in ("", "_SP") else "NN"
    return (tag, [word])


def _kids(tok: Token) -> list[Token]:
    return [c for c in tok.children if not c.is_space]


def _phrase(tok: Token) -> _Node:
    """The phrase ``tok`` heads, coordinated with its conjuncts."""
    kids = _kids(tok)
    conjs = [c for c in kids if c.dep_ == "conj"]
    if not conjs:
        return _own(tok, kids)
    first = min(c.left_edge.i for c in conjs)
    final = [c for c in kids if c.dep_ == "punct" and c.i == tok.right_edge.i and c.i > first]
    own = [c for c in kids if c.dep_ not in ("conj", "cc", "preconj") and not (c.dep_ == "punct" and c.i > first)]
    coord = sorted((c for c in kids if c not in own and c not in final), key=lambda t: t.i)
    parts = [_phrase(c) if c.dep_ == "conj" or _kids(c) else _leaf(c) for c in coord]
    if _is_clause(tok, own) and all(p[0] == "VP" for p in parts if p[0] in ("VP", "S", "SBAR")):
        # "Japan met X and agreed ...": one subject, coordinated verb phrases
        return _clause(tok, own + final, coordinated=parts)
    head = _own(tok, own)
    label = "S" if head[0] in ("S", "VP") and any(p[0] == "S" for p in parts) else head[0]
    return (label, [head, *parts, *(_leaf(c) for c in final)])


def _is_clause(tok: Token, kids: list[Token]) -> bool:
    return tok.pos_ in ("VERB", "AUX") or (
        tok.dep_ in ("ROOT", "ccomp", "advcl", "relcl") and any(k.dep_ in _SUBJECTS for k in kids)
    )


def _own(tok: Token, kids: list[Token]) -> _Node:
    pos = tok.pos_
    if _is_clause(tok, kids):
        return _clause(tok, kids)
    if pos in ("NOUN", "PROPN", "PRON", "NUM", "X", "SYM") or tok.tag_ in ("NN", "NNS", "NNP", "NNPS", "PRP", "CD"):
        return _noun(tok, kids)
    if pos == "ADP" or tok.dep_ in ("prep", "agent"):
        return _prep(tok, kids)
    label = {"ADJ": "ADJP", "ADV": "ADVP", "PART": "PRT", "SCONJ": "SBAR", "CCONJ": "CC"}.get(pos, "FRAG")
    if pos == "ADJ" and any(k.dep_ == "xcomp" for k in kids):
        label = "VP"  # "is about / set / ready to restore": the verb chain goes on (CoreNLP: (VP (IN about) (S ..)))
    if not kids:
        return _leaf(tok)
    return (label, _ordered(tok, kids))


def _in_order(nodes: list[tuple[int, _Node]]) -> list[_Node]:
    """Phrases by the position of their head token."""
    return [n for _, n in sorted(nodes, key=lambda x: x[0])]


def _ordered(tok: Token, kids: list[Token]) -> list[_Node]:
    return _in_order([(c.i, _phrase(c)) for c in kids] + [(tok.i, _leaf(tok))])


def _noun(tok: Token, kids: list[Token]) -> _Node:
    left = [c for c in kids if c.i < tok.i]
    right = [c for c in kids if c.i > tok.i]
    core: list[_Node] = []
    for c in left:
        core.append(_phrase(c) if _kids(c) else _leaf(c))
    core.append(_leaf(tok))
    base = ("NP", core)
    if not right:
        return base
    tail: list[_Node] = []
    for c in right:
        if c.dep_ in ("relcl", "acl") and c.pos_ in ("VERB", "AUX"):
            clause = _phrase(c)
            tail.append(("SBAR", [clause]) if clause[0] == "S" else clause)
        elif c.dep_ == "punct" and not _kids(c):
            tail.append(_leaf(c))
        else:
            tail.append(_phrase(c))
    return ("NP", [base, *tail])


def _prep(tok: Token, kids: list[Token]) -> _Node:
    head = ("IN" if tok.tag_ not in ("TO", "RP") else tok.tag_, _leaf(tok)[1])
    return ("PP", _in_order([(c.i, _phrase(c)) for c in kids] + [(tok.i, head)]))


def _verb_phrase(tok: Token, inside: list[Token]) -> list[_Node]:
    """The verb and its dependents in text order. A preposition after the direct object is the verb's, as
    CoreNLP mostly attaches it ("restore ties (with Gondor)"), where spaCy hangs it on the object noun."""
    nodes = [(tok.i, _leaf(tok))]
    for c in inside:
        grand = _kids(c)
        lifted = [g for g in grand if g.dep_ == "prep" and g.i > c.i] if c.dep_ == "dobj" and c.pos_ in (
            "NOUN", "PROPN") and not any(g.dep_ == "conj" for g in grand) else []  # fmt: skip
        if lifted:
            nodes.append((c.i, _noun(c, [g for g in grand if g not in lifted])))
            nodes += [(g.i, _phrase(g)) for g in lifted]
        else:
            nodes.append((c.i, _phrase(c)))
    return _in_order(nodes)


def _clause(tok: Token, kids: list[Token], coordinated: list[_Node] | None = None) -> _Node:
    """``(SBAR mark (S left-of-VP subject (VP aux (VP verb rest))))``; ``coordinated`` verb phrases (and their
    conjunctions) join the innermost VP: ``(VP (VP met ...) (CC and) (VP agreed ...))``."""
    marks = [c for c in kids if c.dep_ == "mark" and c.i < tok.i]
    subjects = [c for c in kids if c.dep_ in _SUBJECTS]
    auxes = [c for c in kids if c.dep_ in _AUX and c.i < tok.i]
    rest = [c for c in kids if c not in marks and c not in subjects and c not in auxes]
    split = max((s.i for s in subjects), default=-1)
    outside = [c for c in rest if c.i < split]  # "In 2020, Japan ...": before the subject, at clause level
    inside = [c for c in rest if c.i >= split]
    final = [c for c in inside if c.dep_ == "punct" and c.i == tok.right_edge.i and c.i > tok.i]  # "." of the clause
    inside = [c for c in inside if c not in final]
    vp: _Node = ("VP", _verb_phrase(tok, inside))
    if coordinated:
        vp = ("VP", [vp, *coordinated])
    groups: list[list[Token]] = []  # "will not": a negation stays in its auxiliary's VP
    for aux in auxes:
        if aux.dep_ == "neg" and groups:
            groups[-1].append(aux)
        else:
            groups.append([aux])
    for group in reversed(groups):
        vp = ("VP", [*(_leaf(a) for a in group), vp])
    if subjects or outside:
        parts = _in_order([(c.i, _phrase(c)) for c in subjects + outside])
        node: _Node = ("S", [*parts, vp, *(_leaf(c) for c in final)])
    elif tok.dep_ in ("xcomp", "ccomp", "advcl", "ROOT", "csubj") or any(a.tag_ == "TO" for a in auxes):
        node = ("S", [vp] + [_leaf(c) for c in final])
    else:
        node = ("VP", [*vp[1], *(_leaf(c) for c in final)]) if final else vp
    if marks:
        return ("SBAR", [("IN", _leaf(m)[1]) for m in marks] + [node if node[0] == "S" else ("S", [node])])
    return node
