"""Demo impact analysis: an ILLUSTRATIVE panel of waste collection cost per household for English district councils,
2000-01 to 2015-16, generated from a factor model with a fixed seed, in which the four districts of the demo's joint
waste project (``se-waste``: Canterbury, Dover, Folkestone and Hythe, Thanet) get a known saving from 2009-10.

The figures are not published statistics. The councils and their GSS codes are real (every district council in the
registry that existed throughout 2000-01 to 2015-16), so the donor pool rules work on the registry as they would on
real data. The analysis is attached to the project, with an illustrative shared gain it is recorded as evidence for.

Model (ADH 2010's interactive fixed effects): y_it = a_i + (1 + b_i) d_t + l_i' f_t + e_it, with two persistent
common factors f_t, council loadings l_i, a common trend d_t that councils follow a little more or less steeply (b_i),
serially correlated noise e_it = RHO e_i,t-1 + u_it, u_it ~ N(0, NOISE^2) (a council's cost stays high for a few
years after a bad one, as real unit costs do), and INJECTED_EFFECT added to the four treated districts from 2009.
No mixture of donors reproduces a treated district exactly, so the pre-period fit is realistic, not perfect.
Households and rural share are noisy proxies of the loadings (as real covariates are).
"""
from __future__ import annotations

import datetime as dt
import io
import time
from decimal import Decimal

import numpy as np
import pandas as pd
from django.db.models import Q

from riep.core.fy import FinancialYear
from riep.impact import services
from riep.impact.models import DonorRule, ImpactAnalysis, IndicatorPanel
from riep.ledger.services import GainData, new_gain, save_gain
from riep.portfolio.models import Project
from riep.registry.models import CouncilType, Organisation

SEED = 20090401
FIRST, LAST, START = 2000, 2015, 2009  # financial years 2000-01 .. 2015-16; the joint contract from 2009-10
INJECTED_EFFECT = -6.0  # £ per household a year
NOISE = 1.5  # innovation sd of the noise (£ per household); its stationary sd is NOISE / sqrt(1 - RHO^2)
RHO = 0.6  # year-to-year persistence of the noise
TREATED = ("E07000106", "E07000108", "E07000112", "E07000114")  # Canterbury, Dover, Folkestone and Hythe, Thanet
PROJECT_CODE = "se-waste"
PANEL_NAME = "Waste collection cost per household, district councils (illustrative)"
GAIN_REFERENCE = "SE-EKW-001"
OUTCOME_LABEL = "£ per household"


def demo_districts() -> list[str]:
    """GSS codes of every district council in the registry that existed throughout 2000-01 to 2015-16."""

    qs = Organisation.objects.councils().filter(council_type=CouncilType.DISTRICT, gss_code__startswith="E07").filter(
        Q(start_date__isnull=True) | Q(start_date__lte=dt.date(FIRST, 4, 1))).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=dt.date(LAST + 1, 4, 1)))
    return sorted(qs.values_list("gss_code", flat=True))


def demo_frame(codes: list[str]) -> pd.DataFrame:
    """The long panel. Each council's own draws are seeded by its code, so adding a council changes no other."""
    years = np.arange(FIRST, LAST + 1)
    common = np.random.default_rng(SEED)
    T = len(years)
    factors = np.cumsum(common.normal(0, 0.6, size=(T, 2)), axis=0)
    trend = np.linspace(0, 11, T) + common.normal(0, 0.3, size=T)  # costs rise about £1 a year
    rows = []
    for code in codes:
        rng = np.random.default_rng([SEED, int(code[1:])])
        loading = rng.normal(size=2)
        level = rng.normal(72, 8)
        noise = np.empty(T)
        noise[0] = rng.normal(0, NOISE / np.sqrt(1 - RHO ** 2))
        for t in range(1, T):
            noise[t] = RHO * noise[t - 1] + rng.normal(0, NOISE)
        y = level + (1 + rng.normal(0, 0.15)) * trend + 3 * factors @ loading + noise
        if code in TREATED:
            y = y + np.where(years >= START, INJECTED_EFFECT, 0.0)
        households = np.exp(rng.normal(3.9, 0.3) + 0.1 * loading[0]) * (1 + 0.008 * (years - FIRST))
        rural = np.clip(35 + 12 * loading[1] + rng.normal(0, 3, size=T), 0, 100)
        for t, year in enumerate(years):
            rows.append({"gss_code": code, "year": int(year), "cost_per_household": round(float(y[t]), 2),
                         "households_thousands": round(float(households[t]), 2), "rural_share": round(float(rural[t]), 1)})
    return pd.DataFrame(rows)


