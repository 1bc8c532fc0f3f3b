"""Root URL configuration: the site's own pages, then each app's."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.forms import AdminLoginForm

from . import views, workspace

admin.site.site_header = _("I-Partnerschap administration")
admin.site.site_title = _("I-Partnerschap")
admin.site.index_title = _("Records")
# The sidebar takes the width the assignment lists need; the breadcrumbs and index page do its job.
admin.site.enable_nav_sidebar = False
# The admin's log-in refuses over-long input before authentication, like the site's.
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("health/", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("partnership.urls")),
    path("", include("assignments.urls")),
    path("", include("istage.urls")),
    path("", include("reporting.urls")),
    path("werkruimte/", include((workspace.urlpatterns, "workspace"))),
    path("", include("exchange.urls")),
]

# Dutch error pages that render without the database or the static manifest (portal/views.py).
handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
