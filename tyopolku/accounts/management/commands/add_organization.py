from django.core.management.base import BaseCommand

from tyopolku.accounts.services import organization_ensure


class Command(BaseCommand):
    help = "Add an organisation (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("name")

    def handle(self, *args, code: str, name: str, **options):
        organization, created = organization_ensure(code=code, name=name)
        verb = "Created" if created else "Exists already:"
        self.stdout.write(f"{verb} organisation {organization.code} ({organization.name})")
