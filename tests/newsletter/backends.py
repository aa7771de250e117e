"""Mail backends that fail the way production ones do, for the resume tests."""

from django.core.mail.backends.locmem import EmailBackend


class CrashAfter(EmailBackend):
    """Delivers ``limit`` messages, then the process is interrupted (Ctrl-C, a
    deploy's SIGTERM) right after handing the next one to the server: the worst
    moment, the mail is out but not yet marked sent."""

    limit = 2

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        from django.core import mail

        if len(mail.outbox) > self.limit:
            raise KeyboardInterrupt("killed mid-send")
        return sent
