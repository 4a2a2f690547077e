"""Make ``src/tidings/web/static/world.svg``: the world map under ``tidings serve``.

Source: the npm package ``world-atlas`` 2.0.2 (``countries-110m.json``, TopoJSON
of Natural Earth 1:110m admin-0 countries). Natural Earth is in the public
domain; world-atlas is by Michael Bostock under the ISC licence. The countries
are projected to Web Mercator on a 1024-unit square
(rings that cross the antimeridian unwrapped and drawn on both edges) (the whole world at zoom
level 2 of 256-pixel tiles, see ``tidings.web.charts``), latitudes clamped to
+-85.0511, coordinates rounded to 0.1 unit.

Usage (needs npm, reaches the npm registry once):

    python scripts/world_outline.py                 # fetch world-atlas with `npm pack`
    python scripts/world_outline.py world-atlas-2.0.2.tgz   # or from a tarball at hand
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from tidings.web.charts import WORLD, mercator

PACKAGE = "world-atlas@2.0.2"
MEMBER = "package/countries-110m.json"
OUT = Path(__file__).resolve().parents[1] / "src" / "tidings" / "web" / "static" / "world.svg"
SIZE = WORLD  # the web map's square


def fetch(tmp: Path) -> Path:
    """The world-atlas tarball, fetched with ``npm pack`` into ``tmp``."""
    name = (
        subprocess.run(
            ["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return tmp / name


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs as lists of (lon, lat): delta-decoded and de-quantized."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(r: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses the antimeridian (Russia, Fiji, Antarctica) made
    continuous past +-180, plus a copy shifted by 360 degrees to fill the
    other edge of the map (what lies off the square is clipped)."""
    out = [r[0]]
    for raw_lon, lat in r[1:]:
        prev, lon = out[-1][0], raw_lon
        while lon - prev > 180:
            lon -= 360
        while prev - lon > 180:
            lon += 360
        out.append((lon, lat))
    rings = [out]
    if max(p[0] for p in out) > 180:
        rings.append([(lon - 360, lat) for lon, lat in out])
    if min(p[0] for p in out) < -180:
        rings.append([(lon + 360, lat) for lon, lat in out])
    return rings


def path_data(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for r in (u for ring_ in rings for u in unwrap(ring_)):
        xy = [mercator(lat, lon, digits=1) for lon, lat in r]
        kept = [p for i, p in enumerate(xy) if i == 0 or p != xy[i - 1]]
        if len(kept) < 3:
            continue
        parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in kept) + "Z")
    return "".join(parts)


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tarball = Path(argv[0]) if argv else fetch(Path(tmp))
        with tarfile.open(tarball) as tar:
            member = tar.extractfile(MEMBER)
            if member is None:
                raise SystemExit(f"{tarball}: no {MEMBER}")
            topo = json.load(member)
    arcs = decode_arcs(topo)
    paths = []
    for geom in topo["objects"]["countries"]["geometries"]:
        if geom.get("type") == "Polygon":
            polygons = [geom["arcs"]]
        elif geom.get("type") == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        d = path_data([ring(arcs, r) for poly in polygons for r in poly])
        if d:
            name = geom.get("properties", {}).get("name", "")
            paths.append(f'<path d="{d}"><title>{_escape(name)}</title></path>')
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}">\n'
        "<!-- Natural Earth 1:110m countries (public domain) via world-atlas 2.0.2 (ISC, Michael Bostock);"
        " Web Mercator; made by scripts/world_outline.py -->\n"
        '<g fill="#d9dfd3" stroke="#ffffff" stroke-width="0.4" stroke-linejoin="round">\n'
        + "\n".join(paths)
        + "\n</g>\n</svg>\n"
    )
    OUT.write_text(svg, encoding="utf-8")
    print(f"{OUT}: {len(paths)} countries, {len(svg)} bytes")
    return 0


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
