"""The portfolio's API routes: projects with their funding by year, created and changed through the same forms as
the pages (so the same rules and messages apply)."""

import datetime as dt
from decimal import Decimal

from django.http import HttpResponse
from ninja import Query, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from riep.core.api import errors
from riep.core.api.auth import Router, api_requires
from riep.core.api.paging import Paging, page
from riep.core.errors import NotFound, UserError
from riep.core.permissions import Role
from riep.portfolio import services
from riep.portfolio.calc import funding_by_year
from riep.portfolio.forms import CouncilOfficerProjectForm, ProjectForm, period_choice
from riep.portfolio.models import Theme
from riep.portfolio.permissions import may_create_project_in, may_edit_project
from riep.registry.models import Organisation, Partnership

router = Router(tags=["portfolio"])


class FundingYearOut(Schema):
    year: str
    allocation: Decimal
    spend: Decimal | None
    carried_in: Decimal
    carried_forward: Decimal
    variance: Decimal | None


class FundingLineOut(Schema):
    year: str
    allocation: Decimal
    spend: Decimal | None


class FundingSourceOut(Schema):
    id: int
    kind: str
    contributor_gss_code: str | None
    description: str
    lines: list[FundingLineOut]


class ConfidenceOut(Schema):
    rating: str
    assessed_on: dt.date
    commentary: str


class ProjectOut(Schema):
    code: str
    name: str
    partnership: str
    theme: str
    lead_council_gss_code: str | None
    participating_gss_codes: list[str]
    description: str
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    illustrative: bool
    funding_period: str
    current_confidence: ConfidenceOut | None
    funding_by_year: list[FundingYearOut]
    funding_sources: list[FundingSourceOut]


class ProjectIn(Schema):
    code: str
    name: str
    partnership: str
    theme: str
    lead_council_gss_code: str
    participating_gss_codes: list[str] = []
    description: str = ""
    status: str = "active"
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    funding_period: str | None = None


class ProjectPatch(Schema):
    """Only the fields sent change. A field left out keeps its value; null clears a date or the description and is
    refused for the rest (a project always has a name, status, theme, lead council and participants)."""

    name: str = None
    description: str | None = None
    status: str = None
    theme: str = None
    lead_council_gss_code: str = None
    participating_gss_codes: list[str] = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


def _one(queryset, message: str, **lookup):
    found = queryset.filter(**lookup).first()
    if found is None:
        raise NotFound(message)
    return found


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


@router.get("/projects", response=list[ProjectOut], tags=["portfolio"])
@api_requires("signed_in")
def list_projects(request, response: HttpResponse, filters: Query[ProjectFilters], paging: Query[Paging]):
    """Projects, a page at a time (`offset`, `limit`; the total in X-Total-Count, the next page in Link)."""
    params = filters.model_dump(exclude_none=True)
    projects = services.sort_projects(services.filter_projects(services.visible_projects(request.auth), params), params.get("sort"))
    return [_project_out(p) for p in page(request, response, projects, paging)]


@router.get("/projects/{code}", response=ProjectOut, tags=["portfolio"])
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


@router.post("/projects", response={201: ProjectOut}, tags=["portfolio"])
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
        "code": payload.code, "name": payload.name, "partnership": partnership.pk, "funding_period": period_choice(period),
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


@router.patch("/projects/{code}", response=ProjectOut, tags=["portfolio"])
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
    for name in current.fields:
        value = current.initial.get(name)
        if name == "participating_councils":
            value = [getattr(c, "pk", c) for c in value] if value is not None else []  # ids or councils
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
