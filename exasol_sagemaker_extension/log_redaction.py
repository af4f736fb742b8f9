"""Keeps the connection's secrets out of log records of botocore, boto3 and urllib3.

At DEBUG level botocore logs every request with its headers and the canonical request it signs; with
temporary credentials both contain the session token (``X-Amz-Security-Token``). Exasol's UDFs do not
log at DEBUG by default, but a user who turns logging on must not find a credential in it. Each secret
a client is built with is registered here; a filter on those loggers replaces it by ``***`` in every
record before any handler sees it.
"""
from __future__ import annotations

import logging
import threading
from typing import Iterable, Optional

REDACTED = "***"
# Where request headers, signing input or bodies are logged; module loggers created later (botocore
# imports some lazily) are named here so they get the filter before they log anything.
_LOGGER_PREFIXES = ("botocore", "boto3", "urllib3", "s3transfer")
_KNOWN_LOGGERS = ("botocore", "botocore.auth", "botocore.endpoint", "botocore.parsers", "botocore.hooks",
                  "botocore.httpsession", "botocore.retryhandler", "botocore.retries.standard",
                  "botocore.awsrequest", "botocore.client", "botocore.credentials", "boto3",
                  "boto3.resources.action", "urllib3", "urllib3.connectionpool")

_secrets: set[str] = set()
_lock = threading.Lock()


class SecretRedactingFilter(logging.Filter):
    """Replaces every registered secret in a record's message by ``***``; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = tuple(_secrets)
        if not secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is logging's problem to report, not ours
            return True
        redacted = redact(message, secrets)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


_FILTER = SecretRedactingFilter()


def redact(text: str, secrets: Optional[Iterable[str]] = None) -> str:
    """``text`` with every registered (or given) secret replaced by ``***``."""
    for secret in sorted(_secrets if secrets is None else secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def protect_secrets(*secrets: Optional[str]) -> None:
    """Register secrets (empty ones are ignored) and make sure the AWS libraries' loggers filter them."""
    with _lock:
        _secrets.update(secret for secret in secrets if secret)
        names = set(_KNOWN_LOGGERS) | {name for name in list(logging.Logger.manager.loggerDict)
                                       if name.split(".")[0] in _LOGGER_PREFIXES}
        for name in names:
            logger = logging.getLogger(name)
            if _FILTER not in logger.filters:
                logger.addFilter(_FILTER)
