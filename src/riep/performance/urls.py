from django.urls import path

from riep.performance.views import assessment, indicators, outcomes, scorecards

app_name = "performance"
urlpatterns = [
    path("", indicators.index, name="index"),
    path("import/", indicators.import_values, name="import"),
    path("indicators/<str:key>/", indicators.indicator, name="indicator"),
    path("indicators/<str:key>/<str:gss>/", indicators.council_indicator, name="council-indicator"),
    path("indicators/<str:key>/<str:gss>/commentary/", indicators.commentary, name="commentary"),
    path("indicators/<str:key>/<str:gss>/approve/", indicators.approve, name="approve"),
    path("councils/<str:gss>/scorecard/", scorecards.council_scorecard, name="council-scorecard"),
    path("partnerships/<str:code>/scorecard/", scorecards.partnership_scorecard, name="partnership-scorecard"),
    path("partnerships/<str:code>/outcomes/<slug:slug>/", outcomes.outcome, name="outcome"),
    path("partnerships/<str:code>/self-assessment/", assessment.assessments, name="assessments"),
    path("partnerships/<str:code>/self-assessment/<str:year>/", assessment.assessment, name="assessment"),
]
