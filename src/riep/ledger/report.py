"""The value report for a partnership and period: gross → net → additional savings, NI 179 against the CSR07
trajectory, and the return on the partnership's funding (Green Book). As a page, a PDF and an XLSX workbook.

Every total is a sum of the ledger's pence-exact amounts; a shared gain's amounts are split between its councils
with `split_by_shares`, so totals by council and by project add back to the partnership's total to the penny.
"""
from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from riep.core.charts import accessible_svg
from riep.core.fy import FinancialYear, year_range
from riep.core.pdf import STATIC_HOST, render_pdf
from riep.core.tables import MONEY, TEXT, Column, Table, write_xlsx
from riep.ledger.calc import csr07 as csr07_calc
from riep.ledger.calc.additionality import assess_additionality
from riep.ledger.calc.gains import split_by_shares
from riep.ledger.calc.green_book import Appraisal, appraise
from riep.ledger.calc.reference import load
from riep.ledger.models import GainStatus
from riep.ledger.report_inputs import (
    LeftOut,
    ValidationStatus,
    costs_before_period,
    data_vintage,
    left_out_reason,
    validation_status,
)
from riep.ledger.services import (
    additionality_assessment,
    evidence_tables,
    gains_for_partnership,
    partnership_councils,
    to_calc_gain,
    trajectory_table,
)
from riep.registry.models import Partnership

ZERO = Decimal("0.00")
MEASURES = ("gross", "costs", "net", "not_additional", "additional_net")
MEASURE_LABELS = {
    "gross": "Gross savings", "costs": "Investment and ongoing costs", "net": "Net savings",
    "not_additional": "Would have happened anyway or not attributable", "additional_net": "Additional net savings",
}


@dataclass
class ValueReport:
    partnership: Partnership
    first: FinancialYear
    last: FinancialYear
    totals: dict
    by_council: dict
    by_project: dict
    by_theme: dict
    tables: list[Table]
    waterfall: Table
    waterfall_svg: str
    appraisal: Appraisal
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    evidence: list[Table] = field(default_factory=list)  # from the ledger's evidence sources (services.evidence_sources)
    left_out: Table | None = None  # gains recorded but not counted as benefits, with why
    validation: "ValidationStatus | None" = None
    generated_on: str = ""
    data_as_at: str = ""

    @property
    def period(self) -> str:
        return f"{self.first}:{self.last}"

    @property
    def downloadable_tables(self) -> list[Table]:
        """Every table the report shows, each downloadable on its own."""
        extra = [t for t in (self.left_out, self.validation.table if self.validation else None) if t is not None]
        return self.tables + extra + self.evidence


def _blank() -> dict:
    return {m: ZERO for m in MEASURES}


def _add(bucket: dict, gross, costs, additional) -> None:
    bucket["gross"] += gross
    bucket["costs"] += costs
    bucket["net"] += gross - costs
    bucket["not_additional"] += gross - additional
    bucket["additional_net"] += additional - costs


