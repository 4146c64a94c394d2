from django.urls import path

from riep.impact import views

app_name = "impact"
urlpatterns = [
    path("", views.index, name="index"),
    path("panels/upload/", views.panel_upload, name="panel-upload"),
    path("panels/from-series/", views.panel_from_series, name="panel-from-series"),
    path("panels/<int:pk>/", views.panel_detail, name="panel"),
    path("analyses/new/", views.analysis_create, name="analysis-create"),
    path("analyses/<int:pk>/", views.analysis_detail, name="analysis"),
    path("analyses/<int:pk>/evidence/", views.analysis_evidence, name="analysis-evidence"),
]
