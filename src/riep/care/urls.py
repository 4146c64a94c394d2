from django.urls import path

from riep.care import views

app_name = "care"
urlpatterns = [
    path("", views.calculator, name="calculator"),
    path("calculator/needs/", views.calc_needs, name="calc-needs"),
    path("calculator/rate-card/", views.calc_rate_card, name="calc-rate-card"),
    path("calculator/costs/", views.calc_costs, name="calc-costs"),
    path("calculator/result/", views.calc_result, name="calc-result"),
    path("placements/", views.portfolio, name="portfolio"),
    path("placements/import/", views.import_placements, name="import"),
    path("placements/<int:pk>/", views.placement_detail, name="placement"),
    path("placements/<int:pk>/outcome/", views.placement_outcome, name="outcome"),
    path("placements/<int:pk>/pack/", views.pack, name="pack"),
    path("placements/<int:pk>/pack.pdf", views.pack_pdf, name="pack-pdf"),
    path("savings/", views.savings, name="savings"),
]