def build_value_report(partnership: Partnership, first: FinancialYear, last: FinancialYear) -> ValueReport:
    years = year_range(first, last)
    totals = _blank()
    by_council: dict = defaultdict(_blank)
    by_project: dict = defaultdict(_blank)
    by_theme: dict = defaultdict(_blank)
    costs_by_year: dict = defaultdict(lambda: ZERO)
    benefits_by_year: dict = defaultdict(lambda: ZERO)
    warnings: list[str] = []
    left_out = []
    gains = gains_for_partnership(partnership).exclude(status=GainStatus.WITHDRAWN)
    converted = {}  # each gain converted once, for the additionality assessment and the trajectory too
    for gain in gains:
        calc = converted[gain.pk] = to_calc_gain(gain)
        reason = left_out_reason(gain, calc)
        if reason is not None:
            left_out.append({"gain": gain.reference, "council": str(gain.council),
                             "project": gain.project.name if gain.project_id else "None", "reason": reason,
                             "gross": sum((calc.in_year(y).gross_saving for y in years), ZERO)})
            continue
        try:
            result = assess_additionality(additionality_assessment(gain, calc_gain=calc), years)
        except ValueError as error:
            warnings.append(f"{gain.reference}: {error}")
            continue
        before = costs_before_period(calc, first)
        if before:
            first_row = result.years[0]
            result = replace(result, years=(replace(first_row, costs=first_row.costs + before,
                                                     additional_net=first_row.additional_net - before),)
                             + result.years[1:])
            warnings.append(f"{gain.reference}: £{before:,.2f} of costs recorded before {first} (set-up) is counted "
                            f"in {first}.")
        warnings += [f"{gain.reference}: {w}" for w in result.warnings]
        shares = [s for _, s in result.council_shares]
        names = {s.council.gss_code or s.council.snac_code: str(s.council) for s in gain.shares.all()}
        names.setdefault(result.council_shares[0][0], str(gain.council))
        project = gain.project.name if gain.project_id else "No partnership project"
        theme = gain.project.theme.name if gain.project_id else "No partnership project"
        for y in result.years:
            _add(totals, y.gross_impact, y.costs, y.additional)
            _add(by_project[project], y.gross_impact, y.costs, y.additional)
            _add(by_theme[theme], y.gross_impact, y.costs, y.additional)
            costs_by_year[y.year] += y.costs
            benefits_by_year[y.year] += y.additional
            parts = zip(split_by_shares(y.gross_impact, shares), split_by_shares(y.costs, shares),
                        split_by_shares(y.additional, shares))
            for (code, _), (g, c, a) in zip(result.council_shares, parts):
                _add(by_council[names.get(code, code)], g, c, a)
    funding = {g.year: ZERO for g in partnership.grants.all() if first <= g.year <= last}
    grant_sources = []
    for grant in partnership.grants.all():
        if first <= grant.year <= last:
            funding[grant.year] += grant.amount
            grant_sources.append(f"{grant.year} {grant.get_kind_display()}: {grant.source}"
                                 + (" (illustrative)" if grant.illustrative else ""))
    appraisal = appraise(dict(funding), dict(costs_by_year), dict(benefits_by_year), base_year=first)
    councils = partnership_councils(partnership)
    waterfall = _waterfall_table(totals)
    tables = [
        waterfall,
        _breakdown_table("by-council", "Savings by council", "Council", by_council, totals),
        _breakdown_table("by-project", "Savings by project", "Project", by_project, totals),
        _breakdown_table("by-theme", "Savings by theme", "Theme", by_theme, totals),
        _trajectory(partnership, years, gains, converted),
        _roi_table(appraisal, funding),
    ]
    return ValueReport(
        partnership=partnership, first=first, last=last, totals=totals, by_council=dict(by_council),
        by_project=dict(by_project), by_theme=dict(by_theme), tables=tables, waterfall=waterfall,
        waterfall_svg=waterfall_svg(waterfall, partnership, first, last), appraisal=appraisal,
        notes=_notes(), sources=_sources() + grant_sources, warnings=sorted(set(warnings)),
        evidence=evidence_tables(gains),  # the gains already fetched above
        left_out=LeftOut(left_out).table(), validation=validation_status(councils, first, last),
        generated_on=f"{timezone.localtime():%d %B %Y %H:%M}".lstrip("0"), data_as_at=data_vintage(gains),
    )


def _waterfall_table(totals: dict) -> Table:
    rows = [
        {"step": "Gross savings", "change": totals["gross"], "running": totals["gross"]},
        {"step": "less investment and ongoing costs", "change": -totals["costs"], "running": totals["net"]},
        {"step": "Net savings", "change": totals["net"], "running": totals["net"]},
        {"step": "less what would have happened anyway or is not attributable", "change": -totals["not_additional"],
         "running": totals["additional_net"]},
        {"step": "Additional net savings", "change": totals["additional_net"], "running": totals["additional_net"]},
    ]
    return Table("waterfall", "From gross to additional net savings", [
        Column("step", "Step"), Column("change", "Amount", MONEY), Column("running", "Running total", MONEY),
    ], rows, note="Additional = (gross × (1 − leakage) × (1 − displacement) × (1 − substitution) × multiplier − "
                  "the same for the reference case) × attribution. Costs are deducted in full.")


def _breakdown_table(name: str, caption: str, label: str, groups: dict, totals: dict) -> Table:
    columns = [Column("name", label, TEXT)] + [Column(m, MEASURE_LABELS[m], MONEY) for m in MEASURES]
    rows = [{"name": key, **values} for key, values in sorted(groups.items())]
    return Table(name, caption, columns, rows, footer={"name": "Total", **totals})


def _trajectory(partnership: Partnership, years, gains, converted) -> Table:
    params = csr07_calc.load_parameters()
    in_csr07 = [y for y in years if params.first_year <= y <= params.last_year]
    return trajectory_table(partnership, in_csr07 or None, known=gains, converted=converted)


def _roi_table(a: Appraisal, funding: dict) -> Table:
    rows = [
        {"item": "Partnership funding in the period (cash)", "value": sum(funding.values(), ZERO)},
        {"item": "Present value of partnership funding", "value": a.pv_partnership_funding},
        {"item": "Present value of councils' investment and ongoing costs", "value": a.pv_council_costs},
        {"item": "Present value of costs", "value": a.pv_costs},
        {"item": "Present value of additional savings", "value": a.pv_benefits},
        {"item": "Net present value", "value": a.npv},
        {"item": "Benefit–cost ratio", "text": "–" if a.bcr is None else f"{a.bcr:.2f}"},
        {"item": "Additional savings per £1 of partnership funding (present values)",
         "text": "–" if a.return_per_pound is None else f"£{a.return_per_pound:.2f}"},
        {"item": "Value-for-money band", "text": a.vfm_band.label if a.vfm_band else "No band (no costs)"},
    ]
    return Table("return", "Return on the partnership's funding (Green Book)", [
        Column("item", "Measure"), Column("value", "Amount", MONEY), Column("text", "Ratio or band"),
    ], rows, note=f"Discounted at the Green Book rate (3.5% a year in years 0–30) to {a.base_year}; "
                  f"no optimism bias uplift on known grant sums.")


