"""The JSON API under /api/v1/ (OpenAPI document at /api/v1/openapi.json): registry and portfolio routes here, the
capabilities' routers mounted below. Every error answer has one shape (`riep.api.errors`)."""

from django.http import JsonResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from riep.api import errors
from riep.api.auth import AUTH, Router, api_requires
from riep.api.schemas import CouncilOut, PartnershipOut, ProjectIn, ProjectOut, ProjectPatch
from riep.core.errors import NotFound, UserError
from riep.core.permissions import Role, requires
from riep.portfolio.permissions import may_create_project_in, may_edit_project
from riep.portfolio import services
from riep.portfolio.calc import funding_by_year
from riep.portfolio.forms import CouncilOfficerProjectForm, ProjectForm
from riep.portfolio.models import Theme
from riep.registry.models import Organisation, Partnership

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


def _one(queryset, message: str, **lookup):
    found = queryset.filter(**lookup).first()
    if found is None:
        raise NotFound(message)
    return found


def _council_out(c: Organisation) -> dict:
    return {
        "gss_code": c.gss_code, "snac_code": c.snac_code, "name": c.name, "short_name": c.short_name,
        "council_type": c.council_type, "council_type_name": c.get_council_type_display(),
        "county_gss_code": c.county.gss_code if c.county else None, "county": c.county.name if c.county else None,
        "region_code": c.region.code if c.region else None, "region": c.region.name if c.region else None,
        "population": c.population, "mhclg_ecode": c.mhclg_ecode, "start_date": c.start_date, "end_date": c.end_date,
        "successor_gss_codes": [s.gss_code for s in c.successors.all() if s.gss_code],
    }


@api.get("/councils", response=list[CouncilOut], tags=["registry"])
@api_requires("signed_in")
def list_councils(request, region: str | None = None, type: str | None = None, include_former: bool = False):
    """Councils, filtered by region (E12 code) and type (CTY, NMD, UA, MD, LBO, CC)."""
    councils = Organisation.objects.councils().select_related("region", "county").prefetch_related("successors")
    if region:
        councils = councils.filter(region__code=region)
    if type:
        councils = councils.filter(council_type=type)
    if not include_former:
        councils = councils.current()
    return [_council_out(c) for c in councils.order_by("name")]


@api.get("/councils/{gss_code}", response=CouncilOut, tags=["registry"])
@api_requires("signed_in")
def get_council(request, gss_code: str):
    council = _one(Organisation.objects.councils().select_related("region", "county"),
                   f"There is no council with GSS code '{gss_code}'.", gss_code=gss_code)
    return _council_out(council)


def _partnership_out(p: Partnership) -> dict:
    return {
        "code": p.code, "name": p.name, "region_code": p.region.code if p.region else None,
        "accountable_body_gss_code": p.accountable_body.gss_code, "accountable_body": p.accountable_body.name,
        "member_gss_codes": [m.organisation.gss_code for m in p.memberships.all() if m.organisation.gss_code],
        "grants": [{"year": g.year.label, "kind": g.kind, "amount": g.amount, "source": g.source, "illustrative": g.illustrative}
                   for g in p.grants.all()],
    }


def _partnerships():
    return Partnership.objects.select_related("region", "accountable_body").prefetch_related("grants", "memberships__organisation")


@api.get("/partnerships", response=list[PartnershipOut], tags=["registry"])
@api_requires("signed_in")
def list_partnerships(request):
    return [_partnership_out(p) for p in _partnerships()]


@api.get("/partnerships/{code}", response=PartnershipOut, tags=["registry"])
@api_requires("signed_in")
def get_partnership(request, code: str):
    return _partnership_out(_one(_partnerships(), f"There is no partnership with code '{code}'.", code__iexact=code))


def _project_out(p) -> dict:
    current = p.confidence_history.all()[0] if p.confidence_history.all() else None
    years = funding_by_year(services.project_entries(p), p.funding_period.years)
    return {
        "code": p.code, "name": p.name, "partnership": p.partnership.code, "theme": p.theme.slug,
        "lead_council_gss_code": p.lead_council.gss_code,
        "participating_gss_codes": [c.gss_code for c in p.participating_councils.all() if c.gss_code],
        "description": p.description, "status": p.status, "start_date": p.start_date, "end_date": p.end_date,
        "illustrative": p.illustrative, "funding_period": f"{p.funding_period.first_year}:{p.funding_period.last_year}",
        "current_confidence": {"rating": current.rating, "assessed_on": current.assessed_on, "commentary": current.commentary} if current else None,
        "funding_by_year": [{"year": y.year.label, "allocation": y.allocation, "spend": y.spend, "carried_in": y.carried_in,
                             "carried_forward": y.carried_forward, "variance": y.variance} for y in years],
        "funding_sources": [{"id": s.pk, "kind": s.kind, "contributor_gss_code": s.contributor.gss_code if s.contributor else None,
                             "description": s.description,
                             "lines": [{"year": l.year.label, "allocation": l.allocation, "spend": l.spend} for l in s.lines.all()]}
                            for s in p.funding_sources.all()],
    }


class ProjectFilters(Schema):
    partnership: str | None = None
    theme: str | None = None
    status: str | None = None
    council: str | None = None
    q: str | None = None
    sort: str | None = None


