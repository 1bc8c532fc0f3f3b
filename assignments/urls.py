"""The assignment request workflow."""

app_name = "assignments"
urlpatterns = []