def _notes() -> list[str]:
    return [
        "Gross savings are each gain's recorded gross saving in the years of the period; costs are its one-off "
        "investment and ongoing costs in those years, with any set-up costs recorded before the period counted in its "
        "first year (as NI 179 nets them into the first year of accrual). Only realised (or at-risk), ongoing, "
        "quality-maintained gains of the partnership's projects count as benefits: the table of gains not counted "
        "lists every other gain and why. Withdrawn gains are left out; non-cashable gains are included here (they "
        "are value) but never in NI 179.",
        "Additional savings follow the Additionality Guide: each project's chosen parameter set, any reasoned overrides, "
        "the reference case (what would have been saved anyway) and the share attributable to the partnership.",
        "A gain shared between councils is split by its recorded shares, to the penny, so it is counted once: the "
        "council totals add up to the partnership total.",
        "NI 179 is the net value of ongoing cash-releasing gains in each year (see the NI 179 method page); the CSR07 "
        "trajectory is 3% a year compounding on each council's 2007-08 baseline, plus 1 point in 2010-11.",
        "The return on funding discounts partnership funding, council costs and additional savings to the first year "
        "of the period (HM Treasury Green Book).",
    ]


def _sources() -> list[str]:
    out = list(load("csr07")["sources"].values()) + list(load("additionality")["sources"].values())
    discount = load("green_book_discount")
    out.append(discount.get("source") or "HM Treasury, The Green Book (discount rates)")
    return out


# --- chart ---------------------------------------------------------------------------------------------------


def waterfall_svg(table: Table, partnership, first, last) -> str:
    """A static SVG waterfall (Altair rendered by vl-convert), with a <title> and aria-label for screen readers."""
    import altair as alt  # noqa: PLC0415 (Altair and vl-convert are slow to load: only pages with charts pay for them)

    short = ["Gross savings", "Costs", "Net savings", "Not additional", "Additional net savings"]
    data, running = [], Decimal(0)
    for i, row in enumerate(table.rows):
        change = row["change"]
        total_bar = i in (0, 2, 4)
        start, end = (Decimal(0), row["running"]) if total_bar else (running, running + change)
        running = end
        data.append({"order": i, "step": short[i] if i < len(short) else row["step"][:30], "start": float(start), "end": float(end),
                     "kind": "Total" if total_bar else "Deduction", "label": f"£{change:,.0f}"})
    # Text at 15 px (at least the body size once the PDF scales the chart to its column); labels wrap onto two
    # lines instead of being cut off; the legend sits below the chart, where it always has room.
    chart = alt.Chart(alt.Data(values=data)).mark_bar().encode(
        x=alt.X("step:N", sort=alt.SortField("order"), title=None,
                axis=alt.Axis(labelAngle=0, labelLimit=0, labelFontSize=15, labelExpr="split(datum.label, ' ')")),
        y=alt.Y("start:Q", title=None, axis=alt.Axis(labelFontSize=15, labelExpr="'£' + format(datum.value, ',.0f')")),
        y2="end:Q",
        color=alt.Color("kind:N", scale=alt.Scale(domain=["Total", "Deduction"], range=["#1d70b8", "#d4351c"]),
                        legend=alt.Legend(title=None, orient="bottom", labelFontSize=15, labelLimit=0, symbolSize=200)),
    ).properties(width=760, height=300)
    title = f"Waterfall from gross to additional net savings, {partnership.name}, {first} to {last}"
    return accessible_svg(chart, title, "; ".join(f"{r['step']}: £{r['change']:,.2f}" for r in table.rows))


# --- outputs -------------------------------------------------------------------------------------------------


def report_sheets(report: ValueReport) -> list[Table]:
    """The workbook's sheets: every table the report shows, then the method notes and sources."""
    notes = Table("notes", "Method notes and sources", [Column("note", "Note")],
                  [{"note": n} for n in report.notes + ["Sources:"] + report.sources + report.warnings])
    return report.downloadable_tables + [notes]


def report_file_name(report: ValueReport) -> str:
    return f"value-report-{report.partnership.code}-{report.first}-to-{report.last}"


def report_xlsx(report: ValueReport) -> bytes:
    """The workbook as bytes, for the CLI and the background job (a report is a few hundred rows)."""
    buffer = io.BytesIO()
    write_xlsx(report_sheets(report), buffer)
    return buffer.getvalue()


def report_html(report: ValueReport, standalone: bool = True, request=None) -> str:
    return render_to_string("ledger/value_report_pdf.html" if standalone else "ledger/value_report.html",
                            {"report": report, "static_host": STATIC_HOST}, request=request)


def report_pdf(report: ValueReport) -> bytes:
    return render_pdf(report_html(report))
