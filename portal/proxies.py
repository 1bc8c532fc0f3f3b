"""The visitor's address behind a known number of reverse proxies.

Behind a load balancer REMOTE_ADDR is the proxy's address; counting failed log-ins per REMOTE_ADDR would let anyone
lock everybody out. Each trusted proxy appends the address it received the request from to X-Forwarded-For, so with
``TRUSTED_PROXY_COUNT = n`` the visitor is the n-th address from the right: whatever a client wrote further left is
its own claim and is ignored. With 0 (the default, no proxy) the header is ignored altogether.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The visitor's address (django-axes' ``AXES_CLIENT_IP_CALLABLE`` and the password-reset throttle)."""
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote  # not through all our proxies: only the direct peer is known
    # a malformed entry where a trusted proxy should have written an address: fall back to the peer
    return _valid(forwarded[-count]) or remote
