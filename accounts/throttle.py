"""Throttling of password-reset requests, per visitor address and per e-mail address, in the shared cache."""

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache


def _over_limit(key: str, limit: int, window: int) -> bool:
    """Count one more request under ``key`` within the window; True when this one is past the limit."""
    cache.add(key, 0, window)  # starts the window; does nothing when it is running
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit


def allow_password_reset(request, email: str) -> bool:
    limits = settings.PASSWORD_RESET_LIMITS
    window = limits["window_seconds"]
    # The visitor's address behind the trusted proxies (portal.proxies, the same one the log-in lock-out counts).
    address = get_client_ip_address(request) or "unknown"
    # The e-mail address only as a hash: the cache holds no personal data.
    mailbox = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    by_address = _over_limit(f"password-reset:address:{address}", limits["per_address"], window)
    by_email = _over_limit(f"password-reset:email:{mailbox}", limits["per_email"], window)
    return not (by_address or by_email)
