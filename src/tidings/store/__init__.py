"""Persistence: the SQLite store (one writer) and its schema."""

from tidings.store.sqlite import Store, open_store

__all__ = ["Store", "open_store"]
