"""Evaluation harnesses: measure tidings on external dev sets (not part of the pipeline)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "TIDINGS_EVAL_DIR"


def eval_bases() -> list[Path]:
    """Where the shared ``eval`` folder may be: ``$TIDINGS_EVAL_DIR`` alone
    when set, else ``../shared/eval`` beside the repository checkout, then
    beside the working directory."""
    env = os.environ.get(ENV_VAR)
    if env:
        return [Path(env).expanduser()]
    checkout = Path(__file__).resolve().parents[3]
    return [a.parent / "shared" / "eval" for a in (checkout, Path.cwd())]


def eval_file(folder: str, name: str) -> Path | None:
    """``folder/name`` under the first eval base that has it (or ``name``
    directly under a base pointed at that folder); None if absent."""
    for base in eval_bases():
        for candidate in (base / folder / name, base / name):
            if candidate.is_file():
                return candidate
    return None
