"""Tests for newsprism.kb.agents (nationality + role-noun coding) and the agent/group/org data files."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsprism.kb.agents import (
    AgentCode,
    agent_sectors,
    code_agent,
    find_nationality,
    load_agent_index,
    make_agent_index,
)
from newsprism.kb.load import AgentTerm, load_agents, load_kb

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "src" / "newsprism" / "kb" / "data"
SOURCES = REPO.parent / "shared" / "kb-sources"
DEV = REPO.parent / "shared" / "eval" / "actor-resolution" / "dev.jsonl"
NEW_FILES = ["agents.jsonl", "actors.phoenix.jsonl", "actors.phoenix_countries.jsonl", "actors.phoenix_persons.jsonl",
             "actors.countryinfo.jsonl"]


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(("text", "iso3", "rest"), [
    ("Dutch fishermen", "NLD", "fishermen"),
    ("a Kenyan runner", "KEN", "runner"),
    ("the New Zealand navy", "NZL", "navy"),
    ("three North Korean defectors", "PRK", "three  defectors"),
    ("United Arab Emirates officials", "ARE", "officials"),
    ("Sri Lankan fishing boats", "LKA", "fishing boats"),
    ("US diplomats", "USA", "diplomats"),
    ("Brazil's central bank", "BRA", "central bank"),
    ("the Czech Republic", "CZE", ""),
    ("Burmese monks", "MMR", "monks"),
])
def test_agents_find_nationality(kb, text, iso3, rest):
    assert find_nationality(text, kb) == (iso3, rest)


@pytest.mark.parametrize("text", ["the striking nurses", "us and them", "a Korean restaurant"])
def test_agents_find_nationality_none(kb, text):
    assert find_nationality(text, kb)[0] is None


def test_agents_find_nationality_prefers_longest(kb):
    assert find_nationality("South Sudanese refugees", kb)[0] == "SSD"


@pytest.mark.parametrize(("text", "first"), [
    ("riot police", "COP"), ("policemen", "COP"), ("rebel commanders", "REB"), ("insurgents", "REB"),
    ("farm workers", "AGR"), ("demonstrators", "OPP"), ("thieves", "CRM"), ("gangsters", "CRM"),
    ("former prime minister", "ELI"), ("retired general", "ELI"), ("doctors", "MED"), ("journalists", "JRN"),
    ("opposition leader", "OPP"), ("the interior ministry", "GOV"), ("congresswomen", "LEG"),
    ("lawmakers", "LEG"), ("medics", "MED"), ("militants", "REB"),
])
def test_agents_sector_first(text, first):
    assert agent_sectors(text)[0] == first


@pytest.mark.parametrize("text", ["a red balloon", "yesterday", ""])
def test_agents_sector_none(text):
    assert agent_sectors(text) == []


def test_agents_sector_custom_terms():
    terms = [AgentTerm(term="ferry operator", plural=("ferry operators",), sectors=("BUS",), source="test")]
    assert agent_sectors("two ferry operators", terms) == ["BUS"]
    assert agent_sectors("two ferry operators", make_agent_index(terms)) == ["BUS"]


@pytest.mark.parametrize(("text", "country", "first"), [
    ("Polish border guards", "POL", "MIL"),
    ("Nigerian soldiers", "NGA", "MIL"),
    ("Turkish opposition lawmakers", "TUR", "LEG"),
    ("the Indian Foreign Ministry", "IND", "GOV"),
    ("Venezuelan protesters", "VEN", "OPP"),
    ("Nairobi police", "KEN", "COP"),
])
def test_agents_code_agent_generic(kb, text, country, first):
    code = code_agent(text, kb)
    assert isinstance(code, AgentCode) and code.country == country and code.sectors[0] == first


@pytest.mark.parametrize(("text", "actor_id", "country", "sector"), [
    ("Hezbollah", "group:hezbollah", "LBN", "REB"),
    ("the Taliban", "group:taliban", "AFG", "REB"),
    ("Hamas", "group:hamas", "PSE", "REB"),
    ("Boko Haram", "group:boko-haram", "NGA", "REB"),
    ("the FBI", "org:federal-bureau-of-investigation", "USA", "COP"),
    ("DEA", "org:drug-enforcement-agency", "USA", "COP"),
    ("Mossad", "org:mossad", "ISR", "SPY"),
])
def test_agents_code_agent_named(kb, text, actor_id, country, sector):
    code = code_agent(text, kb, date="2020-01-01")
    assert (code.actor_id, code.country, code.sectors[0]) == (actor_id, country, sector)


@pytest.mark.parametrize(("actor_id", "kind"), [("group:hezbollah", "group"), ("group:taliban", "group"),
                                                ("org:drug-enforcement-agency", "org")])
def test_agents_group_and_org_kinds(kb, actor_id, kind):
    assert kb.actors[actor_id].kind == kind


def test_agents_org_abbreviation_attached_to_full_name(kb):
    fbi = kb.actors["org:federal-bureau-of-investigation"]
    assert "FBI" in fbi.abbreviations and "DEA" not in fbi.abbreviations


def test_agents_group_spelling_variants(kb):
    assert {"Hizbullah", "Hizballah"} <= set(kb.actors["group:hezbollah"].aliases)


def test_agents_rows_follow_schema():
    rows = _rows("agents.jsonl")
    assert [r["term"] for r in rows] == sorted({r["term"] for r in rows})
    for row in rows:
        assert row["term"] == row["term"].lower().strip() and row["sectors"]
        assert all(len(s) == 3 and s.isupper() for s in row["sectors"]) and row["source"] in {"phoenix", "curated"}


@pytest.mark.parametrize("name", ["actors.phoenix.jsonl", "actors.phoenix_countries.jsonl"])
def test_agents_org_rows_follow_schema(name):
    for row in _rows(name):
        assert row["kind"] in {"group", "org"} and row["id"].startswith(f"{row['kind']}:")
        assert row["sectors"] and row["sources"] == ["phoenix"] and row["codes"]["cameo"]


def test_agents_curated_rows_have_source_note():
    for row in _rows("curated_agents.jsonl"):
        assert row.get("source_note", "").strip(), row


def test_agents_index_is_cached_and_loads_terms():
    assert load_agent_index() is load_agent_index()
    assert len(load_agents()) > 3000


@pytest.mark.skipif(not DEV.is_file(), reason="../shared/eval is absent")
def test_agents_dev_set_accuracy(kb, capsys):
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    nat = [r for r in rows if r["function"] == "search_nat"]
    short = [r for r in rows if r["function"] == "short_text_to_agent"]
    nat_ok = sum(find_nationality(r["input"]["text"], kb) == (r["expected"]["cc"], r["expected"]["text"]) for r in nat)
    short_ok = sum((agent_sectors(r["input"]["text"]) or [""])[0] == r["expected"]["code_1"] for r in short)
    with capsys.disabled():
        print(f"\nsearch_nat {nat_ok}/{len(nat)}; short_text_to_agent {short_ok}/{len(short)}")
    assert nat_ok == len(nat) and short_ok >= 0.6 * len(short)


@pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared/kb-sources is absent (only needed to rebuild the KB)")
def test_agents_build_reproduces_committed_files(tmp_path):
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_kb.py"), str(SOURCES), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for name in NEW_FILES:
        assert filecmp.cmp(tmp_path / name, DATA / name, shallow=False), name
