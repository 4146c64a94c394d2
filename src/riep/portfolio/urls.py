from django.urls import path

from riep.portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("", views.project_list, name="projects"),
    path("new/", views.project_create, name="project-create"),
    path("<slug:code>/", views.project_detail, name="project"),
    path("<slug:code>/edit/", views.project_edit, name="project-edit"),
    path("<slug:code>/funding/new/", views.funding_source_add, name="funding-source-add"),
    path("<slug:code>/funding/<int:source_id>/", views.funding_edit, name="funding-edit"),
    path("<slug:code>/confidence/new/", views.confidence_add, name="confidence-add"),
    path("<slug:code>/milestones/new/", views.milestone_add, name="milestone-add"),
    path("<slug:code>/milestones/<int:milestone_id>/", views.milestone_edit, name="milestone-edit"),
    path("<slug:code>/milestones/<int:milestone_id>/delete/", views.milestone_delete, name="milestone-delete"),
]
