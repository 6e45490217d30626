"""Docs stay true: generated references are current, every setting and command is documented."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

from newsprism.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]


def test_docs_generated_references_are_current():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_docs_default_toml_matches_settings_defaults():
    assert load_settings() == Settings()


def test_docs_every_default_has_a_comment():
    text = resources.files("newsprism").joinpath("default.toml").read_text("utf-8")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^\w+\s*=", line):
            assert lines[i - 1].startswith("#"), f"default.toml: {line!r} has no comment above it"
    data = tomllib.loads(text)
    assert {f"{s}.{k}" for s, v in data.items() for k in v} == {
        f"{s}.{k}" for s, f in Settings.model_fields.items() for k in f.annotation.model_fields
    }


def test_docs_readme_quickstart_commands_exist_in_makefile():
    readme = (ROOT / "README.md").read_text("utf-8")
    makefile = (ROOT / "Makefile").read_text("utf-8")
    commands = re.findall(r"^make (\w+)$", readme, flags=re.M)
    assert "run" in commands and "test" in commands
    for target in commands:
        assert re.search(rf"^{target}:", makefile, flags=re.M), target
    assert "make test" in (ROOT / ".ci" / "run").read_text("utf-8")


def test_docs_data_model_names_every_table():
    from newsprism.store.duck import TABLES

    text = (ROOT / "docs" / "data-model.md").read_text("utf-8")
    for table in TABLES:
        assert f"`{table}`" in text, table


def test_docs_export_schema_lists_exact_columns():
    from newsprism.store.export import EXPORT_SCHEMA_VERSION, EXPORT_TABLES

    text = (ROOT / "docs" / "export-schema.md").read_text("utf-8")
    assert f"version {EXPORT_SCHEMA_VERSION}" in text
    for table, (columns, _) in EXPORT_TABLES.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{table}` |"))
        assert re.findall(r"`(\w+)`", row)[1:] == [c.strip('"') for c in columns], table
