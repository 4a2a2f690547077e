"""Reading the reviewed YAML data shipped with tidings: with libyaml's C
loader when PyYAML has it (about ten times faster than the pure-Python one;
the lexicons are read once per process, so in every worker), else the safe
pure-Python loader. Both build plain Python data only."""

from __future__ import annotations

from typing import Any

import yaml

LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str) -> Any:
    """The data of the YAML document ``text`` (safe: plain types only)."""
    return yaml.load(text, Loader=LOADER)
