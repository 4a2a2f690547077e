"""Pickled indexes kept on disk so that each process does not rebuild them.

``$XDG_CACHE_HOME/tidings`` (else ``~/.cache/tidings``) holds one file per
index and key; the key names everything the index is built from, so a file
is never stale. The cache is optional: a missing, unreadable, corrupt or
foreign file reads as None (the caller rebuilds), and a read-only or full
disk leaves the index in memory. Being a pickle, the file is trusted: it
lives in the user's own cache directory.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/tidings`` or ``~/.cache/tidings``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tidings"


def read(path: Path, kind: type[T]) -> T | None:
    """The object pickled at ``path`` if it is a ``kind``, else None."""
    try:
        with path.open("rb") as f:
            obj = pickle.load(f)
    except Exception:  # missing, corrupt, truncated or from an incompatible version
        return None
    return obj if isinstance(obj, kind) else None


def write(path: Path, obj: object) -> None:
    """Pickle ``obj`` to ``path`` atomically (concurrent workers never read
    half a file); give up silently when the disk refuses."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
