"""The Netherlands outline for the offline map, taken from Natural Earth (public domain) via world-atlas.

The outline is committed in ``reporting/data/netherlands.json`` so the map needs no tile server and no
network; ``python manage.py build_map_geometry`` regenerates it from ``node_modules/world-atlas``.
"""

import json
import math
from functools import lru_cache
from pathlib import Path

GEOMETRY_FILE = Path(__file__).resolve().parent / "data" / "netherlands.json"
NETHERLANDS_ISO_NUMERIC = "528"
# European Netherlands only (the Caribbean parts would stretch the map).
BOUNDS = {"west": 3.0, "east": 7.4, "south": 50.6, "north": 53.7}
MAP_WIDTH = 400
# Equirectangular projection with the horizontal scale of 52° N keeps the country's familiar shape.
_ASPECT = math.cos(math.radians(52.2))
MAP_HEIGHT = round(MAP_WIDTH * (BOUNDS["north"] - BOUNDS["south"]) / ((BOUNDS["east"] - BOUNDS["west"]) * _ASPECT))


def _decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def extract_netherlands(topojson_path):
    """Polygons (outer rings as [lon, lat] lists) of the European Netherlands from a world-atlas file."""
    topology = json.loads(Path(topojson_path).read_text())
    arcs = _decode_arcs(topology)
    country = next(
        g for g in topology["objects"]["countries"]["geometries"] if str(g.get("id")) == NETHERLANDS_ISO_NUMERIC
    )
    polygons = country["arcs"] if country["type"] == "MultiPolygon" else [country["arcs"]]
    rings = []
    for polygon in polygons:
        ring = _ring(arcs, polygon[0])
        if all(
            BOUNDS["west"] <= lon <= BOUNDS["east"] and BOUNDS["south"] <= lat <= BOUNDS["north"] for lon, lat in ring
        ):
            rings.append([[round(lon, 4), round(lat, 4)] for lon, lat in ring])
    return rings


def project(longitude, latitude):
    """SVG coordinates (x, y) in a MAP_WIDTH × MAP_HEIGHT box."""
    x = (float(longitude) - BOUNDS["west"]) / (BOUNDS["east"] - BOUNDS["west"]) * MAP_WIDTH
    y = (BOUNDS["north"] - float(latitude)) / (BOUNDS["north"] - BOUNDS["south"]) * MAP_HEIGHT
    return round(x, 1), round(y, 1)


@lru_cache(maxsize=1)
def outline_path():
    """The SVG path data of the Netherlands outline."""
    data = json.loads(GEOMETRY_FILE.read_text())
    parts = []
    for ring in data["polygons"]:
        points = [project(lon, lat) for lon, lat in ring]
        parts.append("M" + " L".join(f"{x} {y}" for x, y in points) + " Z")
    return " ".join(parts)
