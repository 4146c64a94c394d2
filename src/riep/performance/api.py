"""Performance API under /api/v1/performance/: the catalogue, values as the caller may see them, a council's and a
partnership's scorecard, and importing a file of values (a background job). Same permissions as the pages.

A value or measure is for a council (`area_kind` "council", `area` its GSS code) or for a partnership's area as a
whole (`area_kind` "partnership", `area` the partnership's code, `council` null)."""

from ninja import File, Schema, Status
from ninja.files import UploadedFile

from riep.core.api.auth import AUTH, Router, api_requires
from riep.core.errors import NotFound, UserError
from riep.core.jobs import enqueue
from riep.core.uploads import receive_upload
from riep.performance.calc.periods import FINANCIAL_YEAR, parse_period
from riep.performance.models import Indicator
from riep.performance.places import code_of, find, is_area, where
from riep.performance.services import delivery, values
from riep.registry import scope
from riep.registry.models import Organisation, Partnership

router = Router(tags=["performance"], auth=AUTH)


class CatalogueIndicatorOut(Schema):
    key: str
    code: str
    name: str
    definition: str
    unit: str
    polarity: str
    frequency: str
    geography: str
    source: str
    outcome: str | None
    catalogue_version: str


class ValueOut(Schema):
    council: str | None
    area: str
    area_kind: str
    period: str
    value: str
    vintage: str
    note: str
    illustrative: bool
    approved: bool


class MeasureOut(Schema):
    indicator: str
    code: str
    name: str
    council: str | None
    area: str
    area_kind: str
    period: str
    unit: str
    polarity: str
    value: str | None
    approved: bool
    illustrative: bool
    vintage: str
    target: str | None
    stretch: bool
    rag: str | None
    rule: str
    commentary: str
    needs_commentary: bool


class JobOut(Schema):
    job_id: int
    url: str


@router.get("/indicators", response=list[CatalogueIndicatorOut])
@api_requires("signed_in")
def list_indicators(request):
    return [{**{f: getattr(i, f) for f in ("key", "code", "name", "definition", "unit", "polarity", "frequency",
                                           "geography", "source", "catalogue_version")},
             "outcome": i.outcome.slug if i.outcome else None} for i in Indicator.objects.select_related("outcome")]


def _council(gss: str) -> Organisation:
    found = Organisation.objects.councils().filter(gss_code=gss.upper()).first()
    if found is None:
        raise NotFound(f"There is no council with GSS code {gss}.")
    return found


@router.get("/indicators/{key}/values", response=list[ValueOut])
@api_requires("signed_in")
def indicator_values(request, key: str, council: str | None = None, area: str | None = None):
    """Values of one indicator: approved ones for everyone, and unapproved ones within the caller's partnerships.
    `council` a GSS code; `area` a GSS code or a partnership's code (its area as a whole)."""
    ind = values.indicator(key)
    filters = {"indicator": ind} | ({"council": _council(council)} if council else {})
    if area:
        place = find(area)
        if place is None:
            raise NotFound(f"There is no council or partnership {area}.")
        filters |= where(place)
    return [{"council": v.council.gss_code if v.council_id else None, "area": code_of(v.place),
             "area_kind": "partnership" if is_area(v.place) else "council", "period": v.period, "value": str(v.value),
             "vintage": v.vintage, "note": v.note, "illustrative": v.illustrative, "approved": v.approved}
            for v in values.visible_values(request.user, **filters).order_by("partnership__code", "council__gss_code", "period")]


@router.get("/councils/{gss}/scorecard", response=list[MeasureOut])
@api_requires("signed_in")
def scorecard(request, gss: str, period: str):
    try:
        label = parse_period(period, FINANCIAL_YEAR)
    except ValueError as error:
        raise UserError(str(error)) from None
    return [delivery.measure_dict(m) for m in delivery.council_scorecard(request.user, _council(gss), label)]


@router.get("/partnerships/{code}/scorecard", response=list[MeasureOut])
@api_requires("signed_in")
def partnership_scorecard(request, code: str, period: str):
    """Every measure of the partnership's councils (in name order) and then of its area as a whole."""
    partnership = Partnership.objects.filter(code__iexact=code).first()
    if partnership is None:
        raise NotFound(f"There is no partnership {code}.")
    try:
        label = parse_period(period, FINANCIAL_YEAR)
    except ValueError as error:
        raise UserError(str(error)) from None
    indicators = list(Indicator.objects.select_related("outcome"))
    measures = delivery.measures_for(request.user, delivery.partnership_councils(partnership), indicators, label)
    return [delivery.measure_dict(m) for m in measures + delivery.area_measures(request.user, partnership, indicators, label)]


@router.post("/imports", response={202: JobOut})
@api_requires("manage_performance")
def import_values(request, file: File[UploadedFile], indicator: str = ""):
    """Queues an import of a file of values as the caller (their councils only); the job's page shows progress."""
    if not scope.councils_person_acts_for(request.user).exists():
        raise UserError("You act for no council, so you may not import figures.")
    upload = receive_upload(file, request.user)
    job = enqueue("performance.import_values", {"upload_id": upload.pk, "user_id": request.user.pk,
                                                "indicator": indicator}, request.user)
    return Status(202, {"job_id": job.pk, "url": f"/jobs/{job.pk}/"})


