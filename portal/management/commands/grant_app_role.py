"""Give the application's database role what it needs, and on the trails only SELECT and INSERT (portal/trails.py).

Run as the owner role after every ``migrate`` (``make serve`` does): ``DATABASE_URL=$DATABASE_OWNER_URL manage.py
grant_app_role portal_app``.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction

from portal.trails import grant_app_role


class Command(BaseCommand):
    help = "Grant the application role its privileges; the trail tables only SELECT and INSERT. Run as the owner."

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role the application connects as (the user of its DATABASE_URL)")
        parser.add_argument("--database", default="default")

    def handle(self, *args, role, database, **options):
        connection = connections[database]
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = %s)", [role])
            current, exists = cursor.fetchone()
        if not exists:
            raise CommandError(f"There is no role {role!r}: create it first (CREATE ROLE {role} LOGIN PASSWORD '...').")
        if current == role:
            raise CommandError(
                f"Connected as {role!r} itself: run this as the owner of the tables (DATABASE_OWNER_URL)."
            )
        with transaction.atomic(using=database):
            trails = grant_app_role(connection, role)
        self.stdout.write(f"{role}: SELECT and INSERT only on {len(trails)} trail tables; the others read and written.")
