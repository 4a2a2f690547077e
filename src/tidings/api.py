"""The Python API without a database: clean one page in memory."""

from __future__ import annotations

from collections.abc import Sequence

from tidings.errors import InputError
from tidings.pipeline import Processed, apply_stages
from tidings.records import Article, Page
from tidings.settings import Settings
from tidings.stages import acled, registry
from tidings.stages.acled import Classification

_DEFAULT = Settings()


def _process(page: Page, settings: Settings | None, stages: Sequence[str]) -> Article:
    result = apply_stages(stages, settings or _DEFAULT, page)
    if isinstance(result, Processed):
        return result.article
    raise InputError(result.where, result.reason, result.stage)


def process_text(
    text: str,
    *,
    url: str | None = None,
    published: str | None = None,
    title: str | None = None,
    settings: Settings | None = None,
    stages: Sequence[str] = registry.RUN,
) -> Article:
    """Clean a plain-text page (e.g. a WET record) and return its ``Article``.

    Example:
        >>> page = "Rebels seize town\\n\\nRebels seized the town of Kafr on Monday, residents said."
        >>> process_text(page).title
        'Rebels seize town'

    ``stages`` names the stages to run (default: all of ``tidings run``;
    ``tidings.stages.registry.INGEST`` for cleaning only).

    Raises:
        InputError: the text holds no article text.
    """
    page = Page(
        input=url or "<text>",
        locator="",
        format="text",
        content=text,
        url=url,
        published=published,
        title=title,
        container="api",
    )
    return _process(page, settings, stages)


def process_html(
    html: str | bytes,
    *,
    url: str | None = None,
    settings: Settings | None = None,
    stages: Sequence[str] = registry.RUN,
) -> Article:
    """Clean an HTML page and return its ``Article`` (main text via trafilatura).

    Raises:
        InputError: the page holds no article text.
    """
    page = Page(input=url or "<html>", locator="", format="html", content=html, url=url, container="api")
    return _process(page, settings, stages)


def classify(text: str, *, settings: Settings | None = None) -> Classification:
    """Return the main event type of ``text``: one of the 25 ACLED sub-event
    types (official names, e.g. "Air/drone strike", "Peaceful protest",
    "Other") or "Natural disaster", "Man-made disaster", "Organized crime",
    "Diplomatic event", "Claim of responsibility".

    Example:
        >>> c = classify("Warplanes bombed a market in the north, killing nine.")
        >>> c.label, c.reason  # doctest: +SKIP
        ('Air/drone strike', 'cues: warplane(+3.0), bomb(+1.5)')

    The result has ``.label``, ``.score`` (0..1), ``.reason`` (the cues that
    fired), ``.code`` (the CASE 2021 code) and ``.event_type`` (ACLED's).
    """
    return acled.classify_text(text, model=(settings or _DEFAULT).spacy_model)
