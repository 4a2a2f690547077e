"""Language identification (py3langid: its model ships inside the package).

Non-English pages are stored and flagged; the English-only stages that
follow skip them.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from tidings.records import Article

VERSION = "1"
_SAMPLE_CHARS = 4000
MIN_CHARS = 20


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str | None, float]:
    """Return (ISO 639-1 code, probability) for ``text``; (None, 0) if too short."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_CHARS:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)


def add_language(article: Article) -> Article:
    """Return ``article`` with its language set (from the body, not the title)."""
    body = "\n".join(article.segment_text(s) for s in article.segments if s.label != "title")
    lang, _prob = identify(body or article.text)
    notes = article.notes
    if lang and lang != "en":
        notes = (*notes, f"non-English page (language: {lang}); English-only stages skip it")
    return replace(
        article,
        language=lang,
        notes=notes,
        versions=(*article.versions, ("language", VERSION)),
    )
