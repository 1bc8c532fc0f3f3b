"""Regenerate reporting/data/netherlands.json from the world-atlas npm package (Natural Earth, 1:10m)."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand

from reporting.geodata import GEOMETRY_FILE, extract_netherlands


class Command(BaseCommand):
    help = "Extract the Netherlands outline for the offline map from node_modules/world-atlas."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", default=str(settings.BASE_DIR / "node_modules" / "world-atlas" / "countries-10m.json")
        )

    def handle(self, *args, source, **options):
        polygons = extract_netherlands(source)
        GEOMETRY_FILE.parent.mkdir(exist_ok=True)
        GEOMETRY_FILE.write_text(
            json.dumps(
                {
                    "source": "Natural Earth 1:10m admin-0 countries via world-atlas 2.0.2 (public domain / ISC)",
                    "polygons": polygons,
                },
                separators=(",", ":"),
            )
        )
        points = sum(len(p) for p in polygons)
        self.stdout.write(f"{len(polygons)} polygons, {points} points written to {GEOMETRY_FILE}")
