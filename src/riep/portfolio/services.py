"""Portfolio use cases: funding tables, listing, creating and updating projects."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum

from riep.core.fy import FinancialYear
from riep.core.tables import COUNT, FINANCIAL_YEAR, LINK, MONEY, TEXT, Column, Table
from riep.portfolio.calc import FundingEntry, funding_by_year, totals
from riep.portfolio.models import Confidence, ConfidenceAssessment, FundingLine, FundingSource, Project
from riep.registry.models import FundingPeriod, Partnership

ZERO = Decimal("0.00")


def project_entries(project: Project) -> list[FundingEntry]:
    return [
        FundingEntry(str(line.source_id), line.year, line.allocation, line.spend)
        for source in project.funding_sources.all()
        for line in source.lines.all()
    ]


def project_funding_table(project: Project) -> Table:
    rows = funding_by_year(project_entries(project), project.funding_period.years)
    return _funding_table("funding-by-year", f"Funding of {project.name} by financial year", rows)


def _funding_table(name: str, caption: str, rows) -> Table:
    total = totals(rows)
    return Table(
        name=name, caption=caption,
        columns=[Column("year", "Financial year", FINANCIAL_YEAR), Column("allocation", "Allocation", MONEY),
                 Column("spend", "Spend", MONEY), Column("carried_in", "Carried in", MONEY),
                 Column("carried_forward", "Carried forward", MONEY), Column("variance", "Variance (spend − allocation)", MONEY)],
        rows=[{"year": r.year, "allocation": r.allocation, "spend": r.spend, "carried_in": r.carried_in,
               "carried_forward": r.carried_forward, "variance": r.variance} for r in rows],
        footer={"year": "Total", "allocation": total["allocation"], "spend": total["spend"]},
        note="Carried forward = allocation + carried in − spend. A year with no spend yet carries its whole allocation forward.",
    )


def funding_sources_table(project: Project) -> Table:
    years = project.funding_period.years
    columns = [Column("source", "Funding source", TEXT)]
    for year in years:
        columns += [Column(f"alloc_{year.start_year}", f"{year} allocation", MONEY),
                    Column(f"spend_{year.start_year}", f"{year} spend", MONEY)]
    columns.append(Column("total", "Total allocation", MONEY))
    rows, footer = [], {"source": "Total", "total": ZERO}
    for source in project.funding_sources.all():
        row = {"source": str(source), "total": ZERO}
        for line in source.lines.all():
            row[f"alloc_{line.year.start_year}"] = line.allocation
            row[f"spend_{line.year.start_year}"] = line.spend
            row["total"] += line.allocation
            footer[f"alloc_{line.year.start_year}"] = footer.get(f"alloc_{line.year.start_year}", ZERO) + line.allocation
            if line.spend is not None:
                footer[f"spend_{line.year.start_year}"] = footer.get(f"spend_{line.year.start_year}", ZERO) + line.spend
        footer["total"] += row["total"]
        rows.append(row)
    return Table("funding-sources", "Funding by source and year", columns, rows, footer)


def projects_with_funding():
    return Project.objects.select_related(
        "partnership", "theme", "lead_council", "funding_period", "programme"
    ).prefetch_related(
        Prefetch("funding_sources", queryset=FundingSource.objects.select_related("contributor").prefetch_related("lines")),
        "participating_councils", "confidence_history",
    )


def project_allocation_by_year(project: Project) -> dict[FinancialYear, Decimal]:
    by_year: dict[FinancialYear, Decimal] = {}
    for source in project.funding_sources.all():
        for line in source.lines.all():
            by_year[line.year] = by_year.get(line.year, ZERO) + line.allocation
    return by_year


def partnership_projects_table(partnership: Partnership, projects, page=None) -> Table:
    """Each project's allocation per year, with totals that are the sum of all `projects` (a queryset); when `page`
    is given, rows only for the page's projects, the totals still for them all."""
    periods = FundingPeriod.objects.filter(pk__in=projects.values("funding_period_id"))
    years = sorted({y for period in periods for y in period.years})
    columns = [Column("name", "Project", LINK), Column("theme", "Theme", TEXT)]
    columns += [Column(f"y{y.start_year}", f"{y} allocation", MONEY) for y in years]
    columns += [Column("total", "Total allocation", MONEY), Column("spend", "Spend to date", MONEY)]
    rows = []
    for project in (page.items if page is not None else projects):
        by_year = project_allocation_by_year(project)
        spend = sum((l.spend for s in project.funding_sources.all() for l in s.lines.all() if l.spend is not None), ZERO)
        row = {"name": project.name, "url": project.get_absolute_url(), "theme": project.theme.name,
               "total": sum(by_year.values(), ZERO), "spend": spend}
        row.update({f"y{year.start_year}": by_year.get(year, ZERO) for year in years})
        rows.append(row)
    return Table("projects", f"Projects of {partnership.name}: allocation by year", columns, rows,
                 _funding_totals(projects, years), page=page)


