"""Plots of stored events: counts over time, by type, by actor (matplotlib, Agg).

Each ``plot_*`` function counts the events that match the filters of
``tidings.store.events.query_events`` (streamed in batches: only the counts
are held), draws them and writes a PNG or SVG file (by its suffix). The
counting functions are separate and pure, so they can be tested and reused
(``timeline_counts``, ``type_counts``, ``actor_counts``).

Example:
    >>> from tidings import open_store
    >>> with open_store("tidings.db", readonly=True) as store:  # doctest: +SKIP
    ...     plot_timeline(store, "events.png", by="week", country="SYR")
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tidings.errors import ConfigError
from tidings.store import Store
from tidings.store.events import check_filters, event_batches

#: File types a plot can be written as.
PLOT_SUFFIXES = (".png", ".svg")
#: Filters of ``tidings events`` the plots accept.
PLOT_FILTERS = ("since", "until", "type", "country", "actor", "status", "happened")


def _rows(store: Store, filters: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for batch in event_batches(store.conn, **filters):
        yield from batch


def timeline_counts(rows: Iterable[dict[str, Any]], by: str = "day") -> list[tuple[date, int]]:
    """Events per day (or per ISO week, keyed by its Monday) from the first to
    the last, gaps filled with zero. The date is the event's own, else its
    document's publication day; undated events are not counted."""
    if by not in ("day", "week"):
        raise ValueError(f"unknown period {by!r}: use day or week")
    counts: Counter[date] = Counter()
    for row in rows:
        value = row.get("date_value")
        if not value:
            continue
        day = date.fromisoformat(value[:10])
        counts[day - timedelta(days=day.weekday()) if by == "week" else day] += 1
    if not counts:
        return []
    step = timedelta(days=7 if by == "week" else 1)
    out, day = [], min(counts)
    while day <= max(counts):
        out.append((day, counts[day]))
        day += step
    return out


def type_counts(rows: Iterable[dict[str, Any]], scheme: str = "plover") -> list[tuple[str, int]]:
    """Events by PLOVER type, or by ACLED event type (``acled``) or sub-event
    type (``acled-subtype``; events ACLED would not record are left out),
    most frequent first, ties by name."""
    key = {"plover": "type", "acled": "acled_type", "acled-subtype": "acled_subtype"}.get(scheme)
    if key is None:
        raise ValueError(f"unknown type scheme {scheme!r}: use plover, acled or acled-subtype")
    counts = Counter(row[key] for row in rows if row.get(key))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def actor_counts(rows: Iterable[dict[str, Any]], top: int = 15) -> list[tuple[str, str, int, int]]:
    """The ``top`` actors by events naming them as actor or recipient:
    ``(id, name, as actor, as recipient)``, most events first, ties by id.
    The name is the one the events' documents give most often."""
    acting: Counter[str] = Counter()
    receiving: Counter[str] = Counter()
    names: dict[str, Counter[str]] = {}
    for row in rows:
        for role, counter in (("actor", acting), ("recipient", receiving)):
            for actor_id, name in zip(row[f"{role}s"], row[f"{role}_names"], strict=False):
                counter[actor_id] += 1
                names.setdefault(actor_id, Counter())[name or actor_id] += 1
    total = acting + receiving
    ranked = sorted(total, key=lambda a: (-total[a], a))[:top]
    return [(a, names[a].most_common(1)[0][0], acting[a], receiving[a]) for a in ranked]


def _check(out: str | Path, filters: dict[str, Any]) -> Path:
    path = Path(out)
    if path.suffix.lower() not in PLOT_SUFFIXES:
        raise ConfigError(f"{path}: plots are written as {' or '.join(PLOT_SUFFIXES)}: name the file so")
    unknown = sorted(set(filters) - set(PLOT_FILTERS))
    if unknown:
        raise ConfigError(f"plots take the filters {', '.join(PLOT_FILTERS)} (not {', '.join(unknown)})")
    try:
        check_filters(**filters)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    return path


def _figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _save(fig: Any, path: Path, title: str, empty: bool) -> None:
    ax = fig.axes[0]
    ax.set_title(title)
    if empty:
        ax.text(0.5, 0.5, "no events match", ha="center", va="center", transform=ax.transAxes)
    fig.savefig(path, format=path.suffix.lower().lstrip("."), metadata=_METADATA[path.suffix.lower()])


# No creation date in the files: the same data makes the same bytes.
_METADATA: dict[str, dict[str, Any]] = {".png": {"Software": None}, ".svg": {"Date": None}}


def _subtitle(filters: dict[str, Any]) -> str:
    given = [f"{k}={v}" for k, v in filters.items() if v not in (None, False)]
    return f" ({', '.join(given)})" if given else ""


def plot_timeline(
    store: Store, out: str | Path, *, by: str = "day", **filters: Any
) -> list[tuple[date, int]]:
    """Draw events per day or week to ``out`` (.png or .svg); return the counts.

    Raises:
        ConfigError: a bad file suffix, period or filter.
    """
    path = _check(out, filters)
    if by not in ("day", "week"):
        raise ConfigError(f"unknown period {by!r}: use day or week")
    counts = timeline_counts(_rows(store, filters), by)
    fig = _figure(10, 4)
    ax = fig.subplots()
    if counts:
        ax.bar([d for d, _ in counts], [n for _, n in counts], width=6 if by == "week" else 0.9)
        fig.autofmt_xdate()
    ax.set_ylabel(f"events per {by}")
    _save(fig, path, f"Events per {by}{_subtitle(filters)}", not counts)
    return counts


def plot_types(
    store: Store, out: str | Path, *, scheme: str = "plover", top: int = 25, **filters: Any
) -> list[tuple[str, int]]:
    """Draw event counts by PLOVER type (or ACLED type, sub-event type) to ``out``."""
    path = _check(out, filters)
    try:
        counts = type_counts(_rows(store, filters), scheme)[:top]
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    fig = _figure(8, 1.5 + 0.3 * max(len(counts), 1))
    ax = fig.subplots()
    ax.barh([k for k, _ in counts][::-1], [n for _, n in counts][::-1])
    ax.set_xlabel("events")
    label = {"plover": "PLOVER type", "acled": "ACLED event type", "acled-subtype": "ACLED sub-event type"}
    _save(fig, path, f"Events by {label[scheme]}{_subtitle(filters)}", not counts)
    return counts


def plot_actors(
    store: Store, out: str | Path, *, top: int = 15, **filters: Any
) -> list[tuple[str, str, int, int]]:
    """Draw the top actors by events as actor and as recipient to ``out``."""
    path = _check(out, filters)
    if top < 1:
        raise ConfigError(f"top must be at least 1 (got {top})")
    counts = actor_counts(_rows(store, filters), top)
    fig = _figure(8, 1.5 + 0.3 * max(len(counts), 1))
    ax = fig.subplots()
    labels = [name for _, name, _, _ in counts][::-1]
    acting = [a for _, _, a, _ in counts][::-1]
    receiving = [r for _, _, _, r in counts][::-1]
    ax.barh(labels, acting, label="as actor")
    ax.barh(labels, receiving, left=acting, label="as recipient")
    if counts:
        ax.legend(loc="lower right")
    ax.set_xlabel("events")
    _save(fig, path, f"Top actors by events{_subtitle(filters)}", not counts)
    return counts
