"""Shared fixtures (the only conftest)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsprism.model import Annotated, Document, Mention, Sentence
from newsprism.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "korea-nato"
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five bundled seed articles, by file name."""
    return {p.name: p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt"))}


@pytest.fixture(scope="session")
def html_pages() -> list[dict]:
    """Real news pages saved as fixtures, with their manifest entries and raw bytes."""
    manifest = json.loads((FIXTURES / "html" / "manifest.json").read_text("utf-8"))
    return [entry | {"bytes": gzip.decompress((FIXTURES / "html" / entry["file"]).read_bytes())} for entry in manifest]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the repo; tests needing it skip where it is absent (users' machines)."""
    if not SHARED.is_dir():
        pytest.skip("../shared (development data) is not present beside the repository")
    return SHARED


@pytest.fixture
def settings() -> Settings:
    return load_settings()


@pytest.fixture
def small_settings() -> Settings:
    """Settings with a tiny size cap, for over-the-cap tests."""
    return load_settings(overrides=["ingest.max_file_bytes=2000"])


TEXT = "Seoul said on Tuesday that Yoon Suk Yeol would attend the NATO summit in Madrid."


def _make_annotated(doc_id: str = "d1", text: str = TEXT, removed: tuple[str, ...] = ("Share this",)) -> Annotated:
    document = Document(
        id=doc_id, source="in.txt", url=None, title="T", outlet="O", author=None, published="2022-06-28",
        published_raw="June 28, 2022", text=text, removed_lines=removed, fingerprint="f", input_format="text",
        cleaner="c.v1",
    )  # fmt: skip
    start = text.find("Yoon")
    mentions = (Mention(doc_id, start, start + 13, text[start : start + 13], "PERSON", 0),) if start >= 0 else ()
    return Annotated(document, (Sentence(doc_id, 0, 0, len(text)),), mentions, tokens=15, annotator="a")


@pytest.fixture(scope="session")
def make_annotated():
    """Builds a small annotated document by hand (no model), for store and export tests."""
    return _make_annotated


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory):
    """The bundled example corpus analysed once through the real CLI: (db path, CliRunner result)."""
    from click.testing import CliRunner

    from newsprism.cli import cli

    db = tmp_path_factory.mktemp("seed") / "seeds.duckdb"
    result = CliRunner().invoke(cli, ["analyze", str(EXAMPLES), "--db", str(db), "--no-progress"], catch_exceptions=False)
    assert result.exit_code == 0, result.output + result.stderr
    return db, result


@pytest.fixture(scope="session")
def seed_export(seed_store, tmp_path_factory) -> dict:
    """The JSON export of the analysed example corpus."""
    from click.testing import CliRunner

    from newsprism.cli import cli

    out = tmp_path_factory.mktemp("export") / "export.json"
    result = CliRunner().invoke(cli, ["export", "--db", str(seed_store[0]), "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text("utf-8"))
