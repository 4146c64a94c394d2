from django.urls import path

from riep.reorg import views

app_name = "reorg"
urlpatterns = [
    path("", views.index, name="index"),
    path("scenarios/<slug:slug>/", views.scenario, name="scenario"),
    path("scenarios/<slug:slug>/council-tax/", views.tax_plan, name="tax_plan"),
    path("scenarios/<slug:slug>/baselines/", views.take_baselines, name="baselines"),
    path("scenarios/<slug:slug>/council-tax/import/", views.import_council_tax, name="import_council_tax"),
    path("assumptions/<int:pk>/", views.assumption, name="assumption"),
    path("harmonise/", views.harmonise_page, name="harmonise"),
    path("continuity/", views.continuity_page, name="continuity"),
    path("shared-services/<slug:slug>/", views.shared_service, name="shared_service"),
    path("capacity-pools/<slug:slug>/", views.capacity_pool, name="pool"),
]
