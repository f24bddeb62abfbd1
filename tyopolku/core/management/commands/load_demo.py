from django.core.management.base import BaseCommand, CommandError

from tyopolku.core.errors import DomainError
from tyopolku.demo.builder import demo_logins, load_demo
from tyopolku.demo.people import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Load a fictional demo organisation into a database without organisations, "
        "and print the demo logins."
    )

    def handle(self, *args, **options):
        try:
            result = load_demo()
        except DomainError as error:
            raise CommandError(error.message) from error
        organization = result.organization
        if result.created:
            ctx = result.context
            self.stdout.write(
                f"Created the demo organisation {organization.name} (code {organization.code}): "
                f"{len(ctx.units)} units, {len(ctx.users)} users, {len(ctx.clients)} clients, "
                f"{ctx.visit_count} visits, {len(ctx.employers)} employers with "
                f"{len(ctx.openings)} openings."
            )
        elif organization is not None:
            self.stdout.write("The demo data exists already; nothing was created.")
        else:
            self.stdout.write(
                "The database has organisations already; no demo data was created "
                "(load_demo only fills an empty database)."
            )
            return
        self._print_logins(organization)

    def _print_logins(self, organization) -> None:
        self.stdout.write(
            f"\nDemo logins (every demo user's password is {DEMO_PASSWORD}; demo data only):"
        )
        self.stdout.write(f"  {'username':<15} {'password':<15} {'role':<22} name")
        for user in demo_logins(organization):
            self.stdout.write(
                f"  {user.username:<15} {DEMO_PASSWORD:<15} {user.role:<22} {user.get_full_name()}"
            )
