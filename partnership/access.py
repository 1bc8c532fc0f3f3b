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


def public_response(request, response, *, max_age=PUBLIC_MAX_AGE):
    """Shared caches may keep a public page an anonymous visitor saw; a logged-in user's copy carries their menu
    and CSRF token, so it stays private."""
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, public=True, max_age=max_age)
    return response
