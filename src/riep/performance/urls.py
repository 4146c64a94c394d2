from django.urls import path

from riep.performance.views import assessment, indicators, local, outcomes, priorities, scorecards, targets

app_name = "performance"
P = "partnerships/<str:code>/"
OUTCOME = P + "outcomes/<slug:slug>/"
YEAR = P + "self-assessment/<str:year>/"
urlpatterns = [
    path("", indicators.index, name="index"),
    path("import/", indicators.import_values, name="import"),
    path("indicators/<str:key>/", indicators.indicator, name="indicator"),
    path("indicators/<str:key>/<str:gss>/", indicators.council_indicator, name="council-indicator"),
    path("indicators/<str:key>/<str:gss>/commentary/", indicators.commentary, name="commentary"),
    path("indicators/<str:key>/<str:gss>/approve/", indicators.approve, name="approve"),
    path("indicators/<str:key>/<str:gss>/targets/", targets.targets, name="targets"),
    path("councils/<str:gss>/scorecard/", scorecards.council_scorecard, name="council-scorecard"),
    path("councils/<str:gss>/indicators/<str:key>/", indicators.council_indicator_from_council,
         name="council-indicator-from-council"),
    path(P + "scorecard/", scorecards.partnership_scorecard, name="partnership-scorecard"),
    path(P + "indicators/", local.local_indicators, name="local-indicators"),
    path(P + "indicators/new/", local.local_indicator_edit, name="local-indicator-new"),
    path(P + "indicators/<str:key>/edit/", local.local_indicator_edit, name="local-indicator-edit"),
    path(P + "outcomes/new/", priorities.priority_new, name="priority-new"),
    path(OUTCOME, outcomes.outcome, name="outcome"),
    path(OUTCOME + "change/", priorities.priority_change, name="priority-change"),
    path(OUTCOME + "remove/", priorities.priority_remove, name="priority-remove"),
    path(OUTCOME + "projects/", priorities.priority_projects, name="priority-projects"),
    path(OUTCOME + "resources/new/", priorities.resource_edit, name="resource-new"),
    path(OUTCOME + "resources/<int:pk>/", priorities.resource_edit, name="resource-edit"),
    path(OUTCOME + "resources/<int:pk>/remove/", priorities.resource_remove, name="resource-remove"),
    path(P + "self-assessment/", assessment.assessments, name="assessments"),
    path(P + "self-assessment/new/", assessment.assessment_new, name="assessment-new"),
    path(YEAR, assessment.assessment, name="assessment"),
    path(YEAR + "answers/", assessment.assessment_answers, name="assessment-answers"),
    path(YEAR + "actions/new/", assessment.action_edit, name="action-new"),
    path(YEAR + "actions/<int:pk>/", assessment.action_edit, name="action-edit"),
]
