from django.urls import path

from riep.registry import views

app_name = "registry"
urlpatterns = [
    path("partnerships/", views.partnership_list, name="partnerships"),
    path("partnerships/<str:code>/", views.partnership_detail, name="partnership"),
    path("partnerships/<str:code>/partners/new/", views.partner_add, name="partner-add"),
    path("partnerships/<str:code>/people/new/", views.person_add, name="person-add"),
    path("councils/", views.council_list, name="councils"),
    path("councils/import/", views.council_import, name="council-import"),
    path("councils/<int:pk>/", views.council_detail, name="council"),
    path("people/", views.people_list, name="people"),
]
