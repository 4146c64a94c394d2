from django.urls import path

from riep.core import search_views, views

app_name = "core"
urlpatterns = [
    path("jobs/", views.job_list, name="jobs"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("healthz", views.health, name="health"),
    path("search/", search_views.search_page, name="search"),
]
