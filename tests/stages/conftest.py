"""Fixtures of the stage tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="module")
def pipelines() -> tuple[Any, Any]:
    """spaCy's pipeline as ``spacy.load`` gives it (with tidings' paragraph
    breaks), and tidings' (same components, the exact stand-ins of
    ``stages/fastnlp.py`` and ``stages/fastner.py`` swapped in)."""
    import spacy

    from tidings.stages import nlp

    fast = nlp.load()
    ref = spacy.load(nlp.DEFAULT_MODEL)
    ref.add_pipe("tidings_paragraph_breaks", before="parser")
    return ref, fast
