from django.core.management.base import BaseCommand, CommandError

from reviews.audit import audit


class Command(BaseCommand):
    help = (
        "Recompute every rating, review count, histogram, verified badge, helpfulness "
        "score and purchase count from the raw orders, reviews and votes. With --check, "
        "only report mismatches (exit status 1 if any); without, also fix them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="report mismatches and change nothing")

    def handle(self, check, **options):
        problems = audit(fix=not check)
        for problem in problems:
            self.stdout.write(problem)
        if check and problems:
            raise CommandError(f"{len(problems)} social-proof figure(s) disagree with the "
                               "orders and reviews; run without --check to fix them")
        state = "fixed" if problems else "all figures agree with the orders and reviews"
        self.stdout.write(self.style.SUCCESS(
            f"{len(problems)} mismatch(es) {state}" if problems else state.capitalize() + "."))
