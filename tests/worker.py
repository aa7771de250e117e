"""A real ``db_worker`` process for tests: started on the test's database, stopped
or killed as a test needs, its mail read back from files."""

import os
import signal
import subprocess
import sys
import time
from email import message_from_string
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend
from django.db import connection

from tests.conftest import REPO

SEPARATOR = "-" * 79


class SlowFileBackend(EmailBackend):
    """A mail server that takes a tenth of a second per message."""

    def write_message(self, message):
        time.sleep(0.1)
        super().write_message(message)


class Worker:
    def __init__(self, mail_dir):
        self.mail_dir = Path(mail_dir)
        self.mail_dir.mkdir(exist_ok=True)
        self.process = None

    def command(self, *args):
        env = dict(os.environ, WORKER_DATABASE_NAME=str(connection.settings_dict["NAME"]),
                   WORKER_MAIL_DIR=str(self.mail_dir))
        env.pop("DJANGO_SETTINGS_MODULE", None)
        return ([sys.executable, "manage.py", "db_worker", "--settings",
                 "tests.worker_settings", "--no-startup-delay", "--no-reload",
                 "--interval", "0.1", "-v", "0", *args], env)

    def start(self):
        args, env = self.command()
        self.process = subprocess.Popen(args, cwd=REPO, env=env)
        return self

    def run_batch(self):
        """Run every queued task, then exit."""
        args, env = self.command("--batch")
        subprocess.run(args, cwd=REPO, env=env, check=True, timeout=300)

    def kill(self):
        """SIGKILL: no handler runs, as when the machine or the OOM killer stops it."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)

    def recipients(self):
        """Every address a message was written to, once per message."""
        found = []
        for path in sorted(self.mail_dir.iterdir()):
            for chunk in path.read_text(errors="replace").split(SEPARATOR):
                message = message_from_string(chunk.strip())
                if message["To"]:
                    found.append(message["To"])
        return found

    def wait_for_mail(self, count, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.recipients()) >= count:
                return
            if self.process.poll() is not None:
                raise AssertionError(f"the worker exited with {self.process.returncode}")
            time.sleep(0.05)
        raise AssertionError(f"fewer than {count} mails in {timeout} s")
