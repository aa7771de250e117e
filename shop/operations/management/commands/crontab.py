import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from ...schedule import cron_lines


class Command(BaseCommand):
    help = ("Print the crontab that runs the shop's periodic jobs (install it with "
            "'python manage.py crontab | crontab -'); the environment (SECRET_KEY, "
            "DATABASE_URL, ...) must be set at the top of the crontab or in the settings.")

    def add_arguments(self, parser):
        parser.add_argument("--log", default="/var/log/shop/jobs.log",
                            help="where the jobs' output goes (default: %(default)s)")

    def handle(self, log, **options):
        self.stdout.write(cron_lines(Path(settings.BASE_DIR), sys.executable,
                                     settings.SETTINGS_MODULE, log), ending="")
