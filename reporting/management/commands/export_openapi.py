"""``manage.py export_openapi [--output FILE]``: the open-data API's OpenAPI document, as served at
``/api/v1/openapi.json``; ``make lint`` checks it with the API Design Rules linter."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from reporting.api.views import api


class Command(BaseCommand):
    help = "Write the OpenAPI document of the open-data API (default: to standard output)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write; default: standard output.")

    def handle(self, *args, output=None, **options):
        document = json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False) + "\n"
        if output:
            Path(output).write_text(document, encoding="utf-8")
        else:
            self.stdout.write(document, ending="")
