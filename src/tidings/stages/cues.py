"""Cue phrases for page cleaning, loaded once from ``data/boilerplate.yaml``.

The phrases are reviewed data (plain words, no regex); this module turns
them into patterns shared by the plain-text cleaner and the commentary rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib import resources
from typing import Any

from tidings.stages import yamldata


def _load() -> dict[str, Any]:
    raw = resources.files("tidings").joinpath("data/boilerplate.yaml").read_text("utf-8")
    data = yamldata.parse(raw)
    if not isinstance(data, dict):  # pragma: no cover - packaging error
        raise RuntimeError("tidings/data/boilerplate.yaml is not a mapping")
    return data


CUES: dict[str, Any] = _load()


def phrase_pattern(phrases: Sequence[str]) -> str:
    """Regex alternation of phrases; any non-word run may separate their words.

    A phrase ending in ``:`` must be followed by a colon.
    """
    alts = []
    for phrase in sorted(map(str, phrases), key=len, reverse=True):
        alt = r"[\W_]*".join(re.escape(w.rstrip(":")) for w in phrase.split())
        alts.append(alt.replace("'", "['’]?") + (r"\s*:" if phrase.endswith(":") else ""))
    return "(?i:" + "|".join(alts) + ")"