@api.get("/projects", response=list[ProjectOut], tags=["portfolio"])
@api_requires("signed_in")
def list_projects(request, filters: Query[ProjectFilters]):
    params = filters.model_dump(exclude_none=True)
    projects = services.sort_projects(services.filter_projects(services.visible_projects(request.auth), params), params.get("sort"))
    return [_project_out(p) for p in projects]


@api.get("/projects/{code}", response=ProjectOut, tags=["portfolio"])
@api_requires("signed_in")
def get_project(request, code: str):
    return _project_out(_project(code))


def _project(code: str):
    return _one(services.projects_with_funding(), f"There is no project with code '{code}'.", code=code)


# The form's field names, as the API calls them.
_API_NAMES = {"lead_council": "lead_council_gss_code", "participating_councils": "participating_gss_codes",
              "partnership": "partnership", "funding_period": "funding_period", "theme": "theme"}


def _council_pk(gss: str, field: str) -> int:
    council = Organisation.objects.councils().filter(gss_code=gss).first()
    if council is None:
        raise UserError(f"there is no council with GSS code '{gss}'", field=field)
    return council.pk


def _theme_pk(slug: str) -> int:
    theme = Theme.objects.filter(slug=slug).first()
    if theme is None:
        themes = ", ".join(Theme.objects.order_by("slug").values_list("slug", flat=True))
        raise UserError(f"there is no theme '{slug}'; choose one of {themes}", field="theme")
    return theme.pk


@api.post("/projects", response={201: ProjectOut}, tags=["portfolio"])
@api_requires("create_projects")
def create_project(request, payload: ProjectIn):
    partnership = Partnership.objects.filter(code__iexact=payload.partnership).first()
    if partnership is None:
        raise UserError(f"there is no partnership with code '{payload.partnership}'", field="partnership")
    if not may_create_project_in(request.auth, partnership):
        raise HttpError(403, "You may only create projects in your own partnerships.")
    theme_pk = _theme_pk(payload.theme)
    periods = partnership.funding_periods.all()
    period = periods.first() if payload.funding_period is None else next(
        (p for p in periods if f"{p.first_year}:{p.last_year}" == payload.funding_period), None)
    if period is None:
        known = ", ".join(f"{p.first_year}:{p.last_year}" for p in periods) or "none"
        raise UserError(f"{partnership.code} has no funding period '{payload.funding_period}' (it has: {known})",
                        field="funding_period")
    data = {
        "code": payload.code, "name": payload.name, "partnership": partnership.pk, "funding_period": period.pk,
        "theme": theme_pk, "lead_council": _council_pk(payload.lead_council_gss_code, "lead_council_gss_code"),
        "participating_councils": [_council_pk(g, "participating_gss_codes") for g in payload.participating_gss_codes],
        "description": payload.description, "status": payload.status,
        "start_date": payload.start_date.isoformat() if payload.start_date else "",
        "end_date": payload.end_date.isoformat() if payload.end_date else "",
    }
    form = ProjectForm(data, partnerships=Partnership.objects.filter(pk=partnership.pk))
    if not form.is_valid():
        raise errors.form_refused(form, _API_NAMES)
    project = form.save()
    return Status(201, _project_out(services.projects_with_funding().get(pk=project.pk)))


@api.patch("/projects/{code}", response=ProjectOut, tags=["portfolio"])
@api_requires("edit_projects")
def update_project(request, code: str, payload: ProjectPatch):
    project = _project(code)
    user = request.auth
    if not may_edit_project(user, project):
        raise HttpError(403, "You may not change this project: it is not one your council or partnership takes part in.")
    changes = payload.model_dump(exclude_unset=True)
    if user.role == Role.COUNCIL_OFFICER:
        not_allowed = set(changes) - {"description", "status"}
        if not_allowed:
            raise HttpError(403, f"Council officers may change only the description and status, not: {', '.join(sorted(not_allowed))}")
        form_class, kwargs = CouncilOfficerProjectForm, {}
    else:
        form_class, kwargs = ProjectForm, {"partnerships": Partnership.objects.filter(pk=project.partnership_id)}
    current = form_class(instance=project, **kwargs)
    data = {}
    for name, field in current.fields.items():
        value = current.initial.get(name)
        if name == "participating_councils":
            value = [c.pk for c in value] if value is not None else []
        data[name] = value
    for key, value in changes.items():
        if key == "lead_council_gss_code":
            data["lead_council"] = _council_pk(value, key)
        elif key == "participating_gss_codes":
            data["participating_councils"] = [_council_pk(g, key) for g in value]
        elif key == "theme":
            data["theme"] = _theme_pk(value)
        else:
            data[key] = value
    data = {k: ("" if v is None else v) for k, v in data.items() if k != "illustrative" or v}
    form = form_class(data, instance=project, **kwargs)
    if not form.is_valid():
        raise errors.form_refused(form, _API_NAMES)
    form.save()
    return _project_out(services.projects_with_funding().get(pk=project.pk))


from riep.ledger.api import router as ledger_router  # noqa: E402

api.add_router("/ledger", ledger_router)

from riep.care.api import router as care_router  # noqa: E402

api.add_router("/care", care_router)

from riep.impact.api import router as impact_router  # noqa: E402

api.add_router("/impact", impact_router)


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
