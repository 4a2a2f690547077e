"""One exception hierarchy for tidings.

Every error names the input it concerns and, where the caller can act, the fix.
All classes are picklable (plain ``args``) so they cross process boundaries.
"""

from __future__ import annotations


class TidingsError(Exception):
    """Base class of every error tidings raises on purpose."""


class InputError(TidingsError):
    """A page or file that cannot be read or cleaned.

    Args:
        input: the path, URL or locator of the bad input.
        reason: one line saying what is wrong with it.
        stage: the stage that found the problem.
    """

    def __init__(self, input: str, reason: str, stage: str = "read") -> None:
        super().__init__(input, reason, stage)
        self.input = input
        self.reason = reason
        self.stage = stage

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"


class ConfigError(TidingsError):
    """A wrong setting or argument given by the caller."""


class StageError(TidingsError):
    """A pipeline stage is misconfigured (e.g. a missing requirement)."""


class StoreError(TidingsError):
    """The database cannot be opened, migrated or written."""
