"""tidings: structured, source-grounded event data from raw news pages.

Public API::

    from tidings import process_text, process_html, classify, run, open_store, Settings
"""

from __future__ import annotations

__version__ = "0.1.0"

from tidings.api import classify, process_html, process_text
from tidings.errors import ConfigError, InputError, StageError, StoreError, TidingsError
from tidings.pipeline import RunStats, run
from tidings.records import Article, Event, Failure, Page, Removed, Segment
from tidings.settings import Settings, load_settings
from tidings.store import Store, open_store

__all__ = [
    "Article",
    "ConfigError",
    "Event",
    "Failure",
    "InputError",
    "Page",
    "Removed",
    "RunStats",
    "Segment",
    "Settings",
    "StageError",
    "Store",
    "StoreError",
    "TidingsError",
    "__version__",
    "classify",
    "load_settings",
    "open_store",
    "process_html",
    "process_text",
    "run",
]
