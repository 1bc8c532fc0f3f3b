"""Root URL configuration: the site's own pages, then each app's."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("I-Partnerschap administration")
admin.site.site_title = _("I-Partnerschap")
admin.site.index_title = _("Records")
# The sidebar takes the width the assignment lists need; the breadcrumbs and index page do its job.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", views.home, name="home"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("assignments.urls")),
    path("", include("reporting.urls")),
]