def _funding_totals(projects, years) -> dict:
    """The totals row from the database (one query), so it is the same whichever page of projects is shown."""
    by_year = {r["year"]: r for r in FundingLine.objects.filter(source__project__in=projects.values("pk"))
               .order_by().values("year").annotate(allocation=Sum("allocation"), spend=Sum("spend"))}
    footer = {"name": "Total", **{f"y{y.start_year}": by_year[y]["allocation"] if y in by_year else ZERO for y in years}}
    footer["total"] = sum((r["allocation"] or ZERO for r in by_year.values()), ZERO)
    footer["spend"] = sum((r["spend"] or ZERO for r in by_year.values()), ZERO)
    return footer


def visible_projects(user):
    """Every signed-in role may read the portfolio; the list is the same for all."""
    return projects_with_funding()


def filter_projects(queryset, params):
    if params.get("partnership"):
        queryset = queryset.filter(partnership__code__iexact=params["partnership"])
    if params.get("theme"):
        queryset = queryset.filter(theme__slug=params["theme"])
    if params.get("status"):
        queryset = queryset.filter(status=params["status"])
    if params.get("council"):
        code = params["council"]
        queryset = queryset.filter(Q(lead_council__gss_code=code) | Q(participating_councils__gss_code=code)).distinct()
    if params.get("q"):
        queryset = queryset.filter(Q(name__icontains=params["q"]) | Q(description__icontains=params["q"]))
    return queryset


SORTS = {"name": "name", "partnership": "partnership__name", "theme": "theme__name", "status": "status",
         "lead": "lead_council__name", "start": "start_date"}


def sort_projects(queryset, sort: str | None):
    field = (sort or "").lstrip("-")
    if field not in SORTS:
        return queryset.order_by("partnership__region__code", "name")
    order = SORTS[field]
    return queryset.order_by(f"-{order}" if (sort or "").startswith("-") else order, "name")


def portfolio_summary(user) -> dict:
    """The dashboard's figures, counted and summed by the database: at national scale (thousands of projects) loading
    every project with its funding to add it up took most of a second on the most visited page."""
    current = ConfidenceAssessment.objects.filter(project=OuterRef("pk")).order_by("-assessed_on", "-pk")
    by_confidence = Counter({row["current"] or "none": row["projects"] for row in Project.objects.order_by()
                             .annotate(current=Subquery(current.values("rating")[:1]))
                             .values("current").annotate(projects=Count("pk"))})
    allocation_by_year = {row["year"]: row["allocation"] or ZERO for row in FundingLine.objects.order_by()
                          .values("year").annotate(allocation=Sum("allocation"))}
    project_count = sum(by_confidence.values())
    confidence_table = Table(
        "confidence", "Projects by current delivery confidence",
        [Column("rating", "Delivery confidence"), Column("projects", "Projects", COUNT)],
        [{"rating": label, "projects": by_confidence.get(value, 0)} for value, label in Confidence.choices]
        + [{"rating": "Not yet assessed", "projects": by_confidence.get("none", 0)}],
        footer={"rating": "Total", "projects": project_count},
    )
    years = sorted(allocation_by_year)
    funding_table = Table(
        "allocation", "Portfolio allocation by financial year",
        [Column("year", "Financial year", FINANCIAL_YEAR), Column("allocation", "Allocation", MONEY)],
        [{"year": y, "allocation": allocation_by_year[y]} for y in years],
        footer={"year": "Total", "allocation": sum(allocation_by_year.values(), ZERO)},
    )
    return {"tables": [confidence_table, funding_table], "project_count": project_count,
            "my_partnerships": list(user.partnerships.all()), "my_councils": list(user.councils.all())}


@transaction.atomic
def save_funding_lines(source: FundingSource, lines: dict[FinancialYear, tuple[Decimal, Decimal | None]]) -> None:
    """Replaces a source's lines for the given years; lines must already be validated."""
    for year, (allocation, spend) in lines.items():
        existing = source.lines.filter(year=year).first()
        if existing is None:
            FundingLine.objects.create(source=source, year=year, allocation=allocation, spend=spend)
        elif existing.allocation != allocation or existing.spend != spend:
            existing.allocation, existing.spend = allocation, spend
            existing.save()

