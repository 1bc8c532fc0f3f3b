"""Role checks for views: one place, used by every app.

Anonymous users go to the log-in page; a logged-in user without the role gets 403. The roles are
``User.access_role`` (a superuser is a coordinator). Object-level access (another organisation's record answers 404,
and what the user may do with the object) lives in each app's selectors.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.cache import patch_cache_control

from partnership.models import Role

# How long browsers and shared caches may keep a public page an anonymous visitor saw.
PUBLIC_MAX_AGE = 15 * 60


def role_required(check):
    """A view decorator: log-in first, then ``check(user)`` must hold."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


coordinator_required = role_required(lambda user: user.is_coordinator)
government_member_required = role_required(lambda user: user.is_government_member)
education_member_required = role_required(lambda user: user.is_education_member)
member_required = role_required(lambda user: user.is_government_member or user.is_education_member)
member_or_coordinator_required = role_required(
    lambda user: user.is_coordinator or user.is_government_member or user.is_education_member
)
# The check of each role, for views that serve steps taken by different roles (``User.access_role``).
ROLE_REQUIRED = {
    Role.COORDINATOR: coordinator_required,
    Role.GOVERNMENT_MEMBER: government_member_required,
    Role.EDUCATION_MEMBER: education_member_required,
}


def require_coordinator(by) -> None:
    """For services only coordinators (and admins) may call, such as the workspace's writes."""
    if not by.is_coordinator:
        raise PermissionDenied


def carries_messages(request) -> bool:
    """Whether the page showed flash messages (its template went through a non-empty message storage)."""
    storage = getattr(request, "_messages", None)
    return bool(storage is not None and storage.used and len(storage))


def is_personal(request, response) -> bool:
    """A response that no shared cache (proxy, CDN, the server-side page cache) may keep: it was made for this
    visitor or changes their state. Enforced for every response by ``portal.middleware.PrivateResponseMiddleware``."""
    session = getattr(request, "session", None)
    return bool(
        response.cookies  # sets or deletes a cookie: session, CSRF token, messages
        # a logged-in visitor always has a session; an unread session cookie counts too (no query needed)
        or (session is not None and (session.modified or not session.is_empty()))
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
        or carries_messages(request)
    )


def public_response(request, response, *, max_age=PUBLIC_MAX_AGE):
    """Shared caches may keep a public page an anonymous visitor saw; a logged-in user's copy carries their menu
    and CSRF token, and a page with flash messages carries them, so those stay private."""
    if request.user.is_authenticated or is_personal(request, response):
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=max_age)
    return response
