"""Geometry of the server-side SVG charts: timeline bars, map points and the
actor network. Numbers only: the templates draw the SVG (escaped by Jinja2),
so no chart needs a script.

The map is Web Mercator on a 1024-unit square (the whole world at zoom level
2 of the usual 256-pixel tiles), the projection of the bundled world outline
(``static/world.svg``, made by ``scripts/world_outline.py``) and of optional
online tiles.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

#: Side of the map square (Web Mercator, zoom 2 of 256-unit tiles).
WORLD = 1024


def mercator(lat: float, lon: float, digits: int = 2) -> tuple[float, float]:
    """``(x, y)`` on the map square, rounded to ``digits``; latitudes are
    clamped to +-85.0511. ``scripts/world_outline.py`` draws the outline
    with it too."""
    lat = max(-85.0511, min(85.0511, lat))
    x = (lon + 180.0) / 360.0 * WORLD
    phi = math.radians(lat)
    y = (1.0 - math.log(math.tan(phi) + 1.0 / math.cos(phi)) / math.pi) / 2.0 * WORLD
    return round(x, digits), round(y, digits)


def map_view() -> tuple[float, float, float, float]:
    """The SVG viewBox ``(x, y, width, height)`` the map shows (84 N .. 60 S)."""
    top = mercator(84.0, 0.0)[1]
    bottom = mercator(-60.0, 0.0)[1]
    return 0.0, top, float(WORLD), round(bottom - top, 2)


def map_points(places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The places of ``event_map`` with ``x``, ``y`` and a radius ``r`` by event count."""
    out = []
    for p in places:
        x, y = mercator(p["lat"], p["lon"])
        out.append(p | {"x": x, "y": y, "r": round(2.5 + 2.0 * math.sqrt(p["count"]), 2)})
    return sorted(out, key=lambda p: -p["r"])  # small points drawn last, on top


def tiles(template: str, zoom: int = 2) -> list[dict[str, Any]]:
    """The tiles of one zoom level covering the map square: ``{url, x, y, size}``."""
    n = 2**zoom
    size = WORLD / n
    return [
        {
            "url": template.replace("{z}", str(zoom)).replace("{x}", str(x)).replace("{y}", str(y)),
            "x": x * size,
            "y": y * size,
            "size": size,
        }
        for x in range(n)
        for y in range(n)
    ]


def timeline_bars(periods: list[dict[str, Any]], width: int = 960, height: int = 220) -> dict[str, Any]:
    """Stacked bars of ``timeline`` periods: ``{width, height, max, bars, ticks}``.

    Each bar has ``x``, ``w``, ``period``, ``count`` and ``parts``
    (``{quad, y, h, count}``, QuadClass 1 at the bottom); ``ticks`` label a
    few periods along the axis.
    """
    top, bottom, left = 10, 30, 40
    plot_h = height - top - bottom
    most = max((p["count"] for p in periods), default=0) or 1
    step = (width - left) / max(1, len(periods))
    bars = []
    for i, p in enumerate(periods):
        y = float(height - bottom)
        parts = []
        for quad in ("1", "2", "3", "4"):
            n = p["quad"][quad]
            if not n:
                continue
            h = plot_h * n / most
            y -= h
            parts.append({"quad": quad, "y": round(y, 2), "h": round(h, 2), "count": n})
        bars.append(
            {
                "x": round(left + i * step + step * 0.1, 2),
                "w": round(max(1.0, step * 0.8), 2),
                "period": p["period"],
                "count": p["count"],
                "parts": parts,
                **period_range(p["period"]),
            }
        )
    every = max(1, math.ceil(len(periods) / 8))
    ticks = [
        {"x": round(b["x"] + b["w"] / 2, 2), "label": b["period"]}
        for i, b in enumerate(bars)
        if i % every == 0
    ]
    return {
        "width": width,
        "height": height,
        "max": most,
        "base": height - bottom,
        "top": top,
        "left": left,
        "bars": bars,
        "ticks": ticks,
    }


def period_range(period: str) -> dict[str, str]:
    """``{since, until}``: the first and last day of a day, month (``YYYY-MM``) or year."""
    if len(period) == 4:
        return {"since": f"{period}-01-01", "until": f"{period}-12-31"}
    if len(period) == 7:
        y, m = int(period[:4]), int(period[5:7])
        last = (date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)).day
        return {"since": f"{period}-01", "until": f"{period}-{last:02d}"}
    return {"since": period, "until": period}


def network_layout(network: dict[str, Any], focus: str, size: int = 520, most: int = 24) -> dict[str, Any]:
    """Positions for the actor network: the focus in the middle, the actors it
    interacts with most (at most ``most``) on a circle; edges between shown
    nodes, ``w`` their stroke width by count."""
    weight: dict[str, int] = {}
    for e in network["edges"]:
        for end in (e["source"], e["target"]):
            if end != focus:
                weight[end] = weight.get(end, 0) + e["count"]
    shown = sorted(weight, key=lambda k: (-weight[k], k))[:most]
    names = {n["id"]: n["name"] for n in network["nodes"]}
    c = size / 2
    radius = size / 2 - 70
    pos = {focus: (c, c)}
    for i, node in enumerate(shown):
        angle = 2 * math.pi * i / max(1, len(shown)) - math.pi / 2
        pos[node] = (round(c + radius * math.cos(angle), 2), round(c + radius * math.sin(angle), 2))
    top = max((e["count"] for e in network["edges"]), default=1)
    edges = []
    for e in network["edges"]:
        if e["source"] in pos and e["target"] in pos:
            (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
            # stop short of the target's circle so the arrowhead shows
            d = math.hypot(x2 - x1, y2 - y1) or 1.0
            x2, y2 = x2 - (x2 - x1) * 14 / d, y2 - (y2 - y1) * 14 / d
            edges.append(
                e
                | {
                    "x1": x1,
                    "y1": y1,
                    "x2": round(x2, 2),
                    "y2": round(y2, 2),
                    "w": round(1 + 4 * e["count"] / top, 2),
                }
            )
    nodes = [
        {"id": k, "name": names.get(k, k), "x": x, "y": y, "focus": k == focus} for k, (x, y) in pos.items()
    ]
    return {"size": size, "nodes": nodes, "edges": edges, "hidden": max(0, len(weight) - len(shown))}