def load_impact_demo() -> str:
    project = Project.objects.filter(code=PROJECT_CODE).first()
    codes = demo_districts()
    if project is None or not set(TREATED) <= set(codes):
        return "Impact: skipped (the se-waste project or its districts are not loaded)"
    frame = demo_frame(codes)
    content = io.BytesIO()
    frame.to_csv(content, index=False)
    parsed = services.parse_panel(content.getvalue(), "waste_cost_illustrative.csv", "gss_code", "year")
    panel = services.save_panel(
        parsed, name=PANEL_NAME, file_name="waste_cost_illustrative.csv", unit_column="gss_code", time_column="year",
        source="Generated for the demonstration by riep.impact.demo (factor model, seed "
               f"{SEED}); not published statistics",
        licence="Open Government Licence v3.0 (generated data, no third-party rights)", vintage="Demo",
        description=f"ILLUSTRATIVE. Waste collection cost per household (£, cash) for {len(codes)} district councils, "
                    f"{FIRST}-{(FIRST + 1) % 100:02d} to 2015-16 (year 2009 = 2009-10), with households (thousands) and rural share (%). "
                    f"The four East Kent districts of the joint waste project get a known effect of £{INJECTED_EFFECT:+.2f} "
                    "per household a year from 2009-10, so the analysis can be checked against a known answer.",
        illustrative=True)
    gain = _demo_gain(project)
    analysis = services.create_analysis(
        None, enqueue_job=False, title="East Kent joint waste contract: effect on collection cost per household",
        project=project, gain=None, panel=panel, outcome="cost_per_household", outcome_label=OUTCOME_LABEL,
        treated=list(TREATED), treatment_year=START, donor_rule=DonorRule.SAME_REGION, donors=[], predictors=[],
        v_method="nested", placebos=True, illustrative=True)
    started = time.perf_counter()
    services.run_analysis(analysis)
    seconds = time.perf_counter() - started
    analysis.result["demo_run_seconds"] = round(seconds, 2)
    analysis.save(update_fields=["result"])
    if gain is not None:
        services.use_as_evidence(None, analysis, [gain])
    return (f"Impact: illustrative panel of {len(codes)} districts; analysis run in {seconds:.2f} s, "
            f"effect {analysis.result['average_effect']:.2f} (injected {INJECTED_EFFECT:.2f})")


def _demo_gain(project):
    """An illustrative shared gain of the four districts for the joint contract (the analysis is its evidence)."""

    councils = {o.gss_code: o for o in Organisation.objects.filter(gss_code__in=TREATED)}
    if len(councils) < len(TREATED):
        return None
    amounts = {"gross_saving": Decimal("1200000.00"), "investment": Decimal("0.00"), "ongoing_costs": Decimal("60000.00"),
               "staff_costs_incurred_anyway": Decimal("0.00"), "reference_saving": None}
    years = {FinancialYear(y): dict(amounts) for y in (2009, 2010)}
    years[FinancialYear(2009)]["investment"] = Decimal("250000.00")
    gain, _ = save_gain(None, new_gain(GAIN_REFERENCE), GainData(fields={
        "council": councils[TREATED[0]], "project": project, "service_area": "Waste collection",
        "category": "shared_service", "status": "realised", "cash_releasing": True,
        "description": "Joint waste collection contract for Canterbury, Dover, Folkestone and Hythe, and Thanet, "
                       "let through the partnership's waste programme. Illustrative figures.",
        "evidence_level": 1, "evidence_method": "Contract prices before and after the joint contract.",
        "first_year": FinancialYear(2009), "illustrative": True,
    }, years=years, shares={councils[c]: "1/4" for c in TREATED}), reason="Recorded")
    return gain


def delete_impact_rows() -> None:
    """For `riep demo --reset`: analyses and panels go before the projects, gains and jobs they point to."""

    ImpactAnalysis.objects.all().delete()
    IndicatorPanel.objects.all().delete()
