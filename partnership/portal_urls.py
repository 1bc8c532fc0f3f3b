"""Organisation profile and people."""

urlpatterns = []
