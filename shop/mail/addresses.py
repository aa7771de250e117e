"""Which addresses may be mailed at all.

The reserved top-level domains (RFC 2606 and RFC 6761: .invalid, .test, .example,
.localhost) never belong to a mailbox: imported and
demo customers carry them on purpose (``customer-…@example.invalid``), so a
mail to one is a bug or a probe, never a message someone will read. RFC 2606's
example.com/.net/.org exist in DNS and are left to ``MAIL_UNDELIVERABLE_DOMAINS``
(a production shop lists them there with any throwaway-mail domains it refuses).
"""

from . import conf

RESERVED_TLDS = ("invalid", "test", "example", "localhost")


def is_deliverable(email):
    email = (email or "").strip().lower()
    local, at, domain = email.rpartition("@")
    if not local or not at or not domain or any(ch.isspace() for ch in email):
        return False
    domain = domain.rstrip(".")
    if domain.rsplit(".", 1)[-1] in RESERVED_TLDS:
        return False
    blocked = tuple(d.lower() for d in conf.get("UNDELIVERABLE_DOMAINS"))
    return not any(domain == d or domain.endswith("." + d) for d in blocked)
