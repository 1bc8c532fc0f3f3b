"""The cache backend: Django's RedisCache that fails soft, in one place.

Every use of the cache in the portal is an optimisation (kept figures, rendered pages, the default peildatum): a
Redis that does not answer must cost time, never a page. ``FailSoftRedisCache`` answers a read it cannot make as a
miss and drops a write it cannot make, logs one warning, and then leaves Redis alone for ``RETRY_AFTER`` seconds
(per process), so a Redis that hangs instead of refusing costs one socket timeout now and then, not one per call.

What must know whether the cache answered (the password-reset throttle, ``/health/``) asks ``cache.strict()``: the
same operations, raising the client's error.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# After a failure, how long a process answers from nothing instead of asking Redis again.
RETRY_AFTER = 5.0


class _Strict:
    """The backend's operations without the soft landing: errors of the Redis client are raised."""

    def __init__(self, backend):
        self._backend = backend

    def __getattr__(self, name):
        return functools.partial(getattr(RedisCache, name), self._backend)


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    def strict(self):
        return _Strict(self)

    def answering(self) -> bool:
        """False while this process leaves a Redis that did not answer alone (``RETRY_AFTER``)."""
        return time.monotonic() >= self._down_until

    def _soft(self, operation: str, default, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except ValueError:  # incr of a missing key: the caller's business, not an outage
            raise
        except Exception as error:  # connection refused, timeout, a broken reply: Redis is not answering
            with self._lock:
                first = time.monotonic() >= self._down_until
                self._down_until = time.monotonic() + RETRY_AFTER
            if first:
                logger.warning(
                    "The cache did not answer (%s: %s); working without it for %.0f s",
                    type(error).__name__,
                    error,
                    RETRY_AFTER,
                )
            return default

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._soft("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._soft("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._soft("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._soft("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        # Nothing to count with: as if the key had gone (the caller starts again from a set).
        if time.monotonic() < self._down_until:
            raise ValueError(f"Key '{key}' not found (the cache is not answering).")
        result = self._soft("incr", None, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (the cache is not answering).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._soft("delete_many", None, keys, version)

    def clear(self):
        return self._soft("clear", False)
