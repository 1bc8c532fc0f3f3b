"""``{{ figures|figure:"students.internship" }}``: one declared figure's value as shown, in a template.

The key must be declared in ``reporting.registry`` (a figure or one member of a split figure); an unknown key
raises ``UnknownFigure``. The tests look up every key the templates use, so a typo fails a test, not a page.
The value is shown unsuppressed: public templates show figures through tiles and charts only.
"""

from django import template

from reporting import registry

register = template.Library()


@register.filter
def figure(figures, key):
    return registry.display(figures, key)
