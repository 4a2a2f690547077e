"""The README's Quick start is true: two commands, and CI runs the second."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _quick_start() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [c.strip() for c in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_quick_start_has_exactly_two_commands() -> None:
    commands = _quick_start()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert "tidings run samples" in commands[0]
    assert "pytest" in commands[1] and "ruff check" in commands[1] and "mypy" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert _quick_start()[1] in ci


def test_samples_hold_one_page_set_per_input_format() -> None:
    names = {p.relative_to(REPO / "samples").as_posix() for p in (REPO / "samples").rglob("*") if p.is_file()}
    assert any(n.endswith(".html") for n in names)
    assert any(n.endswith(".html.gz") for n in names)
    assert any(n.endswith(".warc.gz") and "wet" not in n for n in names)
    assert any(".wet" in n for n in names)
    assert any(n.endswith(".txt") for n in names)
    assert any(n.endswith(".jsonl") for n in names)
