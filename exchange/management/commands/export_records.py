"""Write every importable kind from the database in its import format: one file per kind, ready to import again."""

from pathlib import Path

from django.core.management.base import BaseCommand

from exchange.imports import files
from exchange.imports.kinds import KINDS


class Command(BaseCommand):
    help = "Export the importable records (organisations, contact people, assignments, ...) in the import format."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--format", choices=sorted(files.CONTENT_TYPES), default="csv")
        parser.add_argument("--kind", choices=sorted(KINDS), action="append", help="only these kinds (repeatable)")

    def handle(self, *args, directory: Path, format: str, kind: list[str] | None, **options):
        directory.mkdir(parents=True, exist_ok=True)
        for number, slug in enumerate(KINDS, start=1):
            if kind and slug not in kind:
                continue
            path = directory / f"{number:02d}-{slug}.{format}"
            path.write_bytes(files.write(KINDS[slug], format, files.export_rows(KINDS[slug])))
            self.stdout.write(f"{path}")
