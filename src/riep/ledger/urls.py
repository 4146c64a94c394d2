from django.urls import path

from riep.ledger import views

app_name = "ledger"
urlpatterns = [
    path("", views.gain_list, name="gains"),
    path("gains/new/", views.gain_create, name="gain-create"),
    path("gains/import/", views.gain_import, name="gain-import"),
    path("gains/<slug:reference>/", views.gain_detail, name="gain"),
    path("gains/<slug:reference>/edit/", views.gain_edit, name="gain-edit"),
    path("gains/<slug:reference>/evidence/", views.evidence_add, name="evidence-add"),
    path("projects/<slug:code>/additionality/", views.additionality, name="additionality"),
    path("gains/<slug:reference>/evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("ni179/<str:gss>/<str:year>/", views.ni179_return, name="ni179"),
    path("ni179/<str:gss>/<str:year>/<slug:action>/", views.ni179_action, name="ni179-action"),
    path("partnerships/<str:code>/trajectory/", views.trajectory, name="trajectory"),
    path("partnerships/<str:code>/value-report/", views.value_report, name="value-report"),
]
