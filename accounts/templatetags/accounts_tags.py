from django import template

register = template.Library()


@register.filter
def total_minutes(delta):
    """A timedelta as whole minutes, rounded up (for the lock-out page)."""
    if not delta:
        return 0
    return int(-(-delta.total_seconds() // 60))
