"""Persons from the Phoenix Countries dictionary (``actors.phoenix_persons.jsonl``) and the CountryInfo
country fix: the knowledge base rows, and the build helpers that decide which spellings name one person."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from newsprism.kb.load import load_kb
from newsprism.kb.names import family_and_given, like_given

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "src" / "newsprism" / "kb" / "data"
NAME = "actors.phoenix_persons.jsonl"


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.fixture(scope="module")
def build_kb():
    pytest.importorskip("yaml")  # the build script reads the countrynames YAML
    spec = importlib.util.spec_from_file_location("build_kb", REPO / "scripts" / "build_kb.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


def test_phoenix_persons_rows_follow_schema(kb):
    rows = _rows(NAME)
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)) and len(rows) > 10_000
    others = {row["id"] for name in ("actors.jsonl", "actors.countryinfo.jsonl")
              for row in _rows(name) if "kind" in row}
    for row in rows:
        assert row["id"].startswith("person:") and row["sources"] == ["phoenix"] and row["aliases"]
        if "kind" in row:  # a new person: a state's, with sectors, never an office (the codes name no office)
            assert row["kind"] == "person" and f"state:{row['country']}" in kb.actors and row["sectors"], row
            assert "offices" not in row and row["id"] not in others
        else:  # more spellings of a person the other files have
            assert row["id"] in others, row


@pytest.mark.parametrize(("spelling", "country"), [
    ("Prosper Avril", "HTI"),          # Haiti's ruler 1988-1990: no office list reaches back that far
    ("Muammar Qaddafi", "LBY"),        # 'Leader of the Revolution' is no head-of-state title in CountryInfo
    ("Muammar Gaddafi", "LBY"),
    ("Moody Awori", "KEN"),            # a vice-president: not in the office lists
    ("Ryutaro Hashimoto", "JPN"),
    ("Suharto", "IDN"),                # a mononym is kept
])
def test_phoenix_persons_known_by_every_listed_spelling(kb, spelling, country):
    ids = kb.by_alias()[spelling.lower()]
    assert len(ids) == 1 and kb.actors[ids[0]].country == country and kb.actors[ids[0]].kind == "person"


def test_phoenix_persons_spellings_join_the_known_person(kb):
    spellings = ("Umar Hassan Ahmad al-BASHIR", "Omar Hassan Ahmad al Bashir", "Omar al Bashir")
    ids = {kb.by_alias()[s.lower()] for s in spellings}
    assert ids == {("person:umar-hassan-ahmad-al-bashir",)}
    assert kb.by_alias()["hosni mubarek"] == ("person:hosni-mubarak",)


def test_phoenix_persons_keep_father_and_son_apart(kb):
    # 'George Bush' is as much the father as the son: no spelling of the father joins the son
    assert "George Bush" not in kb.actors["person:george-w-bush"].aliases
    assert "george bush" not in kb.by_alias()
    assert kb.by_alias()["george herbert walker bush"] != ("person:george-w-bush",)


def test_phoenix_persons_leave_out_titles_bare_family_names_and_common_given_names():
    aliases = {a for row in _rows(NAME) for a in row["aliases"]}
    assert not {a for a in aliases if a.split()[0] in {"President", "Prime", "Defense", "Russian", "Gov."}}
    assert "Putin" not in aliases and "Hassan" not in aliases


@pytest.mark.parametrize(("name", "country"), [
    ("Hirofumi Nakasone", "JPN"),   # the source's iso3 column says JON
    ("Haroldo Rodas Melgar", "GTM"),  # GLP (Guadeloupe)
])
def test_phoenix_persons_countryinfo_rows_get_the_right_state(kb, name, country):
    assert {kb.actors[i].country for i in kb.by_alias()[name.lower()]} == {country}


def test_phoenix_persons_countryinfo_country_prefers_the_cameo_code(build_kb):
    states = {"GIN", "PNG", "JPN", "GBR", "VGB", "BIH"}
    pick = build_kb.countryinfo_person_country
    assert pick({"country_code": "GIN", "iso3": "PNG"}, states) == "GIN"
    assert pick({"country_code": "JPN", "iso3": "JON"}, states) == "JPN"
    assert pick({"country_code": "GBRVGB", "iso3": "VGB"}, states) == "VGB"
    assert pick({"country_code": "BIHSPR", "iso3": "---"}, states) == "BIH"
    assert pick({"country_code": None, "iso3": "---"}, states) is None


@pytest.mark.parametrize(("a", "b", "country", "same"), [
    ("Andonios Samaras", "Antonis Samaras", "GRC", True),
    ("Joice Mujuru", "Joyce Mujuru", "ZWE", True),
    ("Umar al Bashir", "Umar Hassan Ahmad al-BASHIR", "SDN", True),
    ("Omar Hassan Ahmad al Bashir", "Umar Hassan Ahmad al-BASHIR", "SDN", True),
    ("Alan Johnson", "Boris Johnson", "GBR", False),
    ("George Bush", "George W. Bush", "USA", False),
    ("Amata Kabua", "Imata Kabua", "MHL", False),
    ("Kim Jong Pil", "Kim Jong Min", "KOR", False),   # family first: given syllables must be the same
    ("Chung Sye Kyun", "Chung Sye-kyun", "KOR", True),
    ("Binyamin Netanyahu", "Benjamin Netanyahu", "ISR", True),
    ("Stephen Joseph Harper", "Stephen Harper", "CAN", True),
    ("Salman bin Abd al-Aziz Al Saud", "Sultan bin Abd al Aziz al Saud", "SAU", False),   # brothers
    ("Khalid bin Ahmad al Khalifa", "Khalifa bin Ahmad al Khalifa", "BHR", False),
    ("Abdallah bin Nasir bin Khalifa Al Thani", "Abdullah ibn Khalifah al Thani", "QAT", False),  # another father
    ("Hamad bin Jasim bin Jabir al Thani", "Hamad ibn Jassim ibn Jabr al Thani", "QAT", True),
    ("Birendra Bir Bikram Shah Deva", "Dipendra Bir Bikram Shah Deva", "NPL", False),  # father and son
])
def test_phoenix_persons_like_names(a, b, country, same):
    fa, ga = family_and_given(a, country)
    fb, gb = family_and_given(b, country)
    assert (fa == fb and like_given(ga, gb, country)) is same


def test_phoenix_persons_one_record_can_list_two_people(build_kb):
    # a '+' line is "coded the same", sometimes another person: such phrases do not cluster
    assert build_kb._same_name("MUAMMAR QADHAFI", "MUAMMAR GADDAFI")
    assert not build_kb._same_name("NUR MOHAMMAD TARAKI", "HAFIZULLAH AMIN")


@pytest.mark.parametrize(("person", "not_alias"), [
    ("person:alberto-angel-fernandez", "Cristina Fernández de Kirchner"),  # his vice-president, from the same day
    ("person:tigran-sargsian", "Serzh Sargsian"),  # the president who appointed his prime minister that day
])
def test_phoenix_persons_factbook_respellings_keep_colleagues_apart(kb, person, not_alias):
    # the Factbook merge joins one person's respellings that start the same day; two holders of
    # different offices whose given names differ are two persons
    assert not_alias not in kb.actors[person].aliases
    assert any(not_alias in a.aliases for a in kb.actors.values() if a.id != person)


@pytest.mark.parametrize(("spellings", "person"), [
    (("Binyamin Netanyahu", "Benjamin Netanyahu"), "person:benjamin-netanyahu"),  # two Factbook records before
    (("Sergei Martynov", "Sergey Martynov"), None),                               # two CountryInfo records before
    (("Nuri al-MALIKI", "Nuri Maliki"), None),
])
def test_phoenix_persons_one_record_per_person(kb, spellings, person):
    ids = {i for s in spellings for i in kb.by_alias()[s.lower()] if kb.actors[i].kind == "person"}
    assert len(ids) == 1 and (person is None or ids == {person}), ids
