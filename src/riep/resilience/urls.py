from django.urls import path

from riep.resilience import cases_views, peer_views, views

app_name = "resilience"
urlpatterns = [
    path("", views.index, name="index"),
    path("partnerships/<str:code>/", views.partnership, name="partnership"),
    path("partnerships/<str:code>/flags/", views.flags, name="flags"),
    path("partnerships/<str:code>/rules/", views.rules, name="rules"),
    path("partnerships/<str:code>/rules/<slug:key>/", views.rule_edit, name="rule-edit"),
    path("partnerships/<str:code>/peer-groups/", peer_views.peer_groups, name="peer-groups"),
    path("partnerships/<str:code>/peer-groups/new/", peer_views.peer_group_edit, name="peer-group-new"),
    path("partnerships/<str:code>/peer-groups/<int:pk>/", peer_views.peer_group_edit, name="peer-group"),
    path("partnerships/<str:code>/cases/", cases_views.case_list, name="cases"),
    path("partnerships/<str:code>/cases/new/", cases_views.case_new, name="case-new"),
    path("councils/<str:gss>/", views.council, name="council"),
    path("councils/<str:gss>/notes/new/", views.note_add, name="note-add"),
    path("cases/<int:pk>/", cases_views.case_detail, name="case"),
    path("cases/<int:pk>/actions/new/", cases_views.action_add, name="action-add"),
    path("cases/<int:pk>/actions/<int:action>/", cases_views.action_status, name="action-status"),
    path("cases/<int:pk>/level/", cases_views.level_change, name="level"),
    path("cases/<int:pk>/peer-support/new/", cases_views.peer_support_add, name="peer-support-add"),
    path("cases/<int:pk>/papers/new/", cases_views.paper_add, name="paper-add"),
    path("cases/<int:pk>/papers/<int:paper>/", views.paper_download, name="paper"),
    path("cases/<int:pk>/close/", cases_views.case_close, name="close"),
]
