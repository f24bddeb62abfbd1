from django.core.management.base import BaseCommand, CommandError

from tyopolku.accounts.models import Organization
from tyopolku.accounts.services import unit_ensure


class Command(BaseCommand):
    help = "Add a service unit to an organisation (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("org_code")
        parser.add_argument("unit_code")
        parser.add_argument("name")

    def handle(self, *args, org_code: str, unit_code: str, name: str, **options):
        organization = Organization.objects.filter(code=org_code).first()
        if organization is None:
            raise CommandError(f"Unknown organisation {org_code!r}")
        unit, created = unit_ensure(organization=organization, code=unit_code, name=name)
        verb = "Created" if created else "Exists already:"
        self.stdout.write(f"{verb} unit {organization.code}/{unit.code} ({unit.name})")
