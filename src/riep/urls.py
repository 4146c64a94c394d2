from django.urls import include, path

from riep.api.router import api_urls
from riep.portfolio.views import dashboard

urlpatterns = [
    path("", dashboard, name="dashboard"),  # everyone's starting page
    path("", include("riep.core.urls")),
    path("accounts/", include("riep.accounts.urls")),
    path("registry/", include("riep.registry.urls")),
    path("projects/", include("riep.portfolio.urls")),
    path("ledger/", include("riep.ledger.urls")),
    path("care/", include("riep.care.urls")),
    path("procurement/", include("riep.procurement.urls")),
    path("impact/", include("riep.impact.urls")),
    path("performance/", include("riep.performance.urls")),
    path("resilience/", include("riep.resilience.urls")),
    path("reorg/", include("riep.reorg.urls")),
    path("methodology/", include("riep.core.methodology_urls")),
    path("api/v1/", api_urls()),
]

handler403 = "riep.core.views.forbidden"
handler404 = "riep.core.views.not_found"
handler500 = "riep.core.views.server_error"
