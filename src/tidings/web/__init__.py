"""The local web UI (``tidings serve``): read-only pages over a tidings
database, each with a JSON twin under ``/api``. See ``docs/web.md``."""

from tidings.web.app import create_app

__all__ = ["create_app"]
