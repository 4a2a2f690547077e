"""The Python API without a database: clean one page in memory."""

from __future__ import annotations

from collections.abc import Sequence

from tidings.errors import InputError
from tidings.pipeline import Processed, apply_stages
from tidings.records import Article, Page
from tidings.settings import Settings
from tidings.stages import registry

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
