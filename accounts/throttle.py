"""Throttling of password-reset requests, per visitor address and per e-mail address, in the shared cache.

Fail safe: when the cache does not answer, nothing can be counted, and a reset request is refused with a Dutch
"try again later" (503) instead of being let through unthrottled (a mailbox could then be flooded with reset mail
for as long as Redis is away). The log-in lock-out does not depend on the cache: django-axes counts failures in
PostgreSQL.
"""

import hashlib
import logging

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


class ThrottleUnavailable(Exception):
    """The cache that holds the counts did not answer."""


def _store():
    """The cache's raising operations (``portal.cache.FailSoftRedisCache.strict``): a count must know it counted."""
    strict = getattr(cache, "strict", None)
    return strict() if strict is not None else cache


def _over_limit(store, key: str, limit: int, window: int) -> bool:
    """Count one more request under ``key`` within the window; True when this one is past the limit."""
    store.add(key, 0, window)  # starts the window; does nothing when it is running
    try:
        count = store.incr(key)
    except ValueError:  # expired between add and incr
        store.set(key, 1, window)
        count = 1
    return count > limit


def allow_password_reset(request, email: str) -> bool:
    """Whether this request may send a reset mail; raises ``ThrottleUnavailable`` when the cache does not answer."""
    limits = settings.PASSWORD_RESET_LIMITS
    window = limits["window_seconds"]
    # The visitor's address behind the trusted proxies (portal.proxies, the same one the log-in lock-out counts).
    address = get_client_ip_address(request) or "unknown"
    # The e-mail address only as a hash: the cache holds no personal data.
    mailbox = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    store = _store()
    try:
        by_address = _over_limit(store, f"password-reset:address:{address}", limits["per_address"], window)
        by_email = _over_limit(store, f"password-reset:email:{mailbox}", limits["per_email"], window)
    except Exception as error:  # any client error: connection refused, timeout
        logger.warning("The password-reset throttle could not count (%s); refusing", type(error).__name__)
        raise ThrottleUnavailable from error
    return not (by_address or by_email)
