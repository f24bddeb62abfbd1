import sys

from django.core.management.base import BaseCommand, CommandError

from tyopolku.accounts.models import Organization, Unit
from tyopolku.accounts.roles import Role
from tyopolku.accounts.services import api_token_create, user_create
from tyopolku.core.errors import DomainError


class Command(BaseCommand):
    help = "Add a user; prints a new API token as the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--organization", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--unit")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )

    def handle(self, *args, **options):
        organization = Organization.objects.filter(code=options["organization"]).first()
        if organization is None:
            raise CommandError(f"Unknown organisation {options['organization']!r}")
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(organization=organization, code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Unknown unit {options['unit']!r} in {organization.code}")
        password = sys.stdin.readline().rstrip("\n") if options["password_stdin"] else None
        try:
            user = user_create(
                username=options["username"],
                organization=organization,
                role=options["role"],
                unit=unit,
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Created user {user.username} ({user.role}) in {organization.code}")
        self.stdout.write(api_token_create(user=user))
