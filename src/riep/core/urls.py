from django.urls import path

from riep.core import import_templates, search_views, views

app_name = "core"
urlpatterns = [
    path("jobs/", views.job_list, name="jobs"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("healthz", views.health, name="health"),
    path("search/", search_views.search_page, name="search"),
    path("imports/<str:name>/template.csv", import_templates.template_csv, name="import_template"),
    path("imports/<str:name>/example.csv", import_templates.example_csv, name="import_example"),
]
