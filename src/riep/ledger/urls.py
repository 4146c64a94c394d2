from django.urls import path

from riep.ledger.views import gains, projects, reports, returns, workflow

app_name = "ledger"
urlpatterns = [
    path("", gains.gain_list, name="gains"),
    path("gains/new/", gains.gain_create, name="gain-create"),
    path("gains/import/", gains.gain_import, name="gain-import"),
    path("gains/<slug:reference>/", gains.gain_detail, name="gain"),
    path("gains/<slug:reference>/edit/", gains.gain_edit, name="gain-edit"),
    path("gains/<slug:reference>/evidence/", gains.evidence_add, name="evidence-add"),
    path("projects/<slug:code>/additionality/", projects.additionality, name="additionality"),
    path("gains/<slug:reference>/evidence/<int:pk>/", gains.evidence_download, name="evidence"),
    path("ni179/<str:gss>/<str:year>/", returns.ni179_return, name="ni179"),
    path("ni179/<str:gss>/<str:year>/check/", workflow.check_answers, name="ni179-check"),
    path("ni179/<str:gss>/<str:year>/<slug:action>/", returns.ni179_action, name="ni179-action"),
    path("councils/<str:gss>/returns/", workflow.council_returns, name="council-returns"),
    path("partnerships/<str:code>/returns/", workflow.partnership_returns, name="partnership-returns"),
    path("partnerships/<str:code>/trajectory/", reports.trajectory, name="trajectory"),
    path("partnerships/<str:code>/value-report/", reports.value_report, name="value-report"),
]
