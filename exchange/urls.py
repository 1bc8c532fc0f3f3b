from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("importeren/", views.import_start, name="import_start"),
    path("importeren/sjabloon/<slug:kind>.<str:file_format>", views.import_template, name="import_template"),
    path("importeren/<int:pk>/", views.import_job, name="import_job"),
    path("importeren/<int:pk>/vastleggen/", views.import_commit, name="import_commit"),
    path("importeren/<int:pk>/opnieuw/", views.import_retry, name="import_retry"),
]
