"""Tests for the actor knowledge base files and loader (newsprism.kb.load)."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsprism.kb.load import KINDS, load_kb

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "src" / "newsprism" / "kb" / "data"
SOURCES = REPO.parent / "shared" / "kb-sources"
DERIVED = ["actors.jsonl", "actors.countryinfo.jsonl", "actors.mledoze.jsonl"]

# The 193 UN member states (ISO 3166-1 alpha-3), written out here as an independent check.
UN_MEMBERS = """AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN
BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE DNK DJI DMA DOM ECU EGY SLV GNQ
ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA
JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA
MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA PRK MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR
ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK
TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB ZWE""".split()


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


def test_load_un_member_list_has_193_codes():
    assert len(set(UN_MEMBERS)) == 193


@pytest.mark.parametrize("name", DERIVED)
def test_load_derived_rows_have_unique_ids(name):
    ids = [row["id"] for row in _rows(name)]
    assert len(ids) == len(set(ids))


def test_load_main_rows_follow_schema():
    for row in _rows("actors.jsonl"):
        assert row["kind"] in KINDS, row["id"]
        assert row["id"].split(":", 1)[0] in {"person", "state", "igo", "org", "group"}
        assert isinstance(row["name"], str) and row["name"]
        for office in row.get("offices", []):
            assert office["role"] and office["source"] in {"factbook", "countryinfo", "curated"}
            assert office.get("country") or office.get("org"), row["id"]
            if office.get("start") and office.get("end"):
                assert office["start"][:7] <= office["end"][:7], (row["id"], office)


@pytest.mark.parametrize("name", DERIVED[1:])
def test_load_overlays_only_extend_known_actors(name):
    main_ids = {row["id"] for row in _rows("actors.jsonl")}
    partial = [row["id"] for row in _rows(name) if "kind" not in row]
    assert all(actor_id in main_ids for actor_id in partial)


@pytest.mark.parametrize("iso3", UN_MEMBERS)
def test_load_un_member_state_present(kb, iso3):
    actor = kb.actors[f"state:{iso3}"]
    assert actor.kind == "state" and actor.country == iso3 and actor.codes["iso3"] == iso3


@pytest.mark.parametrize("iso3", ["TWN", "PSE", "XKX", "VAT", "HKG"])
def test_load_other_entities_present(kb, iso3):
    assert f"state:{iso3}" in kb.actors


@pytest.mark.parametrize("code", ["NATO", "EU", "UN", "ASEAN", "AU", "OSCE", "WTO", "IAEA", "OAS", "SCO", "GCC"])
def test_load_igo_present(kb, code):
    actor = kb.actors[f"igo:{code}"]
    assert actor.kind == "igo" and actor.country == code


@pytest.mark.parametrize(("role", "place", "day", "expected"), [
    ("head_of_state", "KOR", "2021-06-01", "person:moon-jae-in"),
    ("head_of_state", "KOR", "2023-06-01", "person:yoon-suk-yeol"),
    ("head_of_state", "KOR", "2025-07-01", "person:lee-jae-myung"),
    ("head_of_state", "KOR", "2005-01-01", "person:roh-moo-hyun"),
    ("head_of_state", "USA", "2016-06-01", "person:barack-obama"),
    ("head_of_state", "USA", "2022-06-01", "person:joe-biden"),
    ("head_of_state", "USA", "2025-06-01", "person:donald-trump"),
    ("head_of_state", "BGR", "2024-01-01", "person:rumen-radev"),
    ("head_of_government", "JPN", "2023-01-01", "person:fumio-kishida"),
    ("head_of_government", "JPN", "2025-01-01", "person:shigeru-ishiba"),
    ("secretary_general", "NATO", "2013-06-01", "person:anders-fogh-rasmussen"),
    ("secretary_general", "NATO", "2020-06-01", "person:jens-stoltenberg"),
    ("secretary_general", "igo:NATO", "2025-06-01", "person:mark-rutte"),
    ("secretary_general", "UN", "2010-06-01", "person:ban-ki-moon"),
    ("president", "EU", "2021-01-01", "person:ursula-von-der-leyen"),
    ("defence_minister", "USA", "2022-06-01", "person:lloyd-austin"),
    ("foreign_minister", "KOR", "2024-06-01", "person:cho-tae-yul"),
    ("defence_minister", "KOR", "2024-01-15", "person:shin-won-sik"),
    ("foreign_minister", "UKR", "2022-03-01", "person:dmytro-kuleba"),
    ("defence_minister", "RUS", "2020-01-01", "person:sergei-shoigu"),
    ("foreign_minister", "CHN", "2023-03-01", "person:qin-gang"),
])
def test_load_office_holder_on_date(kb, role, place, day, expected):
    assert [a.id for a in kb.office_holders(role, place, day)] == [expected]


def test_load_office_holders_acting_flag(kb):
    holders = {a.id for a in kb.office_holders("head_of_state", "KOR", "2025-01-15")}
    assert holders == {"person:yoon-suk-yeol", "person:choi-sang-mok"}
    acting = [o for o in kb.actors["person:choi-sang-mok"].offices if o.role == "head_of_state"]
    assert acting[0].acting


@pytest.mark.parametrize(("text", "actor_id"), [
    ("south korean", "state:KOR"), ("rok", "state:KOR"), ("north korean", "state:PRK"),
    ("american", "state:USA"), ("british", "state:GBR"), ("dprk", "state:PRK"),
])
def test_load_demonym_or_abbreviation_alias(kb, text, actor_id):
    assert actor_id in kb.by_alias()[text]


@pytest.mark.parametrize(("text", "actor_id"), [
    ("the kremlin", "state:RUS"), ("the white house", "state:USA"), ("yongsan", "state:KOR"),
    ("blue house", "state:KOR"), ("zhongnanhai", "state:CHN"), ("downing street", "state:GBR"),
    ("seoul", "state:KOR"), ("pyongyang", "state:PRK"),
])
def test_load_metonym_alias(kb, text, actor_id):
    assert kb.by_alias()[text] == (actor_id,)


@pytest.mark.parametrize(("actor_id", "tag", "text"), [
    ("person:yoon-suk-yeol", "ko-Hang", "윤석열"), ("person:yoon-suk-yeol", "ko-Hani", "尹錫悅"),
    ("person:lee-jae-myung", "ko-Hani", "李在明"), ("person:fumio-kishida", "ja-Jpan", "岸田文雄"),
    ("person:xi-jinping", "zh-Hant", "習近平"), ("state:KOR", "ko-Hang", "대한민국"),
    ("person:volodymyr-zelenskyy", "uk-Cyrl", "Володимир Зеленський"),
])
def test_load_native_script_names(kb, actor_id, tag, text):
    assert text in kb.actors[actor_id].names[tag]


def test_load_person_sectors_and_country(kb):
    actor = kb.actors["person:lloyd-austin"]
    assert actor.country == "USA" and set(actor.sectors) == {"GOV", "MIL"}


@pytest.mark.parametrize("name", ["persons", "igos", "states", "metonyms"])
def test_load_curated_rows_have_source_note(name):
    for row in _rows(f"curated_{name}.jsonl"):
        assert row.get("source_note", "").strip(), row


def test_load_is_fast_and_cached():
    assert load_kb() is load_kb()


def test_load_not_triggered_by_package_import():
    code = "import sys, newsprism, newsprism.kb; assert 'newsprism.kb.load' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO / "src")


@pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared/kb-sources is absent (only needed to rebuild the KB)")
def test_load_build_reproduces_committed_files(tmp_path):
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_kb.py"), str(SOURCES), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for name in DERIVED:
        assert filecmp.cmp(tmp_path / name, DATA / name, shallow=False), name
