"""The JSON API under /api/v1/ (OpenAPI document at /api/v1/openapi.json): each capability's routes, mounted.

The routes live beside their capability (`<capability>/api.py`, on `riep.core.api.auth.Router`); every error
answer has one shape (`riep.core.api.errors`).
"""
from django.http import JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET
from ninja import NinjaAPI

from riep.care import api as care_api
from riep.core.api import errors
from riep.core.api.auth import AUTH, Router
from riep.core.permissions import requires
from riep.impact import api as impact_api
from riep.ledger import api as ledger_api
from riep.performance import api as performance_api
from riep.portfolio import api as portfolio_api
from riep.procurement import api as procurement_api
from riep.registry import api as registry_api
from riep.reorg import api as reorg_api
from riep.resilience import api as resilience_api

api = NinjaAPI(
    title="RIEP platform API", version="1", urls_namespace="api", auth=AUTH, default_router=Router(),
    docs_decorator=requires("public"),  # the schema and its docs page describe the API; they hold no data
    description="Registry, programme portfolio and funding of Regional Improvement and Efficiency Partnerships. "
                "Authenticate with a browser session or `Authorization: Bearer <token>` (create one on the "
                "API tokens page, /accounts/tokens/, or with `riep token create`).\n\n"
                "Every error answer (401, 403, 404, 409, 422) has the same shape: `status`, `title`, `detail` (one "
                "string saying what to do) and `errors` (the fields at fault, each with a `message`). Your role is "
                "checked before the body is read, so a request you may not make gets 403 whatever its body.",
)
errors.install(api)
api.add_router("", registry_api.router)
api.add_router("", portfolio_api.router)
api.add_router("/ledger", ledger_api.router)
api.add_router("/care", care_api.router)
api.add_router("/impact", impact_api.router)
api.add_router("/performance", performance_api.router)
api.add_router("/resilience", resilience_api.router)
api.add_router("/procurement", procurement_api.router)
api.add_router("/reorg", reorg_api.router)



@requires("public")
@require_GET
def index(request):
    """GET /api/v1/: where the API's description and docs are, and how to authenticate. It holds no data, so anyone
    may read it (like the OpenAPI document itself)."""
    return JsonResponse({
        "title": api.title, "version": api.version,
        "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
        "docs": request.build_absolute_uri(reverse("api:openapi-view")),
        "tokens": request.build_absolute_uri(reverse("accounts:tokens")),
        "authentication": "A browser session, or the header 'Authorization: Bearer <token>' with a token from the "
                          "tokens page.",
        "signed_in": bool(request.user.is_authenticated),
    })


def api_urls():
    """The API's URL patterns, with our index in place of ninja's root page (a redirect to the docs)."""
    patterns, app_name, namespace = api.urls
    patterns = [p for p in patterns if p.name != "api-root"] + [path("", index, name="api-root")]
    return patterns, app_name, namespace
