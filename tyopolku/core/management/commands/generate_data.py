from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tyopolku.core.errors import DomainError
from tyopolku.demo.generator import generate
from tyopolku.demo.people import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Generate a realistic, deterministic history for benchmarks: organisations GEN01, "
        "GEN02, … with the clients split evenly. Refuses a database that holds other "
        "organisations unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, required=True)
        parser.add_argument("--clients", type=int, required=True)
        parser.add_argument("--years", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--force", action="store_true", help="Add the data to a database with organisations."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            disable=options["no_progress"],
            transient=True,
        )
        task = bar.add_task("clients", total=options["clients"])

        def progress(what: str, done: int) -> None:
            if what == "clients":
                bar.advance(task, done)

        try:
            with bar:
                summary = generate(
                    organisations=options["organisations"],
                    clients=options["clients"],
                    years=options["years"],
                    seed=options["seed"],
                    force=options["force"],
                    progress=progress,
                )
        except (DomainError, ValueError) as error:
            raise CommandError(getattr(error, "message", str(error))) from error
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(
            f"Logins: <code>-valmentaja0001, <code>-esihenkilo001, <code>-admin, … "
            f"(e.g. gen01-valmentaja0001); every generated user's password is {DEMO_PASSWORD}."
        )
