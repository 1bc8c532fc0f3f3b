"""Django's admin templates (5.2) use a few strings its Dutch catalogue does not have yet, among them the headers
a screen reader reads on the admin index (``admin/app_list.html``: "Model name", "Add link", "Change or view list
link"). They are marked here and get their Dutch in portal's catalogue, which comes before the admin's (portal is
first in INSTALLED_APPS). ``tests/admin/test_admin_dutch.py`` checks the index and the admin templates that use them.
"""

from django.utils.translation import gettext_noop

ADMIN_MESSAGES = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
)
